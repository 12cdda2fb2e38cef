"""Pages read over every core: forked workers turn chunks of files into page parts.

Reading is per page; only folding the parts into one model (`build.build_from_parts`)
needs the whole tree. Workers read contiguous chunks of the sorted file list and the parent
folds each chunk in as it arrives, in file order, so the model is the one a read in this
process builds. Parts travel pickled by a pickler that rebuilds the model's dataclasses from
their fields in order (about half the default's cost, which would eat the gain).

It pays from a few hundred pages, where `fork` exists, no other thread runs (forking a
threaded process can deadlock) and the machine has cores to spare: the parts' travel costs
a third more CPU in all, so where the 1-minute load average leaves less than half a core
idle (a load limit like `make -l`), reading in parallel is slower than reading here.
"""

from __future__ import annotations

import copyreg
import gc
import io
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from .. import diagnostics
from ..read import lenient_json, typecell
from . import paths, rows, typeref, types
from .build import PagePart, decode, load, source_part
from .fields import by_position

MIN_PAGES = 400
CHUNKS_PER_WORKER = 8


def workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def idle_cores() -> float:
    """Our cores less the 1-minute load average (this process included)."""
    try:
        busy = os.getloadavg()[0]
    except OSError:  # no load average on this platform
        busy = 0.0
    return workers() - busy


def worth_it(pages: int) -> bool:
    return (
        pages >= MIN_PAGES
        and workers() > 1
        and idle_cores() > 0.5
        and hasattr(os, "fork")
        and threading.active_count() == 1
    )


def read_parts(files: list[str], root: Path) -> Iterator[PagePart]:
    """The part of every file (relative to `root`, as `discover` names it), in order, read
    by forked workers."""
    return _parts_of(_read_chunk, [(file, root) for file in files])


def decode_parts(sources: list[tuple[str, bytes]]) -> Iterator[PagePart]:
    """The part of every (relative path, bytes) pair, in order, made by forked workers
    (for callers that already read the bytes: the page cache)."""
    return _parts_of(_decode_chunk, sources)


_Item = TypeVar("_Item")


def _parts_of(read: Callable[[list[_Item]], bytes], items: list[_Item]) -> Iterator[PagePart]:
    count = workers()
    size = max(1, -(-len(items) // (count * CHUNKS_PER_WORKER)))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    # Imported here: a command reading in this process must not pay for them (~20 ms).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        for blob in pool.map(read, chunks):
            parts: list[PagePart] = pickle.loads(blob)
            yield from parts


def _read_chunk(chunk: list[tuple[str, Path]]) -> bytes:
    gc.disable()  # as in the parent's read: nothing read forms cycles
    return dumps([source_part(load(file, root))[0] for file, root in chunk])


def _decode_chunk(chunk: list[tuple[str, bytes]]) -> bytes:
    gc.disable()
    return dumps([source_part(decode(relative, data))[0] for relative, data in chunk])


def dumps(value: object) -> bytes:
    """Pickled with the model's dataclasses rebuilt from their fields (see module doc)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(value)
    return buffer.getvalue()


def _by_fields(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    """Pickle an instance as a call of `cls` with its fields in order."""
    known = by_position(cls)
    assert known is not None  # only such classes are put in the table
    get = known[1]
    return lambda instance: (cls, get(instance))


def _dispatch_table() -> dict[type, Callable[[Any], Any]]:
    """Every dataclass a part (or a parsed path template) holds whose constructor takes all
    its fields, in order."""
    table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
    for module in (types, typeref, rows, typecell, lenient_json, diagnostics, paths):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and by_position(value) is not None
            ):
                table[value] = _by_fields(value)
    table[PagePart] = _by_fields(PagePart)
    return table


_DISPATCH = _dispatch_table()
