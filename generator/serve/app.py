"""One request in, one reply out: routing, body checks and the documented reply, no sockets.

Order of decisions for a request:

1. Route (`graphdoc.serve.routes`): no documented path → 404 `ResourceNotFound`; a path
   documented for other methods only → 405 `MethodNotAllowed` with `Allow`.
2. Body: when the body is byte-for-byte (or as parsed JSON) the request body of a documented
   example of the route, it is accepted as is: the mock's contract is that a documented
   request gets its documented response, even where the docs' example contradicts the docs'
   own schema (placeholder values such as `"birthday": "String (timestamp)"` in generated
   stubs; `graphdoc lint` reports those). Otherwise a JSON body (Content-Type naming JSON,
   or no Content-Type where the docs give a JSON body) must parse, nest at most
   MAX_JSON_DEPTH deep and hold Unicode text only (no unpaired surrogate escape such as
   `\\ud800`) → else 400 `BadRequest`,
   and must satisfy the request schema of one of the operations documenting the route →
   else 400 `BadRequest` listing the violations in `details`. Empty bodies and bodies
   declared as something else (file uploads, MIME mail, multipart, zip) are not checked.
3. Reply: `X-Graphdoc-Example: <name>` picks the documented example by name (400 when the
   route has no example of that name), for tests that replay one example exactly. Else
   what clients created through this mock answers the requests about it
   (`graphdoc.serve.state`: create, get, update, list, delete), unless the request carries
   `X-Graphdoc-Stateless` (the example tests: documented requests, documented replies);
   else the documented reply (`graphdoc.serve.responses`, placeholders of stub pages filled
   with valid values). Every reply carries `request-id` and `client-request-id` headers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from ..model.types import ApiModel
from .errors import (
    Reply,
    RequestIds,
    bad_request,
    method_not_allowed,
    not_found,
)
from .responses import REDIRECT_PATH, Incoming, Responder, body_key
from .routes import Route, Router, split_target
from .state import StatefulReplies
from .validate import RequestValidator, Violation

_ABSOLUTE_FORM = ("http://", "https://")
# Deeper than any Graph payload; keeps schema validation well inside Python's recursion limit.
MAX_JSON_DEPTH = 64
_JSON_STRING = re.compile(r'"[^"]*"')  # once escapes are gone
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_ONE_KIND = str.maketrans("{}", "[]")
# Mock-specific request headers: answer with the documented example of this name; answer
# from the documented examples only, leaving what clients created aside (example tests).
EXAMPLE_HEADER = "x-graphdoc-example"
STATELESS_HEADER = "x-graphdoc-stateless"


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    target: str  # the request target as sent: /path?query, percent-encoded
    headers: Mapping[str, str] = field(default_factory=dict)  # names lower-cased
    body: bytes = b""


class MockGraph:
    """The mock's behaviour, independent of the HTTP server carrying it."""

    def __init__(self, model: ApiModel, *, strict: bool = True) -> None:
        self.model = model
        self.router = Router(model.operations)
        self.validator = RequestValidator(model, strict=strict)
        self.responder = Responder(model)
        self.state = StatefulReplies(self.router, self.responder)

    def handle(self, request: Request, base_url: str) -> Reply:
        """The reply to `request`; `base_url` (`http://127.0.0.1:<port>`) is used in links."""
        if any(name != name.lower() for name in request.headers):
            lowered = {name.lower(): value for name, value in request.headers.items()}
            request = Request(request.method, request.target, lowered, request.body)
        ids = RequestIds.new(request.headers.get("client-request-id"))
        reply = self._handle(request, base_url, ids)
        reply.headers.append(("request-id", ids.request_id))
        reply.headers.append(("client-request-id", ids.client_request_id))
        return reply

    def _handle(self, request: Request, base_url: str, ids: RequestIds) -> Reply:
        method = request.method.upper()
        target = request.target
        if target.startswith(_ABSOLUTE_FORM):  # absolute-form request line (proxies)
            rest = target.split("://", 1)[1]
            target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        raw_path, query = split_target(target)
        if raw_path == REDIRECT_PATH and method in ("GET", "HEAD"):
            moved = dict(parse_qsl(query)).get("to", "")
            return Reply(
                200,
                [("Content-Type", "application/octet-stream"), ("Content-Location", moved)],
            )
        resolution = self.router.resolve(method, raw_path)
        route = resolution.route
        if route is None:
            shown = "/" + "/".join(token.text for token in resolution.tokens)
            if resolution.allowed:
                return method_not_allowed(method, shown, resolution.allowed, ids)
            return not_found(method, shown, ids)

        parsed, key, problem = _read_body(request, self._expects_json(route))
        if key is None or key not in self.responder.body_keys(route):
            if problem is not None:
                return bad_request(problem, ids)
            if parsed is not _NO_BODY:
                violations = self._violations(route, parsed)
                if violations:
                    first = violations[0]
                    return bad_request(
                        f"Invalid request body for {route.operation.id}: "
                        f"{first.path}: {first.message}",
                        ids,
                        [(violation.path, violation.message) for violation in violations],
                    )
        incoming = Incoming(
            method=method,
            raw_path=raw_path,
            query=query,
            tokens=resolution.tokens,
            headers=request.headers,
            body_key=key,
            base_url=base_url,
        )
        wanted = request.headers.get(EXAMPLE_HEADER)
        if wanted is not None:
            prepared = self.responder.named(route, wanted)
            if prepared is None:
                return bad_request(
                    f"No example named {wanted!r} documents {method} {raw_path} "
                    f"({EXAMPLE_HEADER} header).",
                    ids,
                )
            return self.responder.replay(prepared, incoming)
        if STATELESS_HEADER not in request.headers:
            stored = self.state.answer(route, incoming, None if parsed is _NO_BODY else parsed, ids)
            if stored is not None:
                return stored
        return self.responder.reply(route, incoming)

    def _expects_json(self, route: Route) -> bool:
        """Whether an operation of the route documents a JSON request body (type or table)."""
        for operation in route.operations:
            body = operation.request_body
            if body is None or body.type == "Edm.Stream":
                continue
            if body.type or body.properties:
                return True
        return False

    def _violations(self, route: Route, body: Any) -> list[Violation]:
        """Violations against the first operation of the route, [] if any operation accepts."""
        first: list[Violation] | None = None
        for operation in route.operations:
            found = self.validator.check(operation, body)
            if not found:
                return []
            if first is None:
                first = found
        return first or []


