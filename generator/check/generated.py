"""Findings from `generate --check`: one per generated file the pages would change.

The diff `generate` returns is what `graphdoc generate` would write; each file in it becomes a
GDK102 finding at the first line that would change (in the file as committed), and a package
folder that does not exist at all is one GDK101 finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import GENERATED_MISSING, GENERATED_STALE, Code
from ..emit.generate import GenerateResult
from ..lint.findings import Finding

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def _finding(entry: Code, file: Path, line: int, message: str) -> Finding:
    return Finding(
        path=file.as_posix(), line=line, column=1, code=entry.code, message=message,
        file=file, severity=entry.severity,
    )


def _files(diff: str) -> Iterator[tuple[str | None, str | None, int]]:
    """(old path, new path, first changed line of the old file) per file of a unified diff;
    a path is None on the side where the file does not exist. Hunks are consumed by their
    line counts, so content lines that look like headers are not taken for one."""
    lines = diff.splitlines()
    index = 0
    while index + 1 < len(lines):
        old, new = lines[index], lines[index + 1]
        if not (old.startswith("--- ") and new.startswith("+++ ")):
            index += 1
            continue
        index += 2
        first: int | None = None
        while index < len(lines) and (match := _HUNK.match(lines[index])):
            position = int(match.group(1))
            old_left = int(match.group(2) or 1)
            new_left = int(match.group(4) or 1)
            index += 1
            while index < len(lines) and (old_left > 0 or new_left > 0):
                line = lines[index]
                index += 1
                if line.startswith("\\"):
                    continue  # "\ No newline at end of file"
                kind = line[:1]
                if kind in ("-", "+") and first is None:
                    first = position
                if kind in (" ", "-"):
                    old_left -= 1
                    position += 1
                if kind in (" ", "+"):
                    new_left -= 1
        yield _side(old), _side(new), max(first or 1, 1)


def _side(header: str) -> str | None:
    name = header[4:].split("\t", 1)[0]
    return None if name == "/dev/null" else name[2:]  # drop `a/` or `b/`


def generated_findings(result: GenerateResult) -> list[Finding]:
    """GDK101 when the package folder is missing, else one GDK102 per file the diff names."""
    if not result.root.is_dir():
        return [
            _finding(
                GENERATED_MISSING, result.root, 1,
                "the pages have not been generated here: run `graphdoc generate` and commit "
                "the package",
            )
        ]
    findings = []
    for old, new, line in _files(result.diff):
        if old is None and new is not None:
            file, line, message = new, 1, "missing: the pages generate this file"
        elif new is None and old is not None:
            file, line, message = old, 1, "no longer generated from the pages (generate removes it)"
        elif old is not None:
            file, message = old, f"differs from what the pages generate, from line {line} on"
        else:
            continue
        findings.append(
            _finding(
                GENERATED_STALE, result.root.parent / file, line,
                f"{message}; run `graphdoc generate` and commit the result",
            )
        )
    return findings
