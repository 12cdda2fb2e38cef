"""A cache dictionary kept as shards on disk, so a run that changes a few entries rewrites a
few small files rather than one file of every entry.

The page pack and the render memo hold tens of megabytes; after a one-page edit only a
handful of their entries change, yet pickling and writing them whole cost more than the
work the edit leaves. Entries are spread over a fixed number of pickles by a stable hash of
their name (`zlib.crc32`: the same in every process), and `save` rewrites only the shards
whose entries differ from what `load` read. Each shard is written atomically; shards of
different runs may sit side by side after a kill, which is harmless because every entry
carries the key it is valid for and is checked on use.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .paths import atomic_write

__all__ = ["Shards"]

_COUNT = 32


class Shards:
    """The entries under `folder` (a folder of `<nn>.pickle` files)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._read: list[dict[str, Any]] = [{} for _ in range(_COUNT)]

    def _path(self, number: int) -> Path:
        return self.folder / f"{number:02x}.pickle"

    @staticmethod
    def _number(name: str) -> int:
        return zlib.crc32(name.encode("utf-8", "surrogatepass")) % _COUNT

    def load(self) -> dict[str, Any]:
        """Every entry; a missing or unreadable shard counts as empty."""
        merged: dict[str, Any] = {}
        for number in range(_COUNT):
            path = self._path(number)
            try:
                data = pickle.loads(path.read_bytes())
            except (OSError, ValueError, EOFError, pickle.UnpicklingError):
                continue
            if not isinstance(data, dict):
                continue
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: pruned last
            self._read[number] = data
            merged.update(data)
        return merged

    def save(self, entries: Mapping[str, Any]) -> None:
        """Make the shards hold exactly `entries`, rewriting those that changed."""
        shards: list[dict[str, Any]] = [{} for _ in range(_COUNT)]
        for name, value in entries.items():
            shards[self._number(name)][name] = value
        for number, shard in enumerate(shards):
            if shard == self._read[number]:
                continue
            with contextlib.suppress(OSError):  # a read-only cache only costs time
                atomic_write(
                    self._path(number), pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL)
                )
                self._read[number] = shard
