"""GDL110: a fixed sentence of the page template whose slot was left empty.

The template's sentences carry their content in a slot: a code span ("returns a `200 OK`
response code"), the list after a colon ("The following **scopes** are required to execute
this API: ..."), the lines of an HTTP block. A generator that had nothing to put there
leaves the sentence with an empty slot: "returns `` response code", a lead-in whose colon
is followed by the next heading, an example block with no line in it.
"""

from __future__ import annotations

import re

from ...read.blocks import Block, Fence, Heading, Table, Text
from ..context import PageContext
from .text import cell_spans, mask_code

_EMPTY_SPAN = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\())``(?=[\s.,;:)]|$)")
# The template's permission sentence: "One of the following permissions is required to call
# this API: ...", "The following **scopes** are required to execute this API: ...".
_PERMISSION_LEAD_IN = re.compile(
    r"\b(?:permissions?|scopes?)\b.*\b(?:is|are) required\b", re.IGNORECASE
)
_HTTP_INFO = frozenset({"http", "json", ""})


def _empty_spans(ctx: PageContext, line: int, text: str, offset: int, where: str) -> None:
    """Empty code spans; real spans are masked first, so "`` ` ``" (a backtick) is content."""
    for match in _EMPTY_SPAN.finditer(mask_code(text)):
        ctx.report(line, offset + match.start() + 1, "GDL110", f"empty code span in {where}")


def _lead_in_without_list(blocks: list[Block], index: int, level: int) -> bool:
    """The permission sentence ending in a colon, followed by nothing before the next
    heading of its own level or higher (a deeper heading may hold the list)."""
    block = blocks[index]
    if not isinstance(block, Text) or not block.text.rstrip().endswith(":"):
        return False
    if not _PERMISSION_LEAD_IN.search(block.text):
        return False
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is None or (isinstance(following, Heading) and following.level <= level)


def check_slots(ctx: PageContext) -> None:
    blocks = ctx.doc.scanned.blocks
    level = 1  # the level of the heading the current block sits under
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            level = block.level
        elif isinstance(block, Text):
            if "``" in block.text:
                raw = ctx.line(block.line)
                _empty_spans(ctx, block.line, raw, 0, "a sentence")
            if _lead_in_without_list(blocks, index, level):
                raw = ctx.line(block.line)
                ctx.report(
                    block.line, len(raw.rstrip()), "GDL110",
                    "the sentence ends in a colon with nothing after it before the next heading",
                )
        elif isinstance(block, Table):
            for row in block.rows:
                if "``" in row.raw:
                    for left, right in cell_spans(row.raw):
                        _empty_spans(ctx, row.line, row.raw[left:right], left, "a table cell")
        elif (
            isinstance(block, Fence)
            and block.info.lower() in _HTTP_INFO
            and block.closed
            and block.section != "http request"
            and not any(line.strip() for line in block.lines)
            and _annotated(ctx, block)
        ):
            ctx.report(block.line, block.indent + 1, "GDL110", "example block has no line in it")


def _annotated(ctx: PageContext, fence: Fence) -> bool:
    """Only request and response examples are template slots (a bare empty fence is layout)."""
    return any(
        fenced.fence is fence and fenced.role in ("request", "response")
        for fenced in ctx.doc.fences
    )


CHECKS = ((frozenset({"GDL110"}), check_slots),)
