"""Replies in Microsoft Graph's error format.

```
{"error": {"code": "BadRequest", "message": "...",
           "innerError": {"date": "2021-07-16T10:00:00", "request-id": "<uuid>",
                          "client-request-id": "<echoed, or the request-id>"},
           "details": [{"code": "...", "message": "...", "target": "$.x"}]}}   # when any
```

Every reply of the mock, error or not, also carries `request-id` and `client-request-id`
headers (added by `graphdoc.serve.app`), as Graph's do.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

JSON_CONTENT_TYPE = "application/json"


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
        "message": message,
        "innerError": {
            "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "request-id": ids.request_id,
            "client-request-id": ids.client_request_id,
        },
    }
    if details:
        error["details"] = [
            {"code": detail_code, "message": detail_message, "target": target}
            for detail_code, detail_message, target in details
        ]
    return {"error": error}


def error_reply(
    status: int,
    code: str,
    message: str,
    ids: RequestIds,
    *,
    details: Sequence[tuple[str, str, str]] = (),
    headers: Sequence[tuple[str, str]] = (),
) -> Reply:
    body = json.dumps(error_body(code, message, ids, details), ensure_ascii=False)
    return Reply(
        status,
        [("Content-Type", JSON_CONTENT_TYPE), *headers],
        body.encode("utf-8"),
    )


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
