"""What a generated package may hold, and what graphdoc wrote into it.

Shared by the checks (`files.check_tree`), the writer (`stage`) and `--check` (`files.diff_tree`):
the rules for an acceptable output path, the `.graphdoc-manifest` that lists what the last
run wrote (the only files graphdoc ever deletes or overwrites), and the name of a temp file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, KeysView, Mapping
from pathlib import Path

from ..errors import UnsafePathError

__all__ = [
    "MANIFEST_NAME",
    "EncodedFiles",
    "atomic_write",
    "check_files",
    "check_relative",
    "inside",
    "is_temp",
    "manifest_bytes",
    "manifest_lines",
    "manifest_paths",
    "read_manifest",
    "read_regular",
    "walk",
]

MANIFEST_NAME = ".graphdoc-manifest"
# Names Windows refuses for a file or folder, whatever the extension (`con.py`, `aux/`).
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(10)}
)
_MANIFEST_HEADER = "# Files written by graphdoc generate; stale ones are removed. Do not edit.\n"
_TEMP = re.compile(r"\..+\.[0-9a-f]{8}\.graphdoc-tmp")


# Paths every generated file has (ASCII names not starting with a dot, no reserved stem):
# accepted by two regular expressions; anything else gets the full check and its message.
_PLAIN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")
_RESERVED_STEM = re.compile(r"(?:^|/)(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:[./]|$)", re.I)


def check_relative(path: str) -> str:
    """Accept only canonical `a/b/c.py` paths: no `..`, `.`, empty parts, `\\` or absolutes."""
    if _PLAIN.fullmatch(path) is not None and _RESERVED_STEM.search(path) is None:
        return path
    return check_parts(path)


def check_parts(path: str) -> str:
    """`check_relative` part by part: the rule itself, and the messages."""
    parts = path.split("/")
    if (
        not path
        or any(part in ("", ".", "..") for part in parts)
        or any(ch in path for ch in "\\\0\n\r")
        or path.startswith("/")
        or path == MANIFEST_NAME
    ):
        raise UnsafePathError(f"unsafe output path {path!r}")
    reserved = [part for part in parts if part.split(".", 1)[0].lower() in _RESERVED]
    if reserved:
        raise UnsafePathError(f"output path {path!r}: {reserved[0]!r} is a name Windows reserves")
    return path


class EncodedFiles(Mapping[str, bytes]):
    """Generated texts by checked path, each encoded as UTF-8 (`\\n` kept) when first asked
    for: a rerun writes a few files of thousands, and the others are compared by digest.
    The texts are read through, not copied: a mapping that reads its texts when asked
    (`emit.slices.PackageTexts`) is read only for the files written."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = texts
        self._bytes: dict[str, bytes] = {}

    def __getitem__(self, path: str) -> bytes:
        data = self._bytes.get(path)
        if data is None:
            data = self._bytes[path] = self._texts[path].encode("utf-8")
        return data

    def __contains__(self, path: object) -> bool:
        return path in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def keys(self) -> KeysView[str]:
        return self._texts.keys()


def check_files(files: Mapping[str, str]) -> EncodedFiles:
    """Validate every path before anything is written; the texts encoded as they are read."""
    for path in files:
        check_relative(path)
        parent = path.rpartition("/")[0]
        while parent:  # checked paths: no empty, `.` or `..` parts
            if parent in files:
                raise UnsafePathError(f"{parent!r} is both a file and a folder of {path!r}")
            parent = parent.rpartition("/")[0]
    return EncodedFiles(files)


def inside(root: Path, relative: str) -> Path:
    """The absolute target for `relative`, refusing folders that symlink out of root."""
    target = root.joinpath(*relative.split("/"))
    if not target.parent.resolve().is_relative_to(root):
        raise UnsafePathError(f"{relative!r} leads outside {root}")
    return target


def read_regular(path: str | os.PathLike[str]) -> bytes | None:
    """Current bytes of a regular file; None when absent, a folder or a symlink."""
    if os.path.islink(path) or not os.path.isfile(path):
        return None
    with open(path, "rb") as handle:
        return handle.read()


def walk(base: str, *, topdown: bool = True) -> Iterator[tuple[str, str, list[str], bool]]:
    """Every folder under `base`, symlinks not followed: its path, its POSIX prefix relative
    to `base` (`""`, `"models/"`), the names of its files and symlinks, whether it is empty."""
    for directory, folders, names in os.walk(base, topdown=topdown):
        prefix = "" if directory == base else directory[len(base) + 1 :].replace(os.sep, "/") + "/"
        links = [name for name in folders if os.path.islink(os.path.join(directory, name))]
        yield directory, prefix, [*names, *links], not folders and not names


def is_temp(name: str) -> bool:
    """Whether a file name is one of `atomic_write`'s temp files (a killed write's orphan)."""
    return _TEMP.fullmatch(name) is not None


class _Tally:
    """Bytes this process has written through `atomic_write` and the format cache: what a
    cache may have grown by (`write.cache.prune` skips its scan while that is small)."""

    __slots__ = ("bytes",)

    def __init__(self) -> None:
        self.bytes = 0


WRITTEN = _Tally()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temp file in the same folder renamed over it, so
    readers see the old bytes or the new, never half; missing folders are created."""
    WRITTEN.bytes += len(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.graphdoc-tmp")
    try:
        # os.open honours the umask (mkstemp would leave 0600).
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _lines(data: bytes | None) -> set[str]:
    if data is None:
        return set()
    lines = data.decode("utf-8", "replace").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def manifest_lines(root: Path) -> set[str]:
    """The lines of the manifest in `root`, unchecked: for matching paths found on disk."""
    return _lines(read_regular(root / MANIFEST_NAME))


def manifest_paths(data: bytes | None) -> set[str]:
    """The paths a manifest's bytes list; lines that are not safe paths are ignored."""
    listed = set()
    for line in _lines(data):
        try:
            listed.add(check_relative(line))
        except UnsafePathError:
            continue  # a tampered manifest must not steer deletions
    return listed


def read_manifest(root: Path) -> set[str]:
    """The paths the manifest in `root` lists (`manifest_paths`)."""
    return manifest_paths(read_regular(root / MANIFEST_NAME))


def manifest_bytes(paths: Iterable[str]) -> bytes:
    """The manifest listing `paths`, sorted, so equal lists give equal bytes."""
    return (_MANIFEST_HEADER + "".join(f"{path}\n" for path in sorted(paths))).encode("utf-8")
