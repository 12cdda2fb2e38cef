"""Where a generation's time went and what happened to its files (`GenerateStats`)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GenerateStats"]


@dataclass(slots=True)
class GenerateStats:
    """Where the time went (seconds) and what happened to the files."""

    reused: bool = False  # an unchanged input: output taken from the generate cache
    vouched: bool = False  # check: the package's record matched, nothing rendered
    model_seconds: float = 0.0
    render_seconds: float = 0.0
    schema_seconds: float = 0.0
    format_seconds: float = 0.0  # wall time of formatting, cache lookups included
    black_seconds: float = 0.0  # time inside black, summed over worker processes
    format_hits: int = 0
    format_misses: int = 0
    pages_read: int = 0  # pages read; the others' parts came from the page cache
    pages_cached: int = 0
    files_reused: int = 0  # files whose template input was unchanged: not rendered again
    write_seconds: float = 0.0
    total_seconds: float = 0.0
    files: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def outside_black_seconds(self) -> float:
        """Wall time not spent formatting: reading, rendering, schemas, writing."""
        return self.total_seconds - self.format_seconds
