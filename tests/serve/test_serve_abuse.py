"""The mock under abuse, over real sockets on 127.0.0.1: framing tricks, huge and deep
bodies, bad Unicode, truncated and idle connections, header injection."""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel, RequestBody
from graphdoc.serve.server import serving

from tests.serve.helpers import example, model, operation, prop

SPECS = Path(__file__).resolve().parents[2] / "specs"
CONTACTS = "/v1.0/users/u1/contacts"  # POST takes a JSON contact; `{}` is a valid one
CAP = 256 * 1024  # the module's server caps bodies here; 100,000-deep JSON fits


@pytest.fixture(scope="module")
def specs_model() -> ApiModel:
    return build_model([SPECS])


@pytest.fixture(scope="module")
def base_url(specs_model: ApiModel) -> Iterator[str]:
    with serving(specs_model, max_body=CAP, idle_timeout=1.0) as url:
        yield url


def exchange(
    base_url: str, wire: bytes, *, close_write: bool = True, timeout: float = 5.0
) -> tuple[http.client.HTTPResponse, bytes]:
    """Send `wire` as is on a fresh connection; the reply and its body (a timeout fails)."""
    parts = urlsplit(base_url)
    sock = socket.create_connection((parts.hostname or "", parts.port or 0), timeout=timeout)
    try:
        sock.sendall(wire)
        if close_write:
            sock.shutdown(socket.SHUT_WR)
        reply = http.client.HTTPResponse(sock)
        reply.begin()
        return reply, reply.read()
    finally:
        sock.close()


def post(head: str, body: bytes = b"") -> bytes:
    lines = [f"POST {CONTACTS} HTTP/1.1", "Host: mock", "Content-Type: application/json"]
    return ("\r\n".join([*lines, *head.split("|")]) + "\r\n\r\n").encode() + body


def graph_error(reply: http.client.HTTPResponse, body: bytes) -> dict[str, Any]:
    """The Graph error of a reply, checked for its request id."""
    assert reply.getheader("Content-Type") == "application/json"
    error: dict[str, Any] = json.loads(body)["error"]
    assert error["innerError"]["request-id"] == reply.getheader("request-id")
    return error


def test_a_well_framed_small_body_is_served(base_url: str) -> None:
    for wire in (
        post("Content-Length: 2", b"{}"),
        post("Transfer-Encoding: chunked", b"2\r\n{}\r\n0\r\n\r\n"),
        post("Transfer-Encoding: chunked", b"1;ext=1\r\n{\r\n1\r\n}\r\n0\r\nX-Trailer: 1\r\n\r\n"),
    ):
        assert exchange(base_url, wire)[0].status == 201


@pytest.mark.parametrize(
    "head, body",
    [
        # int() took these: `-1` read to the end of the stream, past any cap
        ("Transfer-Encoding: chunked", b"-1\r\n{}"),
        ("Transfer-Encoding: chunked", b"+2\r\n{}\r\n0\r\n\r\n"),
        ("Transfer-Encoding: chunked", b"0x2\r\n{}\r\n0\r\n\r\n"),
        ("Transfer-Encoding: chunked", b"2_0\r\n{}\r\n0\r\n\r\n"),
        ("Content-Length: +2", b"{}"),
        ("Content-Length: 0_2", b"{}"),
        ("Content-Length: 2|Content-Length: 3", b"{} "),
        ("Content-Length: 2|Transfer-Encoding: chunked", b"2\r\n{}\r\n0\r\n\r\n"),
        # shorter than announced: the client closed its side early
        ("Content-Length: 50", b"{}"),
        ("Transfer-Encoding: chunked", b"10\r\n{}"),
        ("Transfer-Encoding: chunked", b"2\r\n{}\r\n"),
        ("Transfer-Encoding: chunked", b"1\r\n{}\r\n0\r\n\r\n"),  # data longer than its size
    ],
)
def test_bodies_framed_wrongly_are_refused(base_url: str, head: str, body: bytes) -> None:
    reply, content = exchange(base_url, post(head, body))
    assert reply.status == 400
    assert graph_error(reply, content)["code"] == "BadRequest"
    assert reply.getheader("Connection") == "close"


def test_a_negative_chunk_size_is_refused_without_reading_on(base_url: str) -> None:
    # The client keeps its side open: the old reader waited for the end of the stream.
    reply, _ = exchange(base_url, post("Transfer-Encoding: chunked", b"-1\r\n"), close_write=False)
    assert reply.status == 400


