"""A package is switched whole: killed at any step, the old or the new one is there, with
what graphdoc did not write; the next run sweeps what the killed one left.

Kills are real SIGKILLs (the `GRAPHDOC_TEST_KILL_AT_WRITE_STEP` hook) in a forked child, at
every step of the write; tests/write/test_kill.py does the same to `graphdoc generate`.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from graphdoc.write import swap
from graphdoc.write.files import MANIFEST_NAME, write_tree
from graphdoc.write.sweep import recover

from tests.write.tree import tree_state

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked child")

OLD = {
    "__init__.py": "from .a import A\nfrom .gone import G\n",
    "a.py": "A = 1\n",
    "gone.py": "G = 1\n",
    "models/__init__.py": "from .x import X\n",
    "models/x.py": "X = 1\n",
    "kind": "a file that becomes a folder\n",
}
NEW = {
    "__init__.py": "from .a import A\nfrom .fresh import F\n",
    "a.py": "A = 1\n",
    "fresh.py": "F = 2\n",
    "models/__init__.py": "from .x import X\nfrom .y import Y\n",
    "models/x.py": "X = 2\n",
    "models/y.py": "Y = 2\n",
    "kind/inner.py": "K = 2\n",
}


def _old_package(output: Path) -> Path:
    """OLD written by graphdoc, plus what a user keeps in the package folder."""
    root = output / "pkg"
    write_tree(root, OLD)
    (root / "NOTES.md").write_text("mine\n")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "models" / "README").write_text("my notes on models\n")
    (root / "empty").mkdir()
    (root / "notes-link").symlink_to("NOTES.md")
    return root


def _expected_new(tmp_path: Path) -> tuple[dict[str, object], int]:
    """The package after an uninterrupted write of NEW, and the steps that write takes."""
    root = _old_package(tmp_path / "reference")
    steps = write_tree(root, NEW).steps
    return tree_state(root), steps


def _killed_write(root: Path, step: int) -> None:
    """Write NEW into `root` in a child that SIGKILLs itself after its `step`-th change."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.environ[swap.KILL_AT_ENV] = str(step)
            write_tree(root, NEW)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (step, status)


def _kill_at_every_step(tmp_path: Path, *, may_vanish_at: set[int] | None = None) -> set[str]:
    new, steps = _expected_new(tmp_path)
    outcomes = set()
    for step in range(1, steps + 1):
        output = tmp_path / f"kill{step}"
        root = _old_package(output)
        old = tree_state(root)
        notes_inode = (root / "NOTES.md").stat().st_ino
        _killed_write(root, step)
        after = tree_state(root)
        if after == {} and may_vanish_at is not None:
            may_vanish_at.add(step)
            outcomes.add("vanished")
        else:
            assert after in (old, new), step
            outcomes.add("old" if after == old else "new")
            assert (root / "NOTES.md").stat().st_ino == notes_inode  # carried, not copied
        write_tree(root, NEW)  # sweeps the killed run's leftovers, then writes
        assert tree_state(root) == new, step
        assert [p.name for p in output.iterdir()] == ["pkg"], step
    return outcomes


def test_a_kill_at_any_step_leaves_old_or_new(tmp_path: Path) -> None:
    if swap._RENAMEAT2 is None:
        pytest.skip("no renameat2 here: the two-rename fallback is tested below")
    assert _kill_at_every_step(tmp_path) == {"old", "new"}


