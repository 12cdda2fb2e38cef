"""One page, read: what it is, its tables by kind, its HTTP blocks and annotations.

`read_page` turns scanned blocks into a `PageDoc`: annotations attached to the block they
describe (across blank lines, tab headers, headings and prose), tables classified by the
section they sit in plus their header, syntax fences told apart from examples, and every
problem recorded as a diagnostic. It never raises on page content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import (
    ANNOTATION_NOT_STRICT,
    BLOCK_TYPE_NOT_STRING,
    DOC_TYPE_MISMATCH,
    JSON_COMMENT,
    MALFORMED_FRONT_MATTER,
    NAMESPACE_DOT,
    NO_DOC_TYPE,
    ORPHAN_ANNOTATION,
    ROW_CONTINUATION,
    TABLE_DELIMITER_MISMATCH,
    UNCLOSED_COMMENT,
    UNCLOSED_FENCE,
    UNKNOWN_BLOCK_TYPE,
    UNREADABLE_ANNOTATION,
    Code,
)
from ..model.types import Diagnostic, PageKind, RawTable
from .annotations import (
    BLOCK_TYPES,
    Annotation,
    AnnotationProblem,
    read_annotation,
)
from .blocks import (
    Block,
    Comment,
    Fence,
    Heading,
    ScannedPage,
    TabHeader,
    Table,
    Text,
    scan,
)
from .http import (
    REQUEST_LINE,
    first_content_line,
    looks_like_request,
    looks_like_response,
)
from .roles import classify_table
from .tables import ParsedTable, parse_table

_DOC_TYPES: dict[str, PageKind] = {
    "apipagetype": "api",
    "resourcepagetype": "resource",
    "enumpagetype": "enum",
    "enumtypes": "enum",
    "conceptualpagetype": "conceptual",
}
_NAMESPACE = re.compile(r"^\**namespace\**\s*:\s*\**\s*([A-Za-z0-9_.]*)", re.IGNORECASE)
# How a page states its type's base in prose: "Inherits from [entity](entity.md).",
# "Derived from [recipient](recipient.md).", "is derived from [**baseItem**](baseitem.md)",
# "Inherits metadata properties from [itemFacet](...)", "A subclass of [educationResource](...)",
# "This creates a subclass from [...]", "is a type of [accessReviewScope](...)".
_INHERITS = re.compile(
    r"(?:inherits(?:\s+[\w-]+){0,3}?\s+from|inherited from|derived from|derives from"
    r"|is a subtype of|is based on|sub-?class (?:of|from)|(?:^|\bis\s+)an?\s+type of)"
    r"\s+(?:the\s+)?\**"
    r"\[([^\]]+)\]\(([^)]*)\)",
    re.IGNORECASE,
)
_INCLUDE = re.compile(r"\[!INCLUDE\s*\[[^\]]*\]\(([^)]*)\)\]", re.IGNORECASE)


@dataclass(slots=True)
class ClassifiedTable:
    kind: str
    table: ParsedTable
    section: str
    heading: str
    annotation: Annotation | None = None


@dataclass(slots=True)
class AnnotatedFence:
    fence: Fence
    annotation: Annotation | None
    role: str  # "syntax", "request", "response", "resource", "json", "other"


@dataclass(slots=True)
class PageDoc:
    path: str
    scanned: ScannedPage
    kind: PageKind
    doc_type: str | None
    title: str
    title_line: int
    namespace: str
    namespace_line: int
    tables: list[ClassifiedTable]
    fences: list[AnnotatedFence]
    texts: list[Text]
    headings: list[Heading]
    page_annotation: Annotation | None
    permission_includes: list[tuple[int, str]]
    inherits: tuple[str, str, int] | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    raw_tables: list[RawTable] = field(default_factory=list)
    # Every comment that holds JSON, with what the reader made of it (lint checks them all).
    annotations: list[tuple[Comment, Annotation | AnnotationProblem]] = field(
        default_factory=list
    )

    def diagnose(
        self, line: int, code: Code, message: str, *, column: int = 1, table_row: bool = False
    ) -> None:
        self.diagnostics.append(
            code.at(self.path, line, message, column=column, table_row=table_row)
        )


def declared_kind(doc_type: str | None) -> PageKind | None:
    """The page kind a doc_type names (typos included); None when it names none."""
    if doc_type:
        key = doc_type.strip().strip("\"'").strip().rstrip("_").lower()
        return _DOC_TYPES.get(key)
    return None


def page_kind(doc_type: str | None, path: str, sections: set[str]) -> PageKind:
    """The page kind from doc_type, else from its folder, corrected where the page's
    sections contradict it."""
    declared = declared_kind(doc_type)
    if declared is not None:
        return _kind_from_sections(declared, sections)
    parts = path.lower().split("/")
    if "api" in parts[:-1] or "http request" in sections:
        kind: PageKind = "api"
    elif "resources" in parts[:-1] or "properties" in sections:
        kind = "resource"
    else:
        kind = "unknown"
    return _kind_from_sections(kind, sections)


def _kind_from_sections(kind: PageKind, sections: set[str]) -> PageKind:
    """Correct a doc_type that contradicts the page's sections (22 + 8 such pages in 2021)."""
    documents_resource = bool(sections & {"properties", "json representation", "members"})
    documents_request = "http request" in sections
    if kind == "api" and documents_resource and not documents_request:
        return "enum" if sections & {"members"} and "properties" not in sections else "resource"
    if kind == "resource" and documents_request and not documents_resource:
        return "api"
    return kind


