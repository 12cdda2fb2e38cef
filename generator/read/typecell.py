"""Type cells (`String collection`, `[phone](phone.md) collection`, `Collection(Edm.Guid)`...).

The reader only says what a cell names: a primitive as its `Edm.*` name, or a reference
with its link text, link target and anchor. Turning a reference into a qualified name needs
the whole tree and happens in `graphdoc.model.resolve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

PRIMITIVES: dict[str, str] = {
    "string": "Edm.String",
    "str": "Edm.String",
    "url": "Edm.String",
    "uri": "Edm.String",
    "etag": "Edm.String",
    "int32": "Edm.Int32",
    "int": "Edm.Int32",
    "integer": "Edm.Int32",
    "int64": "Edm.Int64",
    "long": "Edm.Int64",
    "int16": "Edm.Int16",
    "short": "Edm.Int16",
    "byte": "Edm.Byte",
    "sbyte": "Edm.Byte",
    "boolean": "Edm.Boolean",
    "bool": "Edm.Boolean",
    "double": "Edm.Double",
    "number": "Edm.Double",
    "float": "Edm.Single",
    "single": "Edm.Single",
    "decimal": "Edm.Decimal",
    "numeric": "Edm.Decimal",  # the exact-decimal type of SQL (Dynamics pages: amounts)
    "datetimeoffset": "Edm.DateTimeOffset",
    "datetime": "Edm.DateTimeOffset",
    "timestamp": "Edm.DateTimeOffset",
    "date": "Edm.Date",
    "timeofday": "Edm.TimeOfDay",
    "time": "Edm.TimeOfDay",
    "duration": "Edm.Duration",
    "timespan": "Edm.Duration",
    "guid": "Edm.Guid",
    "uuid": "Edm.Guid",
    "binary": "Edm.Binary",
    "base64": "Edm.Binary",
    "stream": "Edm.Stream",
    "json": "Edm.Untyped",
    "object": "Edm.Untyped",
    "json object": "Edm.Untyped",
    "untyped json object": "Edm.Untyped",
    "untyped": "Edm.Untyped",
}

_LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\)(?P<rest>.*)$")
_UNCLOSED_LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)$")
_ALTERNATIVES = re.compile(r"\bor\b|\[", re.IGNORECASE)
_REF_LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\[(?P<ref>[^\]]*)\](?P<rest>.*)$")
_BRACKETED = re.compile(r"^\[(?P<text>[^\]]+)\](?P<rest>.*)$")
_COLLECTION_OF = re.compile(r"^collection\s*\((?P<inner>.*)\)$", re.IGNORECASE)
_COLLECTION_SUFFIX = re.compile(r"\s+collection$", re.IGNORECASE)
_COLLECTION_PREFIX = re.compile(r"^collection of\s+", re.IGNORECASE)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_TRAILING_WORDS = re.compile(r"\s+(resource|object|type|entity|enum|objects)$", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LEADING_QUALIFIER = re.compile(r"^\((optional|required)\)\s*", re.IGNORECASE)
_QUALIFIER = re.compile(r"^(?P<word>[A-Za-z.]+)\s*(?:[,(].*)?$")
_ALTERNATIVE_LINK = re.compile(
    r"\bor\s+\[(?P<text>[^\]]*)\]\((?P<target>[^)\s#]*)[^)]*\)", re.IGNORECASE
)
# Pages that stand for a primitive: a link to one names the primitive, whatever its text
# (`[DateTimeOffset](../resources/timestamp.md)`: no type is documented there).
_PRIMITIVE_PAGES = {"timestamp": "Edm.DateTimeOffset"}


@dataclass(slots=True, frozen=True)
class TypeCell:
    """What a Type cell names; `name` is an `Edm.*` name or the text of a reference."""

    name: str
    collection: bool
    primitive: bool
    target: str | None = None  # a link target as written, without the anchor
    anchor: str | None = None
    understood: bool = True  # False when the cell had to be guessed at
    # `[a](a.md) or [b](b.md)`: every type the cell names, in order (text, target); the
    # model resolves the cell to their nearest common base.
    alternatives: tuple[tuple[str, str | None], ...] = ()


def _clean(text: str) -> str:
    text = text.replace("**", "").replace("`", "").replace("&nbsp;", " ")
    if "<" in text:
        text = _BREAK.sub(" ", text)
    return " ".join(text.split())


def primitive_name(text: str) -> str | None:
    """The `Edm.*` name for a primitive spelling, or None."""
    lowered = text.strip().lower()
    if lowered.startswith("edm."):
        lowered = lowered[4:]
    return PRIMITIVES.get(lowered)


def parse_type_cell(cell: str, references: dict[str, str] | None = None) -> TypeCell:
    """Read a Type cell; `references` are the page's `[name]: target` definitions."""
    if "][" in cell or (references and "[" in cell and "](" not in cell):
        return _parse_uncached(cell, references or {})
    return _parse_cached(cell)


