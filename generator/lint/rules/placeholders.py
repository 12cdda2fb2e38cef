"""GDL1xx: what a generated stub leaves behind, by kind of leftover.

* Wherever the reader of the published page sees text (front matter, headings, prose, table
  cells, annotation values, HTTP and JSON blocks): GDL101 markers and stand-in text (`TODO`,
  "Not yet documented" in any published language), GDL107 instructions to the author,
  GDL108 converter error text, GDL109 template prose and sample rows. Phrases come from the
  per-language files of `phrasebook`; instructions and most samples count only where they
  are all a value says. Code samples in a programming language are the reader's, so a
  `// TODO` there is left alone; HTML comments are `notes`' business (GDL111).
* GDL102-104 required slots left empty (cells by column role, front-matter keys of the
  template, the HTTP request block); GDL105 generator sample values in examples; GDL106
  example names with an empty segment. Template sentences with an empty slot: `slots`.

A finding's column is that of the marker's first character including the emphasis or
escape that wraps it: `**TODO: Add Description**` is reported where `**` starts.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model.rows import columns_of
from ...read.annotations import Annotation
from ...read.blocks import Comment, Fence, Heading, Table, Text
from ...read.lenient_json import Node
from ..context import PageContext
from .phrasebook import CODES, WHOLE_LENGTH, phrases, search, whole_value
from .text import cell_spans, first_visible, mask_code, mask_link_targets

# Markers that are placeholders wherever they stand, in any language.
_STRONG = re.compile(
    r"(?<![A-Za-z0-9/.-])(?i:todo|tbd|fixme)\s*[:\uff1a]"  # TODO: ... in any case, full-width colon
    r"|(?<![A-Za-z0-9])(?:TODO|TBD|FIXME)(?![A-Za-z0-9])"  # the upper-case word, `TODO_x`
    r"|(?<=[*_])(?i:todo|tbd|fixme)\b"  # **todo ...**
)
_EMPHASIS = "*_\\"
_DUMMY_VALUE = re.compile(
    r"^(?:String|Boolean|Int16|Int32|Int64|Integer|Byte|Double|Single|Decimal|Date|DateTimeOffset|"
    r"TimeOfDay|Duration|Guid|Binary|Stream)(?: \([^)]*\))?$"
)
_TYPE_KEYS = re.compile(r"(?:^|[a-z])[tT]ypes?$|^kinds?$")
_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_EMPTY_SEGMENT = re.compile(r"(?:^[_-]|[_-]$|__|--|_-|-_)")
_HTTP_INFO = frozenset({"http", "json", "", "msgraph-interactive"})
# The front-matter keys the page template fills: the first three must be there.
_FILLED_KEYS = ("title", "description", "author")
_TEMPLATE_KEYS = (*_FILLED_KEYS, "ms.prod", "doc_type", "ms.localizationpriority",
                  "localization_priority")
_DESCRIBED_TABLES = frozenset({"properties", "relationships", "body", "function", "path", "query"})
_TYPED_TABLES = frozenset({"properties", "relationships", "body"})
_MESSAGES = {
    "GDL101": "placeholder `{}` left in {}",
    "GDL107": "instruction to the author `{}` left in {} instead of content",
    "GDL108": "converter error text `{}` left in {}",
    "GDL109": "template sample `{}` left in {}",
}


@dataclass(slots=True, frozen=True)
class Leftover:
    code: str
    start: int
    end: int


def _widen(masked: str, start: int, end: int) -> tuple[int, int]:
    """Move `start` back over the `**`/`\\*` wrapping a marker, and `end` past its closing `**`."""
    first = start
    if masked[max(start - 3, 0):start] == "** ":
        start -= 1  # `** Entity URI for x not found`
    while start > 0 and masked[start - 1] in _EMPHASIS:
        start -= 1
    closing = masked.find("**", end)
    if masked[start:first].count("*") >= 2 and closing >= 0:
        end = closing + 2
    return start, end


def find_leftover(text: str, *, whole: bool = True) -> Leftover | None:
    """The first leftover in `text`: a marker or phrase that counts anywhere, else (`whole`)
    a phrase that is all the value says. Positions include the emphasis around a marker."""
    lowered = text.lower()
    book = phrases()
    short = whole and (len(text) <= WHOLE_LENGTH or "<" in text)
    loose = book.anywhere_hint.search(lowered) is not None
    if not loose and not short:
        return None
    masked = mask_link_targets(mask_code(text))
    if loose:
        match = _STRONG.search(masked)
        found = search(masked)
        if match is not None and (found is None or match.start() <= found.start):
            return Leftover("GDL101", *_widen(masked, match.start(), match.end()))
        if found is not None:
            return Leftover(CODES[found.kind], *_widen(masked, found.start, found.end))
    if short:
        kind = whole_value(masked)
        if kind is not None:
            return Leftover(CODES[kind], first_visible(text, 0, len(text)), len(text.rstrip()))
    return None


def find_marker(text: str, *, whole: bool = True) -> tuple[int, int] | None:
    """(start, end) of the first leftover of any kind in `text`."""
    found = find_leftover(text, whole=whole)
    return (found.start, found.end) if found is not None else None


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _marker_in(ctx: PageContext, line: int, text: str, offset: int, where: str, *, whole: bool
               ) -> None:
    found = find_leftover(text, whole=whole)
    if found is None:
        return
    ctx.report(
        line, offset + found.start + 1, found.code,
        _MESSAGES[found.code].format(_snippet(text[found.start:found.end]), where),
    )


def _hinted_lines(lines: list[str]) -> set[int]:
    """1-based numbers of the lines that may hold a leftover, found in two passes over the
    page: phrases that count anywhere, and the first words of whole-value phrases."""
    text = "\n" + "\n".join(lines).lower()
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=1))
    book = phrases()
    hits = [m.start() for m in book.anywhere_hint.finditer(text)]
    hits += [m.start() + 1 for m in book.whole_hint.finditer(text)]
    return {bisect.bisect_right(starts, hit) for hit in hits}


def check_markers(ctx: PageContext) -> None:
    hinted = _hinted_lines(ctx.lines)
    if not hinted:
        return
    scanned = ctx.doc.scanned
    front = scanned.front_matter
    for key, number in front.lines.items():
        if number not in hinted:
            continue
        raw = ctx.line(number)
        colon = raw.find(":")
        value_start = first_visible(raw, colon + 1, len(raw))
        value = raw[value_start:]
        quoted = value[:1] in ("'", '"') and len(value) > 1 and value.rstrip()[-1] == value[0]
        if quoted:
            value_start += 1
            value = value.rstrip()[1:-1]
        _marker_in(ctx, number, value, value_start, f"front matter `{key}`", whole=True)
    for block in scanned.blocks:
        if isinstance(block, Heading):
            if block.line not in hinted:
                continue
            start = max(ctx.line(block.line).find(block.text), 0)
            _marker_in(ctx, block.line, block.text, start, "a heading", whole=True)
        elif isinstance(block, Text):
            if block.line not in hinted:
                continue
            raw = ctx.line(block.line)
            _marker_in(ctx, block.line, raw, 0, "the text", whole=True)
        elif isinstance(block, Table):
            numbers = [block.line]
            for row in block.rows:
                numbers.append(row.line)
                numbers.extend(row.line + 1 + i for i in range(len(row.continuations)))
            for number in numbers:
                if number not in hinted:
                    continue
                raw = ctx.line(number)
                for left, right in cell_spans(raw):
                    _marker_in(ctx, number, raw[left:right], left, "a table cell", whole=True)
        elif isinstance(block, Comment):
            if not block.text.strip().startswith("{"):
                continue  # plain HTML comments are not published
            for number in range(block.line, block.end_line + 1):
                if number in hinted:
                    _marker_in(ctx, number, ctx.line(number), 0, "an annotation", whole=False)
        elif isinstance(block, Fence) and block.info.lower() in _HTTP_INFO:
            kind = "a JSON block" if block.info.lower() == "json" else "an HTTP block"
            for number in range(block.line + 1, block.end_line):
                if number in hinted:
                    _marker_in(ctx, number, ctx.line(number), 0, kind, whole=False)


_BLANK = re.compile(r"&nbsp;|<br\s*/?>|\s", re.IGNORECASE)


def _empty(cell: str) -> bool:
    return not _BLANK.sub("", cell)


def _filled(cell: str) -> bool:
    return not _empty(cell)


def check_empty_cells(ctx: PageContext) -> None:
    for classified in ctx.doc.tables:
        table = classified.table
        kind = classified.kind
        if kind == "permissions" and table.columns[:1] == ["permission type"]:
            wanted = {index: "permission" for index in range(1, len(table.header))}
        elif kind in _DESCRIBED_TABLES and len(table.header) > 1:
            columns = columns_of(table)
            wanted = {}
            if columns.description is not None and columns.description != columns.name:
                wanted[columns.description] = "description"
            if kind in _TYPED_TABLES and columns.type is not None:
                wanted[columns.type] = "Type"
        elif kind == "methods":
            # The template's Methods table: every method has a return type (or "None") and a
            # description.
            wanted = {
                index: "return type" if column.startswith("return type") else "description"
                for index, column in enumerate(table.columns)
                if column.startswith("return type") or column == "description"
            }
        else:
            continue
        for position, row in enumerate(table.rows):
            if row.group or row.repair:
                continue
            if kind == "methods" and not any(_filled(cell) for cell in row.cells[1:]):
                continue  # a sub-heading row: `|**Outlook tasks** (deprecated)|||`
            following = table.rows[position + 1] if position + 1 < len(table.rows) else None
            if (
                kind == "permissions"
                and following is not None
                and following.cells[:1]
                and following.cells[0].startswith("&nbsp;")
            ):
                continue  # the scopes are in the indented sub-rows below (Intune pages)
            raw = ctx.line(row.line)
            spans = cell_spans(raw)
            if len(spans) != len(table.header):
                continue
            name = row.cells[0].strip() if row.cells else ""
            for index, what in sorted(wanted.items()):
                if index < len(row.cells) and _empty(row.cells[index]):
                    left, right = spans[index]
                    label = f" of `{_snippet(name)}`" if name and what != "permission" else ""
                    if what == "permission":
                        label = f" for `{name}`" if name else ""
                    ctx.report(
                        row.line, first_visible(raw, left, right) + 1, "GDL102",
                        f"empty {what} cell{label}",
                    )


def check_front_matter(ctx: PageContext) -> None:
    """Title, description and author must be there; a key of the page template that is there
    (`ms.prod: ""`, a generator's leftover) must hold a value."""
    front = ctx.doc.scanned.front_matter
    if not front.present:
        ctx.report(1, 1, "GDL103", "page has no front matter (title, description, author)")
        return
    for key in _FILLED_KEYS:
        if key not in front.lines:
            ctx.report(1, 1, "GDL103", f"front matter has no `{key}`")
    for key in _TEMPLATE_KEYS:
        number = front.lines.get(key)
        if number is None or (front.get(key) or "").strip():
            continue
        raw = ctx.line(number)
        ctx.report(
            number, first_visible(raw, raw.find(":") + 1, len(raw)) + 1, "GDL103",
            f"front matter `{key}` is empty",
        )


def check_http_syntax(ctx: PageContext) -> None:
    doc = ctx.doc
    if doc.kind != "api":
        return
    section = next(
        (h for h in doc.headings if h.level == 2 and h.text.strip().lower() == "http request"),
        None,
    )
    if section is None:
        return
    fences = [f.fence for f in doc.fences if f.fence.section == "http request"]
    if any(line.strip() for fence in fences for line in fence.lines):
        return
    if fences:
        ctx.report(fences[0].line, fences[0].indent + 1, "GDL104", "HTTP request block is empty")
    else:
        ctx.report(section.line, 1, "GDL104", "HTTP request section has no request block")


def _dummy(value: str) -> bool:
    return bool(_DUMMY_VALUE.match(value)) or value.startswith("@odata.type: ")


def _dummy_nodes(node: Node, key: str) -> Iterator[Node]:
    """String values in a body that are generator samples; `key` names the value's property
    (an array's items take the array's key). `"dataType": "String"` is a real value."""
    if node.kind == "string":
        value = str(node.value)
        real = _TYPE_KEYS.search(key) and _DUMMY_VALUE.match(value) and "(" not in value
        if _dummy(value) and not real:
            yield node
    elif node.kind == "array":
        for item in node.items:
            yield from _dummy_nodes(item, key)
    elif node.kind == "object":
        for member in node.members:
            yield from _dummy_nodes(member.value, member.key)


def check_dummy_values(ctx: PageContext) -> None:
    for fenced in ctx.doc.fences:
        if fenced.role not in ("request", "response"):
            continue
        fence = fenced.fence
        root = ctx.body(fenced)
        if root is not None:
            for node in _dummy_nodes(root, ""):
                ctx.report(
                    node.line, node.column, "GDL105",
                    f"example value `\"{node.value}\"` is a generator sample, not a real value",
                )
            continue
        for number in range(fence.line + 1, fence.end_line):
            raw = ctx.line(number)
            if '"' not in raw:
                continue
            for match in _JSON_STRING.finditer(raw):
                value = match.group(1)
                if not _dummy(value) or raw[match.end():].lstrip().startswith(":"):
                    continue
                key = re.search(r'"([^"]*)"\s*:\s*$', raw[: match.start()])
                if key and _TYPE_KEYS.search(key.group(1)) and _DUMMY_VALUE.match(value) and (
                    "(" not in value
                ):
                    continue
                ctx.report(
                    number, match.start() + 1, "GDL105",
                    f"example value `\"{value}\"` is a generator sample, not a real value",
                )


def check_example_names(ctx: PageContext) -> None:
    for block, annotation in ctx.doc.annotations:
        if not isinstance(annotation, Annotation):
            continue
        if annotation.block_type not in ("request", "response", "example"):
            continue
        for name in annotation.names():
            if not name or not _EMPTY_SEGMENT.search(name):
                continue
            encoded = json.dumps(name)
            for number in range(block.line, block.end_line + 1):
                raw = ctx.line(number)
                column = raw.find(encoded)
                if column >= 0:
                    break
            else:
                number, column = block.line, 0
            ctx.report(
                number, column + 1, "GDL106",
                f"example name `{name}` has an empty segment (a generator artefact)",
            )


CHECKS = (
    (frozenset({"GDL101", "GDL107", "GDL108", "GDL109"}), check_markers),
    (frozenset({"GDL102"}), check_empty_cells),
    (frozenset({"GDL103"}), check_front_matter),
    (frozenset({"GDL104"}), check_http_syntax),
    (frozenset({"GDL105"}), check_dummy_values),
    (frozenset({"GDL106"}), check_example_names),
)
