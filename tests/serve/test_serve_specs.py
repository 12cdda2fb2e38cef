"""The mock over real HTTP on loopback, built from specs/."""

from __future__ import annotations

import io
import json
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel, Example, Operation
from graphdoc.runtime.graph_runtime import GraphError, GraphTransport
from graphdoc.serve.app import MockGraph
from graphdoc.serve.routes import request_target
from graphdoc.serve.server import serving

SPECS = Path(__file__).resolve().parents[2] / "specs"
CONTACT_ID = (
    "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAi"
    "IsqMbYjsT5e-T7KzowPTAAAAAAEOAAAiIsqMbYjsT5e-T7KzowPTAAAYbvZFAAA="
)


@pytest.fixture(scope="module")
def model() -> ApiModel:
    return build_model([SPECS])


@pytest.fixture(scope="module")
def log() -> io.StringIO:
    return io.StringIO()


@pytest.fixture(scope="module")
def base_url(model: ApiModel, log: io.StringIO) -> Iterator[str]:
    with serving(model, port=0, log=log) as url:
        yield url


@pytest.fixture()
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as http:
        yield http


def _examples(model: ApiModel) -> list[tuple[Operation, Example]]:
    return [
        (operation, example)
        for operation in model.operations
        for example in operation.examples
        if example.response is not None
    ]


def _send(client: httpx.Client, example: Example) -> httpx.Response:
    target = request_target(example.request.url)
    assert target is not None
    headers = {
        name: value
        for name, value in example.request.headers.items()
        if name.lower() not in ("content-length", "authorization")
    }
    headers["X-Graphdoc-Stateless"] = "1"  # the documented reply, even to a create
    request = example.request
    content: bytes | None = None
    if request.body is not None:
        content = json.dumps(request.body).encode()
    elif request.body_raw:
        content = request.body_raw.encode()
    return client.request(request.method, target, headers=headers, content=content)


def test_specs_have_an_example_per_operation(model: ApiModel) -> None:
    assert len(_examples(model)) == len(model.operations) == 5


def test_every_documented_example_gets_its_documented_reply(
    model: ApiModel, client: httpx.Client, base_url: str
) -> None:
    for operation, example in _examples(model):
        documented = example.response
        assert documented is not None
        response = _send(client, example)
        assert response.status_code == documented.status, operation.id
        if documented.status == 204:
            assert response.content == b""
            assert "content-type" not in response.headers
            continue
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        expected: Any = documented.body
        if isinstance(expected, dict) and "@odata.nextLink" in expected:
            # Documented nextLinks point back at the mock, so clients stay on loopback.
            assert body.pop("@odata.nextLink").startswith(base_url + "/")
            expected = {k: v for k, v in expected.items() if k != "@odata.nextLink"}
        if operation.id == "create-contact":  # a stub reply: see the test below
            assert response.headers["X-Graphdoc-Placeholders"] == "32"
            continue
        assert "X-Graphdoc-Placeholders" not in response.headers
        assert body == expected, operation.id


def test_a_stub_reply_is_served_with_valid_values(model: ApiModel, client: httpx.Client) -> None:
    """The seed's create reply is all placeholders (`"String (timestamp)"`, `"Date"`,
    `"Boolean"`): the mock serves the same reply with values of each property's type."""
    [(_, example)] = [pair for pair in _examples(model) if pair[0].id == "create-contact"]
    assert example.response is not None
    documented = example.response.body
    body = _send(client, example).json()
    changed = {key: body[key] for key in body if body[key] != documented[key]}
    assert set(body) == set(documented)
    assert changed["createdDateTime"] == changed["birthday"] == "2021-01-01T00:00:00Z"
    assert (changed["weddingAnniversary"], changed["isFavorite"]) == ("2021-01-01", True)
    assert (changed["givenName"], changed["categories"]) == ("string", ["string"])
    assert len(changed) == 32
    stubs = {json.dumps(documented[key]) for key in changed}
    assert stubs == {'"String"', '"String (timestamp)"', '"Date"', '"Boolean"', '["String"]'}


