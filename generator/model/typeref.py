"""What a Type cell, parameter, request body or response names, once the tree is known.

A reference is one of three things, and consumers match on which: an Edm primitive, a type
of the model (with its kind, so an enum is told from an object type without a lookup), or
text that names nothing in the model, kept as written so it can still be reported. The JSON
contract keeps writing the text (`TypeRef.text`), exactly as before references were typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .plain_repr import plain_repr

if TYPE_CHECKING:
    from .types import TypeKind

__all__ = ["UNRESOLVED", "Named", "Primitive", "TypeRef", "Unresolved"]


@plain_repr
@dataclass(frozen=True, slots=True, repr=False)
class Primitive:
    """An Edm primitive such as `Edm.String` (including `Edm.Untyped`)."""

    name: str

    @property
    def text(self) -> str:
        return self.name


@plain_repr
@dataclass(frozen=True, slots=True, repr=False)
class Named:
    """A type of the model, by its qualified name as the model spells it."""

    name: str
    kind: TypeKind

    @property
    def text(self) -> str:
        return self.name

    @property
    def is_enum(self) -> bool:
        return self.kind == "enum"


@plain_repr
@dataclass(frozen=True, slots=True, repr=False)
class Unresolved:
    """A name no type of the model answers to; the reader diagnosed it (GD410)."""

    text: str


TypeRef = Primitive | Named | Unresolved

# What a reference holds until `graph.resolve_model` has run over its model.
UNRESOLVED = Unresolved("")
