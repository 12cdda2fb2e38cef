"""Turning checked output into the package on disk, all of it at once.

A package is many modules that import each other: replaced one by one, a kill half-way
leaves new modules importing names the old ones lack, or modules already removed, and the
package no longer imports. So the new package is assembled in a stage folder beside the old
one (`swap.stage_path`: in the output folder, hence on the package's file system wherever
that is, never in /tmp) and swapped in by `swap.swap_in` in one step; only then is the old
one deleted. A journal replaying file renames would leave the mix on disk until the next
run repaired it (an import, an IDE or CI job in between sees it); a folder swap never shows
it to anyone, and needs no replay, only a sweep of what a killed run left (`sweep.recover`).

* Unchanged files are hard links to the old ones (same inode: their mtimes stay, nothing is
  copied); only changed files get new bytes. Where hard links fail they are copied with
  their times. (Link counts move, so ctimes do: git re-reads those files once, finds them
  equal.)
* What graphdoc did not write (a user's notes, a `.git`, empty folders, symlinks) is carried
  into the stage the same way, so it survives the swap untouched; files that stay listed
  (without prune) likewise. Stale files graphdoc wrote and orphaned temp files are not.
* The stage's manifest is its first file, so sweeping a stage a kill left half assembled
  knows every generated file in it.
* A first run has nothing to swap: the stage is renamed into place.
* A package folder that is a mount point cannot be replaced by a sibling; there (only) files
  are replaced one by one, each atomically (`write_in_place`), as before.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import UnsafePathError
from . import swap
from .file_digests import FileDigests
from .paths import (
    MANIFEST_NAME,
    atomic_write,
    inside,
    is_temp,
    manifest_bytes,
    read_manifest,
    read_regular,
    walk,
)
from .sweep import Step, nothing, remove_folder, sweep

__all__ = ["Known", "Plan", "apply", "plan"]

# The output's ledger (`file_digests`) and the SHA-256 of each new file's bytes.
Known = tuple[FileDigests, Mapping[str, bytes]]


@dataclass(slots=True)
class Plan:
    """What a write changes, decided from the old tree before anything is touched."""

    encoded: Mapping[str, bytes]
    unchanged: set[str]
    manifest: bytes
    old_manifest: bytes | None
    carried: list[str] = field(default_factory=list)  # old entries kept as they are
    empty_folders: list[str] = field(default_factory=list)  # kept too
    removed: list[str] = field(default_factory=list)  # stale files graphdoc wrote
    orphans: list[str] = field(default_factory=list)  # temp files of killed writes

    @property
    def changes(self) -> bool:
        """Whether the package on disk differs from the planned one at all."""
        return bool(
            self.removed
            or self.orphans
            or self.unchanged != self.encoded.keys()
            or self.manifest != self.old_manifest
        )


def _shadowed(relative: str, encoded: Mapping[str, bytes]) -> bool:
    """Whether a generated file takes the place of `relative` or of a folder holding it."""
    return relative in encoded or any(
        str(parent) in encoded for parent in PurePosixPath(relative).parents
    )


def _unchanged(base: str, encoded: Mapping[str, bytes], known: Known | None) -> set[str]:
    """The files already holding their new bytes: read and compared, or, with `known` (the
    ledger and the new bytes' digests), compared by digest, read only where the ledger
    cannot vouch for the file's stat."""
    if known is None:
        return {
            path for path, data in encoded.items() if read_regular(os.path.join(base, path)) == data
        }
    ledger, digests = known
    return {
        path
        for path in encoded
        if ledger.of_regular(os.path.join(base, path)) == digests[path]
    }


def plan(
    root: Path,
    encoded: Mapping[str, bytes],
    previous: set[str],
    *,
    prune: bool,
    known: Known | None = None,
) -> Plan:
    """Compare the output with the package in `root` (already passed by `check_tree`)."""
    base = str(root)
    result = Plan(
        encoded,
        _unchanged(base, encoded, known),
        manifest_bytes(encoded.keys() if prune else previous | encoded.keys()),
        read_regular(root / MANIFEST_NAME),
    )
    stale = previous - encoded.keys() if prune else set()
    for _, prefix, entries, empty in walk(base):
        if empty and prefix and not _shadowed(prefix[:-1], encoded):
            result.empty_folders.append(prefix[:-1])
        for name in entries:
            relative = prefix + name
            if relative in encoded or relative == MANIFEST_NAME:
                continue
            if is_temp(name):
                result.orphans.append(relative)
            elif relative in stale:
                result.removed.append(relative)
            else:  # not ours, or kept without prune (check_tree saw nothing is in the way)
                result.carried.append(relative)
    for found in (result.carried, result.empty_folders, result.removed, result.orphans):
        found.sort()
    return result


class _Stage:
    """The stage folder being assembled beside `root`; paths as strings, for speed."""

    def __init__(self, path: Path, root: Path, step: Step) -> None:
        self.path, self.root, self.step = str(path), str(root), step
        self._made = {""}
        os.mkdir(self.path)
        if root.is_dir():
            shutil.copymode(root, path)
        step()

    def folder(self, relative: str) -> None:
        """Create `relative` and its parents, with the modes the old folders had."""
        if relative in self._made:
            return
        self.folder(relative.rpartition("/")[0])
        made, old = os.path.join(self.path, relative), os.path.join(self.root, relative)
        os.mkdir(made)
        if os.path.isdir(old) and not os.path.islink(old):
            shutil.copymode(old, made)
        self._made.add(relative)
        self.step()

    def create(self, relative: str, data: bytes) -> None:
        self.folder(relative.rpartition("/")[0])
        # os.open honours the umask (mkstemp would leave 0600).
        fd = os.open(os.path.join(self.path, relative), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        self.step()

    def carry(self, relative: str) -> None:
        """Put the old `relative` in the stage as it is: a hard link (same inode, so the same
        mtime, nothing copied), a copy with its times where hard links fail, or a symlink
        made again."""
        self.folder(relative.rpartition("/")[0])
        source, target = os.path.join(self.root, relative), os.path.join(self.path, relative)
        if os.path.islink(source):
            os.symlink(os.readlink(source), target, os.path.isdir(source))
        else:
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        self.step()


def _assemble(path: Path, root: Path, todo: Plan, step: Step) -> None:
    stage = _Stage(path, root, step)
    if todo.manifest == todo.old_manifest:
        stage.carry(MANIFEST_NAME)
    else:
        stage.create(MANIFEST_NAME, todo.manifest)  # first: see the module doc
    for relative, data in sorted(todo.encoded.items()):
        if relative in todo.unchanged:
            stage.carry(relative)
        else:
            stage.create(relative, data)
    for relative in todo.carried:
        stage.carry(relative)
    for relative in todo.empty_folders:
        stage.folder(relative)


def apply(root: Path, todo: Plan, step: Step) -> None:
    """Make `root` the planned package: assembled beside it and swapped in, then the old
    package swept; in place, file by file, where the folder cannot be swapped."""
    root.parent.mkdir(parents=True, exist_ok=True)
    if os.path.ismount(root):
        write_in_place(root, todo, step)
        return
    staged = swap.stage_path(root)
    try:
        _assemble(staged, root, todo, step)
        old = swap.swap_in(staged, root, step)
    except BaseException as error:
        if staged.exists():
            sweep(staged, root, nothing)
        if isinstance(error, OSError) and error.errno in (errno.EXDEV, errno.EBUSY):
            write_in_place(root, todo, step)  # a bind mount: renaming it is refused
            return
        raise
    if old is not None:
        sweep(old, root, step)


def _remove(root: Path, relative: str) -> None:
    """Delete one stale file (never a folder), then the folders it leaves empty."""
    try:
        target = inside(root, relative)
    except UnsafePathError:
        return
    if not (target.is_symlink() or target.is_file()):
        return
    target.unlink()
    folder = target.parent
    while folder != root and folder.is_relative_to(root) and remove_folder(str(folder)):
        folder = folder.parent


def write_in_place(root: Path, todo: Plan, step: Step) -> None:
    """Replace changed files one by one, each atomically (the package is not). The manifest
    is widened first and narrowed last, so a killed run still lists all it may have left."""
    widened = manifest_bytes(read_manifest(root) | todo.encoded.keys())
    if todo.old_manifest != widened:
        atomic_write(root / MANIFEST_NAME, widened)
        step()
    for relative in [*todo.removed, *todo.orphans]:  # first: a folder may take their place
        _remove(root, relative)
        step()
    for relative, data in sorted(todo.encoded.items()):
        if relative not in todo.unchanged:
            atomic_write(inside(root, relative), data)
            step()
    if todo.manifest != widened:
        atomic_write(root / MANIFEST_NAME, todo.manifest)
        step()
