"""Re-render only the files whose slice of the IR changed.

A generated module is a pure function of what its template is handed (a `ModelIR`, a
`GroupIR`, a `TestModuleIR`…), the templates and the generator's code. So each such file is
remembered with a key hashed from exactly that input: a rerun where the input hashes the
same takes the last run's finished (formatted) text, skipping the template, the gate and
black. The key is complete by construction (it is the template's whole input, not a list
of dependencies someone has to keep up to date); a different pickling of an equal input
only costs a render. Files rendered from the whole package IR (`__init__.py`,
`_registry.py`, `client.py`) are cheap and always rendered.

Hashing a whole template input still costs its pickling, and building it costs the IR
builder's work. So a builder may key a unit (one type's IR, one schema document) on
`unit_key` of the model digests of exactly the items it reads (`graphdoc.model.digest`),
computed without building anything: `value` keeps the unit itself (any picklable object,
an IR) under that key, and `keyed` a file's finished text. A key that leaves out an input
the unit reads would reuse a stale unit: the incremental tests compare reruns after each
kind of edit with cold runs.

Most units are per item (a type's IR, an operation's client unit, an example's case) and a
rerun carries nearly all of them unread: those are kept `aside`, as shard bodies a rerun
reads one by one when it recalls them; a unit carried but gone by then (a damaged cache)
raises MemoGap, and the run renders without the memo, which mends it.

The memo of one output folder lives under the cache folder (`<cache>/render/<slot>/`, as
shards, `graphdoc.write.shards`, so a rerun rewrites only the few that changed), the slot
named by a hash of the generator's code, the templates, black's version and whether output
is formatted.
"""

from __future__ import annotations

import functools
import hashlib
import io
import pickle
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

import jinja2
import mistune

from ..code_digest import OUTPUT_CODE, code_digest
from ..format import black_version
from ..write.shards import KEEP_BODY, Shards
from .doctext import DocText

__all__ = ["MemoGap", "RenderMemo", "facts_hold", "unit_key"]

T = TypeVar("T")
# A remembered entry: its key, the text or pickled unit (None: a unit set aside, in its
# shard's bodies), the SHA-256 of a file's text.
_Entry = tuple[bytes, str | bytes | None, bytes]

# 2: units (`value`) beside texts; 3: each file's SHA-256 beside its text; 4: path modules'
# index holds keys (their parts are units), test modules' gate digests; 5: units set aside;
# 6: each set-aside unit read alone
_MEMO_VERSION = 6
_DOC_TEXT = "#doctext"  # the unit holding rendered descriptions


class _Canonical(pickle.Pickler):
    """Pickles sets in sorted order, so equal inputs give equal bytes in every process
    (string hashes, and so set order, differ between interpreter runs)."""

    def persistent_id(self, obj: object) -> object:
        if type(obj) is set or type(obj) is frozenset:
            return ("set", tuple(sorted(obj, key=repr)))
        return None


