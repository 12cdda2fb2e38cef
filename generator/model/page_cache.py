"""A model built from remembered page parts: only pages whose bytes changed are read again.

Reading pages is most of a model build (seconds on an API version); folding the parts into
one model (`build.build_from_parts`) is a fraction of a second. So each page's `PagePart`
(what it gives the model before the tree is known) is kept, pickled, keyed by the page's
path and a hash of its bytes, in one pack per input folder under the cache folder
(`<cache>/pages/<slot>/`, in shards, `graphdoc.write.shards`: an edit rewrites one). A pack
is valid only for the reading code that made it: its slot holds a hash of the generator's
reading and model code, so an edit there starts afresh.

The fold runs over every part in file order, exactly as a cold build does, so the model is
the one `build.build_model` makes; a part is unpickled afresh for each build, since folding
mutates it (operation ids, merged types, references resolved in place). The model's path
templates, parsed, are kept beside the pack too (`paths.remember_templates`): parsing them
again cost as much as folding the parts.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..code_digest import READING_CODE, code_digest
from ..write.file_digests import FileDigests
from ..write.paths import atomic_write
from ..write.shards import Shards
from . import parallel
from .build import (
    Discovered,
    PagePart,
    ProgressCallback,
    build_from_parts,
    decode,
    discover,
    load,
    relative_path,
    source_part,
)
from .paths import PathTemplate, remember_templates, template_of
from .types import ApiModel

__all__ = ["PageCacheStats", "build_model_cached", "code_key"]

_PACK_VERSION = 2  # 2: in shards

# path relative to the input root → (sha256 of the bytes, pickled part)
_Pack = dict[str, tuple[bytes, bytes]]


class PageCacheStats:
    """How many pages came from the pack and how many were read."""

    __slots__ = ("hits", "misses")

    def __init__(self) -> None:
        self.hits = 0
        self.misses = 0


@functools.cache
def code_key() -> str:
    """A hash of the code that turns a page into its part (and of Python, which runs it
    and pickles the part)."""
    head = f"pack {_PACK_VERSION}\0python {sys.version}\0{code_digest(READING_CODE)}"
    return hashlib.sha256(head.encode()).hexdigest()


def _pack(folder: Path, root: Path) -> Shards:
    slot = hashlib.sha256(f"{code_key()}\0{root}".encode("utf-8", "surrogateescape"))
    return Shards(folder / "pages" / slot.hexdigest()[:24])


def build_model_cached(
    paths: Sequence[Path],
    folder: Path,
    *,
    progress: ProgressCallback | None = None,
    stats: PageCacheStats | None = None,
    digests: FileDigests | None = None,
    found: Discovered | None = None,
) -> ApiModel:
    """`build.build_model(paths)`, reading only pages the pack under `folder` lacks
    (`digests` may know a page's hash without reading it: `file_digests`; `found`: what
    `discover(paths)` said, when the caller asked it already)."""
    stats = stats if stats is not None else PageCacheStats()
    digests = digests if digests is not None else FileDigests()
    root, files, problems = found if found is not None else discover(paths)
    shards = _pack(folder, root)
    pack: _Pack = shards.load()
    relatives: list[str] = []
    cached: dict[int, bytes] = {}  # file number → pickled part
    fresh: list[tuple[int, str, bytes]] = []  # file number, path, bytes
    unreadable: list[int] = []
    kept: _Pack = {}
    for number, file in enumerate(files):
        relative = relative_path(file, root)
        relatives.append(relative)
        entry = pack.get(relative)
        try:
            if entry is not None and entry[0] == digests.of(file):
                cached[number] = entry[1]
                kept[relative] = entry
                continue
            data = file.read_bytes()
        except OSError:
            unreadable.append(number)  # `load` says why, and it is not remembered
            continue
        # The part is filled in once read; keyed by the bytes it is read from.
        fresh.append((number, relative, data))
        kept[relative] = (hashlib.sha256(data).digest(), b"")
    stats.hits, stats.misses = len(cached), len(fresh) + len(unreadable)

    made: dict[int, PagePart] = {}
    if parallel.worth_it(len(fresh)):
        read = parallel.decode_parts([(relative, data) for _, relative, data in fresh])
        made.update(zip((number for number, _, _ in fresh), read, strict=True))
    else:
        for number, relative, data in fresh:
            made[number] = source_part(decode(relative, data))[0]
    for number in unreadable:
        made[number] = source_part(load(files[number], root))[0]
    for number, relative, _ in fresh:
        # Pickled before the fold, which changes parts.
        kept[relative] = (kept[relative][0], parallel.dumps(made[number]))

    def parts() -> Iterator[tuple[PagePart, None]]:
        for number in range(len(files)):
            blob = cached.get(number)
            yield (pickle.loads(blob) if blob is not None else made.pop(number)), None

    remembered = _remember_templates(shards.folder)
    model = build_from_parts(parts(), progress=progress, total=len(files))
    model.diagnostics[:0] = problems
    if fresh or len(kept) != len(pack):
        shards.save(kept)
    _keep_templates(shards.folder, model, remembered)
    return model


# The model's path templates, parsed (`paths.template_of`), beside the pack: valid for
# the code the pack is, and a tenth of a second to parse again.
_TEMPLATES = "templates.pickle"


def _remember_templates(folder: Path) -> set[str]:
    """Take the templates a build kept here as parsed; their texts."""
    try:
        found = pickle.loads((folder / _TEMPLATES).read_bytes())
    except (OSError, ValueError, TypeError, EOFError, AttributeError, pickle.UnpicklingError):
        return set()
    if not isinstance(found, dict) or not all(
        isinstance(template, PathTemplate) and template.text == text
        for text, template in found.items()
    ):
        return set()
    remember_templates(found)
    return set(found)


def _keep_templates(folder: Path, model: ApiModel, remembered: set[str]) -> None:
    """Keep the templates of the model's paths, when they are not the ones remembered."""
    found: dict[str, PathTemplate] = {}
    for operation in model.operations:
        for path in operation.paths:
            template = template_of(path)
            found[template.text] = template
    kept = {text: found[text] for text in sorted(found)}
    if kept.keys() != remembered:
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            atomic_write(folder / _TEMPLATES, parallel.dumps(kept))
