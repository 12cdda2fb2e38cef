"""Example tests: one generated pytest test per documented request/response pair.

`tests_ir(model, clients, specs)` decides, for every example of every operation
that has both a request and a response, everything its test needs, and `test_files`
writes it into the package's `tests/` folder. An example requesting a path whose request
another page defines (`Operation.superseded`, GD450) gets no test: the defining page's
method serves that request, and the mock answers it from that page.

* `tests/cases/<group>.json`: the pairs' data: documented bodies, the bodies actually sent
  and expected (see placeholders below), the schema each body is validated against,
  headers and extra query parameters, and any defect found while generating;
* `tests/test_<group>.py`: one test function per pair, calling the generated client method
  with the values of the example's URL (path parameters positionally or by keyword, query
  options as keyword arguments), so the tests double as usage examples;
* `tests/_support.py` (the harness: schema validation with `jsonschema` against the
  package's own `schemas/`, model round trips, the sync and the async client over real
  HTTP, comparison with the documented response) and `tests/conftest.py` (starts
  `graphdoc serve` on the spec folders, recorded relative to `tests/`, once per session;
  `GRAPHDOC_MOCK_URL` points the tests at a running mock instead).

Checks, in order, and what a failure means (the failure message says which):

1. the example reaches the operation: its URL matches a documented path, its method is the
   operation's (else: page defect);
2. the request body validates against the schema of its type, or of the page's parameter
   table (page defect), and round-trips through the model: `from_dict(body).to_dict()`
   equals the body but for the spelling of typed values (a refused value is a page
   defect; a changed one a generator bug). The lenient schema decides; what only the
   strict one refuses (properties the page does not document) and enum values right but
   for their case (Graph reads enums case-insensitively) are remarks, `ExampleNote`
   warnings, unless the mock, strict like Graph, then refuses the request;
3. the response body validates against the lenient schema of its type (responses carry
   properties the docs leave out; `truncated: true` examples show only some properties
   anyway, so no property is ever required) and round-trips the same way;
4. the sync and the async client, against the mock, return what the documented response
   holds: the model (compared through `to_dict`, the paging links the mock rewrites
   aside), every item of a collection (paging followed), `None` for no content, the bytes
   of a stream, or `GraphError` with the documented status for an error response. When
   the docs give the very same request (method and URL) other responses too and the mock
   answers with one of those, the test passes with a remark naming it.

Placeholders. Pages generated from stubs show values such as `"String"`, `"String
(timestamp)"`, `"Boolean"` or `"Int32"` (`graphdoc.model.placeholders`). Such an example is
exercised with values built from the type instead (`2021-01-01T00:00:00Z` for a
timestamp...); its test says so in its docstring and with an `ExampleUsesPlaceholders`
warning. `graphdoc serve` fills the documented reply with the same values, so the client's
result is compared with the built body.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..format import LINE_LENGTH
from ..model.digest import ModelDigests, model_digests
from ..model.examples import opaque_url
from ..model.paths import PathTemplate, Spelling, find, request_spellings
from ..model.placeholders import Placeholders
from ..model.types import ApiModel, Example, Operation, Property, Source, TypeDef
from ..read.http import media_type, path_of, request_target
from .gate import check_files, check_pieces, pieces
from .memo_index import MemoIndex
from .naming import Code, code, identifier, py_string_literal, snake_case
from .python_client import (
    ClientIR,
    MethodIR,
    VariantIR,
    example_query,
    is_json_media,
    match_variant,
)
from .python_models import (
    ImportIR,
    doc_paragraphs,
    header_lines,
    import_from,
    plain_import,
)
from .render import render, support_text
from .schema import bundle_ref
from .schema_types import allow_null, primitive_schema
from .slices import RenderMemo, facts_hold, input_key, remembered, unit_key
from .url_tree import RouteIR

__all__ = [
    "CallIR",
    "CaseIR",
    "TestModuleIR",
    "TestsIR",
    "test_files",
    "tests_ir",
]

_INDENT = 4
_VERSIONS = ("v1.0", "beta")
# Request headers the transport sets itself, or that describe the documented transport.
_TRANSPORT_HEADERS = frozenset(
    {"authorization", "content-type", "content-length", "host", "user-agent", "accept"}
)

# ------------------------------------------------------------------------------ IR


@dataclass(slots=True)
class CallIR:
    """How a test calls its client method: `client.<steps>.<method>(<args>)`."""

    steps: list[Code]  # `users`, `by_id(user_id="42")`...: the way from the client
    method: Code
    args: list[Code]  # literals, `name=literal`, `body`, `params=case.params`...
    body: str | None  # how the test gets the body: model | binary | json; None: no body
    body_class: Code | None  # the model or parameters class of a `model` body
    # black cannot break `return client.<a long chain>.<name>(`; the test then walks the
    # steps one statement each and binds the method to a local name first.
    bind_method: bool
    # One argument too long for a line of its own keeps a trailing comma, as the output
    # always has (black leaves it so; without the comma it would not add one).
    trailing_comma: bool
    body_trailing_comma: bool  # the same for `case.body(<class>)`


@dataclass(slots=True)
class CaseIR:
    id: str
    data: dict[str, Any]  # what goes into cases/<group>.json
    function: Code
    doc: list[Code]
    call: CallIR | None  # None: the example reaches no method (the harness says why)
    source: Source
    imports: dict[str, set[str]] = field(default_factory=dict)  # module → names
    stdlib: set[str] = field(default_factory=set)
    head: str | None = None  # the first step of the route the example takes (its module)

    @property
    def id_literal(self) -> Code:
        return py_string_literal(self.id)

    @property
    def id_trailing_comma(self) -> bool:
        """As `CallIR.trailing_comma`, for `graph.case(<id>)`."""
        return 8 + len(self.id_literal) > LINE_LENGTH


@dataclass(slots=True)
class TestModuleIR:
    module: Code  # tests/test_<module>.py, cases/<module>.json
    cases: list[CaseIR]
    imports: list[ImportIR]  # standard library and typing
    package_imports: list[ImportIR]  # the package's models and the harness
    doc: list[Code]
    # With a memo: the key of what the module was made from (its cases' keys); else the
    # render memo hashes the IR.
    key: bytes = field(default=b"", compare=False, repr=False)
    data: str = ""  # cases/<module>.json


@dataclass(slots=True)
class TestsIR:
    package: Code
    specs: list[Code]  # the spec folders relative to tests/, as literals
    modules: list[TestModuleIR]


# ------------------------------------------------------------------------------ builder

# What making one example's case read of the model's types: (what, of which name) → the
# value read (`_NotedPlaceholders.fact`).
_Reads = dict[tuple[str, str], object]


class _NotedTypes(Mapping[str, TypeDef]):
    """The model's types by exact name, noting each name looked up."""

    def __init__(self, owner: _NotedPlaceholders) -> None:
        self.owner = owner

    def __getitem__(self, name: str) -> TypeDef:
        self.owner.note("type", name)
        return self.owner.graph.by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.owner.graph.by_name)

    def __len__(self) -> int:
        return len(self.owner.graph.by_name)


