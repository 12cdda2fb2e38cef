"""The rules, one module per family; each `check_*` function reports into a `PageContext`."""

from __future__ import annotations

from collections.abc import Callable

from ..context import PageContext
from . import examples as examples
from . import links as links
from . import notes as notes
from . import placeholders as placeholders
from . import slots as slots
from . import structure as structure

Check = Callable[[PageContext], None]

# (codes a check can report, the check); the runner skips checks whose codes are all off.
CHECKS: tuple[tuple[frozenset[str], Check], ...] = (
    *placeholders.CHECKS,
    *slots.CHECKS,
    *notes.CHECKS,
    *structure.CHECKS,
    *examples.CHECKS,
    *links.CHECKS,
)
