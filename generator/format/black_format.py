"""black, made affordable for thousands of generated modules.

black costs 40-140 ms a module and a subprocess per file about 450 ms, so we call
`black.format_str` in-process with one pinned mode, skip every source whose formatted
text is already in a content-addressed cache, and spread the misses over a process pool.

black itself is imported on the first miss: importing it costs ~0.1 s, which a rerun whose
modules all come from the caches, and `generate --check`, never need. Its version (for the
cache keys) is read without importing it (`graphdoc.format.black_version`).
"""

from __future__ import annotations

import collections
import contextlib
import functools
import hashlib
import os
import signal
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import FormatError as FormatError
from ..forks import HELD, die_with, receive, send
from ..progress import Progress
from ..write.paths import WRITTEN
from . import LINE_LENGTH, black_version, chunks

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from black.mode import Mode

__all__ = [
    "FormatCache",
    "FormatError",
    "FormatResult",
    "WarmPool",
    "black_mode",
    "black_version",
    "format_many",
    "format_source",
]

# What `black_mode` pins, in the cache keys.
_MODE_KEY = f"py311 line-length {LINE_LENGTH}"


@functools.cache
def black_mode() -> Mode:
    """The one mode: pinned, since autodetecting target versions can change output and costs
    ~15% more time."""
    from black.mode import Mode, TargetVersion

    return Mode(target_versions={TargetVersion.PY311}, line_length=LINE_LENGTH)


# Below this many misses a process pool costs more to start than it saves.
IN_PROCESS_BELOW = 8
_CHUNK_MAX = 16


def format_source(source: str, path: str = "<string>") -> str:
    """Format one module with the pinned mode; raise FormatError naming `path` if black can't."""
    import black

    try:
        return black.format_str(source, mode=black_mode())
    except Exception as exc:  # black raises InvalidInput, but also asserts on odd input
        message = str(exc).strip() or type(exc).__name__
        raise FormatError(path, message) from exc


