"""The whole 2021 corpus, v1.0 and beta: generation succeeds, every module imports, the v1.0
package passes `mypy --strict` and ruff, and documented response bodies round-trip.

Generated without black (`format=False`): black only lays out what the templates write
(the AST is the same before and after, asserted on specs/), and black over a whole version
costs minutes of CPU; `test_formatted_fingerprint.py` formats v1.0 once.
The figures are printed (`pytest -s` or `-rA` shows them).
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from graphdoc.emit.build import build_files
from graphdoc.emit.generate import package_name
from graphdoc.model.build import build_model
from graphdoc.model.graph import graph_of
from graphdoc.model.rows import clean_name
from graphdoc.read.page import read_page
from graphdoc.read.roles import non_member_names

from tests.emit.fingerprints.record import fingerprint, load_fingerprint
from tests.emit.support import (
    CORPUS,
    imported,
    mypy_strict,
    response_round_trips,
    write_files,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}"),
]


@dataclass(slots=True)
class Generated:
    model: Any
    package: str
    folder: Path  # holds the package folder
    files: dict[str, str]


def _generate(version: str, folder: Path) -> Generated:
    model = build_model([CORPUS / version])
    package = package_name(model, [CORPUS / version])
    files, _ = build_files(model, package, format=False)
    write_files(folder / package, files)
    return Generated(model, package, folder, files)


@pytest.fixture(scope="module", params=["v1.0", "beta"])
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Generated]:
    version = request.param
    generated = _generate(version, tmp_path_factory.mktemp(version.replace(".", "_")))
    with imported(generated.folder, generated.package):
        yield generated


def test_every_module_imports(corpus: Generated) -> None:
    registry = importlib.import_module(f"{corpus.package}.models._registry")
    modules = {module for module, _ in registry.MODELS.values()}
    assert len(modules) == len(corpus.model.types) == len(registry.MODELS)
    for module, cls in registry.MODELS.values():
        assert hasattr(importlib.import_module(f"{corpus.package}.models.{module}"), cls)
    package = importlib.import_module(corpus.package)
    assert len(package.__all__) == len(registry.MODELS) + 5  # UNSET, Unset, clients, GraphError
    assert any(name.startswith("schemas/") for name in corpus.files)


def test_output_matches_recorded_fingerprint(corpus: Generated) -> None:
    """Refactors keep the generated output byte for byte: each file's hash is compared with
    the one recorded before (`tests/emit/fingerprints/`). A deliberate change of output
    re-records them (`python tests/emit/fingerprints/record.py`) and says why in its commit."""
    version = "v1.0" if corpus.package == "graph_v1" else "beta"
    recorded = load_fingerprint(version)
    current = fingerprint(corpus.files)
    changed = sorted(
        path for path in recorded.keys() & current.keys() if recorded[path] != current[path]
    )
    assert (
        sorted(recorded.keys() - current.keys()),
        sorted(current.keys() - recorded.keys()),
        changed[:20],
        len(changed),
    ) == ([], [], [], 0)


def test_response_bodies_round_trip(corpus: Generated) -> None:
    report = response_round_trips(corpus.model, corpus.package)
    print(f"\n{corpus.package}: {report.summary()}")
    for kind in ("inconsistent", "mismatch"):
        for line in report.pages.get(kind, []):
            print(f"  {kind}: {line}")
    assert not report.pages.get("mismatch"), report.pages.get("mismatch")
    counts = report.counts
    judged = sum(counts.get(k, 0) for k in ("exact", "equivalent", "placeholder", "inconsistent"))
    assert judged > 900
    assert counts.get("exact", 0) + counts.get("equivalent", 0) >= 0.85 * judged


def test_v1_package_is_mypy_strict(corpus: Generated) -> None:
    """Typing does not depend on layout, so the unformatted output is checked; ruff, which
    does, checks the formatted output (`test_formatted_fingerprint.py`)."""
    if corpus.package != "graph_v1":
        pytest.skip("mypy runs on v1.0 only (beta would double the time)")
    typed = mypy_strict(corpus.folder, corpus.package)
    assert typed.returncode == 0, typed.stdout[-5000:] + typed.stderr


def _wire_names(source: str, cls: str) -> set[str]:
    """The JSON names a generated class writes (`put(d, "name", ...)` in its `to_dict`)."""
    tree = ast.parse(source)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == cls:
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in ("put", "put_list")
                    and len(call.args) > 1
                    and isinstance(call.args[1], ast.Constant)
                ):
                    names.add(str(call.args[1].value))
    return names


def _non_member_names(path: Path) -> set[str]:
    doc = read_page(path.read_text(encoding="utf-8"), path.name)
    return non_member_names(doc.tables, clean_name)


def test_v1_fields_come_from_member_tables_only(corpus: Generated) -> None:
    """No field of a generated class is a row of a value list, limits, derived-types or
    instance-annotation table; the pages that have such tables are listed and checked."""
    if corpus.package != "graph_v1":
        pytest.skip("checked on v1.0")
    registry = importlib.import_module(f"{corpus.package}.models._registry")
    checked: dict[str, set[str]] = {}
    leaked: dict[str, set[str]] = {}
    for type_def in corpus.model.types:
        if type_def.kind == "enum" or type_def.name not in registry.MODELS:
            continue
        names = _non_member_names(CORPUS / "v1.0" / type_def.source.path)
        if not names:
            continue
        module, cls = registry.MODELS[type_def.name]
        fields = _wire_names(corpus.files[f"models/{module}.py"], cls)
        checked[type_def.name] = names
        if names & fields:
            leaked[type_def.name] = names & fields
    # outlookcategory.md: the color presets; subscription.md: limits per resource type;
    # driveitem.md: the `@microsoft.graph.conflictBehavior` instance attributes.
    assert {
        "microsoft.graph.outlookCategory", "microsoft.graph.subscription",
        "microsoft.graph.driveItem",
    } <= checked.keys()
    assert len(checked) >= 15, sorted(checked)
    assert leaked == {}


def test_v1_classes_inherit_as_the_model_says(corpus: Generated) -> None:
    if corpus.package != "graph_v1":
        pytest.skip("checked on v1.0")
    registry = importlib.import_module(f"{corpus.package}.models._registry")
    graph = graph_of(corpus.model)
    classes = {
        name: getattr(importlib.import_module(f"{corpus.package}.models.{module}"), cls)
        for name, (module, cls) in registry.MODELS.items()
    }
    checked = 0
    for type_def in graph:
        base = graph.base(type_def)
        if type_def.kind == "enum" or base is None:
            continue
        assert classes[type_def.name].__mro__[1] is classes[base.name], type_def.name
        checked += 1
    assert checked > 500
