"""Suppression comments in a page, and the ones that no longer suppress anything.

    <!-- graphdoc-disable-next-line GDL105 -->     the next non-blank line
    <!-- graphdoc-disable-next-block GDL105 -->    the next block: a table, a fence (with the
                                                  annotation before it), a paragraph
    <!-- graphdoc-disable GDL105 -->              from here to `graphdoc-enable` or the end
    <!-- graphdoc-enable GDL105 -->
    <!-- graphdoc-disable-file GDL103 -->          the whole page

Codes may be rule names (`dummy-example-value`); no code means every rule. A comment ends a
Markdown table, so rows are suppressed with `-next-block` above the table or a range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..read.blocks import Block, Comment, Fence, Table, Text
from ..read.page import PageDoc
from .findings import Finding
from .registry import lookup

_DIRECTIVE = re.compile(
    r"^graphdoc-(disable-next-line|disable-next-block|disable-file|disable|enable)\b(.*)$",
    re.DOTALL,
)
_END = 10**9


@dataclass(slots=True)
class Suppression:
    line: int
    column: int
    kind: str
    codes: frozenset[str] | None  # None: every code
    start: int
    end: int
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> bool:
        return self.start <= finding.line <= self.end and (
            self.codes is None or finding.code in self.codes
        )


def _block_span(blocks: list[Block], index: int) -> tuple[int, int]:
    """Lines of the block at `index`: an annotation runs on through the block it annotates."""
    block = blocks[index]
    if isinstance(block, Fence):
        return block.line, block.end_line
    if isinstance(block, Table):
        last = block.rows[-1] if block.rows else None
        end = block.line + 1
        if last is not None:
            end = last.line + len(last.continuations)
        return block.line, end
    if isinstance(block, Comment):
        if block.text.strip().startswith("{") and index + 1 < len(blocks):
            _, end = _block_span(blocks, index + 1)
            return block.line, end
        return block.line, block.end_line
    if isinstance(block, Text):
        end = block.line
        for following in blocks[index + 1 :]:
            if isinstance(following, Text) and following.line == end + 1:
                end = following.line
            else:
                break
        return block.line, end
    return block.line, block.line


def read_suppressions(doc: PageDoc) -> tuple[list[Suppression], list[tuple[int, int, str]]]:
    """The page's suppressions, and (line, column, token) for each unknown code named."""
    found: list[Suppression] = []
    unknown: list[tuple[int, int, str]] = []
    open_ranges: list[Suppression] = []
    blocks = doc.scanned.blocks
    lines = doc.scanned.lines
    for index, block in enumerate(blocks):
        if not isinstance(block, Comment):
            continue
        match = _DIRECTIVE.match(block.text.strip())
        if match is None:
            continue
        kind = match.group(1)
        column = lines[block.line - 1].find("<!--") + 1 if block.line <= len(lines) else 1
        codes: set[str] = set()
        tokens = [t for t in re.split(r"[\s,]+", match.group(2).strip()) if t]
        for token in tokens:
            rule = lookup(token)
            if rule is None:
                unknown.append((block.line, max(column, 1), token))
            else:
                codes.add(rule.code)
        selected = frozenset(codes) if tokens else None
        if tokens and not codes:
            continue
        if kind == "enable":
            for opened in open_ranges:
                if opened.end == _END and (selected is None or opened.codes == selected or (
                    opened.codes is not None and opened.codes <= selected
                )):
                    opened.end = block.line
            continue
        if kind == "disable-next-line":
            start = block.end_line + 1
            while start <= len(lines) and not lines[start - 1].strip():
                start += 1
            end = start
        elif kind == "disable-next-block":
            if index + 1 >= len(blocks):
                start = end = block.end_line + 1
            else:
                start, end = _block_span(blocks, index + 1)
        elif kind == "disable-file":
            start, end = 1, _END
        else:
            start, end = block.end_line + 1, _END
        suppression = Suppression(block.line, max(column, 1), kind, selected, start, end)
        found.append(suppression)
        if kind == "disable":
            open_ranges.append(suppression)
    return found, unknown


def apply(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """Findings no suppression covers; each suppression records the codes it covered."""
    kept: list[Finding] = []
    for finding in findings:
        covering = [s for s in suppressions if s.covers(finding)]
        if not covering:
            kept.append(finding)
            continue
        for suppression in covering:
            suppression.used.add(finding.code)
    return kept


def unused(suppressions: list[Suppression], enabled: set[str]) -> list[tuple[Suppression, str]]:
    """(suppression, code or "") for each code a suppression names but never covered."""
    stale: list[tuple[Suppression, str]] = []
    for suppression in suppressions:
        if suppression.codes is None:
            if not suppression.used:
                stale.append((suppression, ""))
            continue
        for code in sorted(suppression.codes):
            if code in enabled and code not in suppression.used:
                stale.append((suppression, code))
    return stale
