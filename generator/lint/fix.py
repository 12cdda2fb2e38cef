"""`--fix`: apply the mechanical edits findings carry, and nothing else.

Only syntax is touched (annotation JSON, table edge pipes, the case of a link); words never
are. Overlapping edits keep the first; a second run finds nothing left to fix. A page's
line endings and byte-order mark are kept.
"""

from __future__ import annotations

from pathlib import Path

from ..read.encoding import LINE_BREAK, decode_page
from .findings import Edit, Finding


def _line_starts(text: str) -> tuple[list[int], list[int]]:
    """Where each line starts and ends in `text`, lines broken where the reader breaks them
    (`\\r\\n`, `\\r` or `\\n`), so a finding's line is the same line here."""
    starts = [0]
    ends = []
    for match in LINE_BREAK.finditer(text):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(text))
    return starts, ends


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with `edits` (positions on its lines as the reader splits them) applied,
    overlaps skipped; a `\\n` in a replacement becomes the page's own line break."""
    starts, ends = _line_starts(text)
    newline = "\r\n" if "\r\n" in text else "\n"

    def offset(line: int, column: int) -> int:
        index = min(max(line, 1), len(starts)) - 1
        return min(starts[index] + column, ends[index])

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
        text = text[:start] + replacement.replace("\n", newline) + text[end:]
    return text


def fix_file(file: Path, findings: list[Finding]) -> int:
    """Apply the fixes of `findings` (all on `file`); return how many were applied.

    Only UTF-8 pages are rewritten (their mark and line breaks kept); a page in another
    encoding is reported as such (GDL003) and left as it is."""
    edits = [edit for f in findings if f.fix is not None for edit in f.fix.edits]
    if not edits:
        return 0
    data = file.read_bytes()
    decoded = decode_page(data)
    if decoded.text is None or not decoded.utf8:
        return 0
    fixed = apply_edits(decoded.text, edits)
    if fixed == decoded.text:
        return 0
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    file.write_bytes(bom + fixed.encode("utf-8"))
    return sum(1 for f in findings if f.fix is not None)
