"""Deleting a stage or a swapped-out package without losing what only it holds.

After a swap the old package sits in the stage's place; after a kill a stage may be half
assembled, or a swapped-out package half deleted. `sweep` removes such a folder: what
graphdoc wrote (listed in the folder's own manifest, temp files) and what the package holds
too (a hard link to the same file, or equal bytes) goes; anything else, a file someone saved
into the package while it was being replaced, moves into the package if its path is free
there, else stays with its folder. The manifest goes last, so a sweep cut short by a kill is
finished by the next run without mistaking a generated file for someone else's.

A sweep right after a swap knows what the old package held (the walk the stage was linked
from, `snapshot`): those entries go first without a second walk; a walk after finds what
came since.

`recover`, first in every write, does this for every leftover of killed runs, after putting
back a package that a two-rename swap (`swap.swap_in` without an atomic exchange) had moved
aside when the kill came between the renames.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from ..errors import UnsafePathError
from . import swap
from .paths import MANIFEST_NAME, inside, is_temp, manifest_lines, read_regular, walk
from .snapshot import FOLDER, Snapshot

__all__ = ["Step", "nothing", "recover", "remove_folder", "sweep"]

Step = Callable[[], None]


def nothing() -> None:
    """A `Step` that counts nothing (cleaning up, not writing)."""


def remove_folder(folder: str) -> bool:
    """Remove `folder` if it is empty; whether it went."""
    try:
        os.rmdir(folder)
    except OSError:
        return False  # not empty: something stays
    return True


def _same(path: str, twin: str) -> bool:
    """Whether `twin` already holds what `path` holds: the same inode, equal bytes, or a
    symlink to the same place."""
    try:
        if os.path.islink(path):
            return os.path.islink(twin) and os.readlink(path) == os.readlink(twin)
        if os.path.islink(twin) or not os.path.isfile(twin):
            return False
        return os.path.samefile(path, twin) or read_regular(path) == read_regular(twin)
    except OSError:
        return False


def _adopt(path: str, root: Path, relative: str) -> None:
    """Move a file nobody else holds into `root` at the same path, if that is free."""
    try:
        target = inside(root, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        if os.path.islink(path):  # both fail rather than overwrite
            os.symlink(os.readlink(path), target)
        else:
            os.link(path, target)
    except (OSError, UnsafePathError):
        return  # it stays, and so does its folder
    os.unlink(path)


def _let_go(path: str, relative: str, listed: set[str], root: Path, adopt: bool) -> None:
    """Delete one file or symlink of a swept folder, or move it into `root` (see the module
    doc)."""
    if relative in listed or is_temp(relative.rpartition("/")[2]):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    elif _same(path, os.path.join(root, relative)):
        os.unlink(path)
    elif adopt:
        _adopt(path, root, relative)


class _Folders:
    """Open handles on the folders of `base`, so deleting an entry looks up one name, not
    its whole path (where the system has no such calls: paths)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.open: dict[str, int] = {}
        self.usable = {os.unlink, os.rmdir} <= os.supports_dir_fd

    def remove(self, relative: str, *, folder: bool = False) -> None:
        parent, _, name = relative.rpartition("/")
        if folder and relative in self.open:
            os.close(self.open.pop(relative))
        handle = self.open.get(parent) if self.usable else None
        if handle is None and self.usable:
            handle = self._handle(parent)
        remove = os.rmdir if folder else os.unlink
        if handle is None:
            remove(os.path.join(self.base, relative))
        else:
            remove(name, dir_fd=handle)

    def _handle(self, folder: str) -> int | None:
        handle = self.open.get(folder)
        if handle is None:
            try:
                handle = os.open(
                    os.path.join(self.base, folder), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
                )
            except OSError:
                return None
            self.open[folder] = handle
        return handle

    def close(self) -> None:
        for handle in self.open.values():
            os.close(handle)
        self.open.clear()


def _sweep_known(base: str, tree: Snapshot, listed: set[str], root: Path, step: Step) -> None:
    """`sweep` of what `tree` lists (it holds the files of `listed` and more)."""
    folders, adopt = _Folders(base), root.is_dir()
    try:
        for relative in reversed(tree.kinds):  # what a folder holds before the folder
            if relative == MANIFEST_NAME:
                continue
            if tree.kinds[relative] == FOLDER:
                try:
                    folders.remove(relative, folder=True)
                except OSError:
                    continue  # not empty: the walk after sees why
                step()
            elif relative in listed or is_temp(relative.rpartition("/")[2]):
                with contextlib.suppress(FileNotFoundError):  # deleted meanwhile
                    folders.remove(relative)
                step()
            else:
                _let_go(os.path.join(base, relative), relative, listed, root, adopt)
                step()
    finally:
        folders.close()


def sweep(folder: Path, root: Path, step: Step, tree: Snapshot | None = None) -> None:
    """Delete `folder`, a stage or swapped-out package of `root` (see the module doc).
    `tree`: a walk of `folder` taken before (under `root`'s name, before a swap): what it
    lists goes without walking again; what came since is found by the walk after."""
    base = str(folder)
    listed = manifest_lines(folder)
    adopt = root.is_dir()
    if tree is not None:
        _sweep_known(base, tree, listed, root, step)
    for directory, prefix, entries, _ in walk(base, topdown=False):
        for name in entries:
            relative = prefix + name
            if relative != MANIFEST_NAME:
                _let_go(os.path.join(directory, name), relative, listed, root, adopt)
                step()
        if directory != base and remove_folder(directory):
            step()
    if os.path.lexists(manifest := os.path.join(base, MANIFEST_NAME)):
        os.unlink(manifest)
        step()
    if remove_folder(base):
        step()


def recover(output: Path) -> None:
    """Finish what killed runs left in `output` (see the module doc)."""
    for leftover in swap.leftovers(output):
        if leftover.moved_away and not os.path.lexists(leftover.package):
            os.rename(leftover.path, leftover.package)  # the stage may be incomplete
        else:
            sweep(leftover.path, leftover.package, nothing)
