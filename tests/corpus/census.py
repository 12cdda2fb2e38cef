"""Independent census of what the reader must account for, counted from raw page lines.

This module is the *independent check* of the reader in ``generator/``: it must never import
anything from the ``generator`` package.  It re-implements, with a deliberately simple
line scan, the structural definitions both sides agree on (see ``docs/doc-format.md`` §0, §2,
§4.4, §4.5 and §5 in the shared docs):

* front matter: if line 1 is ``---``, every line up to the next ``---`` line is skipped;
* fences: a line indented by at most 4 spaces whose text starts with three backticks opens a
  fence; inside a fence only a line whose stripped text is nothing but backticks (three or
  more) closes it, so an opener like ````` ```http ````` inside a fence does not close it;
  an unclosed fence runs to the end of the file;
* HTML comments (outside fences): ``<!--`` starts a comment that ends at the first ``-->``,
  possibly on a later line.  Text before ``<!--`` is normal text; lines inside a comment are
  skipped; text after ``-->`` on the closing line is ignored;
* tables: a header line containing ``|`` immediately followed by a delimiter line (only
  ``|``, ``:``, ``-`` and whitespace, with at least one ``|`` and one ``-``); then every line
  containing ``|`` is a body row, and any other non-blank line is a continuation of the
  previous row, until a blank line, a heading, a fence opener, a comment start or a line
  starting with ``>`` ends the table;
* annotations: comments whose stripped content starts with ``{``.  Each annotation attaches to
  the first fence after it, skipping blank lines, tab headers, headings and prose, but the
  search stops (without a block) at another comment, at a table or at end of file;
* unannotated examples: fences no annotation attached to, whose first non-blank line is a
  request line (``GET /x``) or a status line (``HTTP/1.1 200 OK``), and which are not under a
  heading whose text is ``http request`` (those are syntax blocks).

All functions are pure; the whole 2021 corpus scans in a few seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "CORPUS",
    "CensusTotals",
    "PageCensus",
    "census_file",
    "census_text",
    "census_tree",
    "corpus_roots",
    "totals",
]

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
"""``/work/shared/corpus`` when the project lives at ``/work/main``."""

_SNAPSHOTS = ("graph-docs-2021-07", "graph-docs-2020-05")
_VERSIONS = ("v1.0", "beta")

_FENCE_OPEN = re.compile(r"^ {0,4}```")
_FENCE_CLOSE = re.compile(r"^`{3,}$")
_DELIMITER = re.compile(r"^[\s|:\-]+$")
_TAB_HEADER = re.compile(r"^#\s*\[[^\]]*\]\(#tab/[^)]*\)\s*$")
_BLOCK_TYPE = re.compile(r'"?blockType"?\s*:\s*"(\w+)"')
_REQUEST_LINE = re.compile(r"^(GET|POST|PATCH|PUT|DELETE|HEAD|OPTIONS)\s+\S")
_STATUS_LINE = re.compile(r"^HTTP(/\d(\.\d)?)?\s+\d{3}")
_SYNTAX_HEADING = "http request"

# Line kinds produced by the first pass.
_FRONT = 0  # front matter (including its two --- lines)
_NORMAL = 1  # outside fences; begins outside a comment
_IN_COMMENT = 2  # begins inside an HTML comment (skipped)
_FENCE_OPENER = 3  # the line that opens a fence
_IN_FENCE = 4  # content or closing line of a fence


@dataclass
class PageCensus:
    """What one page holds, as 1-based line numbers of the original file."""

    path: str
    table_rows: list[int] = field(default_factory=list)
    """Every table body row (not headers, delimiters or continuation lines)."""
    annotated_requests: list[int] = field(default_factory=list)
    """Fence start lines of blocks annotated ``"blockType": "request"``."""
    annotated_responses: list[int] = field(default_factory=list)
    """Fence start lines of blocks annotated ``"blockType": "response"``."""
    annotations_without_block: list[int] = field(default_factory=list)
    """Comment start lines of request/response annotations that no fence follows."""
    unannotated_requests: list[int] = field(default_factory=list)
    """Fence start lines of unannotated example requests (``METHOD URL`` first line)."""
    unannotated_responses: list[int] = field(default_factory=list)
    """Fence start lines of unannotated example responses (``HTTP/x NNN`` first line)."""


@dataclass(frozen=True)
class _Comment:
    start: int  # 0-based line index of ``<!--``
    end: int  # 0-based line index of ``-->`` (last line if unclosed)
    content: str


@dataclass
class _Scan:
    lines: list[str]
    kinds: list[int]
    text: list[str]  # normal text of each _NORMAL line: the part before the first ``<!--``
    comment_start: list[bool]  # _NORMAL line whose stripped text starts with ``<!--``
    comments: list[_Comment]
    fences: list[tuple[int, int | None, str]]  # (opener index, first non-blank line, heading)


def _split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first line after the front matter (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return i + 1
    return 0  # unclosed: not front matter


def _is_heading(stripped: str) -> bool:
    return stripped.startswith("#")


def _is_fence_opener(line: str) -> bool:
    return _FENCE_OPEN.match(line) is not None


def _scan(text: str) -> _Scan:
    lines = _split_lines(text)
    n = len(lines)
    kinds = [_NORMAL] * n
    texts = [""] * n
    comment_start = [False] * n
    comments: list[_Comment] = []
    fences: list[tuple[int, int | None, str]] = []

    start = _front_matter_end(lines)
    for i in range(start):
        kinds[i] = _FRONT

    heading = ""  # text of the last heading seen outside fences and comments
    heading_at_open = ""
    fence_at: int | None = None  # index of the open fence's opener
    first_content: int | None = None
    comment_from: int | None = None  # index where the open comment started
    comment_parts: list[str] = []

    for i in range(start, n):
        line = lines[i]
        if fence_at is not None:
            kinds[i] = _IN_FENCE
            stripped = line.strip()
            if _FENCE_CLOSE.match(stripped):
                fences.append((fence_at, first_content, heading_at_open))
                fence_at = None
            elif first_content is None and stripped:
                first_content = i
            continue

        pos = 0
        if comment_from is not None:
            kinds[i] = _IN_COMMENT
            close = line.find("-->")
            if close < 0:
                comment_parts.append(line)
                continue
            comment_parts.append(line[:close])
            comments.append(_Comment(comment_from, i, "\n".join(comment_parts)))
            comment_from = None
            pos = close + 3
        else:
            if _is_fence_opener(line):
                kinds[i] = _FENCE_OPENER
                fence_at, first_content, heading_at_open = i, None, heading
                continue
            opening = line.find("<!--")
            texts[i] = line if opening < 0 else line[:opening]
            stripped = texts[i].strip()
            if opening >= 0 and not stripped:
                comment_start[i] = True
            if _is_heading(stripped) and not _TAB_HEADER.match(stripped):
                heading = stripped.lstrip("#").strip().lower()

        # Comments opening on this line (after ``pos``); text after ``-->`` is ignored.
        while True:
            opening = line.find("<!--", pos)
            if opening < 0:
                break
            close = line.find("-->", opening + 4)
            if close < 0:
                comment_from, comment_parts = i, [line[opening + 4 :]]
                break
            comments.append(_Comment(i, i, line[opening + 4 : close]))
            pos = close + 3

    if fence_at is not None:  # unclosed fence runs to end of file
        fences.append((fence_at, first_content, heading_at_open))
    if comment_from is not None:  # unclosed comment runs to end of file
        comments.append(_Comment(comment_from, n - 1, "\n".join(comment_parts)))
    return _Scan(lines, kinds, texts, comment_start, comments, fences)


def _is_delimiter(line: str) -> bool:
    return "|" in line and "-" in line and _DELIMITER.match(line) is not None


def _is_table_header(scan: _Scan, i: int) -> bool:
    """Line ``i`` is a normal line with ``|`` and line ``i + 1`` is a delimiter line."""
    if scan.kinds[i] != _NORMAL or "|" not in scan.text[i]:
        return False
    if _is_heading(scan.text[i].strip()):
        return False
    j = i + 1
    return j < len(scan.lines) and scan.kinds[j] == _NORMAL and _is_delimiter(scan.lines[j])


def _table_rows(scan: _Scan) -> list[int]:
    rows: list[int] = []
    n = len(scan.lines)
    i = 0
    while i < n:
        if not _is_table_header(scan, i):
            i += 1
            continue
        i += 2  # header and delimiter
        while i < n:
            kind = scan.kinds[i]
            if kind == _IN_COMMENT:  # skipped; the table goes on after the comment
                i += 1
                continue
            if kind != _NORMAL:  # fence opener (fence bodies cannot follow directly)
                break
            stripped = scan.lines[i].strip()
            if (
                not stripped
                or scan.comment_start[i]
                or _is_heading(stripped)
                or stripped.startswith(">")
            ):
                break
            if "|" in scan.text[i]:
                rows.append(i + 1)
            # else: continuation of the previous row
            i += 1
    return rows


def _attach(scan: _Scan, comment_index: int) -> int | None:
    """Opener index of the fence annotation ``comment_index`` attaches to, if any."""
    comment = scan.comments[comment_index]
    limit = len(scan.lines)
    if comment_index + 1 < len(scan.comments):
        limit = scan.comments[comment_index + 1].start  # the next comment stops the search
    for j in range(comment.end + 1, limit):
        kind = scan.kinds[j]
        if kind == _FENCE_OPENER:
            return j
        if kind != _NORMAL or scan.comment_start[j] or _is_table_header(scan, j):
            return None
    return None


def census_text(text: str, path: str) -> PageCensus:
    """Census of one page's Markdown ``text``; ``path`` is only recorded."""
    scan = _scan(text)
    page = PageCensus(path=path, table_rows=_table_rows(scan))

    attached: set[int] = set()
    for index, comment in enumerate(scan.comments):
        content = comment.content.strip()
        if not content.startswith("{"):
            continue
        fence = _attach(scan, index)
        if fence is not None:
            attached.add(fence)
        match = _BLOCK_TYPE.search(content)
        block_type = match.group(1) if match else None
        if block_type not in ("request", "response"):
            continue
        if fence is None:
            page.annotations_without_block.append(comment.start + 1)
        elif block_type == "request":
            page.annotated_requests.append(fence + 1)
        else:
            page.annotated_responses.append(fence + 1)

    for opener, first, heading in scan.fences:
        if opener in attached or first is None or heading == _SYNTAX_HEADING:
            continue
        first_line = scan.lines[first].strip()
        if _REQUEST_LINE.match(first_line):
            page.unannotated_requests.append(opener + 1)
        elif _STATUS_LINE.match(first_line):
            page.unannotated_responses.append(opener + 1)

    page.annotated_requests.sort()
    page.annotated_responses.sort()
    return page


