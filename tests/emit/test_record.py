"""The generation record: `generate --check` renders nothing when it vouches for the package,
and anything that makes the package differ (a page, a hand edit, a stale file) is still caught.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphdoc.emit.generate import GenerateOptions, generate
from graphdoc.emit.record import RECORD_PATH, model_fingerprint, record_text
from graphdoc.model import parallel
from graphdoc.model.build import build_model
from graphdoc.write.files import MANIFEST_NAME

SPECS = Path(__file__).resolve().parents[2] / "specs"
PACKAGE = "graph_beta"


def _options(specs: Path, output: Path) -> GenerateOptions:
    # No cache: what a fresh clone has; the record alone must answer.
    return GenerateOptions(paths=(specs,), output=output, format=False, use_cache=False)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """specs/ and the package generated from it, once: copied by each test."""
    folder = tmp_path_factory.mktemp("generated")
    shutil.copytree(SPECS, folder / "specs")
    generate(_options(folder / "specs", folder / "out"))
    return folder


@pytest.fixture
def clone(generated: Path, tmp_path: Path) -> Path:
    shutil.copytree(generated, tmp_path, dirs_exist_ok=True)
    return tmp_path


def _check(clone: Path) -> Any:
    return generate(_options(clone / "specs", clone / "out"), check=True)


def test_record_lists_every_file_with_its_hash(clone: Path) -> None:
    package = clone / "out" / PACKAGE
    record = json.loads((package / RECORD_PATH).read_text(encoding="utf-8"))
    listed = set(record["files"])
    manifest = {
        line
        for line in (package / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    assert manifest == listed | {RECORD_PATH}
    assert "models/contact.py" in listed and RECORD_PATH not in listed
    assert record["model"] == model_fingerprint(build_model([clone / "specs"]))
    assert set(record) >= {"graphdoc", "fingerprint", "model", "generator", "files"}


def test_nothing_changed_renders_nothing(clone: Path) -> None:
    result = _check(clone)
    assert result.stats.vouched and result.diff == "" and result.files == {}
    assert result.stats.render_seconds == 0.0 and result.stats.files > 60


def test_a_hand_edited_file_is_caught(clone: Path) -> None:
    model = clone / "out" / PACKAGE / "models" / "contact.py"
    model.write_text(model.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = _check(clone)
    assert not result.stats.vouched
    assert "+++ b/graph_beta/models/contact.py" in result.diff and "-# edited" in result.diff


def test_a_page_change_is_caught(clone: Path) -> None:
    page = clone / "specs" / "resources" / "contact.md"
    text = page.read_text(encoding="utf-8")
    assert "|displayName|String|" in text
    page.write_text(text.replace("|displayName|String|", "|displayName|Int32|"), "utf-8")
    result = _check(clone)
    assert not result.stats.vouched
    assert "+++ b/graph_beta/models/contact.py" in result.diff


def test_a_stale_file_the_manifest_lists_is_caught(clone: Path) -> None:
    package = clone / "out" / PACKAGE
    (package / "models" / "gone.py").write_text("x = 1\n", encoding="utf-8")
    with (package / MANIFEST_NAME).open("a", encoding="utf-8") as manifest:
        manifest.write("models/gone.py\n")
    result = _check(clone)
    assert not result.stats.vouched
    assert "--- a/graph_beta/models/gone.py" in result.diff


@pytest.mark.parametrize("damage", ["missing", "outdated", "garbage"])
def test_a_bad_record_costs_a_render_never_a_failure(clone: Path, damage: str) -> None:
    record = clone / "out" / PACKAGE / RECORD_PATH
    if damage == "missing":
        record.unlink()
    elif damage == "outdated":
        data = json.loads(record.read_text(encoding="utf-8"))
        data["fingerprint"] = "0" * 64
        record.write_text(json.dumps(data), encoding="utf-8")
    else:
        record.write_bytes(b"\xff not json")
    result = _check(clone)
    assert not result.stats.vouched and result.stats.render_seconds > 0
    assert result.diff == "" and result.record_outdated
    generate(_options(clone / "specs", clone / "out"))  # refreshes the record
    assert _check(clone).stats.vouched


def test_the_fingerprint_follows_the_model_not_the_bytes(tmp_path: Path) -> None:
    shutil.copytree(SPECS, tmp_path / "specs")
    before = model_fingerprint(build_model([tmp_path / "specs"]))
    page = tmp_path / "specs" / "resources" / "contact.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n", "\r\n"), encoding="utf-8")  # the same page to the reader
    assert model_fingerprint(build_model([tmp_path / "specs"])) == before
    page.write_text(text.replace("The contact's display name.", "The name shown."), "utf-8")
    assert model_fingerprint(build_model([tmp_path / "specs"])) != before


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)
def test_a_forked_read_fingerprints_like_one_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI and a workstation read in parallel or not by their cores and load: one fingerprint."""
    monkeypatch.setattr(parallel, "MIN_PAGES", 10_000)
    in_process = model_fingerprint(build_model([SPECS]))
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "idle_cores", lambda: 2.0)
    monkeypatch.setattr(parallel, "CHUNKS_PER_WORKER", 8)
    assert parallel.worth_it(15)
    assert model_fingerprint(build_model([SPECS])) == in_process


def _dataclass_objects(value: Any, seen: set[type]) -> Iterator[Any]:
    """The first object of each dataclass reachable from `value`."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if type(value) not in seen:
            seen.add(type(value))
            yield value
        for field in dataclasses.fields(value):
            if field.repr:
                yield from _dataclass_objects(getattr(value, field.name), seen)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _dataclass_objects(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _dataclass_objects(item, seen)


def test_every_field_of_the_model_is_in_the_fingerprint() -> None:
    """The fingerprint hashes `repr`: every field must show there, except the two derived
    ones; a field added with `repr=False` (or a hand-written `__repr__`) fails here."""
    model = build_model([SPECS])
    derived = {("ApiModel", "graph"), ("HttpRequest", "body_json"), ("HttpResponse", "body_json")}
    objects = list(_dataclass_objects(model, set()))
    assert {type(o).__name__ for o in objects} >= {"Property", "Operation", "Example", "Named"}
    for obj in objects:
        shown = repr(obj)
        for field in dataclasses.fields(obj):
            if (type(obj).__name__, field.name) in derived:
                continue
            assert field.repr and f"{field.name}=" in shown, (type(obj).__name__, field.name)


@pytest.mark.parametrize(
    "paths",
    [
        [],
        ["a.py"],
        ["models/b.py", 'we"ird\\name\n.py', "caf\u00e9.json", "\ud800.py", RECORD_PATH],
    ],
)
def test_the_record_is_the_json_of_its_document(paths: list[str]) -> None:
    """Written line by line, the record reads exactly as `json.dumps` of its document."""
    digests = {path: bytes([number]) * 32 for number, path in enumerate(paths)}
    text = record_text(digests, "m" * 64, "g" * 64)
    document = json.loads(text)
    assert document["files"] == {p: d.hex() for p, d in digests.items() if p != RECORD_PATH}
    assert text == json.dumps(document, indent=1, sort_keys=True) + "\n"
