"""The generate cache folder: where it goes, that git ignores it, and that it stays small.

It lives under the output folder (`<output>/.graphdoc_cache/`) unless configured elsewhere,
so `-o .` keeps it inside the project and deleting the output deletes it too. Entries are
touched when used; after a run that added entries, the least recently used ones that this
run did not touch are deleted until the folder fits its limit, and so are the temp files of
writes a kill cut short (`.name.….tmp`, `.name.….graphdoc-tmp`), whatever the size.
"""

from __future__ import annotations

import contextlib
import os
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
# the stored output, each module's finished text, each page's part of the model).
CACHE_LIMIT_BYTES = 500 * 1024 * 1024


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
                elif entry.name != ".gitignore":
                    stat = entry.stat(follow_symlinks=False)
                    found.append((stat.st_mtime, stat.st_size, entry.path))


def prune(folder: Path, limit: int = CACHE_LIMIT_BYTES, *, keep_since: float = 0.0) -> PruneReport:
    """Delete orphaned temp files, then the least recently used files of `folder` until it
    holds at most `limit` bytes; files modified at or after `keep_since` (this run's) are
    never deleted."""
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
        for mtime, size, path in sorted(set(entries) - set(orphans)):
            if report.bytes <= limit or mtime >= keep_since:
                break
            _delete(path, size, report)
    if report.removed:
        for directory in sorted(folders, reverse=True):
            with contextlib.suppress(OSError):
                os.rmdir(directory)  # only empty ones go
    return report
