"""The model's `repr`, as `dataclasses` writes it, without its recursion guard.

The model's fingerprint and per-item digests hash the `repr` of every item (`digest`): some
100,000 dataclass instances per API version. The `__repr__` `dataclasses` generates is
wrapped in `reprlib.recursive_repr`, which tracks every call by thread and identity to
survive cycles; the model has none (it is a tree), and that guard was 40% of the cost.
`plain_repr` gives a class a `__repr__` that writes the same text (`Name(field=value, ...)`,
the fields `repr` shows, in order) with one f-string, so digests stay what they were. The
classes it decorates ask `dataclasses` for no `__repr__` (`repr=False`): compiling one only
to replace it cost every command's start.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

__all__ = ["plain_repr"]

_Class = TypeVar("_Class", bound=type)


def plain_repr(cls: _Class) -> _Class:
    """Give a dataclass the `__repr__` `dataclasses` would, minus the recursion guard."""
    names = [field.name for field in dataclasses.fields(cls) if field.repr]
    shown = ", ".join(f"{name}={{self.{name}!r}}" for name in names)
    source = f"def __repr__(self):\n    return f'{{type(self).__qualname__}}({shown})'\n"
    namespace: dict[str, object] = {}
    exec(source, namespace)  # field names are identifiers: nothing here comes from a page
    function = namespace["__repr__"]
    function.__qualname__ = f"{cls.__qualname__}.__repr__"  # type: ignore[attr-defined]
    cls.__repr__ = function  # type: ignore[assignment]
    return cls