def test_unknown_route_is_a_404_in_graph_error_format(client: httpx.Client) -> None:
    response = client.get("/v1.0/me/unknownThings", headers={"client-request-id": "abc-123"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    request_id = response.headers["request-id"]
    uuid.UUID(request_id)
    error = response.json()["error"]
    assert error["code"] == "ResourceNotFound"
    assert "GET /me/unknownThings" in error["message"]
    inner = error["innerError"]
    assert inner["request-id"] == request_id
    assert inner["client-request-id"] == "abc-123"
    assert response.headers["client-request-id"] == "abc-123"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", inner["date"])


def test_documented_path_with_another_method_is_a_405(client: httpx.Client) -> None:
    response = client.put(f"/v1.0/me/contacts/{CONTACT_ID}", json={})
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, PATCH"
    assert response.json()["error"]["code"] == "MethodNotAllowed"


@pytest.mark.parametrize(
    ("method", "path", "body", "target"),
    [
        # A parameter table (update-contact): a wrong type, an unknown property.
        ("PATCH", f"/v1.0/me/contacts/{CONTACT_ID}", {"givenName": 5}, "$.givenName"),
        ("PATCH", f"/v1.0/me/contacts/{CONTACT_ID}", {"nickname2": "x"}, "$.nickname2"),
        ("PATCH", f"/v1.0/me/contacts/{CONTACT_ID}", ["not", "an", "object"], "$"),
        # A typed body (create-contact: microsoft.graph.contact), nested and formats.
        ("POST", "/v1.0/users/u1/contacts", {"birthday": "tomorrow"}, "$.birthday"),
        (
            "POST",
            "/v1.0/users/u1/contacts",
            {"emailAddresses": [{"address": 42}]},
            "$.emailAddresses[0].address",
        ),
    ],
)
def test_body_violating_the_request_schema_is_a_400(
    client: httpx.Client, method: str, path: str, body: Any, target: str
) -> None:
    response = client.request(method, path, json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BadRequest"
    assert error["innerError"]["request-id"] == response.headers["request-id"]
    assert target in [detail["target"] for detail in error["details"]]


def test_malformed_json_is_a_400(client: httpx.Client) -> None:
    response = client.patch(
        f"/v1.0/me/contacts/{CONTACT_ID}",
        content=b'{"givenName": "Lee",}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "Unable to read JSON request payload" in response.json()["error"]["message"]


def test_valid_undocumented_body_gets_the_documented_reply(client: httpx.Client) -> None:
    body = {"givenName": "Lee", "categories": ["A"], "phones": [{"type": "home", "number": "1"}]}
    response = client.patch(f"/v1.0/me/contacts/{CONTACT_ID}", json=body)
    assert response.status_code == 200
    assert response.json()["displayName"] == "Lee Gu"
    created = client.post("/v1.0/users/u1/contacts", json={"givenName": "Ann", "isFavorite": True})
    assert created.status_code == 201


def test_lenient_mode_accepts_unknown_properties(model: ApiModel) -> None:
    with serving(MockGraph(model, strict=False)) as url:
        response = httpx.patch(f"{url}/me/contacts/x", json={"nickname2": "x"})
        assert response.status_code == 200
        response = httpx.patch(f"{url}/me/contacts/x", json={"givenName": 5})
        assert response.status_code == 400


def test_delete_is_a_204_without_body(client: httpx.Client) -> None:
    response = client.delete(f"/me/contacts/{CONTACT_ID}")
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["content-length"] == "0"


def test_paging_with_top_follows_next_links_back_to_the_mock(
    client: httpx.Client, base_url: str, model: ApiModel
) -> None:
    documented = next(op for op in model.operations if op.id == "list-contacts")
    response_body = documented.examples[0].response.body  # type: ignore[union-attr]
    expected = response_body["value"]
    assert len(expected) == 2

    first = client.get("/v1.0/me/contacts", params={"$top": "1"}).json()
    assert first["value"] == expected[:1]
    link = first["@odata.nextLink"]
    assert link.startswith(f"{base_url}/v1.0/me/contacts?")
    query = dict(parse_qsl(urlsplit(link).query))
    assert query["$top"] == "1"
    assert query["$skiptoken"].startswith("graphdoc-")

    second = client.get(link).json()
    assert second["value"] == expected[1:2]
    # The docs' own nextLink says more exist: one empty last page, then the end.
    third = client.get(second["@odata.nextLink"]).json()
    assert third["value"] == []
    assert "@odata.nextLink" not in third


def test_paging_with_prefer_maxpagesize(client: httpx.Client) -> None:
    response = client.get("/me/contacts", headers={"Prefer": "odata.maxpagesize=1"})
    assert response.headers["preference-applied"] == "odata.maxpagesize=1"
    assert len(response.json()["value"]) == 1
    # The page size travels in the skiptoken: the next request needs no header.
    second = client.get(response.json()["@odata.nextLink"]).json()
    assert len(second["value"]) == 1


def test_paging_with_the_mock_header(client: httpx.Client) -> None:
    response = client.get("/me/contacts", headers={"X-Graphdoc-Page-Size": "1"})
    assert len(response.json()["value"]) == 1


def test_runtime_transport_iterates_pages_and_maps_errors(base_url: str, model: ApiModel) -> None:
    documented = next(op for op in model.operations if op.id == "list-contacts")
    expected = documented.examples[0].response.body["value"]  # type: ignore[union-attr]
    with GraphTransport(lambda: "token", base_url=f"{base_url}/v1.0") as transport:
        items = list(transport.iter_collection("/me/contacts", params={"$top": 1}))
        assert items == expected
        with pytest.raises(GraphError) as raised:
            transport.get_json("/me/nothing")
    assert raised.value.status == 404
    assert raised.value.code == "ResourceNotFound"
    assert raised.value.request_id


def test_named_example_header(client: httpx.Client) -> None:
    response = client.get("/me/contacts/x", headers={"X-Graphdoc-Example": "get_contact"})
    assert response.status_code == 200
    missing = client.get("/me/contacts/x", headers={"X-Graphdoc-Example": "nope"})
    assert missing.status_code == 400
    assert "nope" in missing.json()["error"]["message"]


def test_each_request_is_logged(client: httpx.Client, log: io.StringIO) -> None:
    client.get("/v1.0/me/contacts/logged-id")
    pattern = re.compile(r"GET /v1\.0/me/contacts/logged-id 200 \d+\.\dms get-contact")
    deadline = time.monotonic() + 2  # the line is written once the reply is sent
    while time.monotonic() < deadline:
        lines = log.getvalue().splitlines()
        if any(pattern.fullmatch(line) for line in lines):
            break
        time.sleep(0.01)
    else:
        raise AssertionError(log.getvalue()[-500:])


def test_binds_loopback_only(base_url: str) -> None:
    assert base_url.startswith("http://127.0.0.1:")
