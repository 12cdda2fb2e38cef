"""Placeholder values in documented bodies, and valid values built to replace them.

Pages generated from stubs show values such as `"String"`, `"String (timestamp)"`,
`"Boolean"` or `"Int32"` where a real value belongs (the seed's create-contact reply is all
of them). No typed client can parse such a reply, so the mock serves, and the example tests
expect, the body with each placeholder replaced by a valid value of its type. Both sides
use this one module, so they agree on every value.

A value is recognised by its position (`is_placeholder_for`): a string naming a type where
a non-string belongs, or, in a string position, a value that is literally `String`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .graph import graph_of
from .types import ApiModel, Property, TypeDef

# The type names placeholders start with (`Int32`, `String (timestamp)`), as an alternation.
TYPE_WORDS = (
    r"string|boolean|bool|int16|int32|int64|integer|int|double|single|decimal|float|number|"
    r"date|datetime|datetimeoffset|timestamp|time|timeofday|duration|guid|uuid|binary|byte|"
    r"stream|enum"
)
# A string standing for a value of some type: `Int32`, `String (timestamp)`, `Boolean`,
# `skuId-value` (the docs' `<name>-value` convention), `Display Name value`, `{id}`, `<id>`.
_ANY_PLACEHOLDER = re.compile(
    rf"(?i)^\s*(?:(?:{TYPE_WORDS})\b.*|[A-Za-z][\w.]*-value(?:-?\d+)?|[A-Za-z][\w .]* value|"
    r"parameterValue|@odata\.type:.*|\{[^{}]*\}|<[^<>]*>)\s*$"
)
# In a string position only a value naming its own type is a placeholder: `String`,
# `String (identifier)`.
_STRING_PLACEHOLDER = re.compile(r"(?i)^\s*string(?:\s*\([^)]*\))?\s*$")

_BUILT: dict[str, Any] = {
    "Edm.String": "string",
    "Edm.Boolean": True,
    "Edm.Byte": 0,
    "Edm.SByte": 0,
    "Edm.Int16": 0,
    "Edm.Int32": 0,
    "Edm.Int64": 0,
    "Edm.Double": 0.5,
    "Edm.Single": 0.5,
    "Edm.Decimal": 0.5,
    "Edm.Date": "2021-01-01",
    "Edm.DateTimeOffset": "2021-01-01T00:00:00Z",
    "Edm.TimeOfDay": "08:00:00",
    "Edm.Duration": "PT1H",
    "Edm.Guid": "00000000-0000-0000-0000-000000000000",
    "Edm.Binary": "AAAA",
    "Edm.Stream": "AAAA",
}


def is_placeholder_for(value: object, string_position: bool) -> bool:
    """Whether `value` stands for a value rather than being one, at a string position or
    at a position of another type."""
    if not isinstance(value, str):
        return False
    if string_position:
        return bool(_STRING_PLACEHOLDER.match(value))
    return bool(_ANY_PLACEHOLDER.match(value))


def built_value(type_name: str, types: Mapping[str, TypeDef]) -> Any:
    """A valid value of a type, built from nothing: what a placeholder is replaced with."""
    if type_name in _BUILT:
        return _BUILT[type_name]
    type_def = types.get(type_name)
    if type_def is None:
        return "string"
    if type_def.kind == "enum":
        return type_def.members[0].name if type_def.members else "string"
    return {}


class Placeholders:
    """Placeholder detection and replacement, walking a body along the model's types."""

    def __init__(self, model: ApiModel) -> None:
        self.graph = graph_of(model)
        self.types = self.graph.by_name
        self._members: dict[str, frozenset[str]] = {}  # enum name → its members, lower case
        self._props: dict[str, dict[str, Property]] = {}

    def resolve(self, name: str | None) -> TypeDef | None:
        """A type by name, `#microsoft.graph.x` (an `@odata.type` value) included."""
        return self.graph.get(name.removeprefix("#")) if name else None

    def properties(self, type_def: TypeDef) -> dict[str, Property]:
        cached = self._props.get(type_def.name)
        if cached is None:
            cached = self._props[type_def.name] = self.graph.inherited_properties(type_def)
        return cached

    def derives(self, type_def: TypeDef, base: TypeDef) -> bool:
        return self.graph.derives(type_def, base)

    def exercise(
        self,
        value: Any,
        type_name: str,
        collection: bool,
        path: list[str | int],
        found: list[list[str | int]],
    ) -> Any:
        """`value` with placeholders replaced by built values; their paths go to `found`."""
        if value is None:
            return None
        if collection:
            if isinstance(value, list):
                return [
                    self.exercise(item, type_name, False, [*path, index], found)
                    for index, item in enumerate(value)
                ]
            if isinstance(value, str) and is_placeholder_for(value, False):
                found.append(path)
                return [built_value(type_name, self.types)]
            return value
        if type_name.startswith("Edm."):
            string = type_name == "Edm.String"
            if type_name in _BUILT and (
                is_placeholder_for(value, string) or (value == {} and not string)
            ):
                found.append(path)
                return _BUILT[type_name]
            return value
        type_def = self.resolve(type_name)
        if type_def is None:
            return value
        if type_def.kind == "enum":
            members = self._members.get(type_def.name)
            if members is None:
                members = frozenset(member.name.lower() for member in type_def.members)
                self._members[type_def.name] = members
            # The stub generator writes an enum value as "" or {}.
            blank = value == {} or value == ""
            if blank or (
                isinstance(value, str)
                and value.lower() not in members
                and is_placeholder_for(value, False)
            ):
                if value == "" and "" in members:
                    return value
                found.append(path)
                return built_value(type_def.name, self.types)
            return value
        if isinstance(value, str) and is_placeholder_for(value, False):
            found.append(path)
            return {}
        if not isinstance(value, dict):
            return value
        named = (
            self.resolve(value.get("@odata.type"))
            if isinstance(value.get("@odata.type"), str)
            else None
        )
        if named is not None and named.kind != "enum" and self.derives(named, type_def):
            type_def = named
        # Annotation properties (`@microsoft.graph.conflictBehavior`) are left as written.
        props = {
            name: prop for name, prop in self.properties(type_def).items() if "@" not in name
        }
        return self.exercise_members(value, props, path, found)

    def exercise_members(
        self,
        value: Any,
        props: Mapping[str, Property],
        path: list[str | int],
        found: list[list[str | int]],
    ) -> Any:
        """An object's members exercised along `props`, a member's property found by its
        name, else case-insensitively; members no property describes, and values that are
        no object, are returned as they are. Paths of replaced placeholders go to `found`."""
        if not isinstance(value, dict):
            return value
        folded = {name.lower(): prop for name, prop in props.items()}
        out: dict[str, Any] = {}
        for key, item in value.items():
            prop = props.get(key) or folded.get(key.lower())
            if prop is None:
                out[key] = item
            else:
                out[key] = self.exercise(item, prop.type, prop.collection, [*path, key], found)
        return out

    def fill(
        self, body: Any, type_name: str, collection: bool
    ) -> tuple[Any, list[list[str | int]]]:
        """A reply body of a type with its placeholders replaced, and the paths replaced
        (none: the body is returned as is). A collection is `{"value": [...]}`."""
        found: list[list[str | int]] = []
        if collection:
            if not isinstance(body, dict) or not isinstance(body.get("value"), list):
                return body, found
            items = self.exercise(body["value"], type_name, True, ["value"], found)
            return ({**body, "value": items} if found else body), found
        filled = self.exercise(body, type_name, False, [], found)
        return (filled if found else body), found
