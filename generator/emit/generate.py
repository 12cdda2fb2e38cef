"""`graphdoc generate`: pages → model → Python IR → templates → black → files on disk.

`generate(options)` writes (or, with `check=True`, diffs) one package per API version under
`<output>/<package>/`: typed models (`models/`), the runtime (`_runtime.py`), JSON Schemas
(`schemas/`, from `graphdoc.emit.schema`), `py.typed`, and the release files that make the
folder a pip-installable project with a version that follows its API (`graphdoc.emit.release`).
It returns the files and where the time went.

Caches live under one folder (default `<output>/.graphdoc_cache/`, see
`graphdoc.write.cache`, which keeps it ignored by git and under its size limit):

* `black/`: formatted text by hash of the raw render (`FormatCache`), so only modules whose
  render changed are formatted again, in a process pool over every core; a large module
  piece by piece (`format.chunks`).
* `pages/`: what each page gave the model, by its path and bytes (`model.page_cache`), so
  a rerun after an edit reads the edited pages alone.
* `render/`: the finished text of each module and schema, and the IR of each type, by a key
  of its input (`emit.slices`): a hash of the template's input, or of the model digests of
  exactly the items a unit reads (`model.digest`); so a rerun builds, renders, checks and
  formats only what changed.
* `generate/`: per output folder, what the last run wrote (`emit.last_run`): an unchanged
  rerun whose package is still as that run left it reads no page and no package file.

The page and render stores are sharded (`write.shards`): a rerun rewrites the few shards
that changed.

`.graphdoc/record.json` in the package (`graphdoc.emit.record`) records the fingerprint of
the model and generator that produced it and a hash of every file, so `--check` on a fresh
clone (no cache) reads the pages and renders nothing when the record vouches for the tree.

Output is deterministic: inputs are read sorted, the IR sorts everything it collects, no
timestamps or absolute paths are written, and files are only rewritten when their bytes
change (`write_tree`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import collector
from ..config import GenerateOptions as GenerateOptions
from ..diagnostics import NOT_UTF8, UNREADABLE_FILE, UNRESOLVED_TYPE
from ..errors import ReadingLossError as ReadingLossError
from ..format.black_format import FormatCache, WarmPool, format_many
from ..model.build import build_model, input_root
from ..model.graph import resolve_model
from ..model.page_cache import PageCacheStats, build_model_cached
from ..model.types import ApiModel
from ..progress import StatusLine
from ..write.cache import CACHE_DIR_NAME, cache_dir_for, prepare, prune
from ..write.files import TreeTexts, diff_tree, write_encoded
from ..write.paths import WRITTEN, check_files
from .doctext import doc_text
from .last_run import LastRun, generator_fingerprint, spec_paths
from .python_client import client_ir, example_version
from .python_models import note_text, package_ir
from .quickstart import readme_ir
from .record import RECORD_PATH, model_fingerprint, on_disk, record_text, vouched_files
from .release import release_files, snapshot_file
from .render import client_files, package_files, render
from .slices import RenderMemo, fresh

__all__ = [
    "CACHE_DIR_NAME",
    "GenerateOptions",
    "GenerateResult",
    "GenerateStats",
    "ReadingLossError",
    "build_files",
    "default_cache_dir",
    "generate",
    "package_name",
]

_VERSION_FOLDER = re.compile(r"^(v\d+(?:\.\d+)?|beta)$", re.IGNORECASE)


@dataclass(slots=True)
class GenerateStats:
    """Where the time went (seconds) and what happened to the files."""

    reused: bool = False  # an unchanged input: output taken from the generate cache
    vouched: bool = False  # check: the package's record matched, nothing rendered
    model_seconds: float = 0.0
    render_seconds: float = 0.0
    schema_seconds: float = 0.0
    format_seconds: float = 0.0  # wall time of formatting, cache lookups included
    black_seconds: float = 0.0  # time inside black, summed over worker processes
    format_hits: int = 0
    format_misses: int = 0
    pages_read: int = 0  # pages read; the others' parts came from the page cache
    pages_cached: int = 0
    files_reused: int = 0  # files whose template input was unchanged: not rendered again
    write_seconds: float = 0.0
    total_seconds: float = 0.0
    files: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def outside_black_seconds(self) -> float:
        """Wall time not spent formatting: reading, rendering, schemas, writing."""
        return self.total_seconds - self.format_seconds


@dataclass(slots=True)
class GenerateResult:
    package: str
    root: Path  # `<output>/<package>`
    files: Mapping[str, str]  # path relative to `root` → text, as written (or to be)
    stats: GenerateStats
    diff: str = ""  # check mode: what writing would change; empty when current
    notes: list[str] = field(default_factory=list)
    diagnostics: dict[str, int] = field(default_factory=dict)  # severity → count
    losses: list[str] = field(default_factory=list)  # `reading_losses`, when allowed
    written: list[str] = field(default_factory=list)  # paths under `root` this run wrote
    removed: list[str] = field(default_factory=list)  # stale paths this run deleted
    # check: the package is current but its record is outdated or missing (`generate`
    # refreshes it, and the next check renders nothing)
    record_outdated: bool = False


# A page that could not be read at all (binary, a NUL byte, not UTF-8).
_UNREADABLE = frozenset({UNREADABLE_FILE.code, NOT_UTF8.code})
_UNRESOLVED = UNRESOLVED_TYPE.code


def reading_losses(model: ApiModel, root: Path) -> list[str]:
    """The diagnostics that make a run unsafe: pages not read while type references stay
    unresolved (the pages may have defined those types). Empty when either is absent."""
    unreadable = [d for d in model.diagnostics if d.code in _UNREADABLE and d.severity == "error"]
    unresolved = [d for d in model.diagnostics if d.code == _UNRESOLVED]
    if not unreadable or not unresolved:
        return []
    return [
        f"{Path(os.path.relpath(root / d.path))}:{d.line}:{d.column}: {d.code} {d.message}"
        for d in [*unreadable, *unresolved]
    ]


def default_cache_dir(output: Path) -> Path:
    """`.graphdoc_cache/` inside the output folder (so `-o .` keeps it in the project)."""
    return cache_dir_for(output)


def _version_package(version: str) -> str:
    lowered = version.lower()
    if lowered == "beta":
        return "graph_beta"
    major, _, minor = lowered.lstrip("v").partition(".")
    return f"graph_v{major}" if minor in ("", "0") else f"graph_v{major}_{minor}"


def package_name(model: ApiModel, paths: Sequence[Path]) -> str:
    """The package for one API version: a folder named `v1.0` or `beta` on the input path
    decides; otherwise the version most request URLs of the examples use; else `graph`."""
    for path in paths:
        for part in reversed(path.resolve().parts):
            if _VERSION_FOLDER.match(part):
                return _version_package(part)
    version = example_version(model)
    return _version_package(version) if version else "graph"


def build_files(
    model: ApiModel,
    package: str,
    *,
    format: bool = True,
    schemas: bool = True,
    clients: bool = True,
    tests: bool = True,
    specs: Sequence[str] = (),
    cache: FormatCache | None = None,
    workers: int | None = None,
    stats: GenerateStats | None = None,
    status: StatusLine | None = None,
    memo: RenderMemo | None = None,
    warm: WarmPool | None = None,
) -> tuple[dict[str, str], list[str]]:
    """Every file of the package (relative path → text) and the IR's notes.

    `specs` are the input folders as the generated tests find them: paths relative to the
    package's `tests/` folder (see `generate`). Tests need the clients and the schemas.
    With a `memo`, files whose template input is unchanged are last run's (`slices`).
    """
    stats = stats if stats is not None else GenerateStats()
    started = time.perf_counter()
    model = resolve_model(model)  # once, for every emitter below
    if memo is not None:
        memo.share_text(doc_text(model))
    ir = package_ir(model, memo)
    files = package_files(ir, memo, clients=clients)
    notes = [note_text(d) for d in ir.diagnostics]
    if clients:
        clients_ir = client_ir(model, package, ir)
        files.update(client_files(clients_ir, memo))
        files["README.md"] = render("readme.md.jinja", r=readme_ir(ir, clients_ir))
        notes.extend(note_text(d) for d in clients_ir.diagnostics)
        if tests and schemas:
            from .python_tests import test_files, tests_ir

            files.update(test_files(tests_ir(model, clients_ir, specs), memo))
    stats.render_seconds = time.perf_counter() - started
    if schemas:
        # Imported here, like the tests emitter: jsonschema costs ~60 ms, which a run
        # reusing stored output never needs.
        from .schema import schema_files

        started = time.perf_counter()
        files.update(schema_files(model, memo))
        stats.schema_seconds = time.perf_counter() - started
    if format:
        sources = {path: text for path, text in fresh(memo, files).items() if path.endswith(".py")}
        progress = status.stage("format modules") if status is not None else None
        result = format_many(sources, cache, workers, progress, warm)
        files.update(result.formatted)
        stats.format_seconds = result.wall_seconds
        stats.black_seconds = result.black_seconds
        stats.format_hits = result.hits
        stats.format_misses = result.misses
    if memo is not None:
        memo.save(files)
        stats.files_reused = len(memo.reused)
    files.update(snapshot_file(model, files))  # what the next run's version compares with
    return dict(sorted(files.items())), notes


# ------------------------------------------------------------------------------ generate


def _relabel(diff: str, package: str) -> str:
    """Diff headers name files from the output folder: `a/graph_v1/models/user.py`."""
    out = []
    for line in diff.splitlines(keepends=True):
        if line.startswith(("--- a/", "+++ b/")):
            line = f"{line[:6]}{package}/{line[6:]}"
        out.append(line)
    return "".join(out)


def generate(
    options: GenerateOptions, *, check: bool = False, status: StatusLine | None = None
) -> GenerateResult:
    """Generate the package into `options.output` (check: only diff it); see module doc.
    `status` shows the long stages (reading, formatting) as they go. While the model is read
    and rendered, black is imported in worker processes (`WarmPool`), so a rerun that
    formats a module or two does not wait for its import."""
    with collector.paused():
        return _generate(options, check=check, status=status)


def _reused(run: _Run, last: LastRun) -> GenerateResult | None:
    """The result of a run that finds the package as this one would make it (`LastRun`)."""
    stored = last.current()
    if stored is None:
        return None
    if stored.losses and not run.options.allow_unreadable:
        raise ReadingLossError(stored.losses)
    stats = run.stats
    stats.reused = True
    stats.files = stats.unchanged = len(stored.digests)
    stats.total_seconds = stats.write_seconds = time.perf_counter() - run.started
    root = run.options.output / stored.package
    return GenerateResult(
        stored.package,
        root,
        TreeTexts(root, stored.digests),
        stats,
        notes=stored.notes,
        diagnostics=stored.diagnostics,
        losses=stored.losses,
    )


@dataclass(slots=True)
class _Run:
    """One generation's settings and the state its steps share."""

    options: GenerateOptions
    check: bool
    status: StatusLine | None
    stats: GenerateStats = field(default_factory=GenerateStats)
    started: float = field(default_factory=time.perf_counter)
    # Cache files older than this (less a margin for coarse file-system clocks) were not
    # used by this run and may be pruned.
    began: float = field(default_factory=lambda: time.time() - 2.0)
    written_before: int = field(default_factory=lambda: WRITTEN.bytes)

    @property
    def cache_dir(self) -> Path:
        return self.options.cache_dir or default_cache_dir(self.options.output)


