"""GDL3xx: request and response examples against the model.

A body is checked against the type the page documents for it: the request-body type of the
operation, the response annotation's `@odata.type` (or the type the Response section
names). `@odata.type` inside a body may name that type or one derived from it, and then the
derived type's properties apply. Open types accept any property; `@` keys are instance
annotations; a property the type lacks is let through when the body does not say which
type it is and a derived type has it. Values are checked loosely where the docs are loose
(a date-time without an offset, Int64 as a string) and not at all when they are
placeholders (`{id}`, `<value>`, generator samples: GDL105 reports those).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ...diagnostics import BODY_NOT_STRICT, BODY_PROBLEM
from ...model.paths import find
from ...model.types import Example, Operation, Property, TypeDef
from ...read.http import GRAPH_HOSTS, REQUEST_LINE, path_of
from ...read.lenient_json import Node
from ...read.page import AnnotatedFence
from ...read.typecell import primitive_name
from ..context import PageContext
from ..tree import TypeSource

_HOST = re.compile(r"^https?://([^/\s?#]+)", re.IGNORECASE)
_PLACEHOLDER_VALUE = re.compile(
    r"^\s*(?:\{.*\}|<.*>|\[.*\])\s*$|\.\.\.|\u2026|^(?:String|Boolean|Int\d+|Integer|Double|Single|"
    r"Decimal|Date|DateTimeOffset|TimeOfDay|Duration|Guid|Binary|Byte)(?: \([^)]*\))?$"
    r"|-value$|_value$|^value$|^@odata\.type: |^[A-Z][A-Za-z ]* value$",
    re.IGNORECASE,
)
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$", re.I
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_DURATION = re.compile(
    r"^-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?"
    r"(?:\d+(?:\.\d+)?S)?)?$"
)
_GUID = re.compile(r"^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$", re.I)
_NUMBER_TEXT = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$|^-?INF$|^NaN$")
_INTEGER_TEXT = re.compile(r"^-?\d+$")
_INTEGERS = frozenset({"Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte"})
_NUMBERS = frozenset({"Edm.Double", "Edm.Single", "Edm.Decimal"})
_SUBTYPE_LIMIT = 200


def _describe(node: Node) -> str:
    if node.kind == "string":
        text = str(node.value)
        return f'`"{text if len(text) <= 40 else text[:37] + "..."}"`'
    if node.kind in ("number", "bool"):
        return f"`{str(node.value).lower() if node.kind == 'bool' else node.value}`"
    return {"object": "an object", "array": "an array", "null": "null"}.get(node.kind, "a value")


def _primitive_ok(node: Node, type_name: str) -> bool:
    kind = node.kind
    value = node.value
    if type_name in ("Edm.Untyped", "Edm.Stream"):
        return True
    if kind == "string" and _PLACEHOLDER_VALUE.search(str(value)):
        return True
    if type_name in ("Edm.String", "Edm.Binary"):
        return kind == "string"
    if type_name == "Edm.Boolean":
        return kind == "bool"
    if type_name in _INTEGERS:
        if kind == "number":
            return isinstance(value, int)
        return kind == "string" and type_name == "Edm.Int64" and bool(_INTEGER_TEXT.match(value))
    if type_name in _NUMBERS:
        if kind == "number":
            return True
        return kind == "string" and bool(_NUMBER_TEXT.match(value))
    if kind != "string":
        return False
    checks = {
        "Edm.DateTimeOffset": _DATE_TIME,
        "Edm.Date": _DATE,
        "Edm.TimeOfDay": _TIME,
        "Edm.Duration": _DURATION,
        "Edm.Guid": _GUID,
    }
    pattern = checks.get(type_name)
    return pattern is None or bool(pattern.match(value.strip()))


@dataclass(slots=True)
class _Checker:
    ctx: PageContext
    types: TypeSource
    props_cache: dict[str, tuple[dict[str, Property], bool]] = field(default_factory=dict)
    shown_cache: dict[str, dict[str, Any]] = field(default_factory=dict)

    def properties(self, type_def: TypeDef) -> tuple[dict[str, Property], bool]:
        """Properties by lower-cased name (with inherited ones) and whether the type is open."""
        key = type_def.name.lower()
        cached = self.props_cache.get(key)
        if cached is not None:
            return cached
        found: dict[str, Property] = {}
        is_open = False
        shown: dict[str, Any] = {}
        for current in self.types.chain(type_def):
            is_open = is_open or current.open
            for prop in current.properties:
                found.setdefault(prop.name.lower(), prop)
            for json_key, json_value in self.types.json_keys(current.name).items():
                shown.setdefault(json_key, json_value)
        self.props_cache[key] = (found, is_open)
        self.shown_cache[key] = shown
        return found, is_open

    def shown(self, type_def: TypeDef) -> dict[str, Any]:
        """Keys (and values) a type's own JSON representation shows, with its bases'."""
        self.properties(type_def)
        return self.shown_cache.get(type_def.name.lower(), {})

    def in_subtype(self, type_def: TypeDef, key: str) -> bool:
        queue = list(self.types.subtypes(type_def.name))
        seen: set[str] = set()
        while queue and len(seen) < _SUBTYPE_LIMIT:
            name = queue.pop(0)
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            subtype = self.types.get(name)
            if subtype is None:
                continue
            if any(prop.name.lower() == key for prop in subtype.properties) or subtype.open:
                return True
            if key in self.types.json_keys(subtype.name):
                return True
            queue.extend(self.types.subtypes(name))
        return False

    def value(self, node: Node, type_name: str, collection: bool, label: str) -> None:
        if node.kind == "null" or not type_name or type_name in ("Edm.Untyped", "Edm.Stream"):
            return
        if collection:
            if node.kind != "array":
                if type_name != "Edm.Untyped" and not self._placeholder(node):
                    self.ctx.report(
                        node.line, node.column, "GDL303",
                        f"{label} is a collection of {type_name}; the example gives "
                        f"{_describe(node)}",
                    )
                return
            for item in node.items:
                self.single(item, type_name, label)
            return
        if node.kind == "array" and type_name != "Edm.Untyped":
            self.ctx.report(
                node.line, node.column, "GDL303",
                f"{label} is a single {type_name}; the example gives an array",
            )
            return
        self.single(node, type_name, label)

    @staticmethod
    def _placeholder(node: Node) -> bool:
        return node.kind == "string" and bool(_PLACEHOLDER_VALUE.search(str(node.value)))

    def single(self, node: Node, type_name: str, label: str) -> None:
        if node.kind == "null":
            return
        if type_name.startswith("Edm."):
            if not _primitive_ok(node, type_name):
                self.ctx.report(
                    node.line, node.column, "GDL303",
                    f"{label} is {type_name}; the example gives {_describe(node)}",
                )
            return
        type_def = self.types.get(type_name)
        if type_def is None:
            return
        if type_def.kind == "enum":
            self.enum(node, type_def, label)
            return
        if node.kind == "object":
            self.object(node, type_def)
        elif not self._placeholder(node):
            self.ctx.report(
                node.line, node.column, "GDL303",
                f"{label} is a {type_def.name} object; the example gives {_describe(node)}",
            )

    def enum(self, node: Node, type_def: TypeDef, label: str) -> None:
        if node.kind != "string":
            self.ctx.report(
                node.line, node.column, "GDL303",
                f"{label} is the enum {type_def.name}; the example gives {_describe(node)}",
            )
            return
        members = {member.name.lower() for member in type_def.members}
        if not members or self._placeholder(node):
            return
        for part in str(node.value).split(","):
            value = part.strip()
            if value and value.lower() not in members:
                hint = difflib.get_close_matches(
                    value, [m.name for m in type_def.members], n=1, cutoff=0.75
                )
                more = f"; did you mean `{hint[0]}`?" if hint else ""
                self.ctx.report(
                    node.line, node.column, "GDL307",
                    f"`{value}` is not a member of the enum {type_def.name}{more}",
                )
                return

    def object(
        self,
        node: Node,
        type_def: TypeDef,
        accepted: frozenset[str] = frozenset(),
        top: bool = False,
    ) -> None:
        declared = node.member("@odata.type")
        if declared is not None and declared.value.kind == "string":
            named = str(declared.value.value).strip().lstrip("#")
            if named and not named.lower().startswith("collection("):
                type_def = self.declared(declared.value, named, type_def, accepted)
        properties, is_open = self.properties(type_def)
        for member in node.members:
            if "@" in member.key:
                continue
            prop = properties.get(member.key.lower())
            if prop is None:
                lowered = member.key.lower()
                if is_open or lowered in self.shown(type_def):
                    continue
                if declared is None and self.in_subtype(type_def, lowered):
                    continue
                if top and member.key == "value" and member.value.kind in ("object", "array"):
                    self.ctx.report(
                        member.line, member.column, "GDL302",
                        f"the body wraps its content in `value`, but the response is documented "
                        f"as a single {type_def.name}, which has no `value` property",
                    )
                    continue
                names = [p.name for p in properties.values()]
                hint = difflib.get_close_matches(member.key, names, n=1, cutoff=0.8)
                more = f"; did you mean `{hint[0]}`?" if hint else ""
                self.ctx.report(
                    member.line, member.column, "GDL302",
                    f"`{member.key}` is not a property of {type_def.name}{more}",
                )
                continue
            if " or " in prop.type_text.lower():
                continue  # `[a](a.md) or [b](b.md)`: either type may stand here
            documented = _effective_type(prop)
            shown = self.shown(type_def).get(member.key.lower())
            if documented.startswith("Edm.") and _fits_representation(member.value, shown):
                continue  # the type's own JSON representation shows a value like this one
            collection = prop.collection
            if shown is not None and (member.value.kind == "array") == isinstance(shown, list):
                collection = member.value.kind == "array"  # as the representation shows it
            if (
                top and member.key == "value" and member.value.kind == "object"
                and documented not in ("Edm.Untyped", "Edm.Stream")
                and (documented.startswith("Edm.") or prop.collection)
            ):
                self.ctx.report(
                    member.line, member.column, "GDL303",
                    f"the body wraps its content in `value`, but the response is documented as "
                    f"a single {type_def.name}, whose `value` is "
                    f"{'a collection of ' if prop.collection else ''}{documented}",
                )
                continue
            self.value(member.value, documented, collection, f"`{member.key}`")

    def declared(
        self, position: Node, named: str, expected: TypeDef, accepted: frozenset[str]
    ) -> TypeDef:
        """The type a body's `@odata.type` names, checked against the documented one.

        Graph docs often leave a type's base undocumented (`message` says nothing of
        `outlookItem`), so a type is only called unrelated when its documented chain reaches
        `entity`; a request body may be any of the types its section links."""
        qualified = named if "." in named else f"microsoft.graph.{named}"
        found = self.types.get(qualified)
        if found is None:
            self.ctx.report(
                position.line, position.column, "GDL304",
                f"`@odata.type` `{named}` names no type documented in this tree "
                f"(expected {expected.name} or a type derived from it)",
            )
            return expected
        chain = self.types.chain(found)
        if any(t.name.lower() == expected.name.lower() for t in chain):
            return found
        simple = found.name.rsplit(".", 1)[-1].lower()
        # Only a type of the same family on another branch (siblings under a documented
        # common base other than `entity`) is certainly not the expected one; otherwise the
        # base may just be documented wrongly on the type's own page (`orgContact` says
        # "Inherits from directoryObject" in prose, `"baseType": "microsoft.graph.entity"`
        # in its annotation).
        ours = {t.name.lower() for t in chain} - {"microsoft.graph.entity"}
        theirs = {t.name.lower() for t in self.types.chain(expected)}
        if ours & theirs and simple not in accepted:
            self.ctx.report(
                position.line, position.column, "GDL304",
                f"`@odata.type` `{named}` is neither {expected.name} nor derived from it "
                f"({' < '.join(t.name.rsplit('.', 1)[-1] for t in chain)})",
            )
        return found

    def body(
        self, node: Node, type_name: str, collection: bool, accepted: frozenset[str] = frozenset()
    ) -> None:
        wrapped = node.member("value") if node.kind == "object" else None
        if type_name.startswith("Edm.") and not collection and wrapped is not None:
            node = wrapped.value  # a primitive result comes as `{"value": ...}`
        if not collection and node.kind == "object" and not type_name.startswith("Edm."):
            type_def = self.types.get(type_name)
            if type_def is not None and type_def.kind != "enum":
                self.object(node, type_def, accepted, top=True)
                return
        if collection and node.kind == "object":
            value = node.member("value")
            if value is None:
                self.ctx.report(
                    node.line, node.column, "GDL303",
                    f"the body should be a collection of {type_name} (a `value` array)",
                )
                return
            self.value(value.value, type_name, True, "`value`")
            return
        self.value(node, type_name, collection, "the body")


def _fits_representation(node: Node, shown: Any) -> bool:
    """Whether an example value is of the kind the type's JSON representation shows for the
    property. Where the table and the representation disagree (`textColumn`'s table says
    `string`, its representation `true`) the type's page contradicts itself: that is its
    problem, not the example's."""
    if shown is None:
        return False
    if isinstance(shown, list):
        return node.kind == "array" and all(
            _fits_representation(item, shown[0]) for item in node.items
        ) if shown else node.kind == "array"
    if isinstance(shown, bool):
        return node.kind == "bool"
    if isinstance(shown, int | float):
        return node.kind == "number"
    if isinstance(shown, str):
        primitive = primitive_name(shown.split("(")[0].strip()) or "Edm.String"
        return node.kind != "array" and _primitive_ok(node, primitive)
    return False


