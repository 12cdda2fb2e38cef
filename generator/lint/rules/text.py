"""Helpers over page lines shared by rules: cell spans, masking code spans and link targets."""

from __future__ import annotations

import itertools
import re

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_LINK_TARGET = re.compile(r"\]\(([^)]*)\)")


def mask(text: str, pattern: re.Pattern[str], group: int = 0) -> str:
    """`text` with every match of `pattern` (or of its `group`) blanked, offsets unchanged."""

    def blank(match: re.Match[str]) -> str:
        whole = match.group(0)
        if group == 0:
            return " " * len(whole)
        start, end = match.span(group)
        offset = match.start()
        return whole[: start - offset] + " " * (end - start) + whole[end - offset :]

    return pattern.sub(blank, text)


def mask_code(text: str) -> str:
    return mask(text, _CODE_SPAN) if "`" in text else text


def mask_link_targets(text: str) -> str:
    return mask(text, _LINK_TARGET, 1) if "](" in text else text


def cell_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each cell of a table line, GFM-style (every unescaped `|`)."""
    bounds = [i for i, char in enumerate(line) if char == "|" and (i == 0 or line[i - 1] != "\\")]
    stripped_start = len(line) - len(line.lstrip())
    stripped_end = len(line.rstrip())
    edges: list[int] = []
    if not bounds or bounds[0] != stripped_start:
        edges.append(stripped_start - 1)
    edges.extend(bounds)
    if not bounds or bounds[-1] != stripped_end - 1:
        edges.append(stripped_end)
    spans = []
    for left, right in itertools.pairwise(edges):
        spans.append((left + 1, right))
    return spans


def first_visible(text: str, start: int, end: int) -> int:
    """Offset of the first non-space character in text[start:end] (or `start`)."""
    for index in range(start, end):
        if not text[index].isspace():
            return index
    return start
