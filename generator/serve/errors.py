"""Replies in Microsoft Graph's error format.

```
{"error": {"code": "BadRequest", "message": "...",
           "innerError": {"date": "2021-07-16T10:00:00", "request-id": "<uuid>",
                          "client-request-id": "<echoed, or the request-id>"},
           "details": [{"code": "...", "message": "...", "target": "$.x"}]}}   # when any
```

Every reply of the mock, error or not, also carries `request-id` and `client-request-id`
headers (added by `graphdoc.serve.app`), as Graph's do.

An error reply stays small whatever provoked it: a message is cut at MAX_MESSAGE characters
and at most MAX_DETAILS details are listed, so a 50 MB body that breaks its schema is not
echoed back (several times over) in the reply.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

JSON_CONTENT_TYPE = "application/json"
MAX_MESSAGE = 1000
MAX_DETAILS = 20


@dataclass(slots=True)
class Reply:
    """One HTTP answer: status, headers in order (no Content-Length), body bytes."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    operation: str | None = None  # the operation id that answered, for the log

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None


@dataclass(frozen=True, slots=True)
class RequestIds:
    request_id: str
    client_request_id: str

    @classmethod
    def new(cls, client_request_id: str | None) -> RequestIds:
        request_id = str(uuid.uuid4())
        return cls(request_id, client_request_id or request_id)


def error_body(
    code: str,
    message: str,
    ids: RequestIds,
    details: Sequence[tuple[str, str, str]] = (),
) -> dict[str, Any]:
    """The error envelope; `details` are (code, message, target) triples."""
    error: dict[str, Any] = {
        "code": code,
        "message": shortened(message),
        "innerError": {
            "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "request-id": ids.request_id,
            "client-request-id": ids.client_request_id,
        },
    }
    if details:
        error["details"] = [
            {"code": detail_code, "message": shortened(detail_message), "target": shortened(target)}
            for detail_code, detail_message, target in details[:MAX_DETAILS]
        ]
    return {"error": error}


def shortened(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` cut to `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def json_bytes(value: Any) -> bytes:
    """`value` as UTF-8 JSON; strings holding an unpaired surrogate (which UTF-8 cannot
    carry) make the whole text ASCII with `\\u` escapes instead, the same JSON value."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value).encode("ascii")


def error_reply(
    status: int,
    code: str,
    message: str,
    ids: RequestIds,
    *,
    details: Sequence[tuple[str, str, str]] = (),
    headers: Sequence[tuple[str, str]] = (),
) -> Reply:
    body = json_bytes(error_body(code, message, ids, details))
    return Reply(status, [("Content-Type", JSON_CONTENT_TYPE), *headers], body)


def not_found(method: str, path: str, ids: RequestIds) -> Reply:
    return error_reply(
        404,
        "ResourceNotFound",
        f"No documented operation matches {method} {path}.",
        ids,
    )


def method_not_allowed(method: str, path: str, allowed: Sequence[str], ids: RequestIds) -> Reply:
    return error_reply(
        405,
        "MethodNotAllowed",
        f"{method} is not documented for {path}; documented: {', '.join(allowed)}.",
        ids,
        headers=[("Allow", ", ".join(allowed))],
    )


def bad_request(message: str, ids: RequestIds, details: Sequence[tuple[str, str]] = ()) -> Reply:
    """400 BadRequest; `details` are (target, message) pairs."""
    return error_reply(
        400,
        "BadRequest",
        message,
        ids,
        details=[("InvalidValue", text, target) for target, text in details],
    )


def internal_error(message: str, ids: RequestIds) -> Reply:
    return error_reply(500, "InternalServerError", message, ids)
