"""Writing a generated tree without churn, half-written packages or collateral damage.

Only files whose bytes change get new bytes, so mtimes and git stay quiet. The package is
switched as a whole: the new tree is assembled beside the old one and swapped in with one
rename (`stage`, `swap`), so a kill at any instant leaves the old package or the new one,
each importing, never a mix; the next run sweeps what a killed one left. The stage can be
assembled ahead, by a helper process, while the caller computes what to write
(`prestage`); the old package is then swept by the helper while the caller saves caches.
Stale files are found through `.graphdoc-manifest` at the root, which lists what the last
run wrote: a file we never wrote is never deleted or overwritten (it is carried into the
new tree), and nothing outside the root is touched, whatever the manifest or a symlink
says, except the stage folders beside it (`.<package>.graphdoc-new-…`), which never
outlive a run that ends.

Check first, then write: every reason to refuse (an unsafe or reserved path, a symlinked
folder, a file where a folder must go, a file graphdoc did not write) is found before the
first byte is written into the package, and all of them are reported at once (a stage
assembled ahead is swept when its `Prestage` closes, before the run ends). One walk of the old
package (`snapshot`) serves the checks, the plan, the stage and the sweep.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnsafePathError as UnsafePathError
from . import snapshot, stage, swap
from .file_digests import FileDigests
from .paths import (
    MANIFEST_NAME,
    atomic_write,
    check_files,
    check_relative,
    inside,
    is_temp,
    manifest_lines,
    read_manifest,
    read_regular,
)
from .prestage import Prestage
from .snapshot import FILE, FOLDER, LINK, Snapshot
from .sweep import recover, sweep

__all__ = [
    "MANIFEST_NAME",
    "TreeTexts",
    "UnsafePathError",
    "WriteReport",
    "atomic_write",
    "check_tree",
    "diff_tree",
    "holds",
    "write_encoded",
    "write_tree",
]


@dataclass(slots=True)
class WriteReport:
    """Relative paths, sorted: what write_tree wrote, left alone and removed; and how many
    changes it made on disk (files, folders, renames: the steps `swap.Steps` counts)."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    steps: int = 0


def _folder_problem(tree: Snapshot, folder: str, stale: set[str]) -> str | None:
    """Why files cannot go into `folder`; None when they can (or it does not exist)."""
    kind = tree.kind(folder)
    if kind == LINK:
        return f"{folder}/ is a symlink; graphdoc writes only into real folders of the package"
    if kind == FILE and folder not in stale:
        return f"{folder} is a file, where graphdoc must make the folder {folder}/"
    return None


def _target_problem(
    tree: Snapshot, relative: str, data: bytes, previous: set[str], stale: set[str]
) -> str | None:
    kind = tree.kind(relative)
    if kind is None:
        return None  # nothing there
    if kind == LINK:
        if relative not in previous:
            return f"{relative} is a symlink graphdoc did not write"
    elif kind == FOLDER:
        # Pruning empties it only when it holds nothing but stale files we wrote.
        if any(
            path not in stale and not is_temp(path.rpartition("/")[2])
            for path in tree.inside(relative)
        ):
            return f"{relative}/ is a folder, where graphdoc writes the file {relative}"
    elif relative not in previous and read_regular(os.path.join(tree.root, relative)) != data:
        return (
            f"{relative} exists and graphdoc did not write it (it is not in {MANIFEST_NAME}); "
            "move it away or delete it"
        )
    return None


def check_tree(
    root: Path,
    encoded: Mapping[str, bytes],
    *,
    previous: set[str],
    prune: bool,
    tree: Snapshot | None = None,
) -> None:
    """Raise UnsafePathError listing every reason writing `encoded` into `root` would stop
    half-way or clobber what is not ours; nothing is written or created. `tree`: a walk of
    `root` already taken (`snapshot.take`), else one is taken here."""
    problems: list[str] = []
    existing = next((p for p in (root, *root.parents) if p.exists() or p.is_symlink()), None)
    if existing is not None and not existing.is_dir():
        raise UnsafePathError(f"{existing} is a file, where the output folder must go")
    stale = previous - encoded.keys() if prune else set()
    if root.is_dir():
        tree = tree if tree is not None else snapshot.take(root)
        seen: set[str] = set()
        for relative in sorted(encoded):
            folder, fresh = relative.rpartition("/")[0], []
            while folder and folder not in seen:  # its parents are seen as well
                seen.add(folder)
                fresh.append(folder)
                folder = folder.rpartition("/")[0]
            for folder in reversed(fresh):
                problem = _folder_problem(tree, folder, stale)
                if problem is not None:
                    problems.append(problem)
            kind = tree.kinds.get(relative)
            if kind is None or (kind == FILE and relative in previous):
                continue  # nothing there, or our own file: the common cases, decided here
            problem = _target_problem(tree, relative, encoded[relative], previous, stale)
            if problem is not None:
                problems.append(problem)
    if problems:
        listed = "".join(f"\n  {problem}" for problem in problems)
        raise UnsafePathError(f"refusing to write into {root}, nothing written:{listed}")


