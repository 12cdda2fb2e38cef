"""Edm primitives as JSON Schema 2020-12 fragments, and the null wrapper.

Why the choices below (they decide what an example body may contain):

* Every string format also carries a `pattern`. In 2020-12 `format` is an annotation
  unless a validator opts in, and even jsonschema with `FORMAT_CHECKER` only enforces
  `date-time` and `duration` when the optional rfc3339-validator / isoduration packages are
  installed. The pattern makes the shape an assertion everywhere; `format` stays for
  tooling and for the calendar checks (`2021-02-30`) a regex cannot do.
* `Edm.TimeOfDay` gets a pattern and no `format`: Graph sends `08:00:00.0000000`, with
  no offset and seven fraction digits, which strict RFC 3339 `full-time` rejects.
* `Edm.Duration` accepts a leading `-` (OData allows negative durations) and fractional
  seconds; a validator enforcing RFC 3339 `duration` may still reject those two forms.
* `Edm.Binary` is base64 with `contentEncoding` (2020-12 has no `byte` format); the
  pattern accepts both alphabets because Graph sends standard base64 although OData JSON
  specifies base64url. `Edm.Stream` values normally travel out of band, so it is only
  annotated, not checked.
* Doubles also accept `"NaN"`, `"INF"` and `"-INF"`, the strings OData JSON uses for them.
* `Edm.Int64` has no bounds: 2**63 is not exact as a JSON double, so a bound would be
  compared imprecisely by validators that parse numbers as doubles.
* Patterns use only the ECMA-262 / Python `re` common subset (`[0-9]`, not `\\d`).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DATE_PATTERN",
    "DATE_TIME_PATTERN",
    "DURATION_PATTERN",
    "GUID_PATTERN",
    "TIME_OF_DAY_PATTERN",
    "Schema",
    "allow_null",
    "flags_pattern",
    "primitive_schema",
]

Schema = dict[str, Any]

_DATE = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)"

DATE_PATTERN = f"^{_DATE}$"
DATE_TIME_PATTERN = f"^{_DATE}[Tt]{_TIME}(\\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
TIME_OF_DAY_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,12})?)?$"
DURATION_PATTERN = (
    "^-?P(?=[0-9T])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?"
    "(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?$"
)
GUID_PATTERN = "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"
_BASE64_PATTERN = "^[A-Za-z0-9+/_-]*={0,2}$"

_INT_RANGES = {
    "Edm.Byte": (0, 255),
    "Edm.SByte": (-128, 127),
    "Edm.Int16": (-(2**15), 2**15 - 1),
    "Edm.Int32": (-(2**31), 2**31 - 1),
}
_DOUBLE_SPECIALS = ["NaN", "INF", "-INF"]

_PRIMITIVES: dict[str, Schema] = {
    "Edm.String": {"type": "string"},
    "Edm.Boolean": {"type": "boolean"},
    "Edm.Int64": {"type": "integer"},
    "Edm.Decimal": {"type": "number"},
    "Edm.Double": {"anyOf": [{"type": "number"}, {"enum": _DOUBLE_SPECIALS}]},
    "Edm.Single": {"anyOf": [{"type": "number"}, {"enum": _DOUBLE_SPECIALS}]},
    "Edm.DateTimeOffset": {"type": "string", "format": "date-time", "pattern": DATE_TIME_PATTERN},
    "Edm.Date": {"type": "string", "format": "date", "pattern": DATE_PATTERN},
    "Edm.TimeOfDay": {"type": "string", "pattern": TIME_OF_DAY_PATTERN},
    "Edm.Duration": {"type": "string", "format": "duration", "pattern": DURATION_PATTERN},
    "Edm.Guid": {"type": "string", "format": "uuid", "pattern": GUID_PATTERN},
    "Edm.Binary": {"type": "string", "contentEncoding": "base64", "pattern": _BASE64_PATTERN},
    "Edm.Stream": {"type": "string", "contentEncoding": "base64"},
    "Edm.Untyped": {},
}


def _fresh(schema: Schema) -> Schema:
    """A copy of a schema (what `copy.deepcopy` gives, a tenth of the time)."""
    return {key: _fresh_value(item) for key, item in schema.items()}


def _fresh_value(value: Any) -> Any:
    if isinstance(value, dict):
        return _fresh(value)
    if isinstance(value, list):
        return [_fresh_value(item) for item in value]
    return value


def primitive_schema(edm_type: str) -> Schema | None:
    """A fresh schema for an `Edm.*` name, `{}` for Edm names we do not map, None otherwise."""
    if edm_type in _INT_RANGES:
        low, high = _INT_RANGES[edm_type]
        return {"type": "integer", "minimum": low, "maximum": high}
    if edm_type in _PRIMITIVES:
        return _fresh(_PRIMITIVES[edm_type])
    if edm_type.startswith("Edm."):
        # Geography/Geometry and other rare kinds: accept anything rather than guess.
        return {"$comment": f"{edm_type} is not mapped; any value is accepted"}
    return None


def allow_null(schema: Schema) -> Schema:
    """The same schema, also accepting JSON null.

    A single `type` becomes `[type, "null"]` so patterns and formats keep applying to
    strings only; anything else gets a `{"type": "null"}` branch. `{}` already allows null.
    """
    if not schema or set(schema) <= {"$comment", "description"}:
        return schema
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


# ECMA-262 SyntaxCharacters: the only escapes its unicode mode (used by ajv) accepts.
_REGEX_SPECIALS = frozenset("\\^$.|?*+()[]{}")


def _regex_literal(text: str) -> str:
    """Escape text for a pattern valid in both ECMA-262 and Python `re`."""
    return "".join("\\" + ch if ch in _REGEX_SPECIALS else ch for ch in text)


def flags_pattern(members: list[str]) -> str:
    """One or more members joined by commas (`"a,b"`, `"a, b"`): OData's flags syntax."""
    one = "(" + "|".join(_regex_literal(member) for member in members) + ")"
    return f"^{one}( *, *{one})*$"
