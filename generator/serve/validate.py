"""Request bodies checked against what the model says an operation accepts.

Two shapes of documented request body:

* a named type (`POST /me/contacts` takes a `microsoft.graph.contact`, possibly a collection):
  the body is validated with `graphdoc.emit.schema.validator_for`, the same JSON Schema the
  SDK ships, so the mock and the schemas cannot disagree;
* a parameter table with no type (actions such as `assignLicense`): the body must be an object;
  each documented parameter present is validated with its type's schema (primitives through
  `graphdoc.emit.schema_types.primitive_schema`), parameters marked required must be present
  and, when strict, keys the table does not list are rejected (keys holding `@` such as
  `@odata.type` or `manager@odata.bind` are always accepted).

Strict (the default of `graphdoc serve`) uses the strict schema family: closed objects, like
Graph, which rejects properties it does not know. Lenient leaves objects open.

An operation without a documented request body accepts any body; so does a type the model
cannot resolve (nothing to check against). Schemas are built on first use and cached; the
schema modules (jsonschema, referencing) are imported then too, so startup stays light.
"""

from __future__ import annotations

import itertools
import reprlib
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.types import ApiModel, Operation, Property
from .errors import shortened

MAX_VIOLATIONS = 20
# Errors looked at before choosing which MAX_VIOLATIONS to report: a huge invalid body can
# yield millions, and each jsonschema message holds the repr of the value it is about.
_ERRORS_READ = 10 * MAX_VIOLATIONS
_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


@dataclass(frozen=True, slots=True)
class Violation:
    """One way a body breaks its schema; `path` is a JSONPath such as `$.phones[0].type`."""

    path: str
    message: str


# What a type or property check is: a body in, violations out (paths relative to it).
Check = Callable[[Any], list[Violation]]


def _join(base: str, part: object) -> str:
    if isinstance(part, int):
        return f"{base}[{part}]"
    return f"{base}.{part}"


def _json_path(parts: Iterable[object], base: str = "$") -> str:
    path = base
    for part in parts:
        path = _join(path, part)
    return path


def _checked_with(validator: Any) -> Check:
    """A Check from a jsonschema validator (anything with `iter_errors`)."""

    def check(instance: Any) -> list[Violation]:
        read: list[tuple[tuple[int, str], Violation]] = []
        for error in itertools.islice(validator.iter_errors(instance), _ERRORS_READ):
            message = shortened(str(getattr(error, "message", error)))
            where = _json_path(getattr(error, "absolute_path", ()))
            # Property-level errors first: strict `unevaluatedProperties` ones repeat keys.
            late = getattr(error, "validator", "") == "unevaluatedProperties"
            order = (int(late), message)
            read.append((order, Violation(where, message)))
        read.sort(key=lambda pair: pair[0])
        return [violation for _, violation in read[:MAX_VIOLATIONS]]

    return check


def _prefixed(violations: Sequence[Violation], prefix: str) -> list[Violation]:
    return [Violation(prefix + violation.path[1:], violation.message) for violation in violations]


class RequestValidator:
    """Checks request bodies of the model's operations; thread-safe, schemas cached."""

    def __init__(self, model: ApiModel, *, strict: bool = True) -> None:
        self.model = model
        self.strict = strict
        self._lock = threading.Lock()
        self._registry: Any = None
        self._types: dict[str, Check | None] = {}
        self._operations: dict[str, Check | None] = {}

    def warm_up(self) -> None:
        """Import the schema modules and build the registry now rather than on first use."""
        with self._lock:
            self._registry_locked()

    def check(self, operation: Operation, body: Any) -> list[Violation]:
        """Violations of `body` against the operation's documented request body ([] = valid)."""
        if operation.id in self._operations:
            check = self._operations[operation.id]
        else:
            with self._lock:
                check = self._operation_check(operation)
                self._operations[operation.id] = check
        if check is None:
            return []
        try:
            return check(body)[:MAX_VIOLATIONS]
        except RecursionError:  # the app refuses deep bodies first; this is the backstop
            return [Violation("$", "the body is nested too deeply to check")]

    # -- building checks (called under the lock) -----------------------------------------

    def _registry_locked(self) -> Any:
        if self._registry is None:
            from ..emit.schema import registry_for

            self._registry = registry_for(self.model, strict=self.strict)
        return self._registry

    def _operation_check(self, operation: Operation) -> Check | None:
        body = operation.request_body
        if body is None:
            return None
        if body.type:
            named = self._type_check(body.type)
            if named is not None:
                return _collection_check(named) if body.collection else named
        if body.properties:
            return self._table_check(body.properties)
        return None

    def _type_check(self, type_name: str) -> Check | None:
        if type_name in self._types:
            return self._types[type_name]
        check: Check | None
        if type_name.startswith("Edm."):
            from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

            from ..emit.schema_types import primitive_schema

            schema = primitive_schema(type_name) or {}
            check = _checked_with(
                Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
            )
        else:
            from ..emit.schema import validator_for

            try:
                validator = validator_for(
                    self.model, type_name, strict=self.strict, registry=self._registry_locked()
                )
            except KeyError:  # the schema emitter does not know the type: nothing to check
                check = None
            else:
                check = _checked_with(validator)
        self._types[type_name] = check
        return check

    def _table_check(self, properties: Sequence[Property]) -> Check:
        checks: dict[str, tuple[Property, Check | None]] = {}
        for prop in properties:
            checks.setdefault(prop.name, (prop, self._type_check(prop.type)))
        required = [prop.name for prop in properties if prop.required]
        strict = self.strict

        def check(body: Any) -> list[Violation]:
            if not isinstance(body, dict):
                return [Violation("$", f"{_kind(body)} is not of type 'object'")]
            found: list[Violation] = [
                Violation("$", f"{name!r} is a required property")
                for name in required
                if name not in body
            ]
            for key, value in body.items():
                if len(found) >= MAX_VIOLATIONS:
                    break
                entry = checks.get(key)
                if entry is None:
                    if strict and "@" not in key:
                        found.append(Violation(_join("$", key), f"{key!r} is not a parameter"))
                    continue
                prop, value_check = entry
                found.extend(_property_violations(prop, value_check, value, _join("$", key)))
            return found

        return check


def _kind(value: Any) -> str:
    return "null" if value is None else _SHORT.repr(value)


def _collection_check(item: Check) -> Check:
    def check(body: Any) -> list[Violation]:
        if not isinstance(body, list):
            return [Violation("$", f"{_kind(body)} is not of type 'array'")]
        found: list[Violation] = []
        for index, value in enumerate(body):
            found.extend(_prefixed(item(value), f"$[{index}]"))
            if len(found) >= MAX_VIOLATIONS:
                break
        return found

    return check


def _property_violations(
    prop: Property, check: Check | None, value: Any, path: str
) -> list[Violation]:
    if value is None:
        if prop.nullable is False:
            return [Violation(path, "None is not allowed for a non-nullable parameter")]
        return []
    if check is None:
        return []
    if not prop.collection:
        return _prefixed(check(value), path)
    if not isinstance(value, list):
        return [Violation(path, f"{_kind(value)} is not of type 'array'")]
    found: list[Violation] = []
    for index, item in enumerate(value):
        found.extend(_prefixed(check(item), f"{path}[{index}]"))
        if len(found) >= MAX_VIOLATIONS:
            break
    return found
