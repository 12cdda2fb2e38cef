"""Writing a generated tree without churn, torn files or collateral damage.

Only files whose bytes change are written, so mtimes and git stay quiet; each write is a
temp file in the same folder renamed over the target, so a crash leaves old or new content,
never half of it. Stale files are found through `.graphdoc-manifest` at the root, which
lists what the last run wrote: a file we never wrote is never deleted or overwritten, and
nothing outside the root is touched, whatever the manifest or a symlink says.

Check first, then write: every reason to refuse (an unsafe or reserved path, a symlinked
folder, a file where a folder must go, a file graphdoc did not write) is found before the
first byte is written, and all of them are reported at once.
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
    "check_tree",
    "diff_tree",
    "write_tree",
]

MANIFEST_NAME = ".graphdoc-manifest"
# Names Windows refuses for a file or folder, whatever the extension (`con.py`, `aux/`).
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(10)}
)
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
    reserved = [part for part in parts if part.split(".", 1)[0].lower() in _RESERVED]
    if reserved:
        raise UnsafePathError(f"output path {path!r}: {reserved[0]!r} is a name Windows reserves")
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


def _folder_problem(root: Path, folder: str, stale: set[str]) -> str | None:
    """Why files cannot go into `root/folder`; None when they can (or it does not exist)."""
    path = root / folder
    if path.is_symlink():
        return f"{folder}/ is a symlink; graphdoc writes only into real folders of the package"
    if path.exists() and not path.is_dir() and folder not in stale:
        return f"{folder} is a file, where graphdoc must make the folder {folder}/"
    return None


def _only_stale_inside(root: Path, folder: Path, stale: set[str]) -> bool:
    """Whether `folder` holds nothing but stale files we wrote (pruning empties it)."""
    return all(
        path.relative_to(root).as_posix() in stale
        for path in folder.rglob("*")
        if path.is_symlink() or not path.is_dir()
    )


def _target_problem(
    root: Path, relative: str, data: bytes, previous: set[str], stale: set[str]
) -> str | None:
    target = root / relative
    if target.is_symlink():
        if relative not in previous:
            return f"{relative} is a symlink graphdoc did not write"
    elif target.is_dir():
        if not _only_stale_inside(root, target, stale):
            return f"{relative}/ is a folder, where graphdoc writes the file {relative}"
    elif target.exists() and relative not in previous and _read(target) != data:
        return (
            f"{relative} exists and graphdoc did not write it (it is not in {MANIFEST_NAME}); "
            "move it away or delete it"
        )
    return None


def check_tree(
    root: Path, encoded: Mapping[str, bytes], *, previous: set[str], prune: bool
) -> None:
    """Raise UnsafePathError listing every reason writing `encoded` into `root` would stop
    half-way or clobber what is not ours; nothing is written or created."""
    problems: list[str] = []
    existing = next((p for p in (root, *root.parents) if p.exists() or p.is_symlink()), None)
    if existing is not None and not existing.is_dir():
        raise UnsafePathError(f"{existing} is a file, where the output folder must go")
    stale = previous - encoded.keys() if prune else set()
    if root.is_dir():
        seen: set[str] = set()
        for relative in sorted(encoded):
            parts = relative.split("/")
            for depth in range(1, len(parts)):
                folder = "/".join(parts[:depth])
                if folder in seen:
                    continue
                seen.add(folder)
                problem = _folder_problem(root, folder, stale)
                if problem is not None:
                    problems.append(problem)
            problem = _target_problem(root, relative, encoded[relative], previous, stale)
            if problem is not None:
                problems.append(problem)
    if problems:
        listed = "".join(f"\n  {problem}" for problem in problems)
        raise UnsafePathError(f"refusing to write into {root}, nothing written:{listed}")


def write_tree(root: Path, files: Mapping[str, str], *, prune: bool = True) -> WriteReport:
    """Make `root` hold `files` (relative POSIX path → text); with prune, drop stale output.

    Everything is checked before anything is written (`check_tree`). The manifest is
    widened before any file is written and narrowed only at the end, so an interrupted run
    still knows every file it may have left behind.
    """
    encoded = _check_files(files)
    root = root.resolve()
    previous = _read_manifest(root)
    check_tree(root, encoded, previous=previous, prune=prune)
    root.mkdir(parents=True, exist_ok=True)
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
    previous = _read_manifest(root)
    check_tree(root, encoded, previous=previous, prune=prune)
    chunks: list[str] = []
    stale = previous - encoded.keys() if prune else set()
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
