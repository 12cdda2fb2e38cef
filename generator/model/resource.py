"""Types from resource and enum pages.

A page's main type is named by its `resource` annotation's `@odata.type`, else by its title
(`contact resource type`). Its Properties and Relationships tables give the properties,
`### x values` sections (and enum pages' Members tables) give enums, and a Methods table
points at the operations. Base types come from `baseType` or an `Inherits from` line, and
the derived types a base page names in prose (`graphdoc.model.prose_bases`).
"""

from __future__ import annotations

import re

from ..diagnostics import EMPTY_BASE_TYPE
from ..read.annotations import Annotation
from ..read.page import ClassifiedTable, PageDoc
from ..read.roles import MEMBER_ROLES, compact, values_subject
from ..read.tables import cell_links
from ..read.typecell import parse_type_cell
from .prose_bases import derived_in_prose, refines_entity
from .rows import (
    PendingType,
    columns_of,
    member_from_row,
    property_from_row,
)
from .types import MethodRef, Property, RawRow, RawTable, Source, TypeDef

_TITLE_SUFFIX = re.compile(
    r"\s+(resource type|resource|complex type|entity type|enum type|enumeration type|"
    r"object|type|enum|values)$",
    re.IGNORECASE,
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_FLAGS_HEADING = re.compile(r"\bflags\b", re.IGNORECASE)
_VALUES_HEADING = re.compile(r"^(?P<name>.+?)\s+values?$", re.IGNORECASE)

# Roles a table keeps when the model has no other place for it (see `graphdoc.read.roles`).
_RAW_ROLES = ("values", "derived_types", "instance_annotations", "other")

PendingRefs = list[tuple[Property, PendingType]]
# (the qualified name of a page's type, a type its "Derived types" table lists)
PendingDerived = list[tuple[str, PendingType]]
PendingBases = list[tuple[TypeDef, PendingType]]


def qualify(name: str, namespace: str) -> str:
    name = name.strip().lstrip("#")
    if name.lower().startswith("microsoft.") or name.lower().startswith("graph."):
        return name
    return f"{namespace or 'microsoft.graph'}.{name}"


def main_type_name(doc: PageDoc) -> str | None:
    """The qualified name of the type a resource page documents, if any."""
    for fence in doc.fences:
        if fence.role == "resource" and fence.annotation is not None:
            name, _ = fence.annotation.odata_type()
            if name:
                return qualify(name, doc.namespace)
    title = _TITLE_SUFFIX.sub("", doc.title.replace("`", "").strip())
    if _IDENTIFIER.match(title):
        return qualify(title, doc.namespace)
    return None


def _new_type(name: str, doc: PageDoc, line: int, kind: str = "complex") -> TypeDef:
    return TypeDef(
        name=name,
        kind=kind,  # type: ignore[arg-type]
        base=None,
        abstract=False,
        open=False,
        key=None,
        inferred=False,
        description=doc.scanned.front_matter.get("description") or "",
        properties=[],
        members=[],
        source=Source(doc.path, line),
    )


def _apply_resource_annotation(
    type_def: TypeDef, annotation: Annotation, doc: PageDoc, bases: PendingBases
) -> None:
    data = annotation.data
    base = data.get("baseType")
    if isinstance(base, str) and base.strip():
        bases.append((type_def, PendingType(parse_type_cell(base), doc.path, doc.namespace, 0)))
    elif base == "":
        doc.diagnose(annotation.line, EMPTY_BASE_TYPE, "`baseType` is empty")
    type_def.open = annotation.flag("openType")
    type_def.abstract = annotation.flag("abstract") or annotation.flag("isAbstract")
    key = data.get("keyProperty")
    if isinstance(key, str) and key.strip():
        type_def.key = key.strip()
        type_def.kind = "entity"


def types_from_page(
    doc: PageDoc, refs: PendingRefs, bases: PendingBases, derived: PendingDerived
) -> list[TypeDef]:
    """Every type a resource, enum or conceptual page defines; each row lands in one."""
    types: list[TypeDef] = []
    main_name = main_type_name(doc) if doc.kind != "enum" else None
    main: TypeDef | None = None
    if main_name is not None:
        main = _new_type(main_name, doc, doc.title_line)
        types.append(main)
    for fence in doc.fences:
        if fence.role != "resource" or fence.annotation is None:
            continue
        name, _ = fence.annotation.odata_type()
        qualified = qualify(name, doc.namespace) if name else None
        target = next((t for t in types if t.name == qualified), None)
        if target is None and qualified:
            target = _new_type(qualified, doc, fence.fence.line)
            types.append(target)
        if target is not None:
            _apply_resource_annotation(target, fence.annotation, doc, bases)
    if main is not None:
        _stated_in_words(doc, main, bases)
        derived.extend(derived_in_prose(doc, main))
    value_lists: list[ClassifiedTable] = []
    value_headed: list[ClassifiedTable] = []  # `### x values` on a resource page
    for table in doc.tables:
        if table.kind == "values":
            value_lists.append(table)  # placed once every member of the page is known
        elif table.kind == "enum" and main is not None and doc.kind != "enum":
            value_headed.append(table)
        else:
            _place_table(doc, table, main, types, refs)
        if main is not None and table.kind == "derived_types":
            derived.extend(_derived_types(doc, table, main))
    for table in value_headed:
        if _lists_string_values(doc, table, main):
            value_lists.append(table)
        else:
            _place_table(doc, table, main, types, refs)
    for table in value_lists:
        _place_value_list(doc, table, main)
    return types


def _stated_in_words(doc: PageDoc, main: TypeDef, bases: PendingBases) -> None:
    """The base the page states in prose, where the annotation states none or only `entity`
    (see `graphdoc.model.prose_bases`)."""
    stated = next((index for index, (owner, _) in enumerate(bases) if owner is main), None)
    if doc.inherits is None:
        return
    text, target_path, line = doc.inherits
    ref = PendingType(parse_type_cell(f"[{text}]({target_path})"), doc.path, doc.namespace, line)
    if stated is None:
        bases.append((main, ref))
    elif refines_entity(bases[stated][1], text):
        bases[stated] = (main, ref)


def _lists_string_values(doc: PageDoc, table: ClassifiedTable, main: TypeDef | None) -> bool:
    """Whether `### sortOrder values` lists the values of the page's own String property
    `sortOrder` (folderview.md: "defined for the **sortOrder** property") rather than an
    enum type: the property is written String, so no enum of that name is meant."""
    name = _enum_name(doc, table)
    if main is None or name is None:
        return False
    simple = compact(name.rsplit(".", 1)[-1])
    return any(
        compact(prop.name) == simple and prop.type == "Edm.String" for prop in main.properties
    )


def _derived_types(doc: PageDoc, table: ClassifiedTable, main: TypeDef) -> PendingDerived:
    """The types a "Derived types" table lists under the page's type (its rows stay on the
    page as a raw table too, so nothing of the table is lost)."""
    found: PendingDerived = []
    for row in table.table.rows:
        cell = parse_type_cell(row.cells[0] if row.cells else "", doc.scanned.reference_links)
        if cell.name and not cell.primitive and cell.understood:
            found.append((main.name, PendingType(cell, doc.path, doc.namespace, row.line)))
    return found


def _value_subjects(table: ClassifiedTable) -> list[str]:
    """What a value list may describe, most telling first: its heading (`sortBy options`,
    `Legal age group classification`), then its first column (`resourceBehaviorOptions`)."""
    first = table.table.columns[0] if table.table.columns else ""
    subjects = [values_subject(table.heading), compact(table.heading)]
    subjects += [values_subject(first), compact(first)]
    return [subject for subject in subjects if subject]


def _place_value_list(doc: PageDoc, table: ClassifiedTable, main: TypeDef | None) -> None:
    """Attach a value list to the property it describes; keep it on the page when none."""
    by_name = {compact(prop.name): prop for prop in main.properties} if main else {}
    target = next((by_name[s] for s in _value_subjects(table) if s in by_name), None)
    if target is None:
        keep_raw(doc, table)
        return
    for row in table.table.rows:
        member = member_from_row(doc, row, table.table)
        if member is not None:
            target.values.append(member)


def _enum_name(doc: PageDoc, table: ClassifiedTable) -> str | None:
    # `### x values` names the enum; so does an H2 `## x values` (printercapabilities.md).
    match = _VALUES_HEADING.match(table.heading.strip())
    if match:
        original = next(
            (h.text for h in doc.headings if h.text.lower() == table.heading), match.group("name")
        )
        name = _VALUES_HEADING.match(original)
        text = (name.group("name") if name else original).replace("`", "").strip()
        if _IDENTIFIER.match(text):
            return qualify(text, doc.namespace)
        # `### Roles property values` (permission.md) names no type; the page title would
        # turn the page's own type into an enum. The table is kept raw instead.
        return None
    title = _TITLE_SUFFIX.sub("", doc.title.replace("`", "").strip())
    if _IDENTIFIER.match(title):
        return qualify(title, doc.namespace)
    return None


def _place_table(
    doc: PageDoc,
    table: ClassifiedTable,
    main: TypeDef | None,
    types: list[TypeDef],
    refs: PendingRefs,
) -> None:
    kind = table.kind
    if kind == "enum":
        name = _enum_name(doc, table)
        if name is not None:
            enum = next((t for t in types if t.name == name), None)
            if enum is None:
                enum = _new_type(name, doc, table.table.line, "enum")
                enum.description = ""
                types.append(enum)
            enum.kind = "enum"
            enum.flags = _FLAGS_HEADING.search(table.heading) is not None
            for row in table.table.rows:
                member = member_from_row(doc, row, table.table)
                if member is not None:
                    enum.members.append(member)
            return
    if main is not None and kind == "instance_annotations":
        columns = columns_of(table.table)
        for row in table.table.rows:
            prop = property_from_row(doc, row, columns, navigation=False, pending=refs)
            if prop is not None:
                main.instance_annotations.append(prop)
        return
    if main is not None and kind in MEMBER_ROLES:
        columns = columns_of(table.table)
        for row in table.table.rows:
            prop = property_from_row(
                doc, row, columns, navigation=kind == "relationships", pending=refs
            )
            if prop is None:
                continue
            # `@odata.etag` in a member table: an instance annotation, not a member.
            members = main.instance_annotations if prop.name.startswith("@") else main.properties
            members.append(prop)
        return
    if main is not None and kind == "methods":
        for row in table.table.rows:
            if not row.cells:
                continue
            links = cell_links(row.cells[0])
            main.methods.append(
                MethodRef(
                    name=re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", row.cells[0]).strip(),
                    return_type=row.cells[1] if len(row.cells) > 1 else "",
                    description=row.cells[-1] if len(row.cells) > 2 else "",
                    link=links[0] if links else None,
                    source=Source(doc.path, row.line),
                )
            )
        return
    keep_raw(doc, table)


def keep_raw(doc: PageDoc, table: ClassifiedTable) -> None:
    """Keep a table the model has no place for, verbatim, on its page."""
    doc.raw_tables.append(
        RawTable(
            section=table.section,
            header=table.table.header,
            rows=[RawRow(row.cells, row.line) for row in table.table.rows],
            source=Source(doc.path, table.table.line),
            role=table.kind if table.kind in _RAW_ROLES else "other",
        )
    )
