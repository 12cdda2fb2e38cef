"""Tests for the runtime shipped in generated packages; all HTTP goes through MockTransport."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import email.utils
import enum
import json
import pickle
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from graphdoc.runtime.graph_runtime import (
    DEFAULT_BASE_URL,
    KEY_UNSET,
    UNSET,
    AsyncGraphTransport,
    ClientConfig,
    GraphError,
    GraphTransport,
    ModelError,
    OpenStrEnum,
    Unset,
    drop_unset,
    dump,
    enum_value,
    format_bytes,
    format_date,
    format_datetime,
    format_duration,
    format_time,
    format_uuid,
    json_or_none,
    model_dict,
    model_repr,
    opt,
    opt_key,
    opt_list,
    parse_any,
    parse_bool,
    parse_bytes,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_float,
    parse_int,
    parse_retry_after,
    parse_str,
    parse_time,
    parse_uuid,
    path_param,
    put,
    put_list,
    subtype,
)

Handler = Callable[[httpx.Request], httpx.Response]

ERROR_404 = {
    "error": {
        "code": "Request_ResourceNotFound",
        "message": "Resource 'x' does not exist.",
        "innerError": {
            "date": "2024-01-02T03:04:05",
            "request-id": "11111111-2222-3333-4444-555555555555",
            "client-request-id": "66666666-7777-8888-9999-000000000000",
        },
    }
}


class Recorder:
    """Serves queued responses and remembers every request it saw."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.responses.pop(0)


class Tokens:
    """A token provider that counts calls and hands out a fresh token each time."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"tok-{self.calls}"

    async def acall(self) -> str:
        await asyncio.sleep(0)
        return self()


class Sleeps:
    """Sleep hook that records delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, delay: float) -> None:
        self.delays.append(delay)

    async def asleep(self, delay: float) -> None:
        self.delays.append(delay)


def make_sync(
    handler: Handler,
    tokens: Callable[[], str] | None = None,
    sleeps: Sleeps | None = None,
    **kwargs: Any,
) -> GraphTransport:
    return GraphTransport(
        tokens or Tokens(),
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        sleep=sleeps if sleeps is not None else Sleeps(),
        **kwargs,
    )


def make_async(
    handler: Handler,
    tokens: Callable[[], Awaitable[str] | str] | None = None,
    sleeps: Sleeps | None = None,
    **kwargs: Any,
) -> AsyncGraphTransport:
    return AsyncGraphTransport(
        tokens or Tokens().acall,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        sleep=(sleeps if sleeps is not None else Sleeps()).asleep,
        **kwargs,
    )


def ok(payload: Any = None, status: int = 200, **kw: Any) -> httpx.Response:
    if payload is None:
        return httpx.Response(status, **kw)
    return httpx.Response(status, json=payload, **kw)


# --------------------------------------------------------------------------------------------
# UNSET and drop_unset
# --------------------------------------------------------------------------------------------


def test_unset_is_falsy_singleton_with_repr() -> None:
    assert not UNSET
    assert repr(UNSET) == "UNSET"
    assert Unset() is UNSET
    assert copy.copy(UNSET) is UNSET
    assert copy.deepcopy({"a": UNSET})["a"] is UNSET
    assert pickle.loads(pickle.dumps(UNSET)) is UNSET


def test_drop_unset_recursive_keeps_none() -> None:
    body = {
        "displayName": None,
        "givenName": UNSET,
        "address": {"city": "Oslo", "street": UNSET},
        "tags": ["a", UNSET, {"x": UNSET, "y": 1}],
    }
    assert drop_unset(body) == {
        "displayName": None,
        "address": {"city": "Oslo"},
        "tags": ["a", {"y": 1}],
    }


def test_request_body_sends_null_for_none_and_omits_unset() -> None:
    rec = Recorder(ok(status=204))
    with make_sync(rec) as client:
        response = client.request(
            "PATCH", "/me", json={"jobTitle": None, "mobilePhone": UNSET, "city": "Oslo"}
        )
    assert json_or_none(response) is None
    sent = rec.requests[0]
    assert json.loads(sent.content) == {"jobTitle": None, "city": "Oslo"}
    assert sent.headers["content-type"] == "application/json"
    assert sent.method == "PATCH"


def test_request_body_serialises_model_values() -> None:
    class Colour(enum.Enum):
        RED = "red"

    class Model:
        def to_dict(self) -> dict[str, Any]:
            return {"a": 1, "b": UNSET}

    rec = Recorder(ok({"id": "1"}, status=201))
    with make_sync(rec) as client:
        result = client.request_json(
            "post",
            "/things",
            json={
                "when": dt.datetime(2021, 3, 4, 18, 13, 52, tzinfo=dt.UTC),
                "day": dt.date(2021, 3, 4),
                "span": dt.timedelta(minutes=5),
                "id": uuid.UUID(int=1),
                "blob": b"\x00\x01",
                "colour": Colour.RED,
                "nested": Model(),
            },
        )
    assert result == {"id": "1"}
    assert json.loads(rec.requests[0].content) == {
        "when": "2021-03-04T18:13:52Z",
        "day": "2021-03-04",
        "span": "PT5M",
        "id": "00000000-0000-0000-0000-000000000001",
        "blob": "AAE=",
        "colour": "red",
        "nested": {"a": 1},
    }
    assert rec.requests[0].method == "POST"


