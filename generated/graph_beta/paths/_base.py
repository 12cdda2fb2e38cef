# Copied by graphdoc from generator/runtime/paths/_base.py (black-formatted); do not edit.
"""What the generated path classes share: the class a step returns, path text, query values.

A path class stands for one URL of Graph (`client.users.by_id(uid).contacts` is
`/users/{uid}/contacts`): it holds the transport and the path, encoded, so far. Steps make
the next one; requests send to it.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

from .._runtime import (
    AsyncGraphTransport,
    GraphTransport,
    ModelError,
    format_date,
    format_datetime,
)

_T = TypeVar("_T")
# A path parameter in a documented template: `{name:kind}`. Kinds: s, one path segment;
# a, the path of `:/path:` addressing (slashes kept); q, a quoted function argument
# (quotes doubled); v, an unquoted function argument.
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*):([saqv])\}")


class _Path:
    """A synchronous path class: the transport and the path it stands for."""

    __slots__ = ("_path", "_transport")

    def __init__(self, transport: GraphTransport, path: str) -> None:
        self._transport = transport
        self._path = path

    @property
    def url_path(self) -> str:
        """The path this object stands for, as sent (`/users/42/contacts`)."""
        return self._path or "/"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url_path!r})"


class _AsyncPath:
    """An asynchronous path class: the same, over the asynchronous transport."""

    __slots__ = ("_path", "_transport")

    def __init__(self, transport: AsyncGraphTransport, path: str) -> None:
        self._transport = transport
        self._path = path

    @property
    def url_path(self) -> str:
        """The path this object stands for, as sent (`/users/42/contacts`)."""
        return self._path or "/"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url_path!r})"


def _text(value: object) -> str | None:
    """A path or query value as Graph spells it: None stays None, booleans are lower
    case, dates and times ISO 8601, enums their value, sequences comma-separated."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return ",".join(str(_text(item)) for item in value)
    return str(value)


def _encode(value: object, kind: str) -> str:
    text = _text(value)
    if not text:
        raise ValueError("a path parameter must not be empty")
    if kind == "a":
        return quote(text, safe="/")
    if kind == "q":
        return quote(text.replace("'", "''"), safe="")
    return quote(text, safe="")


def _path(templates: tuple[str, ...], /, **values: object) -> str:
    """The documented path text whose parameters are exactly those given, filled in."""
    given = {name for name, value in values.items() if value is not None}
    for template in templates:
        if {found.group(1) for found in _FIELD.finditer(template)} == given:
            return _FIELD.sub(
                lambda found: _encode(values[found.group(1)], found.group(2)), template
            )
    choices = "; ".join(
        ", ".join(found.group(1) for found in _FIELD.finditer(template)) or "none"
        for template in templates
    )
    sent = ", ".join(sorted(given)) or "none"
    raise ValueError(
        f"no documented path takes exactly these path parameters: {sent} "
        f"(documented sets: {choices})"
    )


def _cast(path: str, cast: str | None) -> str:
    """The path of a collection cast to a derived type: `.../members/microsoft.graph.user`."""
    if cast is None:
        return path
    if not cast:
        raise ValueError("cast must name a type, e.g. 'microsoft.graph.user'")
    return f"{path}/{quote(cast.removeprefix('#'), safe='')}"


def _binary(headers: Mapping[str, str] | None) -> dict[str, str]:
    """Headers for a binary body: `application/octet-stream` unless a type is given."""
    merged = dict(headers or {})
    if not any(name.lower() == "content-type" for name in merged):
        merged["Content-Type"] = "application/octet-stream"
    return merged


def _models(parse: Callable[[Any], _T], data: Any) -> list[_T]:
    """The items of a collection response (its `value` array), parsed."""
    if not isinstance(data, dict) or not isinstance(data.get("value"), list):
        raise ModelError("expected a collection response with a 'value' array")
    return [parse(item) for item in data["value"]]
