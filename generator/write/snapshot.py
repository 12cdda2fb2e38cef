"""The package folder as one walk found it: every folder, file and symlink, by kind.

A write looks at the old package three times: to check that nothing is in the way
(`files.check_tree`), to plan what stays and what goes (`stage.plan`), and to link what
stays into the stage (`stage.assemble`). One walk serves all three, and, when the stage is
assembled ahead in another process (`prestage`), it is taken there, off the caller's
path. Taken under the output folder's lock, it stays true of everything graphdoc does;
what someone else changes in the package meanwhile is what the sweep of the old package
adopts (`sweep`), as it does for a change made during any write.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .file_digests import FileDigests
from .paths import MANIFEST_NAME, manifest_paths, read_regular

__all__ = ["FILE", "FOLDER", "LINK", "Snapshot", "take"]

FOLDER, LINK, FILE = "d", "l", "f"  # FILE: anything else that is not a folder


@dataclass(slots=True)
class Snapshot:
    """What `take` found under `root` (relative POSIX paths; the root itself left out)."""

    root: str
    kinds: dict[str, str] = field(default_factory=dict)  # folders before what they hold
    manifest: bytes | None = None  # the manifest's bytes, None when it is no regular file
    listed: set[str] = field(default_factory=set)  # the paths it lists (`manifest_paths`)
    # The SHA-256 of each regular file the manifest lists, through the ledger `take` was
    # given (None without one).
    digests: dict[str, bytes] | None = None

    def kind(self, relative: str) -> str | None:
        """FOLDER, LINK, FILE, or None when nothing is there."""
        return self.kinds.get(relative)

    def entries(self) -> Iterator[str]:
        """Every file and symlink (a symlinked folder too: never followed)."""
        return (relative for relative, kind in self.kinds.items() if kind != FOLDER)

    def folders(self) -> Iterator[str]:
        """Every folder, parents first."""
        return (relative for relative, kind in self.kinds.items() if kind == FOLDER)

    def inside(self, folder: str) -> Iterator[str]:
        """The files and symlinks anywhere under `folder`."""
        prefix = folder + "/"
        return (relative for relative in self.entries() if relative.startswith(prefix))


def _walk(base: str, prefix: str, found: Snapshot) -> None:
    with os.scandir(base) as listing:
        items = sorted(listing, key=lambda item: item.name)
    for item in items:
        relative = prefix + item.name
        if item.is_symlink():
            found.kinds[relative] = LINK
        elif item.is_dir(follow_symlinks=False):
            found.kinds[relative] = FOLDER
            _walk(item.path, relative + "/", found)
        else:
            found.kinds[relative] = FILE


def take(root: Path, ledger: FileDigests | None = None) -> Snapshot:
    """Walk `root` (nothing when it is not a folder) and read its manifest; with a
    `ledger`, the digest of every regular file the manifest lists too, read only where the
    ledger cannot vouch for its stat (what graphdoc did not write is never read)."""
    found = Snapshot(str(root))
    if not root.is_dir():
        return found
    _walk(found.root, "", found)
    found.manifest = read_regular(os.path.join(found.root, MANIFEST_NAME))
    found.listed = manifest_paths(found.manifest)
    if ledger is not None:
        digests: dict[str, bytes] = {}
        for relative in found.listed:
            if found.kinds.get(relative) == FILE:
                digest = ledger.of_regular(os.path.join(found.root, relative))
                if digest is not None:
                    digests[relative] = digest
        found.digests = digests
    return found
