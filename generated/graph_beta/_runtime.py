# Copied by graphdoc from generator/runtime/graph_runtime.py (black-formatted); do not edit.
"""Runtime support that every generated Microsoft Graph client package ships verbatim.

This one file is copied unchanged into each generated package, so it depends on nothing but
the standard library and httpx and never imports from the generator. It holds:

* the `UNSET` sentinel, so PATCH bodies can tell "send JSON null" from "leave alone";
* value codecs for the Graph wire formats that JSON cannot carry natively;
* `GraphError`, built from Graph's error envelope;
* `GraphTransport` / `AsyncGraphTransport`: one request core (auth, retries, paging,
  streaming) in a sync and an async variant of the same shape;
* `Paged` / `AsyncPaged`: a collection read page by page as it is used, with a `limit` on
  the items, page-wise access (`Page`) and the raw next and delta links.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import dataclasses
import datetime as dt
import email.utils
import enum
import inspect
import json as _json
import random
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from types import TracebackType
from typing import Any, Final, Generic, Protocol, Self, TypeVar
from urllib.parse import quote

import httpx

__all__ = [
    "DEFAULT_BASE_URL",
    "KEY_UNSET",
    "RETRY_STATUSES",
    "UNSET",
    "AsyncGraphTransport",
    "AsyncPaged",
    "AsyncTokenProvider",
    "ClientConfig",
    "GraphError",
    "GraphTransport",
    "ModelError",
    "OpenStrEnum",
    "Page",
    "Paged",
    "TokenProvider",
    "Unset",
    "drop_unset",
    "dump",
    "enum_value",
    "format_bytes",
    "format_date",
    "format_datetime",
    "format_duration",
    "format_time",
    "format_uuid",
    "json_or_none",
    "model_dict",
    "model_repr",
    "opt",
    "opt_key",
    "opt_list",
    "parse_any",
    "parse_bool",
    "parse_bytes",
    "parse_date",
    "parse_datetime",
    "parse_duration",
    "parse_float",
    "parse_int",
    "parse_retry_after",
    "parse_str",
    "parse_time",
    "parse_uuid",
    "path_param",
    "put",
    "put_list",
    "subtype",
]

DEFAULT_BASE_URL: Final = "https://graph.microsoft.com/v1.0"
# Throttling (429) and transient gateway failures (503, 504) are the statuses Graph documents
# as safe to retry; everything else is reported to the caller at once.
RETRY_STATUSES: Final = frozenset({429, 503, 504})

TokenProvider = Callable[[], str]
AsyncTokenProvider = Callable[[], Awaitable[str] | str]


# --------------------------------------------------------------------------------------------
# UNSET sentinel
# --------------------------------------------------------------------------------------------


class Unset:
    """Type of `UNSET`: a field the caller never set, so it is left out of request bodies.

    `None` cannot play this role because Graph gives JSON null a meaning (clear the value).
    There is exactly one instance; it is falsy and survives copy and pickle as itself.
    """

    __slots__ = ()

    def __new__(cls) -> Self:
        existing = globals().get("UNSET")
        if isinstance(existing, cls):
            return existing
        return super().__new__(cls)

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __copy__(self) -> Unset:
        return self

    def __deepcopy__(self, memo: object) -> Unset:
        return self

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()
# The default of a key field (`id: str = KEY_UNSET`): the same UNSET, typed `Any` so the field
# can be annotated with its plain type. A response always carries the key, so code reading one
# needs no narrowing; a model built for a request has none and `to_dict` leaves it out.
KEY_UNSET: Final[Any] = UNSET


def drop_unset(value: object) -> Any:
    """Return `value` with every `UNSET` removed, recursively, ready for `json.dumps`.

    Mappings become dicts without their UNSET entries; lists and tuples become lists without
    UNSET items. `None` is kept, so it is sent as JSON null.
    """
    if isinstance(value, Mapping):
        return {k: drop_unset(v) for k, v in value.items() if not isinstance(v, Unset)}
    if isinstance(value, list | tuple):
        return [drop_unset(v) for v in value if not isinstance(v, Unset)]
    return value


# --------------------------------------------------------------------------------------------
# Value codecs
# --------------------------------------------------------------------------------------------

_DATETIME_RE: Final = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[Tt ]"
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)
_DATE_RE: Final = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})", re.ASCII
)
_TIME_RE: Final = re.compile(
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?",
    re.ASCII,
)
_NUM: Final = r"\d+(?:[.,]\d+)?"
_DURATION_RE: Final = re.compile(
    rf"(?P<sign>[-+])?P(?:(?P<years>{_NUM})Y)?(?:(?P<months>{_NUM})M)?(?:(?P<weeks>{_NUM})W)?"
    rf"(?:(?P<days>{_NUM})D)?"
    rf"(?:T(?:(?P<hours>{_NUM})H)?(?:(?P<minutes>{_NUM})M)?(?:(?P<seconds>{_NUM})S)?)?",
    re.ASCII,
)
_US_PER: Final = {
    "weeks": 7 * 86_400 * 10**6,
    "days": 86_400 * 10**6,
    "hours": 3_600 * 10**6,
    "minutes": 60 * 10**6,
    "seconds": 10**6,
}


def _require_str(value: object, what: str) -> str:
    """Reject non-strings with a TypeError that names the expected wire format."""
    if not isinstance(value, str):
        raise TypeError(f"expected {what} as a string, got {type(value).__name__}")
    return value


def _microseconds(fraction: str | None) -> int:
    """Graph sends up to 7 fractional digits; Python keeps 6, so truncate the rest."""
    if not fraction:
        return 0
    return int(fraction[:6].ljust(6, "0"))


def parse_datetime(value: object) -> dt.datetime:
    """Parse a Graph DateTimeOffset into an aware datetime (no offset means UTC).

    Accepts "2021-03-04T18:13:52Z", 7-digit fractions ("...08:10:00.0000000Z") and offsets
    ("+02:00"). Datetime instances pass through, naive ones gaining UTC.
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    text = _require_str(value, "an ISO 8601 date-time")
    match = _DATETIME_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not an ISO 8601 date-time: {text!r}")
    g = match.groupdict()
    try:
        tz = _parse_offset(g["tz"])
        return dt.datetime(
            int(g["year"]),
            int(g["month"]),
            int(g["day"]),
            int(g["hour"]),
            int(g["minute"]),
            int(g["second"] or 0),
            _microseconds(g["fraction"]),
            tzinfo=tz,
        )
    except ValueError as exc:
        raise ValueError(f"invalid date-time {text!r}: {exc}") from None


