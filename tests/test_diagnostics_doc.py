"""One registry for every diagnostic code, documented in docs/ and raised as registered."""

from __future__ import annotations

import re
from pathlib import Path

from graphdoc.diagnostics import BY_CODE, LINT, READER
from graphdoc.model.build import build_model

ROOT = Path(__file__).resolve().parents[1]
_SECTION = re.compile(r"^### (GDL?\d{3}) (\S+)\n\nSeverity: (\w+)\.\n\n\S", re.MULTILINE)
_ROW = re.compile(r"^\| \[(GDL?\d{3})\]\(#[^)]+\) \| (\S+) \| (\w+) \|", re.MULTILINE)
_LITERAL_CODE = re.compile(r"[\"']GDL?\d{3}[\"']")


def test_every_reader_code_is_documented_once_with_its_name_and_severity() -> None:
    text = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    sections = _SECTION.findall(text)
    rows = _ROW.findall(text)
    expected = [(code.code, code.name, code.severity) for code in READER]
    assert sections == expected
    assert rows == expected


def test_rules_table_gives_every_lint_rule_its_registered_severity() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert _ROW.findall(text) == [(rule.code, rule.name, rule.severity) for rule in LINT]


def test_codes_are_unique_and_in_their_family() -> None:
    codes = [code.code for code in (*READER, *LINT)]
    assert len(codes) == len(set(codes)) == len(BY_CODE)
    assert all(re.fullmatch(r"GD\d{3}", code.code) for code in READER)
    assert all(re.fullmatch(r"GDL\d{3}", code.code) for code in LINT)
    names = [code.name for code in LINT]
    assert len(names) == len(set(names))


def test_no_code_is_spelled_as_a_literal_outside_the_registry() -> None:
    package = ROOT / "generator"
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "diagnostics.py"
        for match in _LITERAL_CODE.finditer(path.read_text(encoding="utf-8"))
        if not match.group(0).strip("\"'").startswith("GDL")
    ]
    assert offenders == []


_NASTY_PAGE = """---
title: "Get widget"
doc_type: apiPageType
bogus line
---
# Get widget

Namespace: microsoft.graph.

<!-- { "blockType": "reqeust", } -->
```http
GET
```

<!-- { "blockType": "response" } -->
```http
not a status line
```

| Property | Type | Description |
|:--|:--|:--|
| odd name | | x |
"""


def test_the_reader_raises_registered_codes_with_their_severity(tmp_path: Path) -> None:
    page = tmp_path / "api" / "widget-get.md"
    page.parent.mkdir()
    page.write_text(_NASTY_PAGE, encoding="utf-8")
    model = build_model([tmp_path])
    raised = {diagnostic.code for diagnostic in model.diagnostics}
    assert len(raised) >= 5, raised
    for diagnostic in model.diagnostics:
        assert diagnostic.severity == BY_CODE[diagnostic.code].severity, diagnostic
