"""Last run's key of a type's unit, when nothing that key was made from has changed.

The key of a type's module or schema (`python_models`, `schema`) is made from the digests of
a few types (the type, its bases, the types its properties name: its *deps*) and from facts
of the model's skeleton: every type's name, base, kind and page (which give inheritance,
class and module names, file stems and the targets of description links). Making it walks
every property of the type and its bases, and hashes the clean text of their descriptions:
across 1,300 types, tens of milliseconds a run, after an edit that touched one type.

So each run records, per stage and type, the deps and the key (`TypeKeys.note`), under a
key of the skeleton, with the digest of every type. The next run with the same skeleton
takes a type's recorded key when none of its deps' digests moved (`TypeKeys.last`): the key
it would make is that one, since everything it reads is the skeleton or those digests. A
record and the units it names may come from different runs (shards of a killed save): a
recorded key only says what the unit's key is; the memo still checks the unit was stored
under it, so a mismatch costs a render, never a stale file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from ..model.digest import model_digests
from ..model.types import ApiModel
from .slices import RenderMemo

__all__ = ["TypeKeys", "type_keys"]

_RECORD = "#type-keys"


def _skeleton(model: ApiModel) -> bytes:
    """A key of what a type's unit reads of the model besides the digests of its deps."""
    digest = hashlib.sha256(b"skeleton 1\0")
    for type_def in model.types:
        digest.update(
            f"{type_def.name}\0{type_def.base}\0{type_def.kind}\0{type_def.source.path}\0".encode(
                "utf-8", "surrogatepass"
            )
        )
    return digest.digest()


class TypeKeys:
    """Per stage and type name, this run's key of the type's unit, and last run's where it
    still holds (see the module doc)."""

    def __init__(self, memo: RenderMemo, model: ApiModel) -> None:
        self.memo = memo
        self.digests = model_digests(model).types
        self.skeleton = _skeleton(model)
        self.noted: dict[tuple[str, str], tuple[tuple[str, ...], bytes]] = {}
        self.changed: set[str] = set()
        self.recorded: dict[tuple[str, str], tuple[tuple[str, ...], bytes]] = {}
        found: Any = memo.recall(_RECORD, self.skeleton)
        if isinstance(found, tuple) and len(found) == 2:
            digests, self.recorded = found
            now = self.digests
            self.changed = {name for name in now.keys() | digests.keys()
                            if now.get(name) != digests.get(name)}  # fmt: skip
        memo.before_save(self.save)

    def last(self, stage: str, name: str) -> bytes | None:
        """Last run's key of the type's unit in `stage` when its deps are unchanged (kept
        for the next run), else None: the caller makes the key and `note`s it."""
        recorded = self.recorded.get((stage, name))
        if recorded is None or not self.changed.isdisjoint(recorded[0]):
            return None
        self.noted[stage, name] = recorded
        return recorded[1]

    def note(self, stage: str, name: str, deps: Iterable[str], key: bytes) -> None:
        """This run's key of the type's unit, made from the digests of `deps` (the type
        among them) and the skeleton alone."""
        self.noted[stage, name] = (tuple(deps), key)

    def save(self) -> None:
        self.memo.keep(_RECORD, self.skeleton, (self.digests, self.noted))


def type_keys(memo: RenderMemo, model: ApiModel) -> TypeKeys:
    """The memo's `TypeKeys` for this model, made on first use (the stages share it)."""
    found = memo.shared.get(_RECORD)
    if not isinstance(found, TypeKeys) or found.digests is not model_digests(model).types:
        found = memo.shared[_RECORD] = TypeKeys(memo, model)
    return found