def read_page(text: str, path: str) -> PageDoc:
    """Read one page's text; `path` is relative to the input root."""
    scanned = scan(text)
    front = scanned.front_matter
    doc_type = front.get("doc_type")
    title = front.get("title") or ""
    title_line = front.lines.get("title", 1)
    namespace = ""
    namespace_line = 0
    tables: list[ClassifiedTable] = []
    fences: list[AnnotatedFence] = []
    texts: list[Text] = []
    headings: list[Heading] = []
    sections: set[str] = set()
    unclosed: list[Comment] = []
    for block in scanned.blocks:
        if isinstance(block, Heading):
            headings.append(block)
            if block.level == 2:
                sections.add(block.text.lower())
        elif isinstance(block, Comment) and not block.closed:
            unclosed.append(block)
    h1 = next((heading for heading in headings if heading.level == 1), None)
    if h1 is not None:
        title, title_line = h1.text, h1.line
    kind = page_kind(doc_type, path, sections)
    doc = PageDoc(
        path, scanned, kind, doc_type, title, title_line, namespace, namespace_line, tables,
        fences, texts, headings, None, [], None,
    )
    declared = declared_kind(doc_type)
    if declared is not None and declared != kind:
        doc.diagnose(
            front.lines.get("doc_type", 1), DOC_TYPE_MISMATCH,
            f"doc_type `{doc_type}` says {declared} page, but its sections are those of a "
            f"{kind} page",
        )
    if doc_type is None and front.present:
        doc.diagnose(1, NO_DOC_TYPE, "front matter has no doc_type; kind taken from folder")
    for line in front.malformed:
        doc.diagnose(line, MALFORMED_FRONT_MATTER, "front-matter line is not `key: value`")
    for comment in unclosed:
        read_as = (
            "read as ending on this line, so what follows is kept"
            if comment.end_line == comment.line
            else "read as a comment to the end of the page (no heading, table or fence in it)"
        )
        doc.diagnose(
            comment.line, UNCLOSED_COMMENT,
            f"`<!--` is never closed: a renderer hides what follows it; {read_as}",
        )
    _walk(doc, scanned.blocks)
    return doc


def _walk(doc: PageDoc, blocks: list[Block]) -> None:
    pending: Annotation | None = None

    def orphan(annotation: Annotation, reason: str) -> None:
        doc.diagnose(
            annotation.line,
            ORPHAN_ANNOTATION,
            f"`{annotation.block_type}` annotation has no code block after it ({reason})",
        )

    for block in blocks:
        # Most frequent first: prose lines and headings outnumber everything else.
        if isinstance(block, Text):
            doc.texts.append(block)
            # The pattern opens with `[!`: a line without it cannot match.
            include = _INCLUDE.search(block.text) if "[!" in block.text else None
            _read_text(doc, block, include)
            if include and pending is not None and pending.block_type == "permissions":
                pending = None
        elif isinstance(block, (Heading, TabHeader)):
            continue
        elif isinstance(block, Comment):
            annotation = read_annotation(block)
            if annotation is None:
                continue
            doc.annotations.append((block, annotation))
            if pending is not None:
                orphan(pending, f"another comment follows at line {block.line}")
                pending = None
            if isinstance(annotation, AnnotationProblem):
                doc.diagnose(annotation.line, UNREADABLE_ANNOTATION, annotation.message)
                continue
            if not {"blockType", "type"} & annotation.data.keys():
                # A commented-out JSON example, not an annotation
                # (unifiedrolemanagementpolicyrule-update.md).
                doc.diagnose(
                    annotation.line, JSON_COMMENT,
                    "comment holds JSON that is neither a block nor a page annotation",
                )
                continue
            _check_annotation(doc, annotation)
            if annotation.is_page_annotation:
                if doc.page_annotation is None or annotation.data.get("type"):
                    doc.page_annotation = annotation
                continue
            pending = annotation
        elif isinstance(block, Fence):
            doc.fences.append(_fence(doc, block, pending))
            pending = None
        elif isinstance(block, Table):
            parsed = parse_table(block)
            table_kind = classify_table(
                parsed, block.section, block.heading, doc.kind, doc.title
            )
            attached = None
            if pending is not None:
                if pending.block_type in ("permissions", "ignored"):
                    attached = pending
                else:
                    orphan(pending, f"a table follows at line {block.line}")
                pending = None
            doc.tables.append(
                ClassifiedTable(table_kind, parsed, block.section, block.heading, attached)
            )
            for raw_row in block.rows:
                for line in raw_row.piped_continuations:
                    doc.diagnose(
                        line, ROW_CONTINUATION,
                        f"line has no leading pipe and continues the last cell of the row at "
                        f"line {raw_row.line}",
                        table_row=True,
                    )
            if parsed.delimiter_cells != len(parsed.header):
                doc.diagnose(
                    block.line,
                    TABLE_DELIMITER_MISMATCH,
                    f"table header has {len(parsed.header)} cells but its delimiter row has "
                    f"{parsed.delimiter_cells}; GFM renderers show no table here",
                )
    if pending is not None:
        orphan(pending, "end of page")


