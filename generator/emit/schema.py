"""JSON Schema 2020-12 for every model type: one document per type, and one bundle.

Layout and identifiers (stable: generated tests and outside tools rely on them):

* `schemas/<name>.json`, `$id` `https://graphdoc.local/schemas/<name>.json`, is the lenient
  variant; `schemas/strict/<name>.json`, `$id` `…/schemas/strict/<name>.json`, the strict
  one. `schemas/bundle.json` and `schemas/strict/bundle.json` hold every type under `$defs`,
  keyed by qualified name. `<name>` is the qualified name, except that names equal but for
  case get `-2`, `-3`… (`_file_stems`) so case-insensitive disks keep them apart.
  `graphdoc.local` is a name, never fetched: it only has to be absolute and stable.
* References are relative in per-type files (`microsoft.graph.phone.json`, resolved
  against the `$id`, so a strict file points at strict files) and `#/$defs/<name>` in
  bundles. Edm primitives become inline schemas (see `schema_types` for each choice).

Design choices:

* Strict closes every non-open object with `unevaluatedProperties: false` (request bodies,
  doc linting); lenient leaves objects open, because Graph responses carry properties the
  docs do not list. Nested objects must follow the same choice, hence two families of
  documents rather than one flag inside a document.
* Each object type has an entry (the document root, what references point at) and a
  `$defs/shape`: its own and inherited properties, nothing else. A derived shape is
  `allOf: [{"$ref": base shape}, {own properties}]`. Extending the shape, not the entry,
  keeps `unevaluatedProperties` at the outermost level only, where it sees everything.
* Polymorphism: a base entry holds one `if`/`then` per known derived type, direct or not:
  when `@odata.type` names it (`#microsoft.graph.x` or `microsoft.graph.x`), the derived
  shape applies too, so its properties are validated and count as evaluated.
  `@odata.type` itself is any string, not a pattern of known names: payloads name derived
  types the docs lack, and those then validate as the declared type.
* Null: a property whose nullability is True or unknown accepts null, because Graph sends
  null for unset properties and the docs rarely say (7,137 of 7,371 properties in v1.0
  2021 say nothing). Only an explicit "not nullable" rejects null. Collection items are
  never null.
* Annotations: any key containing `@` is accepted (`@odata.etag`, `@odata.nextLink`,
  `manager@odata.bind`, `photo@odata.mediaEtag`, `@microsoft.graph.conflictBehavior`), via
  `patternProperties {"@": {}}`. Open types say `additionalProperties: true`, which marks
  their dynamic properties evaluated when they arrive through a closed base's entry.
* `required` is never emitted: bodies are partial by design ($select, PATCH).
* Enums are closed in both variants: a value the docs do not list is worth reporting.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..model.digest import model_digests
from ..model.graph import TypeGraph, graph_of, resolve_model
from ..model.typeref import Named, TypeRef
from ..model.types import ApiModel, Property, TypeDef
from .doctext import DocText, doc_text
from .schema_types import Schema, allow_null, flags_pattern, primitive_schema
from .slices import RenderMemo, unit_key
from .type_keys import type_keys

# Imported where validators are made: generating needs neither (~60 ms). No stubs for
# jsonschema are installed; `unused-ignore` keeps mypy quiet once they are.
if TYPE_CHECKING:
    from jsonschema.protocols import Validator  # type: ignore[import-untyped, unused-ignore]
    from referencing import Registry

__all__ = [
    "BASE_URI",
    "DIALECT",
    "bundle",
    "bundle_id",
    "bundle_ref",
    "registry_for",
    "schema_files",
    "schema_id",
    "type_schema",
    "validator_for",
]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_URI = "https://graphdoc.local/schemas/"
_STRICT_DIR = "strict/"
_BUNDLE_STEM = "bundle"
_SHAPE = "shape"
_ODATA_TYPE = "@odata.type"


@dataclass(frozen=True, slots=True)
class _Index:
    """The model's type graph, and the file stem of each type."""

    graph: TypeGraph
    stems: dict[str, str]
    text: DocText  # descriptions as clean text
    model: ApiModel  # resolved
    keys: dict[str, bytes] = field(default_factory=dict)  # `_inputs_key` of each type

    @classmethod
    def of(cls, model: ApiModel) -> _Index:
        model = resolve_model(model)
        graph = graph_of(model)
        return cls(graph, _file_stems(graph.by_name), doc_text(model), model)


