"""The model's `repr` is the text `dataclasses` writes: the fingerprint of a model recorded
before `plain_repr` (a committed `generated/` record) stays valid, and every field shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphdoc.model import typeref, types
from graphdoc.model.build import build_model

ROOT = Path(__file__).resolve().parents[2]


def _items(value: Any) -> Iterator[Any]:
    """Every dataclass instance reachable from `value` through the fields `repr` shows."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for field in dataclasses.fields(value):
            if field.repr:
                yield from _items(getattr(value, field.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _items(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _items(item)


def _as_dataclasses_writes(item: Any) -> str:
    """`repr(item)` by a twin class whose `__repr__` `dataclasses` made."""
    cls = type(item)
    twin = dataclasses.make_dataclass(
        cls.__qualname__,
        [(f.name, Any, dataclasses.field(repr=f.repr)) for f in dataclasses.fields(cls)],
    )
    return repr(twin(*(getattr(item, f.name) for f in dataclasses.fields(cls))))


def test_every_model_class_writes_the_repr_dataclasses_writes() -> None:
    model = build_model([ROOT / "specs"])
    seen: dict[type, int] = {}
    for item in _items(model):
        if item.__module__ in (types.__name__, typeref.__name__):
            seen[type(item)] = seen.get(type(item), 0) + 1
            assert repr(item) == _as_dataclasses_writes(item)
    # Classes the specs leave out (ErrorRow, RawTable...) follow the same code; these show it.
    assert {types.Property, types.Operation, types.HttpResponse, typeref.Named} <= seen.keys()
    assert sum(seen.values()) > 500
