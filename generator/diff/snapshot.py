"""The API a generated package was made from, stored beside it so the next run can diff it.

`graphdoc generate` writes `<package>/.graphdoc/api.json`; the next run loads it back into an
`ApiModel` and hands it to `compare_models` with the new one, which is how the package's
version knows what changed. The file is committed with the package, so it keeps only what
the comparison reads (names, kinds, bases, types, flags, paths, parameters and where each
was documented), never descriptions, examples or permissions: on the 2021 v1.0 tree it is a
tenth of the full model JSON. One entry per line, so a regeneration's git diff reads like
the change report.

Layout (version 1):

    {"graphdoc-api": 1, "content": "files:<sha256 of the package's other files>",
     "types": [{"name", "kind", "base", "at": "page.md:12",
                "properties": [[name, type, flags, line], ...], "members": [[name, line]]}],
     "operations": [{"id", "method", "paths", "at",
                     "parameters": [[name, in, type, flags, line], ...],
                     "body": null | [type | null, flags, [properties]], "response": [type, flags]}]}

`flags` is a string: `c` collection, `r` required, `?` nullable, `!` not nullable (neither:
not stated). `line` is a line number on the owner's page, or `page.md:line` for an item
documented on another page. `load` is strict: anything else is a `SnapshotError`.

`load_changed` reads two snapshots into the smallest pair of models whose comparison equals
that of the whole ones: the types whose entries differ, and the operations whose entries
differ with every operation sharing a request with them. An operation's `paths` are the
requests it defines (`Operation.defined_paths`: the model keeps one page per request).
After a one-page edit of v1.0 that is a few entries, not
the 20,000 properties a full load builds.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import SnapshotError as SnapshotError
from ..model.paths import template_of
from ..model.types import (
    ApiModel,
    Member,
    Operation,
    Parameter,
    ParameterLocation,
    Property,
    RequestBody,
    ResponseSpec,
    Source,
    TypeDef,
    TypeKind,
)
from .changes import SURFACE_LOCATIONS

__all__ = ["FORMAT", "SnapshotError", "content_of", "dumps", "load", "load_changed"]

FORMAT = 1
_KINDS: dict[str, TypeKind] = {"entity": "entity", "complex": "complex", "enum": "enum"}
# Only the parameters `compare_models` compares (headers are the runtime's business).
_STORED_LOCATIONS = frozenset(SURFACE_LOCATIONS)


# ------------------------------------------------------------------------------ writing


def _at(source: Source) -> str:
    return f"{source.path}:{source.line}"


def _line(source: Source, owner: Source) -> int | str:
    """A line on the owner's page, or `page:line` when the item comes from another page."""
    return source.line if source.path == owner.path else _at(source)


def _flags(collection: bool, required: bool, nullable: bool | None = None) -> str:
    nulls = "" if nullable is None else ("?" if nullable else "!")
    return ("c" if collection else "") + ("r" if required else "") + nulls


def _property(prop: Property, owner: Source) -> list[Any]:
    flags = _flags(prop.collection, prop.required, prop.nullable)
    return [prop.name, prop.type, flags, _line(prop.source, owner)]


def _type(type_def: TypeDef) -> dict[str, Any]:
    owner = type_def.source
    return {
        "name": type_def.name,
        "kind": type_def.kind,
        "base": type_def.base,
        "at": _at(owner),
        "properties": [_property(p, owner) for p in type_def.properties],
        "members": [[m.name, _line(m.source, owner)] for m in type_def.members],
    }


def _operation(operation: Operation) -> dict[str, Any]:
    owner = operation.source
    body = operation.request_body
    stored_body: list[Any] | None = None
    if body is not None:
        # An inline (action) body's members are the caller's parameters; a named body type is
        # compared as that type, so its properties are not repeated here.
        members = [_property(p, owner) for p in body.properties] if body.type is None else []
        stored_body = [body.type, _flags(body.collection, False), members]
    response = operation.response
    return {
        "id": operation.id,
        "method": operation.method,
        "paths": operation.defined_paths,  # the requests it defines (one page per request)
        "at": _at(owner),
        "parameters": [
            [p.name, p.in_, p.type, _flags(p.collection, p.required), _line(p.source, owner)]
            for p in operation.parameters
            if p.in_ in _STORED_LOCATIONS
        ],
        "body": stored_body,
        "response": [response.type, _flags(response.collection, False)],
    }