def _read_text(doc: PageDoc, block: Text, include: re.Match[str] | None) -> None:
    """Namespace, base type and permission include named by a prose line; `include` is the
    line's `[!INCLUDE [...](...)]`, if any."""
    text = block.text
    if not doc.namespace_line and "amespace" in text:
        match = _NAMESPACE.match(text)
        if match:
            doc.namespace = match.group(1).rstrip(".")
            doc.namespace_line = block.line
            if match.group(1).endswith("."):
                doc.diagnose(block.line, NAMESPACE_DOT, "namespace ends with a dot")
    # A line states a base only with one of these words; substring tests cost a fraction
    # of a regex search, on each of the ~90,000 prose lines of a version.
    if doc.inherits is None and (
        "nherit" in text or "erive" in text or "subtype" in text or "based on" in text
        or "ubclass" in text or "type of" in text
    ):
        inherits = _INHERITS.search(text)
        if inherits and block.section not in ("properties", "relationships"):
            doc.inherits = (inherits.group(1), inherits.group(2), block.line)
    if include and "permissions" in include.group(1).lower():
        doc.permission_includes.append((block.line, include.group(1)))


def _fence(doc: PageDoc, fence: Fence, annotation: Annotation | None) -> AnnotatedFence:
    block_type = annotation.block_type if annotation else None
    in_syntax_section = fence.heading == "http request" or fence.section == "http request"
    if not fence.closed:
        doc.diagnose(fence.line, UNCLOSED_FENCE, "code fence is never closed")
    else:
        # An opening line with an info string never closes a fence, so a missing closing line
        # swallows the next block up to its own closing line (3 pages in 2021).
        inner = next(
            (
                i
                for i, line in enumerate(fence.lines)
                if "```" in line and line.lstrip().startswith("```")
            ),
            None,
        )
        if inner is not None:
            doc.diagnose(
                fence.line, UNCLOSED_FENCE,
                f"code fence is not closed before line {fence.line + 1 + inner} opens another "
                f"one; it runs on to line {fence.end_line}",
            )
    if block_type == "request":
        return AnnotatedFence(fence, annotation, "request")
    if block_type == "response":
        return AnnotatedFence(fence, annotation, "response")
    if block_type == "resource":
        return AnnotatedFence(fence, annotation, "resource")
    if looks_like_request(fence.lines):
        if in_syntax_section:
            return AnnotatedFence(fence, annotation, "syntax")
        if block_type in ("ignored", "samples") and _syntax_only(fence.lines):
            return AnnotatedFence(fence, annotation, "syntax")
        # `example` also marks whole HTTP requests (application-post-calls.md, call-redirect.md).
        if block_type in (None, "ignored", "samples", "example"):
            return AnnotatedFence(fence, annotation, "request")
    if (
        looks_like_response(fence.lines)
        and block_type in (None, "example", "ignored")
        and not in_syntax_section
    ):
        return AnnotatedFence(fence, annotation, "response")
    if block_type == "example":
        return AnnotatedFence(fence, annotation, "json")
    return AnnotatedFence(fence, annotation, "other")


def _syntax_only(lines: list[str]) -> bool:
    """Syntax lines name no host and come without headers or a body; an example names a host
    (`GET https://graph.microsoft.com/...`) or carries headers (`Content-Type: ...`)."""
    first = first_content_line(lines)
    if "://" in first.split("?", 1)[0]:
        return False
    return all(
        REQUEST_LINE.match(line.strip()) or line.strip().lower() in ("", "or") for line in lines
    )


def _check_annotation(doc: PageDoc, annotation: Annotation) -> None:
    if not annotation.strict:
        doc.diagnose(
            annotation.line,
            ANNOTATION_NOT_STRICT,
            "annotation is not strict JSON (" + ", ".join(annotation.repairs) + ")",
        )
    block_type = annotation.block_type
    if block_type is None and annotation.data.get("type") != "#page.annotation":
        if "blockType" in annotation.data:
            doc.diagnose(
                annotation.line, BLOCK_TYPE_NOT_STRING, "annotation blockType is not a string"
            )
    elif block_type is not None and block_type not in BLOCK_TYPES:
        doc.diagnose(
            annotation.line, UNKNOWN_BLOCK_TYPE, f"unknown annotation blockType `{block_type}`"
        )