def test_json_and_content_are_exclusive() -> None:
    with make_sync(Recorder()) as client, pytest.raises(ValueError, match="either json"):
        client.request("POST", "/x", json={}, content=b"x")


# --------------------------------------------------------------------------------------------
# Codecs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-04T18:13:52Z", dt.datetime(2021, 3, 4, 18, 13, 52, tzinfo=dt.UTC)),
        ("2019-05-10T08:10:00.0000000Z", dt.datetime(2019, 5, 10, 8, 10, tzinfo=dt.UTC)),
        (
            "2019-05-10T08:10:00.1234567Z",
            dt.datetime(2019, 5, 10, 8, 10, 0, 123456, tzinfo=dt.UTC),
        ),
        (
            "2021-03-04T18:13:52+02:00",
            dt.datetime(2021, 3, 4, 16, 13, 52, tzinfo=dt.UTC),
        ),
        (
            "2021-03-04T18:13:52.5-05:30",
            dt.datetime(2021, 3, 4, 23, 43, 52, 500000, tzinfo=dt.UTC),
        ),
        ("2021-03-04T18:13:52", dt.datetime(2021, 3, 4, 18, 13, 52, tzinfo=dt.UTC)),
        ("0001-01-01T00:00:00Z", dt.datetime(1, 1, 1, tzinfo=dt.UTC)),
    ],
)
def test_parse_datetime(text: str, expected: dt.datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed.tzinfo is not None
    assert parsed == expected


def test_parse_datetime_keeps_offset_and_round_trips_in_utc() -> None:
    parsed = parse_datetime("2021-03-04T18:13:52+02:00")
    assert parsed.utcoffset() == dt.timedelta(hours=2)
    assert format_datetime(parsed) == "2021-03-04T16:13:52Z"
    value = dt.datetime(2019, 5, 10, 8, 10, 0, 120000, tzinfo=dt.UTC)
    assert format_datetime(value) == "2019-05-10T08:10:00.120000Z"
    assert parse_datetime(format_datetime(value)) == value
    assert format_datetime(dt.datetime(1, 1, 1, tzinfo=dt.UTC)) == "0001-01-01T00:00:00Z"


def test_naive_datetime_gets_utc() -> None:
    naive = dt.datetime(2020, 1, 1, 12, 0)
    assert parse_datetime(naive).tzinfo is dt.UTC
    assert format_datetime(naive) == "2020-01-01T12:00:00Z"


@pytest.mark.parametrize(
    "bad", ["", "2021-03-04", "2021-13-04T00:00:00Z", "2021-03-04T25:00:00Z", "yesterday"]
)
def test_parse_datetime_rejects_bad_strings(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_datetime(bad)


def test_parse_datetime_rejects_wrong_types() -> None:
    with pytest.raises(TypeError):
        parse_datetime(1614881632)
    with pytest.raises(TypeError):
        parse_datetime(dt.date(2021, 3, 4))
    with pytest.raises(TypeError):
        format_datetime("2021-03-04T18:13:52Z")  # type: ignore[arg-type]


def test_date_round_trip_and_rejections() -> None:
    assert parse_date("2021-03-04") == dt.date(2021, 3, 4)
    assert format_date(dt.date(21, 3, 4)) == "0021-03-04"
    assert parse_date(format_date(dt.date(2024, 2, 29))) == dt.date(2024, 2, 29)
    with pytest.raises(ValueError):
        parse_date("2023-02-29")
    with pytest.raises(ValueError):
        parse_date("2021-03-04T00:00:00Z")
    with pytest.raises(TypeError):
        parse_date(dt.datetime(2021, 3, 4))
    with pytest.raises(TypeError):
        parse_date(20210304)
    with pytest.raises(TypeError):
        format_date(dt.datetime(2021, 3, 4))


def test_time_round_trip_and_rejections() -> None:
    assert parse_time("08:10:00.0000000") == dt.time(8, 10)
    assert parse_time("23:59:59.1234567") == dt.time(23, 59, 59, 123456)
    assert parse_time("08:10") == dt.time(8, 10)
    assert format_time(dt.time(8, 10)) == "08:10:00"
    assert format_time(dt.time(8, 10, 0, 500000)) == "08:10:00.500000"
    assert parse_time(format_time(dt.time(1, 2, 3, 4))) == dt.time(1, 2, 3, 4)
    for bad in ("24:00:00", "8:10", "08:10:00Z", ""):
        with pytest.raises(ValueError):
            parse_time(bad)
    with pytest.raises(TypeError):
        parse_time(None)
    with pytest.raises(ValueError):
        format_time(dt.time(8, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1DT2H3M4.5S", dt.timedelta(days=1, hours=2, minutes=3, seconds=4.5)),
        ("PT0S", dt.timedelta(0)),
        ("-PT5M", dt.timedelta(minutes=-5)),
        ("P2W", dt.timedelta(weeks=2)),
        ("PT1H", dt.timedelta(hours=1)),
        ("P1D", dt.timedelta(days=1)),
        ("PT0.5H", dt.timedelta(minutes=30)),
        ("PT1,5S", dt.timedelta(seconds=1.5)),
        ("P0Y0M3D", dt.timedelta(days=3)),
        ("PT0.0000001S", dt.timedelta(0)),
    ],
)
def test_parse_duration(text: str, expected: dt.timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.timedelta(days=1, hours=2, minutes=3, seconds=4.5), "P1DT2H3M4.5S"),
        (dt.timedelta(0), "PT0S"),
        (dt.timedelta(minutes=-5), "-PT5M"),
        (dt.timedelta(days=1), "P1D"),
        (dt.timedelta(microseconds=1), "PT0.000001S"),
        (dt.timedelta(days=-1, seconds=1), "-PT23H59M59S"),
    ],
)
def test_format_duration_round_trip(value: dt.timedelta, text: str) -> None:
    assert format_duration(value) == text
    assert parse_duration(text) == value


