"""Writing a generated tree without churn, torn files or collateral damage.

Only files whose bytes change are written, so mtimes and git stay quiet; each write is a
temp file in the same folder renamed over the target, so a crash leaves old or new content,
never half of it. Stale files are found through `.graphdoc-manifest` at the root, which
lists what the last run wrote: a file we never wrote is never deleted, and nothing outside
the root is touched, whatever the manifest or a symlink says.
"""

from __future__ import annotations

import difflib
import os
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import UnsafePathError as UnsafePathError

__all__ = [
    "MANIFEST_NAME",
    "UnsafePathError",
    "WriteReport",
    "atomic_write",
    "diff_tree",
    "write_tree",
]

MANIFEST_NAME = ".graphdoc-manifest"
_MANIFEST_HEADER = "# Files written by graphdoc generate; stale ones are removed. Do not edit.\n"


@dataclass(slots=True)
class WriteReport:
    """Relative paths, sorted: what write_tree wrote, left alone and removed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _check_relative(path: str) -> str:
    """Accept only canonical `a/b/c.py` paths: no `..`, `.`, empty parts, `\\` or absolutes."""
    parts = path.split("/")
    if (
        not path
        or any(part in ("", ".", "..") for part in parts)
        or any(ch in path for ch in "\\\0\n\r")
        or PurePosixPath(path).is_absolute()
        or path == MANIFEST_NAME
    ):
        raise UnsafePathError(f"unsafe output path {path!r}")
    return path


def _check_files(files: Mapping[str, str]) -> dict[str, bytes]:
    """Validate every path before anything is written; encode texts as UTF-8, `\\n` kept."""
    encoded = {_check_relative(path): text.encode("utf-8") for path, text in files.items()}
    for path in encoded:
        for parent in PurePosixPath(path).parents:
            if str(parent) in encoded:
                raise UnsafePathError(f"{str(parent)!r} is both a file and a folder of {path!r}")
    return encoded


def _inside(root: Path, relative: str) -> Path:
    """The absolute target for `relative`, refusing folders that symlink out of root."""
    target = root.joinpath(*relative.split("/"))
    if not target.parent.resolve().is_relative_to(root):
        raise UnsafePathError(f"{relative!r} leads outside {root}")
    return target


def _read(path: Path) -> bytes | None:
    """Current bytes of a regular file; None when absent, a folder or a symlink."""
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_bytes()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temp file in the same folder renamed over it, so
    readers see the old bytes or the new, never half; missing folders are created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.graphdoc-tmp")
    try:
        # os.open honours the umask (mkstemp would leave 0600).
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _read_manifest(root: Path) -> set[str]:
    data = _read(root / MANIFEST_NAME)
    if data is None:
        return set()
    listed = set()
    for line in data.decode("utf-8", "replace").splitlines():
        if line and not line.startswith("#"):
            try:
                listed.add(_check_relative(line))
            except UnsafePathError:
                continue  # a tampered manifest must not steer deletions
    return listed


def _write_manifest(root: Path, paths: Iterable[str]) -> None:
    data = (_MANIFEST_HEADER + "".join(f"{path}\n" for path in sorted(paths))).encode("utf-8")
    if _read(root / MANIFEST_NAME) != data:
        atomic_write(root / MANIFEST_NAME, data)


def _remove(root: Path, relative: str) -> bool:
    """Delete one stale file (never a folder), then the folders it leaves empty."""
    try:
        target = _inside(root, relative)
    except UnsafePathError:
        return False
    if not (target.is_symlink() or target.is_file()):
        return False
    target.unlink()
    folder = target.parent
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            break  # not empty (or not ours to remove)
        folder = folder.parent
    return True


def write_tree(root: Path, files: Mapping[str, str], *, prune: bool = True) -> WriteReport:
    """Make `root` hold `files` (relative POSIX path → text); with prune, drop stale output.

    The manifest is widened before any file is written and narrowed only at the end, so an
    interrupted run still knows every file it may have left behind.
    """
    encoded = _check_files(files)
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    previous = _read_manifest(root)
    _write_manifest(root, previous | encoded.keys())
    report = WriteReport()
    if prune:
        # Before writing, so a stale file may give way to a folder of the same name.
        for relative in sorted(previous - encoded.keys()):
            if _remove(root, relative):
                report.removed.append(relative)
    for relative in sorted(encoded):
        target = _inside(root, relative)
        if _read(target) == encoded[relative]:
            report.unchanged.append(relative)
        else:
            atomic_write(target, encoded[relative])
            report.written.append(relative)
    _write_manifest(root, encoded.keys() if prune else previous | encoded.keys())
    return report


def _lines(data: bytes | None) -> list[str]:
    if data is None:
        return []
    lines = data.decode("utf-8", "replace").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def _diff(relative: str, old: bytes | None, new: bytes | None) -> Iterator[str]:
    return difflib.unified_diff(
        _lines(old),
        _lines(new),
        fromfile="/dev/null" if old is None else f"a/{relative}",
        tofile="/dev/null" if new is None else f"b/{relative}",
    )


def diff_tree(root: Path, files: Mapping[str, str], *, prune: bool = True) -> str:
    """The unified diff write_tree would apply to `root`; empty when the tree is current."""
    encoded = _check_files(files)
    root = root.resolve()
    chunks: list[str] = []
    stale = _read_manifest(root) - encoded.keys() if prune else set()
    for relative in sorted(encoded.keys() | stale):
        try:
            old = _read(_inside(root, relative))
        except UnsafePathError:
            if relative in stale:
                continue  # write_tree would leave it alone too
            raise
        new = encoded.get(relative)
        if old != new:
            chunks.extend(_diff(relative, old, new))
    return "".join(chunks)
