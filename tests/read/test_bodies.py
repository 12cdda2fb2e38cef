"""graphdoc.read.bodies: JSON when it is JSON, raw text with a reason otherwise (§5.4)."""

from __future__ import annotations

import pytest
from graphdoc.read.bodies import read_body


def test_no_body() -> None:
    for text in (None, "", "  \n "):
        body = read_body(text, "application/json")
        assert (body.value, body.raw, body.json, body.problem) == (None, None, False, None)


def test_strict_json_body() -> None:
    body = read_body('{"id": "1"}', "application/json")
    assert (body.value, body.raw, body.json, body.strict, body.problem) == (
        {"id": "1"},
        '{"id": "1"}',
        True,
        True,
        None,
    )


def test_json_without_a_content_type() -> None:
    assert read_body("[1, 2]", None).value == [1, 2]


def test_lenient_json_body_keeps_the_raw_text_and_says_why() -> None:
    text = '{"value": [ {"id": "1"}, ... ],}'
    body = read_body(text, "application/json;odata.metadata=minimal")
    assert body.json and not body.strict
    assert body.value == {"value": [{"id": "1"}]}
    assert body.raw == text
    assert body.truncated
    assert body.problem == "ellipsis truncation, trailing comma"


@pytest.mark.parametrize(
    ("text", "content_type"),
    [
        ("Report Refresh Date,Send,Receive", "application/octet-stream"),
        ("893", "text/plain"),
        ('{"looks": "like json"}', "text/plain"),
        ("client_id={clientId}&state=12345", "application/x-www-form-urlencoded"),
        ("<Image>", "image/jpeg"),
    ],
)
def test_declared_non_json_content_types_stay_raw(text: str, content_type: str) -> None:
    body = read_body(text, content_type)
    assert (body.value, body.raw, body.json) == (None, text, False)
    assert body.problem == f"not JSON (Content-Type {content_type})"


def test_json_under_an_unusual_content_type_is_still_read() -> None:
    body = read_body('{"a": 1}', "application/vnd.custom")
    assert body.value == {"a": 1}


def test_placeholder_bodies_without_content_type() -> None:
    body = read_body("<bytes 0-25 of the file>", None)
    assert (body.value, body.raw, body.json) == (None, "<bytes 0-25 of the file>", False)
    assert body.problem is not None and body.problem.startswith("not JSON: ")


def test_broken_json_is_unreadable_json() -> None:
    body = read_body('{"body": { "SHFT_1", "SHFT_2" }}', "application/json")
    assert not body.json
    assert body.problem is not None and body.problem.startswith("unreadable JSON: ")
