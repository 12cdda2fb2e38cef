"""Split a page into the blocks that matter: headings, fences, comments, tables, prose.

A single pass over the lines, with the rules `docs/doc-format.md` derives from the real
corpus: an opening fence line with an info string never closes a fence, comments may span
lines, tables are found by a header plus a delimiter row whatever their edge pipes, and a
line without a pipe continues the previous table row. Each block knows the H2 and the
nearest heading it sits under, so sections are matched by text, not by level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .frontmatter import FrontMatter, read_front_matter

_TAB_HEADER = re.compile(r"^#\s*\[[^\]]*\]\(#tab/[^)]*\)\s*$")
_DELIMITER_CHARS = frozenset("|:- \t")
_TABLE_ENDERS = frozenset("#>")


@dataclass(slots=True)
class Block:
    line: int  # 1-based line of the block's first line
    section: str  # the enclosing H2 text, lower-cased ("" before the first H2)
    heading: str  # the nearest enclosing heading text, lower-cased (H2 or deeper)


@dataclass(slots=True)
class Heading(Block):
    level: int
    text: str


@dataclass(slots=True)
class TabHeader(Block):
    text: str


@dataclass(slots=True)
class Fence(Block):
    info: str
    lines: list[str]
    end_line: int
    closed: bool
    indent: int


@dataclass(slots=True)
class Comment(Block):
    text: str  # between <!-- and -->
    end_line: int
    after: str  # text after --> on the closing line
    column: int = 1  # where `text` starts on the opening line
    # False for a `<!--` never closed: it is read as ending on its own line (else the rest of
    # the page would be hidden, every table row in it lost) and the reader diagnoses it.
    closed: bool = True


@dataclass(slots=True)
class TableRow:
    raw: str
    line: int
    continuations: list[str] = field(default_factory=list)
    # Continuation lines that hold a pipe, which closes the cell they continue (Intune pages).
    piped_continuations: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Table(Block):
    header: str
    delimiter: str
    rows: list[TableRow]


@dataclass(slots=True)
class Text(Block):
    text: str


@dataclass(slots=True)
class ScannedPage:
    front_matter: FrontMatter
    blocks: list[Block]
    lines: list[str]
    reference_links: dict[str, str]  # `[name]: target` definitions, keys lower-cased


_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*(\S+)")


def is_delimiter_row(line: str) -> bool:
    """A GFM delimiter row, loosely: pipes, colons, dashes and spaces, with a pipe and a dash."""
    return "|" in line and "-" in line and _DELIMITER_CHARS.issuperset(line.strip())


def scan(text: str) -> ScannedPage:
    """Scan a whole page into blocks; never raises on odd input.

    One `for` loop over the lines with the current block as state: the cheapest shape of a
    per-line loop in CPython, which matters at 1.2 million lines per corpus snapshot.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    front_matter, start = read_front_matter(lines)
    blocks: list[Block] = []
    references: dict[str, str] = {}
    section = heading = ""
    count = len(lines)
    fence: Fence | None = None
    comment: list[str] | None = None
    comment_start = comment_column = 0
    comment_section = comment_heading = ""
    table: Table | None = None
    open_row = False
    skip_to = start
    # One pass, unless a comment is never closed (a `<!--` opens inside it, or the page ends)
    # while hiding structure: then it is closed on its own line and the lines after it are
    # scanned again (nothing in them was kept yet).
    begin = start
    while True:
        for index in range(begin, count):
            line = lines[index]
            if fence is not None:
                if "```" in line and not line.strip().strip("`"):
                    fence.end_line = index + 1
                    fence.closed = True
                    fence = None
                elif fence.indent:
                    fence.lines.append(
                        line[fence.indent :] if line[: fence.indent].isspace() else line.lstrip()
                    )
                else:
                    fence.lines.append(line)
                continue
            if comment is not None:
                end = line.find("-->")
                opens = line.find("<!--")
                if opens >= 0 and (end < 0 or opens < end):
                    break  # a comment opens inside the open one: that one was never closed
                if end < 0:
                    comment.append(line)
                    continue
                comment.append(line[:end])
                blocks.append(
                    Comment(
                        comment_start, section, heading, "\n".join(comment), index + 1,
                        line[end + 3 :], comment_column,
                    )
                )
                comment = None
                continue
            if index < skip_to:
                continue
            stripped = line.strip()
            if table is not None:
                if stripped and not (
                    stripped[0] in _TABLE_ENDERS
                    or stripped.startswith("```")
                    or stripped.startswith("<!--")
                ):
                    rows = table.rows
                    if "|" in line and not (rows and open_row and _continues_cell(stripped)):
                        rows.append(TableRow(line, index + 1))
                    elif rows:
                        if "|" in line:
                            rows[-1].piped_continuations.append(index + 1)
                            stripped = stripped[:-1].rstrip()
                        rows[-1].continuations.append(stripped)
                    else:
                        table = None
                    if table is not None:
                        open_row = not line.rstrip().endswith("|")
                        continue
                table = None
            if not stripped:
                continue
            number = index + 1
            first = stripped[0]
            if first == "`" and stripped.startswith("```"):
                indent = len(line) - len(line.lstrip())
                if indent <= 4:
                    fence = Fence(
                        number, section, heading, stripped[3:].strip(), [], count, False, indent
                    )
                    blocks.append(fence)
                    continue
            elif first == "<" and stripped.startswith("<!--"):
                comment_column = line.find("<!--") + 5
                comment = _open_comment(
                    blocks, stripped[4:], number, comment_column, section, heading
                )
                comment_start, comment_section, comment_heading = number, section, heading
                continue
            elif first == "#":
                if stripped.startswith("# [") and _TAB_HEADER.match(stripped):
                    blocks.append(TabHeader(number, section, heading, stripped))
                    continue
                found = atx_heading(stripped)
                if found is not None:
                    level, title = found
                    if level == 2:
                        section = heading = title.lower()
                    elif level > 2:
                        heading = title.lower()
                    blocks.append(Heading(number, section, heading, level, title))
                    continue
            if "|" in line and index + 1 < count and is_delimiter_row(lines[index + 1]):
                table = Table(number, section, heading, line, lines[index + 1], [])
                blocks.append(table)
                open_row = False
                skip_to = index + 2
                continue
            if "]:" in line:
                definition = _REFERENCE_DEFINITION.match(line)
                if definition:
                    references.setdefault(definition.group(1).strip().lower(), definition.group(2))
            blocks.append(Text(number, section, heading, stripped))
            if "<!--" in stripped:
                # Prose followed by a comment opening on the same line.
                body = stripped[stripped.find("<!--") + 4 :]
                comment_column = line.find("<!--") + 5
                comment = _open_comment(blocks, body, number, comment_column, section, heading)
                comment_start, comment_section, comment_heading = number, section, heading
        else:
            if comment is None:
                break
            if not _hides_structure(lines[comment_start:]):
                # Left open at the end over prose or JSON only: a comment to the end.
                blocks.append(
                    Comment(
                        comment_start, section, heading, "\n".join(comment), count, "",
                        comment_column, closed=False,
                    )
                )
                break
        # A comment never closed hides the headings, tables and fences after it: read it as
        # ending on its own line, and read on from the next.
        blocks.append(
            Comment(
                comment_start, comment_section, comment_heading, comment[0], comment_start, "",
                comment_column, closed=False,
            )
        )
        section, heading = comment_section, comment_heading
        comment = None
        table = None
        begin = skip_to = comment_start
    return ScannedPage(front_matter, blocks, lines, references)


