"""Example bodies: JSON when they are JSON, raw text with a reason when they are not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import lenient_json

_JSON_MARKERS = ("json",)
_NOT_JSON_TYPES = (
    "text/plain",
    "text/csv",
    "text/html",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "application/zip",
    "application/xml",
    "text/xml",
    "image/",
    "multipart/",
    "application/pdf",
)


@dataclass(slots=True)
class Body:
    value: Any  # the parsed JSON value, or None
    raw: str | None
    json: bool  # True when `value` holds the body
    strict: bool  # parsed by the strict parser
    truncated: bool  # an ellipsis stood for left-out items
    problem: str | None  # why the body is not (strict) JSON


def read_body(text: str | None, content_type: str | None) -> Body:
    """Parse a body; the raw text is always kept."""
    if text is None or not text.strip():
        return Body(None, None, False, True, False, None)
    lowered = (content_type or "").lower()
    stripped = text.strip()
    declared_other = lowered and not any(marker in lowered for marker in _JSON_MARKERS)
    if declared_other and (
        any(lowered.startswith(kind) for kind in _NOT_JSON_TYPES)
        or not stripped.startswith(("{", "["))
    ):
        return Body(None, text, False, False, False, f"not JSON (Content-Type {content_type})")
    try:
        result = lenient_json.loads(stripped)
    except lenient_json.LenientJsonError as error:
        kind = "not JSON" if not stripped.startswith(("{", "[")) else "unreadable JSON"
        return Body(None, text, False, False, False, f"{kind}: {error}")
    if result.strict:
        return Body(result.value, text, True, True, False, None)
    return Body(result.value, text, True, False, result.truncated, result.reason)