class FormatCache:
    """Formatted texts stored under `sha256(black version, mode, raw source)`.

    Files live at `<directory>/ab/cdef…` so no folder grows huge; each is written to a temp
    file then renamed in, so concurrent runs never see half a file. A changed black version or
    mode changes every key, so stale entries are simply never read.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @staticmethod
    def key(source: str) -> str:
        digest = hashlib.sha256()
        for part in (black_version(), _MODE_KEY, source):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def path_for(self, source: str) -> Path:
        key = self.key(source)
        return self.directory / key[:2] / key[2:]

    def get(self, source: str) -> str | None:
        path = self.path_for(source)
        try:
            data = path.read_bytes()
            os.utime(path)  # recently used: pruned last (`graphdoc.write.cache.prune`)
        except OSError:
            return None
        try:
            return data.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return None  # not ours or damaged: format again and overwrite

    def put(self, source: str, formatted: str) -> None:
        target = self.path_for(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            data = formatted.encode("utf-8", "surrogatepass")
            WRITTEN.bytes += len(data)
            temp.write_bytes(data)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)


@dataclass(slots=True)
class FormatResult:
    """Formatted text per output path, plus where the time went."""

    formatted: dict[str, str] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    black_seconds: float = 0.0  # summed over workers, so it can exceed wall_seconds
    wall_seconds: float = 0.0


# (formatted text or None, error message or None, seconds spent in black)
_Outcome = tuple[str | None, str | None, float]


class _Result(Protocol):
    """A source handed to a worker: the warm one's, or a pool's future."""

    def result(self) -> _Outcome: ...


def _format_timed(source: str) -> _Outcome:
    """Worker entry point: errors come back as values so the caller can name the path."""
    started = time.perf_counter()
    try:
        formatted, error = format_source(source), None
    except FormatError as exc:
        formatted, error = None, exc.message
    return formatted, error, time.perf_counter() - started


def _counted(outcomes: Iterable[_Outcome], total: int, progress: Progress | None) -> list[_Outcome]:
    done: list[_Outcome] = []
    for outcome in outcomes:
        done.append(outcome)
        if progress is not None:
            progress(len(done), total)
    return done


def _run_pool(sources: list[str], workers: int, progress: Progress | None) -> list[_Outcome]:
    from concurrent.futures import ProcessPoolExecutor

    chunksize = max(1, min(_CHUNK_MAX, len(sources) // (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        outcomes = pool.map(_format_timed, sources, chunksize=chunksize)
        return _counted(outcomes, len(sources), progress)


class _Waiting:
    """A source sent to the warm worker; `result` waits for its outcome."""

    __slots__ = ("outcome", "worker")

    def __init__(self, worker: _WarmWorker) -> None:
        self.worker = worker
        self.outcome: _Outcome | None = None

    def result(self) -> _Outcome:
        while self.outcome is None:
            self.worker.answer_next()
        return self.outcome


class _WarmWorker:
    """One forked process that imports black as soon as it starts, then formats what it is
    sent, in order. Plain pipes, no executor: a rerun's process imports no process pool
    machinery and runs no thread of its own. In the worker a thread drains the pipe of
    sources, so the run never waits to send while the worker waits to answer."""

    def __init__(self, pid: int, sources: int, outcomes: int) -> None:
        self.pid, self._sources, self._outcomes = pid, sources, outcomes
        self._waiting: collections.deque[_Waiting] = collections.deque()

    @staticmethod
    def start() -> _WarmWorker | None:
        """The worker, forked now; None where this platform cannot fork."""
        fork = getattr(os, "fork", None)
        if fork is None:
            return None
        sources_in, sources = os.pipe()  # the run's sources, to the worker
        outcomes, outcomes_out = os.pipe()  # its outcomes, back
        parent = os.getpid()
        HELD.update({sources, outcomes})  # not for the worker, nor any later fork
        try:
            pid = fork()
        except OSError:
            for fd in (sources_in, sources, outcomes, outcomes_out):
                os.close(fd)
            HELD.difference_update({sources, outcomes})
            return None
        if pid == 0:  # the worker: never returns into the caller
            try:
                _serve(sources_in, outcomes_out, parent)
            finally:
                os._exit(0)
        os.close(sources_in)
        os.close(outcomes_out)
        return _WarmWorker(pid, sources, outcomes)

    def submit(self, source: str) -> _Waiting:
        if self.pid == 0:
            raise RuntimeError("the black worker has ended")
        send(self._sources, source)
        waiting = _Waiting(self)
        self._waiting.append(waiting)
        return waiting

    def answer_next(self) -> None:
        """Read the next outcome (the oldest source's); RuntimeError if the worker died."""
        outcome = receive(self._outcomes) if self.pid else None
        if outcome is None:
            raise RuntimeError("the black worker ended before it answered")
        self._waiting.popleft().outcome = outcome

    def close(self) -> None:
        """End the worker (what it still formats is not wanted) and wait for it."""
        if self.pid == 0:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        for fd in (self._sources, self._outcomes):
            os.close(fd)
            HELD.discard(fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = 0


def _serve(sources: int, outcomes: int, parent: int) -> None:
    """The warm worker's life: black imported first, then each source formatted in turn
    until the run closes the pipe."""
    import queue
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run decides what an interrupt ends
    die_with(parent)
    received: queue.SimpleQueue[str | None] = queue.SimpleQueue()

    def drain() -> None:
        while (source := receive(sources)) is not None:
            received.put(source)
        received.put(None)

    threading.Thread(target=drain, daemon=True).start()
    import black  # noqa: F401  (the point of a warm worker)

    while (source := received.get()) is not None:
        send(outcomes, _format_timed(source))


class WarmPool:
    """Processes that import black while the caller still reads and renders: a rerun that
    formats one module then waits for black itself, not for its import (~0.1 s). Started
    by `start` (a no-op on one core), used by `format_many`, ended by `close`. Modules
    known early (`prefetch`) are formatted while the caller renders the rest (black takes
    some 7 ms a kilobyte: 0.1 s for one model of 15 KB).

    `start` starts one process, which imports black at once; the other workers start when
    a burst of work queues up (a whole package to format), in a pool of their own. One pool
    of all workers would not do: under fork it starts them all at its first task, and a
    rerun's few pieces then go to whichever is idle, often one that must import black
    first, while the run waits."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.pool: _WarmWorker | None = None  # the process black is imported in first
        self.more: ProcessPoolExecutor | None = None  # the others, once work queues up
        self.pending: dict[str, _Result] = {}
        self._submitted = 0

    def submit(self, source: str) -> _Result:
        """Format `source` in a worker; the first burst of work starts the other workers,
        which then take their share."""
        if self.pool is None:
            raise RuntimeError("the pool is not started")
        if self.more is None and self.workers > 1 and len(self.pending) >= IN_PROCESS_BELOW:
            self.more = _burst_pool(self.workers - 1)
        self._submitted += 1
        if self.more is not None and self._submitted % self.workers:
            return self.more.submit(_format_timed, source)
        return self.pool.submit(source)

    def prefetch(self, sources: Iterable[str], cache: FormatCache | None) -> None:
        """Start formatting `sources` that the cache lacks; `format_many` takes the results.
        A large module's pieces are started the same way (`format_many` formats it piece
        by piece)."""
        if self.pool is None:
            return
        for source in sources:
            if source in self.pending:
                continue
            if cache is not None and cache.get(source) is not None:
                continue
            pieces = chunks.split(source)
            texts = [source] if pieces is None else [chunks.wrap(piece) for piece in pieces]
            for text in texts:
                if text in self.pending or (cache is not None and cache.get(text) is not None):
                    continue
                try:
                    self.pending[text] = self.submit(text)
                except (OSError, RuntimeError):  # a broken pool is a RuntimeError
                    return  # gone: `format_many` does it

    def start(self) -> None:
        """Fork the warm worker (no-op on one core, or where nothing forks: the run then
        formats in this process or a pool of its own)."""
        if self.workers < 2 or self.pool is not None:
            return
        self.pool = _WarmWorker.start()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        if self.more is not None:
            self.more.shutdown(wait=True, cancel_futures=True)
        self.pool = self.more = None

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _burst_pool(workers: int) -> ProcessPoolExecutor:
    """A pool for the workers a burst of work starts. Where the platform has a fork server
    its workers come from there: a pool runs threads in this process, and a fork of a
    threaded process may inherit a lock some thread holds."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "forkserver" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))
    return ProcessPoolExecutor(workers)


def _format_all(
    sources: list[str], workers: int, progress: Progress | None, warm: WarmPool | None
) -> list[_Outcome]:
    if warm is not None and warm.pool is not None and sources:
        try:
            pending = warm.pending
            futures = [
                pending.pop(source) if source in pending else warm.submit(source)
                for source in sources
            ]
            return _counted((future.result() for future in futures), len(sources), progress)
        except (OSError, RuntimeError):  # a broken pool is a RuntimeError
            warm.close()  # gone: do it here, or in a pool of our own
    if workers > 1 and len(sources) >= IN_PROCESS_BELOW:
        try:
            return _run_pool(sources, min(workers, len(sources)), progress)
        except (OSError, RuntimeError, NotImplementedError):  # RuntimeError: a broken pool
            pass  # no usable process pool here (sandbox, no /dev/shm): do it ourselves
    return _counted(map(_format_timed, sources), len(sources), progress)


def format_many(
    sources: Mapping[str, str],
    cache: FormatCache | None,
    workers: int | None = None,
    progress: Progress | None = None,
    warm: WarmPool | None = None,
) -> FormatResult:
    """Format every `path → raw source`; raise FormatError for the first path black rejects.

    Identical sources are formatted once; a large module is formatted piece by piece,
    each piece cached (`chunks`). Misses go to the `warm` pool when it runs, else to a
    process pool of `workers` (default: every core) unless there are fewer than
    IN_PROCESS_BELOW of them.
    """
    started = time.perf_counter()
    result = FormatResult()
    done: dict[str, str] = {}
    todo: list[str] = []
    cut: dict[str, list[chunks.Piece]] = {}  # large modules, formatted piece by piece
    queued: set[str] = set()
    for source in dict.fromkeys(sources.values()):
        cached = cache.get(source) if cache is not None else None
        if cached is not None:
            done[source] = cached
            continue
        pieces = chunks.split(source)
        if pieces is None:
            todo.append(source)
            continue
        cut[source] = pieces
        for piece in pieces:
            text = chunks.wrap(piece)
            if text in done or text in queued:
                continue
            cached = cache.get(text) if cache is not None else None
            if cached is None:
                todo.append(text)
                queued.add(text)
            else:
                done[text] = cached
    errors: dict[str, str] = {}
    for source, (formatted, error, seconds) in zip(
        todo, _format_all(todo, workers or os.cpu_count() or 1, progress, warm), strict=True
    ):
        result.black_seconds += seconds
        if formatted is None:
            errors[source] = error or "black failed"
            continue
        done[source] = formatted
        if cache is not None:
            with contextlib.suppress(OSError):  # a read-only cache only costs time
                cache.put(source, formatted)
    missed = set(todo)
    for source, pieces in cut.items():
        wrapped = [chunks.wrap(piece) for piece in pieces]
        assembled = None
        if not any(text in errors for text in wrapped):
            with contextlib.suppress(ValueError):
                texts = [
                    chunks.unwrap(*pair)
                    for pair in zip(pieces, map(done.get, wrapped), strict=True)
                ]
                assembled = chunks.join(pieces, texts)
        if assembled is None:  # a piece black refused: the whole module decides
            formatted, error, seconds = _format_timed(source)
            result.black_seconds += seconds
            if formatted is None:
                errors[source] = error or "black failed"
                continue
            assembled = formatted
            missed.add(source)
        done[source] = assembled
        if source in missed or any(text in missed for text in wrapped):
            missed.add(source)
            if cache is not None:
                with contextlib.suppress(OSError):
                    cache.put(source, assembled)
    for path, source in sources.items():
        if source in errors:
            raise FormatError(path, errors[source])
    for path, source in sources.items():
        result.formatted[path] = done[source]
        if source in missed:
            result.misses += 1
        else:
            result.hits += 1
    result.wall_seconds = time.perf_counter() - started
    return result
