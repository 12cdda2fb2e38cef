"""The documented reply for a routed request, and collection paging.

Choosing the example. The candidates are the examples (with a response, same method) of the
operation serving the route, then of the later operations documenting the same route. The
best is the one whose request matches the incoming one most closely, by in order: every
path segment equal (the same concrete ids), the same body, the same query (`$skiptoken`
aside), the number of equal path segments; ties go to the first documented.

Serving it: the documented status (else the operation's documented status, else the method's
usual one), the documented headers except those that describe the transport
(`Content-Length`, `request-id`...), and the body: a JSON body as JSON (the placeholders of
pages generated from stubs, `"String (timestamp)"`, `"Boolean"`, replaced by valid values of
their type, so a typed client can read the reply; `X-Graphdoc-Placeholders` says how many),
a non-JSON body
(`text/plain` counts, CSV reports, binary placeholders) or a JSON body the docs got wrong
(trailing commas...) as the documented text, verbatim. 204 and 304 carry no body.

Operations with no example response get a minimal synthesised reply: the documented status
(default by method: POST 201, DELETE 204, others 200); no body for 204 or when the docs name
no response type; `{"value": []}` for a collection; `{"value": <zero value>}` for a primitive
or enum; `{"@odata.type": "#<type>"}` for an entity or complex type; nothing for a stream.

Paging. A JSON body whose `value` is a list is served in pages when the client asks for a
page size: `$top=N` (when it differs from the `$top` of the chosen example, so the
documented request still gets the documented body), `Prefer: odata.maxpagesize=N` (answered
with `Preference-Applied`), or the mock's own `X-Graphdoc-Page-Size: N` header. Each page but
the last carries an `@odata.nextLink` back to the mock: the same path and query plus
`$skiptoken=graphdoc-<offset>-<size>`, so following it needs no header. A documented
`@odata.nextLink` (pointing at graph.microsoft.com) is rewritten to the mock too, leading to
one empty last page, so a client iterating a collection never leaves loopback. A page with a
nextLink loses `@odata.deltaLink`, which belongs on the last page only.

Redirects. For the same reason a documented 3xx `Location` (report downloads redirect to
reports.office.com) is moved onto the mock: `<base>/_graphdoc/redirect?to=<documented URL>`,
which answers 200 with an empty `application/octet-stream` body (the docs do not hold the
file), so a client following redirects stays on loopback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

from ..model.placeholders import Placeholders
from ..model.types import ApiModel, Example, HttpResponse, Operation
from ..read.http import request_target
from .errors import JSON_CONTENT_TYPE, Reply, json_bytes
from .routes import RequestToken, Route, split_path, split_target

PAGE_SIZE_HEADER = "x-graphdoc-page-size"
# On a reply whose documented body held placeholders: how many values the mock built.
PLACEHOLDERS_HEADER = "X-Graphdoc-Placeholders"
# Documented redirects (report downloads: 302 to reports.office.com) are moved onto the mock:
# GET REDIRECT_PATH?to=<documented Location> answers 200 with an empty octet-stream.
REDIRECT_PATH = "/_graphdoc/redirect"
SKIPTOKEN_PREFIX = "graphdoc-"
_SKIPTOKEN = re.compile(r"^graphdoc-(\d+)-(\d+)$")
_MAXPAGESIZE = re.compile(r"(?:^|[,;\s])odata\.maxpagesize\s*=\s*(\d+)", re.IGNORECASE)
# Headers describing the documented transport, not the resource: the mock sets its own.
_DROPPED_HEADERS = frozenset(
    {
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "date",
        "server",
        "request-id",
        "client-request-id",
    }
)
# Request headers every client sends differently; the others (Prefer, Accept-Language,
# ConsistencyLevel...) help tell apart examples of the same URL.
_TRANSPORT_REQUEST_HEADERS = frozenset(
    {"content-length", "content-type", "authorization", "host", "user-agent", "accept"}
)
_NO_BODY_STATUSES = frozenset({204, 304})
_DEFAULT_STATUS = {"POST": 201, "DELETE": 204}
_ZERO: dict[str, Any] = {
    "Edm.Boolean": False,
    "Edm.Byte": 0,
    "Edm.SByte": 0,
    "Edm.Int16": 0,
    "Edm.Int32": 0,
    "Edm.Int64": 0,
    "Edm.Double": 0.0,
    "Edm.Single": 0.0,
    "Edm.Decimal": 0,
}


def body_key(body: Any, raw: str | None) -> str | None:
    """A comparable form of a request body: canonical JSON, else the stripped text."""
    if body is not None:
        return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if raw is not None and raw.strip():
        return raw.strip()
    return None


def query_items(query: str) -> tuple[tuple[str, str], ...]:
    """Query parameters, names lower-cased, `$skiptoken` left out, sorted."""
    items = parse_qsl(query, keep_blank_values=True)
    return tuple(sorted((name.lower(), value) for name, value in items if name != "$skiptoken"))


@dataclass(frozen=True, slots=True)
class PreparedExample:
    example: Example
    response: HttpResponse
    operation: Operation
    tokens: tuple[str, ...]  # request path segments, decoded, lower-cased, version dropped
    query: tuple[tuple[str, str], ...]
    top: str | None
    body_keys: frozenset[str]
    headers: tuple[tuple[str, str], ...]  # documented request headers that select a reply

    @classmethod
    def of(cls, example: Example, operation: Operation) -> PreparedExample | None:
        if example.response is None:
            return None
        target = request_target(example.request.url) or example.request.url
        path, query = split_target(target)
        tokens = [RequestToken.of(token).lower for token in split_path(path)]
        if tokens and tokens[0] in ("v1.0", "beta"):
            tokens = tokens[1:]
        items = query_items(query)
        top = next((value for name, value in items if name == "$top"), None)
        request = example.request
        keys = {
            key
            for key in (body_key(request.body, None), body_key(None, request.body_raw))
            if key is not None
        }
        headers = tuple(
            (name.lower(), value.strip())
            for name, value in request.headers.items()
            if name.lower() not in _TRANSPORT_REQUEST_HEADERS
        )
        return cls(
            example,
            example.response,
            operation,
            tuple(tokens),
            items,
            top,
            frozenset(keys),
            headers,
        )


@dataclass(frozen=True, slots=True)
class Incoming:
    """What the responder needs of a request."""

    method: str
    raw_path: str  # as sent, percent-encoded, version included
    query: str  # as sent
    tokens: tuple[RequestToken, ...]
    headers: Mapping[str, str]  # names lower-cased
    body_key: str | None
    base_url: str  # http://127.0.0.1:port


class Responder:
    """Replies from documented examples; the per-route example lists are built on first use."""

    def __init__(self, model: ApiModel) -> None:
        self.model = model
        # route.order → the route's examples, and the union of their request-body keys
        self._prepared: dict[int, tuple[list[PreparedExample], frozenset[str]]] = {}
        self._placeholders: Placeholders | None = None
        # id(example) → the JSON reply body to serve, and how many placeholders it fills
        self._bodies: dict[int, tuple[Any, int]] = {}

    def reply_body(self, prepared: PreparedExample) -> tuple[Any, int]:
        """The documented JSON body with the placeholders of stub pages (`"String
        (timestamp)"`...) replaced by valid values of their type, as the example tests
        expect; and how many were replaced. Built on first use."""
        key = id(prepared.example)
        found = self._bodies.get(key)
        if found is None:
            response, operation = prepared.response, prepared.operation
            type_name = response.type or operation.response.type
            collection = response.collection if response.type else operation.response.collection
            body, count = response.body, 0
            if type_name:
                if self._placeholders is None:
                    self._placeholders = Placeholders(self.model)
                body, paths = self._placeholders.fill(response.body, type_name, collection)
                count = len(paths)
            found = self._bodies[key] = (body, count)
        return found

    def examples_for(self, route: Route) -> list[PreparedExample]:
        return self._route_examples(route)[0]

    def body_keys(self, route: Route) -> frozenset[str]:
        """The request bodies (as `body_key`s) documented by the route's examples."""
        return self._route_examples(route)[1]

    def _route_examples(self, route: Route) -> tuple[list[PreparedExample], frozenset[str]]:
        found = self._prepared.get(route.order)
        if found is None:
            examples: list[PreparedExample] = []
            for operation in route.operations:
                for example in operation.examples:
                    prepared = PreparedExample.of(example, operation)
                    if prepared is not None:
                        examples.append(prepared)
            keys = frozenset(key for prepared in examples for key in prepared.body_keys)
            found = self._prepared[route.order] = (examples, keys)  # a race only rebuilds it
        return found

    def choose(self, route: Route, incoming: Incoming) -> PreparedExample | None:
        candidates = [
            prepared
            for prepared in self.examples_for(route)
            if prepared.example.request.method.upper() == incoming.method
        ] or self.examples_for(route)
        if not candidates:
            return None
        tokens = tuple(token.lower for token in incoming.tokens)
        query = query_items(incoming.query)
        best: PreparedExample | None = None
        best_score: tuple[int, int, int, int, int] | None = None
        for prepared in candidates:
            pairs = zip(tokens, prepared.tokens, strict=False)
            equal = sum(1 for mine, theirs in pairs if mine == theirs)
            headers = sum(
                1
                for name, value in prepared.headers
                if incoming.headers.get(name, "").strip() == value
            )
            score = (
                int(equal == len(tokens) == len(prepared.tokens)),
                int(incoming.body_key in prepared.body_keys),
                int(query == prepared.query),
                headers,
                equal,
            )
            if best_score is None or score > best_score:
                best, best_score = prepared, score
        return best

    def named(self, route: Route, name: str) -> PreparedExample | None:
        """The example of the route called `name` (case-insensitive), if any."""
        lowered = name.strip().lower()
        for prepared in self.examples_for(route):
            if (prepared.example.name or "").lower() == lowered:
                return prepared
        return None

    def reply(self, route: Route, incoming: Incoming) -> Reply:
        prepared = self.choose(route, incoming)
        if prepared is None:
            return self.synthesised(route.operation, incoming)
        return self.replay(prepared, incoming)

    # -- documented replies --------------------------------------------------------------

    def replay(self, prepared: PreparedExample, incoming: Incoming) -> Reply:
        """The reply of one given example (chosen, or named by the `X-Graphdoc-Example`
        header)."""
        response = prepared.response
        operation = prepared.operation
        status = response.status or operation.response.status or _default_status(incoming)
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in _DROPPED_HEADERS
        ]
        content_type = next(
            (value for name, value in headers if name.lower() == "content-type"), None
        )
        if 300 <= status < 400:
            headers = [
                (name, redirect_target(incoming.base_url, value))
                if name.lower() == "location"
                else (name, value)
                for name, value in headers
            ]
        reply = Reply(status, headers, operation=operation.id)
        if status in _NO_BODY_STATUSES or status < 200:
            reply.headers = [(n, v) for n, v in headers if n.lower() != "content-type"]
            return reply
        is_json = content_type is None or "json" in content_type.lower()
        if response.body is not None and is_json:
            body, filled = self.reply_body(prepared)
            if filled:
                reply.headers.append((PLACEHOLDERS_HEADER, str(filled)))
            if isinstance(body, dict) and isinstance(body.get("value"), list):
                body = self.paged(body, prepared.top, incoming, reply)
            if content_type is None:
                reply.headers.append(("Content-Type", JSON_CONTENT_TYPE))
            reply.body = json_bytes(body)
        elif response.body_raw is not None:
            reply.body = response.body_raw.encode("utf-8", "replace")
        elif isinstance(response.body, str):
            reply.body = response.body.encode("utf-8", "replace")
        elif response.body is not None:
            reply.body = json_bytes(response.body)
        return reply

    def paged(
        self,
        body: dict[str, Any],
        documented_top: str | None,
        incoming: Incoming,
        reply: Reply,
    ) -> dict[str, Any]:
        """The page of the collection `body` the request asks for (see the module docstring);
        a `$top` equal to the documented request's (`documented_top`) asks for no paging."""
        items: list[Any] = body["value"]
        total = len(items)
        offset, size = 0, 0
        token = dict(parse_qsl(incoming.query, keep_blank_values=True)).get("$skiptoken", "")
        found = _SKIPTOKEN.match(token)
        if found:
            offset, size = int(found.group(1)), int(found.group(2))
        else:
            size = self._page_size(documented_top, incoming, reply)
        documented_next = "@odata.nextLink" in body
        if not found and not size and not documented_next:
            return body
        end = total if not size else min(offset + size, total)
        next_offset: int | None = None
        if end < total:
            next_offset = end
        elif documented_next and offset < total:
            next_offset = total
        page = {key: value for key, value in body.items() if key != "@odata.nextLink"}
        page["value"] = items[offset:end]
        if next_offset is not None:
            page.pop("@odata.deltaLink", None)
            page["@odata.nextLink"] = _next_link(incoming, next_offset, size)
        return page

    @staticmethod
    def _page_size(documented_top: str | None, incoming: Incoming, reply: Reply) -> int:
        header = incoming.headers.get(PAGE_SIZE_HEADER, "").strip()
        if header.isdigit() and int(header) > 0:
            return int(header)
        prefer = _MAXPAGESIZE.search(incoming.headers.get("prefer", ""))
        if prefer and int(prefer.group(1)) > 0:
            reply.headers.append(("Preference-Applied", f"odata.maxpagesize={prefer.group(1)}"))
            return int(prefer.group(1))
        top = next((value for name, value in query_items(incoming.query) if name == "$top"), None)
        if top is not None and top.strip().isdigit() and top != documented_top and int(top) > 0:
            return int(top)
        return 0

    # -- synthesised replies -------------------------------------------------------------

    def synthesised(self, operation: Operation, incoming: Incoming) -> Reply:
        spec = operation.response
        status = spec.status or _default_status(incoming)
        reply = Reply(status, [], operation=operation.id)
        if status in _NO_BODY_STATUSES or status < 200 or not spec.type:
            return reply
        body: Any
        if spec.collection:
            body = {"value": []}
        elif spec.type == "Edm.Stream":
            return reply
        elif spec.type.startswith("Edm."):
            body = {"value": _ZERO.get(spec.type, "")}
        else:
            type_def = self.model.type_named(spec.type)
            if type_def is not None and type_def.kind == "enum":
                body = {"value": type_def.members[0].name if type_def.members else ""}
            elif type_def is not None:
                body = {"@odata.type": f"#{type_def.name}"}
            else:
                body = {}
        reply.headers.append(("Content-Type", JSON_CONTENT_TYPE))
        reply.body = json_bytes(body)
        return reply


def redirect_target(base_url: str, location: str) -> str:
    """Where a documented redirect points, moved onto the mock (see REDIRECT_PATH)."""
    if location.startswith(base_url):
        return location
    return f"{base_url}{REDIRECT_PATH}?to={quote(location, safe='')}"


def _default_status(incoming: Incoming) -> int:
    return _DEFAULT_STATUS.get(incoming.method, 200)


def _next_link(incoming: Incoming, offset: int, size: int) -> str:
    kept = [
        part
        for part in incoming.query.split("&")
        if part and unquote(part.split("=", 1)[0]) != "$skiptoken"
    ]
    kept.append(f"$skiptoken={SKIPTOKEN_PREFIX}{offset}-{size}")
    return f"{incoming.base_url}{incoming.raw_path}?{'&'.join(kept)}"