# How an entry's line is had: (kind, item, make) → the line `make` returns; a caller may
# hand back one it kept from an earlier run for an item that is unchanged.
Entry = Callable[[str, TypeDef | Operation, Callable[[], str]], str]


def _made(kind: str, item: TypeDef | Operation, make: Callable[[], str]) -> str:
    return make()


def dumps(model: ApiModel, *, content: str = "", entry: Entry | None = None) -> str:
    """The snapshot of `model` as text: deterministic, one type or operation per line.
    `content` is a digest of the package's other files (see `graphdoc.emit.release`);
    `entry`, where each line comes from (default: made)."""
    entry = entry or _made
    types = sorted(model.types, key=lambda t: t.name)
    operations = sorted(model.operations, key=lambda o: (o.id, o.method, o.paths))
    lines = [f'{{"graphdoc-api": {FORMAT}, "content": {json.dumps(content)},', '"types": [']
    lines += _joined(
        [entry("type", t, functools.partial(_encoded, _type, t)) for t in types]
    )
    lines += ["],", '"operations": [']
    lines += _joined(
        [entry("operation", o, functools.partial(_encoded, _operation, o)) for o in operations]
    )
    lines += ["]}"]
    return "\n".join(lines) + "\n"


# One encoder for every entry: `json.dumps` with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _encoded(shape: Callable[[Any], dict[str, Any]], item: TypeDef | Operation) -> str:
    return _ENCODER.encode(shape(item))


def _joined(text: list[str]) -> list[str]:
    return [f"{line}," for line in text[:-1]] + text[-1:]


# ------------------------------------------------------------------------------ reading


def content_of(text: str) -> str:
    """The content digest a snapshot was stored with (read from the first line when the
    snapshot is laid out as `dumps` writes it)."""
    first = text.partition("\n")[0]
    if first.startswith('{"graphdoc-api": ') and first.endswith(","):
        try:
            head = json.loads(first[:-1] + "}")
        except ValueError:
            head = None
        if isinstance(head, dict) and head.get("graphdoc-api") == FORMAT:
            content = head.get("content")
            if isinstance(content, str):
                return content
    return str(_document(text)["content"])


def load(text: str) -> ApiModel:
    """The model a snapshot describes, as far as `compare_models` reads it."""
    document = _document(text)
    return _model(document["types"], document["operations"])


def load_changed(old: str, new: str) -> tuple[ApiModel, ApiModel]:
    """Models of the two snapshots' differing parts (see the module doc): comparing them
    gives the same changes, in the same order, as comparing `load(old)` with `load(new)`."""
    found = _changed_lines(old, new)
    if found is not None:
        return _model(found[0], found[1]), _model(found[2], found[3])
    before, after = _document(old), _document(new)
    try:
        names = _changed_types(before["types"], after["types"])
        requests = _changed_requests(before["operations"], after["operations"])
        return (
            _model(
                [t for t in before["types"] if t["name"] in names],
                [o for o in before["operations"] if _requests(o) & requests],
            ),
            _model(
                [t for t in after["types"] if t["name"] in names],
                [o for o in after["operations"] if _requests(o) & requests],
            ),
        )
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise SnapshotError(f"malformed API snapshot: {error!r}") from None


# -- the same, line by line -----------------------------------------------------------
#
# Two snapshots `dumps` wrote differ in a few lines after a one-page edit; parsed whole, the
# two documents cost more than the rest of a rerun's release. Laid out as `dumps` lays them
# out, an entry is one line and equal entries are equal lines (one encoder, fixed key
# order), so entries are grouped by the name or id their line opens with and only the
# groups that differ are parsed; the requests of every operation (what sharing one brings
# an operation along) are read from the head of its line. Anything else (another layout,
# a line that does not read so) takes the whole parse, which judges it.

_DECODER = json.JSONDecoder()
_TYPE_OPENING = '{"name":"'
_OPERATION_OPENING = '{"id":"'
_METHOD = ',"method":"'
_PATHS = ',"paths":'

# An entry line and the name or id it opens with.
_Keyed = list[tuple[str, str]]