def input_key(*parts: object) -> bytes:
    """A hash of a template's input that holds sets."""
    buffer = io.BytesIO()
    pickler = _Canonical(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # see `data_key`
    pickler.dump(parts)
    return hashlib.sha256(buffer.getvalue()).digest()


def data_key(*parts: object) -> bytes:
    """A hash of an input holding no sets, pickled as it is (a third of the time).
    A set would still be hashed whole, only in an order that may differ between runs:
    a needless render, never a stale file. Pickled without its memo (`fast`), so an
    object met twice is written out twice: equal inputs give equal bytes however their
    parts are shared (a model read by worker processes shares strings one read here
    does not)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.sha256(buffer.getvalue()).digest()


def facts_hold(
    reads: Mapping[tuple[str, str], object],
    known: dict[tuple[str, str], object],
    fact: Callable[[str, str], object],
) -> bool:
    """Whether each fact a unit read (`reads`: (what, name) → value) still has its value
    now; `fact` answers each once a run, kept in `known` (many units read the same)."""
    for read, value in reads.items():
        now = known.get(read, known)
        if now is known:
            now = known[read] = fact(*read)
        if now != value:
            return False
    return True


def unit_key(*parts: object) -> bytes:
    """A key of a unit's inputs given as digests and values whose `repr` is the same in
    every run (str, bytes, numbers, None, lists and tuples of them, dataclasses holding
    them; no sets); nothing is pickled."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).digest()


@functools.cache
def _code_key() -> str:
    """The generator's code, templates and tools (black, Jinja, Python): what turns an
    input into text."""
    tools = f"memo {_MEMO_VERSION}\0black {black_version()}\0jinja {jinja2.__version__}\0"
    code = code_digest(OUTPUT_CODE, templates=True)
    return hashlib.sha256(f"{tools}python {sys.version}\0{code}".encode()).hexdigest()


class MemoGap(LookupError):
    """A unit `RenderMemo.carry` kept is gone from the cache when it is needed (a shard
    damaged or replaced meanwhile): the run renders again without the memo."""


class RenderMemo:
    """Last run's finished text of each remembered file, under the key of its input, and
    last run's units (pickled), under the key of theirs."""

    def __init__(
        self, folder: Path, output: Path, *, formatted: bool, remember: bool = True
    ) -> None:
        """The memo of `output`'s files under the cache `folder`; `remember=False`: one
        that holds nothing of last run's (all its shards are written again at `save`),
        for a run that found a gap (MemoGap)."""
        slot = hashlib.sha256(
            f"{_code_key()}\0{formatted}\0{output.resolve()}".encode("utf-8", "surrogateescape")
        )
        # 55 MB on v1.0: in 256 shards a one-page edit rewrites a few hundred kilobytes.
        self.shards = Shards(folder / "render" / slot.hexdigest()[:24], count=256)
        # name → (key, finished text, SHA-256 of its UTF-8 bytes) for files, (key, text,
        # b"") for fragments, (key, pickle, b"") for units, (key, None, b"") for units set
        # aside (their pickles are bodies, read from a shard when one of them is recalled)
        self.stored: dict[str, _Entry] = self.shards.load() if remember else {}
        self.keys: dict[str, bytes] = {}  # this run's key of every remembered file
        self.reused: set[str] = set()  # files taken from the memo: already finished
        self.fragments: dict[str, str] = {}  # pieces of files, by a name no file has
        # This run's units: key, pickle (None: set aside and not read), whether set aside.
        self.units: dict[str, tuple[bytes, bytes | None, bool]] = {}
        self._fresh: set[str] = set()  # units set aside that this run made
        self._hashed: dict[str, tuple[str, bytes]] = {}  # fresh files' texts, hashed early
        self._text: tuple[bytes, DocText] | None = None
        self.shared: dict[str, Any] = {}  # helpers the stages of one run share, by name
        self._before_save: list[Callable[[], None]] = []

    def recall(self, name: str, key: bytes) -> Any:
        """Last run's unit `name` when its key was `key`, else None; kept for the next run."""
        stored = self.stored.get(name)
        if stored is None or stored[0] != key or isinstance(stored[1], str):
            return None
        pickled = stored[1]
        if pickled is None:
            pickled = self.shards.body(name)
            if not isinstance(pickled, bytes):
                return None
        try:
            found = pickle.loads(pickled)
        except Exception:  # a unit of a class that changed shape: made again
            return None
        self.units[name] = (key, pickled, stored[1] is None)
        return found

    def carry(self, name: str, key: bytes) -> bool:
        """Whether last run's unit `name` was made under `key`; if so, it is kept for the
        next run without being read (a unit this run may not need; `recall` reads it, and
        a caller that finds it gone raises MemoGap)."""
        stored = self.stored.get(name)
        if stored is None or stored[0] != key or isinstance(stored[1], str):
            return False
        self.units[name] = (key, stored[1], stored[1] is None)
        return True

    def carried(self, name: str, key: bytes) -> Any:
        """The unit `carry` kept for this run, read now; MemoGap when the cache lost it."""
        found = self.recall(name, key)
        if found is None:
            raise MemoGap(name)
        return found

    def holds(self, path: str, key: bytes) -> bool:
        """Whether last run's finished text of `path` was made under `key`: `keyed` then
        takes it without making it, so what it would be made from need not be built."""
        stored = self.stored.get(path)
        return stored is not None and stored[0] == key and isinstance(stored[1], str)

    def keep(self, name: str, key: bytes, unit: object, *, aside: bool = False) -> None:
        """Remember `unit` (picklable) under `key` for the next run; `aside`: one of many
        per-item units that a run mostly carries unread (not read with the memo)."""
        self.units[name] = (key, pickle.dumps(unit, protocol=pickle.HIGHEST_PROTOCOL), aside)
        if aside:
            self._fresh.add(name)
        else:
            self._fresh.discard(name)

    def value(self, name: str, make: Callable[[], T], key: bytes, *, aside: bool = False) -> T:
        """Unit `name`: last run's when its key was `key`, else made (and remembered)."""
        found = self.recall(name, key)
        if found is not None:
            return cast(T, found)
        made = make()
        self.keep(name, key, made, aside=aside)
        return made

    def share_text(self, text: DocText) -> None:
        """Seed the model's description helper with last run's rendered descriptions (it
        checks which still hold); the ones this run asks for are remembered at `save`."""
        key = unit_key("doctext", mistune.__version__)
        known = self.recall(_DOC_TEXT, key)
        if isinstance(known, dict):
            text.learn(known)
        self._text = (key, text)

    def text(self, path: str, make: Callable[[], str], *inputs: object) -> str:
        """The file's text: last run's finished one when `inputs` hash the same, else made."""
        return self.keyed(path, make, data_key(path, *inputs))

    def keyed(self, path: str, make: Callable[[], str], key: bytes) -> str:
        """`text` with the key of the input already computed."""
        self.keys[path] = key
        if self.holds(path, key):
            self.reused.add(path)
            return cast(str, self.stored[path][1])
        return make()

    def fragment(self, name: str, make: Callable[[], str], key: bytes) -> str:
        """A piece of a file (`name` names no file), remembered like a file."""
        text = self.keyed(name, make, key)
        self.fragments[name] = text
        return text

    def file_digest(self, path: str, text: str) -> bytes:
        """The SHA-256 of file `path`'s UTF-8 bytes (`text`): last run's when the file was
        taken from the memo, else hashed (once: `save` keeps it). The record and the write
        compare files by it, so a file taken from the memo is not hashed again."""
        if path in self.reused:
            return self.stored[path][2]
        hashed = self._hashed.get(path)
        if hashed is None or hashed[0] is not text:
            hashed = self._hashed[path] = (text, hashlib.sha256(text.encode("utf-8")).digest())
        return hashed[1]

    def before_save(self, hook: Callable[[], None]) -> None:
        """Have `hook` called first thing in `save` (to `keep` what a helper gathered)."""
        self._before_save.append(hook)

    def save(self, files: Mapping[str, str]) -> None:
        """Remember this run's finished texts of the keyed files, and its units."""
        for hook in self._before_save:
            hook()
        if self._text is not None and self._text[1].fresh:
            self.keep(_DOC_TEXT, self._text[0], self._text[1].rendered())
        # An entry as it was read stays the same object: what differs is what changed.
        memo: dict[str, _Entry] = {}
        changed: list[str] = []
        stored, fragments = self.stored, self.fragments
        for path, key in self.keys.items():
            last = stored.get(path)
            text = files.get(path)
            is_file = text is not None
            if text is None:
                text = fragments.get(path)
                if text is None:
                    continue
            if last is None or last[1] is not text or last[0] != key:
                last = (key, text, self.file_digest(path, text) if is_file else b"")
                changed.append(path)
            memo[path] = last
        bodies: dict[str, Any] = {}
        for name, (key, pickled, aside) in self.units.items():
            last = stored.get(name)
            if aside:
                fresh = name in self._fresh
                bodies[name] = pickled if fresh else KEEP_BODY
                if fresh or last is None or last[1] is not None or last[0] != key:
                    last = (key, None, b"")
                    changed.append(name)
            elif last is None or last[1] is not pickled or last[0] != key:
                last = (key, pickled, b"")
                changed.append(name)
            memo[name] = last
        changed.extend(stored.keys() - memo.keys())
        self.shards.save(memo, changed, bodies)


def remembered(memo: RenderMemo | None, path: str, make: Callable[[], str], *inputs: object) -> str:
    """`memo.text(...)`, or just `make()` without a memo."""
    return make() if memo is None else memo.text(path, make, *inputs)


def remembered_with_sets(
    memo: RenderMemo | None, path: str, make: Callable[[], str], *inputs: object
) -> str:
    """`remembered` for inputs holding sets (pickled sorted, see `input_key`)."""
    return make() if memo is None else memo.keyed(path, make, input_key(path, *inputs))


def fresh(memo: RenderMemo | None, files: Mapping[str, str]) -> dict[str, str]:
    """The files not taken from the memo (what the gate and black still have to see)."""
    if memo is None:
        return dict(files)
    return {path: text for path, text in files.items() if path not in memo.reused}
