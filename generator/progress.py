"""One status line on stderr for long runs, shown only where someone is watching.

A terminal gets a line rewritten in place (`read pages 1200/3341`); CI logs, pipes and `-q`
get nothing, so logs hold only results. Every long stage reports through a `Progress`
callback taking (done, total), which any stage can accept without knowing where it goes.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import TextIO

Progress = Callable[[int, int], None]

# Redraw at most this often: a terminal line per page would cost more than the reading.
_INTERVAL = 0.1


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a CI service runs us (GitHub Actions, GitLab, Azure Pipelines set these)."""
    return environ.get("CI", "").lower() in ("1", "true", "yes") or "TF_BUILD" in environ


def watched(quiet: bool = False, stream: TextIO | None = None) -> bool:
    """Whether progress should be drawn: a terminal, not CI, not `-q`."""
    stream = stream if stream is not None else sys.stderr
    return not quiet and not in_ci() and stream.isatty()


class StatusLine:
    """Stage progress on one terminal line; `stage(label)` gives the callback for a stage."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._drawn = 0.0
        self._width = 0

    def stage(self, label: str) -> Progress:
        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if done < total and now - self._drawn < _INTERVAL:
                return
            self._drawn = now
            self._draw(f"{label} {done}/{total}")

        return report

    def _draw(self, text: str) -> None:
        padding = " " * max(0, self._width - len(text))
        self._stream.write(f"\r{text}{padding}")
        self._stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        """Remove the line, so the summary that follows starts clean."""
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0


def status_line(quiet: bool = False) -> StatusLine | None:
    """A status line when someone watches (see `watched`), else None."""
    return StatusLine() if watched(quiet) else None