def _parse_offset(tz: str | None) -> dt.tzinfo:
    """Turn "Z", "+02:00", "-0530" or "+02" into a tzinfo; a missing offset means UTC."""
    if tz is None or tz in ("Z", "z"):
        return dt.UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if minutes >= 60:
        raise ValueError(f"offset minutes out of range in {tz!r}")
    offset = dt.timedelta(hours=hours, minutes=minutes)
    return dt.UTC if not offset else dt.timezone(sign * offset)


def format_datetime(value: dt.datetime) -> str:
    """Format as UTC "YYYY-MM-DDTHH:MM:SS[.ffffff]Z", the form Graph documents for timestamps.

    Naive datetimes are taken to be UTC already.
    """
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected datetime, got {type(value).__name__}")
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    utc = aware.astimezone(dt.UTC)
    text = (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
        f"T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    )
    if utc.microsecond:
        text += f".{utc.microsecond:06d}"
    return text + "Z"


def parse_date(value: object) -> dt.date:
    """Parse a Graph Date ("YYYY-MM-DD"); a datetime is refused rather than silently cut."""
    if isinstance(value, dt.datetime):
        raise TypeError("expected a date, got a datetime")
    if isinstance(value, dt.date):
        return value
    text = _require_str(value, "an ISO 8601 date")
    match = _DATE_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not an ISO 8601 date (YYYY-MM-DD): {text!r}")
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError as exc:
        raise ValueError(f"invalid date {text!r}: {exc}") from None


def format_date(value: dt.date) -> str:
    """Format as "YYYY-MM-DD"; a datetime is refused since its time would be lost."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"expected date, got {type(value).__name__}")
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def parse_time(value: object) -> dt.time:
    """Parse a Graph TimeOfDay ("HH:MM:SS[.fffffff]") into a naive time."""
    if isinstance(value, dt.time):
        return value
    text = _require_str(value, "a time of day")
    match = _TIME_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a time of day (HH:MM:SS[.fffffff]): {text!r}")
    try:
        return dt.time(
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            _microseconds(match["fraction"]),
        )
    except ValueError as exc:
        raise ValueError(f"invalid time of day {text!r}: {exc}") from None


def format_time(value: dt.time) -> str:
    """Format as "HH:MM:SS[.ffffff]"; TimeOfDay has no offset, so aware times are refused."""
    if not isinstance(value, dt.time):
        raise TypeError(f"expected time, got {type(value).__name__}")
    if value.tzinfo is not None:
        raise ValueError("a Graph TimeOfDay carries no offset; pass a naive time")
    timespec = "microseconds" if value.microsecond else "seconds"
    return value.isoformat(timespec=timespec)


def parse_duration(value: object) -> dt.timedelta:
    """Parse an ISO 8601 duration such as "P1DT2H3M4.5S", "PT0S" or "-PT5M".

    Nonzero years or months are refused (ValueError): they have no fixed length.
    """
    if isinstance(value, dt.timedelta):
        return value
    text = _require_str(value, "an ISO 8601 duration")
    stripped = text.strip()
    match = _DURATION_RE.fullmatch(stripped)
    parts = {} if match is None else {k: v for k, v in match.groupdict().items() if v}
    parts.pop("sign", None)
    if match is None or not parts or stripped.endswith("T"):
        raise ValueError(f"not an ISO 8601 duration: {text!r}")
    total = Decimal(0)
    for name, raw in parts.items():
        amount = Decimal(raw.replace(",", "."))
        if name in ("years", "months"):
            if amount:
                raise ValueError(
                    f"duration {text!r} uses {name}, which have no fixed length; "
                    "express it in weeks, days, hours, minutes or seconds"
                )
            continue
        total += amount * _US_PER[name]
    if match["sign"] == "-":
        total = -total
    try:
        micros = int(total.to_integral_value(rounding=ROUND_HALF_EVEN))
        return dt.timedelta(microseconds=micros)
    except (OverflowError, InvalidOperation) as exc:
        raise ValueError(f"duration out of range: {text!r}") from exc


def format_duration(value: dt.timedelta) -> str:
    """Format as an ISO 8601 duration using days and time parts only ("P1DT2H", "PT0S")."""
    if not isinstance(value, dt.timedelta):
        raise TypeError(f"expected timedelta, got {type(value).__name__}")
    total = (value.days * 86_400 + value.seconds) * 10**6 + value.microseconds
    sign = "-" if total < 0 else ""
    days, rest = divmod(abs(total), _US_PER["days"])
    hours, rest = divmod(rest, _US_PER["hours"])
    minutes, rest = divmod(rest, _US_PER["minutes"])
    seconds, micros = divmod(rest, _US_PER["seconds"])
    date_part = f"{days}D" if days else ""
    time_part = f"{hours}H" if hours else ""
    time_part += f"{minutes}M" if minutes else ""
    if seconds or micros:
        fraction = f".{micros:06d}".rstrip("0") if micros else ""
        time_part += f"{seconds}{fraction}S"
    if not date_part and not time_part:
        return "PT0S"
    return f"{sign}P{date_part}" + (f"T{time_part}" if time_part else "")


def parse_uuid(value: object) -> uuid.UUID:
    """Parse a Graph Guid string into a UUID."""
    if isinstance(value, uuid.UUID):
        return value
    text = _require_str(value, "a GUID")
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise ValueError(f"not a GUID: {text!r}") from None


def format_uuid(value: uuid.UUID) -> str:
    """Format as the lowercase hyphenated form Graph uses."""
    if not isinstance(value, uuid.UUID):
        raise TypeError(f"expected UUID, got {type(value).__name__}")
    return str(value)


def parse_bytes(value: object) -> bytes:
    """Decode Graph Binary (base64; the URL-safe alphabet and missing padding are tolerated)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    text = _require_str(value, "base64 data").strip()
    urlsafe = "-" in text or "_" in text
    padded = text + "=" * (-len(text) % 4)
    try:
        return base64.b64decode(
            padded, altchars=b"-_" if urlsafe else None, validate=True
        )
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"not valid base64 data: {exc}") from None


