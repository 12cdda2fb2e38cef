"""A cache dictionary kept as shards on disk, so a run that changes a few entries rewrites a
few small files rather than one file of every entry.

The render memo holds tens of megabytes; after a one-page edit only a handful of its
entries change, yet pickling and writing them whole cost more than the work the edit
leaves. Entries are spread over a fixed number of files by a stable hash of their name
(`zlib.crc32`: the same in every process), and `save` rewrites only the shards whose
entries differ from what they held. Each shard is written atomically, with a fresh random
token.

An entry may have a body beside its head: bytes most runs never read (the render memo's
set-aside units and the finished texts of its files, most of its bytes). A shard file holds
the heads first, then where each body lies, then the bodies: `load` reads the heads alone,
and `body` reads one body where its shard's index says, from the file the index was read
from (a shard replaced since gives none). A one-module rebuild recalls hundreds of units
spread over most shards: read one by one, they cost their own bytes, not their shards'.

Shards of different runs may sit side by side after a kill or when two runs share a
cache. Every user's entries carry the key they are valid for (the render memo), so that is
harmless. The page pack (`model.pack`) lays its shards out the same way (`shard_of`,
`shard_path`), each one pickle of its parts.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from .paths import atomic_write

__all__ = ["KEEP_BODY", "UNREADABLE", "Shards", "shard_of", "shard_path"]

_COUNT = 32  # by default
_LENGTH = struct.Struct("<Q")  # the length of the heads' pickle, first in a shard file
# What a damaged, truncated or foreign shard (or pickle) raises when read.
UNREADABLE = (
    OSError,
    ValueError,
    TypeError,
    EOFError,
    AttributeError,
    struct.error,
    pickle.UnpicklingError,
)
# A body given to `save` as this: the one the shard holds.
KEEP_BODY: Any = object()


def shard_of(name: str, count: int) -> int:
    """The shard an entry named `name` goes to, the same in every process."""
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % count


def shard_path(folder: Path, number: int) -> Path:
    """The file of shard `number` under `folder`."""
    return folder / f"{number:02x}.pickle"


def _heads(handle: BinaryIO, *, skip: bool = False) -> bytes:
    """The heads' pickle of an open shard file (`skip`: only move past it); ValueError
    when the file cannot hold what its first bytes announce."""
    (length,) = _LENGTH.unpack(handle.read(_LENGTH.size))
    if length > os.fstat(handle.fileno()).st_size - _LENGTH.size:
        raise ValueError("not a shard file")
    if skip:
        handle.seek(length, os.SEEK_CUR)
        return b""
    return handle.read(length)


def _identity(fd: int) -> tuple[int, int]:
    """Which file descriptor `fd` reads: a shard replaced since (atomically: a new file) is
    another."""
    found = os.fstat(fd)
    return found.st_ino, found.st_mtime_ns


class Shards:
    """The entries under `folder` (a folder of `<nn>.pickle` files): heads, and bodies read
    shard by shard when asked for (see the module doc)."""

    def __init__(self, folder: Path, count: int = _COUNT) -> None:
        """`count` shards (at most 256): more of them, the less a save rewrites for a few
        entries, the more files a load opens."""
        self.folder = folder
        self.count = count
        self._read: list[dict[str, Any]] = [{} for _ in range(count)]
        self._tokens: list[str] = ["" for _ in range(count)]
        # Where each shard's bodies lie in its file (None: not read), and which file that is.
        self._bodies: list[dict[str, tuple[int, int]] | None] = [None] * count
        self._files: list[tuple[int, int] | None] = [None] * count

    def _path(self, number: int) -> Path:
        return shard_path(self.folder, number)

    def _number(self, name: str) -> int:
        return shard_of(name, self.count)

    def load(self) -> dict[str, Any]:
        """Every entry's head; a missing or unreadable shard counts as empty."""
        merged: dict[str, Any] = {}
        for number in range(self.count):
            path = self._path(number)
            try:
                with open(path, "rb") as handle:
                    token, data = pickle.loads(_heads(handle))
            except UNREADABLE:
                token, data = "", {}
            if not isinstance(data, dict) or not isinstance(token, str):
                token, data = "", {}
            if token:
                with contextlib.suppress(OSError):
                    os.utime(path)  # recently used: pruned last
            self._read[number], self._tokens[number] = data, token
            merged.update(data)
        return merged

    def body(self, name: str) -> bytes | None:
        """The body of entry `name` as `load` found it, read alone; None when it has none
        (or its shard has been replaced since, or cannot be read)."""
        number = self._number(name)
        at = self._body_index(number).get(name)
        if at is None:
            return None
        return self._read_bodies(number, {name: at}).get(name)

    def _body_index(self, number: int) -> dict[str, tuple[int, int]]:
        """Where each body of shard `number` lies in its file: (offset, length)."""
        index = self._bodies[number]
        if index is None:
            index = {}
            if self._tokens[number]:
                try:
                    with open(self._path(number), "rb") as handle:
                        _heads(handle, skip=True)
                        token, found = pickle.loads(_heads(handle))
                        start = handle.tell()
                        self._files[number] = _identity(handle.fileno())
                except UNREADABLE:
                    token, found = "", {}
                if token == self._tokens[number] and isinstance(found, dict):
                    index = {name: (start + at, size) for name, (at, size) in found.items()}
            self._bodies[number] = index
        return index

    def _read_bodies(self, number: int, wanted: Mapping[str, tuple[int, int]]) -> dict[str, bytes]:
        """The `wanted` bodies of shard `number`, from the file the index was read from (a
        file replaced since gives none). Read through a bare descriptor: a rerun reads
        hundreds of bodies one at a time, and a file object costs more than the read."""
        found: dict[str, bytes] = {}
        try:
            fd = os.open(self._path(number), os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:
            return found
        try:
            if _identity(fd) != self._files[number]:
                return found
            for name, (at, size) in wanted.items():
                data = os.pread(fd, size, at)
                if len(data) == size:
                    found[name] = data
        except OSError:
            return found
        finally:
            os.close(fd)
        return found

    def save(
        self,
        entries: Mapping[str, Any],
        changed: Iterable[str] | None = None,
        bodies: Mapping[str, Any] | None = None,
    ) -> bool:
        """Make the shards hold exactly `entries` (heads) and `bodies` (bytes; KEEP_BODY: the
        one held), rewriting the shards that changed; False when one could not be written.
        `changed`: every name whose head or body differs from what the shards held,
        dropped names included (the caller tracks them): only their shards are looked at.
        A kept body the shard no longer has (damaged since) takes its entry with it."""
        bodies = bodies if bodies is not None else {}
        if changed is None:
            touched: dict[int, dict[str, Any]] = {number: {} for number in range(self.count)}
            for name, value in entries.items():
                touched[self._number(name)][name] = value
        else:
            touched = {}
            for name in changed:
                number = self._number(name)
                shard = touched.get(number)
                if shard is None:
                    read = self._read[number]
                    shard = touched[number] = {k: entries[k] for k in read if k in entries}
                if name in entries:
                    shard[name] = entries[name]
        for number, shard in touched.items():
            index = self._body_index(number)
            held = self._read_bodies(
                number,
                {
                    name: index[name]
                    for name in shard
                    if bodies.get(name) is KEEP_BODY and name in index
                },
            )
            kept: dict[str, bytes] = {}
            for name in list(shard):
                body = bodies.get(name)
                if body is KEEP_BODY:
                    body = held.get(name)
                    if body is None:
                        del shard[name]  # its body is gone: so is the entry
                        continue
                if body is not None:
                    kept[name] = body
            same_bodies = kept.keys() == index.keys() == held.keys()  # all kept as held
            if self._tokens[number] and shard == self._read[number] and same_bodies:
                continue
            token = os.urandom(8).hex()
            heads = pickle.dumps((token, shard), protocol=pickle.HIGHEST_PROTOCOL)
            places, offset = {}, 0
            for name, body in kept.items():
                places[name] = (offset, len(body))
                offset += len(body)
            where = pickle.dumps((token, places), protocol=pickle.HIGHEST_PROTOCOL)
            data = b"".join(
                [_LENGTH.pack(len(heads)), heads, _LENGTH.pack(len(where)), where, *kept.values()]
            )
            try:
                atomic_write(self._path(number), data)
            except OSError:  # a read-only cache only costs time
                return False
            self._read[number], self._tokens[number] = shard, token
            self._bodies[number] = None  # read again from the new file when asked
        return True
