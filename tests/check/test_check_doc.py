"""docs/check.md documents every `graphdoc check` code once, with the registry's name and
severity, and names every lint rule the check leaves out."""

from __future__ import annotations

import re
from pathlib import Path

from graphdoc.check.gate import MODEL_RULES
from graphdoc.diagnostics import BY_CODE, CHECK, COMPARE, LINT

DOC = Path(__file__).resolve().parents[2] / "docs" / "check.md"


def test_every_code_has_a_row_and_a_section() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert re.findall(r"^### (GDK\d{3}) (\S+)$", text, re.MULTILINE) == [
        (entry.code, entry.name) for entry in CHECK
    ]
    for entry in CHECK:
        row = f"| [{entry.code}](#{entry.code.lower()}) | {entry.name} | {entry.severity} |"
        assert row in text


def test_codes_are_unique_across_the_registry() -> None:
    codes = [entry.code for entry in (*CHECK, *LINT, *COMPARE)]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"GDK\d{3}", entry.code) for entry in CHECK)
    reader = set(BY_CODE) - {entry.code for entry in LINT}
    assert not set(codes) & reader


def test_the_rules_left_out_are_the_ones_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Which lint rules count", 1)[1].split("\n## ", 1)[0]
    left_out = section.split("Left out", 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(r"GDL\d{3}", left_out))
    assert named == {rule.code for rule in LINT} - MODEL_RULES
    assert "GDL101" in MODEL_RULES
