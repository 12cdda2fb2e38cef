"""Helper processes a run forks: what they must not inherit, how they talk, when they end.

A run forks its helpers (the stage assembler, the warm black worker) early, before any
thread exists. Each holds pipes, and the run holds the output folder's lock: a process
forked later closes its copies of those at once (`HELD`, closed after every fork), so a
pipe reports its owner's end and the lock lasts exactly as long as the run. Messages are
pickles with their length in front. A helper has the kernel end it with its parent where
the kernel can (`die_with`); elsewhere it finds the pipe closed.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import struct
import sys
from typing import Any

__all__ = ["HELD", "die_with", "receive", "send"]

# File descriptors a process forked from this one must not keep: the lock, the pipes.
HELD: set[int] = set()


def _close_held() -> None:
    for fd in HELD:
        with contextlib.suppress(OSError):
            os.close(fd)
    HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held)


def send(fd: int, message: object) -> None:
    """Write `message` to the pipe `fd` (OSError when the other side is gone)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None  # the other side is gone
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(fd: int) -> Any:
    """The next message on the pipe `fd`; None once the other side is gone."""
    head = _read(fd, 8)
    if head is None:
        return None
    data = _read(fd, struct.unpack("<Q", head)[0])
    return None if data is None else pickle.loads(data)


def die_with(parent: int) -> None:
    """Have the kernel kill this process when `parent` ends (Linux only); end now if it
    has ended already."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # it ended before the request
        os._exit(1)
