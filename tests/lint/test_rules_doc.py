"""docs/rules.md documents every rule with a failing and a passing snippet; both behave."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphdoc.lint.config import LintConfig
from graphdoc.lint.registry import RULES
from graphdoc.lint.runner import lint

from tests.lint.conftest import ROOT

DOC = ROOT / "docs" / "rules.md"
_SECTION = re.compile(r"^### (GDL\d{3}) (\S+)\n(.*?)(?=^### GDL|\Z)", re.MULTILINE | re.DOTALL)
_SNIPPET = re.compile(
    r"^(Failing|Passing)[^\n]*:\n\n````markdown path=(\S+)(?: encoding=(\S+))?\n(.*?)\n````$",
    re.MULTILINE | re.DOTALL,
)


# (Failing or Passing, path, encoding the page is saved in, text)
Snippet = tuple[str, str, str, str]


def _sections() -> dict[str, tuple[str, list[Snippet]]]:
    text = DOC.read_text(encoding="utf-8")
    found = {}
    for match in _SECTION.finditer(text):
        snippets = [
            (m.group(1), m.group(2), m.group(3) or "utf-8", m.group(4))
            for m in _SNIPPET.finditer(match.group(3))
        ]
        found[match.group(1)] = (match.group(2), snippets)
    return found


SECTIONS = _sections()


def test_every_rule_is_documented_once_with_both_snippets() -> None:
    assert sorted(SECTIONS) == sorted(rule.code for rule in RULES)
    for rule in RULES:
        name, snippets = SECTIONS[rule.code]
        assert name == rule.name
        assert [kind for kind, _, _, _ in snippets] == ["Failing", "Passing"], rule.code
        assert f"| [{rule.code}](#" in DOC.read_text(encoding="utf-8")


def _codes(tree: Path, path: str, encoding: str, text: str) -> set[str]:
    page = tree / path
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text + "\n", encoding=encoding)
    result = lint([page], LintConfig(cache_dir=None), use_cache=False)
    return {finding.code for finding in result.findings}


@pytest.mark.parametrize("code", sorted(SECTIONS))
def test_failing_snippet_raises_the_rule_and_passing_does_not(code: str, tree: Path) -> None:
    _, snippets = SECTIONS[code]
    (_, failing_path, failing_encoding, failing), (_, passing_path, passing_encoding, passing) = (
        snippets
    )
    failing_codes = _codes(tree, failing_path, failing_encoding, failing)
    assert code in failing_codes, f"{code} failing snippet is clean"
    assert code not in _codes(tree, passing_path, passing_encoding, passing), (
        f"{code} passing snippet fails"
    )
