"""`graphdoc parse --format json` prints the model in the contract, checked by its JSON Schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from graphdoc.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = json.loads((ROOT / "generator" / "schemas" / "model.schema.json").read_text())
CORPUS_V1 = ROOT.parent / "shared" / "corpus" / "graph-docs-2021-07" / "api-reference" / "v1.0"


def _parse_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["parse", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_specs_model_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    model = _parse_json([str(ROOT / "specs")], capsys)
    jsonschema.Draft202012Validator(CONTRACT).validate(model)
    assert model["graphdoc_model"] == 1
    assert {page["path"] for page in model["pages"]} >= {
        "api/create-contact.md",
        "resources/contact.md",
    }


def test_specs_have_no_error_and_no_unresolved_reference(
    capsys: pytest.CaptureFixture[str],
) -> None:
    model = _parse_json([str(ROOT / "specs")], capsys)
    bad = [
        d for d in model["diagnostics"] if d["severity"] == "error" or d["code"] == "GD410"
    ]
    assert bad == []


def test_contract_schema_rejects_a_broken_model() -> None:
    broken = {"graphdoc_model": 1, "pages": [], "types": [{"name": "contact"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(CONTRACT).validate(broken)


@pytest.mark.skipif(not CORPUS_V1.is_dir(), reason=f"corpus not found at {CORPUS_V1}")
@pytest.mark.parametrize("version", ["v1.0", "beta"])
def test_corpus_model_follows_the_contract(
    version: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # beta holds the irregular pages: operations whose only request line is a converter's
    # placeholder (GD253) have no path at all.
    tree = CORPUS_V1.parent / version
    model = _parse_json([str(tree / "resources"), str(tree / "api")], capsys)
    jsonschema.Draft202012Validator(CONTRACT).validate(model)
    assert len(model["pages"]) > 3000
    assert all(not page["path"].startswith("/") for page in model["pages"])
    if version == "beta":
        assert any(not operation["paths"] for operation in model["operations"])


def test_console_entry_point_runs_as_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "graphdoc", "parse", str(ROOT / "specs")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "15 pages" in result.stdout


def test_missing_path_is_a_diagnostic_not_a_crash(capsys: pytest.CaptureFixture[str]) -> None:
    """In the model a diagnostic; the command refuses it (tests/cli/test_missing_paths.py)."""
    from graphdoc.model.build import build_model

    model = build_model([ROOT / "no-such-folder"])
    assert [d.code for d in model.diagnostics] == ["GD003"]
    assert main(["parse", str(ROOT / "no-such-folder"), "--format", "json"]) == 2
    assert capsys.readouterr().out == ""


def test_json_is_the_contract_document_one_record_per_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Only whitespace differs from an indented dump: each page, type, operation and
    diagnostic is one line, encoded by json's C encoder (indentation forces the slow one)."""
    from graphdoc.model.build import build_model
    from graphdoc.model.serialize import to_json

    assert main(["parse", str(ROOT / "specs"), "--format", "json"]) == 0
    out = capsys.readouterr().out
    document = to_json(build_model([ROOT / "specs"]))
    assert json.loads(out) == document
    compact = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    assert json.dumps(json.loads(out), ensure_ascii=False, separators=(",", ":")) == compact
    lists = [document[key] for key in ("pages", "types", "operations", "diagnostics")]
    lines = out.splitlines()
    # braces and the version line; per list its records, `"key": [` and `]` (or `"key": []`)
    assert len(lines) == 3 + sum(len(items) + 2 if items else 1 for items in lists)
    assert all(line.startswith("{") for line in lines[3 : 3 + len(document["pages"])])


def _program(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graphdoc", "parse", *args],
        capture_output=True, text=True, check=False,
    )


def test_the_program_prints_what_main_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """The program ends `parse` without freeing its model (`cli.leave`): all output still
    reaches the pipe."""
    assert main(["parse", str(ROOT / "specs"), "--format", "json"]) == 0
    result = _program("--format", "json", str(ROOT / "specs"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == capsys.readouterr().out


def test_the_program_exits_with_the_commands_code(tmp_path: Path) -> None:
    (tmp_path / "latin1.md").write_bytes(b"# Caf\xe9\n")
    result = _program("--strict", "--format", "json", str(tmp_path))
    assert result.returncode == 1
    assert '"code": "GD002"' in result.stdout
    assert _program("--format", "json", str(tmp_path)).returncode == 0


def test_json_text_is_the_same_without_the_c_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """`write_json` drives json's C encoder directly; a Python without it gets the same text
    from the ordinary encoder."""
    import io
    from json import encoder

    from graphdoc.model.build import build_model
    from graphdoc.model.serialize import write_json

    model = build_model([ROOT / "specs"])
    fast = io.StringIO()
    write_json(model, fast)
    monkeypatch.setattr(encoder, "c_make_encoder", None)
    plain = io.StringIO()
    write_json(model, plain)
    assert fast.getvalue() == plain.getvalue()
    assert json.loads(fast.getvalue())["graphdoc_model"] == 1