@pytest.mark.parametrize("bad", ["P1Y", "P2M", "P1Y2M3D", "-P1M"])
def test_parse_duration_rejects_years_and_months(bad: str) -> None:
    with pytest.raises(ValueError, match="no fixed length"):
        parse_duration(bad)


@pytest.mark.parametrize(
    "bad", ["", "P", "PT", "P1DT", "1D", "PT5", "P1H", "PT-5M", "P9999999999D"]
)
def test_parse_duration_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(bad)


def test_parse_duration_rejects_wrong_type() -> None:
    with pytest.raises(TypeError):
        parse_duration(300)


def test_uuid_round_trip_and_rejections() -> None:
    value = uuid.UUID("6f4f7d3e-9b0a-4c1e-8d2f-0123456789ab")
    assert parse_uuid("6F4F7D3E-9B0A-4C1E-8D2F-0123456789AB") == value
    assert format_uuid(value) == "6f4f7d3e-9b0a-4c1e-8d2f-0123456789ab"
    assert parse_uuid(format_uuid(value)) == value
    with pytest.raises(ValueError, match="GUID"):
        parse_uuid("not-a-guid")
    with pytest.raises(TypeError):
        parse_uuid(12)


def test_bytes_round_trip_and_rejections() -> None:
    data = bytes(range(256))
    assert parse_bytes(format_bytes(data)) == data
    assert format_bytes(b"\xfb\xff") == "+/8="
    assert parse_bytes("-_8") == b"\xfb\xff"  # URL-safe alphabet, padding missing
    assert parse_bytes("") == b""
    with pytest.raises(ValueError, match="base64"):
        parse_bytes("not base64!")
    with pytest.raises(ValueError):
        parse_bytes("A")
    with pytest.raises(TypeError):
        parse_bytes(5)
    with pytest.raises(TypeError):
        format_bytes("abc")  # type: ignore[arg-type]


def test_path_param_quotes_everything() -> None:
    assert path_param("a/b c#d?e") == "a%2Fb%20c%23d%3Fe"
    assert path_param("user@contoso.com") == "user%40contoso.com"
    assert path_param("é") == "%C3%A9"
    assert path_param(42) == "42"
    assert path_param(uuid.UUID(int=0)) == "00000000-0000-0000-0000-000000000000"
    for bad in (None, UNSET, ""):
        with pytest.raises(ValueError):
            path_param(bad)


def test_quoted_path_param_reaches_server_encoded() -> None:
    rec = Recorder(ok({"id": "x"}))
    with make_sync(rec) as client:
        client.get_json(f"/drives/{path_param('b!/x y')}/root")
    assert rec.requests[0].url.raw_path == b"/v1.0/drives/b%21%2Fx%20y/root"


# --------------------------------------------------------------------------------------------
# Retry-After and config
# --------------------------------------------------------------------------------------------


