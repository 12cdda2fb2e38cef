"""What the write tests compare: a folder's whole state, as plain data."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["tree_state"]


def tree_state(root: Path) -> dict[str, object]:
    """Every entry under `root`: bytes of files, targets of symlinks, empty folders."""
    if not root.exists():
        return {}
    found: dict[str, object] = {}
    for directory, folders, names in os.walk(root):
        here = Path(directory)
        if here != root and not folders and not names:
            found[here.relative_to(root).as_posix() + "/"] = None
        for name in [*names, *(f for f in folders if (here / f).is_symlink())]:
            path = here / name
            relative = path.relative_to(root).as_posix()
            found[relative] = os.readlink(path) if path.is_symlink() else path.read_bytes()
    return found
