"""Example bodies: JSON when they are JSON, raw text with a reason when they are not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import lenient_json
from .lenient_json import PlacedJson

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
    placed: PlacedJson | None = None  # the JSON text in its page, for positions


def read_body(
    text: str | None, content_type: str | None, line: int = 1, column: int = 1, indent: int = 0
) -> Body:
    """Parse a body; the raw text is always kept. The stripped text starts on page line
    `line` at `column`; later lines start at `indent + 1` (see `lenient_json.positioned`)."""
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
        result = lenient_json.loads(stripped, line=line, column=column, indent=indent)
    except lenient_json.LenientJsonError as error:
        if not stripped.startswith(("{", "[")):
            return Body(None, text, False, False, False, f"not JSON: {error}")
        # No value for the model, but lint still checks the part that reads (a JSON object
        # followed by a stray header line, say).
        placed = PlacedJson(stripped, line, column, indent)
        return Body(None, text, False, False, False, f"unreadable JSON: {error}", placed)
    placed = PlacedJson(stripped, line, column, indent, result.node)
    if result.strict:
        return Body(result.value, text, True, True, False, None, placed)
    return Body(result.value, text, True, False, result.truncated, result.reason, placed)
