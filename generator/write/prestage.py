"""The stage of the next package, assembled ahead while the run still reads and renders.

Linking thousands of unchanged files into a stage and sweeping as many from the swapped-out
package depends on the old package alone, not on what the new one holds: some 0.2 s of a
one-page rerun that another core can do meanwhile. `Prestage` forks a helper as soon as a
run knows it will write, before the model is read and before any thread or process pool
exists. Under the output folder's lock the helper sweeps what killed runs left
(`sweep.recover`), walks the package (`snapshot.take`, with the digests of what graphdoc
wrote, through the ledger) and links all of it into a stage (`stage.assemble`). At write
time `take` hands that over: the run applies only its changes to the stage, swaps it in,
and gives the old package back (`sweep_later`) to be swept while it saves its caches;
`close` waits for the helper, so a run leaves no stage or old package behind.

* Lock: the helper shares the run's lock (one open file; flock belongs to it), and
  processes forked later (process pools) close their copy at once, so the lock lasts
  exactly as long as the run or its helper.
* If the run dies, so does the helper (Linux: PR_SET_PDEATHSIG; elsewhere it finds its
  parent gone while it waits for orders); the next run, once it has the lock, sweeps the
  stage as any killed run's.
* Kill steps (`swap.Steps`): the helper counts its changes first and the run goes on from
  its count, the helper again for the sweep; a kill point the helper reaches kills the run
  too. The same write done in one process (`files.write_tree`) takes the same steps.
* Where a fork is not possible or useful (no `os.fork`, no package yet, a mount point)
  nothing runs ahead: `take` returns None and the write does it all, in order.
"""

from __future__ import annotations

import contextlib
import gc
import os
import select
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..forks import HELD, die_with, receive, send
from . import snapshot, swap
from .file_digests import FileDigests
from .snapshot import Snapshot
from .stage import assemble
from .sweep import nothing, recover, sweep

__all__ = ["Prestage", "Ready"]

@dataclass(slots=True)
class Ready:
    """A stage holding the old package `tree`, all its folders made, and the steps its
    assembly took."""

    tree: Snapshot
    stage: Path
    folders: set[str]
    steps: int


def _orders(fd: int, parent: int) -> Any:
    """The run's next order; None once the run is gone (checked each second where the
    kernel does not end this process with it)."""
    while not select.select([fd], [], [], 1.0)[0]:
        if os.getppid() != parent:
            return None
    return receive(fd)


class Prestage:
    """The stage of `root` assembled ahead (see the module doc); a context manager that
    holds the output folder's lock from `start` to `close`."""

    def __init__(self, root: Path, ledger: FileDigests | None = None) -> None:
        self.root = root.resolve()
        self.ledger = ledger
        self.lock = swap.Lock(self.root.parent)
        self._pid = 0
        self._orders = self._reports = -1
        self._ordered = False  # whether the helper has its last order
        self._left: Path | None = None  # what that order leaves it to sweep

    def __enter__(self) -> Prestage:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Take the lock and fork the helper, when there is a package to assemble."""
        self.lock.acquire()
        fork = getattr(os, "fork", None)
        if fork is None or not self.root.is_dir() or os.path.ismount(self.root):
            return
        orders, to_helper = os.pipe()
        from_helper, reports = os.pipe()
        parent = os.getpid()
        try:
            pid = fork()
        except OSError:  # no process to spare: the write does it all
            for fd in (orders, to_helper, from_helper, reports):
                os.close(fd)
            return
        if pid == 0:  # the helper: never returns into the caller
            code = 1
            try:
                os.close(to_helper)
                os.close(from_helper)
                code = self._help(parent, orders, reports)
            finally:
                os._exit(code)
        os.close(orders)
        os.close(reports)
        self._pid, self._orders, self._reports = pid, to_helper, from_helper
        HELD.update({to_helper, from_helper})
        if self.lock.fd is not None:
            HELD.add(self.lock.fd)

    def _help(self, parent: int, orders: int, reports: int) -> int:
        """The helper's whole life (see the module doc)."""
        gc.disable()  # a collection touches every object: the run's pages copied for nothing
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run decides what an interrupt ends
        die_with(parent)
        root, staged = self.root, swap.stage_path(self.root)
        steps = swap.Steps(also=parent)
        tree = None
        try:
            recover(root.parent)
            tree = snapshot.take(root, self.ledger)
            folders = assemble(tree, staged, steps)
        except Exception:
            with contextlib.suppress(Exception):
                sweep(staged, root, nothing, tree)
            send(reports, None)
            return 1
        found = self.ledger.found() if self.ledger is not None else {}
        send(reports, (Ready(tree, staged, folders, steps.count), found))
        order = _orders(orders, parent)
        if order is not None and order[0] == "sweep":
            sweep(Path(order[1]), root, swap.Steps(order[2], also=parent), tree)
        elif os.path.isdir(staged):  # dropped, or the run ended without a word
            sweep(staged, root, nothing, tree)
        send(reports, "done")
        return 0

    def take(self, root: Path) -> Ready | None:
        """The stage assembled ahead for `root` (under the lock, which this holds); None
        when there is none: the write then does all of it."""
        if not self._pid:
            return None
        report = receive(self._reports)
        if report is None:  # the helper failed, and took its stage away
            self._end()
            return None
        ready: Ready = report[0]
        found: dict[str, Any] = report[1]
        self._left = ready.stage
        if root.resolve() != self.root:  # the run writes another package after all
            self._end()
            return None
        if self.ledger is not None and ready.tree.digests is not None:
            self.ledger.adopt(ready.tree.root, ready.tree.digests, found)
        return ready

    def sweep_later(self, old: Path, steps: int) -> None:
        """Have the helper sweep the swapped-out package `old` (its stage until the swap);
        `steps`: the write's so far."""
        self._ordered, self._left = True, old
        send(self._orders, ("sweep", str(old), steps))

    def _end(self) -> None:
        """Let the helper finish (dropping its stage unless told to sweep) and wait for it."""
        if not self._pid:
            return
        with contextlib.suppress(OSError):
            if not self._ordered:
                send(self._orders, ("drop",))
            os.close(self._orders)
        HELD.discard(self._orders)
        message: Any = None
        try:
            while (message := receive(self._reports)) not in (None, "done"):
                self._left = message[0].stage  # its Ready, never taken
        except Exception:  # cut short (an interrupt mid-message): swept below
            message = None
        finally:
            os.close(self._reports)
            HELD.discard(self._reports)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)
        self._pid = 0
        if message != "done" and self._left is not None and self._left.is_dir():
            sweep(self._left, self.root, nothing)  # the helper failed at its last order

    def close(self) -> None:
        """Wait for the helper (its sweep done), then release the lock."""
        try:
            self._end()
        finally:
            if self.lock.fd is not None:
                HELD.discard(self.lock.fd)
            self.lock.release()
