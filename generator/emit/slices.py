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
raises MemoGap, and the run renders without the memo, which mends it. A file's finished
text is a body too: a rerun keeps thousands of files (`put`) and writes a few, so a kept
text is read only when someone asks for it (`PackageTexts`), and the memo a rerun loads
is the keys, not 20 MB of texts.

The memo of one output folder lives under the cache folder (`<cache>/render/<slot>/`, as
shards, `graphdoc.write.shards`, so a rerun rewrites only the few that changed), the slot
named by a hash of the generator's code, the templates, black's version and whether output
is formatted.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import io
import pickle
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

import jinja2
import mistune

from ..code_digest import OUTPUT_CODE, code_digest
from ..errors import MemoGap as MemoGap
from ..format import black_version
from ..write.shards import KEEP_BODY, Shards
from .doctext import DocText

__all__ = ["MemoGap", "PackageTexts", "RenderMemo", "facts_hold", "unit_key"]

T = TypeVar("T")
# A remembered entry: its key; a fragment's text, a unit's pickle or None (in its shard's
# bodies: a unit set aside, or a file's text); the SHA-256 of a file's text (b"" for the
# others, so a file is the entry with None and a digest).
_Entry = tuple[bytes, str | bytes | None, bytes]

# 2: units (`value`) beside texts; 3: each file's SHA-256 beside its text; 4: path modules'
# index holds keys (their parts are units), test modules' gate digests; 5: units set aside;
# 6: each set-aside unit read alone; 7: files' texts are bodies
_MEMO_VERSION = 7
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
        # name → (key, None, SHA-256 of its UTF-8 bytes) for files (their finished texts are
        # bodies), (key, text, b"") for fragments, (key, pickle, b"") for units, (key, None,
        # b"") for units set aside (their pickles are bodies, read when one is recalled)
        self.stored: dict[str, _Entry] = self.shards.load() if remember else {}
        self.keys: dict[str, bytes] = {}  # this run's key of every remembered file
        self.reused: set[str] = set()  # files taken from the memo: already finished
        self.fragments: dict[str, str] = {}  # pieces of files, by a name no file has
        # This run's units: key, pickle (None: set aside and not read), whether set aside.
        self.units: dict[str, tuple[bytes, bytes | None, bool]] = {}
        self._fresh: set[str] = set()  # units set aside that this run made
        self._text: tuple[bytes, DocText] | None = None
        self.shared: dict[str, Any] = {}  # helpers the stages of one run share, by name
        self._before_save: list[Callable[[], None]] = []

    def _unit(self, name: str, key: bytes) -> tuple[bytes | None] | None:
        """Last run's unit `name` when it was made under `key`: its pickle (None: set
        aside); None when there is none (or `name` is a text's)."""
        stored = self.stored.get(name)
        if stored is None or stored[0] != key or isinstance(stored[1], str) or stored[2]:
            return None
        return (stored[1],)

    def recall(self, name: str, key: bytes) -> Any:
        """Last run's unit `name` when its key was `key`, else None; kept for the next run."""
        stored = self._unit(name, key)
        if stored is None:
            return None
        pickled = stored[0]
        if pickled is None:
            pickled = self.shards.body(name)
            if not isinstance(pickled, bytes):
                return None
        try:
            found = pickle.loads(pickled)
        except Exception:  # a unit of a class that changed shape: made again
            return None
        self.units[name] = (key, pickled, stored[0] is None)
        return found

    def carry(self, name: str, key: bytes) -> bool:
        """Whether last run's unit `name` was made under `key`; if so, it is kept for the
        next run without being read (a unit this run may not need; `recall` reads it, and
        a caller that finds it gone raises MemoGap)."""
        stored = self._unit(name, key)
        if stored is None:
            return False
        self.units[name] = (key, stored[0], stored[0] is None)
        return True

    def carried(self, name: str, key: bytes) -> Any:
        """The unit `carry` kept for this run, read now; MemoGap when the cache lost it."""
        found = self.recall(name, key)
        if found is None:
            raise MemoGap(name)
        return found

    def holds(self, path: str, key: bytes) -> bool:
        """Whether last run's finished text of file (or fragment) `path` was made under
        `key`: `put` then keeps it without making it, so what it would be made from need
        not be built."""
        stored = self.stored.get(path)
        if stored is None or stored[0] != key:
            return False
        return isinstance(stored[1], str) or (stored[1] is None and bool(stored[2]))

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

    def put(self, files: dict[str, str], path: str, make: Callable[[], str], key: bytes) -> None:
        """File `path` into `files`, made now; unless last run's text was made under `key`:
        that one is kept (`reused`), unread, and `files` does not get it (`PackageTexts`
        reads it when asked). So `files` holds what this run made."""
        self.keys[path] = key
        if self.holds(path, key):
            self.reused.add(path)
        else:
            files[path] = make()

    def fragment(self, name: str, make: Callable[[], str], key: bytes) -> str:
        """A piece of a file (`name` names no file): last run's text when it was made
        under `key`, else made; remembered like a file, its text with the keys (a rerun
        joins most pieces of a file it makes again)."""
        self.keys[name] = key
        stored = self.stored.get(name)
        if stored is not None and stored[0] == key and isinstance(stored[1], str):
            text = stored[1]
        else:
            text = make()
        self.fragments[name] = text
        return text

    def kept_text(self, path: str) -> str:
        """The text of file `path` that `put` kept, read from the cache now; MemoGap when
        the cache lost it (or holds other bytes)."""
        stored = self.stored.get(path)
        if path not in self.reused or stored is None:
            raise MemoGap(path)
        data = self.shards.body(path)
        if data is None or hashlib.sha256(data).digest() != stored[2]:
            raise MemoGap(path)
        return data.decode("utf-8")

    def kept_digest(self, path: str) -> bytes:
        """The SHA-256 of the UTF-8 bytes of file `path`, which `put` kept."""
        return self.stored[path][2]

    def before_save(self, hook: Callable[[], None]) -> None:
        """Have `hook` called first thing in `save` (to `keep` what a helper gathered)."""
        self._before_save.append(hook)

    def save(self, files: PackageTexts) -> None:
        """Remember this run's finished texts of the files it made (`files.made`) and kept,
        its fragments and its units."""
        for hook in self._before_save:
            hook()
        if self._text is not None and self._text[1].fresh:
            self.keep(_DOC_TEXT, self._text[0], self._text[1].rendered())
        # An entry as it was read stays the same object: what differs is what changed.
        memo: dict[str, _Entry] = {}
        bodies: dict[str, Any] = {}
        changed: list[str] = []
        stored, fragments, reused = self.stored, self.fragments, self.reused
        for path, key in self.keys.items():
            last = stored.get(path)
            if path in reused and last is not None:  # kept: head and body as they were
                memo[path] = last
                bodies[path] = KEEP_BODY
                continue
            fragment = fragments.get(path)
            if fragment is not None:
                if last is None or last[1] is not fragment or last[0] != key:
                    last = (key, fragment, b"")
                    changed.append(path)
                memo[path] = last
                continue
            text = files.made.get(path)
            if text is None:
                continue  # made for a file the package no longer has
            memo[path] = (key, None, files.digest(path))
            bodies[path] = text.encode("utf-8")
            changed.append(path)
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


