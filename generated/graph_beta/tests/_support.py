# Copied by graphdoc from generator/runtime/tests/_support.py (black-formatted); do not edit.
"""The harness of the example tests: schema checks, round trips, client calls, verdicts.

A failure says what it means. `PageDefect` (`page defect (<kind>): ...`): the example
contradicts its own page (its URL matches no documented path, a body breaks the
documented schema, a model refuses a documented value, a body where the page documents
none...). `GeneratorBug` (`generator bug: ...`): the generated code changed a value, or the
client's result differs from the documented response. Schemas come from the package's own
`schemas/` folder; nothing of graphdoc is imported here.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import importlib
import inspect
import json
import os
import uuid
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]
from jsonschema.exceptions import best_match  # type: ignore[import-untyped, unused-ignore]
from referencing import Registry, Resource

from .._runtime import (
    AsyncPaged,
    GraphError,
    ModelError,
    Paged,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_time,
)

# This module is `<package>.tests._support`; the clients and models are imported from the
# package when a test runs, so the module works in any generated package as it is.
PACKAGE = __name__.rsplit(".", 2)[0]
HERE = Path(__file__).resolve().parent
SCHEMAS = HERE.parent / "schemas"
TOKEN = "graphdoc-example-tests"
_BUNDLES = {
    "https://graphdoc.local/schemas/bundle.json": SCHEMAS / "bundle.json",
    "https://graphdoc.local/schemas/strict/bundle.json": SCHEMAS
    / "strict"
    / "bundle.json",
}


class ExampleUsesPlaceholders(UserWarning):
    """The page's example shows placeholders; the test used schema-built values."""


class ExampleNote(UserWarning):
    """The example passes, with a remark: an enum value in another case, properties the
    page does not document, or a response the mock took from another page documenting
    the same request."""


class PageDefect(AssertionError):
    """The example contradicts its own page."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"page defect ({kind}): {message}")
        self.kind = kind


class GeneratorBug(AssertionError):
    """Generated code did not do what the documentation says."""

    def __init__(self, message: str) -> None:
        super().__init__(f"generator bug: {message}")


# ------------------------------------------------------------------------------ schemas

_REGISTRY: list[Registry[Any]] = []
_VALIDATORS: dict[str, Any] = {}


def _registry() -> Registry[Any]:
    if not _REGISTRY:
        resources = [
            (uri, Resource.from_contents(json.loads(path.read_text(encoding="utf-8"))))
            for uri, path in _BUNDLES.items()
        ]
        _REGISTRY.append(Registry().with_resources(resources))
    return _REGISTRY[0]


def _validator(schema: Any) -> Any:
    key = json.dumps(schema, sort_keys=True)
    validator = _VALIDATORS.get(key)
    if validator is None:
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        validator = Draft202012Validator(
            document,
            registry=_registry(),
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        _VALIDATORS[key] = validator
    return validator


def _leaf(error: Any) -> Any:
    """The most telling error under `anyOf` wrappers (nullable values, polymorphism): not
    the `null` branch's, which only says the value is not null."""
    while error.context:
        branches = [
            sub
            for sub in error.context
            if not (sub.validator == "type" and sub.validator_value == "null")
        ]
        error = best_match(branches or error.context)
    return error


def _case_only(error: Any) -> bool:
    """An enum value that differs from a member only in case (`HTML` for `html`)."""
    if error.validator != "enum" or not isinstance(error.instance, str):
        return False
    members = [m.lower() for m in error.validator_value if isinstance(m, str)]
    return error.instance.lower() in members


def violations(schema: Any, instance: Any) -> list[Any]:
    """The errors of `instance` against `schema`, each its most telling one (`_leaf`)."""
    return [_leaf(error) for error in _validator(schema).iter_errors(instance)]


def schema_errors(
    schema: Any,
    instance: Any,
    skip: list[list[str | int]] | None = None,
    notes: list[str] | None = None,
) -> list[str]:
    """Violations of `schema` by `instance`, as `path: message` (at most five)."""
    return described(violations(schema, instance), skip, notes)