class _NotedPlaceholders(Placeholders):
    """`Placeholders` noting what it reads of the model's types while a case is made, so
    last run's case is reused only when each type it read hashes the same."""

    def __init__(self, model: ApiModel, digests: ModelDigests) -> None:
        super().__init__(model)
        self.digests = digests
        self.types = _NotedTypes(self)
        self.reads: _Reads | None = None
        self.known: dict[tuple[str, str], object] = {}  # `still_holds`' answers this run

    def fact(self, what: str, name: str) -> object:
        if what == "resolve":  # which type a name means, and its digest
            found = super().resolve(name)
            return (found.name, self.digests.of(found.name)) if found is not None else None
        if what == "chain":  # a type and its bases: what inheriting and deriving read
            return tuple(
                (item.name, self.digests.of(item.name))
                for item in self.graph.chain(self.graph.by_name[name])
            )
        if what == "type":
            return self.digests.of(name) if name in self.graph.by_name else None
        raise ValueError(what)

    def note(self, what: str, name: str) -> None:
        if self.reads is not None and (what, name) not in self.reads:
            self.reads[(what, name)] = self.fact(what, name)

    def still_holds(self, reads: _Reads) -> bool:
        """Whether each fact read still has the value read (`facts_hold`)."""
        return facts_hold(reads, self.known, self.fact)

    def resolve(self, name: str | None) -> TypeDef | None:
        found = super().resolve(name)  # once: the fact noted is this answer
        if self.reads is not None:
            self.reads["resolve", name or ""] = (
                (found.name, self.digests.of(found.name)) if found is not None else None
            )
        return found

    def properties(self, type_def: TypeDef) -> dict[str, Property]:
        self.note("chain", type_def.name)
        return super().properties(type_def)

    def derives(self, type_def: TypeDef, base: TypeDef) -> bool:
        self.note("chain", type_def.name)
        return super().derives(type_def, base)


@dataclass  # no slots: thousands are unpickled a run, a dict is set in C
class _OperationFacts:
    """What the tests read of an operation besides its cases (a function of it alone):
    the mock's keys of its routes (`Route.key`), its examples' names in lower case, and
    whether each example requests a path another page defines (`_defined_elsewhere`)."""

    routes: frozenset[tuple[str, str]]
    names: tuple[str, ...]
    elsewhere: tuple[bool, ...]

    @staticmethod
    def of(operation: Operation) -> _OperationFacts:
        return _OperationFacts(
            frozenset(
                (operation.method.upper(), path.shape) for path in operation.defined_templates
            ),
            tuple((e.name or "").lower() for e in operation.examples if e.name),
            tuple(_defined_elsewhere(operation, e) for e in operation.examples),
        )