def census_file(path: Path, root: Path) -> PageCensus:
    """Census of the page at ``path``, recorded relative to ``root`` with posix slashes."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return census_text(text, path.relative_to(root).as_posix())


def census_tree(root: Path) -> list[PageCensus]:
    """Census of every ``*.md`` file below ``root``, sorted by relative path."""
    pages = [census_file(p, root) for p in root.rglob("*.md") if p.is_file()]
    pages.sort(key=lambda page: page.path)
    return pages


def corpus_roots() -> list[Path]:
    """The existing ``api-reference/{v1.0,beta}`` folders of the 2021 and 2020 snapshots."""
    roots = [CORPUS / snap / "api-reference" / ver for snap in _SNAPSHOTS for ver in _VERSIONS]
    return [root for root in roots if root.is_dir()]


@dataclass(frozen=True)
class CensusTotals:
    """Sums over many pages."""

    pages: int
    table_rows: int
    annotated_requests: int
    annotated_responses: int
    annotations_without_block: int
    unannotated_requests: int
    unannotated_responses: int


def totals(pages: Iterable[PageCensus]) -> CensusTotals:
    """Add up the counts of ``pages``."""
    sums = [0] * 7
    for page in pages:
        sums[0] += 1
        sums[1] += len(page.table_rows)
        sums[2] += len(page.annotated_requests)
        sums[3] += len(page.annotated_responses)
        sums[4] += len(page.annotations_without_block)
        sums[5] += len(page.unannotated_requests)
        sums[6] += len(page.unannotated_responses)
    return CensusTotals(*sums)
