"""A model built from remembered page parts: only pages whose bytes changed are read again.

Reading pages is most of a model build (seconds on an API version); folding the parts into
one model (`build.build_from_parts`) is a fraction of a second. So each page's `PagePart`
(what it gives the model before the tree is known) is kept, pickled, keyed by the page's
path and a hash of its bytes, in one pack per input folder under the cache folder
(`<cache>/pages/<slot>/`, in shards, `pack`: an edit rewrites one). A pack is valid only
for the reading code that made it: its slot holds a hash of the generator's reading and
model code, so an edit there starts afresh.

The fold runs over every part in file order, exactly as a cold build does, so the model is
the one `build.build_model` makes; parts are unpickled afresh for each build, and the pack
saved before the fold, since folding mutates them (operation ids, merged types, references
resolved in place). The model's path templates, parsed, are kept beside the pack too
(`paths.remember_templates`): parsing them again cost as much as folding the parts.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

from ..code_digest import READING_CODE, code_digest
from ..write.file_digests import FileDigests
from ..write.paths import atomic_write
from ..write.shards import UNREADABLE
from . import parallel
from .build import (
    Discovered,
    PagePart,
    ProgressCallback,
    build_from_parts,
    decode,
    discover,
    input_files,
    load,
    source_part,
)
from .pack import Entry, PartPack
from .paths import PathTemplate, remember_templates, shared_parts, template_of
from .types import ApiModel

__all__ = ["PageCacheStats", "build_model_cached", "code_key"]

_PACK_VERSION = 3  # 2: in shards; 3: parts pickled together per shard (`pack`)


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


def _pack(folder: Path, root: Path) -> PartPack:
    slot = hashlib.sha256(f"{code_key()}\0{root}".encode("utf-8", "surrogateescape"))
    return PartPack(folder / "pages" / slot.hexdigest()[:24])


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
    found = found if found is not None else discover(paths)
    root, files, problems = found
    store = _pack(folder, root)
    pack = store.load()
    parts: list[PagePart | None] = [None] * len(files)
    fresh: list[tuple[int, str, bytes]] = []  # file number, path, bytes
    unreadable: list[int] = []
    kept: dict[str, Entry] = {}  # what the pack holds after this run
    for number, (relative, file) in enumerate(zip(files, input_files(found), strict=True)):
        entry = pack.get(relative)
        try:
            if entry is not None and entry[0] == digests.of(file):
                parts[number] = entry[1]
                kept[relative] = entry
                continue
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError:
            unreadable.append(number)  # `load` says why, and it is not remembered
            continue
        fresh.append((number, relative, data))
    stats.hits, stats.misses = len(kept), len(fresh) + len(unreadable)

    if parallel.worth_it(len(fresh)):
        read = parallel.decode_parts([(relative, data) for _, relative, data in fresh])
    else:
        read = (source_part(decode(relative, data))[0] for _, relative, data in fresh)
    for (number, relative, data), part in zip(fresh, read, strict=True):
        parts[number] = part
        kept[relative] = (hashlib.sha256(data).digest(), part)
    for number in unreadable:
        parts[number] = source_part(load(files[number], root))[0]
    # Saved before the fold, which changes parts.
    dropped = [name for name in pack if name not in kept]
    store.save(kept, [relative for _, relative, _ in fresh] + dropped)

    remembered = _remember_templates(store.folder)
    folded = [(part, None) for part in parts if part is not None]
    assert len(folded) == len(files)  # each file's part: remembered, read or unreadable
    model = build_from_parts(folded, progress=progress, total=len(files))
    model.diagnostics[:0] = problems
    _keep_templates(store.folder, model, remembered)
    return model


# The model's path templates, parsed (`paths.template_of`), beside the pack: valid for
# the code the pack is, and a tenth of a second to parse again.
_TEMPLATES = "templates.pickle"


def _remember_templates(folder: Path) -> set[str]:
    """Take the templates a build kept here as parsed; their texts."""
    try:
        found = pickle.loads((folder / _TEMPLATES).read_bytes())
    except UNREADABLE:
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
            atomic_write(folder / _TEMPLATES, parallel.dumps(shared_parts(kept)))