@dataclass  # no slots: thousands are unpickled a run, a dict is set in C
class _CaseEntry:
    """What the memo's index holds of one example's case (the case itself is a unit of
    its own, read only when its test module is made again): the key it was made under,
    what it read of the model's types, a hash of the case (its test module's key is made
    of these, so a case made again the same leaves the module's text reused) and its
    test module."""

    key: bytes
    reads: _Reads
    content: bytes
    group: str


def _file_keys(module: str, key: bytes, header: list[Code]) -> dict[str, bytes]:
    """The render memo's keys of a test module's two files, from the module's key."""
    path, data = f"tests/test_{module}.py", f"tests/cases/{module}.json"
    return {path: unit_key(path, key, header), data: unit_key(data, key)}


def _find_route(
    method: MethodIR, routes: list[RouteIR], spelling: Spelling
) -> tuple[RouteIR, VariantIR, dict[str, str]] | None:
    """The route and variant a request path spelling addresses, and its values; a spelling
    with a trailing type cast (`/microsoft.graph.user`) needs a method taking `cast`."""
    if spelling.cast is not None and method.cast is None:
        return None
    found = match_variant([route.variant for route in routes], spelling.path)
    if found is None:
        return None
    variant, values = found
    route = next(route for route in routes if route.variant is variant)
    if spelling.cast is not None and method.cast is not None:
        values = {**values, method.cast: spelling.cast}
    return route, variant, values


def _version(target: str | None, default: str) -> str:
    """The API version a request target names first (`/v1.0/me`), else `default`."""
    first = (target or "").split("?", 1)[0].lstrip("/").split("/", 1)[0].lower()
    return first if first in _VERSIONS else default


def _header_value(name: str) -> bool:
    """Whether an example name can travel in the `X-Graphdoc-Example` header: printable
    ASCII (httpx refuses anything else; a U+2028 or an accent would fail the test). Other
    names are not replayed: the mock picks the example from the request instead."""
    return bool(name) and name.isascii() and name.isprintable() and name == name.strip()


def _json_text(raw: str | None) -> bool:
    """Whether a body's text is strict JSON (the reader also accepts lenient JSON)."""
    if raw is None:
        return False
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