def format_bytes(value: bytes | bytearray | memoryview) -> str:
    """Encode as standard base64 text, the form Graph expects for Binary properties."""
    if not isinstance(value, bytes | bytearray | memoryview):
        raise TypeError(f"expected bytes, got {type(value).__name__}")
    return base64.b64encode(bytes(value)).decode("ascii")


# --------------------------------------------------------------------------------------------
# Model support: the helpers generated `from_dict` / `to_dict` methods call
# --------------------------------------------------------------------------------------------

_T = TypeVar("_T")
_M = TypeVar("_M")


class ModelError(ValueError):
    """A JSON value that does not fit the documented model.

    `location` is the exact way from the object `from_dict` was given to the value: keys and
    list indexes, e.g. `("flag", "dueDateTime", "dateTime")` or `("emailAddresses", 1,
    "type")`; `path` spells it for people (`emailAddresses[1].type`). Both are empty for the
    object itself.
    """

    def __init__(self, message: str, location: tuple[str | int, ...] = ()) -> None:
        self.message = message
        self.location = location
        path = self.path
        super().__init__(f"{path}: {message}" if path else message)

    @property
    def path(self) -> str:
        text = ""
        for step in self.location:
            if isinstance(step, int):
                text += f"[{step}]"
            else:
                text += f".{step}" if text else step
        return text

    def __reduce__(self) -> tuple[type[ModelError], tuple[str, tuple[str | int, ...]]]:
        return (ModelError, (self.message, self.location))

    def within(self, *steps: str | int) -> ModelError:
        """The same error seen from the object holding this one under `steps`."""
        return ModelError(self.message, (*steps, *self.location))


class OpenStrEnum(enum.StrEnum):
    """A str enum that keeps values it does not know yet.

    Graph adds members over time (it documents `unknownFutureValue` for that reason). An
    unknown string becomes a pseudo-member: it is not listed by iteration, compares equal to
    its string and serialises back unchanged. Values that are not strings are still refused.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


class _Dumpable(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def _describe(value: object) -> str:
    """`str 'Boolean'`, `int 5`: enough of a wrong value to recognise it in an error."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def parse_str(value: object) -> str:
    """A JSON string, refusing anything else (a number is not silently turned into text)."""
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_describe(value)}")
    return value


def parse_bool(value: object) -> bool:
    """A JSON boolean; the strings "true" and "Boolean" are refused."""
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {_describe(value)}")
    return value


def parse_int(value: object) -> int:
    """A JSON integer (Edm.Int16/32/64, Byte); booleans and fractions are refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {_describe(value)}")
    return value


def parse_float(value: object) -> float:
    """A JSON number (Edm.Double/Single/Decimal); an integer is kept as it was sent."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {_describe(value)}")
    return value


