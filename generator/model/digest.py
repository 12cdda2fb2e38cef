"""Digests of a resolved model: of the whole, and of each type, for keys of derived work.

Everything derived from the model (IR, rendered modules, schemas) is a function of some of
its items. Keyed by the digests of exactly the items a unit reads, a unit made last run can
be reused when those items hash the same; a one-page edit then redoes only the units whose
items it touched. Digests hash the `repr` of each item, a deterministic serialisation of
every dataclass field (`emit.record` explains why it covers the model), so the whole
model's digest (`whole`, the fingerprint the generation record holds) and the per-type
digests come from one pass over the same text. That text is the one `dataclasses` writes,
made without its recursion guard (`plain_repr`): the model is a tree. A type or operation
is hashed once: its digest is what the whole hashes (a name several items share digests
their digests, in order).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

from .graph import resolve_model
from .types import ApiModel

__all__ = ["ModelDigests", "model_digests"]


@dataclass(frozen=True, slots=True)
class ModelDigests:
    """The digest of the whole resolved model, of each type by qualified name and of each
    operation by id (items sharing a name share one digest, of all of them)."""

    whole: str
    types: dict[str, bytes]
    operations: dict[str, bytes]

    def of(self, name: str) -> bytes:
        """The digest of a type; an empty one for a name the model lacks."""
        return self.types.get(name, b"")

    def operation(self, id: str) -> bytes:
        """The digest of an operation; an empty one for an id the model lacks."""
        return self.operations.get(id, b"")


# The digests of the models asked for last: the record and every emitter of one generation
# share them, so each item is serialised once.
_RECENT: list[tuple[ApiModel, ModelDigests]] = []


def model_digests(model: ApiModel) -> ModelDigests:
    """The digests of the resolved model (see the module doc); made once per model."""
    model = resolve_model(model)
    for known, found in _RECENT:
        if known is model:
            return found
    whole = hashlib.sha256()
    per_item: dict[str, dict[str, list[bytes]]] = {"types": {}, "operations": {}}
    for field in fields(model):
        if not field.repr:
            continue  # derived from the fields that are hashed
        whole.update(f"{field.name}\0".encode())
        kept = per_item.get(field.name)
        for item in getattr(model, field.name):
            text = repr(item).encode("utf-8", "surrogatepass")
            if kept is None:
                whole.update(text)
                whole.update(b"\0")
                continue
            # A type or operation enters the whole by its digest: its text is hashed once.
            digest = hashlib.sha256(text).digest()
            whole.update(digest)
            kept.setdefault(item.name if field.name == "types" else item.id, []).append(digest)
    types, operations = (
        {
            name: digests[0] if len(digests) == 1 else hashlib.sha256(b"".join(digests)).digest()
            for name, digests in found.items()
        }
        for found in per_item.values()
    )
    made = ModelDigests(whole.hexdigest(), types, operations)
    _RECENT.insert(0, (model, made))
    del _RECENT[2:]
    return made