def test_without_an_atomic_exchange_the_next_run_puts_the_package_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two renames: only a kill between them leaves no package, and only until the next run
    (whose recovery puts the old one back before anything else)."""
    monkeypatch.setattr(swap, "_RENAMEAT2", None)
    vanished: set[int] = set()
    assert _kill_at_every_step(tmp_path, may_vanish_at=vanished) == {"old", "new", "vanished"}
    assert len(vanished) == 1
    root = _old_package(tmp_path / "again")
    old = tree_state(root)
    _killed_write(root, vanished.pop())
    assert not root.exists()
    recover(root.parent)
    assert tree_state(root) == old


def test_unchanged_files_are_the_same_files(tmp_path: Path) -> None:
    root = _old_package(tmp_path / "out")
    inode = (root / "a.py").stat().st_ino
    mtime = (root / "a.py").stat().st_mtime_ns
    write_tree(root, NEW)
    assert (root / "a.py").stat().st_ino == inode
    assert (root / "a.py").stat().st_mtime_ns == mtime


def test_nothing_changed_touches_nothing(tmp_path: Path) -> None:
    root = _old_package(tmp_path / "out")
    folder = root.stat()
    report = write_tree(root, OLD)
    assert report.steps == 0 and report.written == []
    assert root.stat().st_ino == folder.st_ino and root.stat().st_mtime_ns == folder.st_mtime_ns


def test_the_next_run_sweeps_stale_stages_and_temp_files(tmp_path: Path) -> None:
    output = tmp_path / "out"
    root = _old_package(output)
    orphan = root / "models" / ".x.py.0123abcd.graphdoc-tmp"  # the old per-file writer's
    orphan.write_text("half\n")
    _killed_write(root, 5)  # a stage half assembled
    _killed_write(root, _expected_new(tmp_path)[1] - 3)  # swapped, the old one half swept
    # Someone saved a file into the package while it was being replaced.
    (stale,) = (p for p in output.iterdir() if p.name.startswith(".pkg.graphdoc-new-"))
    (stale / "LATE.md").write_text("saved during the run\n")
    assert len(list(output.iterdir())) == 2
    write_tree(root, NEW)
    assert [p.name for p in output.iterdir()] == ["pkg"]
    assert not orphan.exists()
    assert (root / "LATE.md").read_text() == "saved during the run\n"  # moved in, not lost
    assert (root / "NOTES.md").read_text() == "mine\n"


def test_a_stage_that_holds_the_only_copy_of_a_file_is_kept(tmp_path: Path) -> None:
    output = tmp_path / "out"
    root = _old_package(output)
    (root / "clash.md").write_text("in the package\n")
    stale = output / ".pkg.graphdoc-new-0123456789abcdef"
    stale.mkdir()
    (stale / "clash.md").write_text("another version, nowhere else\n")
    write_tree(root, NEW)
    assert (stale / "clash.md").read_text() == "another version, nowhere else\n"
    assert (root / "clash.md").read_text() == "in the package\n"


def test_first_run_is_one_rename(tmp_path: Path) -> None:
    report = write_tree(tmp_path / "out" / "pkg", NEW)
    assert tree_state(tmp_path / "out" / "pkg") == {
        **{path: text.encode() for path, text in NEW.items()},
        MANIFEST_NAME: (tmp_path / "out" / "pkg" / MANIFEST_NAME).read_bytes(),
    }
    assert report.written == sorted(NEW)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["pkg"]


def test_a_folder_that_cannot_be_renamed_is_written_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bind-mounted package folder refuses renames (EXDEV): files are replaced in place."""
    new, _ = _expected_new(tmp_path)
    root = _old_package(tmp_path / "out")
    folder = root.stat().st_ino

    def refuse(stage: Path, root: Path, step: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(swap, "swap_in", refuse)
    write_tree(root, NEW)
    assert tree_state(root) == new
    assert root.stat().st_ino == folder
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["pkg"]


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_run_waits_for_the_one_writing(tmp_path: Path) -> None:
    """A second run must not sweep the stage of a run still writing: it waits for the lock."""
    output = tmp_path / "out"
    root = _old_package(output)
    live = output / ".pkg.graphdoc-new-00000000000000aa"
    ready, signal_ready = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            with swap.locked(output):
                live.mkdir()
                (live / MANIFEST_NAME).write_text("a.py\n")
                (live / "a.py").write_text("being written\n")
                os.write(signal_ready, b"x")
                time.sleep(0.3)
                status = 0 if (live / "a.py").exists() else 1
                shutil.rmtree(live)
        finally:
            os._exit(status)
    os.read(ready, 1)
    write_tree(root, NEW)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0  # its stage was left alone
    assert [p.name for p in output.iterdir()] == ["pkg"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_package_that_is_a_git_checkout_stays_one(tmp_path: Path) -> None:
    """Its `.git` is carried into the new tree: history stays, and git sees just the change."""
    root = tmp_path / "out" / "pkg"
    old = {path: text for path, text in OLD.items() if path != "kind"}
    new = {path: text for path, text in NEW.items() if not path.startswith("kind/")}
    write_tree(root, old)

    def git(*args: str) -> str:
        command = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "old")
    write_tree(root, new)
    assert sorted(git("status", "--porcelain").splitlines()) == [
        " D gone.py",
        " M .graphdoc-manifest",
        " M __init__.py",
        " M models/__init__.py",
        " M models/x.py",
        "?? fresh.py",
        "?? models/y.py",
    ]
    assert git("log", "--format=%s").split() == ["old"]
