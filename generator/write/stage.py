"""Turning checked output into the package on disk, all of it at once.

A package is many modules that import each other: replaced one by one, a kill half-way
leaves new modules importing names the old ones lack, or modules already removed, and the
package no longer imports. So the new package is assembled in a stage folder beside the old
one (`swap.stage_path`: in the output folder, hence on the package's file system wherever
that is, never in /tmp) and swapped in by `swap.swap_in` in one step; only then is the old
one deleted. A journal replaying file renames would leave the mix on disk until the next
run repaired it (an import, an IDE or CI job in between sees it); a folder swap never shows
it to anyone, and needs no replay, only a sweep of what a killed run left (`sweep.recover`).

* The stage starts as the old package linked whole (`assemble`): every file a hard link
  to the old one (same inode: its mtime stays, nothing is copied; a copy with its times
  where hard links fail), every symlink made again, every folder with its mode. That part
  depends on the old package alone, so it can be done ahead, while the run still reads
  and renders (`prestage`). (Link counts move, so ctimes do: git re-reads those files
  once, finds them equal.)
* Then the changes (`_settle`): the new manifest, out go stale files graphdoc wrote,
  orphaned temp files, changed files and folders where a file goes, in come new and changed
  files. What graphdoc did not write (a user's notes, a `.git`, empty folders, symlinks)
  and files that stay listed (without prune) stay, so they survive the swap untouched.
* The stage's manifest is its first file, and is replaced in one step by the new one
  before any new file comes in: sweeping a stage a kill left half assembled knows every
  generated file in it, and every other file in it is a link to the package's own.
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
from pathlib import Path

from ..errors import UnsafePathError
from . import swap
from .file_digests import FileDigests
from .paths import (
    MANIFEST_NAME,
    atomic_write,
    inside,
    is_temp,
    manifest_bytes,
    read_regular,
)
from .snapshot import FOLDER, LINK, Snapshot
from .sweep import Step, nothing, remove_folder, sweep

__all__ = ["Known", "Plan", "apply", "assemble", "plan"]

# The output's ledger (`file_digests`) and the SHA-256 of each new file's bytes.
Known = tuple[FileDigests, Mapping[str, bytes]]


@dataclass(slots=True)
class Plan:
    """What a write changes, decided from the old tree before anything is touched."""

    encoded: Mapping[str, bytes]
    unchanged: set[str]
    manifest: bytes
    old_manifest: bytes | None
    tree: Snapshot  # the old package
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


def _unchanged(tree: Snapshot, encoded: Mapping[str, bytes], known: Known | None) -> set[str]:
    """The files already holding their new bytes: read and compared, or, with `known` (the
    ledger and the new bytes' digests), compared by digest, read only where the ledger
    cannot vouch for the file's stat (the walk may have looked already)."""
    base = tree.root
    if known is None:
        return {
            path for path, data in encoded.items() if read_regular(os.path.join(base, path)) == data
        }
    ledger, digests = known
    found = tree.digests if tree.digests is not None else {}
    return {
        path
        for path in encoded
        if (found[path] if path in found else ledger.of_regular(os.path.join(base, path)))
        == digests[path]
    }


def plan(
    tree: Snapshot,
    encoded: Mapping[str, bytes],
    *,
    prune: bool,
    known: Known | None = None,
) -> Plan:
    """Compare the output with the package `tree` holds (a walk of it that `check_tree`
    passed); what its manifest lists is what graphdoc wrote before."""
    previous = tree.listed
    result = Plan(
        encoded,
        _unchanged(tree, encoded, known),
        manifest_bytes(encoded.keys() if prune else previous | encoded.keys()),
        tree.manifest,
        tree,
    )
    stale = previous - encoded.keys() if prune else set()
    for relative in tree.entries():
        if relative in encoded or relative == MANIFEST_NAME:
            continue
        if is_temp(relative.rpartition("/")[2]):
            result.orphans.append(relative)
        elif relative in stale:
            result.removed.append(relative)
        # else: not ours, or kept without prune (check_tree saw nothing is in the way)
    result.removed.sort()
    result.orphans.sort()
    return result


class _Stage:
    """The stage folder being assembled beside `root`; paths as strings, for speed."""

    def __init__(self, path: Path, root: Path, step: Step, made: set[str] | None = None) -> None:
        self.path, self.root, self.step = str(path), str(root), step
        if made is not None:  # assembled already (`assemble`), holding these folders
            self._made = made
            return
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

    def carry(self, relative: str, link: bool) -> None:
        """Put the old `relative` in the stage as it is: a hard link (same inode, so the same
        mtime, nothing copied), a copy with its times where hard links fail, or (`link`) a
        symlink made again."""
        self.folder(relative.rpartition("/")[0])
        source, target = os.path.join(self.root, relative), os.path.join(self.path, relative)
        if link:
            os.symlink(os.readlink(source), target, os.path.isdir(source))
        else:
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        self.step()

    def unlink(self, relative: str) -> None:
        os.unlink(os.path.join(self.path, relative))
        self.step()

    def remove_folder(self, relative: str) -> bool:
        """Remove the stage's `relative` if it is empty; whether it went."""
        if not remove_folder(os.path.join(self.path, relative)):
            return False
        self._made.discard(relative)
        self.step()
        return True


def assemble(tree: Snapshot, path: Path, step: Step) -> set[str]:
    """Make the stage `path` hold what the old package `tree` holds, every entry carried
    (the manifest first: see the module doc); the folders made. The write's changes come
    after (`_settle`), so this part can be done ahead (`prestage`)."""
    stage = _Stage(path, Path(tree.root), step)
    if tree.kind(MANIFEST_NAME) is not None:
        stage.carry(MANIFEST_NAME, tree.kind(MANIFEST_NAME) == LINK)
    for relative, kind in tree.kinds.items():
        if kind == FOLDER:
            stage.folder(relative)
        elif relative != MANIFEST_NAME:
            stage.carry(relative, kind == LINK)
    return stage._made


def _settle(stage: _Stage, todo: Plan) -> None:
    """Turn a stage holding the old package (`assemble`) into the planned one: the new
    manifest first, then out go stale files, orphans, replaced files and folders where a
    file goes, in come new and changed files; last, folders the removals emptied go."""
    tree = todo.tree
    if todo.manifest != todo.old_manifest:
        if tree.kind(MANIFEST_NAME) is None:
            stage.create(MANIFEST_NAME, todo.manifest)
        else:  # replaced in one step, so the stage always has one
            atomic_write(Path(stage.path, MANIFEST_NAME), todo.manifest)
            stage.step()
    gone = [*todo.removed, *todo.orphans]
    for relative in gone:
        stage.unlink(relative)
    fresh = sorted(todo.encoded.keys() - todo.unchanged)
    for relative in fresh:
        kind = tree.kind(relative)
        if kind == FOLDER:  # holds only empty folders now (check_tree saw to it)
            prefix = relative + "/"
            for folder in reversed(
                [relative, *(f for f in tree.folders() if f.startswith(prefix))]
            ):
                if not stage.remove_folder(folder):
                    raise OSError(errno.ENOTEMPTY, "not empty", os.path.join(stage.path, folder))
        elif kind is not None:
            stage.unlink(relative)
    for relative in fresh:
        stage.create(relative, todo.encoded[relative])
    for relative in gone:
        folder = relative.rpartition("/")[0]
        while folder and stage.remove_folder(folder):
            folder = folder.rpartition("/")[0]


def apply(
    root: Path, todo: Plan, step: Step, ready: tuple[Path, set[str]] | None = None
) -> Path | None:
    """Make `root` the planned package: assembled beside it (`ready`: a stage `assemble`
    made already, and its folders) and swapped in; in place, file by file, where the folder
    cannot be swapped. Returns the swapped-out old package, for the caller to sweep."""
    root.parent.mkdir(parents=True, exist_ok=True)
    if os.path.ismount(root):
        if ready is not None:
            sweep(ready[0], root, nothing)
        write_in_place(root, todo, step)
        return None
    staged = ready[0] if ready is not None else swap.stage_path(root)
    try:
        if ready is None:
            stage = _Stage(staged, root, step, assemble(todo.tree, staged, step))
        else:
            stage = _Stage(staged, root, step, ready[1])
        _settle(stage, todo)
        return swap.swap_in(staged, root, step)
    except BaseException as error:
        if staged.exists():
            sweep(staged, root, nothing)
        if isinstance(error, OSError) and error.errno in (errno.EXDEV, errno.EBUSY):
            write_in_place(root, todo, step)  # a bind mount: renaming it is refused
            return None
        raise


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
    widened = manifest_bytes(todo.tree.listed | todo.encoded.keys())
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
