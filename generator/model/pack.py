"""The page cache's pack on disk: each page's part, pickled with the other parts of its shard.

A rerun unpickles every page's part. Pickled one page at a time, each blob named its
classes again (a module and attribute lookup per class per page, some 40,000 a run) and
kept a memo of its own: a third more than the parts themselves cost to load. So the parts
are spread over a fixed number of shards by a stable hash of their path (`zlib.crc32`, as
`write.shards`), each shard one pickle of {path: (sha256 of the page's bytes, part)}, and
a run rewrites only the shards holding a page it read again or dropped.

A shard is written from parts as they were read, never folded (folding changes a part:
`page_cache` saves before it folds). Pickled together, two pages' parts could share an
object they shared when made (the reader's constants, such as `typeref.UNRESOLVED`), which
a page-by-page pickle would have copied; a cold read's parts share them the same way, and
none of them is changed in place.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..write.paths import atomic_write
from ..write.shards import UNREADABLE, shard_of, shard_path
from . import parallel
from .build import PagePart

__all__ = ["Entry", "PartPack"]

# sha256 of the page's bytes, and the part read from them
Entry = tuple[bytes, PagePart]

_COUNT = 32


class PartPack:
    """The parts under `folder` (`<nn>.pickle` files), by the page's path."""

    def __init__(self, folder: Path, count: int = _COUNT) -> None:
        self.folder = folder
        self.count = count

    def _path(self, number: int) -> Path:
        return shard_path(self.folder, number)

    def _number(self, name: str) -> int:
        return shard_of(name, self.count)

    def load(self) -> dict[str, Entry]:
        """Every entry, unpickled afresh; a missing or damaged shard counts as empty."""
        merged: dict[str, Entry] = {}
        for number in range(self.count):
            path = self._path(number)
            try:
                data = pickle.loads(path.read_bytes())
            except UNREADABLE:
                continue
            if not isinstance(data, dict) or not all(
                type(entry) is tuple
                and len(entry) == 2
                and type(entry[0]) is bytes
                and type(entry[1]) is PagePart
                for entry in data.values()
            ):
                continue
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: pruned last
            merged.update(data)
        return merged

    def save(self, entries: Mapping[str, Entry], changed: Iterable[str]) -> None:
        """Rewrite the shards holding a `changed` name with exactly their `entries` (whose
        parts must be unfolded)."""
        touched = {self._number(name) for name in changed}
        if not touched:
            return
        shards: dict[int, dict[str, Entry]] = {number: {} for number in touched}
        for name, entry in entries.items():
            shard = shards.get(self._number(name))
            if shard is not None:
                shard[name] = entry
        for number, shard in sorted(shards.items()):
            with contextlib.suppress(OSError):  # a read-only cache only costs time
                atomic_write(self._path(number), parallel.dumps(shard))
