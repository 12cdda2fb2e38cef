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
def test_corpus_model_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    model = _parse_json([str(CORPUS_V1 / "resources"), str(CORPUS_V1 / "api")], capsys)
    jsonschema.Draft202012Validator(CONTRACT).validate(model)
    assert len(model["pages"]) > 3000
    assert all(not page["path"].startswith("/") for page in model["pages"])


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
