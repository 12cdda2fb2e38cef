"""Table rows to cells, without trusting the cell count.

GFM splits on every unescaped pipe, code spans included; authors assume code spans protect
pipes, and unescaped pipes in prose add cells. So a row is split GFM-style first, then
code-span-aware when that fits the header better, and surplus cells are folded back into
the last column. The caller learns what was repaired so it can say so.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .blocks import Table

_LINK_TARGET = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)")
_PIPE_OR_TICK = re.compile(r"[|`]")
_COLUMN_MARKUP = re.compile(r"[*`_]|&nbsp;")
_BOLD_ONLY = re.compile(r"^\*\*[^*]+\*\*$|^__[^_]+__$")


@dataclass(slots=True)
class Row:
    cells: list[str]
    line: int
    repair: str | None = None  # what was done to make the cell count fit
    group: bool = False  # a bold sub-heading row with every other cell empty


@dataclass(slots=True)
class ParsedTable:
    header: list[str]
    columns: list[str]  # normalised header names: lower-case, no markup
    rows: list[Row]
    line: int
    delimiter_cells: int


def _strip_edges(line: str) -> str:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return text


def split_cells(line: str, *, code_aware: bool = False) -> list[str]:
    """Split a row into stripped cells; `\\|` is a literal pipe."""
    text = _strip_edges(line)
    escaped = "\\|" in text
    if escaped:
        text = text.replace("\\|", "\x00")
    parts = _split_outside_code(text) if code_aware and "`" in text else text.split("|")
    if escaped:
        return [part.replace("\x00", "|").strip() for part in parts]
    return [part.strip() for part in parts]


def _split_outside_code(text: str) -> list[str]:
    """Split at the pipes outside code spans: those followed by an even number of backticks
    up to the end of the line. One pass (a lookahead regex rescanned the rest of the line at
    every pipe: 4 s for a 10,000-cell row)."""
    after = text.count("`")
    parts: list[str] = []
    start = 0
    for match in _PIPE_OR_TICK.finditer(text):
        if match.group() == "`":
            after -= 1
        elif after % 2 == 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


@functools.lru_cache(maxsize=4096)
def normalise_column(name: str) -> str:
    """A header cell as a column name (remembered: a version's 40,000 header cells hold a
    few hundred names)."""
    return _COLUMN_MARKUP.sub("", name).strip().lower()


def fit_row(line: str, width: int) -> tuple[list[str], str | None]:
    """Cells for a row of a `width`-column table, plus a note of any repair."""
    cells = split_cells(line)
    if len(cells) == width:
        return cells, None
    if "`" in line:
        aware = split_cells(line, code_aware=True)
        if len(aware) == width:
            return aware, "pipe inside a code span"
        if abs(len(aware) - width) < abs(len(cells) - width):
            cells = aware
    if len(cells) > width:
        extra = len(cells) - width
        merged = [*cells[: width - 1], " | ".join(cells[width - 1 :])] if width else cells
        return merged, f"{extra} more cell(s) than the header; folded into the last column"
    missing = width - len(cells)
    return cells + [""] * missing, f"{missing} fewer cell(s) than the header"


def parse_table(table: Table) -> ParsedTable:
    header = split_cells(table.header)
    if header and header[-1] == "" and len(header) > 1 and table.header.rstrip().endswith("||"):
        header = header[:-1]
    width = len(header)
    rows: list[Row] = []
    for raw in table.rows:
        cells, repair = fit_row(raw.raw, width)
        if raw.continuations:
            cells[-1] = " ".join([cells[-1], *raw.continuations]).strip()
        first = cells[0] if cells else ""
        group = (
            width > 1
            and first[:1] in ("*", "_", "&")
            and bool(_BOLD_ONLY.match(first.replace("&nbsp;", "").strip()))
            and all(not cell.replace("&nbsp;", "").strip() for cell in cells[1:])
        )
        rows.append(Row(cells, raw.line, repair, group))
    return ParsedTable(
        header=header,
        columns=[normalise_column(name) for name in header],
        rows=rows,
        line=table.line,
        delimiter_cells=len(split_cells(table.delimiter)),
    )


def cell_links(text: str) -> list[str]:
    """Targets of the inline links in a cell, in order."""
    return _LINK_TARGET.findall(text)