class _Builder:
    def __init__(
        self,
        model: ApiModel,
        clients: ClientIR,
        specs: tuple[str, ...],
        memo: RenderMemo | None = None,
    ) -> None:
        self.model = model
        self.clients = clients
        self.package = clients.package
        self.specs = specs
        self.memo = memo if clients.keys else None  # case keys need the methods' keys
        self.digests = model_digests(model) if self.memo is not None else None
        self.bodies = (
            _NotedPlaceholders(model, self.digests)
            if self.digests is not None
            else Placeholders(model)
        )
        self.stamps: dict[str, bytes] = {}  # case id → the key of what it was made from
        # Example names per route (method and template, placeholders blurred): the mock
        # looks `X-Graphdoc-Example` up among the examples of the route it resolved.
        self.route_names: dict[tuple[str, str], Counter[str]] = {}
        self.facts = self.operation_facts()
        for operation in model.operations:
            facts = self.facts[operation.id]
            if not facts.names:
                continue  # no named example: nothing to count
            for key in facts.routes:
                counted = self.route_names.get(key)
                if counted is None:
                    counted = self.route_names[key] = Counter()
                counted.update(facts.names)
        self.functions: set[str] = set()

    def operation_facts(self) -> dict[str, _OperationFacts]:
        """Each operation's `_OperationFacts`; with a memo, last run's for an operation
        whose digest is unchanged."""
        if self.memo is None or self.digests is None:
            return {op.id: _OperationFacts.of(op) for op in self.model.operations}
        index = MemoIndex(self.memo, "#tests/operations")
        facts: dict[str, tuple[bytes, _OperationFacts]] = {}
        changed: list[str] = []
        for operation in self.model.operations:
            digest = self.digests.operation(operation.id)
            found = index.last.get(operation.id)
            if found is None or found[0] != digest:
                found = (digest, _OperationFacts.of(operation))
                changed.append(operation.id)
            facts[operation.id] = found
        index.save(facts, changed)
        return {op: fact for op, (_, fact) in facts.items()}

    def replayable(self, operation: Operation, name: str) -> bool:
        """Whether the mock finds this example by name on any route of its operation."""
        keys = self.facts[operation.id].routes  # the mock's keys of its routes
        lowered = name.lower()
        return bool(keys) and all(
            key in self.route_names and self.route_names[key][lowered] == 1 for key in keys
        )

    # -- schemas ------------------------------------------------------------------------

    def type_schema(self, type_name: str | None, collection: bool, strict: bool) -> Any:
        if not type_name:
            return None
        primitive = primitive_schema(type_name)
        target = self.bodies.resolve(type_name)
        if primitive is not None:
            schema: dict[str, Any] = primitive
        elif target is not None:
            schema = {"$ref": bundle_ref(target.name, strict=strict)}
        else:
            return None
        if collection:
            schema = {"type": "array", "items": schema}
        return schema

    def parameters_schema(self, properties: list[Property], *, strict: bool) -> dict[str, Any]:
        """The schema of a parameter-table body, its types referenced in a bundle; strict
        refuses parameters the table does not list."""
        schemas: dict[str, Any] = {}
        required: list[str] = []
        for prop in properties:
            if prop.name in schemas:
                continue
            schema = self.type_schema(prop.type, prop.collection, strict) or {}
            if prop.nullable is not False:
                schema = allow_null(schema)
            schemas[prop.name] = schema
            if prop.required:
                required.append(prop.name)
        body: dict[str, Any] = {
            "type": "object",
            "properties": schemas,
            "patternProperties": {"@": {}},
            "additionalProperties": not strict,
        }
        if required:
            body["required"] = required
        return body

    # -- one pair -------------------------------------------------------------------------

    def request_part(
        self, operation: Operation, method: MethodIR | None, example: Example
    ) -> tuple[dict[str, Any], bool, list[list[str | int]]]:
        request = example.request
        media = media_type(request.headers)
        part: dict[str, Any] = {"kind": "none"}
        json_body = True
        placeholders: list[list[str | int]] = []
        if request.body is not None:
            part = {"kind": "json", "body": request.body}
            json_body = _json_text(request.body_raw)
        elif request.body_raw and request.body_raw.strip():
            part = {"kind": "text", "raw": request.body_raw, "media": media}
            json_body = False
        body_ir = method.body if method is not None else None
        declared = operation.request_body
        if body_ir is not None and body_ir.kind != "binary":
            type_name: str | None = None
            collection = False
            if body_ir.kind in ("model", "models"):
                type_name = body_ir.type_name
                collection = body_ir.kind == "models"
            elif body_ir.kind == "parameters" and declared is not None:
                part["schema"] = self.parameters_schema(declared.properties, strict=False)
                part["strict"] = self.parameters_schema(declared.properties, strict=True)
            elif declared is not None and declared.type:
                type_name = declared.type
                collection = declared.collection
            if type_name is not None:
                part["schema"] = self.type_schema(type_name, collection, False)
                part["strict"] = self.type_schema(type_name, collection, True)
                if declared is not None and not declared.type and declared.properties:
                    # The client sends the model its body table fits; the page documents the
                    # table, and the mock holds a request to it, so the strict check does too.
                    part["strict"] = self.parameters_schema(declared.properties, strict=True)
            if part["kind"] == "json":
                exercised: Any = request.body
                if type_name is not None:
                    exercised = self.bodies.exercise(
                        request.body, type_name, collection, [], placeholders
                    )
                elif body_ir.kind == "parameters" and declared is not None:
                    # Parameters are matched in any case; the table's last row of a name wins.
                    table = {prop.name.lower(): prop for prop in declared.properties}
                    exercised = self.bodies.exercise_members(
                        request.body, table, [], placeholders
                    )
                if placeholders:
                    part["exercised"] = exercised
                    part["placeholders"] = placeholders
        if media and not is_json_media(media):
            json_body = False
        if body_ir is not None:
            part["as"] = body_ir.kind
            if body_ir.class_name and body_ir.module:
                part["model"] = f"{body_ir.module}:{body_ir.class_name}"
        return part, json_body, placeholders

    def response_part(
        self, operation: Operation, method: MethodIR | None, example: Example
    ) -> tuple[dict[str, Any], bool, list[list[str | int]]]:
        response = example.response
        assert response is not None
        media = media_type(response.headers)
        status = response.status or operation.response.status
        part: dict[str, Any] = {
            "status": status,
            "truncated": response.truncated,
            "kind": "none",
            "media": media,
        }
        json_body = is_json_media(media)
        placeholders: list[list[str | int]] = []
        if status is not None and (status in (204, 304) or status < 200):
            part["kind"] = "none"
        elif response.body is not None and is_json_media(media):
            part["kind"] = "json"
            part["body"] = response.body
            json_body = json_body and _json_text(response.body_raw)
        elif response.body_raw is not None and response.body_raw.strip():
            part["kind"] = "text"
            part["raw"] = response.body_raw
            json_body = False
        if part["kind"] != "json":
            return part, json_body, placeholders
        result = method.result if method is not None else None
        type_name = response.type or operation.response.type
        collection = response.collection if response.type else operation.response.collection
        if result is not None and result.type_name:
            chosen = self.bodies.resolve(type_name)
            declared = self.bodies.resolve(result.type_name)
            if chosen is None or declared is None or not self.bodies.derives(chosen, declared):
                type_name = result.type_name
            collection = result.kind in ("iterator", "list")
        target = self.bodies.resolve(type_name)
        if target is None or target.kind == "enum":
            return part, json_body, placeholders
        part["type"] = target.name
        part["collection"] = collection
        part["schema"] = {"$ref": bundle_ref(target.name, strict=False)}
        # The mock fills the same placeholders with the same values (`Placeholders.fill`).
        filled, placeholders = self.bodies.fill(response.body, target.name, collection)
        if placeholders:
            part["exercised"] = filled
            part["placeholders"] = placeholders
        return part, json_body, placeholders

    def locate(
        self, operation: Operation, example: Example, target: str | None
    ) -> tuple[RouteIR | None, dict[str, str], str | None, list[str]]:
        """The method an example calls, its path values, the page defect preventing the
        call, and remarks on how the example's URL was read.

        The URL as written first; then the spellings Graph addresses alike
        (`request_spellings`: `/drive` for `/me/drive`, `.../drive/root` as
        `.../drive/items/root`), so the client calls the documented variant and the test
        says which spelling it used. `target` is the URL's `request_target` (None: not
        Microsoft Graph).
        """
        method = self.clients.methods.get(operation.id)
        routes = self.clients.routes.get(operation.id, [])
        url = example.request.url.strip()
        if target is None and opaque_url(example.request):
            note = (
                f"the page marks the URL opaque (`opaqueUrl`): {url[:100]} is a URL Graph "
                "hands out, on another host; the example is checked, not called"
            )
            return None, {}, None, [note]
        if target is None:
            return (
                None,
                {},
                (
                    f"host: the example is no request to Microsoft Graph ({url[:100]}), so "
                    "no example of this operation"
                ),
                [],
            )
        if example.request.method.upper() != operation.method:
            return (
                None,
                {},
                (
                    f"method: the example sends {example.request.method.upper()} but the page's "
                    f"HTTP request section documents {operation.method} for this operation"
                ),
                [],
            )
        path = path_of(target)
        for spelling in request_spellings(path):
            # No client method sends `/$count`: the example cannot be made with the client.
            found = None
            if method is not None and not spelling.count:
                found = _find_route(method, routes, spelling)
            if found is None:
                continue
            route, variant, values = found
            remarks = [
                f"the page's HTTP request section writes the id `{literal}` where a "
                f"placeholder belongs ({variant.template}); read as a placeholder"
                for name, literal in variant.literals.items()
                if values.get(name, "").lower() != literal.lower()
            ]
            if spelling.aliased:
                sent = spelling.path + (f"/{spelling.cast}" if spelling.cast else "")
                remarks.append(
                    f"the example's `{path}` is sent as `{sent}`, which Graph addresses "
                    "alike and the page documents"
                )
            return route, values, None, remarks
        shown = path if len(path) <= 160 else path[:157] + "..."
        documented = "; ".join(operation.paths[:4]) + ("; ..." if len(operation.paths) > 4 else "")
        return (
            None,
            {},
            (
                f"url: the example URL path `{shown}` matches none of the paths the page documents "
                f"({documented})"
            ),
            [],
        )

    def case_key(
        self, operation: Operation, number: int, function: Code, replay: str | None
    ) -> bytes:
        """What an example's case is made from besides the types it reads: the operation,
        its method and routes, and the names given across cases."""
        assert self.digests is not None
        return unit_key(
            "case", operation.id, number, self.digests.operation(operation.id), function,
            replay, self.clients.version, self.package, self.clients.keys.get(operation.id),
            self.clients.route_keys.get(operation.id),
        )  # fmt: skip

    def noted_case(
        self,
        operation: Operation,
        number: int,
        example: Example,
        function: Code,
        replay: str | None,
    ) -> tuple[CaseIR, _Reads]:
        """The case, and what it read of the model's types (with a memo)."""
        if not isinstance(self.bodies, _NotedPlaceholders):
            return self.case(operation, number, example, function, replay), {}
        reads: _Reads = {}
        self.bodies.reads = reads
        try:
            return self.case(operation, number, example, function, replay), reads
        finally:
            self.bodies.reads = None

    def case(
        self,
        operation: Operation,
        number: int,
        example: Example,
        function: Code,
        replay: str | None,
    ) -> CaseIR:
        case_id = f"{operation.id}-{number}"
        target = request_target(example.request.url)
        route, values, defect, remarks = self.locate(operation, example, target)
        media = _other_documented_media(operation, example)
        if media is not None and defect is None:
            # A body the page documents beside the JSON one the client sends (MIME for
            # sendMail): checked as the page shows it; no client call can send it.
            route, values = None, {}
            remarks.append(
                f"the example sends the {media} body the page documents beside its JSON "
                "one; the client sends JSON, so the example is checked, not called"
            )
        method = self.clients.methods.get(operation.id) if route is not None else None
        request, request_json, request_placeholders = self.request_part(operation, method, example)
        response, response_json, response_placeholders = self.response_part(
            operation, method, example
        )
        placeholder = bool(request_placeholders or response_placeholders)
        headers = {
            name: value
            for name, value in example.request.headers.items()
            if name.lower() not in _TRANSPORT_HEADERS
        }
        name = example.name or ""
        data: dict[str, Any] = {
            "id": case_id,
            "function": function,
            "operation": operation.id,
            "example": name or None,
            "replay": replay,
            "source": f"{example.request.source.path}:{example.request.source.line}",
            "http": f"{example.request.method.upper()} {example.request.url.strip()}",
            "version": _version(target, self.clients.version),
            "method": route.chain() if route is not None else None,
            "result": method.result.kind if method is not None else None,
            "defect": defect,
            "remarks": remarks,
            "headers": headers,
            "request": request,
            "response": response,
            "placeholders": placeholder,
        }
        doc, call, imports, stdlib, params = self.test_call(
            operation, example, method, route, values, data
        )
        if params:
            data["params"] = params
        data["json_pair"] = request_json and response_json
        return CaseIR(
            id=case_id,
            data=data,
            function=function,
            doc=doc,
            call=call,
            source=example.request.source,
            imports=imports,
            stdlib=stdlib,
            head=route.head if route is not None else None,
        )

    def function_name(self, operation: Operation, number: int) -> Code:
        base = f"test_{snake_case(operation.id) or 'operation'}_{number}"
        name = base
        counter = 2
        while name in self.functions:
            name = f"{base}_{counter}"
            counter += 1
        self.functions.add(name)
        return identifier(name)

    def literal(self, value: str, annotation: str) -> tuple[Code, set[str]]:
        """A Python literal for a path value of an annotation, as the example writes it."""
        try:
            if annotation == "int" and re.fullmatch(r"-?\d+", value.strip()):
                return Code(str(int(value))), set()
            if annotation == "bool" and value.strip().lower() in ("true", "false"):
                return Code("True" if value.strip().lower() == "true" else "False"), set()
            if annotation == "float" and re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
                return Code(repr(float(value))), set()
            if annotation == "datetime.date":
                from ..runtime import graph_runtime as runtime  # ~50 ms: only when needed

                day = runtime.parse_date(value.strip().strip("'"))
                return Code(f"datetime.date({day.year}, {day.month}, {day.day})"), {"datetime"}
        except (TypeError, ValueError):
            pass
        return py_string_literal(value), set()

    def test_call(
        self,
        operation: Operation,
        example: Example,
        method: MethodIR | None,
        route: RouteIR | None,
        values: dict[str, str],
        data: dict[str, Any],
    ) -> tuple[list[Code], CallIR | None, dict[str, set[str]], set[str], dict[str, str]]:
        """The test's docstring and call, the imports it needs and the query parameters
        it passes through `params`."""
        title = operation.title or operation.id
        name = f"example `{example.name}`" if example.name else "an unnamed example"
        doc_parts = [
            f"{title}: {name} of `{data['source']}`.",
            data["http"][:300],
        ]
        if data["placeholders"]:
            doc_parts.append(
                "Exercised with schema-built values because the page's example uses placeholders."
            )
        doc = doc_paragraphs(doc_parts)
        imports: dict[str, set[str]] = {}
        stdlib: set[str] = set()
        params: dict[str, str] = {}
        if method is None or route is None:
            return doc, None, imports, stdlib, params
        steps: list[Code] = []
        for step in route.steps:
            if step.kind == "attr":
                steps.append(step.name)
                continue
            given: list[Code] = []
            for python, name in step.arguments:
                if name not in values:
                    continue
                kind = "str" if step.kind == "key" else method.path_params[name].annotation
                literal, modules = self.literal(values[name], kind)
                stdlib |= modules
                given.append(code("{}={}", python, literal))
            steps.append(code("{}({})", step.name, Code(", ".join(given))))
        args: list[Code] = []
        body = method.body
        request = data["request"]
        body_kind: str | None = None
        body_class: Code | None = None
        if body is not None and not body.required and request.get("kind") == "none":
            body = None  # the example sends none, and the method does not need one
        if body is not None:
            if body.kind in ("model", "models", "parameters") and body.class_name and body.module:
                imports.setdefault(f"{self.package}.{body.module}", set()).add(body.class_name)
                body_kind, body_class = "model", body.class_name
            elif body.kind == "binary":
                body_kind = "binary"
            else:
                body_kind = "json"
            if body.required:
                args.append(Code("body"))
        for python, name in route.arguments:
            if name in values:
                literal, modules = self.literal(values[name], method.path_params[name].annotation)
                stdlib |= modules
                args.append(code("{}={}", python, literal))
        if method.cast and method.cast in values:
            args.append(code("{}={}", method.cast, py_string_literal(values[method.cast])))
        if body is not None and not body.required:
            args.append(code("{}=body", body.name))
        options = {option.wire.lower(): option for option in method.query}
        used: set[str] = set()
        for raw, value in example_query(example.request.url):
            option = options.get(raw.lower())
            if option is None or option.wire.lower() in used:
                params[raw] = value
                continue
            used.add(option.wire.lower())
            kind = option.annotation.split(" | ", 1)[0]
            literal, modules = self.literal(value, kind)
            stdlib |= modules
            args.append(code("{}={}", option.name, literal))
        if params:
            args.append(Code("params=case.params"))
        if data["headers"]:
            args.append(Code("headers=case.headers"))
        chain = ".".join(["client", *steps, route.endpoint])
        bind = 8 + len(f"return {chain}(") > LINE_LENGTH
        comma = len(args) == 1 and 12 + len(args[0]) > LINE_LENGTH
        body_comma = body_class is not None and 8 + len(body_class) > LINE_LENGTH
        call = CallIR(steps, route.endpoint, args, body_kind, body_class, bind, comma, body_comma)
        return doc, call, imports, stdlib, params

    def build(self) -> TestsIR:
        """Every case, grouped in test modules. With a memo, a case whose key and reads
        hold is not made, nor even read, unless its module's files must be made again."""
        memo = self.memo
        index = MemoIndex(memo, "#tests/cases") if memo is not None else None
        entries: dict[str, _CaseEntry] = {}
        # This run's cases by id, made or read when needed, with their data as JSON.
        made: dict[str, tuple[CaseIR, str]] = {}
        groups: dict[str, list[str]] = {}
        changed: list[str] = []
        for operation in sorted(self.model.operations, key=lambda o: o.id):
            if operation.id not in self.clients.methods or operation.id not in self.clients.routes:
                continue
            number = 0
            elsewhere = self.facts[operation.id].elsewhere
            for place, example in enumerate(operation.examples):
                if example.response is None:
                    continue
                number += 1
                if elsewhere[place]:
                    continue  # another page defines the request it makes (GD450)
                case_id = f"{operation.id}-{number}"
                function = self.function_name(operation, number)
                name = example.name or ""
                replay = name if _header_value(name) and self.replayable(operation, name) else None
                if memo is None:
                    case = self.case(operation, number, example, function, replay)
                    made[case_id] = case, _case_json(case)
                    groups.setdefault(self.group(case), []).append(case_id)
                    continue
                assert isinstance(self.bodies, _NotedPlaceholders)
                key = self.case_key(operation, number, function, replay)
                assert index is not None
                entry = index.last.get(case_id)
                if (
                    entry is None
                    or entry.key != key
                    or not self.bodies.still_holds(entry.reads)
                    or not memo.carry(f"#case/{case_id}", key)
                ):
                    case, reads = self.noted_case(operation, number, example, function, replay)
                    made[case_id] = case, _case_json(case)
                    memo.keep(f"#case/{case_id}", key, made[case_id], aside=True)
                    entry = _CaseEntry(key, reads, input_key(case), self.group(case))
                    changed.append(case_id)
                entries[case_id] = entry
                groups.setdefault(entry.group, []).append(case_id)
        if index is not None:
            index.save(entries, changed)
        header = header_lines()
        modules: list[TestModuleIR] = []
        for module in sorted(groups):
            ids = groups[module]
            key = b""
            if memo is not None:
                contents = [entries[case_id].content for case_id in ids]
                key = unit_key("tests module", module, self.package, contents)
                files = _file_keys(module, key, header)
                if all(memo.holds(path, file_key) for path, file_key in files.items()):
                    # Both files are last run's: nothing of the module is needed.
                    modules.append(TestModuleIR(identifier(module), [], [], [], [], key, ""))
                    continue
                for case_id in ids:
                    if case_id not in made:
                        found = memo.carried(f"#case/{case_id}", entries[case_id].key)
                        assert isinstance(found, tuple), case_id
                        made[case_id] = found
            modules.append(self.module([made[i] for i in ids], module, key))
        return TestsIR(
            package=identifier(self.package),
            specs=[py_string_literal(spec) for spec in self.specs],
            modules=modules,
        )

    def group(self, case: CaseIR) -> str:
        """A case's test module: the first step of its route, else of its operation's."""
        return case.head or self.clients.routes[str(case.data["operation"])][0].head

    def module(
        self, made: list[tuple[CaseIR, str]], module: str, key: bytes
    ) -> TestModuleIR:
        cases = [case for case, _ in made]
        imports: dict[str, set[str]] = {}
        stdlib: set[str] = set()
        for case in cases:
            stdlib |= case.stdlib
            for name, classes in case.imports.items():
                imports.setdefault(name, set()).update(classes)
        standard = [plain_import(name) for name in sorted(stdlib)]
        if any(case.call is not None for case in cases):  # `def call(client: Any)`
            standard.append(import_from("typing", ["Any"]))
        own = [import_from(name, imports[name]) for name in sorted(imports)]
        own.append(import_from(f"{self.package}.tests._support", ["Harness"]))
        return TestModuleIR(
            key=key,
            data=_cases_json([(case.id, text) for case, text in made]),
            module=identifier(module),
            cases=cases,
            imports=standard,
            package_imports=own,
            doc=doc_paragraphs(
                [
                    "Example tests for the requests under "
                    f"`client.{module}`: one test per documented "
                    f"request/response pair (data in `cases/{module}.json`; the "
                    "harness is `_support.py`).",
                ]
            ),
        )