def _changed_lines(
    old: str, new: str
) -> tuple[list[Any], list[Any], list[Any], list[Any]] | None:
    """`load_changed`'s entries (types and operations, before and after) read from the
    lines that differ; None when a snapshot is not laid out as `dumps` writes it."""
    try:
        before, after = _laid_out(old), _laid_out(new)
        if before is None or after is None:
            return None
        types = _differing(before[0], after[0])
        operations = _differing(before[1], after[1])
        changed = [json.loads(line) for keyed in (before[1], after[1])
                   for key, line in keyed if key in operations]  # fmt: skip
        requests = {request for item in changed for request in _requests(item)}
        known: dict[str, frozenset[tuple[str, str]]] = {}
        return (
            [json.loads(line) for key, line in before[0] if key in types],
            [json.loads(line) for _, line in before[1] if _line_requests(line, known) & requests],
            [json.loads(line) for key, line in after[0] if key in types],
            [json.loads(line) for _, line in after[1] if _line_requests(line, known) & requests],
        )
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # the whole parse says what is wrong


def _laid_out(text: str) -> tuple[_Keyed, _Keyed] | None:
    """The type and operation lines of a snapshot, each with its key; None when the text
    is not laid out as `dumps` writes it or its first line is not a snapshot's."""
    lines = text.split("\n")
    if len(lines) < 6 or lines[-1] or lines[-2] != "]}" or lines[1] != '"types": [':
        return None
    middle = lines.index('"operations": [', 2)
    if lines[middle - 1] != "],":
        return None
    head = json.loads(lines[0][:-1] + "}") if lines[0].endswith(",") else None
    if not isinstance(head, dict) or head.get("graphdoc-api") != FORMAT:
        return None
    if not isinstance(head.get("content"), str):
        return None
    types = _keyed(lines[2 : middle - 1], _TYPE_OPENING)
    operations = _keyed(lines[middle + 1 : -2], _OPERATION_OPENING)
    if types is None or operations is None:
        return None
    return types, operations


def _keyed(lines: list[str], opening: str) -> _Keyed | None:
    """Entry lines without their separating commas, each with the string it opens with."""
    found: _Keyed = []
    last = len(lines) - 1
    for number, line in enumerate(lines):
        if number < last:
            if not line.endswith(","):
                return None
            line = line[:-1]
        if not line.startswith(opening):
            return None
        key, _ = _DECODER.raw_decode(line, len(opening) - 1)  # the string it opens
        if not isinstance(key, str):
            return None
        found.append((key, line))
    return found


def _differing(before: _Keyed, after: _Keyed) -> set[str]:
    """The keys whose lines differ between the sides (`_changed`, on lines)."""
    old: dict[str, list[str]] = {}
    new: dict[str, list[str]] = {}
    for keyed, by_key in ((before, old), (after, new)):
        for key, line in keyed:
            by_key.setdefault(key, []).append(line)
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def _line_requests(
    line: str, known: dict[str, frozenset[tuple[str, str]]]
) -> frozenset[tuple[str, str]]:
    """`_requests` of an operation line, read from its head (`"id"`, `"method"`,
    `"paths"` come first); `known`: lines read already (most lines are on both sides)."""
    found = known.get(line)
    if found is None:
        _, at = _DECODER.raw_decode(line, len(_OPERATION_OPENING) - 1)
        if not line.startswith(_METHOD, at):
            raise ValueError("no method after the id")
        method, at = _DECODER.raw_decode(line, at + len(_METHOD) - 1)
        if not line.startswith(_PATHS, at):
            raise ValueError("no paths after the method")
        paths, _ = _DECODER.raw_decode(line, at + len(_PATHS))
        found = known[line] = _requests({"method": method, "paths": paths})
    return found


def _model(types: Iterable[Any], operations: Iterable[Any]) -> ApiModel:
    try:
        return ApiModel(
            types=[_load_type(item) for item in types],
            operations=[_load_operation(item) for item in operations],
        )
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise SnapshotError(f"malformed API snapshot: {error!r}") from None


def _changed(before: list[Any], after: list[Any], field: str) -> tuple[list[Any], list[Any]]:
    """The entries of each side whose `field` (a type's name, an operation's id) has entries
    that differ between the sides."""
    old: dict[str, list[Any]] = {}
    new: dict[str, list[Any]] = {}
    for items, by_key in ((before, old), (after, new)):
        for item in items:
            by_key.setdefault(_text(item[field]), []).append(item)
    keys = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    return [i for i in before if i[field] in keys], [i for i in after if i[field] in keys]


