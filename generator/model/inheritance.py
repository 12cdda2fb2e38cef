"""Base types from every source the pages give, each base keeping its evidence.

In order of trust:

1. **stated**: the page says it, in a resource annotation (`baseType`) or in prose
   ("Inherits from [entity](entity.md).", "Derived from [recipient](recipient.md).");
2. **derived-types table**: the base's own page lists the type, under "Derived types" or in
   its prose ("This is a base class; the derived types are [...]", `prose_bases`);
3. **convention**: Graph's rule that an entity type with no other base derives from
   `microsoft.graph.entity` (the service schema says so for nearly every one). A type is an
   entity when its page declares a key, keys it on `id`, or reads or writes it at its own URL
   (whether or not it lists its `id`), when a Relationships row leads to it, or when a
   declared entity derives from it.

A weaker source never overrides a stronger one; where a derived-types listing names another
base than the type's page states, and not one of its ancestors, the stated base stays and a
GD442 warning names both.
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
        elif child.base_evidence == STATED and base_name.lower() not in _ancestors(
            stated[0], qualified, by_folded
        ):
            diagnostics.append(
                BASE_DISAGREEMENT.at(
                    ref.path, ref.line,
                    f"`{base_name}`'s page lists `{child.name}` among its derived types, but "
                    f"its own page states the base `{stated[0]}`; the stated base is kept",
                )
            )  # fmt: skip
    entity = by_folded.get(ENTITY)
    if entity is None:
        return
    for type_def in _entities(list(types.values()), qualified, by_folded):
        if id(type_def) in qualified.bases or type_def is entity:
            continue
        qualified.bases[id(type_def)] = (entity.name, type_def.source)
        type_def.base_evidence = CONVENTION


def _ancestors(name: str, qualified: Qualified, by_folded: Mapping[str, TypeDef]) -> set[str]:
    """`name` and the bases above it, as stated so far, case folded. A base page that lists
    a type under a farther ancestor ("the base type for each specific risk event type")
    agrees with the type's own nearer base."""
    found: set[str] = set()
    current: str | None = name.lower()
    while current is not None and current not in found:
        found.add(current)
        type_def = by_folded.get(current)
        base = qualified.bases.get(id(type_def)) if type_def is not None else None
        current = base[0].lower() if base else None
    return found


def _entities(
    types: list[TypeDef], qualified: Qualified, by_folded: Mapping[str, TypeDef]
) -> list[TypeDef]:
    """The types that are entities by what their pages show, each marked so: every
    declared entity (`keyProperty`) with its bases, since OData lets an entity type derive
    only from an entity type (`bookingCustomer` makes `bookingPerson` and
    `bookingNamedEntity` entities); and, where no base is stated, a type `keyed_on_id` or
    the target of a Relationships row (OData navigation properties lead only to entities).
    Those two are weaker: a Methods table may list another resource's methods and a
    Relationships table hold a complex property (`userIdentity` has both), so they neither
    override a stated base nor make bases entities."""
    found: dict[int, TypeDef] = {}
    targets = {
        qualified.types[id(prop)].lower()
        for type_def in types
        for prop in type_def.properties
        if prop.navigation and id(prop) in qualified.types
    }
    for type_def in types:
        if type_def.kind != "entity":
            if id(type_def) not in qualified.bases and (
                keyed_on_id(type_def) or type_def.name.lower() in targets
            ):
                type_def.kind = "entity"
                found[id(type_def)] = type_def
            continue
        current: TypeDef | None = type_def
        while current is not None and id(current) not in found:
            found[id(current)] = current
            current.kind = "entity"
            base = qualified.bases.get(id(current))
            current = by_folded.get(base[0].lower()) if base else None
    return list(found.values())


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
