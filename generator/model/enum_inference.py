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
from collections.abc import Mapping

from ..diagnostics import ENUM_INFERRED, ENUM_MEMBER_FROM_PROSE
from .types import ApiModel, Diagnostic, Member, Property, TypeDef

_SENTINELS = frozenset({"unknownfuturevalue", "null", "none"})
# The phrases that introduce a value list, then the list itself up to the end of its sentence.
_INTRODUCTION = re.compile(
    r"(possible values|allowed values|supported values|valid values|the values? can be|"
    r"can be one of|one of the following|must be one of|is one of|values are)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"\.(\s|<br|$)")
_CODE = re.compile(r"`([A-Za-z][\w.-]*)`")
_LEAD = re.compile(r"^\s*(?:are|is|include|includes)?\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,:;]|\band\b|\bor\b", re.IGNORECASE)
_LISTED = re.compile(r"`([A-Za-z][\w.-]*)`|\*\*?([A-Za-z][\w.-]*)\*?\*")


def _segments(description: str) -> list[str]:
    """Each sentence part that follows a phrase introducing a value list."""
    lowered = description.lower()
    if "value" not in lowered and "one of" not in lowered:
        return []  # every introducing phrase holds one or the other: no regex pass
    found: list[str] = []
    for introduction in _INTRODUCTION.finditer(description):
        rest = description[introduction.end() :]
        end = _SENTENCE_END.search(rest)
        found.append(rest[: end.start()] if end else rest)
    return found


def listed_spellings(description: str) -> list[str]:
    """The values a description lists after an introducing phrase, as written."""
    found: list[str] = []
    for segment in _segments(description):
        found.extend(code or emphasis for code, emphasis in _LISTED.findall(segment))
    return found


def plain_list(description: str) -> list[str] | None:
    """The values of a description's value list made of code spans and separators alone
    ("`unknown`, `white`, `green`, `amber`, `red`"); None where the list has words between
    its values ("`user` or `group` when the **identitySource** is `external`") or none."""
    for segment in _segments(description):
        values = _CODE.findall(segment)
        rest = _SEPARATORS.sub("", _CODE.sub("", _LEAD.sub("", segment)))
        if len(values) >= 2 and not rest:
            return values
    return None


def listed_values(description: str) -> frozenset[str]:
    """The values a description lists after an introducing phrase, case folded."""
    return frozenset({value.lower() for value in listed_spellings(description)} - _SENTINELS)


def complete_members(model: ApiModel, resolved: Mapping[int, str]) -> list[Diagnostic]:
    """Add to an enum the values a property typed by it lists beyond its documented members,
    where that list names every documented member too: a full list of the same enum, longer
    than its table (tiIndicator.tlpLevel: "Possible values are: `unknown`, `white`, `green`,
    `amber`, `red`" over a table of four). A list naming only some members may be a subset
    that applies to one property, and a list with words between its values may qualify
    them: in both the other values are not trusted. `resolved` gives
    the qualified type of each property (by `id`) ahead of the model's resolution."""
    enums = {t.name: t for t in model.types if t.kind == "enum"}
    diagnostics: list[Diagnostic] = []
    for owner in model.types:
        for prop in owner.properties:
            enum = enums.get(resolved.get(id(prop), prop.type))
            if enum is None or prop.type_inferred or not enum.members:
                continue
            known = {member.name.lower() for member in enum.members}
            spelt = plain_list(prop.description) or []
            if not known - _SENTINELS <= {value.lower() for value in spelt}:
                continue
            for value in spelt:
                if value.lower() in known or value.lower() in _SENTINELS:
                    continue
                known.add(value.lower())
                enum.members.append(Member(value, None, "", prop.source))
                diagnostics.append(
                    ENUM_MEMBER_FROM_PROSE.at(
                        prop.source.path, prop.source.line,
                        f"`{owner.name.rsplit('.', 1)[-1]}.{prop.name}` lists `{value}` with "
                        f"every member of {enum.name}; added as a member",
                    )
                )  # fmt: skip
    return diagnostics


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