def write_tree(
    root: Path,
    files: Mapping[str, str],
    *,
    prune: bool = True,
    ledger: FileDigests | None = None,
) -> WriteReport:
    """Make `root` hold `files` (relative POSIX path → text); with prune, drop stale output.

    What killed runs left beside `root` is dealt with first (`sweep.recover`), then
    everything is checked before anything is written (`check_tree`); when nothing differs,
    nothing is touched. With a `ledger` (`file_digests`, kept across runs), a file whose
    stat is what the ledger noted is compared by digest, not read; what the write leaves
    is noted in it (saving it is the caller's).
    """
    encoded = check_files(files)
    return write_encoded(root, encoded, prune=prune, ledger=ledger)


def write_encoded(
    root: Path,
    encoded: Mapping[str, bytes],
    *,
    prune: bool = True,
    ledger: FileDigests | None = None,
    digests: Mapping[str, bytes] | None = None,
    ahead: Prestage | None = None,
) -> WriteReport:
    """`write_tree` for files `check_files` encoded; `digests`: the SHA-256 of each file's
    bytes, when the caller has them already (the generation record does). `ahead`: the
    stage assembled ahead for `root` (`prestage`, started with this `ledger`): it holds the
    lock, and sweeps the old package while the caller goes on (its `close` waits)."""
    root = root.resolve()
    steps = swap.Steps()
    known: stage.Known | None = None
    if ledger is not None:
        if digests is None:
            digests = {path: hashlib.sha256(data).digest() for path, data in encoded.items()}
        known = ledger, digests
    with swap.locked(root.parent) if ahead is None else contextlib.nullcontext():
        ready = ahead.take(root) if ahead is not None else None
        if ready is None:
            recover(root.parent)
            tree = snapshot.take(root, ledger)
        else:
            tree, steps.count = ready.tree, ready.steps
        check_tree(root, encoded, previous=tree.listed, prune=prune, tree=tree)
        todo = stage.plan(tree, encoded, prune=prune, known=known)
        if todo.changes:
            given = (ready.stage, ready.folders) if ready is not None else None
            old = stage.apply(root, todo, steps, given)
            if old is not None and ahead is not None and ready is not None:
                ahead.sweep_later(old, steps.count)
            elif old is not None:
                sweep(old, root, steps, tree)
        if known is not None:  # what the ledger read already stands for the rest
            base = str(root)
            for path in encoded.keys() - todo.unchanged:
                known[0].note(os.path.join(base, path), known[1][path])
    return WriteReport(
        written=sorted(encoded.keys() - todo.unchanged),
        unchanged=sorted(todo.unchanged),
        removed=todo.removed,
        steps=steps.count,
    )


def holds(root: Path, digests: Mapping[str, bytes], ledger: FileDigests) -> bool:
    """Whether `root` holds exactly the generated files of `digests` (relative path →
    SHA-256 of its bytes): its manifest lists them and each has its digest, judged through
    the `ledger` (read only where it cannot vouch for a file's stat). What killed runs
    left beside `root` is dealt with first, as `write_tree` would."""
    root = root.resolve()
    if not root.parent.is_dir():
        return False
    with swap.locked(root.parent):
        recover(root.parent)
        if manifest_lines(root) != digests.keys():
            return False
        base = str(root)
        return all(
            ledger.of_regular(os.path.join(base, path)) == digest
            for path, digest in digests.items()
        )


class TreeTexts(Mapping[str, str]):
    """The texts of generated files as they are on disk, read when asked for: what a run
    that found the package current hands back, without reading it."""

    def __init__(self, root: Path, paths: Iterable[str]) -> None:
        self._root = root
        self._paths = sorted(paths)
        self._known = frozenset(self._paths)

    def __getitem__(self, path: str) -> str:
        if path not in self._known:
            raise KeyError(path)
        return inside(self._root, check_relative(path)).read_text(encoding="utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def _lines(data: bytes | None) -> list[str]:
    if data is None:
        return []
    lines = data.decode("utf-8", "replace").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def _diff(relative: str, old: bytes | None, new: bytes | None) -> Iterator[str]:
    import difflib  # only `--check` shows differences

    return difflib.unified_diff(
        _lines(old),
        _lines(new),
        fromfile="/dev/null" if old is None else f"a/{relative}",
        tofile="/dev/null" if new is None else f"b/{relative}",
    )


def diff_tree(root: Path, files: Mapping[str, str], *, prune: bool = True) -> str:
    """The unified diff write_tree would apply to `root`; empty when the tree is current."""
    encoded = check_files(files)
    root = root.resolve()
    previous = read_manifest(root)
    check_tree(root, encoded, previous=previous, prune=prune)
    chunks: list[str] = []
    stale = previous - encoded.keys() if prune else set()
    for relative in sorted(encoded.keys() | stale):
        try:
            old = read_regular(inside(root, relative))
        except UnsafePathError:
            if relative in stale:
                continue  # write_tree would leave it alone too
            raise
        new = encoded.get(relative)
        if old != new:
            chunks.extend(_diff(relative, old, new))
    return "".join(chunks)