def _defined_elsewhere(operation: Operation, example: Example) -> bool:
    """Whether an example requests one of the operation's paths whose request another
    operation defines, and none it defines itself."""
    if not operation.superseded:
        return False
    target = request_target(example.request.url)
    if target is None:
        return False
    path = path_of(target)
    if find(operation.defined_templates, path) is not None:
        return False
    superseded = [PathTemplate.parse(path_of(p)) for p in operation.superseded]
    return find(superseded, path) is not None


def _other_documented_media(operation: Operation, example: Example) -> str | None:
    """The example's request media type when it is not JSON but one the page documents
    for the request body (`RequestBody.media_types`); else None."""
    body = operation.request_body
    media = media_type(example.request.headers)
    if body is None or not media or is_json_media(media) or media not in body.media_types:
        return None
    return media


def tests_ir(
    model: ApiModel,
    clients: ClientIR,
    specs: Sequence[str],
    memo: RenderMemo | None = None,
) -> TestsIR:
    """Every decision for the example tests of one package (see the module docstring);
    with a `memo`, each case is last run's when what it was made from is unchanged
    (`_Builder.build`)."""
    return _Builder(model, clients, tuple(specs), memo).build()


def _case_json(case: CaseIR) -> str:
    """A case's data as `_cases_json` writes it (made once with the case)."""
    return json.dumps(case.data, indent=1, ensure_ascii=True).replace("\n", "\n ")


