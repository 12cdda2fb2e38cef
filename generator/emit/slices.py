"""Re-render only the files whose slice of the IR changed.

A generated module is a pure function of what its template is handed (a `ModelIR`, a
`GroupIR`, a `TestModuleIR`…), the templates and the generator's code. So each such file is
remembered with a key hashed from exactly that input: a rerun where the input hashes the
same takes the last run's finished (formatted) text, skipping the template, the gate and
black. The key is complete by construction (it is the template's whole input, not a list
of dependencies someone has to keep up to date); a different pickling of an equal input
only costs a render. Files rendered from the whole package IR (`__init__.py`,
`_registry.py`, `client.py`) are cheap and always rendered.

The memo of one output folder is one pickle under the cache folder (`<cache>/render/`),
named by a hash of the generator's code, the templates, black's version and whether output
is formatted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import jinja2

from ..code_digest import OUTPUT_CODE, code_digest
from ..format.black_format import BLACK_VERSION
from ..write.files import atomic_write

__all__ = ["RenderMemo"]

_MEMO_VERSION = 1


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


@functools.cache
def _code_key() -> str:
    """The generator's code, templates and tools (black, Jinja, Python): what turns an
    input into text."""
    tools = f"memo {_MEMO_VERSION}\0black {BLACK_VERSION}\0jinja {jinja2.__version__}\0"
    code = code_digest(OUTPUT_CODE, templates=True)
    return hashlib.sha256(f"{tools}python {sys.version}\0{code}".encode()).hexdigest()


class RenderMemo:
    """Last run's finished text of each remembered file, under the key of its input."""

    def __init__(self, folder: Path, output: Path, *, formatted: bool) -> None:
        slot = hashlib.sha256(
            f"{_code_key()}\0{formatted}\0{output.resolve()}".encode("utf-8", "surrogateescape")
        )
        self.path = folder / "render" / f"{slot.hexdigest()[:24]}.pickle"
        self.stored: dict[str, tuple[bytes, str]] = self._load()
        self.keys: dict[str, bytes] = {}  # this run's key of every remembered file
        self.reused: set[str] = set()  # files taken from the memo: already finished
        self.fragments: dict[str, str] = {}  # pieces of files, by a name no file has

    def _load(self) -> dict[str, tuple[bytes, str]]:
        try:
            data = pickle.loads(self.path.read_bytes())
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            return {}
        if not isinstance(data, dict):
            return {}
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: pruned last
        return data

    def text(self, path: str, make: Callable[[], str], *inputs: object) -> str:
        """The file's text: last run's finished one when `inputs` hash the same, else made."""
        return self.keyed(path, make, data_key(path, *inputs))

    def keyed(self, path: str, make: Callable[[], str], key: bytes) -> str:
        """`text` with the key of the input already computed."""
        self.keys[path] = key
        stored = self.stored.get(path)
        if stored is not None and stored[0] == key:
            self.reused.add(path)
            return stored[1]
        return make()

    def fragment(self, name: str, make: Callable[[], str], key: bytes) -> str:
        """A piece of a file (`name` names no file), remembered like a file."""
        text = self.keyed(name, make, key)
        self.fragments[name] = text
        return text

    def save(self, files: Mapping[str, str]) -> None:
        """Remember this run's finished texts of the keyed files."""
        texts = {**self.fragments, **files}
        memo = {path: (key, texts[path]) for path, key in self.keys.items() if path in texts}
        if memo == self.stored:
            return
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            atomic_write(self.path, pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL))


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
