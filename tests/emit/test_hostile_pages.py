"""Pages whose every name, description, path, parameter, enum member and example value tries
to break out of generated code (tests/emit/fixtures/hostile: `breakout.md`,
`breakoutkind.md`, `api/get-breakout.md`, `api/reset-breakout.md`): quotes of all kinds,
backslashes and `\\x`, newlines, U+2028/U+2029, NUL, Jinja `{{ }}` `{% %}` `{# #}`, f-string
braces and a `\"\"\";import ...` payload. The output compiles, passes the AST gate, imports
without importing anything the templates do not, and its generated tests run and pass.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from graphdoc.emit.gate import check_files
from graphdoc.emit.generate import GenerateOptions, GenerateResult, generate

from tests.emit.support import ROOT, imported

FIXTURE = Path(__file__).parent / "fixtures" / "hostile"
SPECS = ROOT / "specs"
PACKAGE = "graph"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GenerateResult:
    out = tmp_path_factory.mktemp("breakout")
    return generate(GenerateOptions(paths=(FIXTURE,), output=out, use_cache=False, workers=1))


@pytest.fixture(scope="module")
def package(generated: GenerateResult) -> Iterator[ModuleType]:
    with imported(generated.root.parent, generated.package) as module:
        yield module


def _run_tests(tests: Path, specs: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", str(tests)],
        cwd=tests.parent.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "GRAPHDOC_SPECS": str(specs), "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=300,
        check=False,
    )


def test_every_module_compiles_and_passes_the_gate(generated: GenerateResult) -> None:
    modules = {name: text for name, text in generated.files.items() if name.endswith(".py")}
    assert "paths/x_import_ssl_ssl_create_default_context_ssl_create_unverified_context.py" in (
        modules
    )
    assert "models/breakout.py" in modules and "models/breakout_kind.py" in modules
    for name, text in modules.items():
        compile(text, name, "exec")
    check_files(
        {n: t for n, t in modules.items() if not t.startswith("# Copied by graphdoc")},
        package=PACKAGE,
    )
    for name, text in modules.items():
        if not name.startswith("tests/"):
            tree = ast.parse(text)
            names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            assert not names & {"os", "ssl", "subprocess", "sys"}, name


def test_the_package_imports_and_keeps_every_hostile_value(package: ModuleType) -> None:
    import importlib

    breakout = importlib.import_module(f"{PACKAGE}.models.breakout").Breakout
    kind = importlib.import_module(f"{PACKAGE}.models.breakout_kind").BreakoutKind
    values = [member.value for member in kind]
    assert 'q"""uote' in values and "back\\slash" in values and "{{ 7*7 }}" in values
    assert '""";import os;"""' in values and "line sep" in values  # the reader: U+2028 → space
    body = {
        'a"""b': '"""',
        "c\\d": "\\x41",
        "{{ e }}": "{{ 7*7 }}",
        "g{h}": "f'{y}'",
        "k'l": "nul\x00byte",
        "kind": "f{x}",
    }
    item = breakout.from_dict(body)
    assert item.to_dict() == body
    client = importlib.import_module(f"{PACKAGE}.client").GraphClient(lambda: "token")
    step = client.x_import_ssl_ssl_create_default_context_ssl_create_unverified_context
    payload = '""";import ssl;ssl.create_default_context=ssl._create_unverified_context;"""'
    assert step.url_path == f"/x{payload}"
    assert step.by_id("1").get.__doc__ == client.breakouts.by_id("1").get.__doc__


@pytest.mark.slow
def test_the_generated_tests_run_and_pass(generated: GenerateResult) -> None:
    result = _run_tests(generated.root / "tests", FIXTURE)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout


@pytest.mark.slow
def test_an_example_named_with_a_line_separator_is_replayed_safely(tmp_path: Path) -> None:
    """U+2028 in an example's name used to reach the `X-Graphdoc-Example` header, which
    httpx refuses: the generated test failed with a UnicodeEncodeError."""
    pages = tmp_path / "specs"
    shutil.copytree(SPECS, pages)
    page = pages / "api" / "get-contact.md"
    text = page.read_text(encoding="utf-8")
    assert '"name": "get_contact"' in text
    page.write_text(text.replace('"name": "get_contact"', '"name": "get\u2028contact"'))
    result = generate(
        GenerateOptions(paths=(pages,), output=tmp_path / "out", package=PACKAGE, workers=1)
    )
    run = _run_tests(result.root / "tests", pages)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "5 passed" in run.stdout
