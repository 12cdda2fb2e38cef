"""Every difference `graphdoc compare` reports, with its stable code. Codes are never reused.

GDC1xx types, GDC2xx properties, GDC3xx base types, GDC4xx enum members: the hundreds
digit gives the `kind` of the JSON output. Statements the service contradicts are errors;
what the docs leave out is a warning. `docs/compare.md` documents each code; a test keeps
that page and the table in step. The codes live in the one registry
(`graphdoc.diagnostics.COMPARE`); lint's writers (SARIF) take them as they are.
"""

from __future__ import annotations

from typing import Literal

from ..diagnostics import COMPARE, Code

DifferenceKind = Literal["type", "property", "base", "member"]

RULES: tuple[Code, ...] = COMPARE

BY_CODE: dict[str, Code] = {rule.code: rule for rule in RULES}
_KINDS: dict[str, DifferenceKind] = {"1": "type", "2": "property", "3": "base", "4": "member"}


def kind_of(code: str) -> DifferenceKind:
    """The JSON `kind` of a code: its hundreds digit."""
    return _KINDS[code[3]]