_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9_.]")


def _file_stems(types: Mapping[str, TypeDef]) -> dict[str, str]:
    """File stem per type name, unique even on case-insensitive file systems.

    Of names equal ignoring case, one following Graph's lowerCamel convention keeps the
    plain stem; the others get `-2`, `-3`… (`-` never occurs in an OData name).
    """
    taken = {_BUNDLE_STEM}
    stems: dict[str, str] = {}
    for name in sorted(types, key=lambda n: (n.rsplit(".", 1)[-1][:1].isupper(), n)):
        stem = _UNSAFE_FILE_CHARS.sub("_", name)
        candidate, counter = stem, 2
        while candidate.casefold() in taken:
            candidate, counter = f"{stem}-{counter}", counter + 1
        taken.add(candidate.casefold())
        stems[name] = candidate
    return stems


# -- references -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Refs:
    """How one document spells references to a type's entry and to its shape."""

    entry: Callable[[str], str]
    shape: Callable[[str], str]


def _file_refs(index: _Index, self_name: str) -> _Refs:
    """Per-type documents: `microsoft.graph.phone.json`, resolved against the `$id`."""

    def document(name: str) -> str:
        return "" if name == self_name else f"{quote(index.stems[name], safe='')}.json"

    return _Refs(
        entry=lambda name: document(name) or "#",
        shape=lambda name: f"{document(name)}#/$defs/{_SHAPE}",
    )


def _pointer(name: str) -> str:
    """A `$defs` key as a URI-fragment JSON pointer token (RFC 6901, then percent-encoded)."""
    return quote(name.replace("~", "~0").replace("/", "~1"), safe="")


def _bundle_refs() -> _Refs:
    """The bundle: `#/$defs/<name>` and `#/$defs/<name>/$defs/shape`."""
    return _Refs(
        entry=lambda name: f"#/$defs/{_pointer(name)}",
        shape=lambda name: f"#/$defs/{_pointer(name)}/$defs/{_SHAPE}",
    )


def schema_id(stem: str, *, strict: bool = False) -> str:
    """The `$id` of the document stored as `schemas/[strict/]<stem>.json`.

    The stem is the qualified type name except for case-only collisions; the keys of
    `schema_files` give the exact stems.
    """
    return f"{BASE_URI}{_STRICT_DIR if strict else ''}{quote(stem, safe='')}.json"


def bundle_id(*, strict: bool = False) -> str:
    return schema_id(_BUNDLE_STEM, strict=strict)


def bundle_ref(name: str, *, strict: bool) -> str:
    """The absolute `$ref` to a type's definition in the bundle: `<bundle $id>#/$defs/<name>`."""
    return f"{bundle_id(strict=strict)}#/$defs/{_pointer(name)}"


# -- bodies -----------------------------------------------------------------------------


def _with_text(schema: Schema, title: str | None, description: str) -> Schema:
    """`title` and `description` (clean text already) before the schema's own keys."""
    text: Schema = {"title": title} if title else {}
    if description:
        text["description"] = description
    return {**text, **schema}


def _value_schema(ref: TypeRef, refs: _Refs) -> Schema:
    """A single value of a type: an Edm primitive, a `$ref`, or anything when unresolved."""
    if isinstance(ref, Named):
        return {"$ref": refs.entry(ref.name)}
    primitive = primitive_schema(ref.text)
    if primitive is not None:
        return primitive
    return {"$comment": f"unresolved type {ref.text!r}: any value is accepted"}


