"""`--fix`: apply the mechanical edits findings carry, and nothing else.

Only syntax is touched (annotation JSON, table edge pipes, the case of a link); words never
are. Overlapping edits keep the first; a second run finds nothing left to fix. A page's
line endings and byte-order mark are kept.
"""

from __future__ import annotations

from pathlib import Path

from .findings import Edit, Finding


def _offsets(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with `edits` (positions on its `\\n`-split lines) applied; overlaps skipped."""
    lines = text.split("\n")
    starts = _offsets(lines)

    def offset(line: int, column: int) -> int:
        index = min(max(line, 1), len(lines)) - 1
        return starts[index] + min(column, len(lines[index]))

    spans = sorted(
        (offset(e.line, e.column), offset(e.end_line, e.end_column), e.text) for e in edits
    )
    chosen: list[tuple[int, int, str]] = []
    for start, end, replacement in spans:
        if chosen and start < chosen[-1][1]:
            continue
        if chosen and start == chosen[-1][0] == chosen[-1][1] == end:
            continue
        chosen.append((start, end, replacement))
    for start, end, replacement in reversed(chosen):
        text = text[:start] + replacement + text[end:]
    return text


def fix_file(file: Path, findings: list[Finding]) -> int:
    """Apply the fixes of `findings` (all on `file`); return how many were applied."""
    edits = [edit for f in findings if f.fix is not None for edit in f.fix.edits]
    if not edits:
        return 0
    data = file.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    fixed = apply_edits(text, edits)
    if fixed == text:
        return 0
    if crlf:
        fixed = fixed.replace("\n", "\r\n")
    file.write_bytes((b"\xef\xbb\xbf" if bom else b"") + fixed.encode("utf-8"))
    return sum(1 for f in findings if f.fix is not None)
