"""The generate cache folder: where it goes, that git ignores it, and that it stays small.

It lives under the output folder (`<output>/.graphdoc_cache/`) unless configured elsewhere,
so `-o .` keeps it inside the project and deleting the output deletes it too. Entries are
touched when used; after a run that took the folder past its limit, the least recently used
entries that this run did not touch are deleted until it holds 80% of it, and the temp files
of writes a kill cut short (`.name.….tmp`, `.name.….graphdoc-tmp`) go whatever the size.

Finding the least recently used means a scan of every entry (some 10,000 files after a few
runs: 50-70 ms, a tenth of a one-page rerun). So a scan leaves a stamp (`.pruned`: when,
and the bytes it left), and a run skips the scan while the stamp is less than an hour old
and the bytes it left plus what runs have written since stay under the limit; written
bytes are counted as added even where they replace an entry, so the estimate only errs
towards scanning early. Temp files a kill left wait at most that hour.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CACHE_DIR_NAME",
    "CACHE_LIMIT_BYTES",
    "PruneReport",
    "cache_dir_for",
    "prepare",
    "prune",
]

CACHE_DIR_NAME = ".graphdoc_cache"
# About four whole-version runs: v1.0 keeps some 120 MB (formatted modules and their pieces,
# the digests of the last run, each module's finished text, each page's part of the model).
CACHE_LIMIT_BYTES = 500 * 1024 * 1024
_STAMP = ".pruned"
_SCAN_EVERY = 3600.0  # seconds
# A folder over its limit is pruned to this share of it: the runs after, each writing a few
# hundred kilobytes, skip the scan (a full folder trimmed to its limit scanned every run).
_LOW_WATER = 0.8


@dataclass(slots=True)
class PruneReport:
    files: int = 0  # left
    bytes: int = 0  # left
    removed: int = 0
    removed_bytes: int = 0


def cache_dir_for(output: Path) -> Path:
    """The default cache folder of an output folder: inside it."""
    return output / CACHE_DIR_NAME


def prepare(folder: Path) -> None:
    """Create the cache folder with a `.gitignore` of `*`, so git never lists its files."""
    folder.mkdir(parents=True, exist_ok=True)
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text("# graphdoc's cache; safe to delete.\n*\n", encoding="utf-8")


def _orphan(name: str) -> bool:
    """A temp file name of the cache's writers: `.<name>.<…>.tmp` or `….graphdoc-tmp`."""
    return name.startswith(".") and name.endswith((".tmp", ".graphdoc-tmp"))


def _delete(path: str, size: int, report: PruneReport) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
        report.files -= 1
        report.bytes -= size
        report.removed += 1
        report.removed_bytes += size


def _entries(folder: str, found: list[tuple[float, int, str]], folders: list[str]) -> None:
    """Every file under `folder` (mtime, size, path), symlinks not followed; its folders."""
    with contextlib.suppress(OSError), os.scandir(folder) as scan:
        for entry in scan:
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                    _entries(entry.path, found, folders)
                elif entry.name not in (".gitignore", _STAMP):
                    stat = entry.stat(follow_symlinks=False)
                    found.append((stat.st_mtime, stat.st_size, entry.path))


def _read_stamp(stamp: Path, now: float) -> tuple[float, int, int] | None:
    """When the last scan ran, the bytes it left and what has been written since; None when
    the stamp is missing, unreadable or too old to trust."""
    try:
        when, size, written = stamp.read_text("ascii").split()
        found = float(when), int(size), int(written)
    except (OSError, ValueError):
        return None
    return found if 0 <= now - found[0] < _SCAN_EVERY else None


def _stamp(stamp: Path, when: float, size: int, written: int) -> None:
    with contextlib.suppress(OSError):
        stamp.write_text(f"{when} {size} {written}\n", encoding="ascii")


def prune(
    folder: Path,
    limit: int = CACHE_LIMIT_BYTES,
    *,
    keep_since: float = 0.0,
    written: int | None = None,
) -> PruneReport | None:
    """Delete orphaned temp files, then, when `folder` holds more than `limit` bytes, its
    least recently used files until it holds at most 80% of that; files modified at or
    after `keep_since` (this run's) are never deleted. With `written` (the bytes this run
    wrote into the cache), the scan is skipped, and None returned, while the stamp says the
    folder is still within its limit (see the module doc)."""
    stamp, now = folder / _STAMP, time.time()
    if written is not None:
        last = _read_stamp(stamp, now)
        if last is not None and last[1] + last[2] + written <= limit:
            _stamp(stamp, last[0], last[1], last[2] + written)
            return None
    entries: list[tuple[float, int, str]] = []
    folders: list[str] = []
    _entries(str(folder), entries, folders)
    report = PruneReport(len(entries), sum(size for _, size, _ in entries))
    orphans = [
        entry
        for entry in entries
        if _orphan(os.path.basename(entry[2])) and entry[0] < keep_since
    ]
    for _, size, path in orphans:
        _delete(path, size, report)
    if report.bytes > limit:
        low = int(limit * _LOW_WATER)
        for mtime, size, path in sorted(set(entries) - set(orphans)):
            if report.bytes <= low or mtime >= keep_since:
                break
            _delete(path, size, report)
    if report.removed:
        for directory in sorted(folders, reverse=True):
            with contextlib.suppress(OSError):
                os.rmdir(directory)  # only empty ones go
    _stamp(stamp, now, report.bytes, 0)
    return report