def _cases_json(cases: list[tuple[str, str]]) -> str:
    """`cases/<module>.json`: `json.dumps({id: data}, indent=1)` put together from each
    case's `_case_json` (a JSON text has no raw line break but those of its indentation,
    so a value one level in is the value's own text with one more space a line)."""
    members = ",\n ".join(f"{json.dumps(id, ensure_ascii=True)}: {text}" for id, text in cases)
    return f"{{\n {members}\n}}\n" if cases else "{}\n"


def test_files(ir: TestsIR, memo: RenderMemo | None = None) -> dict[str, str]:
    """`tests/` of the package: harness, conftest, one test module and data file a group
    (`memo`: see `render.package_files`)."""
    header = header_lines()
    files = {
        "tests/__init__.py": render("tests_init.py.jinja", t=ir, header=header),
        "tests/conftest.py": render("tests_conftest.py.jinja", t=ir, header=header),
    }
    origins: dict[str, dict[str, Source]] = {}
    for module in ir.modules:
        path = f"tests/test_{module.module}.py"
        make = functools.partial(render, "tests_module.py.jinja", m=module, header=header)
        data = f"tests/cases/{module.module}.json"
        cases = functools.partial(str, module.data)
        if memo is not None and module.key:  # the key of what the IR was made from
            keys = _file_keys(module.module, module.key, header)
            memo.put(files, path, make, keys[path])
            memo.put(files, data, cases, keys[data])
        else:
            remembered(memo, files, path, make, module, header, sets=True)
            remembered(memo, files, data, cases, module, sets=True)
        origins[path] = {case.function: case.source for case in module.cases}
    checked = dict(files)  # what this run made: the files kept are not in it
    if memo is not None:  # a large module made again for one case: its other cases not
        for module in ir.modules:
            path = f"tests/test_{module.module}.py"
            if path in checked and module.cases:
                _check_by_case(memo, path, checked.pop(path), module, origins[path], ir.package)
            else:
                memo.carry(f"#gate/{path}", _gate_key(ir.package))
    check_files(checked, origins, package=ir.package)
    files["tests/_support.py"] = support_text("tests/_support.py")
    return files


