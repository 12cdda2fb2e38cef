"""GDL1xx: what a generated stub leaves behind.

* GDL101 unfinished-doc markers wherever the reader of the published page sees them: front
  matter, headings, prose, table cells, annotation values, HTTP and JSON blocks. Code
  samples in a programming language are the reader's, so a `// TODO` there is left alone,
  and so are plain HTML comments, which are never published.
* GDL102-104 required slots left empty; GDL105 generator sample values in examples;
  GDL106 example names with an empty segment.

A finding's column is that of the marker's first character including the emphasis or
escape that wraps it: `**TODO: Add Description**` is reported where `**` starts.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator

from ...model.rows import columns_of
from ...read.annotations import Annotation
from ...read.blocks import Comment, Fence, Heading, Table, Text
from ...read.lenient_json import Node
from ..context import PageContext
from .text import cell_spans, first_visible, mask_code, mask_link_targets

# Markers that are placeholders wherever they stand.
_STRONG = re.compile(
    r"(?<![A-Za-z0-9/.-])(?i:todo|tbd|fixme)\s*:"  # TODO: ... in any case
    r"|(?<![A-Za-z0-9])(?:TODO|TBD|FIXME)(?![A-Za-z0-9])"  # the upper-case word, `TODO_x`
    r"|(?<=[*_])(?i:todo|tbd|fixme)\b"  # **todo ...**
    r"|(?<![\w/.-])(?:"
    r"(?i:not yet documented)"
    r"|(?i:(?:provide|add|insert|enter)\s+(?:a\s+|the\s+)?description\s+here)"
    r"|(?i:(?:entity\s+|collection\s+)?uri\s+for\s+\S+\s+not\s+found)"
    r")"
)
# Instructions that are placeholders only when they are all a cell, value, heading or line says.
_WHOLE = re.compile(
    r"^(?:"
    r"add (?:a |the )?(?:description|documentation|ms prod|summary|permissions?)s?(?: here)?"
    r"|provide (?:applicable permissions|github name|(?:a |the )?(?:description|summary|value)s?)"
    r"(?:\b.*)?"
    r"|determine (?:\w+ )?scopes"
    r"|(?:description |documentation |content |details )?to be "
    r"(?:completed|determined|documented|added|provided|defined|written)"
    r"|(?:support |documentation |description )?coming soon"
    r"|placeholder(?: text| description)?"
    r"|lorem ipsum\b.*"
    r")$",
    re.IGNORECASE,
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
_FILLED_KEYS = ("title", "description", "author")
_DESCRIBED_TABLES = frozenset({"properties", "relationships", "body", "function", "path", "query"})
_TYPED_TABLES = frozenset({"properties", "relationships", "body"})


def _normalise(text: str) -> str:
    text = text.replace("&nbsp;", " ")
    text = "".join(" " if char in _EMPHASIS else char for char in text)
    text = " ".join(text.split())
    return text.strip(" .:!")


# Every marker holds one of these: a cheap test before the real patterns run.
_HINT = re.compile(
    r"todo|tbd|fixme|not yet|description here|not found|add |provide|determine|to be |"
    r"coming soon|placeholder|lorem",
    re.IGNORECASE,
)


def find_marker(text: str, *, whole: bool = True) -> tuple[int, int] | None:
    """(start, end) of the first marker in `text`, `start` moved back over `**`/`\\*` wrapping."""
    if not _HINT.search(text):
        return None
    masked = mask_link_targets(mask_code(text))
    match = _STRONG.search(masked)
    if match is not None:
        start = match.start()
        if masked[max(start - 3, 0):start] == "** ":
            start -= 1  # `** Entity URI for x not found`
        while start > 0 and masked[start - 1] in _EMPHASIS:
            start -= 1
        end = match.end()
        closing = masked.find("**", end)
        if masked[start:match.start()].count("*") >= 2 and closing >= 0:
            end = closing + 2
        return start, end
    if whole and _WHOLE.match(_normalise(masked)):
        start = first_visible(text, 0, len(text))
        return start, len(text.rstrip())
    return None


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _marker_in(ctx: PageContext, line: int, text: str, offset: int, where: str, *, whole: bool
               ) -> None:
    found = find_marker(text, whole=whole)
    if found is None:
        return
    start, end = found
    ctx.report(
        line, offset + start + 1, "GDL101",
        f"placeholder `{_snippet(text[start:end])}` left in {where}",
    )


def _hinted_lines(lines: list[str]) -> set[int]:
    """1-based numbers of the lines that hold a marker hint, found in one pass over the page."""
    text = "\n".join(lines)
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return {bisect.bisect_right(starts, m.start()) for m in _HINT.finditer(text)}


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
        else:
            continue
        for position, row in enumerate(table.rows):
            if row.group or row.repair:
                continue
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
                    label = f" of `{name}`" if name and what != "permission" else ""
                    if what == "permission":
                        label = f" for `{name}`" if name else ""
                    ctx.report(
                        row.line, first_visible(raw, left, right) + 1, "GDL102",
                        f"empty {what} cell{label}",
                    )


def check_front_matter(ctx: PageContext) -> None:
    front = ctx.doc.scanned.front_matter
    if not front.present:
        ctx.report(1, 1, "GDL103", "page has no front matter (title, description, author)")
        return
    for key in _FILLED_KEYS:
        number = front.lines.get(key)
        if number is None:
            ctx.report(1, 1, "GDL103", f"front matter has no `{key}`")
            continue
        if not (front.get(key) or "").strip():
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
    (frozenset({"GDL101"}), check_markers),
    (frozenset({"GDL102"}), check_empty_cells),
    (frozenset({"GDL103"}), check_front_matter),
    (frozenset({"GDL104"}), check_http_syntax),
    (frozenset({"GDL105"}), check_dummy_values),
    (frozenset({"GDL106"}), check_example_names),
)