def _property_schema(prop: Property, refs: _Refs, text: DocText) -> Schema:
    schema = _value_schema(prop.ref, refs)
    if prop.collection:
        schema = {"type": "array", "items": schema}
    if prop.nullable is not False:
        schema = allow_null(schema)
    if prop.read_only:
        schema = {**schema, "readOnly": True}
    return _with_text(schema, None, text.text(prop.description))


def _own_block(type_def: TypeDef, refs: _Refs, text: DocText) -> Schema:
    """The properties a type declares itself, plus `@odata.type` and annotations."""
    properties: Schema = {_ODATA_TYPE: {"type": "string"}}
    for prop in type_def.properties:
        properties[prop.name] = _property_schema(prop, refs, text)
    block: Schema = {"type": "object", "properties": properties, "patternProperties": {"@": {}}}
    if type_def.open:
        block["additionalProperties"] = True
    return block


def _shape(index: _Index, type_def: TypeDef, refs: _Refs) -> Schema:
    own = _own_block(type_def, refs, index.text)
    base = index.graph.base(type_def)
    if base is not None:
        return {"allOf": [{"$ref": refs.shape(base.name)}, own]}
    if type_def.base:
        return {**own, "$comment": f"base {type_def.base!r} is unresolved or circular"}
    return own


def _dispatch(derived: str, refs: _Refs) -> Schema:
    """Apply a derived type's shape when `@odata.type` names it."""
    names = [f"#{derived}", derived]
    return {
        "if": {"properties": {_ODATA_TYPE: {"enum": names}}, "required": [_ODATA_TYPE]},
        "then": {"$ref": refs.shape(derived)},
    }


def _declared(index: _Index, type_def: TypeDef) -> Schema:
    """`{name: true}` for every own and inherited property, beside `unevaluatedProperties`.

    A subschema that fails contributes no evaluated keys, so without this one bad value
    would also report every sibling property as unevaluated. These always-valid entries
    keep strict mode to one error per real problem.
    """
    names = [_ODATA_TYPE]
    for ancestor in reversed(index.graph.chain(type_def)):
        names.extend(prop.name for prop in ancestor.properties)
    return dict.fromkeys(names, True)


def _object_body(index: _Index, type_def: TypeDef, refs: _Refs, strict: bool) -> Schema:
    body: Schema = {"type": "object", "$ref": refs.shape(type_def.name)}
    dispatch = [_dispatch(name, refs) for name in index.graph.descendants(type_def.name)]
    if dispatch:
        body["allOf"] = dispatch
    if strict and not index.graph.is_open(type_def):
        body["properties"] = _declared(index, type_def)
        body["unevaluatedProperties"] = False
    body["$defs"] = {_SHAPE: _shape(index, type_def, refs)}
    return body


def _enum_body(type_def: TypeDef) -> Schema:
    """Members by name; flags enums also take comma-separated combinations."""
    members = list(dict.fromkeys(member.name for member in type_def.members))
    if not members:
        return {"type": "string", "$comment": "no members documented: any string is accepted"}
    if type_def.flags:
        return {"type": "string", "pattern": flags_pattern(members)}
    return {"type": "string", "enum": members}


def _body(index: _Index, type_def: TypeDef, refs: _Refs, strict: bool) -> Schema:
    if type_def.kind == "enum":
        body = _enum_body(type_def)
    else:
        body = _object_body(index, type_def, refs, strict)
    return _with_text(body, type_def.name, index.text.text(type_def.description))


# -- documents --------------------------------------------------------------------------


def _type_document(index: _Index, type_def: TypeDef, strict: bool) -> Schema:
    refs = _file_refs(index, type_def.name)
    head: Schema = {
        "$schema": DIALECT,
        "$id": schema_id(index.stems[type_def.name], strict=strict),
    }
    return _canonical({**head, **_body(index, type_def, refs, strict)})