def atx_heading(stripped: str) -> tuple[int, str] | None:
    """Level and text of an ATX heading line (stripped, starting with `#`), without a closing
    run of `#`s and the spaces around it (`## Properties ##`); None when it is no heading.
    This is the regex `^(#{1,6})\\s+(.*?)\\s*#*\\s*$` written out in string methods, at a
    third of its cost on the 60,000 headings of a version."""
    body = stripped.lstrip("#")
    level = len(stripped) - len(body)
    if level > 6 or not body[:1].isspace():
        return None
    return level, body.rstrip().rstrip("#").strip()


def _open_comment(
    blocks: list[Block], body: str, number: int, column: int, section: str, heading: str
) -> list[str] | None:
    """A comment opening on line `number`, `body` being the text after `<!--`: one closed on
    the same line becomes a block; an open one returns its first line, to gather until `-->`."""
    end = body.find("-->")
    if end < 0:
        return [body]
    blocks.append(
        Comment(number, section, heading, body[:end], number, body[end + 3 :], column)
    )
    return None


def _hides_structure(lines: list[str]) -> bool:
    """Whether `lines` hold a heading, a fence or a table (by its delimiter row)."""
    return any(
        line.lstrip().startswith(("#", "```")) or is_delimiter_row(line) for line in lines
    )


def _continues_cell(stripped: str) -> bool:
    """After a row left open (no trailing pipe), a line with no leading pipe and no pipe but a
    closing one continues that row's last cell: `more text.|`."""
    return not stripped.startswith("|") and "|" not in stripped[:-1] and stripped.endswith("|")
