"""Lint's rules (the GDL entries of `graphdoc.diagnostics`) and how a selection names them.

`docs/rules.md` documents each rule with a failing and a passing snippet; a test keeps that
page and the registry in step.
"""

from __future__ import annotations

from ..diagnostics import LINT, Code

RULES: tuple[Code, ...] = LINT

BY_CODE: dict[str, Code] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Code] = {rule.name: rule for rule in RULES}


def lookup(token: str) -> Code | None:
    """A rule by code (`GDL101`, any case) or by name (`placeholder-text`)."""
    return BY_CODE.get(token.strip().upper()) or BY_NAME.get(token.strip().lower())


def expand(tokens: list[str]) -> tuple[set[str], list[str]]:
    """Codes selected by codes, code prefixes (`GDL1`, `ALL`) or names; and unknown tokens."""
    codes: set[str] = set()
    unknown: list[str] = []
    for raw in tokens:
        token = raw.strip()
        if not token:
            continue
        rule = lookup(token)
        if rule is not None:
            codes.add(rule.code)
            continue
        upper = token.upper()
        if upper == "ALL":
            codes.update(BY_CODE)
            continue
        matched = {code for code in BY_CODE if code.startswith(upper)} if upper.startswith(
            "GDL"
        ) else set()
        if matched:
            codes.update(matched)
        else:
            unknown.append(token)
    return codes, unknown
