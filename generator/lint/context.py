"""What a rule sees of one page: the page as read, its part of the model, and its tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.build import load
from ..model.types import Example, Operation
from ..read.blocks import Heading, ScannedPage, scan
from ..read.lenient_json import Node, PlacedJson
from ..read.page import AnnotatedFence, PageDoc
from .findings import Finding, Fix
from .tree import TreeIndex, TypeSource

_HTML_ANCHOR = re.compile(r"""<a\s+[^>]*(?:name|id)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_LINK_TEXT = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]*>")
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def slugify(heading: str) -> str:
    """The anchor docfx/GitHub give a heading: lower case, punctuation dropped, spaces to `-`."""
    text = _LINK_TEXT.sub(r"\1", _HTML_TAG.sub("", heading))
    text = text.replace("`", "").replace("*", "").strip().lower()
    return _SLUG_DROP.sub("", text).replace(" ", "-")


def loose(anchor: str) -> str:
    """An anchor with everything but letters and digits dropped, for a forgiving comparison."""
    return re.sub(r"[\W_]", "", anchor.lower())


def page_anchors(scanned: ScannedPage) -> set[str]:
    """Every anchor a page offers: heading slugs (with `-1`, `-2` for repeats) and `<a name>`s."""
    anchors: set[str] = set()
    counts: dict[str, int] = {}
    for block in scanned.blocks:
        if isinstance(block, Heading):
            slug = slugify(block.text)
            seen = counts.get(slug, 0)
            counts[slug] = seen + 1
            anchors.add(slug)
            if seen:
                anchors.add(f"{slug}-{seen}")
    for line in scanned.lines:
        if "<a" in line.lower():
            anchors.update(match.group(1).lower() for match in _HTML_ANCHOR.finditer(line))
    return anchors


@dataclass(slots=True)
class TreeAnchors:
    """Anchors of the tree's pages, found on demand (link rules ask for a few pages only):
    from the pages already read, else read from disk (a single-page run)."""

    tree: TreeIndex
    docs: dict[str, PageDoc] = field(default_factory=dict)
    known: dict[str, set[str]] = field(default_factory=dict)

    def of(self, path: str) -> set[str] | None:
        found = self.known.get(path)
        if found is not None:
            return found
        doc = self.docs.get(path)
        if doc is not None:
            anchors = page_anchors(doc.scanned)
        else:
            file = self.tree.files.get(path)
            if file is None:
                return None
            source = load(Path(file), self.tree.root)
            anchors = page_anchors(scan(source.text)) if source.text is not None else set()
        self.known[path] = anchors
        return anchors


@dataclass(slots=True)
class PageContext:
    doc: PageDoc
    file: Path
    tree: TreeIndex
    types: TypeSource
    operations: list[Operation]
    examples: list[Example]  # the page's examples outside any operation (resource pages)
    anchors: TreeAnchors
    findings: list[Finding] = field(default_factory=list)
    bodies: dict[int, PlacedJson] | None = None

    def body(self, fenced: AnnotatedFence) -> Node | None:
        """An HTTP block's JSON body with positions, as the model holds it (None when the
        block is no example of the model or its body is not JSON)."""
        if self.bodies is None:
            self.bodies = {}
            for example in [e for o in self.operations for e in o.examples] + self.examples:
                for message in (example.request, example.response):
                    if message is not None and message.body_json is not None:
                        self.bodies.setdefault(message.source.line, message.body_json)
        placed = self.bodies.get(fenced.fence.line)
        return placed.node() if placed is not None else None

    @property
    def path(self) -> str:
        return self.doc.path

    @property
    def lines(self) -> list[str]:
        return self.doc.scanned.lines

    def line(self, number: int) -> str:
        if 1 <= number <= len(self.lines):
            return self.lines[number - 1]
        return ""

    def report(
        self, line: int, column: int, code: str, message: str, fix: Fix | None = None
    ) -> None:
        self.findings.append(
            Finding(self.path, max(line, 1), max(column, 1), code, message, self.file, fix=fix)
        )
