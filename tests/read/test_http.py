"""graphdoc.read.http: start line, headers and body of HTTP blocks (doc-format.md §5)."""

from __future__ import annotations

import pytest
from graphdoc.read.http import (
    header,
    looks_like_request,
    looks_like_response,
    media_type,
    parse_request,
    parse_response,
    path_of,
)


def lines(text: str) -> list[str]:
    return text.split("\n")


def test_request_with_headers_blank_line_and_body() -> None:
    request = parse_request(
        lines(
            "POST https://graph.microsoft.com/beta/users/{usersId}/contacts\n"
            "Content-Type: application/json\n"
            "Content-length: 1346\n"
            "\n"
            '{\n  "givenName": "Pavel"\n}'
        )
    )
    assert request is not None
    assert (request.method, request.url) == (
        "POST",
        "https://graph.microsoft.com/beta/users/{usersId}/contacts",
    )
    assert request.headers == {"Content-Type": "application/json", "Content-length": "1346"}
    assert request.body == '{\n  "givenName": "Pavel"\n}'
    assert request.notes == []


def test_request_line_keeps_spaces_inside_placeholders() -> None:
    request = parse_request(["GET /users/{id | userPrincipalName}/calendar/events/delta"])
    assert request is not None
    assert request.url == "/users/{id | userPrincipalName}/calendar/events/delta"
    assert path_of(request.url) == "/users/{id | userPrincipalName}/calendar/events/delta"


def test_http_version_after_the_url_is_dropped() -> None:
    request = parse_request(["GET https://graph.microsoft.com/v1.0/me HTTP/1.1"])
    assert request is not None
    assert request.url == "https://graph.microsoft.com/v1.0/me"


def test_missing_space_after_the_method() -> None:
    request = parse_request(["GET/me/events"])
    assert request is not None
    assert (request.method, request.url) == ("GET", "/me/events")
    assert request.notes == ["no space between the method and the URL"]


def test_body_without_a_blank_line() -> None:
    # The seed's response and 26 requests put `{` right under `Content-Type`.
    request = parse_request(["PATCH /me", "Content-Type: application/json", '{"a": 1}'])
    assert request is not None
    assert request.headers == {"Content-Type": "application/json"}
    assert request.body == '{"a": 1}'
    assert request.notes == ["no blank line before the body"]


def test_blank_line_between_request_line_and_headers() -> None:
    # Intune action pages: the headers still are headers.
    request = parse_request(
        lines(
            "POST https://graph.microsoft.com/beta/deviceAppManagement/x/targetApps\n"
            "\n"
            "Content-type: application/json\n"
            "Content-length: 336\n"
            "\n"
            '{"apps": []}'
        )
    )
    assert request is not None
    assert request.headers == {"Content-type": "application/json", "Content-length": "336"}
    assert request.body == '{"apps": []}'
    assert request.notes == ["blank line between the start line and the headers"]


def test_blank_line_then_body_without_headers() -> None:
    request = parse_request(["POST /me/events/{id}/accept", "", '{"comment": "ok"}'])
    assert request is not None
    assert request.headers == {}
    assert request.body == '{"comment": "ok"}'
    assert request.notes == []


def test_header_after_the_blank_line_is_still_a_header() -> None:
    # delta pages: `Prefer: odata.maxpagesize=2` after the blank line.
    request = parse_request(
        ["GET https://graph.microsoft.com/v1.0/me/events/delta", "Accept: */*", "", "Prefer: x=2"]
    )
    assert request is not None
    assert request.headers == {"Accept": "*/*", "Prefer": "x=2"}
    assert request.body is None
    assert request.notes == ["header after the blank line"]


def test_non_requests_are_refused() -> None:
    assert parse_request(["HTTP/1.1 200 OK"]) is None
    assert parse_request(["{", "}"]) is None
    assert parse_request(["", "   "]) is None
    assert parse_request([]) is None


