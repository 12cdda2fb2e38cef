"""GDL2xx: page structure, tables, annotations and example pairing.

Where the reader already found a problem (an unclosed fence, an annotation with nothing
after it, a response nothing asked for) its diagnostic is turned into a finding instead of
being detected a second time.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ...diagnostics import (
    DOC_TYPE_MISMATCH,
    MALFORMED_FRONT_MATTER,
    MALFORMED_REQUEST,
    MALFORMED_RESPONSE,
    ORPHAN_ANNOTATION,
    UNCLOSED_COMMENT,
    UNCLOSED_FENCE,
)
from ...read.annotations import BLOCK_TYPES, KNOWN_KEYS, Annotation
from ...read.blocks import Comment, Table
from ...read.http import REQUEST_LINE
from ...read.lenient_json import rewrite_strict
from ...read.page import AnnotatedFence
from ..context import PageContext
from ..findings import Edit, Fix

# reader diagnostic -> finding code
_FROM_READER = {
    UNCLOSED_FENCE.code: "GDL212",
    UNCLOSED_COMMENT.code: "GDL216",
    MALFORMED_REQUEST.code: "GDL213",
    MALFORMED_RESPONSE.code: "GDL213",
    DOC_TYPE_MISMATCH.code: "GDL214",
    MALFORMED_FRONT_MATTER.code: "GDL215",
    ORPHAN_ANNOTATION.code: "GDL208",
}
_PERMISSION_SECTIONS = frozenset({"permissions", "prerequisites", "permission"})
_EXAMPLE_SECTION = re.compile(r"^examples?\b")
_RESPONSE_SECTION = re.compile(r"^response\b")


def check_reader_diagnostics(ctx: PageContext) -> None:
    for diagnostic in ctx.doc.diagnostics:
        code = _FROM_READER.get(diagnostic.code)
        if code is not None:
            ctx.report(diagnostic.line, diagnostic.column, code, diagnostic.message)


def check_sections(ctx: PageContext) -> None:
    doc = ctx.doc
    # Section names by text, whatever the level: OneDrive pages nest `### HTTP request`
    # under one H2 per scenario.
    sections = {h.text.strip().lower() for h in doc.headings if h.level >= 2}
    roles = {f.role for f in doc.fences}
    kinds = {t.kind for t in doc.tables}
    missing: list[str] = []
    if doc.kind == "api":
        if "http request" not in sections and "syntax" not in roles:
            missing.append("HTTP request")
        if (
            not sections & _PERMISSION_SECTIONS
            and "permissions" not in kinds
            and not doc.permission_includes
        ):
            missing.append("Permissions")
        if not any(_RESPONSE_SECTION.match(s) for s in sections) and "response" not in roles:
            missing.append("Response")
        if not any(_EXAMPLE_SECTION.match(s) for s in sections) and "request" not in roles:
            missing.append("Example")
    elif doc.kind == "resource" and _documents_an_enum(ctx, sections, kinds):
        pass  # an enum filed as a resource page (`teamsAsyncOperationStatus enum type`)
    elif doc.kind == "resource" and _documents_a_type(ctx):
        members = {"properties", "relationships"}
        named = any(s.endswith(("properties", "relationships")) for s in sections)
        if not named and not kinds & members:
            missing.append("Properties")  # a type with relationships only needs no table
        if "json representation" not in sections and "resource" not in roles:
            missing.append("JSON representation")
    elif doc.kind == "enum" and "members" not in sections and "enum" not in kinds:
        missing.append("Members")
    if missing:
        names = ", ".join(f"`## {name}`" for name in missing)
        ctx.report(
            doc.title_line, 1, "GDL201",
            f"{doc.kind} page has no {names} section",
        )


_TYPE_TITLE = re.compile(r"\b(?:resource|complex|entity|enum)?\s*type$|\bobject$|^\S+$", re.I)


def _documents_an_enum(ctx: PageContext, sections: set[str], kinds: set[str]) -> bool:
    if kinds & {"properties", "relationships"}:
        return False
    title = ctx.doc.title.strip().lower()
    return "members" in sections or title.endswith(("enum type", "enumeration type"))


def _documents_a_type(ctx: PageContext) -> bool:
    """A resource page about a type, not an overview filed as one (`security-api-overview.md`,
    Intune's conceptual pages): a resource block, a property table or a `x resource type`
    title."""
    doc = ctx.doc
    if doc.doc_type is None:
        return False
    if any(f.role == "resource" for f in doc.fences):
        return True
    if any(t.kind in ("properties", "relationships") for t in doc.tables):
        return True
    return bool(_TYPE_TITLE.search(doc.title.strip()))


def _table_blocks(ctx: PageContext) -> Iterator[Table]:
    for block in ctx.doc.scanned.blocks:
        if isinstance(block, Table):
            yield block


def check_tables(ctx: PageContext) -> None:
    for classified in ctx.doc.tables:
        table = classified.table
        if table.delimiter_cells != len(table.header):
            ctx.report(
                table.line + 1, 1, "GDL203",
                f"table header has {len(table.header)} cells but its delimiter row has "
                f"{table.delimiter_cells}; GFM renderers show no table here",
            )
            continue
        for row in table.rows:
            if row.repair is None:
                continue
            filled = [cell for cell in row.cells if cell.replace("&nbsp;", "").strip()]
            if "fewer" in row.repair and len(filled) <= 1 and len(table.header) > 1:
                continue  # a sub-heading row (`|**Apps**|`, `| Review sets |`)
            if "code span" in row.repair:
                message = "a `|` inside a code span splits the cell in GFM; write it as `\\|`"
            else:
                message = f"row has {row.repair}"
            ctx.report(row.line, 1, "GDL202", message)
    for block in _table_blocks(ctx):
        for raw_row in block.rows:
            for offset, _ in enumerate(raw_row.continuations):
                number = raw_row.line + 1 + offset
                ctx.report(
                    number, 1, "GDL202",
                    f"line continues the row at line {raw_row.line} after a line break; GFM "
                    "renders it as a row of its own (use `<br>` inside the cell)",
                )
        _missing_pipes(ctx, block)


def _missing_pipes(ctx: PageContext, block: Table) -> None:
    # A row broken over lines is GDL202's; a pipe added to its first line would not mend it.
    numbers = [block.line, *(row.line for row in block.rows if not row.continuations)]
    lines = [(n, ctx.line(n)) for n in numbers]
    leading = sum(1 for _, line in lines if line.lstrip().startswith("|"))
    trailing = sum(1 for _, line in lines if _ends_with_pipe(line))
    for number, line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        indent = len(line) - len(line.lstrip())
        edits: list[Edit] = []
        where: list[str] = []
        if leading * 2 > len(lines) and not stripped.startswith("|"):
            edits.append(Edit(number, indent, number, indent, "|"))
            where.append("leading")
        if trailing * 2 > len(lines) and not _ends_with_pipe(line):
            end = len(line.rstrip())
            edits.append(Edit(number, end, number, len(line), "|"))
            where.append("trailing")
        if edits:
            column = indent + 1 if where[0] == "leading" else len(line.rstrip()) + 1
            ctx.report(
                number, column, "GDL204",
                f"table row has no {' or '.join(where)} pipe, unlike the rest of its table",
                Fix(f"add the {' and '.join(where)} pipe", tuple(edits)),
            )


def _ends_with_pipe(line: str) -> bool:
    stripped = line.rstrip()
    return stripped.endswith("|") and not stripped.endswith("\\|")


def _annotations(ctx: PageContext) -> Iterator[tuple[Comment, Annotation | str]]:
    """Annotation comments, as the reader read them: their annotation, or the reason they
    can't be read."""
    for block, annotation in ctx.doc.annotations:
        if isinstance(annotation, Annotation):
            keys = {key.lower() for key in annotation.data}
            if not keys & {"blocktype", "type"}:
                continue  # commented-out JSON, not an annotation
            yield block, annotation
        else:
            yield block, annotation.message


def _json_fix(ctx: PageContext, block: Comment, annotation: Annotation) -> Fix | None:
    if annotation.trailing:
        return None
    first = ctx.line(block.line)
    start = first.find("<!--")
    last = ctx.line(block.end_line)
    end = last.find("-->", start + 4 if block.end_line == block.line else 0)
    if start < 0 or end < 0:
        return None
    if block.end_line == block.line:
        inner = first[start + 4 : end]
    else:
        middle = [ctx.line(n) for n in range(block.line + 1, block.end_line)]
        inner = "\n".join([first[start + 4 :], *middle, last[:end]])
    fixed = rewrite_strict(inner, annotation.data)
    if fixed is None or fixed == inner:
        return None
    edit = Edit(block.line, start + 4, block.end_line, end, fixed)
    return Fix("rewrite the annotation as strict JSON", (edit,))


def check_annotations(ctx: PageContext) -> None:
    for block, annotation in _annotations(ctx):
        if isinstance(annotation, str):
            ctx.report(block.line, 1, "GDL205", annotation)
            continue
        if not annotation.strict:
            ctx.report(
                block.line, 1, "GDL205",
                "annotation is not strict JSON (" + ", ".join(annotation.repairs) + ")",
                _json_fix(ctx, block, annotation),
            )
        for key in annotation.data:
            if key in KNOWN_KEYS:
                continue
            line, column = annotation.key_position(key)
            ctx.report(line, column, "GDL206", f"unknown annotation key `{key}`{_hint(key)}")
        block_type = annotation.data.get("blockType")
        if "blockType" in annotation.data and not isinstance(block_type, str):
            line, column = annotation.key_position("blockType")
            ctx.report(line, column, "GDL207", "annotation `blockType` is not a string")
        elif isinstance(block_type, str) and block_type not in BLOCK_TYPES:
            line, column = annotation.key_position("blockType")
            ctx.report(
                line, column, "GDL207",
                f"unknown blockType `{block_type}`{_hint(block_type, BLOCK_TYPES)}",
            )


def _hint(word: str, vocabulary: frozenset[str] = KNOWN_KEYS) -> str:
    by_lower = {known.lower(): known for known in vocabulary}
    if word.lower() in by_lower:
        return f"; did you mean `{by_lower[word.lower()]}`?"
    close = difflib.get_close_matches(word, sorted(vocabulary), n=1, cutoff=0.75)
    if close:
        return f"; did you mean `{close[0]}`?"
    return ""


def check_example_pairs(ctx: PageContext) -> None:
    seen: dict[str, int] = {}
    for fenced in ctx.doc.fences:
        annotation = fenced.annotation
        if fenced.role != "request" or annotation is None or annotation.block_type != "request":
            continue  # names of `ignored` blocks feed no snippet or test
        names = annotation.names()
        if not names or not names[0]:
            continue
        name = names[0]
        if name in seen:
            line, column = annotation.line, 1
            for number in range(annotation.line, annotation.end_line + 1):
                found = ctx.line(number).find(f'"{name}"')
                if found >= 0:
                    line, column = number, found + 1
                    break
            ctx.report(
                line, column, "GDL209",
                f"example name `{name}` is also used at line {seen[name]}",
            )
        else:
            seen[name] = annotation.line
    fences = ctx.doc.fences
    # A response may name the requests it answers (`"name": ["get-drive-by-id", ...]`).
    named = {
        name
        for fenced in fences
        if fenced.role == "response" and fenced.annotation is not None
        for name in fenced.annotation.names()
    }
    for position, fenced in enumerate(fences):
        annotation = fenced.annotation
        if fenced.role != "request" or annotation is None or annotation.block_type != "request":
            continue  # unannotated calls shown in prose (notifications, overviews) need none
        if set(annotation.names()) & named:
            continue
        answered = False
        for following in fences[position + 1 :]:
            if following.role == "response":
                answered = True
                break
            ahead = following.annotation
            if following.role == "request" and ahead is not None and ahead.block_type == "request":
                break
        if not answered:
            ctx.report(
                fenced.fence.line, 1, "GDL210",
                "request example has no response example after it",
            )
    # A second response after a response shows another outcome of the same request
    # (`workbookoperation-get.md`: failed, succeeded); only a response with no request
    # anywhere before it answers nothing.
    for position, fenced in enumerate(fences):
        if fenced.role != "response":
            continue
        if fenced.annotation is not None and fenced.annotation.block_type != "response":
            continue
        if not any(_is_example_request(earlier) for earlier in fences[:position]):
            ctx.report(
                fenced.fence.line, 1, "GDL211",
                "response example has no request example before it",
            )


def _is_example_request(fenced: AnnotatedFence) -> bool:
    """A request example: one read as such, or a call to a host put under an `HTTP request`
    heading (`todotask-delta.md`), which the reader takes for syntax."""
    if fenced.role == "request":
        return True
    first = next((line.strip() for line in fenced.fence.lines if line.strip()), "")
    return fenced.role == "syntax" and bool(REQUEST_LINE.match(first)) and "://" in first


CHECKS = (
    (frozenset(set(_FROM_READER.values())), check_reader_diagnostics),
    (frozenset({"GDL201"}), check_sections),
    (frozenset({"GDL202", "GDL203", "GDL204"}), check_tables),
    (frozenset({"GDL205", "GDL206", "GDL207"}), check_annotations),
    (frozenset({"GDL209", "GDL210", "GDL211"}), check_example_pairs),
)
