"""Switching a whole folder at once, and finding what a killed switch left behind.

`write_tree` assembles the new package in a stage folder beside the old one (same folder,
so same file system) and calls `swap_in` to put it in the package's place:

* Linux: `renameat2(RENAME_EXCHANGE)` (through ctypes) swaps the two names in one step;
  a kill at any instant leaves the old package or the new one under the package's name.
* Elsewhere, or on a file system that cannot exchange: two renames (package → `-old-`,
  stage → package). A kill between them leaves no package folder; the next run puts the
  `-old-` folder back (`leftovers` reports it) before doing anything else.

Stage names are `.<package>.graphdoc-new-<hex>` and `.<package>.graphdoc-old-<hex>`, so a
stale one names the package it belongs to. `Lock` (`locked`) serialises runs writing into
one output folder (flock, POSIX only), so a run never takes another's live stage for a
killed run's; a run with a helper assembling its stage (`prestage`) holds it throughout,
shared with the helper.

`Steps` counts the changes a write makes; it is also the one test hook: with
`GRAPHDOC_TEST_KILL_AT_WRITE_STEP=k` in the environment the process SIGKILLs itself right
after its k-th change (tests/write/test_kill.py hits points spread over the write phase);
a helper counts on from the run's count, and kills the run with itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "KILL_AT_ENV",
    "Leftover",
    "Lock",
    "Steps",
    "leftovers",
    "locked",
    "stage_path",
    "swap_in",
]

KILL_AT_ENV = "GRAPHDOC_TEST_KILL_AT_WRITE_STEP"
_STAGE = re.compile(r"\.(?P<package>.+)\.graphdoc-(?P<kind>new|old)-[0-9a-f]{16}")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class Steps:
    """Counts filesystem changes; SIGKILLs the process at the k-th when the hook asks (and
    first the process `also` names: a helper's caller, see `prestage`). `count`: the steps
    another process took before this one goes on."""

    def __init__(self, count: int = 0, also: int | None = None) -> None:
        self.count = count
        self._kill_at = int(os.environ.get(KILL_AT_ENV) or 0)
        self._also = also

    def __call__(self) -> None:
        self.count += 1
        if self.count == self._kill_at:
            kill = getattr(signal, "SIGKILL", signal.SIGTERM)
            if self._also is not None:
                os.kill(self._also, kill)
            os.kill(os.getpid(), kill)


def stage_path(root: Path) -> Path:
    """A fresh stage folder name beside `root`."""
    return root.with_name(f".{root.name}.graphdoc-new-{os.urandom(8).hex()}")


@dataclass(frozen=True, slots=True)
class Leftover:
    """A stage or swapped-out package folder of an earlier run, and the package it is for."""

    path: Path
    package: Path
    moved_away: bool  # a `-old-` folder: the package itself, moved aside by a fallback swap


def leftovers(output: Path) -> list[Leftover]:
    """Stages and swapped-out packages under `output`, `-old-` ones first."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(output):
            match = _STAGE.fullmatch(entry.name)
            if match and entry.is_dir(follow_symlinks=False):
                found.append(
                    Leftover(
                        Path(entry.path),
                        output / match["package"],
                        match["kind"] == "old",
                    )
                )
    return sorted(found, key=lambda leftover: (not leftover.moved_away, leftover.path.name))


class Lock:
    """An exclusive lock on `folder` (an existing directory) while writing into it, held
    from `acquire` to `release` (or the process's end).

    Without fcntl (Windows) or file locks, or when the folder does not exist yet (a first
    run: there is nothing of another run to mistake), runs are not serialised. The lock
    belongs to the open file `fd`: a child forked meanwhile shares it, and it is freed when
    the last process holding that file closes it (or dies).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fd: int | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:
            return
        try:
            fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            return
        with contextlib.suppress(OSError):  # ENOLCK: a file system without locks
            fcntl.flock(fd, fcntl.LOCK_EX)
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock; so does a kill
            self.fd = None


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold `Lock(folder)` for the block."""
    lock = Lock(folder)
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _load_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no libc symbol (glibc < 2.28, musl builds)
        return None
    c_int, c_path = ctypes.c_int, ctypes.c_char_p
    function.argtypes = [c_int, c_path, c_int, c_path, ctypes.c_uint]
    function.restype = c_int
    return function


_RENAMEAT2 = _load_renameat2()


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step; False when this system or file system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE):
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
            return False
        raise OSError(code, os.strerror(code), str(first), None, str(second))
    return True


def swap_in(stage: Path, root: Path, step: Callable[[], None]) -> Path | None:
    """Put the complete `stage` in `root`'s place; return where the old package now is
    (a folder to sweep), None when there was none."""
    if not os.path.lexists(root):
        os.rename(stage, root)  # first run: nothing to replace, one atomic rename
        step()
        return None
    if _exchange(stage, root):
        step()
        return stage
    moved = stage.with_name(stage.name.replace(".graphdoc-new-", ".graphdoc-old-"))
    os.rename(root, moved)
    step()
    try:
        os.rename(stage, root)
    except BaseException:
        os.rename(moved, root)
        raise
    step()
    return moved
