"""The requests the mock answers from what clients created (`EntityStore`), not from examples.

So a client can create something, read it back by the id it was given, change, list and
delete it, as a quickstart does:

* POST of a JSON object to a collection creates: the route's reply is a JSON object (one
  entity, not a collection page) and a GET of `<path>/<id>` is documented (so
  `/users/{id}/assignLicense`, an action answering with the user, creates nothing). The
  documented reply, with the sent body merged over it and a fresh `id`, is stored under the
  request path and answered with the documented status (201 Created, as Graph answers).
* GET, PATCH, DELETE of `<collection>/<id>` for a stored id: the entity; the body merged into
  it (answered 204 where the route documents 204, else with the entity); removed (204). Once
  deleted, all three are a 404 `ResourceNotFound` in Graph's error format.
* GET of a collection something was created in: the stored entities in creation order, paged
  like documented collections (`$top`, `Prefer: odata.maxpagesize`, nextLinks back to the
  mock with `$skiptoken`); emptied by deletes, it stays empty.

Everything else, ids the store never made included, keeps its documented reply. Requests
naming an example (`X-Graphdoc-Example`) or asking for documented replies only
(`X-Graphdoc-Stateless`, as the generated example tests do) never get here
(`graphdoc.serve.app`).
"""

from __future__ import annotations

import json
from typing import Any

from .errors import JSON_CONTENT_TYPE, Reply, RequestIds, bad_request, error_reply, json_bytes
from .responses import Incoming, Responder
from .routes import RequestToken, Route, Router
from .store import Entity, EntityStore

# A made-up last segment: documented `<path>/{id}` templates match it, literals do not.
_PROBE = "graphdoc-probe"


def collection_key(tokens: tuple[RequestToken, ...]) -> str:
    """Where the store files a request path: its decoded segments, lower-cased."""
    return "/".join(token.lower for token in tokens)


class StatefulReplies:
    """Answers the requests the store knows (module docstring); None for the others."""

    def __init__(self, router: Router, responder: Responder) -> None:
        self.store = EntityStore()
        self._router = router
        self._responder = responder

    def answer(
        self,
        route: Route,
        incoming: Incoming,
        body: Any,
        ids: RequestIds,
    ) -> Reply | None:
        """The reply from the store, or None where the documented one stands. `body` is the
        parsed JSON request body (None when absent or not JSON)."""
        if not incoming.tokens:
            return None
        if incoming.method == "POST":
            return self._create(route, incoming, body) if isinstance(body, dict) else None
        if incoming.method == "GET":
            listed = self._list(route, incoming)
            if listed is not None:
                return listed
        if incoming.method in ("GET", "PATCH", "DELETE"):
            return self._item(route, incoming, body, ids)
        return None

    # -- collections -----------------------------------------------------------------------

    def _create(self, route: Route, incoming: Incoming, body: Entity) -> Reply:
        documented = self._responder.reply(route, incoming)
        entity = _entity(documented)
        if entity is None or route.operation.response.collection or not self._creates(incoming):
            return documented
        entity.update(body)
        stored = self.store.create(collection_key(incoming.tokens), entity)
        headers = [(n, v) for n, v in documented.headers if n.lower() != "content-type"]
        return Reply(
            documented.status,
            [("Content-Type", JSON_CONTENT_TYPE), *headers],
            json_bytes(stored),
            operation=documented.operation,
        )

    def _creates(self, incoming: Incoming) -> bool:
        """Whether the POST goes to a collection: a plain last segment (not a function
        call) under which the model documents a GET of one item."""
        last = incoming.tokens[-1]
        if last.kind != "segment" or "(" in last.text:
            return False
        probe = self._router.resolve("GET", f"{incoming.raw_path.rstrip('/')}/{_PROBE}").route
        segments = probe.path.segments if probe is not None else ()
        return bool(segments) and segments[-1].kind == "parameter"

    def _list(self, route: Route, incoming: Incoming) -> Reply | None:
        items = self.store.items(collection_key(incoming.tokens))
        if items is None:
            return None
        reply = Reply(200, [("Content-Type", JSON_CONTENT_TYPE)], operation=route.operation.id)
        reply.body = json_bytes(self._responder.paged({"value": items}, None, incoming, reply))
        return reply

    # -- items -----------------------------------------------------------------------------

    def _item(self, route: Route, incoming: Incoming, body: Any, ids: RequestIds) -> Reply | None:
        collection = collection_key(incoming.tokens[:-1])
        entity_id = incoming.tokens[-1].text
        operation = route.operation.id
        entity: Entity | None
        if incoming.method == "PATCH":
            if body is not None and not isinstance(body, dict):
                if self.store.get(collection, entity_id) is None:
                    return self._missing(incoming, collection, entity_id, ids)
                return bad_request("A PATCH body must be a JSON object.", ids)
            entity = self.store.update(collection, entity_id, body or {})
        elif incoming.method == "DELETE":
            entity = {} if self.store.delete(collection, entity_id) else None
        else:
            entity = self.store.get(collection, entity_id)
        if entity is None:
            return self._missing(incoming, collection, entity_id, ids)
        if incoming.method == "DELETE":
            return Reply(204, operation=operation)
        status = 200
        if incoming.method == "PATCH":
            documented = self._responder.reply(route, incoming).status
            if documented == 204:
                return Reply(204, operation=operation)
            status = documented if 200 <= documented < 300 else 200
        return Reply(status, [("Content-Type", JSON_CONTENT_TYPE)], json_bytes(entity), operation)

    def _missing(
        self, incoming: Incoming, collection: str, entity_id: str, ids: RequestIds
    ) -> Reply | None:
        """404 for an entity the store deleted; None (the documented reply) for an id it
        never made."""
        if not self.store.deleted(collection, entity_id):
            return None
        shown = "/" + "/".join(token.text for token in incoming.tokens)
        return error_reply(
            404,
            "ResourceNotFound",
            f"{incoming.method} {shown}: the item {entity_id!r} was deleted.",
            ids,
        )


def _entity(reply: Reply) -> Entity | None:
    """The JSON object a 2xx reply carries, unless it is a collection page."""
    if not 200 <= reply.status < 300 or not reply.body:
        return None
    content_type = reply.header("Content-Type") or ""
    if "json" not in content_type.lower():
        return None
    try:
        body = json.loads(reply.body)
    except ValueError:
        return None
    if not isinstance(body, dict) or isinstance(body.get("value"), list):
        return None
    return body