def parse_any(value: object) -> Any:
    """Any JSON value, unchanged: Edm.Untyped and types the docs do not resolve."""
    return value


def model_dict(cls: type, data: object) -> dict[str, Any]:
    """A shallow copy of the JSON object `cls.from_dict` was given, or ModelError."""
    if not isinstance(data, Mapping):
        raise ModelError(f"{cls.__name__} expects a JSON object, got {_describe(data)}")
    return dict(data)


def opt(
    parse: Callable[[Any], _T], data: dict[str, Any], key: str
) -> _T | Unset | None:
    """Pop `key` from `data` and parse it: absent gives UNSET, JSON null gives None.

    A value `parse` refuses raises ModelError naming the key.
    """
    value = data.pop(key, UNSET)
    if value is None or isinstance(value, Unset):
        return value
    return _parse_member(parse, value, key)


def _parse_member(parse: Callable[[Any], _T], value: Any, key: str) -> _T:
    """`parse(value)`; a refusal raises ModelError naming the key."""
    try:
        return parse(value)
    except ModelError as exc:
        raise exc.within(key) from None
    except (TypeError, ValueError) as exc:
        raise ModelError(str(exc), (key,)) from exc


def opt_key(parse: Callable[[Any], _T], data: dict[str, Any], key: str) -> _T:
    """Pop a key field from `data` and parse it: absent gives `KEY_UNSET`.

    A JSON null key (a few documented replies show one) stays in `data`, which becomes
    `additional_data`: the field never holds None, and `to_dict` still sends the null back.
    """
    if data.get(key) is None:
        absent: _T = KEY_UNSET
        return absent
    return _parse_member(parse, data.pop(key), key)


def opt_list(
    parse: Callable[[Any], _T], data: dict[str, Any], key: str
) -> list[_T] | Unset | None:
    """Pop `key` from `data` and parse it as a JSON array of `parse` items (see `opt`)."""
    value = data.pop(key, UNSET)
    if value is None or isinstance(value, Unset):
        return value
    if not isinstance(value, list):
        raise ModelError(f"expected a JSON array, got {_describe(value)}", (key,))
    items: list[_T] = []
    for index, item in enumerate(value):
        try:
            items.append(parse(item))
        except ModelError as exc:
            raise exc.within(key, index) from None
        except (TypeError, ValueError) as exc:
            raise ModelError(str(exc), (key, index)) from exc
    return items


def put(
    data: dict[str, Any],
    key: str,
    value: _T | Unset | None,
    fmt: Callable[[_T], Any] | None = None,
) -> None:
    """Set `data[key]` unless `value` is UNSET: None becomes JSON null, others go through fmt."""
    if isinstance(value, Unset):
        return
    if value is None or fmt is None:
        data[key] = value
    else:
        data[key] = fmt(value)


def put_list(
    data: dict[str, Any],
    key: str,
    value: list[_T] | Unset | None,
    fmt: Callable[[_T], Any] | None = None,
) -> None:
    """Set `data[key]` to a new list of formatted items unless `value` is UNSET (see `put`)."""
    if isinstance(value, Unset):
        return
    if value is None:
        data[key] = None
    elif fmt is None:
        data[key] = list(value)
    else:
        data[key] = [fmt(item) for item in value]


def dump(value: _Dumpable) -> dict[str, Any]:
    """A nested model as its JSON object."""
    return value.to_dict()


def model_repr(model: Any) -> str:
    """`Contact(display_name='Adele Vance')`: the fields that are set, so big models stay legible.

    UNSET fields and an empty `additional_data` are left out; None is shown, since it means
    JSON null.
    """
    parts = []
    for item in dataclasses.fields(model):
        value = getattr(model, item.name)
        if isinstance(value, Unset) or (item.name == "additional_data" and not value):
            continue
        parts.append(f"{item.name}={value!r}")
    return f"{type(model).__name__}({', '.join(parts)})"


def enum_value(value: enum.Enum) -> Any:
    """An enum member (or a pseudo-member for an unknown value) as its wire value."""
    return value.value


def subtype(
    cls: type[_M], data: Mapping[str, Any], lookup: Callable[[str], type | None]
) -> type[_M]:
    """The class `data["@odata.type"]` names, if it derives from `cls`; otherwise `cls`.

    `lookup` maps a wire type name ("#microsoft.graph.contact") to its class or None.
    A name that is unknown or not a subtype (documents do that) leaves `cls` in charge, and
    so does `data` that is no JSON object: `cls.from_dict` then reports it.
    """
    name = data.get("@odata.type") if isinstance(data, Mapping) else None
    if not isinstance(name, str):
        return cls
    found = lookup(name)
    if found is None or found is cls or not issubclass(found, cls):
        return cls
    return found


def path_param(value: object) -> str:
    """Percent-encode one path segment so ids with "/", "#" or spaces cannot change the route.

    None, UNSET and "" are refused: they would silently address a different resource.
    """
    if value is None or isinstance(value, Unset):
        raise ValueError("a path parameter is required but was not given")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, enum.Enum):
        text = str(value.value)
    else:
        text = str(value)
    if not text:
        raise ValueError("a path parameter must not be empty")
    return quote(text, safe="")