def _changed_types(before: list[Any], after: list[Any]) -> set[str]:
    """Names whose entries differ (types are compared by name, one with another only)."""
    old, new = _changed(before, after, "name")
    return {item["name"] for item in (*old, *new)}


@functools.lru_cache(maxsize=65536)
def _shape(method: str, path: str) -> tuple[str, str]:
    return method.upper(), template_of(path).shape


def _requests(operation: Any) -> frozenset[tuple[str, str]]:
    """The (method, path shape) pairs an operation entry documents (`changes.request_key`)."""
    method = _text(operation["method"])
    return frozenset(_shape(method, _text(path)) for path in operation["paths"])


def _changed_requests(before: list[Any], after: list[Any]) -> set[tuple[str, str]]:
    """The requests documented by an operation whose entries differ between the sides."""
    old, new = _changed(before, after, "id")
    return {request for item in (*old, *new) for request in _requests(item)}


def _document(text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise SnapshotError(f"not JSON: {error}") from None
    if not isinstance(document, dict) or document.get("graphdoc-api") != FORMAT:
        raise SnapshotError(f"not an API snapshot of format {FORMAT}")
    if not isinstance(document.get("content"), str):
        raise SnapshotError("no content digest")
    if not isinstance(document.get("types"), list) or not isinstance(
        document.get("operations"), list
    ):
        raise SnapshotError("no types or operations")
    return document


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, found {value!r}")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _source(at: Any) -> Source:
    path, colon, line = _text(at).rpartition(":")
    if not colon or not path:
        raise ValueError(f"not page:line: {at!r}")
    return Source(path, int(line))


def _item_source(value: Any, owner: Source) -> Source:
    if isinstance(value, int) and not isinstance(value, bool):
        return Source(owner.path, value)
    return _source(value)


def _read_flags(value: Any) -> tuple[bool, bool, bool | None]:
    flags = _text(value)
    if set(flags) - set("cr?!") or ("?" in flags and "!" in flags):
        raise ValueError(f"unknown flags {flags!r}")
    nullable = True if "?" in flags else False if "!" in flags else None
    return "c" in flags, "r" in flags, nullable


def _load_property(row: Any, owner: Source) -> Property:
    name, type_name, flags, line = row
    collection, required, nullable = _read_flags(flags)
    return Property(
        name=_text(name),
        type=_text(type_name),
        collection=collection,
        navigation=False,
        nullable=nullable,
        read_only=False,
        required=required,
        description="",
        source=_item_source(line, owner),
    )


def _load_type(item: Any) -> TypeDef:
    owner = _source(item["at"])
    kind = _KINDS.get(_text(item["kind"]))
    if kind is None:
        raise ValueError(f"unknown type kind {item['kind']!r}")
    return TypeDef(
        name=_text(item["name"]),
        kind=kind,
        base=_optional_text(item["base"]),
        abstract=False,
        open=False,
        key=None,
        inferred=False,
        description="",
        properties=[_load_property(row, owner) for row in item["properties"]],
        members=[
            Member(_text(name), None, "", _item_source(line, owner))
            for name, line in item["members"]
        ],
        source=owner,
    )


def _load_parameter(row: Any, owner: Source) -> Parameter:
    name, location, type_name, flags, line = row
    if location not in _STORED_LOCATIONS:
        raise ValueError(f"unknown parameter location {location!r}")
    where: ParameterLocation = location
    collection, required, _ = _read_flags(flags)
    return Parameter(
        name=_text(name),
        in_=where,
        type=_text(type_name),
        collection=collection,
        required=required,
        description="",
        source=_item_source(line, owner),
    )


def _load_operation(item: Any) -> Operation:
    owner = _source(item["at"])
    body: RequestBody | None = None
    if item["body"] is not None:
        body_type, flags, members = item["body"]
        body = RequestBody(
            type=_optional_text(body_type),
            collection=_read_flags(flags)[0],
            properties=[_load_property(row, owner) for row in members],
        )
    response_type, response_flags = item["response"]
    paths = item["paths"]
    if not isinstance(paths, list):
        raise TypeError("paths must be a list")
    return Operation(
        id=_text(item["id"]),
        title="",
        method=_text(item["method"]),
        paths=[_text(path) for path in paths],
        parameters=[_load_parameter(row, owner) for row in item["parameters"]],
        request_body=body,
        response=ResponseSpec(None, _optional_text(response_type), _read_flags(response_flags)[0]),
        permissions=[],
        examples=[],
        source=owner,
    )
