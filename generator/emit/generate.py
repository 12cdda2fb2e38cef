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
import functools
import hashlib
import os
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import collector
from ..config import GenerateOptions as GenerateOptions
from ..diagnostics import NOT_UTF8, UNREADABLE_FILE, UNRESOLVED_TYPE
from ..errors import MemoGap
from ..errors import ReadingLossError as ReadingLossError
from ..model.build import build_model, input_root
from ..model.page_cache import PageCacheStats, build_model_cached
from ..model.types import ApiModel, Diagnostic
from ..progress import StatusLine
from ..write.cache import CACHE_DIR_NAME, cache_dir_for, prepare, prune
from ..write.files import TreeTexts, diff_tree, write_encoded
from ..write.paths import MANIFEST_NAME, WRITTEN, check_files
from ..write.prestage import Prestage
from .last_run import LastRun, generator_fingerprint, spec_paths
from .package_name import package_name as package_name
from .record import RECORD_PATH, model_fingerprint, on_disk, record_text, vouched_files
from .stats import GenerateStats as GenerateStats

if TYPE_CHECKING:
    from ..format.black_format import WarmPool

__all__ = [
    "CACHE_DIR_NAME",
    "GenerateOptions",
    "GenerateResult",
    "GenerateStats",
    "ReadingLossError",
    "default_cache_dir",
    "generate",
    "package_name",
]


@dataclass(slots=True)
class GenerateResult:
    package: str
    root: Path  # `<output>/<package>`
    # Path relative to `root` → text, as written (or to be). A rerun's files it kept from the
    # last run are read from the cache when asked for (`PackageTexts`).
    files: Mapping[str, str]
    stats: GenerateStats
    diff: str = ""  # check mode: what writing would change; empty when current
    notes: list[str] = field(default_factory=list)
    diagnostics: dict[str, int] = field(default_factory=dict)  # severity → count
    losses: list[str] = field(default_factory=list)  # `reading_losses`, when allowed
    errors: list[str] = field(default_factory=list)  # the model's error diagnostics, a line each
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
    return diagnostic_lines([*unreadable, *unresolved], root)


def diagnostic_lines(diagnostics: list[Diagnostic], root: Path) -> list[str]:
    """`path:line:column: code message` each, the path as the user reaches it from here."""
    return [
        f"{Path(os.path.relpath(root / d.path))}:{d.line}:{d.column}: {d.code} {d.message}"
        for d in diagnostics
    ]


def default_cache_dir(output: Path) -> Path:
    """`.graphdoc_cache/` inside the output folder (so `-o .` keeps it in the project)."""
    return cache_dir_for(output)


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
    forget: bool = False  # render without last run's memo (it lost something mid-run)

    @property
    def cache_dir(self) -> Path:
        return self.options.cache_dir or default_cache_dir(self.options.output)


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
        errors=stored.errors,
    )


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
    try:
        if check:
            return _from_model(run, last, None)
        from ..format.black_format import WarmPool

        # First, before any pool forks: the next stage is assembled while the model is read.
        package = _package_ahead(options)
        ahead = Prestage(package, last.written) if package is not None else None
        with ahead or contextlib.nullcontext(), WarmPool(options.workers) as warm:
            if options.format:
                warm.start()  # black's import overlaps reading and rendering
            return _from_model(run, last, warm, ahead)
    except MemoGap:
        # A file the memo kept lost its text before it was written or compared (a damaged
        # cache); nothing was swapped in. Made again without the memo, which mends it.
        run.forget = True
        return _from_model(run, last, None)


def _package_ahead(options: GenerateOptions) -> Path | None:
    """The package this run most likely writes, before the model says: the one named, or
    the one package folder graphdoc wrote in the output folder (None: no guess)."""
    if options.package:
        return options.output / options.package
    try:
        with os.scandir(options.output) as entries:
            found = [
                Path(entry.path)
                for entry in entries
                if entry.is_dir(follow_symlinks=False)
                and os.path.isfile(os.path.join(entry.path, MANIFEST_NAME))
            ]
    except OSError:
        return None
    return found[0] if len(found) == 1 else None