def _json_default(value: object) -> Any:
    """Let request bodies hold the same Python values the models use."""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, dt.timedelta):
        return format_duration(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return format_bytes(value)
    if isinstance(value, enum.Enum):
        return value.value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return drop_unset(to_dict())
    raise TypeError(f"cannot serialise {type(value).__name__} as JSON")


def json_or_none(response: httpx.Response) -> Any:
    """Decode a JSON body; 204 No Content and empty bodies give None instead of an error."""
    if response.status_code == 204 or not response.content:
        return None
    return response.json()


def parse_retry_after(
    value: str | None, *, now: dt.datetime | None = None
) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if unusable.

    Dates in the past give 0. `now` exists so tests need no real clock.
    """
    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text, re.ASCII):
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    current = now if now is not None else dt.datetime.now(dt.UTC)
    return max(0.0, (when - current).total_seconds())


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def _opt_str(value: object) -> str | None:
    """Keep only non-empty strings from loosely typed JSON."""
    return value if isinstance(value, str) and value else None


class GraphError(Exception):
    """A non-2xx Graph response, with the code and request-id support needs to trace it.

    Arguments are positional-or-keyword and stored in `args`, so errors pickle across
    processes. `response` is kept for debugging but is not pickled.
    """

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        inner_error: dict[str, Any] | None = None,
        request_id: str | None = None,
        date: str | None = None,
        body: bytes = b"",
        client_request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            status,
            message,
            code,
            inner_error,
            request_id,
            date,
            body,
            client_request_id,
            retry_after,
        )
        self.status = status
        self.message = message
        self.code = code
        self.inner_error = inner_error
        self.request_id = request_id
        self.date = date
        self.body = body
        self.client_request_id = client_request_id
        self.retry_after = retry_after
        self.response: httpx.Response | None = None

    def __str__(self) -> str:
        head = f"HTTP {self.status}"
        if self.code:
            head += f" {self.code}"
        text = f"{head}: {self.message}"
        if self.request_id:
            text += f" (request-id: {self.request_id})"
        return text

    @property
    def text(self) -> str:
        """The raw body as text, for bodies that were not Graph's JSON envelope."""
        return self.body.decode("utf-8", errors="replace")

    @classmethod
    def from_response(cls, response: httpx.Response) -> GraphError:
        """Build from Graph's `{"error": {"code", "message", "innerError"}}`; any body works."""
        try:
            body = response.content
        except httpx.ResponseNotRead:
            body = b""
        payload: object = None
        if body:
            try:
                payload = _json.loads(body)
            except ValueError:
                payload = None
        code: str | None = None
        message: str | None = None
        inner: dict[str, Any] | None = None
        error = payload.get("error") if isinstance(payload, dict) else None
        if isinstance(error, dict):
            code = _opt_str(error.get("code"))
            message = _opt_str(error.get("message"))
            raw_inner = error.get("innerError", error.get("innererror"))
            inner = raw_inner if isinstance(raw_inner, dict) else None
        elif isinstance(error, str) and isinstance(payload, dict):
            # OAuth-style errors: {"error": "invalid_token", "error_description": "..."}
            code = _opt_str(error)
            message = _opt_str(payload.get("error_description"))
        if message is None:
            snippet = body.decode("utf-8", errors="replace").strip()[:500]
            message = (
                snippet or response.reason_phrase or f"HTTP {response.status_code}"
            )
        found = inner or {}
        headers = response.headers
        error_obj = cls(
            status=response.status_code,
            message=message,
            code=code,
            inner_error=inner,
            request_id=_opt_str(found.get("request-id"))
            or headers.get("request-id")
            or headers.get("client-request-id"),
            date=_opt_str(found.get("date")) or headers.get("date"),
            body=body,
            client_request_id=_opt_str(found.get("client-request-id"))
            or headers.get("client-request-id"),
            retry_after=parse_retry_after(headers.get("retry-after")),
        )
        error_obj.response = response
        return error_obj


# --------------------------------------------------------------------------------------------
# Transport core
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Settings shared by the sync and async transports; frozen so a client cannot drift.

    `base_url` is settable for national clouds and beta. `max_retries` counts retries after
    the first attempt. Backoff doubles from `backoff_base` with jitter, capped at
    `max_retry_delay`; a Retry-After longer than that cap is not waited for and the error is
    raised instead, since retrying sooner than asked only earns another 429.
    """

    base_url: str = DEFAULT_BASE_URL
    timeout: float = 30.0
    max_retries: int = 3
    max_retry_delay: float = 60.0
    backoff_base: float = 0.5

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("https://", "http://")):
            raise ValueError(f"base_url must be an http(s) URL, got {self.base_url!r}")
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")
        if self.max_retries < 0:
            raise ValueError("max_retries must not be negative")
        if self.max_retry_delay < 0 or self.backoff_base < 0:
            raise ValueError("retry delays must not be negative")

    def url_for(self, path: str) -> str:
        """Join base_url and a filled path; absolute URLs (e.g. nextLink) are used verbatim."""
        if path.startswith(("https://", "http://")):
            return path
        if not path:
            return self.base_url
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def backoff(self, attempt: int) -> float:
        """Exponential backoff for retry number `attempt` (0-based), jittered into [d/2, d]."""
        ceiling = min(self.max_retry_delay, self.backoff_base * (2.0**attempt))
        return (
            ceiling / 2 + random.random() * ceiling / 2
        )  # jitter only; no crypto need

    def retry_delay(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before retrying `response`, or None when it must be raised."""
        if response.status_code not in RETRY_STATUSES or attempt >= self.max_retries:
            return None
        asked = parse_retry_after(response.headers.get("retry-after"))
        if asked is None:
            return self.backoff(attempt)
        return asked if asked <= self.max_retry_delay else None


def _query(params: Mapping[str, object] | None) -> dict[str, str] | None:
    """Render OData query values: drop None/UNSET, lowercase bools, comma-join lists."""
    if not params:
        return None
    out: dict[str, str] = {}
    for key, value in params.items():
        if value is None or isinstance(value, Unset):
            continue
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, list | tuple):
            out[key] = ",".join(str(v) for v in value)
        elif isinstance(value, enum.Enum):
            out[key] = str(value.value)
        else:
            out[key] = str(value)
    return out or None


