"""Digests of a resolved model: of the whole, and of each type, for keys of derived work.

Everything derived from the model (IR, rendered modules, schemas) is a function of some of
its items. Keyed by the digests of exactly the items a unit reads, a unit made last run can
be reused when those items hash the same; a one-page edit then redoes only the units whose
items it touched. Digests hash the `repr` of each item, a deterministic serialisation of
every dataclass field (`emit.record` explains why it covers the model), so the whole
model's digest (`whole`, the fingerprint the generation record holds) and the per-type
digests come from one pass over the same text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

from .graph import resolve_model
from .types import ApiModel

__all__ = ["ModelDigests", "model_digests"]


@dataclass(frozen=True, slots=True)
class ModelDigests:
    """The digest of the whole resolved model, and of each type by qualified name (types
    sharing a name share one digest, of all of them)."""

    whole: str
    types: dict[str, bytes]

    def of(self, name: str) -> bytes:
        """The digest of a type; an empty one for a name the model lacks."""
        return self.types.get(name, b"")


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
    per_type: dict[str, list[bytes]] = {}
    for field in fields(model):
        if not field.repr:
            continue  # derived from the fields that are hashed
        whole.update(f"{field.name}\0".encode())
        types = field.name == "types"
        for item in getattr(model, field.name):
            text = repr(item).encode("utf-8", "surrogatepass")
            whole.update(text)
            whole.update(b"\0")
            if types:
                per_type.setdefault(item.name, []).append(text)
    made = ModelDigests(
        whole.hexdigest(),
        {
            name: hashlib.sha256(b"\0".join(texts)).digest()
            for name, texts in per_type.items()
        },
    )
    _RECENT.insert(0, (model, made))
    del _RECENT[2:]
    return made
