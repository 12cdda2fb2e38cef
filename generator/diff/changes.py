"""Two models of one API version into the list of changes an SDK user would notice.

Types are matched by qualified name, properties and parameters by name (Graph's names are
case-insensitive on the wire, so case alone is a change of spelling, reported as such),
operations by HTTP method and path template with its parameter names blanked out
(`/users/{id}` and `/users/{user-id}` are one request). Each change carries the page and
line where it shows: in NEW, or in OLD for a removal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from ..model.paths import PathTemplate
from ..model.types import ApiModel, Operation, Parameter, Property, Source, TypeDef
from .breaking import nullable_change_breaks, type_change_breaks, widens

ChangeKind = Literal["added", "removed", "changed"]
Subject = Literal["type", "property", "member", "operation", "parameter"]
NoteSubject = Literal["description", "permissions", "examples"]

# The SDK surface of an operation is its path parameters, query and function parameters and
# an inline (action) body; headers are the runtime's business.
SURFACE_LOCATIONS = ("path", "query", "function", "body")


@dataclass(frozen=True, slots=True)
class Change:
    """One API change. `field` names what changed for `changed` (type, collection, ...)."""

    change: ChangeKind
    kind: Subject
    name: str
    breaking: bool
    source: Source
    field: str | None = None
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A change that is not an API change: prose, permissions or examples (`--all`)."""

    kind: NoteSubject
    name: str
    source: Source
    detail: str


@dataclass(slots=True)
class Comparison:
    changes: list[Change] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def compare_models(old: ApiModel, new: ApiModel) -> Comparison:
    """Every API change from `old` to `new`, in a stable order (types, then operations)."""
    result = Comparison()
    _compare_types(old, new, result)
    _compare_operations(old, new, result)
    result.changes.sort(key=_order)
    result.notes.sort(key=lambda note: (note.kind, note.name))
    return result


def _order(change: Change) -> tuple[bool, str, str, str]:
    """Types with their members first, then operations with their parameters; by name."""
    is_operation = change.kind in ("operation", "parameter")
    return (is_operation, change.name.lower(), change.change, change.field or "")


# ------------------------------------------------------------------------------ types


def _compare_types(old: ApiModel, new: ApiModel, result: Comparison) -> None:
    before = {t.name: t for t in old.types}
    after = {t.name: t for t in new.types}
    for name in sorted(before.keys() - after.keys()):
        result.changes.append(Change("removed", "type", name, True, before[name].source))
    for name in sorted(after.keys() - before.keys()):
        result.changes.append(Change("added", "type", name, False, after[name].source))
    for name in sorted(before.keys() & after.keys()):
        _compare_type(before[name], after[name], result)


def _compare_type(old: TypeDef, new: TypeDef, result: Comparison) -> None:
    name = new.name
    if old.base != new.base:
        # Gaining a base adds inherited members; losing or swapping one removes them.
        breaking = old.base is not None
        result.changes.append(
            Change("changed", "type", name, breaking, new.source, "base", old.base, new.base)
        )
    if old.kind != new.kind:
        result.changes.append(
            Change("changed", "type", name, True, new.source, "kind", old.kind, new.kind)
        )
    if old.description != new.description:
        result.notes.append(Note("description", name, new.source, "type description"))
    _compare_members(old, new, result)
    _compare_properties(name, old.properties, new.properties, result, kind="property")


def _compare_members(old: TypeDef, new: TypeDef, result: Comparison) -> None:
    before = {m.name: m for m in old.members}
    after = {m.name: m for m in new.members}
    for member in sorted(before.keys() - after.keys()):
        name = f"{new.name}.{member}"
        result.changes.append(Change("removed", "member", name, True, before[member].source))
    for member in sorted(after.keys() - before.keys()):
        name = f"{new.name}.{member}"
        result.changes.append(Change("added", "member", name, False, after[member].source))


def _compare_properties(
    owner: str,
    old: Iterable[Property | Parameter],
    new: Iterable[Property | Parameter],
    result: Comparison,
    *,
    kind: Literal["property", "parameter"],
) -> None:
    before = {p.name: p for p in old}
    after = {p.name: p for p in new}
    for name in sorted(before.keys() - after.keys()):
        item = before[name]
        result.changes.append(Change("removed", kind, f"{owner}.{name}", True, item.source))
    for name in sorted(after.keys() - before.keys()):
        item = after[name]
        # A caller must now supply a new required value: that breaks their call.
        breaking = kind == "parameter" and item.required
        result.changes.append(Change("added", kind, f"{owner}.{name}", breaking, item.source))
    for name in sorted(before.keys() & after.keys()):
        result.changes.extend(_field_changes(f"{owner}.{name}", before[name], after[name], kind))
        if before[name].description != after[name].description:
            result.notes.append(
                Note("description", f"{owner}.{name}", after[name].source, f"{kind} description")
            )


