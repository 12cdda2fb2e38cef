"""The generation record: `<output>/<package>/.graphdoc/record.json`, committed with the package.

It makes "is the generated package current?" cheap on a fresh clone, where no cache exists.
`generate` writes it beside the modules; it holds the graphdoc version, the fingerprint of
what produced the package (the resolved model, combined with the generator's output code,
templates, black version and options: `last_run.generator_fingerprint`) and the SHA-256 of
every file written. `generate --check` reads the pages into the model (what `graphdoc parse`
costs), fingerprints it and asks `vouched_files`: when the record names the same fingerprint, the
manifest lists the same files and every file still has its recorded hash, the package is
current and nothing is rendered. Any mismatch (a page changed, graphdoc changed, a file edited
by hand or missing) only means "render and diff": the record never decides that a package is
stale, so a record that is outdated or absent costs time, never a wrong answer.

The model fingerprint hashes the `repr` of every page, type, operation and diagnostic of the
resolved model: a deterministic serialisation of every dataclass field in the model except the
two derived ones kept out of `repr` (`ApiModel.graph`, built from the types, and the
positioned copies of example bodies, `body_json`); `tests/emit/test_record.py` keeps it that
way. It holds more than the emitters read (diagnostics, for one), which costs at most a
render, never a missed change.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import UnsafePathError
from ..model.digest import model_digests
from ..model.types import ApiModel
from ..write.paths import check_relative, manifest_lines, read_regular

__all__ = [
    "RECORD_PATH",
    "file_hash",
    "model_fingerprint",
    "on_disk",
    "record_text",
    "vouched_files",
]

RECORD_PATH = ".graphdoc/record.json"
# Bump when the record's layout or the way a fingerprint is computed changes.
_RECORD_VERSION = 2  # 2: a type or operation enters the model digest by its own digest


def model_fingerprint(model: ApiModel) -> str:
    """SHA-256 of the resolved model, field by field (see the module doc)."""
    return model_digests(model).whole


def combined(model_digest: str, generator_digest: str) -> str:
    """The one fingerprint the record is compared on."""
    return hashlib.sha256(f"{model_digest}\0{generator_digest}".encode()).hexdigest()


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_text(digests: Mapping[str, bytes], model_digest: str, generator_digest: str) -> str:
    """The record for a package whose files (the record excluded) have these SHA-256
    digests of their bytes (relative path → digest)."""
    document = {
        "graphdoc_record": _RECORD_VERSION,
        "graphdoc": __version__,
        "fingerprint": combined(model_digest, generator_digest),
        "model": model_digest,
        "generator": generator_digest,
        "files": {},
    }
    # `json.dumps(document, indent=1, sort_keys=True)`, the files written line by line:
    # the indenting encoder is pure Python, a tenth of the time for five thousand files.
    head = json.dumps(document, indent=1, sort_keys=True)
    lines = [
        f"  {encode_basestring_ascii(path)}: \"{digest.hex()}\""  # what json.dumps writes
        for path, digest in sorted(digests.items())
        if path != RECORD_PATH
    ]
    if lines:
        head = head.replace('"files": {}', '"files": {\n' + ",\n".join(lines) + "\n }", 1)
    return head + "\n"


def _read_bytes(path: str | Path) -> bytes | None:
    """A regular file's bytes, as `write_tree` judges (a symlink: None); unreadable: None."""
    try:
        return read_regular(path)
    except (OSError, ValueError):
        return None


def _recorded_files(root: Path) -> tuple[str, dict[str, str]] | None:
    """The record's fingerprint and file hashes; None when absent or not a record."""
    data = _read_bytes(root / RECORD_PATH)
    if data is None:
        return None
    try:
        document: Any = json.loads(data)
    except ValueError:
        return None
    if not isinstance(document, dict) or document.get("graphdoc_record") != _RECORD_VERSION:
        return None
    fingerprint, files = document.get("fingerprint"), document.get("files")
    if not isinstance(fingerprint, str) or not isinstance(files, dict):
        return None
    if not all(isinstance(path, str) and isinstance(h, str) for path, h in files.items()):
        return None
    return fingerprint, files


def vouched_files(root: Path, model_digest: str, generator_digest: str) -> int | None:
    """How many files the record at `root` vouches for (itself included) when the package is
    exactly what this model and generator produce: the same fingerprint, the manifest listing
    the recorded files, each file unchanged. None otherwise."""
    recorded = _recorded_files(root)
    if recorded is None:
        return None
    fingerprint, files = recorded
    if fingerprint != combined(model_digest, generator_digest):
        return None
    if manifest_lines(root) != {*files, RECORD_PATH}:
        return None  # stale files a write would remove, or a hand-edited manifest
    folder = str(root)
    for relative, expected in files.items():
        try:
            check_relative(relative)
        except UnsafePathError:
            return None
        data = _read_bytes(os.path.join(folder, relative))
        if data is None or file_hash(data) != expected:
            return None
    return len(files) + 1


def on_disk(root: Path, files: Mapping[str, str]) -> dict[str, str]:
    """`files` with the record as it is on disk (left out when there is none), for a diff
    that reports what matters: a record alone being outdated leaves the package current."""
    kept = {path: text for path, text in files.items() if path != RECORD_PATH}
    data = _read_bytes(root / RECORD_PATH)
    if data is not None and RECORD_PATH in files:
        kept[RECORD_PATH] = data.decode("utf-8", "replace")
    return kept