def _own(index: _Index, type_def: TypeDef) -> TypeDef:
    """The model's TypeDef of that name; one outside the model would leave dangling refs."""
    found = index.graph.by_name.get(type_def.name)
    if found is None:
        raise KeyError(f"type {type_def.name!r} is not in the model")
    return found


def type_schema(model: ApiModel, type_def: TypeDef, *, strict: bool = False) -> Schema:
    """The standalone schema of one type; its references resolve against its `$id`."""
    index = _Index.of(model)
    return _type_document(index, _own(index, type_def), strict)


def _bundle(index: _Index, strict: bool) -> Schema:
    refs = _bundle_refs()
    defs = {type_def.name: _body(index, type_def, refs, strict) for type_def in index.graph}
    variant = "strict" if strict else "lenient"
    return _canonical(
        {
            "$schema": DIALECT,
            "$id": bundle_id(strict=strict),
            "title": f"graphdoc types ({variant})",
            "description": "Every type of the model under $defs, keyed by qualified name.",
            "$defs": defs,
        }
    )


def bundle(model: ApiModel, *, strict: bool = False) -> Schema:
    """One schema holding every type under `$defs`, references as `#/$defs/<name>`."""
    return _bundle(_Index.of(model), strict)


def _json_text(schema: Schema) -> str:
    """Insertion order is already canonical (see `_canonical`); ASCII keeps bytes stable."""
    return json.dumps(schema, indent=2, ensure_ascii=True) + "\n"


_NEWLINE, _INDENT = "\n", "\n    "  # a bundle entry is its document, indented once more
# Stands for the `$defs` of a bundle while the rest is written; no JSON string has it.
_DEFS_SLOT = '"\\u0000defs"'


def _unit_key(index: _Index, type_def: TypeDef, variant: str, memo: RenderMemo) -> bytes:
    """A key of everything a type's document (or bundle entry) in `variant` reads: see
    `_inputs_key` (the variant's name appended: the key is compared, never parsed)."""
    return _inputs_key(index, type_def.name, memo) + variant.encode()


def _inputs_key(index: _Index, name: str, memo: RenderMemo) -> bytes:
    """A key of everything a type's documents read: the type and its bases (their
    properties are declared, their openness inherited), the types deriving from it
    (dispatched on), the file stems of all these and of the types their properties name,
    and the clean text of their descriptions; from the model's digests, nothing built
    (last run's when the digests of the type and its bases are, `type_keys`)."""
    known = index.keys
    found = known.get(name)
    if found is not None:
        return found
    keys = type_keys(memo, index.model)
    found = keys.last("schema", name)
    if found is not None:
        known[name] = found
        return found
    digests = model_digests(index.model)
    chain = index.graph.chain(index.graph.by_name[name])
    descendants = index.graph.descendants(name)
    named = {item.name for item in chain}.union(descendants)
    named.update(
        prop.ref.name for item in chain for prop in item.properties if isinstance(prop.ref, Named)
    )
    paragraphs = index.text.paragraphs
    found = known[name] = unit_key(
        "schema",
        tuple((item.name, digests.of(item.name)) for item in chain),
        tuple(descendants),
        tuple((item, index.stems.get(item)) for item in sorted(named)),
        paragraphs(chain[0].description),
        tuple(paragraphs(prop.description) for item in chain for prop in item.properties),
    )
    keys.note("schema", name, [item.name for item in chain], found)
    return found


