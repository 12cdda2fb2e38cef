"""The generate cache: ignored by git, pruned least recently used first, never of what the
current run used."""

from __future__ import annotations

import os
import time
from pathlib import Path

from graphdoc.write.cache import prepare, prune


def _file(folder: Path, name: str, size: int, mtime: float) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (mtime, mtime))
    return path


def test_prepare_makes_git_ignore_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    prepare(folder)
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"


def test_prune_removes_the_least_recently_used_until_it_fits(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    prepare(folder)
    oldest = _file(folder, "black/aa/1", 400, 1_000)
    older = _file(folder, "black/bb/2", 400, 2_000)
    recent = _file(folder, "generate/3.json", 400, 3_000)
    report = prune(folder, 1_100, keep_since=10_000)
    assert report is not None
    assert (report.removed, report.bytes) == (1, 800)  # at most 80% of the limit: 880
    assert not oldest.exists() and older.exists() and recent.exists()
    assert not (folder / "black" / "aa").exists()  # emptied folders go too
    assert (folder / ".gitignore").exists()


def test_prune_never_removes_what_this_run_used(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    old = _file(folder, "a", 500, 1_000)
    used = _file(folder, "b", 500, 5_000)
    report = prune(folder, 100, keep_since=4_000)
    assert report is not None
    assert not old.exists() and used.exists()
    assert report.bytes == 500  # over the limit, but all of it this run's


def test_prune_removes_temp_files_of_killed_writes_whatever_the_size(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    kept = _file(folder, "generate/slot.json", 10, 1_000)
    orphans = [
        _file(folder, "generate/.slot.json.0123abcd.graphdoc-tmp", 10, 1_000),
        _file(folder, "black/ab/.abcdef.4242.0123abcd.tmp", 10, 1_000),
    ]
    in_flight = _file(folder, "generate/.other.json.89abcdef.graphdoc-tmp", 10, 5_000)
    report = prune(folder, 10_000, keep_since=4_000)
    assert report is not None
    assert report.removed == 2 and not any(orphan.exists() for orphan in orphans)
    assert kept.exists() and in_flight.exists()  # under the limit; another run's own temp


def test_a_small_run_skips_the_scan_while_the_stamp_vouches(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _file(folder, "black/aa/1", 400, 1_000)
    assert prune(folder, 1_000, keep_since=10_000, written=400) is not None  # no stamp: scan
    newer = _file(folder, "black/bb/2", 300, 2_000)
    # 400 left by the scan + 300 written since: within 1,000, so no scan.
    assert prune(folder, 1_000, keep_since=10_000, written=300) is None
    # A run that would take the estimate past the limit scans, and removes the oldest.
    _file(folder, "black/cc/3", 400, 3_000)
    report = prune(folder, 1_000, keep_since=10_000, written=400)
    assert report is not None and report.removed == 1 and report.bytes == 700
    assert newer.exists() and not (folder / "black" / "aa").exists()


def test_an_old_stamp_is_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    orphan = _file(folder, "black/ab/.abcdef.4242.0123abcd.tmp", 10, 1_000)
    (folder / ".pruned").write_text(f"{time.time() - 7_200} 0 0\n", encoding="ascii")
    report = prune(folder, 10_000, keep_since=4_000, written=0)
    assert report is not None and report.removed == 1 and not orphan.exists()


def test_a_folder_pruned_over_its_limit_leaves_room_for_the_runs_after(tmp_path: Path) -> None:
    """Trimmed to 80% of its limit, a full folder is not scanned again by the next runs,
    which each add a little."""
    folder = tmp_path / "cache"
    for number in range(10):
        _file(folder, f"render/slot/{number:02x}.pickle", 100, 1_000 + number)
    report = prune(folder, 900, keep_since=10_000, written=100)  # 1,000: over the limit
    assert report is not None and report.bytes == 700
    for number in range(2):  # two runs of 50 bytes each: within the stamp's estimate
        _file(folder, f"render/slot/new{number}.pickle", 50, 2_000 + number)
        assert prune(folder, 900, keep_since=10_000, written=50) is None