# How the template opens a test function (`tests_module.py.jinja`), after two blank lines.
_OPENING = "\n\n\ndef {}(graph: Harness) -> None:\n"


def _gate_key(package: str) -> bytes:
    """The key of the digests of a test module's functions the gate passed (its verdict
    depends on the package name too: the package's own imports pass)."""
    return f"gate 1\0{package}".encode("utf-8", "surrogatepass")


def _check_by_case(
    memo: RenderMemo,
    path: str,
    text: str,
    module: TestModuleIR,
    symbols: Mapping[str, Source],
    package: str,
) -> None:
    """The gate's check of a test module, a test function at a time
    (`gate.check_pieces`): a function whose text passed in an earlier run is not parsed
    again (the memo keeps the digests of those that passed, per module)."""
    functions = [case.function for case in module.cases]
    found = pieces(text, functions, _OPENING)
    if found is None:
        check_files({path: text}, {path: symbols}, package=package)
        return
    name = f"#gate/{path}"
    known = memo.recall(name, _gate_key(package))
    if not isinstance(known, frozenset):
        known = frozenset()
    passed: set[bytes] = set()

    def checked(function: str, piece: str, check: Callable[[], None]) -> None:
        digest = hashlib.sha256(piece.encode("utf-8", "surrogatepass")).digest()
        if digest not in known:
            check()
        passed.add(digest)

    check_pieces(path, found, functions, symbols, package, checked)
    memo.keep(name, _gate_key(package), frozenset(passed))
