"""Helpers shared by the generator tests and the benchmark: generating into a folder,
importing the result, running mypy and ruff on it, and judging round trips of documented
bodies through the generated models.

Round-trip verdicts (`RoundTrip.kind`):

* `exact`: `from_dict(body).to_dict() == body`.
* `equivalent`: equal except for the spelling of typed values: `2021-03-04T18:13:52.1234567Z`
  comes back as `…52.123456Z` (Python keeps microseconds), an offset as `Z`, `PT60M` as
  `PT1H`, an upper-case GUID in lower case. Both spellings parse to the same value.
* `placeholder`: `from_dict` refused a value that is a type placeholder (`"String
  (timestamp)"`, `"Boolean"`): the page shows a template, not data.
* `inconsistent`: `from_dict` refused a real value: the example contradicts the page's
  own property table (a number where a string is documented, a bare date for a timestamp…).
* `mismatch`: `to_dict` gave something else back. That is a generator bug, never the docs'.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from graphdoc.model.placeholders import TYPE_WORDS
from graphdoc.runtime.tests._support import _same_typed_value

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CORPUS = ROOT.parent / "shared" / "corpus" / "graph-docs-2021-07" / "api-reference"
RUFF_RULES = "E,F,I,UP,B"

_PLACEHOLDER = re.compile(rf"(?i)^\s*({TYPE_WORDS})\b.*$")


_NAMED_PLACEHOLDER = re.compile(r"^[A-Za-z][\w.]*[-.]value$")


def is_placeholder(value: object) -> bool:
    """A string standing for a value rather than being one: `"String (timestamp)"`,
    `"Int32"`, `"datetime-value"`, `"skuId-value"` (the docs' `<name>-value` convention)."""
    return isinstance(value, str) and bool(
        _PLACEHOLDER.match(value) or _NAMED_PLACEHOLDER.match(value)
    )


def value_at(body: Any, location: tuple[str | int, ...]) -> Any:
    """The value a `ModelError.location` points at (None if the path leads nowhere)."""
    current = body
    for step in location:
        try:
            current = current[step]
        except (KeyError, IndexError, TypeError):
            return None
    return current


@dataclass(frozen=True, slots=True)
class Difference:
    path: str
    ours: Any
    documented: Any

    def __str__(self) -> str:
        return f"{self.path or '(body)'}: {self.ours!r} against {self.documented!r}"


def first_difference(ours: Any, documented: Any, path: str = "") -> Difference | None:
    """Where two JSON values differ other than in the spelling of typed values, or None."""
    if isinstance(ours, dict) and isinstance(documented, dict):
        for key in sorted(ours.keys() | documented.keys()):
            if key not in ours or key not in documented:
                return Difference(f"{path}.{key}", ours.get(key), documented.get(key))
            found = first_difference(ours[key], documented[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(ours, list) and isinstance(documented, list):
        if len(ours) != len(documented):
            return Difference(path, ours, documented)
        for index, pair in enumerate(zip(ours, documented, strict=True)):
            found = first_difference(*pair, f"{path}[{index}]")
            if found:
                return found
        return None
    if ours == documented and (type(ours) is type(documented) or isinstance(ours, int | float)):
        return None
    if (
        isinstance(ours, str)
        and isinstance(documented, str)
        and _same_typed_value(ours, documented)
    ):
        return None
    return Difference(path, ours, documented)


@dataclass(slots=True)
class RoundTrip:
    kind: str  # exact | equivalent | placeholder | inconsistent | mismatch
    detail: str = ""


def round_trip(cls: Any, body: dict[str, Any]) -> RoundTrip:
    """Judge `cls.from_dict(body).to_dict()` against `body` (see the module docstring)."""
    try:
        model = cls.from_dict(body)
    except ValueError as error:  # the generated package's own ModelError
        location = getattr(error, "location", None)
        if location is None:
            raise
        kind = "placeholder" if is_placeholder(value_at(body, location)) else "inconsistent"
        return RoundTrip(kind, str(error))
    again = model.to_dict()
    if again == body:
        return RoundTrip("exact")
    difference = first_difference(again, body)
    if difference is None:
        return RoundTrip("equivalent")
    if is_placeholder(difference.documented):  # e.g. "contentBytes-value" read as base64
        return RoundTrip("placeholder", str(difference))
    return RoundTrip("mismatch", str(difference))


def body_items(body: Any, collection: bool) -> list[dict[str, Any]] | None:
    """The objects a response body holds: itself, or the items of a collection's `value`."""
    if collection:
        if isinstance(body, dict) and isinstance(body.get("value"), list):
            items = body["value"]
            return items if all(isinstance(item, dict) for item in items) else None
        return None
    return [body] if isinstance(body, dict) else None


def write_files(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def imported(folder: Path, package: str) -> Iterator[ModuleType]:
    """Import `package` from `folder`; forget it (and its submodules) afterwards."""

    def forget() -> None:
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]

    forget()
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(folder))
        forget()


def model_class(package: str, type_name: str) -> Any | None:
    """The generated class of a qualified type name, through the package's registry."""
    registry = importlib.import_module(f"{package}.models._registry")
    return registry.model_class(type_name)


def run_tool(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a tool from the project's venv (mypy, ruff), isolated from our own config."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("MYPYPATH", None)
    return subprocess.run(
        [str(VENV_BIN / args[0]), *args[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def mypy_strict(
    folder: Path, package: str, modules: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """mypy --strict on `package` in `folder`, and on `modules` there that use it."""
    return run_tool(
        [
            "mypy",
            "--strict",
            "--no-incremental",
            "--config-file",
            os.devnull,
            "--python-version",
            "3.11",
            "-p",
            package,
            *(argument for module in modules for argument in ("-m", module)),
        ],
        folder,
    )


def ruff_check(
    folder: Path, paths: list[str], line_length: int = 88
) -> subprocess.CompletedProcess[str]:
    return run_tool(
        [
            "ruff",
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            RUFF_RULES,
            "--target-version",
            "py311",
            "--line-length",
            str(line_length),
            "--output-format",
            "concise",
            *paths,
        ],
        folder,
    )


def ruff_defaults(folder: Path, paths: list[str]) -> subprocess.CompletedProcess[str]:
    """`ruff check` as a user runs it on the package: ruff's own default rules, no config."""
    return run_tool(
        [
            "ruff",
            "check",
            "--isolated",
            "--no-cache",
            "--target-version",
            "py311",
            "--output-format",
            "concise",
            *paths,
        ],
        folder,
    )


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)  # type: ignore[misc]


# ------------------------------------------------------------------------------ corpus bodies

_ORDER = ("exact", "equivalent", "placeholder", "inconsistent", "mismatch")


@dataclass(slots=True)
class BodyReport:
    """Round trips of every documented response body of a model, by verdict."""

    counts: dict[str, int]
    pages: dict[str, list[str]]  # verdict → `path:line: detail`, for the non-exact ones

    def summary(self) -> str:
        order = [*_ORDER, "not strict JSON", "not a model type", "annotated truncated"]
        return ", ".join(f"{key} {self.counts.get(key, 0)}" for key in order)


def response_round_trips(model: Any, package: str) -> BodyReport:
    """Judge every response body that is strict JSON and declares a type (see module doc).

    A body is one verdict (its worst item for collections). `annotated truncated` counts the
    eligible bodies whose annotation says properties were left out (Graph's "the response
    might be shortened"); they are judged like the others, since leaving properties out
    cannot break a round trip. A body whose shape contradicts the annotation's collection
    flag is judged in the shape it has and listed as inconsistent.
    """
    import json

    registry = importlib.import_module(f"{package}.models._registry")
    counts: dict[str, int] = {}
    pages: dict[str, list[str]] = {}

    def note(kind: str, where: str, detail: str = "") -> None:
        counts[kind] = counts.get(kind, 0) + 1
        if detail or kind not in ("exact", "equivalent"):
            pages.setdefault(kind, []).append(f"{where}: {detail}" if detail else where)

    for operation in model.operations:
        for example in operation.examples:
            response = example.response
            if response is None or response.body is None or not response.type:
                continue
            where = f"{response.source.path}:{response.source.line}"
            try:
                json.loads(response.body_raw or "")
            except ValueError:
                counts["not strict JSON"] = counts.get("not strict JSON", 0) + 1
                continue
            cls = registry.model_class(response.type)
            if cls is None:
                counts["not a model type"] = counts.get("not a model type", 0) + 1
                continue
            if response.truncated:
                counts["annotated truncated"] = counts.get("annotated truncated", 0) + 1
            items = body_items(response.body, response.collection)
            shape = ""
            if items is None:
                items = body_items(response.body, not response.collection) or []
                said = "a collection" if response.collection else "one object"
                shape = f"annotation says {said}, the body is not"
            verdicts = [round_trip(cls, item) for item in items]
            worst = max(verdicts, key=lambda v: _ORDER.index(v.kind), default=RoundTrip("exact"))
            if shape and worst.kind in ("exact", "equivalent"):
                note("inconsistent", where, shape)
            else:
                note(worst.kind, where, worst.detail)
    return BodyReport(counts, pages)
