"""Base types from every source the pages give, each base keeping its evidence.

In order of trust:

1. **stated**: the page says it, in a resource annotation (`baseType`) or in prose
   ("Inherits from [entity](entity.md).", "Derived from [recipient](recipient.md).");
2. **derived-types table**: the base's own page lists the type under "Derived types";
3. **convention**: Graph's rule that an entity type keyed on `id` with no other base derives
   from `microsoft.graph.entity` (the service schema says so for nearly every one); a type
   its page reads or writes at its own URL is an entity, whether or not it lists its `id`.

A weaker source never overrides a stronger one; where a derived-types table names another
base than the type's page states, the stated base stays and a GD442 warning names both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..diagnostics import BASE_DISAGREEMENT
from .graph import Qualified
from .resolve import Resolver
from .rows import PendingType
from .types import Diagnostic, Source, TypeDef

ENTITY = "microsoft.graph.entity"
STATED = "stated"
DERIVED_TABLE = "derived-types table"
CONVENTION = "convention"


def infer_bases(
    types: Mapping[str, TypeDef],
    derived: list[tuple[str, PendingType]],
    resolver: Resolver,
    qualified: Qualified,
    diagnostics: list[Diagnostic],
) -> None:
    """Complete `qualified.bases` (type id → base name, where) from the weaker sources and
    record on each type how its base is known."""
    for type_def in types.values():
        if id(type_def) in qualified.bases:
            type_def.base_evidence = STATED
    by_folded = {name.lower(): type_def for name, type_def in types.items()}
    for base_name, ref in derived:
        child = by_folded.get(resolver.resolve(ref).lower())
        if child is None or child.name.lower() == base_name.lower():
            continue
        where = Source(ref.path, ref.line)
        stated = qualified.bases.get(id(child))
        if stated is None:
            qualified.bases[id(child)] = (base_name, where)
            child.base_evidence = DERIVED_TABLE
        elif stated[0].lower() != base_name.lower() and child.base_evidence == STATED:
            diagnostics.append(
                BASE_DISAGREEMENT.at(
                    ref.path, ref.line,
                    f"the derived-types table lists `{child.name}` under `{base_name}`, but "
                    f"its page states the base `{stated[0]}`; the stated base is kept",
                )
            )  # fmt: skip
    entity = by_folded.get(ENTITY)
    if entity is None:
        return
    for type_def in types.values():
        if id(type_def) in qualified.bases or type_def is entity:
            continue
        if keyed_on_id(type_def):
            qualified.bases[id(type_def)] = (entity.name, type_def.source)
            type_def.base_evidence = CONVENTION


def keyed_on_id(type_def: TypeDef) -> bool:
    """An entity keyed on `id`, by what its own page shows: declared so (`keyProperty`); a
    type with an `id` that its page addresses through methods or gives relationships, which
    only entities have; or a type whose Methods table gets, lists, creates, updates or
    deletes it: only an entity has a URL of its own (`workbookRangeFill`: "Get", "Update").
    Page-local on purpose: lint's index of a tree reads the same facts."""
    if type_def.kind == "entity":
        return type_def.key in (None, "id")
    if type_def.kind != "complex":
        return False
    if any(_ADDRESSED.match(method.name) for method in type_def.methods):
        return True
    if not any(p.name == "id" for p in type_def.properties):
        return False
    return bool(type_def.methods) or any(p.navigation for p in type_def.properties)


# A Methods row that reads or writes the type at its own URL ("Get workbookRangeFill",
# "[List bundles][bundle-list]"); functions and actions ("query", "Calculate") do not tell.
_ADDRESSED = re.compile(r"^\W*(get|list|create|update|delete)\b", re.IGNORECASE)