@pytest.mark.parametrize(
    ("line", "status", "reason", "notes"),
    [
        ("HTTP/1.1 200 OK", 200, "OK", []),
        ("HTTP/1.1 204", 204, "", []),
        ("HTTP/1.1 204 No content", 204, "No content", []),
        ("HTTP/2 200 OK", 200, "OK", []),
        ("HTTP 201 Created", 201, "Created", ["status line without an HTTP version"]),
        ("HTTP/1.1 202 Accpted", 202, "Accpted", []),
    ],
)
def test_status_line_forms(line: str, status: int, reason: str, notes: list[str]) -> None:
    response = parse_response([line])
    assert response is not None
    assert (response.status, response.reason, response.notes) == (status, reason, notes)
    assert response.headers == {} and response.body is None


def test_response_with_headers_and_csv_body() -> None:
    response = parse_response(
        lines(
            "HTTP/1.1 200 OK\n"
            "Content-Type: application/octet-stream\n"
            "\n"
            "Report Refresh Date,Send,Receive\n"
            "2017-09-01,504,76506\n"
        )
    )
    assert response is not None
    assert response.headers == {"Content-Type": "application/octet-stream"}
    assert response.body == "Report Refresh Date,Send,Receive\n2017-09-01,504,76506"


def test_response_redirect_with_location() -> None:
    response = parse_response(["HTTP/1.1 302 Found", "Location: https://reports.office.com/x"])
    assert response is not None
    assert response.status == 302
    assert header(response.headers, "location") == "https://reports.office.com/x"


def test_trailing_blank_lines_are_not_a_blank_line_before_headers() -> None:
    response = parse_response(["HTTP/1.1 204 OK", "", ""])
    assert response is not None
    assert (response.status, response.body, response.notes) == (204, None, [])


def test_response_body_without_a_blank_line() -> None:
    response = parse_response(["HTTP/1.1 200 OK", "{", '  "id": "1"', "}"])
    assert response is not None
    assert response.body == '{\n  "id": "1"\n}'
    assert response.notes == ["no blank line before the body"]


def test_non_responses_are_refused() -> None:
    assert parse_response(["GET /me"]) is None
    assert parse_response(["HTTP/1.1 OK"]) is None
    assert parse_response([]) is None


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://graph.microsoft.com/v1.0/me/contacts?$top=2", "/me/contacts"),
        ("https://graph.microsoft.com/beta/me", "/me"),
        ("/beta/me/drive", "/me/drive"),
        ("/{version}/me", "/me"),
        ("me/events", "/me/events"),
        ("https://graph.microsoft.com/v1.0", "/"),
        ("/v1.0/beta-feature", "/beta-feature"),
        (
            "/reports/getEmailActivityCounts(period='{period_value}')",
            "/reports/getEmailActivityCounts(period='{period_value}')",
        ),
        ("https://sn3302.up.1drv.com/up/fe6987415ace7X4e1eF8", "/up/fe6987415ace7X4e1eF8"),
    ],
)
def test_path_of(url: str, path: str) -> None:
    assert path_of(url) == path


def test_header_lookup_ignores_case() -> None:
    headers = {"Content-type": "application/json"}
    assert header(headers, "Content-Type") == "application/json"
    assert header(headers, "content-length") is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Content-type": "application/json"}, "application/json"),
        ({"Content-Type": "Application/JSON; charset=utf-8"}, "application/json"),
        ({"content-type": " text/csv ;odata.metadata=none"}, "text/csv"),
        ({"Content-Length": "12"}, ""),
        ({}, ""),
    ],
)
def test_media_type(headers: dict[str, str], expected: str) -> None:
    assert media_type(headers) == expected


def test_looks_like() -> None:
    assert looks_like_request(["", "GET /me"])
    assert looks_like_request(["PATCH https://graph.microsoft.com/v1.0/me"])
    assert not looks_like_request(["HTTP/1.1 200 OK"])
    assert not looks_like_request(["{"])
    assert looks_like_response(["", "HTTP/1.1 200 OK"])
    assert looks_like_response(["HTTP 201 Created"])
    assert not looks_like_response(["GET /me"])