@pytest.mark.parametrize(
    "head, body",
    [
        (f"Content-Length: {CAP + 1}", b""),
        ("Content-Length: 99999999999999999999", b""),
        ("Transfer-Encoding: chunked", f"{CAP + 1:x}\r\n".encode()),
        ("Transfer-Encoding: chunked", b"fffffffffffffff\r\n"),
        (  # two chunks, each under the cap, together over it
            "Transfer-Encoding: chunked",
            f"{CAP // 2:x}\r\n".encode() + b" " * (CAP // 2) + f"\r\n{CAP // 2 + 1:x}\r\n".encode(),
        ),
    ],
)
def test_bodies_over_the_cap_are_refused_before_they_are_read(
    base_url: str, head: str, body: bytes
) -> None:
    reply, content = exchange(base_url, post(head, body), close_write=False)
    assert reply.status == 413
    assert graph_error(reply, content)["code"] == "RequestEntityTooLarge"


def test_an_invalid_huge_body_gets_a_small_error(specs_model: ApiModel) -> None:
    body = json.dumps([{"givenName": "x" * 40}] * 50_000)  # 2.6 MB: an array, not a contact
    with serving(specs_model) as url:
        response = httpx.post(f"{url}{CONTACTS}", content=body, timeout=30,
                              headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert len(response.content) < 10_000  # it echoed the body twice per failed check
    error = response.json()["error"]
    assert error["code"] == "BadRequest"
    assert "more characters" in error["message"]
    assert error["details"][0]["target"] == "$"


def test_a_parameter_table_body_with_many_errors_gets_a_small_error() -> None:
    table = RequestBody(None, False, [prop("removeLicenses", "Edm.Guid", collection=True)])
    graph = model(operation("assign", "POST", "/me/assignLicense", request_body=table))
    body = {"removeLicenses": ["not-a-guid" * 10] * 100_000, **{f"x{n}": n for n in range(5000)}}
    with serving(graph) as url:
        response = httpx.post(f"{url}/me/assignLicense", json=body, timeout=30)
    assert response.status_code == 400
    assert len(response.content) < 10_000
    assert len(response.json()["error"]["details"]) == 20


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"givenName": ' + b"[" * 65 + b"]" * 65 + b"}",
        b'{"givenName": "\\ud800"}',
        b'{"givenName": "\\udfff\\ud800"}',
        b'{"givenName": "caf\xe9"}',  # Latin-1, not UTF-8
    ],
    ids=["100000-deep", "65-deep", "lone-high-surrogate", "reversed-pair", "latin-1"],
)
def test_deep_json_and_bad_unicode_are_a_400(base_url: str, body: bytes) -> None:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        response = client.post(CONTACTS, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BadRequest"
    assert error["innerError"]["request-id"] == response.headers["request-id"]


def test_a_valid_surrogate_pair_is_accepted(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        body = b'{"givenName": "\\ud83d\\ude00"}'
        response = client.post(CONTACTS, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 201


def test_an_example_holding_a_lone_surrogate_is_served() -> None:
    documented = example("get", "GET", "https://graph.microsoft.com/v1.0/things/1",
                         body={"name": "a\ud800b", "other": "é"})
    graph = model(operation("get-thing", "GET", "/things/{id}", examples=[documented]))
    with serving(graph) as url:
        response = httpx.get(f"{url}/v1.0/things/1", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"name": "a\ud800b", "other": "é"}


def test_an_idle_connection_is_closed(base_url: str) -> None:
    parts = urlsplit(base_url)
    started = time.perf_counter()
    with socket.create_connection((parts.hostname or "", parts.port or 0), timeout=10) as sock:
        assert sock.recv(1) == b""  # closed by the mock, not by this timeout
    assert time.perf_counter() - started < 5


def test_a_body_that_stops_arriving_gets_a_408(base_url: str) -> None:
    started = time.perf_counter()
    wire = post("Content-Length: 10", b"{")
    reply, content = exchange(base_url, wire, close_write=False, timeout=10)
    assert reply.status == 408
    assert graph_error(reply, content)["code"] == "RequestTimeout"
    assert time.perf_counter() - started < 5


def test_a_kept_alive_connection_serves_requests_until_it_idles(base_url: str) -> None:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    headers = {"Content-Type": "application/json"}
    for _ in range(3):
        connection.request("POST", CONTACTS, body=b"{}", headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 201
        time.sleep(0.3)  # each pause shorter than the idle timeout
    connection.close()


def test_no_header_line_can_be_injected(base_url: str) -> None:
    target = "/_graphdoc/redirect?to=https%3A%2F%2Fx%0d%0aSet-Cookie%3A%20stolen%3D1%0d%0a"
    reply, _ = exchange(base_url, f"GET {target} HTTP/1.1\r\nHost: mock\r\n\r\n".encode())
    assert reply.status == 200
    assert reply.getheader("Set-Cookie") is None
    assert reply.getheader("Content-Location") == "https://xSet-Cookie: stolen=1"
