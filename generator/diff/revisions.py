"""OLD and NEW as folders: given as folders, or as git revisions of the current repository.

`graphdoc diff HEAD~1 HEAD -- api-reference/v1.0` exports the named folder at each revision
with `git archive` into a temporary folder (extracted with tarfile's `data` filter, so an
archive cannot write outside it), so both trees are read exactly as committed.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..errors import RevisionError


@contextmanager
def materialised(
    old: str, new: str, pathspecs: Sequence[str], cwd: Path | None = None
) -> Iterator[tuple[list[Path], list[Path]]]:
    """The page paths of OLD and NEW, exported to temporary folders where they are revisions."""
    here = cwd or Path.cwd()
    with ExitStack() as stack:
        sides: list[list[Path]] = []
        for side in (old, new):
            as_path = here / side
            if as_path.exists() and not pathspecs:
                sides.append([as_path])
                continue
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="graphdoc-diff-")))
            sides.append(_export(side, pathspecs, here, folder))
        yield sides[0], sides[1]


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError as error:
        raise RevisionError("git is not installed, so revisions cannot be read") from error


def _export(revision: str, pathspecs: Sequence[str], cwd: Path, folder: Path) -> list[Path]:
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise RevisionError(
            f"{revision!r} is not a file or folder, and {cwd} is not in a git repository"
        )
    root = Path(top.stdout.decode().strip())
    commit = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd)
    if commit.returncode != 0:
        raise RevisionError(f"{revision!r} is neither a file or folder nor a git revision")
    # Pathspecs are relative to where the command runs, as git's own commands take them.
    prefix = cwd.resolve().relative_to(root.resolve()).as_posix()
    specs = [(Path(prefix) / spec).as_posix() if prefix != "." else spec for spec in pathspecs]
    archive = _git(["archive", "--format=tar", commit.stdout.decode().strip(), "--", *specs], root)
    if archive.returncode != 0:
        message = archive.stderr.decode(errors="replace").strip()
        raise RevisionError(f"git archive {revision}: {message}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return [folder / spec for spec in specs] if specs else [folder]