_LINKED_PRIMITIVE = re.compile(r"^\s*\[([^\]]+)\]\(")


def _effective_type(prop: Property) -> str:
    """`[DateTimeOffset](timestamp.md)` links a primitive to a page about its format."""
    link = _LINKED_PRIMITIVE.match(prop.type_text)
    if link:
        primitive = primitive_name(link.group(1).strip("*` "))
        if primitive is not None:
            return primitive
    return prop.type


def _examples_by_line(ctx: PageContext) -> dict[int, tuple[Example, Operation | None, str]]:
    found: dict[int, tuple[Example, Operation | None, str]] = {}
    for operation in ctx.operations:
        for example in operation.examples:
            found[example.request.source.line] = (example, operation, "request")
            if example.response is not None:
                found.setdefault(example.response.source.line, (example, operation, "response"))
    for example in ctx.examples:
        found.setdefault(example.request.source.line, (example, None, "request"))
        if example.response is not None:
            found.setdefault(example.response.source.line, (example, None, "response"))
    return found


def check_bodies(ctx: PageContext) -> None:
    fences = {fenced.fence.line: fenced for fenced in ctx.doc.fences}
    for diagnostic in ctx.doc.diagnostics:
        if diagnostic.code not in (BODY_PROBLEM.code, BODY_NOT_STRICT.code):
            continue
        fenced = fences.get(diagnostic.line)
        if fenced is not None and _placeholder_body(fenced):
            continue
        ctx.report(diagnostic.line, diagnostic.column, "GDL301", diagnostic.message)
    checker = _Checker(ctx, ctx.types)
    by_line = _examples_by_line(ctx)
    for fenced in ctx.doc.fences:
        found = by_line.get(fenced.fence.line)
        if found is None or fenced.role not in ("request", "response"):
            continue
        if fenced.annotation is not None and fenced.annotation.block_type not in (
            "request", "response"
        ):
            continue
        example, operation, side = found
        accepted: frozenset[str] = frozenset()
        if side == "request":
            accepted = _body_section_types(ctx)
            body = operation.request_body if operation is not None else None
            if body is None or not body.type:
                continue
            type_name, collection = body.type, body.collection
        else:
            response = example.response
            if response is None or (response.status or 0) >= 300:
                continue
            if response.type:
                type_name, collection = response.type, response.collection
            elif operation is not None and operation.response.type:
                type_name, collection = operation.response.type, operation.response.collection
            else:
                continue
        node = ctx.body(fenced)
        if node is None:
            continue
        checker.body(node, type_name, collection, accepted)