def _bundle_text(index: _Index, strict: bool, memo: RenderMemo | None) -> str:
    """`_json_text(_bundle(index, strict))`, with each type's entry written on its own
    (and, with a `memo`, taken from the last run when its inputs are unchanged): the
    encoder lays a value out the same wherever it stands, only indented deeper."""
    refs = _bundle_refs()
    variant = "strict" if strict else "lenient"
    entries: list[str] = []

    def make(type_def: TypeDef) -> str:
        text = _json_text(_canonical(_body(index, type_def, refs, strict)))
        return f"    {json.dumps(type_def.name)}: {text[:-1].replace(_NEWLINE, _INDENT)}"

    for type_def in sorted(index.graph, key=lambda t: t.name):
        if memo is None:
            entries.append(make(type_def))
        else:  # the entry as it stands in the bundle: indented once, not on every run
            key = _unit_key(index, type_def, f"bundle {variant}", memo)
            name = f"#bundle/{variant}/{type_def.name}"
            entries.append(memo.fragment(name, functools.partial(make, type_def), key))
    head = _canonical(
        {
            "$schema": DIALECT,
            "$id": bundle_id(strict=strict),
            "title": f"graphdoc types ({variant})",
            "description": "Every type of the model under $defs, keyed by qualified name.",
            "$defs": "\0defs",
        }
    )
    before, after = _json_text(head).split(_DEFS_SLOT, 1)
    if not entries:
        return f"{before}{{}}{after}"
    parts = [before, "{\n"]  # one join: the bundle is megabytes
    for entry in entries:
        parts += (entry, ",\n")
    parts[-1] = "\n  }"
    parts.append(after)
    return "".join(parts)


def schema_files(model: ApiModel, memo: RenderMemo | None = None) -> dict[str, str]:
    """Relative output path → JSON text, both variants, sorted by path; with a `memo`
    (`graphdoc.emit.slices`), a document whose inputs are unchanged is last run's."""
    index = _Index.of(model)
    files: dict[str, str] = {}
    for strict in (False, True):
        folder = f"schemas/{_STRICT_DIR if strict else ''}"
        for type_def in index.graph:

            def make(type_def: TypeDef = type_def, strict: bool = strict) -> str:
                return _json_text(_type_document(index, type_def, strict))

            path = f"{folder}{index.stems[type_def.name]}.json"
            if memo is None:
                files[path] = make()
            else:
                key = _unit_key(index, type_def, "strict" if strict else "lenient", memo)
                memo.put(files, path, make, key)
        files[f"{folder}{_BUNDLE_STEM}.json"] = _bundle_text(index, strict, memo)
    return dict(sorted(files.items()))


# -- validation -------------------------------------------------------------------------


def registry_for(model: ApiModel, *, strict: bool) -> Registry[Schema]:
    """A `referencing` registry holding the bundle; build it once, validate many bodies."""
    document = bundle(model, strict=strict)
    from referencing import Registry, Resource

    resource: Resource[Schema] = Resource.from_contents(document)
    empty: Registry[Schema] = Registry()
    return empty.with_resources([(bundle_id(strict=strict), resource)])


def validator_for(
    model: ApiModel,
    type_name: str,
    *,
    strict: bool,
    registry: Registry[Schema] | None = None,
) -> Validator:
    """A format-checking 2020-12 validator for one type, resolving through the bundle.

    With jsonschema's default extras, `FORMAT_CHECKER` enforces `date` and `uuid` only;
    the patterns in `schema_types` cover date-time, time and duration without extras.
    """
    type_def = graph_of(model).get(type_name)
    if type_def is None:
        raise KeyError(f"type {type_name!r} is not in the model")
    if registry is None:
        registry = registry_for(model, strict=strict)
    root = {"$schema": DIALECT, "$ref": bundle_ref(type_def.name, strict=strict)}
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

    validator: Validator = Draft202012Validator(
        root, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return validator


# -- canonical key order ----------------------------------------------------------------


def _canonical(schema: Schema) -> Schema:
    """Keys sorted everywhere except inside `properties`, whose order is the model's."""
    return {key: _canonical_value(key, schema[key]) for key in sorted(schema)}


def _canonical_value(keyword: str, value: object) -> object:
    if keyword == "properties" and isinstance(value, dict):
        return {name: _canonical_any(sub) for name, sub in value.items()}
    return _canonical_any(value)


def _canonical_any(value: object) -> object:
    if isinstance(value, dict):
        return _canonical(value)
    if isinstance(value, list):
        return [_canonical_any(item) for item in value]
    return value
