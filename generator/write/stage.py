"""Turning checked output into the package on disk, all of it at once.

A package is many modules that import each other: replacing them one by one, a kill half-way
leaves new modules importing names the old ones lack (or removed ones), and the package no
longer imports. So the new package is assembled in a stage folder beside the old one
(`swap.stage_path`: same folder, hence same file system, wherever the output lives) and
swapped in by `swap.swap_in` in one step; only then is the old one deleted.

* Unchanged files are hard links to the old ones (same inode: their mtimes stay, nothing is
  copied); only changed files get new bytes. Where hard links are not supported they are
  copied with their times.
* What graphdoc did not write (a user's notes, a `.git`, empty folders, symlinks) is carried
  into the stage the same way, so it survives the swap untouched; files that stay listed
  (without prune) likewise. Stale files graphdoc wrote and orphaned temp files are not.
* The stage's manifest is its first file and the last to go when a stage or a swapped-out
  package is swept (`sweep`), so a sweep interrupted by a kill can be finished by the next
  run without mistaking a generated file for someone else's.
* `recover` runs first in every write: it puts back a package a fallback swap moved aside
  and sweeps the stages of killed runs.
* When the package folder is a mount point no sibling can replace it; there (only) files are
  replaced one by one in place, each atomically (`write_in_place`).
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import UnsafePathError
from . import swap
from .paths import (
    MANIFEST_NAME,
    atomic_write,
    inside,
    is_temp,
    manifest_bytes,
    read_manifest,
    read_regular,
)

__all__ = ["Plan", "apply", "plan", "recover", "sweep"]

Step = Callable[[], None]


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


def plan(root: Path, encoded: Mapping[str, bytes], previous: set[str], *, prune: bool) -> Plan:
    """Compare the output with the package in `root` (already passed by `check_tree`)."""
    result = Plan(
        encoded,
        {path for path, data in encoded.items() if read_regular(root / path) == data},
        manifest_bytes(encoded.keys() if prune else previous | encoded.keys()),
        read_regular(root / MANIFEST_NAME),
    )
    stale = previous - encoded.keys() if prune else set()
    for directory, folders, names in os.walk(root):
        here = Path(directory)
        prefix = "" if here == root else f"{here.relative_to(root).as_posix()}/"
        if not folders and not names and prefix and not _shadowed(prefix[:-1], encoded):
            result.empty_folders.append(prefix[:-1])
        for name in [*names, *(name for name in folders if (here / name).is_symlink())]:
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


def _create(path: Path, data: bytes) -> None:
    # os.open honours the umask (mkstemp would leave 0600).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _carry(source: Path, target: Path) -> None:
    """Put `source` at `target` as it is: a hard link (same inode, so the same mtime, and
    nothing copied), a copy with its times where hard links fail, a symlink re-made."""
    if source.is_symlink():
        os.symlink(os.readlink(source), target, target_is_directory=source.is_dir())
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _make_folder(stage: Path, root: Path, relative: str, step: Step) -> None:
    """Create `relative` and its parents in the stage, with the modes the old ones had."""
    made, old = stage, root
    for part in relative.split("/"):
        made, old = made / part, old / part
        if not made.is_dir():
            made.mkdir()
            if old.is_dir() and not old.is_symlink():
                shutil.copymode(old, made)
            step()


def _parent(relative: str) -> str:
    return relative.rpartition("/")[0]


def _assemble(stage: Path, root: Path, todo: Plan, step: Step) -> None:
    stage.mkdir()
    if root.is_dir():
        shutil.copymode(root, stage)
    step()
    if todo.manifest == todo.old_manifest:
        _carry(root / MANIFEST_NAME, stage / MANIFEST_NAME)
    else:
        _create(stage / MANIFEST_NAME, todo.manifest)  # first: see `sweep`
    step()
    for relative, data in sorted(todo.encoded.items()):
        if _parent(relative):
            _make_folder(stage, root, _parent(relative), step)
        if relative in todo.unchanged:
            _carry(root / relative, stage / relative)
        else:
            _create(stage / relative, data)
        step()
    for relative in todo.carried:
        if _parent(relative):
            _make_folder(stage, root, _parent(relative), step)
        _carry(root / relative, stage / relative)
        step()
    for relative in todo.empty_folders:
        _make_folder(stage, root, relative, step)


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
            sweep(staged, root, _nothing)
        if isinstance(error, OSError) and error.errno in (errno.EXDEV, errno.EBUSY):
            write_in_place(root, todo, step)  # a bind mount: renaming it is refused
            return
        raise
    if old is not None:
        sweep(old, root, step)


def _nothing() -> None:
    pass


def _same(path: Path, twin: Path) -> bool:
    """Whether `twin` already holds what `path` holds: the same inode, equal bytes, or a
    symlink to the same place."""
    try:
        if path.is_symlink():
            return twin.is_symlink() and os.readlink(path) == os.readlink(twin)
        if twin.is_symlink() or not twin.is_file():
            return False
        return os.path.samefile(path, twin) or read_regular(path) == read_regular(twin)
    except OSError:
        return False


def _adopt(path: Path, root: Path, relative: str) -> None:
    """Move a file nobody else holds into `root` at the same path, if that is free."""
    try:
        target = inside(root, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target, follow_symlinks=False)  # fails rather than overwrite
    except (OSError, UnsafePathError):
        return  # it stays, and so does its folder
    path.unlink()


def sweep(folder: Path, root: Path, step: Step) -> None:
    """Delete a stage or a swapped-out package now that `root` holds the package.

    What graphdoc wrote (listed in the folder's own manifest, temp files) and what `root`
    holds too (a hard link, a copy) goes; anything else, a file someone put into the package
    while it was being replaced, moves into `root` if its path is free there, else stays with
    its folder. The manifest goes last, so a sweep cut short can be finished by the next run.
    """
    listed = read_manifest(folder)
    adopt = root.is_dir()
    for directory, folders, names in os.walk(folder, topdown=False):
        here = Path(directory)
        for name in [*names, *(name for name in folders if (here / name).is_symlink())]:
            path = here / name
            relative = path.relative_to(folder).as_posix()
            if relative == MANIFEST_NAME:
                continue
            if relative in listed or is_temp(name) or _same(path, root / relative):
                path.unlink()
            elif adopt:
                _adopt(path, root, relative)
            step()
        if here != folder and _remove_folder(here):
            step()
    (folder / MANIFEST_NAME).unlink(missing_ok=True)
    step()
    if _remove_folder(folder):
        step()


def _remove_folder(folder: Path) -> bool:
    try:
        folder.rmdir()
    except OSError:
        return False  # not empty: something stays
    return True


def recover(output: Path) -> None:
    """Finish what killed runs left in `output`: a package a fallback swap moved aside goes
    back (the stage meant to replace it may be incomplete), then stages are swept."""
    for leftover in swap.leftovers(output):
        if leftover.moved_away and not os.path.lexists(leftover.package):
            os.rename(leftover.path, leftover.package)
        else:
            sweep(leftover.path, leftover.package, _nothing)


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
    while folder != root and folder.is_relative_to(root) and _remove_folder(folder):
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
