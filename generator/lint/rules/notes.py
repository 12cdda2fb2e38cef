"""GDL111: authors' notes left in HTML comments.

A comment is never published, so a note there misleads no reader; but it says the page is
unfinished, which a reviewer wants to know. A note is a comment that holds a marker (`TODO`,
also glued to a word: `TODOSEARCHAPI`), a placeholder of another kind (a commented-out row
that still says `**TODO: Add Description**`), a question, a word saying something is
missing, or that opens with an instruction to the author ("Add missing content."). Page
annotations, `uuid` stamps, linter directives and commented-out Markdown are not notes.
"""

from __future__ import annotations

import re

from ...read.blocks import Comment
from ..context import PageContext
from .phrasebook import phrases, search

_MARKER = re.compile(
    r"(?<![A-Za-z0-9])(?:TODO|TBD|FIXME|XXX)|(?<![A-Za-z0-9])(?i:todo|tbd|fixme)\s*[:\uff1a]"
)
_QUESTION = re.compile(r"[A-Za-z)]\?(?=\s|$)")
_MISSING = re.compile(r"\bmissing\b", re.IGNORECASE)
_REVIEWER = re.compile(r"^[A-Z]{2,3}:\s")  # `LG: Where is ...` (a reviewer's initials)
_DIRECTIVE = re.compile(r"^\s*(?:graphdoc-|markdownlint-|uuid:|prettier-|vale\b)", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
_MARKUP_START = frozenset("|[-*#>!`<{")


def _note(text: str) -> tuple[int, str] | None:
    """(offset, why) of the note in one comment's text, or None when it is no note."""
    body = text.lstrip("- \t\n")
    offset = len(text) - len(body)
    markup = not body or body[0] in _MARKUP_START  # commented-out Markdown: a row, a list...
    marker = _MARKER.search(text)
    if marker is not None:
        return marker.start(), "placeholder" if markup else "note"
    found = search(text)
    if found is not None:
        return found.start, "placeholder"
    if markup:
        return None
    first = _WORD.match(body)
    if first is not None and first.group(0).lower() in phrases().note_openers and (
        " " in body.strip()
    ):
        return offset, "note"
    short = len(body.split()) <= 12  # a note, not a paragraph commented out
    if _REVIEWER.match(body) or _QUESTION.search(body) or (short and _MISSING.search(body)):
        return offset, "note"
    return None


def _snippet(text: str) -> str:
    text = " ".join(text.replace("-->", "").split()).strip("- ")
    return text if len(text) <= 60 else text[:57] + "..."


def check_notes(ctx: PageContext) -> None:
    for block in ctx.doc.scanned.blocks:
        if not isinstance(block, Comment):
            continue
        text = block.text
        if text.lstrip("- \t\n").startswith("{") or _DIRECTIVE.match(text.lstrip("- ")):
            continue
        found = _note(text)
        if found is None:
            continue
        offset, why = found
        line = block.line + text.count("\n", 0, offset)
        raw = ctx.line(line)
        if line == block.line:
            column = raw.find("<!--") + 4 + offset
        else:
            column = offset - (text.rfind("\n", 0, offset) + 1)
        snippet = _snippet(text[offset:])
        message = (
            f"placeholder `{snippet}` in commented-out text" if why == "placeholder"
            else f"author note `{snippet}` in a comment"
        )
        ctx.report(line, column + 1, "GDL111", message)


CHECKS = ((frozenset({"GDL111"}), check_notes),)
