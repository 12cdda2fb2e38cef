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

from generator.read.frontmatter import FrontMatter, read_front_matter

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TAB_HEADER = re.compile(r"^#\s*\[[^\]]*\]\(#tab/[^)]*\)\s*$")
_DELIMITER_CHARS = frozenset("|:- \t")


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


def _read_fence(
    lines: list[str],
    index: int,
    indent: int,
    opening: str,
    section: str,
    heading: str,
    blocks: list[Block],
) -> int:
    """Read a fence opened on `lines[index]`; only a bare backtick line closes it."""
    number = index + 1
    body: list[str] = []
    count = len(lines)
    index += 1
    closed = False
    while index < count:
        inner = lines[index]
        if "```" in inner and not inner.strip().strip("`"):
            closed = True
            break
        if indent and inner[:indent].isspace():
            inner = inner[indent:]
        elif indent:
            inner = inner.lstrip()
        body.append(inner)
        index += 1
    end_line = index + 1 if closed else count
    info = opening[3:].strip()
    blocks.append(Fence(number, section, heading, info, body, end_line, closed, indent))
    return index + 1


def scan(text: str) -> ScannedPage:
    """Scan a whole page into blocks; never raises on odd input."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    front_matter, index = read_front_matter(lines)
    blocks: list[Block] = []
    references: dict[str, str] = {}
    section = ""
    heading = ""
    count = len(lines)
    while index < count:
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            index += 1
            continue
        number = index + 1
        first = stripped[0]
        if first == "`" and stripped.startswith("```"):
            indent = len(line) - len(line.lstrip())
            if indent <= 4:
                index = _read_fence(lines, index, indent, stripped, section, heading, blocks)
                continue
        elif first == "<" and stripped.startswith("<!--"):
            index = _read_comment(lines, index, section, heading, blocks)
            continue
        elif first == "#":
            if _TAB_HEADER.match(stripped):
                blocks.append(TabHeader(number, section, heading, stripped))
                index += 1
                continue
            match = _HEADING.match(stripped)
            if match:
                level = len(match.group(1))
                title = match.group(2).strip()
                if level == 2:
                    section = heading = title.lower()
                elif level > 2:
                    heading = title.lower()
                blocks.append(Heading(number, section, heading, level, title))
                index += 1
                continue
        if "|" in line and index + 1 < count and is_delimiter_row(lines[index + 1]):
            index = _read_table(lines, index, section, heading, blocks)
            continue
        if "]:" in line:
            definition = _REFERENCE_DEFINITION.match(line)
            if definition:
                references.setdefault(definition.group(1).strip().lower(), definition.group(2))
        blocks.append(Text(number, section, heading, stripped))
        if "<!--" in stripped:
            # Prose followed by a comment opening on the same line.
            start = stripped.find("<!--")
            index = _read_comment(lines, index, section, heading, blocks, offset=start)
            continue
        index += 1
    return ScannedPage(front_matter, blocks, lines, references)


def _read_comment(
    lines: list[str],
    index: int,
    section: str,
    heading: str,
    blocks: list[Block],
    offset: int = 0,
) -> int:
    """Read a comment starting on `lines[index]`; return the index after it."""
    first = lines[index].strip()[offset:]
    body = first[4:]
    end = body.find("-->")
    if end >= 0:
        blocks.append(Comment(index + 1, section, heading, body[:end], index + 1, body[end + 3 :]))
        return index + 1
    parts = [body]
    cursor = index + 1
    while cursor < len(lines):
        candidate = lines[cursor]
        end = candidate.find("-->")
        if end >= 0:
            parts.append(candidate[:end])
            after = candidate[end + 3 :]
            blocks.append(
                Comment(index + 1, section, heading, "\n".join(parts), cursor + 1, after)
            )
            return cursor + 1
        parts.append(candidate)
        cursor += 1
    blocks.append(Comment(index + 1, section, heading, "\n".join(parts), len(lines), ""))
    return len(lines)


def _ends_table(stripped: str) -> bool:
    return (
        not stripped
        or stripped.startswith("#")
        or stripped.startswith("```")
        or stripped.startswith("<!--")
        or stripped.startswith(">")
    )


def _read_table(
    lines: list[str], index: int, section: str, heading: str, blocks: list[Block]
) -> int:
    """Read a table whose header is `lines[index]`; return the index after it."""
    header = lines[index]
    delimiter = lines[index + 1]
    rows: list[TableRow] = []
    cursor = index + 2
    open_row = False
    while cursor < len(lines):
        line = lines[cursor]
        stripped = line.strip()
        if _ends_table(stripped):
            break
        if "|" in line and not (rows and open_row and _continues_cell(stripped)):
            rows.append(TableRow(line, cursor + 1))
        elif rows:
            if "|" in line:
                rows[-1].piped_continuations.append(cursor + 1)
                stripped = stripped[:-1].rstrip()
            rows[-1].continuations.append(stripped)
        else:
            break
        open_row = not line.rstrip().endswith("|")
        cursor += 1
    blocks.append(Table(index + 1, section, heading, header, delimiter, rows))
    return cursor


def _continues_cell(stripped: str) -> bool:
    """After a row left open (no trailing pipe), a line with no leading pipe and no pipe but a
    closing one continues that row's last cell: `more text.|`."""
    return not stripped.startswith("|") and "|" not in stripped[:-1] and stripped.endswith("|")
