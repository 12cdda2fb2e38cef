"""docs/compare.md documents every compare code once, in the registry's name and severity."""

from __future__ import annotations

import re
from pathlib import Path

from graphdoc.compare.registry import RULES, kind_of

DOC = Path(__file__).resolve().parents[2] / "docs" / "compare.md"


def test_every_code_has_a_row_and_a_section() -> None:
    text = DOC.read_text(encoding="utf-8")
    sections = re.findall(r"^### (GDC\d{3}) (\S+)$", text, re.MULTILINE)
    assert sections == [(rule.code, rule.name) for rule in RULES]
    for rule in RULES:
        row = f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | {rule.severity} | "
        assert f"{row}{kind_of(rule.code)} |" in text