_WORDS_IN_BRACES = re.compile(r"^\{[^\"':{}]*\}$|^<[^>]*>$")


def _placeholder_body(fenced: AnnotatedFence) -> bool:
    """An `ignored` block, or a body that stands for content (`{Raw bytes of the file}`)."""
    if fenced.annotation is not None and fenced.annotation.block_type == "ignored":
        return True
    lines = [line.strip() for line in fenced.fence.lines if line.strip()]
    return bool(lines) and bool(_WORDS_IN_BRACES.match(lines[-1])) and (
        len(lines) == 1 or not lines[-2].endswith(("{", "[", ","))
    )


_LINK_TEXT = re.compile(r"\[([^\]]+)\]\(")


def _body_section_types(ctx: PageContext) -> frozenset[str]:
    """Type names the request-body section's prose links: a body may be any of them."""
    names: set[str] = set()
    for text in ctx.doc.texts:
        if text.section == "request body" and "](" in text.text:
            for match in _LINK_TEXT.finditer(text.text):
                names.add(match.group(1).strip("*` ").rsplit(".", 1)[-1].lower())
    return frozenset(names)


def _in_syntax_section(fenced: AnnotatedFence) -> bool:
    return "http request" in (fenced.fence.section, fenced.fence.heading)


def documents_path(operations: list[Operation], path: str) -> bool:
    """Whether a request path (host, version and query removed) addresses one of the
    operations' documented paths, read as the clients and the mock read them
    (`graphdoc.model.paths.find`); generator placeholders (`** ... not found`) aside."""
    templates = [t for op in operations for t in op.templates if "**" not in t.text]
    return find(templates, path) is not None


