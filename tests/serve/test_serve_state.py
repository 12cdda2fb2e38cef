"""The mock remembers what clients create: create, get, update, list and delete on specs/."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel, RequestBody
from graphdoc.runtime.graph_runtime import GraphTransport, Paged
from graphdoc.serve.app import MockGraph, Request
from graphdoc.serve.server import serving

from tests.serve.helpers import example, model, operation, prop

SPECS = Path(__file__).resolve().parents[2] / "specs"
DOCUMENTED_ID = (
    "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAi"
    "IsqMbYjsT5e-T7KzowPTAAAAAAEOAAAiIsqMbYjsT5e-T7KzowPTAAAYbvZDAAA="
)


@pytest.fixture(scope="module")
def specs_model() -> ApiModel:
    return build_model([SPECS])


@pytest.fixture()
def base_url(specs_model: ApiModel) -> Iterator[str]:
    """A server of its own per test: what one test creates, another does not see."""
    with serving(specs_model, port=0) as url:
        yield url


@pytest.fixture()
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{base_url}/v1.0", timeout=10) as http:
        yield http


def _documented(specs_model: ApiModel, operation_id: str) -> Any:
    found = next(op for op in specs_model.operations if op.id == operation_id)
    response = found.examples[0].response
    assert response is not None
    return response.body


def test_create_get_update_list_delete(client: httpx.Client, base_url: str) -> None:
    created = client.post("/me/contacts", json={"givenName": "Pavel", "surname": "Bansky"})
    assert created.status_code == 201
    pavel = created.json()
    assert uuid.UUID(pavel["id"]).version == 4
    assert (pavel["givenName"], pavel["surname"]) == ("Pavel", "Bansky")
    assert pavel["isFavorite"] is True  # the rest is the documented reply, placeholders filled
    second = client.post("/me/contacts", json={"givenName": "Lee"}).json()
    assert second["id"] != pavel["id"]

    item = f"/me/contacts/{pavel['id']}"
    assert client.get(item).json() == pavel

    updated = client.patch(item, json={"jobTitle": "Director"})
    assert updated.status_code == 200  # update-contact documents 200 with the contact
    assert updated.json() == {**pavel, "jobTitle": "Director"}
    assert client.get(item).json()["jobTitle"] == "Director"

    first_page = client.get("/me/contacts", params={"$top": "1"}).json()
    assert [c["givenName"] for c in first_page["value"]] == ["Pavel"]
    link = first_page["@odata.nextLink"]
    assert link.startswith(f"{base_url}/v1.0/me/contacts?")
    assert dict(parse_qsl(urlsplit(link).query))["$top"] == "1"
    last_page = client.get(link).json()
    assert [c["id"] for c in last_page["value"]] == [second["id"]]
    assert "@odata.nextLink" not in last_page

    deleted = client.delete(item)
    assert (deleted.status_code, deleted.content) == (204, b"")
    for method in ("GET", "PATCH", "DELETE"):
        gone = client.request(method, item, json={} if method == "PATCH" else None)
        assert gone.status_code == 404, method
        error = gone.json()["error"]
        assert error["code"] == "ResourceNotFound"
        assert pavel["id"] in error["message"] and error["innerError"]["request-id"]
    assert [c["id"] for c in client.get("/me/contacts").json()["value"]] == [second["id"]]


def test_ids_the_store_never_made_keep_their_documented_reply(
    client: httpx.Client, specs_model: ApiModel
) -> None:
    client.post("/me/contacts", json={"givenName": "Pavel"})
    documented = client.get(f"/me/contacts/{DOCUMENTED_ID}")
    assert documented.json() == _documented(specs_model, "get-contact")
    # Another collection than the one created in: the documented list.
    listed = client.get("/users/u1/contacts").json()
    assert listed["value"] == _documented(specs_model, "list-contacts")["value"]


def test_documented_replies_only_when_asked(client: httpx.Client, specs_model: ApiModel) -> None:
    """The example tests send `X-Graphdoc-Stateless`: documented requests get documented
    replies and store nothing; `X-Graphdoc-Example` replays one example, stored id or not."""
    create = next(op for op in specs_model.operations if op.id == "create-contact")
    request_body = create.examples[0].request.body
    stateless = {"X-Graphdoc-Stateless": "1"}
    replies = [
        client.post("/me/contacts", json=request_body, headers=stateless).json() for _ in range(2)
    ]
    assert replies[0]["id"] == replies[1]["id"] == "61b5ff4f-ff4f-61b5-4fff-b5614fffb561"
    listed = client.get("/me/contacts").json()["value"]
    assert listed == _documented(specs_model, "list-contacts")["value"]  # nothing stored
    stored = client.post("/me/contacts", json=request_body).json()["id"]
    assert stored != replies[0]["id"]
    for headers in (stateless, {"X-Graphdoc-Example": "get_contact"}):
        documented = client.get(f"/me/contacts/{stored}", headers=headers)
        assert documented.json() == _documented(specs_model, "get-contact")
    assert client.get(f"/me/contacts/{stored}").json()["id"] == stored


def test_the_runtime_pages_and_limits_stored_items(client: httpx.Client, base_url: str) -> None:
    names = ["Ann", "Bo", "Cy"]
    for name in names:
        client.post("/me/contacts", json={"givenName": name})
    with GraphTransport(lambda: "token", base_url=f"{base_url}/v1.0") as transport:

        def given_name(item: dict[str, Any]) -> str:
            return str(item["givenName"])

        everyone = Paged(transport, "/me/contacts", params={"$top": 2}, parse=given_name)
        pages = list(everyone.pages())
        assert [page.items for page in pages] == [["Ann", "Bo"], ["Cy"]]
        assert pages[0].next_link is not None and pages[0].next_link.startswith(base_url)
        limited = Paged(transport, "/me/contacts", params={"$top": 1}, parse=given_name, limit=2)
        assert list(limited) == ["Ann", "Bo"]
        assert limited.next_link is not None  # Cy's page was never asked for


def test_an_action_answering_with_an_object_creates_nothing() -> None:
    """`POST /users/{id}/assignLicense` answers with the user, but no `GET .../{id}` is
    documented under it: not a collection, so the documented reply every time."""
    user = {"id": "u-documented", "displayName": "Adele"}
    assign = operation(
        "user-assignlicense",
        "POST",
        "/users/{id}/assignLicense",
        response_type="microsoft.graph.user",
        request_body=RequestBody(None, False, [prop("addLicenses", "Edm.String")]),
        examples=[example("assign", "POST", "/users/u1/assignLicense", body=user)],
    )
    get_user = operation("user-get", "GET", "/users/{id}", response_type="microsoft.graph.user")
    app = MockGraph(model(assign, get_user))
    body = json.dumps({"addLicenses": "x"}).encode()
    headers = {"content-type": "application/json"}
    for _ in range(2):
        reply = app.handle(Request("POST", "/users/u1/assignLicense", headers, body), "http://m")
        assert (reply.status, json.loads(reply.body)) == (200, user)
    assert app.state.store.items("users/u1/assignlicense") is None


def test_concurrent_creates_get_distinct_ids(specs_model: ApiModel) -> None:
    app = MockGraph(specs_model)
    headers = {"content-type": "application/json"}
    created: list[str] = []

    def create(worker: int) -> None:
        for index in range(20):
            body = json.dumps({"givenName": f"{worker}-{index}"}).encode()
            reply = app.handle(Request("POST", "/me/contacts", headers, body), "http://m")
            created.append(json.loads(reply.body)["id"])

    threads = [threading.Thread(target=create, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(created)) == len(created) == 120
    listed = app.handle(Request("GET", "/me/contacts"), "http://m")
    assert len(json.loads(listed.body)["value"]) == 120


def test_an_update_documented_as_204_answers_204_and_still_merges() -> None:
    name = RequestBody(None, False, [prop("name", "Edm.String"), prop("size", "Edm.Int32")])
    thing = {"id": "documented", "name": "example", "size": 1}
    api = model(
        operation(
            "thing-create",
            "POST",
            "/things",
            status=201,
            response_type="microsoft.graph.thing",
            request_body=name,
            examples=[example("create", "POST", "/things", status=201, body=thing)],
        ),
        operation("thing-get", "GET", "/things/{id}", response_type="microsoft.graph.thing"),
        operation("thing-update", "PATCH", "/things/{id}", status=204, request_body=name),
    )
    app = MockGraph(api)
    headers = {"content-type": "application/json"}

    def send(method: str, path: str, body: Any = None) -> tuple[int, Any]:
        content = json.dumps(body).encode() if body is not None else b""
        reply = app.handle(Request(method, path, headers, content), "http://m")
        return reply.status, json.loads(reply.body) if reply.body else None

    status, created = send("POST", "/things", {"name": "mine"})
    assert status == 201 and created == {**thing, "name": "mine", "id": created["id"]}
    assert send("PATCH", f"/things/{created['id']}", {"size": 2}) == (204, None)
    assert send("GET", f"/things/{created['id']}") == (200, {**created, "size": 2})
