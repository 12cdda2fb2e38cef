"""A large dict remembered in the render memo in buckets, so a rerun pickles only what moved.

The client and the example tests keep an index of their units (what each was made from,
what it read, a hash of it) in the render memo (`slices.RenderMemo`). Pickled whole, an
index of two thousand entries costs tens of milliseconds to write after any edit; split
by a hash of the entry's name into buckets, an edit rewrites the one or two buckets its
entries fall in; the others stay as they were read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from .slices import RenderMemo, unit_key

__all__ = ["MemoIndex"]

_BUCKETS = 64


def _bucket(name: str) -> int:
    """A name's bucket: the same in every process (unlike `hash`)."""
    digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=1).digest()
    return digest[0] % _BUCKETS


class MemoIndex:
    """Entries by name, last run's read from `memo` under `prefix`; `save` keeps this run's,
    rewriting only the buckets holding a name given in `changed` (or dropped)."""

    def __init__(self, memo: RenderMemo, prefix: str) -> None:
        self.memo = memo
        self.prefix = prefix
        self.key = unit_key("memo index", prefix, _BUCKETS)
        self.last: dict[str, Any] = {}
        for number in range(_BUCKETS):
            found = memo.recall(f"{prefix}/{number}", self.key)
            if isinstance(found, dict):
                self.last.update(found)

    def save(self, entries: dict[str, Any], changed: Iterable[str]) -> None:
        moved = {_bucket(name) for name in changed}
        moved.update(_bucket(name) for name in self.last.keys() - entries.keys())
        if not moved:
            return  # every bucket is as recalled, and so kept
        buckets: dict[int, dict[str, Any]] = {number: {} for number in moved}
        for name, entry in entries.items():
            bucket = buckets.get(_bucket(name))
            if bucket is not None:
                bucket[name] = entry
        for number, bucket in buckets.items():
            self.memo.keep(f"{self.prefix}/{number}", self.key, bucket)
