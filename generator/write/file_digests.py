"""The SHA-256 of input files, read only when they may have changed since the last run.

A rerun hashes every page twice over (the fingerprint of the inputs, the page cache's key
of each page), thousands of reads for a one-page edit. A ledger under the cache folder
keeps, per file, what `os.stat` said when it was hashed (size, mtime and ctime in
nanoseconds, inode) with the digest; a file whose stat says the same is not read again.
Like git's index, a file modified in the last seconds before its stat was taken is not
trusted next time (a later edit within the clock's resolution would keep its times), and
ctime, which no tool sets at will, guards against copies that keep mtimes.

One `FileDigests` serves a whole run, so each file is hashed at most once per run.

The same ledger serves the generated package (`write_tree`): there a file's digest is
compared with the digest of its new text, so an unchanged package is not read at all, and
what a write leaves is noted (`note`) rather than read back. There the stat leaves ctime
out (`ctime=False`): a write links every unchanged file into the new package, which moves
all their ctimes, and a file replaced by a copy that keeps its mtime has a new inode.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat as stat_module
import time
from collections.abc import Iterable
from pathlib import Path

from .paths import atomic_write

__all__ = ["FileDigests"]

_LEDGER_VERSION = 2  # 2: ctime 0 where not tracked
_RACY_SECONDS = 2.0

_Stat = tuple[int, int, int, int]
_Entries = dict[str, tuple[_Stat, bytes]]


def _stat_key(stat: os.stat_result, ctime: bool = True) -> _Stat:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns if ctime else 0, stat.st_ino


class FileDigests:
    """Digests of files, from `ledger` (a file in the cache; None: none kept) when their
    stat is unchanged, else read and hashed; `ctime`: whether the stat includes it."""

    def __init__(self, ledger: Path | None = None, *, ctime: bool = True) -> None:
        self.ledger = ledger
        self.ctime = ctime
        self._known: dict[str, tuple[_Stat, bytes]] = self._load()
        self._now: _Entries = {}
        self._adopted: list[tuple[str, Iterable[str], _Entries]] = []

    def _load(self) -> dict[str, tuple[_Stat, bytes]]:
        if self.ledger is None:
            return {}
        try:
            data = pickle.loads(self.ledger.read_bytes())
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            return {}
        if not isinstance(data, dict) or data.get("version") != _LEDGER_VERSION:
            return {}
        with contextlib.suppress(OSError):
            os.utime(self.ledger)  # recently used: pruned last
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def of(self, file: str | Path) -> bytes:
        """The file's SHA-256 (raises OSError when it cannot be read)."""
        name = os.fspath(file)
        done = self._now.get(name)
        if done is not None:
            return done[1]
        return self._digest(name, os.stat(name))

    def of_regular(self, path: str) -> bytes | None:
        """The SHA-256 of a regular file, as `read_regular` judges (a symlink, a folder or
        nothing there: None); read only when its stat moved."""
        try:
            found = os.lstat(path)
        except OSError:
            return None
        if not stat_module.S_ISREG(found.st_mode):
            return None
        done = self._now.get(path)
        return done[1] if done is not None else self._digest(path, found)

    def _digest(self, name: str, found: os.stat_result) -> bytes:
        """The ledger's digest while `found` is the stat it noted, else the file's, read."""
        key = _stat_key(found, self.ctime)
        known = self._known.get(name)
        if known is not None and known[0] == key:
            self._now[name] = known
            return known[1]
        digest = hashlib.sha256(Path(name).read_bytes()).digest()
        self._now[name] = (key, digest)
        return digest

    def note(self, path: str, digest: bytes) -> None:
        """A file this run just wrote (or left) with contents of `digest`: its stat is
        taken now, its bytes not read."""
        with contextlib.suppress(OSError):
            self._now[path] = (_stat_key(os.lstat(path), self.ctime), digest)

    def found(self) -> _Entries:
        """What this run learnt that the loaded ledger did not say: for `adopt` in the
        process this one was forked from."""
        known = self._known
        return {name: entry for name, entry in self._now.items() if known.get(name) is not entry}

    def adopt(self, base: str, relatives: Iterable[str], found: _Entries) -> None:
        """Take over the digests a process forked from this one took of the files
        `relatives` under `base` (it knew the same ledger): `found` (its `found`), the rest
        as the ledger says. Merged when saved, under what this process noted itself."""
        self._adopted.append((base, relatives, found))

    def _merge(self) -> None:
        now, known = self._now, self._known
        for base, relatives, found in self._adopted:
            for relative in relatives:
                name = os.path.join(base, relative)
                entry = found.get(name) or known.get(name)
                if entry is not None and name not in now:
                    now[name] = entry
        self._adopted.clear()

    def save(self) -> None:
        """Keep this run's digests for the next, except of files changed just now."""
        if self.ledger is None:
            return
        self._merge()
        recent = (time.time() - _RACY_SECONDS) * 1e9
        files = {name: entry for name, entry in self._now.items() if entry[0][1] < recent}
        if files == self._known:
            return
        data = {"version": _LEDGER_VERSION, "files": files}
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            atomic_write(self.ledger, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