_NO_BODY: Any = object()


def _read_body(request: Request, expects_json: bool) -> tuple[Any, str | None, str | None]:
    """(parsed JSON or _NO_BODY, comparable key, problem) for a request body.

    A body is read as JSON when its Content-Type names JSON, or when it has no Content-Type
    and the operation documents a JSON body. Bodies declared otherwise (file uploads, MIME
    mail, multipart OneNote pages, zip packages) are not checked.
    """
    if not request.body.strip():
        return _NO_BODY, None, None
    content_type = request.headers.get("content-type", "").lower()
    as_json = "json" in content_type if content_type else expects_json
    try:
        text = request.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        if as_json:
            return _NO_BODY, None, "The request body is not UTF-8 encoded JSON."
        return _NO_BODY, None, None
    parsed, problem = _parse_json(text)
    if problem is not None:
        return _NO_BODY, body_key(None, text), (problem if as_json else None)
    key = body_key(parsed, None)
    if as_json and not _is_unicode(key):
        return _NO_BODY, key, "The JSON request body holds an unpaired UTF-16 surrogate escape."
    # JSON sent without saying so still picks its example, but is not checked.
    return (parsed if as_json else _NO_BODY), key, None


def _parse_json(text: str) -> tuple[Any, str | None]:
    """(the JSON value, None), or (None, why `text` is not a JSON body the mock accepts)."""
    too_deep = f"The JSON request body is nested deeper than {MAX_JSON_DEPTH} levels."
    try:
        parsed = json.loads(text)
    except RecursionError:
        return None, too_deep
    except ValueError as error:
        return None, (
            "Unable to read JSON request payload. Please ensure Content-Type header is set "
            f"and payload is of valid JSON format. ({error})"
        )
    if _nested_deeper(text, MAX_JSON_DEPTH):
        return None, too_deep
    return parsed, None


def _nested_deeper(text: str, limit: int) -> bool:
    """Whether arrays and objects in the JSON `text` nest more than `limit` deep.

    On the text, at C speed: escapes and strings dropped, every bracket made `[`/`]`, then
    one level of empty pairs removed per pass (a walk of a 50 MB body took seconds)."""
    unescaped = text.replace("\\\\", "").replace('\\"', "")
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", unescaped)).translate(_ONE_KIND)
    for _ in range(limit):
        if not brackets:
            return False
        brackets = brackets.replace("[]", "")
    return bool(brackets)


def _is_unicode(text: str | None) -> bool:
    try:
        (text or "").encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
