"""Every difference `graphdoc compare` reports, with its stable code. Codes are never reused.

GDC1xx types, GDC2xx properties, GDC3xx base types, GDC4xx enum members: the hundreds
digit gives the `kind` of the JSON output. Statements the service contradicts are errors;
what the docs leave out is a warning. `docs/compare.md` documents each code; a test keeps
that page and this table in step. The entries are `graphdoc.diagnostics.Code`s, ready to
join that registry, and lint's writers (SARIF) take them as they are.
"""

from __future__ import annotations

from typing import Literal

from ..diagnostics import Code

DifferenceKind = Literal["type", "property", "base", "member"]

RULES: tuple[Code, ...] = (
    Code("GDC101", "type-only-in-docs", "error",
         "a type the docs define that the service schema does not have"),
    Code("GDC102", "type-only-in-metadata", "warning",
         "a type of the service schema that no page documents"),
    Code("GDC103", "type-kind-differs", "error",
         "entity, complex type or enum: the docs say one, the service schema another"),
    Code("GDC104", "type-name-case", "error",
         "a type name spelt with other letter case than in the service schema"),
    Code("GDC201", "property-missing", "warning",
         "a property of the service schema that the type's pages do not document"),
    Code("GDC202", "property-extra", "error",
         "a documented property that neither the type nor its bases have in the service schema"),
    Code("GDC203", "property-type-differs", "error",
         "a property documented with another type than the service schema's"),
    Code("GDC204", "property-collection-differs", "error",
         "a property documented as a collection where the service has one value, or the reverse"),
    Code("GDC205", "property-name-case", "error",
         "a property name spelt with other letter case than in the service schema"),
    Code("GDC301", "base-differs", "error",
         "a type documented with another base type (or none) than the service schema's"),
    Code("GDC401", "member-missing", "warning",
         "an enum member of the service schema that the docs do not list "
         "(`unknownFutureValue` excepted)"),
    Code("GDC402", "member-extra", "error",
         "a documented enum member that the service schema does not have"),
    Code("GDC403", "member-name-case", "error",
         "an enum member spelt with other letter case than in the service schema"),
)

BY_CODE: dict[str, Code] = {rule.code: rule for rule in RULES}
_KINDS: dict[str, DifferenceKind] = {"1": "type", "2": "property", "3": "base", "4": "member"}


def kind_of(code: str) -> DifferenceKind:
    """The JSON `kind` of a code: its hundreds digit."""
    return _KINDS[code[3]]
