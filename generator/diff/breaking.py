"""Which changes break code written against the generated SDK, and the semver bump they ask for.

The judgement is the SDK user's: code that compiled and ran against the old package must
still do so against the new one. Removals break. Additions do not, unless they make a caller
supply something new (a required parameter or request property). A change of type breaks
unless the Python type a caller sees stays the same (`Int32` → `Int64` are both `int`).
A property that becomes nullable breaks readers (they must now handle None); the reverse
does not.
"""

from __future__ import annotations

from typing import Literal

Bump = Literal["major", "minor", "patch", "none"]

# Wire types that the generated models give one Python type: a change inside a group is
# invisible to callers, so it does not break them.
_SAME_PYTHON_TYPE: tuple[frozenset[str], ...] = (
    frozenset({"Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64"}),
    frozenset({"Edm.Single", "Edm.Double"}),
)
# Widenings that keep old values valid but change the Python type: the caller still reads
# something that holds every old value, yet annotated code must change.
_WIDENS_TO: dict[str, frozenset[str]] = {
    "Edm.Byte": frozenset({"Edm.Double", "Edm.Decimal"}),
    "Edm.Int16": frozenset({"Edm.Double", "Edm.Decimal"}),
    "Edm.Int32": frozenset({"Edm.Double", "Edm.Decimal"}),
    "Edm.Int64": frozenset({"Edm.Decimal"}),
    "Edm.Single": frozenset({"Edm.Decimal"}),
    "Edm.Double": frozenset({"Edm.Decimal"}),
}


def same_python_type(old: str, new: str) -> bool:
    """The generated SDK gives both wire types the same Python type."""
    return old == new or any(old in group and new in group for group in _SAME_PYTHON_TYPE)


def widens(old: str, new: str) -> bool:
    """`new` holds every value of `old` (so the change is a widening, not a swap)."""
    return same_python_type(old, new) or new in _WIDENS_TO.get(old, frozenset())


def type_change_breaks(old: str, new: str) -> bool:
    """Only a change the caller cannot see is safe; a widening that alters the Python type
    still breaks annotated code, so it is breaking too."""
    return not same_python_type(old, new)


def nullable_change_breaks(old: bool | None, new: bool | None) -> bool:
    """Becoming nullable breaks readers; becoming non-nullable breaks nobody. Unknown (None)
    on either side is not a change a caller can rely on."""
    return old is False and new is True


def suggested_bump(breaking: int, added: int, other: int) -> Bump:
    """Semver for the generated package: major on any break, minor on additions, patch on
    compatible changes, none when the API is untouched."""
    if breaking:
        return "major"
    if added:
        return "minor"
    if other:
        return "patch"
    return "none"
