"""Table rows to model items: properties, parameters, members, permissions.

Column meaning comes from the header (`Property`, `Parameter`, `Name`, `Relationship`,
`Member`; `Type`; `Description`; a `Required` column where one exists), and facts the docs
put in prose (`Read-only.`, `Nullable.`, `Required.`) are read from the description.
Every row becomes an item or a diagnostic that names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import methodcaller

from ..diagnostics import (
    EMPTY_TYPE_CELL,
    ENUM_VALUE_NOT_NUMBER,
    GROUP_ROW,
    GUESSED_TYPE_CELL,
    NAME_NOT_IDENTIFIER,
    NONSTANDARD_PERMISSION,
    NOT_A_MEMBER_ROW,
    ROW_REPAIRED,
    ROW_WITHOUT_NAME,
)
from ..read.page import PageDoc
from ..read.tables import ParsedTable, Row
from ..read.typecell import TypeCell, parse_type_cell
from .types import Member, Parameter, ParameterLocation, Permission, Property, Source

NAME_COLUMNS = (
    "property",
    "property name",
    "name",
    "parameter",
    "parameter name",
    "relationship",
    "relationship name",
    "member",
    "properties",
    "parameters",
    "required parameter",
    "header",
    "query parameter",
)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# A link's text as a function, not the template r"\1" (which Python 3.11 expands at 4x the cost).
_LINK_TEXT = methodcaller("group", 1)
_PLAIN_NAME = re.compile(r"[A-Za-z@$][A-Za-z0-9.@$-]*")
_PAREN_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")
_EMPHASIS = re.compile(r"^(?P<mark>[*_])(?P<inner>[^\s*_][^*]*?)(?P=mark)(?=\s|\(|$)")
_IDENTIFIER = re.compile(r"^[@$A-Za-z_][\w.@$-]*$")
_READ_ONLY = re.compile(r"read[- ]?only", re.IGNORECASE)
_NULLABLE = re.compile(r"\bnullable\b", re.IGNORECASE)
_NOT_NULLABLE = re.compile(r"\b(not nullable|non-nullable|not null|non nullable)\b", re.IGNORECASE)
_REQUIRED = re.compile(r"(^|\.\s+|\*\*)required\b", re.IGNORECASE)
_OPTIONAL = re.compile(r"(^|\.\s+|\*\*)optional\b", re.IGNORECASE)


@dataclass(slots=True)
class Columns:
    name: int
    type: int | None
    description: int | None
    required: int | None
    value: int | None


@dataclass(slots=True)
class PendingType:
    """A Type cell waiting for the whole tree so its reference can be qualified."""

    cell: TypeCell
    path: str
    namespace: str
    line: int


def columns_of(table: ParsedTable) -> Columns:
    names = table.columns

    def find(*options: str) -> int | None:
        for index, column in enumerate(names):
            if column in options:
                return index
        return None

    name = find(*NAME_COLUMNS)
    type_index = find("type")
    description = find("description", "descrition", "remarks", "description and example")
    required = next((i for i, c in enumerate(names) if c.startswith("required")), None)
    value = find("value", "int value")
    if name is None:
        name = 0
    if description is None and len(names) > 1:
        description = len(names) - 1
    if type_index is None and len(names) == 3 and names[1] not in ("value",):
        type_index = 1 if description != 1 else None
    return Columns(name, type_index, description, required, value)


def clean_name(cell: str) -> str:
    """A name cell without its markup: links, bold, code, italics, `(deprecated)` suffixes."""
    if _PLAIN_NAME.fullmatch(cell):
        return cell
    # Each substitution only where it can match: a name cell is read for every row.
    text = _LINK.sub(_LINK_TEXT, cell) if "](" in cell else cell
    text = text.replace("**", "").replace("`", "").replace("&nbsp;", " ").strip()
    if _PLAIN_NAME.fullmatch(text):
        return text  # `**name**`, `[name](page.md)`: nothing more to take off
    # Italic names: `_idOrUserPrincipalName_` (drive-get.md), `*if-match*`.
    if text[:1] in ("*", "_"):
        text = _EMPHASIS.sub(r"\g<inner>", text)
    text = text.replace("\\_", "_")
    if text.endswith(")"):
        text = _PAREN_SUFFIX.sub("", text)
    return " ".join(text.split())


def cell(row: Row, index: int | None) -> str:
    if index is None or index >= len(row.cells):
        return ""
    return row.cells[index]


def _is_yes(text: str) -> bool:
    return text.strip().strip("*").lower() in ("yes", "y", "true", "required")


def row_name(doc: PageDoc, row: Row, columns: Columns, what: str) -> str | None:
    """The cleaned name cell, or None after naming the row in a diagnostic."""
    if row.group:
        doc.diagnose(
            row.line, GROUP_ROW, f"group row `{row.cells[0]}` in a {what} table",
            table_row=True,
        )
        return None
    name = clean_name(cell(row, columns.name))
    if not name:
        doc.diagnose(row.line, ROW_WITHOUT_NAME, f"{what} row has no name", table_row=True)
        return None
    if row.repair:
        doc.diagnose(row.line, ROW_REPAIRED, f"table row read with a repair: {row.repair}")
    if not _IDENTIFIER.match(name):
        doc.diagnose(row.line, NAME_NOT_IDENTIFIER, f"{what} name `{name}` is not an identifier")
    return name


def property_from_row(
    doc: PageDoc,
    row: Row,
    columns: Columns,
    *,
    navigation: bool,
    pending: list[tuple[Property, PendingType]],
) -> Property | None:
    name = row_name(doc, row, columns, "property")
    if name is None:
        return None
    if " " in name:
        # `[List transitive memberOf](../api/...)` in a Relationships table: a method row,
        # not a member; Graph's member names never hold a space.
        doc.diagnose(
            row.line, NOT_A_MEMBER_ROW, f"row `{name}` names no member (a name with spaces)",
            table_row=True,
        )
        return None
    description = cell(row, columns.description)
    type_text = cell(row, columns.type)
    type_cell = parse_type_cell(type_text, doc.scanned.reference_links)
    if not type_text.strip():
        doc.diagnose(
            row.line, EMPTY_TYPE_CELL, f"property `{name}` has an empty Type cell; "
            "typed Edm.Untyped",
        )
        type_cell = TypeCell("Edm.Untyped", False, primitive=True, understood=False)
    elif not type_cell.understood:
        doc.diagnose(row.line, GUESSED_TYPE_CELL, f"Type cell `{type_text}` was guessed at")
    lowered = description.lower()
    required = (
        "required" in lowered
        and _REQUIRED.search(description) is not None
        and not ("optional" in lowered and _OPTIONAL.search(description))
    )
    if columns.required is not None:
        required = _is_yes(cell(row, columns.required))
    nullable: bool | None = None
    if "null" in lowered:
        if _NOT_NULLABLE.search(description):
            nullable = False
        elif _NULLABLE.search(description):
            nullable = True
    prop = Property(
        name=name,
        type=type_cell.name,
        collection=type_cell.collection,
        navigation=navigation,
        nullable=nullable,
        read_only="read" in lowered and _READ_ONLY.search(description) is not None,
        required=required,
        description=description,
        source=Source(doc.path, row.line),
        type_text=type_text,
    )
    if not type_cell.primitive and type_cell.name:
        pending.append((prop, PendingType(type_cell, doc.path, doc.namespace, row.line)))
    return prop


def parameter_from_row(
    doc: PageDoc,
    row: Row,
    columns: Columns,
    location: ParameterLocation,
    pending: list[tuple[Parameter, PendingType]],
) -> Parameter | None:
    name = row_name(doc, row, columns, "parameter")
    if name is None:
        return None
    description = cell(row, columns.description)
    type_text = cell(row, columns.type) if columns.type is not None else ""
    type_cell = parse_type_cell(type_text, doc.scanned.reference_links) if type_text else None
    required = _REQUIRED.search(description) is not None
    if columns.required is not None:
        required = _is_yes(cell(row, columns.required))
    if location == "path":
        required = True
    value = cell(row, columns.value) if columns.value is not None else None
    if location == "header" and columns.type is None and columns.value is None:
        value = None
    parameter = Parameter(
        name=name,
        in_=location,
        type=type_cell.name if type_cell else "Edm.String",
        collection=type_cell.collection if type_cell else False,
        required=required,
        description=description,
        source=Source(doc.path, row.line),
        value=value,
    )
    if type_cell is not None and not type_cell.primitive and type_cell.name:
        pending.append((parameter, PendingType(type_cell, doc.path, doc.namespace, row.line)))
    return parameter


def member_from_row(doc: PageDoc, row: Row, table: ParsedTable) -> Member | None:
    names = table.columns
    name_index = next((i for i, c in enumerate(names) if c in ("member", "name")), None)
    value_index = next((i for i, c in enumerate(names) if c in ("value", "int value")), None)
    if name_index is None:
        name_index = value_index if value_index is not None else 0
        value_index = None
    description_index = next((i for i, c in enumerate(names) if "description" in c), None)
    name = clean_name(cell(row, name_index))
    if row.group or not name:
        doc.diagnose(row.line, ROW_WITHOUT_NAME, "enum row has no member name", table_row=True)
        return None
    if row.repair:
        doc.diagnose(row.line, ROW_REPAIRED, f"table row read with a repair: {row.repair}")
    value: int | None = None
    raw_value = clean_name(cell(row, value_index)) if value_index is not None else ""
    if raw_value:
        try:
            value = int(raw_value, 0)
        except ValueError:
            doc.diagnose(
                row.line, ENUM_VALUE_NOT_NUMBER, f"enum value `{raw_value}` is not a number"
            )
    return Member(name, value, cell(row, description_index), Source(doc.path, row.line))


_PERMISSION_KINDS = (
    ("delegated (work or school account)", "delegated-work"),
    ("delegated (personal microsoft account)", "delegated-personal"),
    ("application", "application"),
)


_SCOPE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$")
_BARE_SCOPES = frozenset({"openid", "profile", "email", "offline_access"})


_BREAK = re.compile(r"<br\s*/?>")
_SCOPE_SEPARATORS = re.compile(r"[,;\s]+")


def permission_scopes(cells: list[str]) -> list[str]:
    """Scope names in permission cells; prose such as `Not supported.` yields none."""
    scopes: list[str] = []
    for value in cells:
        # Substitutions only where they can match (each was a regex pass per cell).
        text = _BREAK.sub(",", value) if "<br" in value else value
        if "](" in text:
            text = _LINK.sub(_LINK_TEXT, text)
        text = text.replace("**", " ").replace("`", " ")
        for part in _SCOPE_SEPARATORS.split(text):
            scope = part.strip().rstrip(".*")
            if (_SCOPE.match(scope) or scope in _BARE_SCOPES) and scope not in scopes:
                scopes.append(scope)
    return scopes


def permission_from_row(doc: PageDoc, row: Row) -> Permission | None:
    if row.group:
        doc.diagnose(
            row.line, GROUP_ROW, f"group row `{row.cells[0]}` in a permissions table",
            table_row=True,
        )
        return None
    first = row.cells[0] if row.cells else ""
    if "](" in first:
        first = _LINK.sub(_LINK_TEXT, first)
    label = " ".join(first.replace("**", "").split())
    lowered = label.lower()
    kind = next((kind for text, kind in _PERMISSION_KINDS if lowered.startswith(text)), "other")
    if kind == "other":
        doc.diagnose(
            row.line, NONSTANDARD_PERMISSION, f"permission type `{label}` is not a standard one"
        )
    scopes = permission_scopes(row.cells[1:])
    return Permission(kind, scopes, Source(doc.path, row.line), label)  # type: ignore[arg-type]