def _field_changes(
    name: str,
    old: Property | Parameter,
    new: Property | Parameter,
    kind: Literal["property", "parameter"],
) -> Iterator[Change]:
    where = new.source
    if old.type != new.type:
        breaking = type_change_breaks(old.type, new.type)
        label = "type (widened)" if widens(old.type, new.type) else "type"
        yield Change("changed", kind, name, breaking, where, label, old.type, new.type)
    if old.collection != new.collection:
        yield Change(
            "changed",
            kind,
            name,
            True,
            where,
            "collection",
            str(old.collection).lower(),
            str(new.collection).lower(),
        )
    if isinstance(old, Property) and isinstance(new, Property) and old.nullable != new.nullable:
        yield Change(
            "changed",
            kind,
            name,
            nullable_change_breaks(old.nullable, new.nullable),
            where,
            "nullable",
            _flag(old.nullable),
            _flag(new.nullable),
        )
    if old.required != new.required:
        # Only parameters make a caller supply a value; a property marked required in a
        # type's table describes the service, not the caller.
        breaking = kind == "parameter" and new.required
        yield Change(
            "changed",
            kind,
            name,
            breaking,
            where,
            "required",
            str(old.required).lower(),
            str(new.required).lower(),
        )


def _flag(value: bool | None) -> str:
    return "unknown" if value is None else str(value).lower()


# ------------------------------------------------------------------------------ operations


def request_key(method: str, template: PathTemplate) -> tuple[str, str]:
    """One request however its page spells the parameters: method plus the template's shape
    (placeholders blanked, case folded), the key the mock routes by too."""
    return method.upper(), template.shape


def _requests(model: ApiModel) -> dict[tuple[str, str], tuple[Operation, str]]:
    """Every (method, path) the model documents, with the operation the model keeps as its
    definition (`Operation.superseded`: one page per request)."""
    found: dict[tuple[str, str], tuple[Operation, str]] = {}
    for operation in model.operations:
        defined = zip(operation.defined_paths, operation.defined_templates, strict=True)
        for path, template in defined:
            found.setdefault(request_key(operation.method, template), (operation, path))
    return found


def _compare_operations(old: ApiModel, new: ApiModel, result: Comparison) -> None:
    before = _requests(old)
    after = _requests(new)
    for key in sorted(before.keys() - after.keys()):
        operation, path = before[key]
        name = f"{operation.method} {path}"
        result.changes.append(Change("removed", "operation", name, True, operation.source))
    for key in sorted(after.keys() - before.keys()):
        operation, path = after[key]
        name = f"{operation.method} {path}"
        result.changes.append(Change("added", "operation", name, False, operation.source))
    compared: set[tuple[str, str]] = set()
    for key in sorted(before.keys() & after.keys()):
        (old_op, _), (new_op, path) = before[key], after[key]
        if (old_op.id, new_op.id) in compared:
            continue  # the same two pages, reached through another of their paths
        compared.add((old_op.id, new_op.id))
        _compare_operation(f"{new_op.method} {path}", old_op, new_op, result)


def _compare_operation(name: str, old: Operation, new: Operation, result: Comparison) -> None:
    where = new.source
    old_response = _type_text(old.response.type, old.response.collection)
    new_response = _type_text(new.response.type, new.response.collection)
    if old_response != new_response:
        breaking = old.response.type is not None and (
            old.response.collection != new.response.collection
            or new.response.type is None
            or type_change_breaks(old.response.type, new.response.type)
        )
        result.changes.append(
            Change(
                "changed",
                "operation",
                name,
                breaking,
                where,
                "response",
                old_response,
                new_response,
            )
        )
    old_body = old.request_body
    new_body = new.request_body
    old_body_type = _type_text(old_body.type, old_body.collection) if old_body else None
    new_body_type = _type_text(new_body.type, new_body.collection) if new_body else None
    if old_body_type != new_body_type and old_body and new_body:
        result.changes.append(
            Change(
                "changed",
                "operation",
                name,
                True,
                where,
                "request body",
                old_body_type,
                new_body_type,
            )
        )
    _compare_properties(name, _surface(old), _surface(new), result, kind="parameter")
    if _permissions(old) != _permissions(new):
        result.notes.append(Note("permissions", name, where, "permissions"))
    if _examples(old) != _examples(new):
        result.notes.append(Note("examples", name, where, "examples"))


def _type_text(type_name: str | None, collection: bool) -> str | None:
    if type_name is None:
        return None
    return f"Collection({type_name})" if collection else type_name


def _surface(operation: Operation) -> list[Parameter | Property]:
    """The parameters a caller passes: path, query and function parameters, and the members
    of an inline action body (a named body type is compared as that type)."""
    items: list[Parameter | Property] = [
        p for p in operation.parameters if p.in_ in SURFACE_LOCATIONS
    ]
    body = operation.request_body
    if body is not None and body.type is None:
        names = {p.name for p in items}
        items.extend(p for p in body.properties if p.name not in names)
    return items


def _permissions(operation: Operation) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((p.kind, tuple(sorted(p.scopes))) for p in operation.permissions)


def _examples(operation: Operation) -> list[tuple[str, str, str | None]]:
    return [(e.request.method, e.request.url, e.request.body_raw) for e in operation.examples]