@lru_cache(maxsize=8192)
def _parse_cached(cell: str) -> TypeCell:
    """Cells without reference-style links read the same on every page (`String`: 16,000x)."""
    return _parse_uncached(cell, {})


def _parse_uncached(cell: str, references: dict[str, str]) -> TypeCell:
    text = _LEADING_QUALIFIER.sub("", _clean(cell))
    collection = False
    match = _COLLECTION_OF.match(text)
    if match:
        text, collection = match.group("inner").strip(), True
    while _COLLECTION_SUFFIX.search(text):  # `routingPolicy collection collection` (call.md)
        text, collection = _COLLECTION_SUFFIX.sub("", text).strip(), True
    if _COLLECTION_PREFIX.match(text):
        text, collection = _COLLECTION_PREFIX.sub("", text).strip(), True
        if text.lower().endswith("s") and primitive_name(text[:-1]):  # `collection of strings`
            text = text[:-1]
    match = _COLLECTION_OF.match(text)
    if match:
        text, collection = match.group("inner").strip(), True
    return _parse_single(text, collection, references)


def _parse_single(text: str, collection: bool, references: dict[str, str]) -> TypeCell:
    link = _LINK.match(text)
    if link:
        return _from_link(link.group("text"), link.group("target"), link.group("rest"), collection)
    unclosed = _UNCLOSED_LINK.match(text)
    if unclosed:  # `[invitedUserMessageInfo](invitedusermessageinfo.md` (invitation.md)
        cell = _from_link(unclosed.group("text"), unclosed.group("target"), "", collection)
        return replace(cell, understood=False)
    ref = _REF_LINK.match(text)
    if ref:
        key = (ref.group("ref") or ref.group("text")).strip().lower()
        target = references.get(key)
        return _from_link(ref.group("text"), target, ref.group("rest"), collection)
    bracketed = _BRACKETED.match(text)
    if bracketed and not bracketed.group("rest").strip().startswith("("):
        return _from_link(bracketed.group("text"), None, bracketed.group("rest"), collection)
    primitive = primitive_name(text)
    if primitive:
        return TypeCell(primitive, collection, primitive=True)
    bare = _TRAILING_WORDS.sub("", text).strip()
    if _IDENTIFIER.match(bare):
        primitive = primitive_name(bare)
        if primitive:
            return TypeCell(primitive, collection, primitive=True)
        return TypeCell(bare, collection, primitive=False)
    qualified = _QUALIFIER.match(text)
    if qualified:
        primitive = primitive_name(qualified.group("word"))
        if primitive:
            return TypeCell(primitive, collection, primitive=True)
    if "timestamp" in text.lower():
        return TypeCell("Edm.DateTimeOffset", collection, primitive=True)
    if not text:
        return TypeCell("", collection, primitive=False, understood=False)
    if " or " in text.lower() or "," in text:
        return TypeCell("Edm.Untyped", collection, primitive=True, understood=False)
    return TypeCell(text, collection, primitive=False, understood=False)


def _from_link(text: str, target: str | None, rest: str, collection: bool) -> TypeCell:
    name = _TRAILING_WORDS.sub("", _clean(text).strip())  # `[Drive resource](drive.md)`
    rest = rest.strip()
    if rest and _COLLECTION_SUFFIX.search(" " + rest):
        collection = True
    anchor = None
    if target and "#" in target:
        target, _, anchor = target.partition("#")
    page = (target or "").rsplit("/", 1)[-1].removesuffix(".md").lower()
    # `[DateTimeOffset](../resources/timestamp.md)`: Graph has no type spelt like a primitive.
    # A link to a page names the type documented there, even one spelt like a primitive
    # (`[Json](intune-mam-json.md)`), except pages that stand for a primitive. A link out of
    # the docs documents no Graph type: its text names the type
    # (`[dateTime](https://tools.ietf.org/html/rfc3339)`, subscription.md).
    outside = (target or "").lower().startswith(("http://", "https://"))
    in_docs = bool(target) and not outside
    primitive = _PRIMITIVE_PAGES.get(page) or (None if in_docs else primitive_name(name))
    if primitive:
        return TypeCell(primitive, collection, primitive=True)
    # `[a](a.md) or [b](b.md)` (call.md mediaConfig) names a union of types.
    others = tuple(
        (m.group("text"), m.group("target") or None) for m in _ALTERNATIVE_LINK.finditer(rest)
    )
    alternatives = ((name, target or None), *others) if others else ()
    understood = bool(_IDENTIFIER.match(name)) and not _ALTERNATIVES.search(rest)
    return TypeCell(
        name, collection, False, target or None, anchor or None, understood, alternatives
    )
