"""Type cells that name alternatives: `[A](a.md) or [B](b.md)` is their nearest common base.

`call.md` types `mediaConfig` as "[appHostedMediaConfig](...) or [serviceHostedMediaConfig]
(...)": a value is one or the other, so the property holds their common base
(`microsoft.graph.mediaConfig`), which is what the service declares. The alternatives stay
on the property (`Property.alternatives`), so a reader of the model still sees the union.
Where the alternatives share no base the property keeps the first one, as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..read.typecell import TypeCell
from .graph import Qualified
from .resolve import Resolver
from .rows import PendingType
from .types import Property, TypeDef


def type_alternatives(
    refs: list[tuple[Property, PendingType]],
    types: Mapping[str, TypeDef],
    resolver: Resolver,
    qualified: Qualified,
) -> None:
    """Type each property whose cell names alternatives by their nearest common base."""
    bases = dict(resolver.index.bases)
    bases.update(
        (type_def.name, qualified.bases[id(type_def)][0])
        for type_def in types.values()
        if id(type_def) in qualified.bases
    )
    for prop, ref in refs:
        if len(ref.cell.alternatives) < 2:
            continue
        names = [
            resolver.resolve(replace(ref, cell=_cell(ref, text, target)))
            for text, target in ref.cell.alternatives
        ]
        prop.alternatives = names
        common = nearest_common_base(names, bases)
        if common is not None:
            qualified.types[id(prop)] = common


def nearest_common_base(names: list[str], bases: Mapping[str, str]) -> str | None:
    """The first type up the first name's chain (itself included) that every name derives
    from or is; None when they share none."""
    chains = [_chain(name, bases) for name in names]
    for candidate in chains[0]:
        if all(candidate in chain for chain in chains[1:]):
            return candidate
    return None


def _chain(name: str, bases: Mapping[str, str]) -> list[str]:
    chain = [name]
    while (base := bases.get(chain[-1])) is not None and base not in chain:
        chain.append(base)
    return chain


def _cell(ref: PendingType, text: str, target: str | None) -> TypeCell:
    return replace(ref.cell, name=text.strip(), target=target, anchor=None, alternatives=())
