"""A table's role, from the headings it sits under and from what its columns hold.

Graph's resource pages carry many kinds of table under `## Properties`: the member table
itself, and beside it value lists ("sortBy options", `|Value|#|Description|`), "Derived
types", "Instance attributes" (`@microsoft.graph.conflictBehavior`), limits tables, and the
JSON fields of a string property ("Properties of a token lifetime policy definition").
Only a member table makes properties, so a table is one only when three things agree:

* it sits in a Properties or Relationships section (or a subsection of one);
* its columns name members and give their types (a name column and a `Type` column);
* its own heading, when it has one below the section, does not say it lists something else:
  instance annotations, derived types, the values of one property, or the properties of
  another object.

Every other table keeps a role that says what it is, and its rows stay in the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Protocol

from ..model.types import PageKind
from .tables import ParsedTable

MEMBER_ROLES = ("properties", "relationships")

# Columns that name the member a row describes, and the column that gives its type.
_NAME_COLUMNS = frozenset(
    {"property", "property name", "name", "relationship", "relationship name", "properties"}
)
_TYPE_COLUMNS = frozenset({"type", "data type", "property type"})
# Heading words of a section that defines members, at any depth.
_MEMBER_SECTIONS = ("properties", "relationships", "common properties")
# Headings that say what a non-member table holds.
_INSTANCE = re.compile(r"\binstance (attributes?|annotations?)\b")
_DERIVED = re.compile(r"\bderived types?\b")
# "sortBy options", "ageGroup property", "legalAgeGroupClassification values": one
# property's values. "Properties of a token lifetime policy definition", "Example: ...":
# members of another object, or a sample.
_VALUES_OF = re.compile(
    r"^(?P<subject>.+?)\s+(options|values?|property|property values|constants)$"
)
_OTHER_OBJECT = re.compile(r"^(properties|members|fields) of (an? |the )?(?P<subject>.+)$")
_EXAMPLE = re.compile(r"^examples?\b")
# A first column that holds values rather than member names: `Value`, `Pre-set constant`,
# `Member`, `resourceBehaviorOptions`, `Type property`.
_VALUE_COLUMN = re.compile(r"(value|values|constant|constants|member|options?|property)$")


def compact(text: str) -> str:
    """Heading words as one identifier-like key: `legal age group` → `legalagegroup`."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def member_columns(table: ParsedTable) -> bool:
    """The columns name members and give their types."""
    columns = table.columns
    return bool(columns) and columns[0] in _NAME_COLUMNS and bool(_TYPE_COLUMNS & set(columns))


def values_subject(heading: str) -> str | None:
    """What a value-list heading describes (`sortby options` → `sortby`), compacted."""
    match = _VALUES_OF.match(heading.strip())
    return compact(match.group("subject")) if match else None


def member_section_role(
    table: ParsedTable, section: str, heading: str, base_role: str, title: str
) -> str:
    """Refine a table found in a Properties or Relationships section (`base_role`)."""
    subheading = heading if heading != section else ""
    for words in (subheading, section):
        if _INSTANCE.search(words):
            return "instance_annotations"
        if _DERIVED.search(words):
            return "derived_types"
    if subheading:
        other = _OTHER_OBJECT.match(subheading)
        if other and compact(other.group("subject")) not in compact(title):
            return "other"
        if _EXAMPLE.match(subheading):
            return "other"
        if values_subject(subheading) is not None and not member_columns(table):
            return "values"
    if member_columns(table):
        return base_role
    first = table.columns[0] if table.columns else ""
    if first not in _NAME_COLUMNS and _VALUE_COLUMN.search(first):
        return "values"
    return "other"


def in_member_section(section: str, heading: str) -> bool:
    return section in _MEMBER_SECTIONS or heading in ("properties", "relationships")


def classify_table(
    table: ParsedTable, section: str, heading: str, kind: PageKind, title: str = ""
) -> str:
    """A table's role from its section and heading text plus its header."""
    first = table.columns[0] if table.columns else ""
    joined = "|".join(table.columns)
    if first.startswith("permission type") or section in ("permissions", "prerequisites"):
        return "permissions"
    if heading.endswith(" values") or heading.endswith(" value") or section == "members":
        return "enum"
    if _INSTANCE.search(section) or _INSTANCE.search(heading):
        return "instance_annotations"
    if _DERIVED.search(heading):
        return "derived_types"
    if "header" in heading:
        return "headers"
    if "query parameter" in heading or "query string" in heading:
        return "query"
    if "path parameter" in heading:
        return "path"
    if "function parameter" in heading or heading == "parameters":
        return "function"
    if section == "request body" or heading == "request body":
        return "body"
    if section == "methods" or (first in ("method", "function") and "return type" in joined):
        return "methods"
    if section == "relationships" or heading == "relationships":
        return member_section_role(table, section, heading, "relationships", title)
    if in_member_section(section, heading):
        return member_section_role(table, section, heading, "properties", title)
    if section.startswith("response") or "error" in section:
        return "errors"
    if kind == "enum" and first in ("member", "value", "name"):
        return "enum"
    return "other"


class _Classified(Protocol):
    kind: str
    table: ParsedTable
    section: str
    heading: str


# Roles of tables that list no members: in a member section, and anywhere on the page.
_NOT_MEMBERS = ("values", "other")
_NEVER_MEMBERS = ("derived_types", "instance_annotations")


def non_member_names(tables: Iterable[_Classified], clean: Callable[[str], str]) -> set[str]:
    """First-column names of a page's tables that list no members (derived types, instance
    annotations; value lists and limits under Properties or Relationships), less the names
    its member tables also list: what must never become a member of the page's type.

    The reader places these rows elsewhere by role; this is the independent measure the
    fidelity bench counts and the generated-package test checks."""
    found: set[str] = set()
    members: set[str] = set()
    for table in tables:
        names = {clean(row.cells[0]) for row in table.table.rows if row.cells}
        if table.kind in MEMBER_ROLES:
            members |= names
        elif table.kind in _NEVER_MEMBERS or (
            table.kind in _NOT_MEMBERS and in_member_section(table.section, table.heading)
        ):
            found |= names
    return found - members - {""}