def _check_token(token: object) -> str:
    """Fail loudly on a provider bug instead of sending "Bearer None"."""
    if not isinstance(token, str):
        raise TypeError(f"token provider must return str, got {type(token).__name__}")
    if not token:
        raise ValueError("token provider returned an empty token")
    return token


@dataclass(frozen=True, slots=True)
class _Call:
    """A request prepared once, so every retry re-sends byte-identical content."""

    method: str
    url: str
    params: dict[str, str] | None
    content: bytes | None
    headers: dict[str, str]

    def headers_with(self, token: str) -> dict[str, str]:
        """Headers for one attempt; the token is fresh each time, so it is added late."""
        return {**self.headers, "Authorization": f"Bearer {token}"}


def _prepare(
    method: str,
    url: str,
    params: Mapping[str, object] | None,
    json: object,
    content: bytes | str | None,
    headers: Mapping[str, str] | None,
) -> _Call:
    """Encode the body and headers once for all attempts."""
    merged = {k: v for k, v in (headers or {}).items() if k.lower() != "authorization"}
    body: bytes | None
    if not isinstance(json, Unset):
        if content is not None:
            raise ValueError("pass either json or content, not both")
        body = _json.dumps(
            drop_unset(json),
            default=_json_default,
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        if not any(k.lower() == "content-type" for k in merged):
            merged["Content-Type"] = "application/json"
    elif isinstance(content, str):
        body = content.encode("utf-8")
    else:
        body = content
    return _Call(method.upper(), url, _query(params), body, merged)


def _collection_page(
    payload: object, url: str
) -> tuple[list[dict[str, Any]], str | None, str | None]:
    """Split one collection page into its items, its @odata.nextLink and its
    @odata.deltaLink (the last page of a delta round carries one)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("value"), list):
        raise ModelError(f"expected a collection with a 'value' array from {url}")
    items: list[dict[str, Any]] = []
    for item in payload["value"]:
        if not isinstance(item, dict):
            raise TypeError(
                f"expected objects in 'value' from {url}, got {type(item).__name__}"
            )
        items.append(item)
    return items, _link(payload, "@odata.nextLink"), _link(payload, "@odata.deltaLink")


def _link(payload: dict[str, Any], name: str) -> str | None:
    """A link annotation of a page; anything but a non-empty string counts as absent."""
    link = payload.get(name)
    return link if isinstance(link, str) and link else None


def _next_page(next_link: str | None, seen: set[str]) -> str | None:
    """Guard paging against a server that hands back a link it already gave."""
    if next_link is not None:
        if next_link in seen:
            raise ValueError(f"@odata.nextLink repeats an earlier page: {next_link}")
        seen.add(next_link)
    return next_link


class GraphTransport:
    """Synchronous Graph request core: bearer auth, retries, error mapping, paging, streams.

    `token_provider` is called once per attempt, so a refreshed token is picked up on retry.
    Pass `http_client` to reuse a pool (or a MockTransport in tests); it is then not closed
    by this object. `sleep` replaces time.sleep so tests need not wait.
    """

    def __init__(
        self,
        token_provider: TokenProvider,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30.0,
        max_retries: int = 3,
        max_retry_delay: float = 60.0,
        backoff_base: float = 0.5,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.config = ClientConfig(
            base_url, timeout, max_retries, max_retry_delay, backoff_base
        )
        self._token_provider = token_provider
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else httpx.Client()
        self._sleep = sleep if sleep is not None else time.sleep

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client only if this transport created it."""
        if self._owns_client:
            self._client.close()

    def _send(self, call: _Call, *, stream: bool) -> httpx.Response:
        """Send with retries; returns a 2xx response or raises GraphError."""
        attempt = 0
        while True:
            request = self._client.build_request(
                call.method,
                call.url,
                params=call.params,
                content=call.content,
                headers=call.headers_with(_check_token(self._token_provider())),
                timeout=self.config.timeout,
            )
            response = self._client.send(request, stream=stream, follow_redirects=True)
            if response.is_success:
                return response
            try:
                delay = self.config.retry_delay(response, attempt)
                if delay is None:
                    response.read()
                    raise GraphError.from_response(response)
            finally:
                response.close()
            self._sleep(delay)
            attempt += 1

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object = UNSET,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one call (retrying throttling) and return the read 2xx response."""
        call = _prepare(
            method, self.config.url_for(path), params, json, content, headers
        )
        return self._send(call, stream=False)

    def request_json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object = UNSET,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Like `request`, returning the decoded JSON body (None for 204)."""
        response = self.request(
            method, path, params=params, json=json, content=content, headers=headers
        )
        return json_or_none(response)

    def get_json(
        self,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """GET and decode JSON (None for 204)."""
        return self.request_json("GET", path, params=params, headers=headers)

    def iter_collection(
        self,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Yield every item of a collection, following @odata.nextLink page by page."""
        return iter(Paged(self, path, params=params, headers=headers, parse=_as_is))

    def _page(
        self,
        url: str,
        params: Mapping[str, object] | None,
        headers: Mapping[str, str] | None,
    ) -> Any:
        """GET one page of a collection: `url` is absolute (a nextLink is used verbatim,
        as it already carries the query)."""
        call = _prepare("GET", url, params, UNSET, None, headers)
        return json_or_none(self._send(call, stream=False))

    @contextlib.contextmanager
    def stream(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object = UNSET,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Iterator[httpx.Response]:
        """Open an unread 2xx response for large downloads; it is closed on exit."""
        call = _prepare(
            method, self.config.url_for(path), params, json, content, headers
        )
        response = self._send(call, stream=True)
        try:
            yield response
        finally:
            response.close()

    def iter_bytes(
        self,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        chunk_size: int | None = None,
        method: str = "GET",
    ) -> Iterator[bytes]:
        """Yield a binary body (e.g. /content) in chunks; nothing is sent until iterated."""
        with self.stream(method, path, params=params, headers=headers) as response:
            yield from response.iter_bytes(chunk_size)


class AsyncGraphTransport:
    """Asynchronous twin of `GraphTransport`, with the same arguments and method names.

    `token_provider` may be sync or async; it is awaited once per attempt. `sleep` replaces
    asyncio.sleep. Paging and byte streams are `aiter_collection` and `aiter_bytes`.
    """

    def __init__(
        self,
        token_provider: AsyncTokenProvider,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30.0,
        max_retries: int = 3,
        max_retry_delay: float = 60.0,
        backoff_base: float = 0.5,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.config = ClientConfig(
            base_url, timeout, max_retries, max_retry_delay, backoff_base
        )
        self._token_provider = token_provider
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else httpx.AsyncClient()
        self._sleep = sleep if sleep is not None else asyncio.sleep

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client only if this transport created it."""
        if self._owns_client:
            await self._client.aclose()

    async def _token(self) -> str:
        """Accept sync or async providers so one credential object serves both transports."""
        result = self._token_provider()
        token = await result if inspect.isawaitable(result) else result
        return _check_token(token)

    async def _send(self, call: _Call, *, stream: bool) -> httpx.Response:
        """Send with retries; returns a 2xx response or raises GraphError."""
        attempt = 0
        while True:
            request = self._client.build_request(
                call.method,
                call.url,
                params=call.params,
                content=call.content,
                headers=call.headers_with(await self._token()),
                timeout=self.config.timeout,
            )
            response = await self._client.send(
                request, stream=stream, follow_redirects=True
            )
            if response.is_success:
                return response
            try:
                delay = self.config.retry_delay(response, attempt)
                if delay is None:
                    await response.aread()
                    raise GraphError.from_response(response)
            finally:
                await response.aclose()
            await self._sleep(delay)
            attempt += 1

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object = UNSET,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one call (retrying throttling) and return the read 2xx response."""
        call = _prepare(
            method, self.config.url_for(path), params, json, content, headers
        )
        return await self._send(call, stream=False)

    async def request_json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object = UNSET,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Like `request`, returning the decoded JSON body (None for 204)."""
        response = await self.request(
            method, path, params=params, json=json, content=content, headers=headers
        )
        return json_or_none(response)

    async def get_json(
        self,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """GET and decode JSON (None for 204)."""
        return await self.request_json("GET", path, params=params, headers=headers)

    async def aiter_collection(
        self,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """Yield every item of a collection, following @odata.nextLink verbatim."""
        async for item in AsyncPaged(
            self, path, params=params, headers=headers, parse=_as_is
        ):
            yield item

    async def _page(
        self,
        url: str,
        params: Mapping[str, object] | None,
        headers: Mapping[str, str] | None,
    ) -> Any:
        """GET one page of a collection, as `GraphTransport._page`."""
        call = _prepare("GET", url, params, UNSET, None, headers)
        return json_or_none(await self._send(call, stream=False))

    @contextlib.asynccontextmanager
    async def stream(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object = UNSET,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[httpx.Response]:
        """Open an unread 2xx response for large downloads; it is closed on exit."""
        call = _prepare(
            method, self.config.url_for(path), params, json, content, headers
        )
        response = await self._send(call, stream=True)
        try:
            yield response
        finally:
            await response.aclose()

    async def aiter_bytes(
        self,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        chunk_size: int | None = None,
        method: str = "GET",
    ) -> AsyncIterator[bytes]:
        """Yield a binary body (e.g. /content) in chunks; nothing is sent until iterated."""
        async with self.stream(
            method, path, params=params, headers=headers
        ) as response:
            async for chunk in response.aiter_bytes(chunk_size):
                yield chunk


# --------------------------------------------------------------------------------------------
# Paging: what generated `list()` and delta methods return
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page(Generic[_T]):
    """One page of a collection: its items (cut short where `limit` ends) and its raw links.

    `next_link` is the page's @odata.nextLink as served, so a caller can store it and resume
    (on a page cut by `limit` it still leads past the whole page as served); `delta_link` is
    the @odata.deltaLink the last page of a delta round carries.
    """

    items: list[_T]
    next_link: str | None
    delta_link: str | None


def _as_is(item: dict[str, Any]) -> dict[str, Any]:
    """The `parse` of untyped collections: items stay JSON objects."""
    return item


def _checked_limit(limit: object) -> int | None:
    """`limit` as given, refusing anything but a positive int or None at the call site."""
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(
            f"limit must be a positive number of items, or None for all, got {limit!r}"
        )
    return limit


class _Walk(Generic[_T]):
    """One walk over a collection from its first page: what to fetch next, how many items
    are left under the limit, the links already followed. Shared by both clients."""

    def __init__(
        self,
        url: str,
        params: Mapping[str, object] | None,
        parse: Callable[[dict[str, Any]], _T],
        limit: int | None,
    ) -> None:
        self.url: str | None = url  # the page to fetch next; None once the walk is over
        self.params = params  # the first request's query; nextLinks carry their own
        self._first = url
        self._parse = parse
        self._left = limit
        self._seen: set[str] = set()

    def take(self, payload: object) -> Page[_T]:
        """The page in `payload`, and where the walk goes next: nowhere once the limit is
        reached, so no page beyond it is requested."""
        raw, next_link, delta_link = _collection_page(payload, self._first)
        if self._left is not None:
            raw = raw[: self._left]
            self._left -= len(raw)
        page = Page([self._parse(item) for item in raw], next_link, delta_link)
        self.url = None if self._left == 0 else _next_page(next_link, self._seen)
        self.params = None
        return page


class _Collection(Generic[_T]):
    """What `Paged` and `AsyncPaged` share: the request, the limit and the links read."""

    def __init__(
        self,
        path: str,
        params: Mapping[str, object] | None,
        headers: Mapping[str, str] | None,
        parse: Callable[[dict[str, Any]], _T],
        limit: int | None,
    ) -> None:
        self._path = path
        self._params = params
        self._headers = headers
        self._parse = parse
        self._limit = _checked_limit(limit)
        self._next_link: str | None = None
        self._delta_link: str | None = None

    @property
    def next_link(self) -> str | None:
        """The @odata.nextLink of the last page read (None before the first and at the end)."""
        return self._next_link

    @property
    def delta_link(self) -> str | None:
        """The @odata.deltaLink, once the page carrying it has been read; keep it to ask
        for the changes since this round."""
        return self._delta_link

    def _start(self, config: ClientConfig) -> _Walk[_T]:
        self._next_link = self._delta_link = None
        return _Walk(config.url_for(self._path), self._params, self._parse, self._limit)

    def _read(self, walk: _Walk[_T], payload: object) -> Page[_T]:
        page = walk.take(payload)
        self._next_link = page.next_link
        if page.delta_link is not None:
            self._delta_link = page.delta_link
        return page


class Paged(_Collection[_T]):
    """A collection read lazily, page by page, over `GraphTransport`.

    Nothing is sent until iteration starts, and each iteration (of the items, or of
    `pages()`) walks from the first page again. `limit` caps the items over all pages: no
    page is requested once it is reached. The page size is the request's own `$top`, which
    this class leaves to the caller.
    """

    def __init__(
        self,
        transport: GraphTransport,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        parse: Callable[[dict[str, Any]], _T],
        limit: int | None = None,
    ) -> None:
        super().__init__(path, params, headers, parse, limit)
        self._transport = transport

    def __iter__(self) -> Iterator[_T]:
        for page in self.pages():
            yield from page.items

    def pages(self) -> Iterator[Page[_T]]:
        """The pages, each with its raw links; the last one is cut where `limit` ends."""
        walk = self._start(self._transport.config)
        while walk.url is not None:
            payload = self._transport._page(walk.url, walk.params, self._headers)
            yield self._read(walk, payload)


class AsyncPaged(_Collection[_T]):
    """`Paged` over `AsyncGraphTransport`: `async for` the items, or over `pages()`."""

    def __init__(
        self,
        transport: AsyncGraphTransport,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        parse: Callable[[dict[str, Any]], _T],
        limit: int | None = None,
    ) -> None:
        super().__init__(path, params, headers, parse, limit)
        self._transport = transport

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[_T]]:
        """The pages, each with its raw links; the last one is cut where `limit` ends."""
        walk = self._start(self._transport.config)
        while walk.url is not None:
            payload = await self._transport._page(walk.url, walk.params, self._headers)
            yield self._read(walk, payload)
