"""What a rule reports: a `Finding` at a 1-based line and column, maybe with a mechanical fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import SEVERITIES as SEVERITIES
from ..diagnostics import Severity as Severity


@dataclass(slots=True, frozen=True)
class Edit:
    """Replace the text between two positions (1-based lines, 0-based columns) of a file."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


@dataclass(slots=True, frozen=True)
class Fix:
    description: str
    edits: tuple[Edit, ...]


@dataclass(slots=True)
class Finding:
    """One problem: where (`path` relative to the tree root, `file` on disk), what and how bad."""

    path: str
    line: int
    column: int
    code: str
    message: str
    file: Path = field(default_factory=Path)
    severity: Severity = "warning"
    fix: Fix | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.file), self.line, self.column, self.code)
