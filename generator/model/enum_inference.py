"""Enums written as `String`: the docs' most common type error, corrected from their own prose.

A property typed `String` whose description lists its possible values ("Possible values are:
`file`, `item`, `reference`.") is an enum in the service when those values are exactly the
members of one enum the tree documents. The property is then typed as that enum, marked
`type_inferred`, and keeps its written type in `type_text`; SDK users get the enum. The
evolvable-enum sentinel `unknownFutureValue` and `null` are left out of both sides, since
pages list them inconsistently. Nothing is inferred where two enums match equally.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..diagnostics import ENUM_INFERRED
from .types import ApiModel, Diagnostic, Property, TypeDef

_SENTINELS = frozenset({"unknownfuturevalue", "null", "none"})
# The phrases that introduce a value list, then the list itself up to the end of its sentence.
_INTRODUCTION = re.compile(
    r"(possible values|allowed values|supported values|valid values|the values? can be|"
    r"can be one of|one of the following|must be one of|is one of|values are)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"\.(\s|<br|$)")
_LISTED = re.compile(r"`([A-Za-z][\w.-]*)`|\*\*?([A-Za-z][\w.-]*)\*?\*")


def listed_values(description: str) -> frozenset[str]:
    """The values a description lists after an introducing phrase, case folded."""
    lowered = description.lower()
    if "value" not in lowered and "one of" not in lowered:
        return frozenset()  # every introducing phrase holds one or the other: no regex pass
    found: set[str] = set()
    for introduction in _INTRODUCTION.finditer(description):
        rest = description[introduction.end() :]
        end = _SENTENCE_END.search(rest)
        segment = rest[: end.start()] if end else rest
        found.update((code or emphasis).lower() for code, emphasis in _LISTED.findall(segment))
    return frozenset(found - _SENTINELS)


def _member_sets(model: ApiModel) -> dict[frozenset[str], list[TypeDef]]:
    sets: dict[frozenset[str], list[TypeDef]] = defaultdict(list)
    for type_def in model.types:
        if type_def.kind == "enum":
            members = frozenset(m.name.lower() for m in type_def.members) - _SENTINELS
            if len(members) >= 2:
                sets[members].append(type_def)
    return sets


def _choose(candidates: list[TypeDef], owner: TypeDef) -> TypeDef | None:
    """One enum, or the one in the owner's namespace when several list the same members."""
    if len(candidates) == 1:
        return candidates[0]
    namespace = owner.name.rsplit(".", 1)[0]
    local = [c for c in candidates if c.name.rsplit(".", 1)[0] == namespace]
    return local[0] if len(local) == 1 else None


def infer_enum_types(model: ApiModel) -> list[Diagnostic]:
    """Type `String` properties as the enum their description lists; one info each."""
    sets = _member_sets(model)
    diagnostics: list[Diagnostic] = []
    for owner in model.types:
        for prop in owner.properties:
            if prop.type != "Edm.String":
                continue
            values = listed_values(prop.description)
            enum = _choose(sets.get(values, []), owner) if len(values) >= 2 else None
            if enum is None:
                continue
            _retype(prop, enum)
            diagnostics.append(
                ENUM_INFERRED.at(
                    prop.source.path, prop.source.line,
                    f"`{prop.name}` is written as String but lists exactly the members of "
                    f"{enum.name}; typed as that enum",
                )
            )  # fmt: skip
    return diagnostics


def _retype(prop: Property, enum: TypeDef) -> None:
    prop.type = enum.name
    prop.type_inferred = True
