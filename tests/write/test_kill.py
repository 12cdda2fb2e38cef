"""`graphdoc generate` SIGKILLed at 20 points spread over the write phase of a warm run:
after each kill every module of the package imports and the package is the old output or
the new one, never a mix; the run after the last kill leaves no stage or temp file behind.

Old and new come from specs/ and a copy of it in which `physicalAddress` is renamed
`postalAddress` and descriptions are reworded: most modules differ, and some are removed
and added, so a mix would not import (a new `models/__init__.py` importing a module that is
not there yet). The kill points come from the `GRAPHDOC_TEST_KILL_AT_WRITE_STEP` hook
(`graphdoc.write.swap.Steps`), the number of steps of each direction from the same write
done in-process on a copy. The new output is what an unkilled run writes over the package
as it stands (a release's version and changelog follow the package's own history), so each
is taken from such a run on a copy just before the kill.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from graphdoc.write import swap
from graphdoc.write.files import MANIFEST_NAME, write_tree

SPECS = Path(__file__).resolve().parents[2] / "specs"
KILLS = 20

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX"),
]


def _old_pages(target: Path) -> None:
    shutil.copytree(SPECS, target)
    for page in target.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        text = text.replace("physicalAddress", "postalAddress")
        text = text.replace("PhysicalAddress", "PostalAddress")
        page.write_text(text.replace("|The ", "|Formerly, the "), encoding="utf-8")


def _generate(
    work: Path, pages: Path, cache: Path, *, kill_at: int = 0
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, swap.KILL_AT_ENV: str(kill_at)}
    command = [sys.executable, "-m", "graphdoc", "generate", str(pages), "-o", str(work / "out")]
    command += ["--package", "pkg", "--cache-dir", str(cache), "--jobs", "1"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _modules(root: Path) -> list[str]:
    names = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _import_failures(root: Path) -> str:
    """Import every module of the package in a fresh interpreter; the failures, if any."""
    script = (
        "import importlib, sys, traceback\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        print(name, traceback.format_exc(limit=1))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *_modules(root)],
        cwd=root.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout + result.stderr


def _steps(root: Path, scratch: Path, trees: dict[str, dict[str, bytes]]) -> dict[str, int]:
    """How many steps writing the new output over the old package takes, and back (done
    in-process on a copy of the package in `root`, which holds the old output)."""
    shutil.copytree(root, scratch / root.name, symlinks=True)
    steps = {}
    for side in ("new", "old"):
        files = {p: data.decode() for p, data in trees[side].items() if p != MANIFEST_NAME}
        steps[side] = write_tree(scratch / root.name, files).steps
    return steps


def _expected(work: Path, pages: Path, cache: Path, scratch: Path) -> dict[str, bytes]:
    """What an unkilled run writes over the package as it stands now."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(work / "out", scratch / "out", symlinks=True)
    assert _generate(scratch, pages, cache).returncode == 0
    return _tree(scratch / "out" / "pkg")


def test_a_killed_generate_leaves_the_old_or_the_new_package(tmp_path: Path) -> None:
    new_pages, old_pages = tmp_path / "new" / "specs", tmp_path / "old" / "specs"
    shutil.copytree(SPECS, new_pages)
    _old_pages(old_pages)
    caches = {"new": tmp_path / "cache-new", "old": tmp_path / "cache-old"}
    pages = {"new": new_pages, "old": old_pages}
    work = tmp_path / "work"
    root = work / "out" / "pkg"
    trees = {}
    for side in ("new", "old"):  # warms both caches for this output; the package ends old
        assert _generate(work, pages[side], caches[side]).returncode == 0
        trees[side] = _tree(root)
    changed = {p for p in trees["old"].keys() | trees["new"].keys()}
    changed = {p for p in changed if trees["old"].get(p) != trees["new"].get(p)}
    assert len(changed) > 40 and not trees["old"].keys() <= trees["new"].keys()
    steps = _steps(root, tmp_path / "scratch", trees)
    state, current, outcomes = "old", trees["old"], []
    for kill in range(KILLS):
        target = "new" if state == "old" else "old"
        expected = _expected(work, pages[target], caches[target], tmp_path / "expected")
        at = 1 + round(kill * (steps[target] - 1) / (KILLS - 1))
        result = _generate(work, pages[target], caches[target], kill_at=at)
        assert result.returncode == -signal.SIGKILL, (at, result.stderr)
        tree = _tree(root)
        assert tree in (current, expected), f"a mix after a kill at step {at}"
        assert _import_failures(root) == "", at
        switched = tree == expected
        state = target if switched else state
        current = tree
        outcomes.append(switched)
    assert any(outcomes) and not all(outcomes)  # kills landed before and after the switch
    expected = _expected(work, pages["new"], caches["new"], tmp_path / "expected")
    assert _generate(work, pages["new"], caches["new"]).returncode == 0
    assert _tree(root) == expected
    assert [p.name for p in (work / "out").iterdir() if p.name != ".graphdoc_cache"] == ["pkg"]
    assert not [p for p in work.rglob("*") if p.name.endswith(".graphdoc-tmp")]
