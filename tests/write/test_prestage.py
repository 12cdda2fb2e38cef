"""A stage assembled ahead by a helper process (`graphdoc.write.prestage`): the package it
leaves is the one a write done in order leaves, in as many steps, and a kill at any of them
(in the run or in its helper) leaves the old package or the new one; a helper never
outlives its run, and never keeps the output folder's lock from the next run.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import time
from pathlib import Path

import pytest
from graphdoc.write import swap
from graphdoc.write.file_digests import FileDigests
from graphdoc.write.files import UnsafePathError, WriteReport, write_encoded, write_tree
from graphdoc.write.paths import check_files
from graphdoc.write.prestage import Prestage

from tests.write.tree import tree_state

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper is forked")

OLD = {
    "__init__.py": "from .a import A\nfrom .gone import G\n",
    "a.py": "A = 1\n",
    "gone.py": "G = 1\n",
    "models/__init__.py": "from .x import X\n",
    "models/x.py": "X = 1\n",
    "models/old/deep.py": "D = 1\n",
    "kind": "a file that becomes a folder\n",
    "shape/stale.py": "a folder that becomes a file\n",
}
NEW = {
    "__init__.py": "from .a import A\nfrom .fresh import F\n",
    "a.py": "A = 1\n",
    "fresh.py": "F = 2\n",
    "models/__init__.py": "from .x import X\nfrom .y import Y\n",
    "models/x.py": "X = 2\n",
    "models/y.py": "Y = 2\n",
    "kind/inner.py": "K = 2\n",
    "shape": "S = 2\n",
}


def _old_package(output: Path) -> Path:
    """OLD written by graphdoc, plus what a user keeps in the package folder."""
    root = output / "pkg"
    write_tree(root, OLD)
    (root / "NOTES.md").write_text("mine\n")
    (root / "models" / "README").write_text("my notes on models\n")
    (root / "empty" / "inner").mkdir(parents=True)
    (root / "notes-link").symlink_to("NOTES.md")
    (root / "models" / ".x.py.0123abcd.graphdoc-tmp").write_text("a killed write's orphan\n")
    return root


def _write_ahead(root: Path, files: dict[str, str], ledger: FileDigests | None) -> WriteReport:
    """What `generate` does: the stage assembled ahead, then the write."""
    encoded = check_files(files)
    with Prestage(root, ledger) as ahead:
        return write_encoded(root, encoded, ledger=ledger, ahead=ahead)


def _others(output: Path) -> list[str]:
    return sorted(path.name for path in output.iterdir() if path.name != "pkg")


@pytest.mark.parametrize("with_ledger", [False, True])
def test_the_stage_assembled_ahead_makes_the_same_package(
    tmp_path: Path, with_ledger: bool
) -> None:
    reference = _old_package(tmp_path / "reference")
    serial = write_tree(reference, NEW)
    root = _old_package(tmp_path / "out")
    kept = {name: (root / name).stat().st_ino for name in ("a.py", "NOTES.md")}
    mtime = (root / "a.py").stat().st_mtime_ns
    ledger = FileDigests(tmp_path / "ledger", ctime=False) if with_ledger else None
    report = _write_ahead(root, NEW, ledger)
    assert tree_state(root) == tree_state(reference)
    assert (report.written, report.removed) == (serial.written, serial.removed)
    assert {name: (root / name).stat().st_ino for name in kept} == kept
    assert (root / "a.py").stat().st_mtime_ns == mtime
    assert _others(tmp_path / "out") == []  # the old package was swept before close returned
    if ledger is not None:  # what the helper digested is kept for the next run
        ledger.save()
        again = FileDigests(tmp_path / "ledger", ctime=False)
        assert again.found() == {}
        assert _write_ahead(root, NEW, again).written == []


def _run_killed_at(root: Path, step: int) -> None:
    """A run writing NEW with a stage assembled ahead, SIGKILLed after its `step`-th change
    (counted across it and its helper)."""
    pid = os.fork()
    if pid == 0:  # the run: never returns into pytest
        try:
            os.environ[swap.KILL_AT_ENV] = str(step)
            _write_ahead(root, NEW, None)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (step, status)


def test_a_kill_at_any_step_of_the_run_or_its_helper_leaves_old_or_new(tmp_path: Path) -> None:
    if swap._RENAMEAT2 is None:
        pytest.skip("no renameat2 here")
    reference = _old_package(tmp_path / "reference")
    steps = write_tree(reference, NEW).steps  # the same write done in order
    new = tree_state(reference)
    outcomes = set()
    for step in range(1, steps + 1):
        output = tmp_path / f"kill{step}"
        root = _old_package(output)
        old = tree_state(root)
        _run_killed_at(root, step)  # the last step is the sweep's: the counts agree
        after = tree_state(root)
        assert after in (old, new), step
        outcomes.add("old" if after == old else "new")
        write_tree(root, NEW)  # waits for a helper still dying, sweeps what it left
        assert tree_state(root) == new, step
        assert _others(output) == [], step
    assert outcomes == {"old", "new"}


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_helper_dies_with_its_run(tmp_path: Path) -> None:
    root = _old_package(tmp_path / "out")
    old = tree_state(root)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a run killed while it reads the model: its helper is waiting for it
        try:
            ahead = Prestage(root)
            ahead.start()
            os.write(write, str(ahead._pid).encode())
            time.sleep(0.2)  # the helper has assembled its stage
        finally:
            os.kill(os.getpid(), signal.SIGKILL)
    helper = int(os.read(read, 32))
    os.waitpid(pid, 0)
    deadline = time.monotonic() + 10
    while not _gone(helper) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(helper)
    assert tree_state(root) == old
    write_tree(root, NEW)
    assert _others(tmp_path / "out") == []


def test_a_refusal_leaves_no_stage(tmp_path: Path) -> None:
    root = _old_package(tmp_path / "out")
    (root / "fresh.py").write_text("someone else's\n")  # where NEW writes: refused
    old = tree_state(root)
    with pytest.raises(UnsafePathError, match=r"fresh\.py exists"):
        _write_ahead(root, NEW, None)
    assert tree_state(root) == old
    assert _others(tmp_path / "out") == []


def test_a_stage_assembled_for_another_package_is_dropped(tmp_path: Path) -> None:
    output = tmp_path / "out"
    _old_package(output)
    other = output / "other"
    with Prestage(output / "pkg") as ahead:
        write_encoded(other, check_files(NEW), ahead=ahead)
    assert tree_state(other) == {**{p: t.encode() for p, t in NEW.items()}, ".graphdoc-manifest": (
        other / ".graphdoc-manifest"
    ).read_bytes()}
    assert sorted(path.name for path in output.iterdir()) == ["other", "pkg"]


def _locked_by_someone(folder: Path) -> bool:
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_the_lock_lasts_as_long_as_the_run(tmp_path: Path) -> None:
    """Held (with the helper) from start to close, never by a process forked meanwhile (a
    process pool's worker), which may live on."""
    output = tmp_path / "out"
    root = _old_package(output)
    ahead = Prestage(root)
    ahead.start()
    worker = os.fork()
    if worker == 0:
        time.sleep(10)
        os._exit(0)
    try:
        assert _locked_by_someone(output)
        started = time.monotonic()
        ahead.close()
        assert time.monotonic() - started < 5  # not waiting for the worker either
        assert not _locked_by_someone(output)  # the worker is still alive
    finally:
        os.kill(worker, signal.SIGKILL)
        os.waitpid(worker, 0)
    assert _others(output) == []


def test_a_second_run_waits_for_the_run_with_a_helper(tmp_path: Path) -> None:
    output = tmp_path / "out"
    root = _old_package(output)
    ahead = Prestage(root)
    ahead.start()
    done, signal_done = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            write_tree(root, OLD)  # would sweep the helper's stage if it did not wait
            os.write(signal_done, b"x")
            status = 0
        finally:
            os._exit(status)
    assert select.select([done], [], [], 0.5)[0] == []  # still waiting for the lock
    write_encoded(root, check_files(NEW), ahead=ahead)
    ahead.close()
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert (root / "gone.py").read_text() == OLD["gone.py"]  # the second run wrote OLD back
    assert _others(output) == []
    shutil.rmtree(output)
