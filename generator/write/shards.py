"""A cache dictionary kept as shards on disk, so a run that changes a few entries rewrites a
few small files rather than one file of every entry.

The render memo holds tens of megabytes; after a one-page edit only a handful of its
entries change, yet pickling and writing them whole cost more than the work the edit
leaves. Entries are spread over a fixed number of pickles by a stable hash of their name
(`zlib.crc32`: the same in every process), and `save` rewrites only the shards whose
entries differ from what `load` read. Each shard is written atomically, with a fresh
random token.

Shards of different runs may sit side by side after a kill or when two runs share a
cache. Every user's entries carry the key they are valid for (the render memo), so that is
harmless. The page pack (`model.pack`) lays its shards out the same way (`shard_of`,
`shard_path`), each one pickle of its parts.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import secrets
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .paths import atomic_write

__all__ = ["Shards", "shard_of", "shard_path"]

_COUNT = 32  # by default


def shard_of(name: str, count: int) -> int:
    """The shard an entry named `name` goes to, the same in every process."""
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % count


def shard_path(folder: Path, number: int) -> Path:
    """The file of shard `number` under `folder`."""
    return folder / f"{number:02x}.pickle"


class Shards:
    """The entries under `folder` (a folder of `<nn>.pickle` files)."""

    def __init__(self, folder: Path, count: int = _COUNT) -> None:
        """`count` shards (at most 256): more of them, the less a save rewrites for a few
        entries, the more files a load opens."""
        self.folder = folder
        self.count = count
        self._read: list[dict[str, Any]] = [{} for _ in range(count)]
        self._tokens: list[str] = ["" for _ in range(count)]

    def _path(self, number: int) -> Path:
        return shard_path(self.folder, number)

    def _number(self, name: str) -> int:
        return shard_of(name, self.count)

    def load(self) -> dict[str, Any]:
        """Every entry; a missing or unreadable shard counts as empty."""
        merged: dict[str, Any] = {}
        for number in range(self.count):
            path = self._path(number)
            try:
                token, data = pickle.loads(path.read_bytes())
            except (OSError, ValueError, TypeError, EOFError, pickle.UnpicklingError):
                token, data = "", {}
            if not isinstance(data, dict) or not isinstance(token, str):
                token, data = "", {}
            if token:
                with contextlib.suppress(OSError):
                    os.utime(path)  # recently used: pruned last
            self._read[number], self._tokens[number] = data, token
            merged.update(data)
        return merged

    def save(self, entries: Mapping[str, Any], changed: Iterable[str] | None = None) -> bool:
        """Make the shards hold exactly `entries`, rewriting those that changed; False when
        one could not be written. `changed`: every name whose entry differs from what
        `load` read, dropped names included (the caller tracks them): only their shards
        are looked at."""
        if changed is None:
            shards: dict[int, dict[str, Any]] = {number: {} for number in range(self.count)}
            for name, value in entries.items():
                shards[self._number(name)][name] = value
        else:
            shards = {}
            for name in changed:
                number = self._number(name)
                shard = shards.get(number)
                if shard is None:
                    read = self._read[number]
                    shard = shards[number] = {k: entries[k] for k in read if k in entries}
                if name in entries:
                    shard[name] = entries[name]
        for number, shard in shards.items():
            if self._tokens[number] and shard == self._read[number]:
                continue
            token = secrets.token_hex(8)
            data = pickle.dumps((token, shard), protocol=pickle.HIGHEST_PROTOCOL)
            try:
                atomic_write(self._path(number), data)
            except OSError:  # a read-only cache only costs time
                return False
            self._read[number], self._tokens[number] = shard, token
        return True