def test_parse_retry_after_forms() -> None:
    now = dt.datetime(2024, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("1") == 1.0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after("Mon, 01 Jan 2024 12:00:07 GMT", now=now) == 7.0
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-3") is None
    assert parse_retry_after(None) is None


def test_config_validation_and_urls() -> None:
    config = ClientConfig()
    assert config.base_url == DEFAULT_BASE_URL
    assert config.timeout == 30.0
    assert config.max_retries == 3
    assert config.url_for("/me") == "https://graph.microsoft.com/v1.0/me"
    assert config.url_for("me") == "https://graph.microsoft.com/v1.0/me"
    assert config.url_for("https://x.example/y?a=1") == "https://x.example/y?a=1"
    for bad in (
        {"base_url": "graph.microsoft.com"},
        {"timeout": 0},
        {"max_retries": -1},
        {"max_retry_delay": -1.0},
    ):
        with pytest.raises(ValueError):
            ClientConfig(**bad)


def test_backoff_is_capped_and_jittered() -> None:
    config = ClientConfig(backoff_base=1.0, max_retry_delay=60.0)
    for attempt in range(12):
        delay = config.backoff(attempt)
        ceiling = min(60.0, 2.0**attempt)
        assert ceiling / 2 <= delay <= ceiling


# --------------------------------------------------------------------------------------------
# Sync transport
# --------------------------------------------------------------------------------------------


def test_429_retry_after_seconds_then_success_resends_body_and_token() -> None:
    rec = Recorder(
        httpx.Response(429, headers={"Retry-After": "1"}, json={"error": {"code": "tooMany"}}),
        ok({"id": "new"}, status=201),
    )
    tokens, sleeps = Tokens(), Sleeps()
    with make_sync(rec, tokens, sleeps) as client:
        response = client.request("POST", "/me/events", json={"subject": "hi", "x": [1, 2]})
    assert response.status_code == 201
    assert response.json() == {"id": "new"}
    assert sleeps.delays == [1.0]
    assert tokens.calls == 2
    assert [r.headers["authorization"] for r in rec.requests] == ["Bearer tok-1", "Bearer tok-2"]
    first, second = rec.requests
    assert first.content == second.content
    assert json.loads(second.content) == {"subject": "hi", "x": [1, 2]}
    assert second.headers["content-type"] == "application/json"


def test_raw_content_resent_intact() -> None:
    rec = Recorder(httpx.Response(503), ok({}))
    with make_sync(rec) as client:
        client.request("PUT", "/me/photo/$value", content=b"\x89PNG", headers={"X-A": "1"})
    assert [r.content for r in rec.requests] == [b"\x89PNG", b"\x89PNG"]
    assert all(r.headers["x-a"] == "1" for r in rec.requests)


def test_retry_after_http_date() -> None:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    header = email.utils.format_datetime(when, usegmt=True)
    rec = Recorder(httpx.Response(429, headers={"Retry-After": header}), ok({"ok": True}))
    sleeps = Sleeps()
    with make_sync(rec, sleeps=sleeps) as client:
        assert client.get_json("/me") == {"ok": True}
    assert len(sleeps.delays) == 1
    assert 3.0 <= sleeps.delays[0] <= 5.5


def test_retry_after_beyond_cap_is_raised_not_waited() -> None:
    rec = Recorder(httpx.Response(429, headers={"Retry-After": "600"}))
    sleeps = Sleeps()
    with make_sync(rec, sleeps=sleeps) as client, pytest.raises(GraphError) as info:
        client.get_json("/me")
    assert sleeps.delays == []
    assert info.value.retry_after == 600.0


def test_retries_exhausted_raise_graph_error() -> None:
    body = {
        "error": {
            "code": "TooManyRequests",
            "message": "Please retry later.",
            "innerError": {"request-id": "req-42", "date": "2024-01-01T00:00:00"},
        }
    }
    rec = Recorder(*[httpx.Response(429, json=body) for _ in range(3)])
    tokens, sleeps = Tokens(), Sleeps()
    with (
        make_sync(rec, tokens, sleeps, max_retries=2) as client,
        pytest.raises(GraphError) as info,
    ):
        client.get_json("/users")
    error = info.value
    assert error.status == 429
    assert error.code == "TooManyRequests"
    assert error.message == "Please retry later."
    assert error.request_id == "req-42"
    assert error.date == "2024-01-01T00:00:00"
    assert len(rec.requests) == 3
    assert tokens.calls == 3
    assert len(sleeps.delays) == 2
    assert sleeps.delays[0] <= 0.5 and sleeps.delays[1] <= 1.0
    assert "TooManyRequests" in str(error) and "req-42" in str(error)


def test_404_graph_error_body_parsed() -> None:
    rec = Recorder(httpx.Response(404, json=ERROR_404))
    with make_sync(rec) as client, pytest.raises(GraphError) as info:
        client.get_json("/users/x")
    error = info.value
    assert error.status == 404
    assert error.code == "Request_ResourceNotFound"
    assert error.message == "Resource 'x' does not exist."
    assert error.request_id == "11111111-2222-3333-4444-555555555555"
    assert error.client_request_id == "66666666-7777-8888-9999-000000000000"
    assert error.date == "2024-01-02T03:04:05"
    assert error.inner_error is not None and "request-id" in error.inner_error
    assert json.loads(error.body) == ERROR_404
    assert len(rec.requests) == 1
    revived = pickle.loads(pickle.dumps(error))
    assert (revived.status, revived.code, revived.request_id) == (404, error.code, error.request_id)


def test_graph_error_tolerates_non_json_and_uses_headers() -> None:
    response = httpx.Response(
        502, text="<html>Bad gateway</html>", headers={"request-id": "hdr-1", "Date": "d"}
    )
    error = GraphError.from_response(response)
    assert error.status == 502
    assert error.code is None
    assert error.message == "<html>Bad gateway</html>"
    assert error.request_id == "hdr-1"
    assert error.date == "d"
    assert error.text == "<html>Bad gateway</html>"

    empty = GraphError.from_response(httpx.Response(401, headers={"client-request-id": "c-1"}))
    assert empty.message == "Unauthorized"
    assert empty.request_id == "c-1"

    oauth = GraphError.from_response(
        httpx.Response(400, json={"error": "invalid_grant", "error_description": "expired"})
    )
    assert (oauth.code, oauth.message) == ("invalid_grant", "expired")

    odd = GraphError.from_response(httpx.Response(400, json=["not", "an", "envelope"]))
    assert odd.code is None and odd.inner_error is None


@pytest.mark.parametrize("status", [503, 504])
def test_503_and_504_are_retried(status: int) -> None:
    rec = Recorder(httpx.Response(status), ok({"id": "me"}))
    sleeps = Sleeps()
    with make_sync(rec, sleeps=sleeps) as client:
        assert client.get_json("/me") == {"id": "me"}
    assert len(rec.requests) == 2
    assert len(sleeps.delays) == 1


@pytest.mark.parametrize("status", [500, 400, 403, 409])
def test_other_errors_not_retried(status: int) -> None:
    rec = Recorder(httpx.Response(status), ok({}))
    sleeps = Sleeps()
    with make_sync(rec, sleeps=sleeps) as client, pytest.raises(GraphError) as info:
        client.get_json("/me")
    assert info.value.status == status
    assert len(rec.requests) == 1
    assert sleeps.delays == []


def test_max_retries_zero_never_retries() -> None:
    rec = Recorder(httpx.Response(429, headers={"Retry-After": "1"}))
    with make_sync(rec, max_retries=0) as client, pytest.raises(GraphError):
        client.get_json("/me")
    assert len(rec.requests) == 1


def test_token_provider_called_per_request_sync() -> None:
    rec = Recorder(ok({}), ok({}), ok({}))
    tokens = Tokens()
    with make_sync(rec, tokens) as client:
        for _ in range(3):
            client.get_json("/me")
    assert tokens.calls == 3
    assert rec.requests[2].headers["authorization"] == "Bearer tok-3"


def test_token_provider_result_is_checked() -> None:
    with make_sync(Recorder(), lambda: "") as client, pytest.raises(ValueError, match="empty"):
        client.get_json("/me")


def test_base_url_override_params_and_caller_authorization_ignored() -> None:
    rec = Recorder(ok({"value": []}))
    base = "https://graph.microsoft.us/beta/"
    with make_sync(rec, base_url=base) as client:
        client.get_json(
            "/users",
            params={"$select": ["id", "displayName"], "$count": True, "$top": 5, "$skip": None},
            headers={"Authorization": "Bearer evil", "ConsistencyLevel": "eventual"},
        )
    sent = rec.requests[0]
    assert sent.url.host == "graph.microsoft.us"
    assert sent.url.path == "/beta/users"
    assert dict(sent.url.params) == {"$select": "id,displayName", "$count": "true", "$top": "5"}
    assert sent.headers["authorization"] == "Bearer tok-1"
    assert sent.headers["consistencylevel"] == "eventual"


def test_timeout_applied_per_request() -> None:
    rec = Recorder(ok({}))
    with make_sync(rec, timeout=7.5) as client:
        client.get_json("/me")
    assert rec.requests[0].extensions["timeout"]["read"] == 7.5


def pages_handler(seen: list[httpx.Request]) -> Handler:
    """Three pages; page 2 and 3 are reached only through absolute nextLinks."""
    links = {
        "/v1.0/users": ("page2", [{"id": "1"}, {"id": "2"}]),
        "/v1.0/page2": ("page3", [{"id": "3"}]),
        "/v1.0/page3": (None, [{"id": "4"}, {"id": "5"}]),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        nxt, items = links[request.url.path]
        body: dict[str, Any] = {"value": items}
        if nxt:
            body["@odata.nextLink"] = f"https://graph.microsoft.com/v1.0/{nxt}?$skiptoken=t-{nxt}"
        return httpx.Response(200, json=body)

    return handler


def test_iter_collection_follows_next_link_sync() -> None:
    seen: list[httpx.Request] = []
    tokens = Tokens()
    with make_sync(pages_handler(seen), tokens) as client:
        items = list(
            client.iter_collection(
                "/users", params={"$top": 2}, headers={"ConsistencyLevel": "eventual"}
            )
        )
    assert [i["id"] for i in items] == ["1", "2", "3", "4", "5"]
    assert [str(r.url) for r in seen] == [
        "https://graph.microsoft.com/v1.0/users?%24top=2",
        "https://graph.microsoft.com/v1.0/page2?$skiptoken=t-page2",
        "https://graph.microsoft.com/v1.0/page3?$skiptoken=t-page3",
    ]
    assert all(r.headers["consistencylevel"] == "eventual" for r in seen)
    assert tokens.calls == 3


def test_iter_collection_rejects_non_collection_and_loops() -> None:
    with make_sync(Recorder(ok({"id": "x"}))) as client, pytest.raises(ValueError, match="value"):
        list(client.iter_collection("/me"))
    loop = {"value": [{"id": "1"}], "@odata.nextLink": "https://graph.microsoft.com/v1.0/p"}
    with (
        make_sync(Recorder(ok(loop), ok(loop), ok(loop))) as client,
        pytest.raises(ValueError, match="repeats"),
    ):
        list(client.iter_collection("/users"))


def test_json_or_none_for_204_and_empty() -> None:
    assert json_or_none(httpx.Response(204)) is None
    assert json_or_none(httpx.Response(200, content=b"")) is None
    assert json_or_none(httpx.Response(200, json={"a": 1})) == {"a": 1}
    rec = Recorder(ok(status=204))
    with make_sync(rec) as client:
        assert client.request_json("DELETE", "/me/events/1") is None


def test_iter_bytes_and_stream_with_retry() -> None:
    payload = bytes(range(256)) * 100
    rec = Recorder(
        httpx.Response(503, headers={"Retry-After": "0"}), httpx.Response(200, content=payload)
    )
    sleeps = Sleeps()
    with make_sync(rec, sleeps=sleeps) as client:
        chunks = list(client.iter_bytes("/me/drive/items/1/content", chunk_size=1000))
    assert b"".join(chunks) == payload
    assert max(len(c) for c in chunks) <= 1000
    assert sleeps.delays == [0.0]

    rec = Recorder(httpx.Response(404, json=ERROR_404))
    with (
        make_sync(rec) as client,
        pytest.raises(GraphError) as info,
        client.stream("GET", "/x"),
    ):
        pass
    assert info.value.code == "Request_ResourceNotFound"


def test_redirect_is_followed_for_downloads() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "graph.microsoft.com":
            return httpx.Response(302, headers={"Location": "https://cdn.example/file"})
        assert "authorization" not in request.headers
        return httpx.Response(200, content=b"data")

    with make_sync(handler) as client:
        assert b"".join(client.iter_bytes("/me/drive/items/1/content")) == b"data"


def test_context_manager_closes_only_owned_clients() -> None:
    shared = httpx.Client(transport=httpx.MockTransport(Recorder()))
    with GraphTransport(lambda: "t", http_client=shared):
        pass
    assert not shared.is_closed
    shared.close()

    with GraphTransport(lambda: "t") as owned:
        inner = owned._client
    assert inner.is_closed


# --------------------------------------------------------------------------------------------
# Async transport
# --------------------------------------------------------------------------------------------


def test_async_429_then_success_and_token_per_attempt() -> None:
    rec = Recorder(httpx.Response(429, headers={"Retry-After": "1"}), ok({"id": "new"}, 201))
    tokens, sleeps = Tokens(), Sleeps()

    async def run() -> Any:
        async with make_async(rec, tokens.acall, sleeps) as client:
            return await client.request_json("POST", "/me/events", json={"subject": "hi"})

    assert asyncio.run(run()) == {"id": "new"}
    assert sleeps.delays == [1.0]
    assert tokens.calls == 2
    assert rec.requests[0].content == rec.requests[1].content == b'{"subject":"hi"}'
    assert rec.requests[1].headers["authorization"] == "Bearer tok-2"


def test_async_retries_exhausted_and_500_not_retried() -> None:
    rec = Recorder(*[httpx.Response(504, json=ERROR_404) for _ in range(4)])
    sleeps = Sleeps()

    async def exhausted() -> None:
        async with make_async(rec, sleeps=sleeps) as client:
            await client.get_json("/me")

    with pytest.raises(GraphError) as info:
        asyncio.run(exhausted())
    assert info.value.status == 504
    assert info.value.request_id == "11111111-2222-3333-4444-555555555555"
    assert len(rec.requests) == 4
    assert len(sleeps.delays) == 3

    rec500 = Recorder(httpx.Response(500), ok({}))

    async def server_error() -> None:
        async with make_async(rec500) as client:
            await client.get_json("/me")

    with pytest.raises(GraphError) as info500:
        asyncio.run(server_error())
    assert info500.value.status == 500
    assert len(rec500.requests) == 1


@pytest.mark.parametrize("kind", ["async", "sync"])
def test_async_token_provider_called_per_request(kind: str) -> None:
    rec = Recorder(ok({}), ok({}))
    tokens = Tokens()
    provider: Callable[[], Awaitable[str] | str] = tokens.acall if kind == "async" else tokens

    async def run() -> None:
        async with make_async(rec, provider) as client:
            await client.get_json("/me")
            await client.request("GET", "/me/manager")

    asyncio.run(run())
    assert tokens.calls == 2
    assert [r.headers["authorization"] for r in rec.requests] == ["Bearer tok-1", "Bearer tok-2"]


def test_aiter_collection_follows_next_link() -> None:
    seen: list[httpx.Request] = []

    async def run() -> list[dict[str, Any]]:
        async with make_async(pages_handler(seen), base_url=DEFAULT_BASE_URL) as client:
            return [item async for item in client.aiter_collection("users", params={"$top": 2})]

    items = asyncio.run(run())
    assert [i["id"] for i in items] == ["1", "2", "3", "4", "5"]
    assert len(seen) == 3
    assert "$top" not in str(seen[1].url) and "$top" not in str(seen[2].url)


def test_async_stream_bytes_and_owned_client_closed() -> None:
    rec = Recorder(httpx.Response(200, content=b"abc" * 10))

    async def run() -> bytes:
        async with make_async(rec) as client:
            return b"".join([c async for c in client.aiter_bytes("/f", chunk_size=4)])

    assert asyncio.run(run()) == b"abc" * 10

    async def owned() -> httpx.AsyncClient:
        async with AsyncGraphTransport(lambda: "t") as client:
            return client._client

    assert asyncio.run(owned()).is_closed

    shared = httpx.AsyncClient(transport=httpx.MockTransport(Recorder()))

    async def borrowed() -> None:
        async with AsyncGraphTransport(lambda: "t", http_client=shared):
            pass

    asyncio.run(borrowed())
    assert not shared.is_closed
    asyncio.run(shared.aclose())


# --------------------------------------------------------------------------------------------
# Model support (the helpers generated from_dict / to_dict call)
# --------------------------------------------------------------------------------------------


class _Color(OpenStrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(slots=True, kw_only=True, repr=False)
class _Base:
    name: str | Unset | None = UNSET
    additional_data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any) -> _Base:
        d = model_dict(cls, data)
        return cls(name=opt(parse_str, d, "name"), additional_data=d)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = dict(self.additional_data)
        put(d, "name", self.name)
        return d

    def __repr__(self) -> str:
        return model_repr(self)


@dataclass(slots=True, kw_only=True, repr=False)
class _Derived(_Base):
    extra: int | Unset | None = UNSET


def test_model_error_location_and_path() -> None:
    error = ModelError("bad", ("type",)).within("emailAddresses", 1).within("flag")
    assert error.location == ("flag", "emailAddresses", 1, "type")
    assert error.path == "flag.emailAddresses[1].type"
    assert str(error) == "flag.emailAddresses[1].type: bad"
    assert isinstance(error, ValueError)
    copy_ = pickle.loads(pickle.dumps(error))
    assert (copy_.message, copy_.location) == ("bad", error.location)
    assert str(ModelError("whole object")) == "whole object"


def test_open_str_enum_keeps_unknown_values() -> None:
    assert _Color("red") is _Color.RED
    unknown = _Color("green")
    assert unknown == "green" and isinstance(unknown, _Color)
    assert unknown.value == "green" and unknown.name == "green"
    assert list(_Color) == [_Color.RED, _Color.BLUE]
    assert json.dumps(unknown) == '"green"'
    assert pickle.loads(pickle.dumps(unknown)) == "green"
    assert enum_value(unknown) == "green" and enum_value(_Color.BLUE) == "blue"
    with pytest.raises(ValueError):
        _Color(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("parse", "good", "bad"),
    [
        (parse_str, "x", [1, None, True, ["x"]]),
        (parse_bool, True, ["true", "Boolean", 1, 0]),
        (parse_int, 5, [True, 5.5, "5"]),
        (parse_float, 2.5, [True, "NaN", "1.0"]),
    ],
)
def test_scalar_parsers_are_strict(
    parse: Callable[[object], object], good: object, bad: list[object]
) -> None:
    assert parse(good) == good
    for value in bad:
        with pytest.raises(TypeError):
            parse(value)


def test_parse_float_keeps_integers_as_sent() -> None:
    value = parse_float(3)
    assert value == 3 and type(value) is int
    assert parse_any({"a": [1]}) == {"a": [1]}


def test_model_dict_copies_and_refuses_non_objects() -> None:
    data = {"a": 1}
    copied = model_dict(_Base, data)
    copied.pop("a")
    assert data == {"a": 1}
    with pytest.raises(ModelError, match="_Base expects a JSON object, got list"):
        model_dict(_Base, [1])


def test_opt_absent_null_value_and_error() -> None:
    d: dict[str, Any] = {"n": None, "v": "2021-03-04T18:13:52Z", "bad": "String (timestamp)"}
    assert opt(parse_str, d, "missing") is UNSET
    assert opt(parse_str, d, "n") is None
    assert opt(parse_datetime, d, "v") == dt.datetime(2021, 3, 4, 18, 13, 52, tzinfo=dt.UTC)
    with pytest.raises(ModelError) as info:
        opt(parse_datetime, d, "bad")
    assert info.value.location == ("bad",)
    assert "String (timestamp)" in str(info.value)
    assert d == {}  # every key was consumed


def test_opt_key_absent_null_value_and_error() -> None:
    """A key is UNSET or its value, never None: a null stays in the data for additional_data."""
    assert KEY_UNSET is UNSET
    d: dict[str, Any] = {"n": None, "v": "AAMk", "bad": 5}
    assert opt_key(parse_str, d, "missing") is UNSET
    assert opt_key(parse_str, d, "n") is UNSET and d["n"] is None
    assert opt_key(parse_str, d, "v") == "AAMk" and "v" not in d
    with pytest.raises(ModelError) as info:
        opt_key(parse_str, d, "bad")
    assert info.value.location == ("bad",)
    assert d == {"n": None}


def test_opt_list_items_errors_and_nested_models() -> None:
    d: dict[str, Any] = {"xs": ["a", 2], "ms": [{"name": "a"}, {"name": 3}], "one": "x"}
    with pytest.raises(ModelError) as info:
        opt_list(parse_str, d, "xs")
    assert info.value.location == ("xs", 1)
    with pytest.raises(ModelError) as nested:
        opt_list(_Base.from_dict, d, "ms")
    assert nested.value.location == ("ms", 1, "name")
    assert nested.value.path == "ms[1].name"
    with pytest.raises(ModelError, match="expected a JSON array"):
        opt_list(parse_str, d, "one")
    assert opt_list(parse_str, {"n": None}, "n") is None
    assert opt_list(parse_str, {}, "n") is UNSET
    assert opt_list(_Base.from_dict, {"m": [{"name": "z"}]}, "m") == [_Base(name="z")]


def test_put_and_put_list_emit_only_what_is_set() -> None:
    d: dict[str, Any] = {}
    put(d, "unset", UNSET)
    put(d, "null", None, format_datetime)
    put(d, "plain", "x")
    put(d, "when", dt.datetime(2021, 1, 2, tzinfo=dt.UTC), format_datetime)
    items = ["a"]
    put_list(d, "list", items)
    put_list(d, "nulls", None)
    put_list(d, "nothing", UNSET)
    put_list(d, "colors", [_Color.RED, _Color("green")], enum_value)
    put_list(d, "models", [_Base(name="m")], dump)
    assert d == {
        "null": None,
        "plain": "x",
        "when": "2021-01-02T00:00:00Z",
        "list": ["a"],
        "nulls": None,
        "colors": ["red", "green"],
        "models": [{"name": "m"}],
    }
    assert d["list"] is not items
    assert type(d["colors"][0]) is str


def test_subtype_picks_named_subclasses_only() -> None:
    classes: dict[str, type] = {"ns.derived": _Derived, "ns.base": _Base, "ns.other": int}

    def lookup(name: str) -> type | None:
        return classes.get(name.removeprefix("#"))

    assert subtype(_Base, {"@odata.type": "#ns.derived"}, lookup) is _Derived
    assert subtype(_Base, {"@odata.type": "ns.base"}, lookup) is _Base
    assert subtype(_Base, {"@odata.type": "ns.other"}, lookup) is _Base
    assert subtype(_Base, {"@odata.type": "ns.unknown"}, lookup) is _Base
    assert subtype(_Base, {"@odata.type": 5}, lookup) is _Base
    assert subtype(_Derived, {"@odata.type": "ns.base"}, lookup) is _Derived
    assert subtype(_Base, ["not", "an", "object"], lookup) is _Base  # type: ignore[arg-type]


def test_model_repr_shows_set_fields_only() -> None:
    assert repr(_Derived(extra=None)) == "_Derived(extra=None)"
    assert repr(_Base(name="n", additional_data={"k": 1})) == (
        "_Base(name='n', additional_data={'k': 1})"
    )
    assert repr(_Base()) == "_Base()"