class PackageTexts(Mapping[str, str]):
    """Every file of a package by path, in path order: the texts this run made (`made`)
    and the ones it kept from the last run (`RenderMemo.put`), read from the memo only
    when asked for: a rerun keeps thousands of files, compares them by digest (`digest`)
    and writes a few. A kept text the memo lost since is read from `written`, the package
    as this run wrote it, when that file still has the digest; else MemoGap."""

    def __init__(self, made: Mapping[str, str], memo: RenderMemo | None = None) -> None:
        self.made: dict[str, str] = dict(made)
        self._memo = memo
        self._kept: set[str] = memo.reused - self.made.keys() if memo is not None else set()
        self._read: dict[str, str] = {}  # kept texts read so far
        self._digests: dict[str, bytes] = {}  # made texts hashed so far
        self._paths: list[str] | None = None
        self.written: Path | None = None

    def __getitem__(self, path: str) -> str:
        text = self.made.get(path)
        if text is not None:
            return text
        if path not in self._kept:
            raise KeyError(path)
        text = self._read.get(path)
        if text is None:
            text = self._read[path] = self._kept_text(path)
        return text

    def _kept_text(self, path: str) -> str:
        assert self._memo is not None  # only a memo keeps texts
        try:
            return self._memo.kept_text(path)
        except MemoGap:
            if self.written is None:
                raise
        try:
            data = (self.written / path).read_bytes()
        except OSError:
            raise MemoGap(path) from None
        if hashlib.sha256(data).digest() != self.digest(path):
            raise MemoGap(path)
        return data.decode("utf-8")

    def __contains__(self, path: object) -> bool:
        return path in self.made or path in self._kept

    def __iter__(self) -> Iterator[str]:
        if self._paths is None:
            self._paths = sorted(self.made.keys() | self._kept)
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self.made) + len(self._kept)

    def digest(self, path: str) -> bytes:
        """The SHA-256 of the file's UTF-8 bytes, hashed once (the snapshot, the record, the
        write and the memo all ask); a kept one's from the memo, without reading it."""
        found = self._digests.get(path)
        if found is not None:
            return found
        text = self.made.get(path)
        if text is None:
            if path not in self._kept:
                raise KeyError(path)
            assert self._memo is not None  # only a memo keeps texts
            return self._memo.kept_digest(path)
        found = self._digests[path] = hashlib.sha256(text.encode("utf-8")).digest()
        return found

    def add(self, path: str, text: str) -> None:
        """One more file made (or made again) by this run."""
        new = path not in self
        self.made[path] = text
        self._kept.discard(path)
        self._read.pop(path, None)
        self._digests.pop(path, None)
        if new and self._paths is not None:  # kept in order: thousands of paths, a few added
            bisect.insort(self._paths, path)

    def update(self, files: Mapping[str, str]) -> None:
        """`add` each of `files`."""
        for path, text in files.items():
            self.add(path, text)


def put(
    memo: RenderMemo | None, files: dict[str, str], path: str, make: Callable[[], str], key: bytes
) -> None:
    """`memo.put`, or just `files[path] = make()` without a memo."""
    if memo is None:
        files[path] = make()
    else:
        memo.put(files, path, make, key)


def remembered(
    memo: RenderMemo | None,
    files: dict[str, str],
    path: str,
    make: Callable[[], str],
    *inputs: object,
    sets: bool = False,
) -> None:
    """`put` keyed by a hash of `inputs`, a template's whole input (`data_key`; `sets`:
    inputs holding sets, pickled sorted, `input_key`); without a memo the inputs are not
    hashed."""
    if memo is None:
        files[path] = make()
    else:
        memo.put(files, path, make, (input_key if sets else data_key)(path, *inputs))