def _read_model(run: _Run, last: LastRun) -> ApiModel:
    options = run.options
    progress = run.status.stage("read pages") if run.status is not None else None
    if not options.use_cache or run.check:  # a check writes nothing, caches included
        return build_model(list(options.paths), progress=progress)
    with contextlib.suppress(OSError):  # a read-only cache only costs time
        prepare(run.cache_dir)
    pages = PageCacheStats()
    model = build_model_cached(
        list(options.paths),
        run.cache_dir,
        progress=progress,
        stats=pages,
        digests=last.inputs,
        found=last.found,
    )
    run.stats.pages_read, run.stats.pages_cached = pages.misses, pages.hits
    return model


def _from_model(
    run: _Run, last: LastRun, warm: WarmPool | None, ahead: Prestage | None = None
) -> GenerateResult:
    """The run that reads the model: generate (or check) the package from it; `ahead`: the
    stage assembled meanwhile, if any."""
    options, stats = run.options, run.stats
    model = _read_model(run, last)
    stats.model_seconds = time.perf_counter() - run.started
    losses = reading_losses(model, input_root(options.paths))
    if losses and not options.allow_unreadable:
        raise ReadingLossError(losses)
    package = options.package or package_name(model, options.paths)
    root = options.output / package
    diagnostics: dict[str, int] = dict(Counter(d.severity for d in model.diagnostics))
    errors = diagnostic_lines(
        [d for d in model.diagnostics if d.severity == "error"], input_root(options.paths)
    )
    model_digest = model_fingerprint(model)
    generator_digest = generator_fingerprint(options, package)
    vouched = run.check and vouched_files(root, model_digest, generator_digest)
    if vouched:
        stats.vouched = True
        stats.files = vouched
        stats.total_seconds = time.perf_counter() - run.started
        return GenerateResult(
            package, root, {}, stats, diagnostics=diagnostics, losses=losses, errors=errors
        )
    # Imported only now: the emitters, Jinja and black are not for a check the record vouches.
    from ..format.black_format import FormatCache
    from .build import build_files
    from .release import release_files
    from .slices import RenderMemo

    format_cache = None
    memo = None
    if options.use_cache:
        if run.check:  # prepared when reading otherwise; a stale check formats through it
            with contextlib.suppress(OSError):  # a read-only cache only costs time
                prepare(run.cache_dir)
        format_cache = FormatCache(run.cache_dir / "black")
        memo = RenderMemo(
            run.cache_dir, options.output, formatted=options.format, remember=not run.forget
        )
    build = functools.partial(
        build_files,
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
        warm=warm,
    )
    try:
        files, notes = build(memo=memo)
    except MemoGap:  # a unit the memo vouched for is gone: render without it, and mend it
        memo = RenderMemo(run.cache_dir, options.output, formatted=options.format, remember=False)
        files, notes = build(memo=memo)
    files.update(
        release_files(
            root, package, files, distribution=options.distribution, version=options.version
        )
    )
    write_started = time.perf_counter()
    # Hashed once: for the record, and for comparing with the package on disk; a file the
    # memo kept is neither read, encoded nor hashed again (`PackageTexts`).
    encoded = check_files(files)
    hashes = {path: files.digest(path) for path in files}
    record = record_text(hashes, model_digest, generator_digest)
    files.add(RECORD_PATH, record)
    hashes[RECORD_PATH] = hashlib.sha256(encoded[RECORD_PATH]).digest()
    result = GenerateResult(
        package, root, files, stats, notes=notes, diagnostics=diagnostics, losses=losses,
        errors=errors,
    )
    if run.check:
        current = on_disk(root, files)
        result.diff = _relabel(diff_tree(root, current), package)
        result.record_outdated = not result.diff and current != files
        if memo is not None:
            memo.save(files)
    else:
        report = write_encoded(root, encoded, ledger=last.written, digests=hashes, ahead=ahead)
        files.written = root  # where a kept text is read if the memo loses it
        result.written, result.removed = report.written, report.removed
        stats.written = len(report.written)
        stats.unchanged = len(report.unchanged)
        stats.removed = len(report.removed)
        if memo is not None:  # while the old package is swept (`Prestage`)
            memo.save(files)
        if options.use_cache:
            last.save(package, hashes, notes, diagnostics, losses, errors)
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