def described(
    errors: list[Any],
    skip: list[list[str | int]] | None = None,
    notes: list[str] | None = None,
) -> list[str]:
    """`violations` as `path: message` (at most five).

    Errors at or under a `skip` path are ignored; an enum value right but for its case
    goes to `notes` instead (Graph reads enum values case-insensitively)."""
    found: list[str] = []
    for leaf in errors:
        where = list(leaf.absolute_path)
        if skip and any(where[: len(path)] == path for path in skip):
            continue
        message = f"{_json_path(where)}: {leaf.message}"
        if notes is not None and _case_only(leaf):
            notes.append(message)
            continue
        found.append(message)
    return sorted(found)[:5]


def _json_path(parts: list[Any]) -> str:
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


# ------------------------------------------------------------------------------ values


def _same_typed_value(a: str, b: str) -> bool:
    parsers: list[Callable[[object], object]] = [
        parse_datetime,
        parse_date,
        parse_time,
        parse_duration,
    ]
    for parse in parsers:
        try:
            if parse(a) == parse(b):
                return True
        except (TypeError, ValueError):
            pass
    try:
        if uuid.UUID(a) == uuid.UUID(b):
            return True
    except ValueError:
        pass
    try:
        return base64.b64decode(a + "=" * (-len(a) % 4)) == base64.b64decode(
            b + "=" * (-len(b) % 4)
        )
    except (binascii.Error, ValueError):
        return False


