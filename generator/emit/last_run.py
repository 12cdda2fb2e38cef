"""What the last run of `generate` into an output folder left, and whether it still holds.

A run is a function of its inputs (every input file's path and bytes), the generator code
that shapes output and its templates (`graphdoc.code_digest`), black's version and the
options: `fingerprint` hashes them all. Per output folder the cache keeps (`generate/`):

* the last run, keyed by that fingerprint: the package's name, the model's fingerprint,
  notes, diagnostics, and the SHA-256 of every file it wrote. Not the texts: the package on
  disk holds them. A rerun with the same fingerprint whose package still has those digests
  has nothing to do; one whose package was changed by hand generates it again.
* two ledgers of digests with the stat they were taken at (`write.file_digests`): of the
  input files, so hashing the inputs reads only files whose stat moved; and of the package
  as the last write left it, so checking it (above) or comparing new output with it reads
  only files something else changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..code_digest import OUTPUT_CODE, code_digest
from ..config import GenerateOptions
from ..format import black_version
from ..model.build import Discovered, discover, input_files
from ..write.file_digests import FileDigests
from ..write.files import holds
from ..write.paths import atomic_write

__all__ = ["LastRun", "Stored", "fingerprint", "generator_fingerprint", "spec_paths"]

# Bump when the layout of the stored run changes.
# 2: pickled, not JSON (a fifth of the time for 36 MB of text); 3: merged; 4: the
# fingerprint pickled ahead of the rest, the files in shards; 5: digests, not texts;
# 6: no model digest
_STORE_VERSION = 6


def spec_paths(options: GenerateOptions, package: str | None = None) -> tuple[str, ...]:
    """The input paths relative to `<output>/<package>/tests`, where the generated tests
    start `graphdoc serve` from (POSIX separators, so output is the same everywhere).

    An input sharing no folder but the file-system root with the output (generating into
    a temporary folder) is left out rather than written as a path through the root, which
    would name this machine's folders; its tests then take `GRAPHDOC_SPECS`.
    """
    tests_folder = options.output.resolve() / (package or options.package or "_") / "tests"
    found: list[str] = []
    for path in options.paths:
        resolved = path.resolve()
        common = Path(os.path.commonpath([resolved, tests_folder]))
        if common == Path(common.anchor):
            continue
        found.append(Path(os.path.relpath(resolved, tests_folder)).as_posix())
    return tuple(found)


def _generator_digest(options: GenerateOptions, package: str | None) -> Any:
    digest = hashlib.sha256()
    settings = {
        "store": _STORE_VERSION,
        "black": black_version(),
        "package": package,
        "format": options.format,
        "schemas": options.schemas,
        "clients": options.clients,
        "tests": options.tests,
        "specs": spec_paths(options, package),
        # The release files' settings (`graphdoc.emit.release`): a manual bump changes output.
        "distribution": options.distribution,
        "version": options.version,
    }
    digest.update(json.dumps(settings, sort_keys=True).encode())
    digest.update(code_digest(OUTPUT_CODE, templates=True).encode())
    return digest


def generator_fingerprint(options: GenerateOptions, package: str) -> str:
    """A hash of what the output depends on besides the model: the generator's output code,
    templates, black's version and the options (the record's other half)."""
    return str(_generator_digest(options, package).hexdigest())


def fingerprint(options: GenerateOptions, digests: FileDigests, found: Discovered) -> str:
    """A hash of everything the output depends on: inputs, generator code, options
    (`digests`: the inputs' hashes, known without reading unchanged files; `found`: the
    inputs `discover` found)."""
    digest = _generator_digest(options, options.package)
    _, files, problems = found
    digest.update(b"inputs\0")
    for problem in problems:
        digest.update(f"{problem.path}:{problem.message}\0".encode("utf-8", "surrogateescape"))
    for relative, file in zip(files, input_files(found), strict=True):
        digest.update(relative.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        try:
            digest.update(digests.of(file))
        except OSError as error:
            digest.update(str(error).encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    return str(digest.hexdigest())


@dataclass(frozen=True, slots=True)
class Stored:
    """The last run, as kept (see the module doc)."""

    package: str
    digests: dict[str, bytes]
    notes: list[str]
    diagnostics: dict[str, int]
    losses: list[str]
    errors: list[str]


class LastRun:
    """The stored last run into `options.output`, and the ledgers beside it."""

    def __init__(self, cache_dir: Path, options: GenerateOptions) -> None:
        self.options = options
        slot = hashlib.sha256(str(options.output.resolve()).encode("utf-8", "surrogateescape"))
        self.path = cache_dir / "generate" / f"{slot.hexdigest()[:24]}.pickle"
        use = options.use_cache
        self.inputs = FileDigests(self.path.with_suffix(".inputs") if use else None)
        self.written = FileDigests(
            self.path.with_suffix(".written") if use else None, ctime=False
        )
        self.key = ""
        self.found: Discovered | None = None  # the inputs, once `load` has looked

    def exists(self) -> bool:
        return self.path.is_file()

    def load(self) -> Stored | None:
        """The last run when it was made with this run's fingerprint. The fingerprint is
        pickled ahead of the rest, so a run whose inputs changed reads a few bytes."""
        self.found = discover(list(self.options.paths))
        self.key = fingerprint(self.options, self.inputs, self.found)
        try:
            with self.path.open("rb") as handle:
                if pickle.load(handle) != self.key:
                    return None
                data: Any = pickle.load(handle)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            return None
        if not isinstance(data, dict) or data.get("fingerprint") != self.key:
            return None
        try:
            stored = Stored(
                str(data["package"]),
                {str(path): bytes(digest) for path, digest in data["digests"].items()},
                [str(note) for note in data["notes"]],
                {str(k): int(v) for k, v in data["diagnostics"].items()},
                [str(line) for line in data["losses"]],
                [str(line) for line in data["errors"]],
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: pruned last
        return stored

    def current(self) -> Stored | None:
        """The last run when this one would make the same package and the package on disk
        is still exactly what it wrote."""
        stored = self.load()
        if stored is None:
            return None
        package = self.options.output / stored.package
        return stored if holds(package, stored.digests, self.written) else None

    def save(
        self,
        package: str,
        digests: dict[str, bytes],
        notes: list[str],
        diagnostics: dict[str, int],
        losses: list[str],
        errors: list[str],
    ) -> None:
        """Keep this run (made under the fingerprint `load` computed) and the ledgers."""
        if not self.key:
            return
        data = {
            "fingerprint": self.key,
            "package": package,
            "digests": digests,
            "notes": notes,
            "diagnostics": diagnostics,
            "losses": losses,
            "errors": errors,
        }
        head = pickle.dumps(self.key, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            atomic_write(self.path, head + pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            self.written.save()
            self.inputs.save()