def check_requests(ctx: PageContext) -> None:
    """GDL305/GDL306: each request example against the paths and methods the page's
    operations document (`documents_path`)."""
    operations = ctx.operations
    if not operations:
        return
    methods = {operation.method for operation in operations}
    documented = sorted({path for op in operations for path in op.paths})
    for fenced in ctx.doc.fences:
        if fenced.role != "request" or _in_syntax_section(fenced):
            continue
        annotation = fenced.annotation
        if annotation is not None and (
            annotation.block_type != "request" or annotation.flag("opaqueUrl")
        ):
            continue
        first = next((line for line in fenced.fence.lines if line.strip()), "")
        match = REQUEST_LINE.match(first.strip())
        if match is None:
            continue
        method, target = match.group(1), match.group(2).strip().split(" HTTP/")[0].strip()
        host = _HOST.match(target)
        if host and host.group(1).lower() not in GRAPH_HOSTS:
            continue
        if "**" in target or "not found" in target.lower():
            continue  # a generator placeholder: GDL101 reports it
        if not host and "{" in target:
            continue  # a template shown outside the syntax section (OneDrive pages)
        number = fenced.fence.line + 1 + fenced.fence.lines.index(first)
        raw = ctx.line(number)
        if method not in methods:
            ctx.report(
                number, raw.find(method) + 1, "GDL306",
                f"example uses {method}, but the HTTP request section lists only "
                f"{', '.join(sorted(methods))}",
            )
            continue
        if documents_path(operations, path_of(target)):
            continue
        shown = ", ".join(documented[:3])
        ctx.report(
            number, max(raw.find(target), 0) + 1, "GDL305",
            f"example URL path `{path_of(target)}` matches none of the page's request paths "
            f"({shown}{', ...' if len(documented) > 3 else ''})",
        )


CHECKS = (
    (frozenset({"GDL301", "GDL302", "GDL303", "GDL304", "GDL307"}), check_bodies),
    (frozenset({"GDL305", "GDL306"}), check_requests),
)