def difference(ours: Any, documented: Any, path: str = "$") -> str | None:
    """Where two JSON values differ other than in the spelling of typed values
    (`…52.1234567Z` against `…52.123456Z`, `PT60M` against `PT1H`), or None."""
    if isinstance(ours, dict) and isinstance(documented, dict):
        for key in sorted(ours.keys() | documented.keys()):
            if key not in ours or key not in documented:
                return (
                    f"{path}.{key}: {ours.get(key)!r} against {documented.get(key)!r}"
                )
            found = difference(ours[key], documented[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(ours, list) and isinstance(documented, list):
        if len(ours) != len(documented):
            return f"{path}: {len(ours)} items against {len(documented)}"
        for index, pair in enumerate(zip(ours, documented, strict=True)):
            found = difference(*pair, f"{path}[{index}]")
            if found:
                return found
        return None
    if ours == documented and (
        type(ours) is type(documented) or isinstance(ours, int | float)
    ):
        return None
    if (
        isinstance(ours, str)
        and isinstance(documented, str)
        and _same_typed_value(ours, documented)
    ):
        return None
    return f"{path}: {ours!r} against {documented!r}"


def _json_media(media: str) -> bool:
    return not media or "json" in media


def _class(spec: str) -> Any:
    """`models.contact:Contact` → the class."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(f"{PACKAGE}.{module}"), name)


def _client(name: str) -> Any:
    """`GraphClient` or `AsyncGraphClient` of this package."""
    return getattr(importlib.import_module(f"{PACKAGE}.client"), name)


def _model_class(type_name: str) -> Any:
    registry = importlib.import_module(f"{PACKAGE}.models._registry")
    return registry.model_class(type_name)


def _round_trip(cls: Any, body: Any, side: str) -> None:
    try:
        model = cls.from_dict(body)
    except ModelError as error:
        raise PageDefect(
            f"{side}-model",
            f"{cls.__name__} refuses the documented {side} body: {error}",
        ) from None
    found = difference(model.to_dict(), body)
    if found:
        raise GeneratorBug(
            f"{cls.__name__} does not round-trip the {side} body: {found}"
        )


# ------------------------------------------------------------------------------ cases


class Case:
    """One documented request/response pair (`cases/<group>.json`)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.id: str = data["id"]
        self.request: dict[str, Any] = data["request"]
        self.response: dict[str, Any] = data["response"]
        self.headers: dict[str, str] = data.get("headers") or {}
        self.params: dict[str, str] = data.get("params") or {}
        # What the strict schema (closed objects, like Graph, enum values in their case)
        # says of the request body.
        self.request_notes: list[str] = []

    @property
    def request_body(self) -> Any:
        """The request body sent: the documented one, placeholders replaced."""
        return self.request.get("exercised", self.request.get("body"))

    @property
    def response_body(self) -> Any:
        """The response body expected: the documented one, placeholders replaced."""
        return self.response.get("exercised", self.response.get("body"))

    def body(self, cls: Any) -> Any:
        """The request body as the model class the method takes."""
        body = self.request_body
        if self.request.get("kind") != "json":
            body = [] if self.request.get("as") == "models" else {}
        if self.request.get("as") == "models" and isinstance(body, list):
            return [cls.from_dict(item) for item in body]
        return cls.from_dict(body)

    def content(self) -> bytes:
        raw = self.request.get("raw")
        if raw is None and self.request.get("kind") == "json":
            raw = json.dumps(self.request.get("body"))
        return (raw or "").encode("utf-8")

    def json_body(self) -> Any:
        return self.request_body

    def check(self) -> None:
        """The example reaches its operation, and its bodies fit their schemas and models."""
        defect = self.data.get("defect")
        if defect:
            kind, _, message = defect.partition(": ")
            raise PageDefect(kind, message)
        for remark in self.data.get("remarks", []):
            note(self, remark)
        if self.data.get("placeholders"):
            log(self, "placeholders", "exercised with schema-built values")
            warnings.warn(
                ExampleUsesPlaceholders(
                    f"{self.id}: exercised with schema-built values because the page's "
                    "example uses placeholders"
                ),
                stacklevel=3,
            )
        self._check_request()
        self._check_response()

    def _check_request(self) -> None:
        request = self.request
        kind = request.get("kind")
        typed = request.get("as") in ("model", "models", "parameters")
        if kind == "text" and typed:
            media = request.get("media", "")
            if _json_media(media):
                raise PageDefect(
                    "request-json", "the documented request body is not JSON"
                )
            raise PageDefect(
                "request-media",
                f"the example sends a {media} body; the page documents a JSON body",
            )
        if kind == "none" and request.get("schema") is not None:
            missing = schema_errors(
                request["schema"], [] if request["as"] == "models" else {}
            )
            if missing:
                raise PageDefect(
                    "request-schema",
                    "the example sends no body, but the page requires one: "
                    + "; ".join(missing),
                )
        if kind != "json":
            return
        placeholders = request.get("placeholders") or []
        schema = request.get("schema")
        if schema is not None:
            notes: list[str] = []
            errors = violations(schema, self.request_body)
            built = described(errors, None, notes)
            real = described(errors, placeholders, [])
            if real:
                raise PageDefect(
                    "request-schema",
                    "the request body breaks the documented schema: " + "; ".join(real),
                )
            if built:
                raise GeneratorBug(
                    "schema-built values are invalid: " + "; ".join(built)
                )
            strict = request.get("strict")
            if strict is not None:
                notes += schema_errors(strict, self.request_body, placeholders, [])
            self.request_notes = sorted(set(notes))
            if notes:
                note(self, "request body: " + "; ".join(sorted(set(notes))[:5]))
        model = request.get("model")
        if model and request.get("as") in ("model", "parameters"):
            _round_trip(_class(model), self.request_body, "request")
        elif (
            model
            and request.get("as") == "models"
            and isinstance(self.request_body, list)
        ):
            for item in self.request_body:
                _round_trip(_class(model), item, "request")

    def _check_response(self) -> None:
        response = self.response
        status = response.get("status") or 200
        result = self.data.get("result")
        if 200 <= status < 300:
            if result == "none" and response.get("kind") != "none":
                raise PageDefect(
                    "status",
                    f"the example answers {status} with a body, but the page documents "
                    "no response body (204 No Content)",
                )
            if (
                result in ("model", "iterator", "list")
                and response.get("kind") != "json"
            ):
                raise PageDefect(
                    "status",
                    f"the example answers {status} without a JSON body, but the page "
                    "documents a response body of a model type",
                )
        if (
            response.get("kind") == "text"
            and result in ("model", "optional", "iterator", "list", "any")
            and _json_media(response.get("media", ""))
        ):
            raise PageDefect(
                "response-json", "the documented response body is not JSON"
            )
        if response.get("kind") != "json" or "type" not in response:
            return
        body = self.response_body
        items = [body]
        if response.get("collection"):
            if not isinstance(body, dict) or not isinstance(body.get("value"), list):
                raise PageDefect(
                    "response-shape",
                    "the page documents a collection, but the example body has no "
                    "`value` array",
                )
            items = body["value"]
        placeholders = response.get("placeholders") or []
        for index, item in enumerate(items):
            where = ["value", index] if response.get("collection") else []
            skip = [
                path[len(where) :]
                for path in placeholders
                if path[: len(where)] == where
            ]
            notes: list[str] = []
            errors = violations(response["schema"], item)
            real = described(errors, skip, notes)
            if notes:
                note(self, "response body: " + "; ".join(notes[:5]))
            if real:
                raise PageDefect(
                    "response-schema",
                    "the response body breaks the documented schema: "
                    + "; ".join(real),
                )
            built = described(errors, None, [])
            if built:
                raise GeneratorBug(
                    "schema-built values are invalid: " + "; ".join(built)
                )
            cls = _model_class(response["type"])
            if cls is not None:
                _round_trip(cls, item, "response")


def note(case: Case, message: str) -> None:
    """A remark on a passing example (see `ExampleNote`); also appended, as a JSON line,
    to the file `GRAPHDOC_EXAMPLE_LOG` names, for reports over many examples."""
    warnings.warn(ExampleNote(f"{case.id}: {message}"), stacklevel=4)
    log(case, "note", message)


def log(case: Case, kind: str, message: str) -> None:
    target = os.environ.get("GRAPHDOC_EXAMPLE_LOG")
    if target:
        line = json.dumps({"case": case.id, "kind": kind, "message": message})
        with open(target, "a", encoding="utf-8") as file:
            file.write(line + "\n")


# ------------------------------------------------------------------------------ calls


class Harness:
    """The mock's base URL, the cases, and the calls through both clients."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._cases: dict[str, dict[str, Any]] = {}

    def case(self, case_id: str) -> Case:
        """The pair `case_id`, checked (see `Case.check`)."""
        if not self._cases:
            for path in sorted((HERE / "cases").glob("*.json")):
                self._cases.update(json.loads(path.read_text(encoding="utf-8")))
        case = Case(self._cases[case_id])
        case.check()
        return case

    def exercise(self, case: Case, call: Callable[[Any], Any]) -> None:
        """Call through the sync and the async client; both must give the documented reply.

        The mock is asked for this very example (`X-Graphdoc-Example`) when its name is
        unique on its route; when the mock routes the request elsewhere, the call is made
        again without that header and the mock picks the example itself. It is asked never
        to answer from what clients created (`X-Graphdoc-Stateless`)."""
        replay = case.data.get("replay")
        try:
            self._exercise(case, call, replay)
        except _Misrouted:
            self._exercise(case, call, None)

    def _exercise(
        self, case: Case, call: Callable[[Any], Any], replay: str | None
    ) -> None:
        base_url = f"{self.base_url}/{case.data['version']}"
        # Documented requests, documented replies: nothing these tests send is stored.
        headers = {"X-Graphdoc-Stateless": "1"}
        if replay:
            headers["X-Graphdoc-Example"] = replay
        served: list[httpx.Response] = []

        def keep(response: httpx.Response) -> None:
            response.read()
            served.append(response)

        async def akeep(response: httpx.Response) -> None:
            await response.aread()
            served.append(response)

        with (
            httpx.Client(
                headers=headers,
                timeout=30,
                event_hooks={"response": [keep]},
            ) as http,
            _client("GraphClient")(
                lambda: TOKEN, base_url=base_url, http_client=http
            ) as client,
        ):
            outcome = _outcome(lambda: _collect(call(client)))
        self._expect(case, outcome, "sync", served, replay)

        async def run() -> tuple[Any, BaseException | None]:
            async with (
                httpx.AsyncClient(
                    headers=headers,
                    timeout=30,
                    event_hooks={"response": [akeep]},
                ) as http,
                _client("AsyncGraphClient")(
                    lambda: TOKEN, base_url=base_url, http_client=http
                ) as client,
            ):
                try:
                    return await _acollect(call(client)), None
                except GraphError as error:  # judged by _expect, like the sync outcome
                    return None, error

        served.clear()
        self._expect(case, asyncio.run(run()), "async", served, replay)

    def _expect(
        self,
        case: Case,
        outcome: tuple[Any, BaseException | None],
        mode: str,
        served: list[httpx.Response],
        replay: str | None,
    ) -> None:
        result, error = outcome
        status = case.response.get("status") or 200
        if isinstance(error, GraphError):
            if (
                replay
                and error.status == 400
                and "x-graphdoc-example" in str(error).lower()
            ):
                raise _Misrouted()
            if status >= 400 and error.status == status:
                return
            if error.status == 400 and case.request_notes:
                raise PageDefect(
                    "request-rejected",
                    "the mock, strict like Graph, refuses what the page's example sends "
                    f"({'; '.join(case.request_notes[:3])}): {error}",
                )
            raise GeneratorBug(f"{mode}: the mock answered {error}")
        if error is not None:
            raise error
        if status >= 400:
            if self._ambiguous(case, served, result):
                return
            raise GeneratorBug(f"{mode}: no GraphError for the documented {status}")
        found = _compare(case, result)
        if found and not self._ambiguous(case, served, result):
            raise GeneratorBug(
                f"{mode}: the result differs from the documented reply: {found}"
            )

    def _ambiguous(self, case: Case, served: list[httpx.Response], result: Any) -> bool:
        """Whether the mock answered with another example documenting the very same request
        (same method and URL), and the client returned that reply faithfully. The docs then
        give one request several responses and nothing in it tells the mock which one is
        meant (no unique example name, a body the mock cannot match); the test passes with
        an `ExampleNote` naming the example the mock chose."""
        if not served:
            return False
        first = served[0]
        try:
            body: Any = first.json() if first.content else None
        except ValueError:
            return False
        for other in self._cases.values():
            if other["id"] == case.id or other["http"] != case.data["http"]:
                continue
            response = other["response"]
            if (response.get("status") or 200) != first.status_code:
                continue
            documented = response.get("exercised", response.get("body"))
            if difference(_without_links(body), _without_links(documented)) is not None:
                continue
            twin = Case({**case.data, "response": response})
            if _compare(twin, result) is None:
                note(
                    case,
                    f"the mock answers this request with the example of {other['id']} "
                    f"({other['source']}): the docs give the same request another response",
                )
                return True
        return False


def _without_links(body: Any) -> Any:
    """A body without the paging links the mock rewrites (`@odata.nextLink` moves to the
    mock, and a page with a next link loses `@odata.deltaLink`)."""
    if isinstance(body, dict) and "@odata.nextLink" in body:
        return {
            key: value
            for key, value in body.items()
            if key not in ("@odata.nextLink", "@odata.deltaLink")
        }
    return body


class _Misrouted(Exception):
    """The mock has no example of that name on the route it found for the request."""


def _outcome(produce: Callable[[], Any]) -> tuple[Any, BaseException | None]:
    try:
        return produce(), None
    except GraphError as error:  # judged by Harness._expect (any other error is raised)
        return None, error


def _collect(result: Any) -> Any:
    if isinstance(result, Iterator | Paged):
        return list(result)
    return result


async def _acollect(result: Any) -> Any:
    if inspect.isawaitable(result):
        return await result
    if isinstance(result, AsyncIterator | AsyncPaged):
        return [item async for item in result]
    return result


def _compare(case: Case, result: Any) -> str | None:
    kind = case.data.get("result")
    response = case.response
    body = case.response_body
    status = response.get("status") or 200
    served = response.get("kind")
    if kind == "none":
        return None if result is None else f"{result!r} instead of None"
    if kind == "optional" and served != "json":
        return None if result is None else f"{result!r} instead of None"
    if kind in ("model", "optional", "list", "iterator"):
        if kind in ("model", "optional"):
            return difference(_without_links(result.to_dict()), _without_links(body))
        documented = body.get("value") if isinstance(body, dict) else body
        return difference([item.to_dict() for item in result], documented)
    if kind == "bytes":
        if served == "json":
            try:
                decoded = json.loads(result)
            except ValueError:
                return f"{result[:60]!r} is not the documented JSON body"
            return difference(decoded, body)
        expected = (
            b""
            if served == "none" or 300 <= status < 400
            else ((response.get("raw") or "").encode("utf-8"))
        )
        return (
            None if result == expected else f"{result[:60]!r} against {expected[:60]!r}"
        )
    if served == "json":
        return difference(_without_links(result), _without_links(body))
    if served == "text":
        raw = response.get("raw") or ""
        try:
            expected_json = json.loads(raw)
        except ValueError:
            return f"{result!r} against the documented text {raw[:60]!r}"
        return difference(result, expected_json)
    return None if result is None else f"{result!r} instead of no body"
