"""Every difference `graphdoc compare` reports, with its stable code. Codes are never reused.

GDC1xx types, GDC2xx properties, GDC3xx base types, GDC4xx enum members: the hundreds
digit gives the `kind` of the JSON output. Statements the service contradicts are errors;
what the docs leave out is a warning. `docs/compare.md` documents each code; a test keeps
that page and this table in step. The entries use lint's `Rule` so lint's writers (SARIF)
take them as they are.
"""

from __future__ import annotations

from typing import Literal

from ..lint.registry import Rule

DifferenceKind = Literal["type", "property", "base", "member"]

RULES: tuple[Rule, ...] = (
    Rule("GDC101", "type-only-in-docs", "error",
         "a type the docs define that the service schema does not have"),
    Rule("GDC102", "type-only-in-metadata", "warning",
         "a type of the service schema that no page documents"),
    Rule("GDC103", "type-kind-differs", "error",
         "entity, complex type or enum: the docs say one, the service schema another"),
    Rule("GDC104", "type-name-case", "error",
         "a type name spelt with other letter case than in the service schema"),
    Rule("GDC201", "property-missing", "warning",
         "a property of the service schema that the type's pages do not document"),
    Rule("GDC202", "property-extra", "error",
         "a documented property that neither the type nor its bases have in the service schema"),
    Rule("GDC203", "property-type-differs", "error",
         "a property documented with another type than the service schema's"),
    Rule("GDC204", "property-collection-differs", "error",
         "a property documented as a collection where the service has one value, or the reverse"),
    Rule("GDC205", "property-name-case", "error",
         "a property name spelt with other letter case than in the service schema"),
    Rule("GDC301", "base-differs", "error",
         "a type documented with another base type (or none) than the service schema's"),
    Rule("GDC401", "member-missing", "warning",
         "an enum member of the service schema that the docs do not list "
         "(`unknownFutureValue` excepted)"),
    Rule("GDC402", "member-extra", "error",
         "a documented enum member that the service schema does not have"),
    Rule("GDC403", "member-name-case", "error",
         "an enum member spelt with other letter case than in the service schema"),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
_KINDS: dict[str, DifferenceKind] = {"1": "type", "2": "property", "3": "base", "4": "member"}


def kind_of(code: str) -> DifferenceKind:
    """The JSON `kind` of a code: its hundreds digit."""
    return _KINDS[code[3]]