def _generate(
    options: GenerateOptions, *, check: bool, status: StatusLine | None
) -> GenerateResult:
    run = _Run(options, check, status)
    last = LastRun(run.cache_dir, options)
    # A check with no stored run (a fresh clone) skips hashing every input: the package's
    # record answers once the model is read.
    if options.use_cache and (not check or last.exists()):
        reused = _reused(run, last)
        if reused is not None:
            return reused
    with WarmPool(options.workers) as warm:
        if options.format and not check:
            warm.start()  # black's import overlaps reading and rendering
        return _from_model(run, last, warm)


def _read_model(run: _Run, last: LastRun) -> ApiModel:
    options = run.options
    progress = run.status.stage("read pages") if run.status is not None else None
    if not options.use_cache or run.check:  # a check writes nothing, caches included
        return build_model(list(options.paths), progress=progress)
    with contextlib.suppress(OSError):  # a read-only cache only costs time
        prepare(run.cache_dir)
    pages = PageCacheStats()
    model = build_model_cached(
        list(options.paths), run.cache_dir, progress=progress, stats=pages, digests=last.inputs
    )
    run.stats.pages_read, run.stats.pages_cached = pages.misses, pages.hits
    return model


def _from_model(run: _Run, last: LastRun, warm: WarmPool) -> GenerateResult:
    """The run that reads the model: generate (or check) the package from it."""
    options, stats = run.options, run.stats
    model = _read_model(run, last)
    stats.model_seconds = time.perf_counter() - run.started
    losses = reading_losses(model, input_root(options.paths))
    if losses and not options.allow_unreadable:
        raise ReadingLossError(losses)
    package = options.package or package_name(model, options.paths)
    root = options.output / package
    diagnostics: dict[str, int] = dict(Counter(d.severity for d in model.diagnostics))
    model_digest = model_fingerprint(model)
    generator_digest = generator_fingerprint(options, package)
    vouched = run.check and vouched_files(root, model_digest, generator_digest)
    if vouched:
        stats.vouched = True
        stats.files = vouched
        stats.total_seconds = time.perf_counter() - run.started
        return GenerateResult(package, root, {}, stats, diagnostics=diagnostics, losses=losses)
    if options.format:
        warm.start()  # a stale check formats too
    format_cache = None
    if options.use_cache:
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            prepare(run.cache_dir)
        format_cache = FormatCache(run.cache_dir / "black")
    files, notes = build_files(
        model,
        package,
        format=options.format,
        schemas=options.schemas,
        clients=options.clients,
        tests=options.tests,
        specs=spec_paths(options, package),
        cache=format_cache,
        workers=options.workers,
        stats=stats,
        status=run.status,
        memo=(
            RenderMemo(run.cache_dir, options.output, formatted=options.format)
            if options.use_cache
            else None
        ),
        warm=warm,
    )
    files.update(
        release_files(
            root, package, files, distribution=options.distribution, version=options.version
        )
    )
    write_started = time.perf_counter()
    # Encoded and hashed once: for the record, and for comparing with the package on disk.
    encoded = check_files(files)
    hashes = {path: hashlib.sha256(data).digest() for path, data in encoded.items()}
    record = record_text(hashes, model_digest, generator_digest)
    encoded[RECORD_PATH] = record.encode("utf-8")
    hashes[RECORD_PATH] = hashlib.sha256(encoded[RECORD_PATH]).digest()
    files = dict(sorted({**files, RECORD_PATH: record}.items()))
    result = GenerateResult(
        package, root, files, stats, notes=notes, diagnostics=diagnostics, losses=losses
    )
    if run.check:
        current = on_disk(root, files)
        result.diff = _relabel(diff_tree(root, current), package)
        result.record_outdated = not result.diff and current != files
    else:
        report = write_encoded(root, encoded, ledger=last.written, digests=hashes)
        result.written, result.removed = report.written, report.removed
        stats.written = len(report.written)
        stats.unchanged = len(report.unchanged)
        stats.removed = len(report.removed)
        if options.use_cache:
            last.save(package, model_digest, hashes, notes, diagnostics, losses)
            prune(
                run.cache_dir,
                options.cache_limit,
                keep_since=run.began,
                written=WRITTEN.bytes - run.written_before,
            )
    stats.write_seconds = time.perf_counter() - write_started
    stats.files = len(files)
    stats.total_seconds = time.perf_counter() - run.started
    return result
