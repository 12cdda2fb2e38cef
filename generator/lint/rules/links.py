"""GDL4xx: relative links, their case, their anchors, and Type-cell links.

Links are read from prose, headings and table rows (not from code, fences or comments).
External, site-absolute (`/graph/...`) and templated targets are not checked. A target that
leaves the tree (`../../includes/...`) is checked on disk only when its folder exists:
the corpus ships without its `includes/` folders, and a missing folder says nothing about
the link.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from ...read.blocks import Heading, Table, Text
from ...read.typecell import parse_type_cell, primitive_name
from ..context import PageContext, loose, page_anchors
from ..findings import Edit, Fix
from .text import cell_spans, mask_code

_INLINE = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*)?\)")
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_TYPE_TABLES = frozenset({"properties", "relationships", "body", "function", "path", "query"})


def _lines(ctx: PageContext) -> Iterator[int]:
    for block in ctx.doc.scanned.blocks:
        if isinstance(block, Text | Heading):
            yield block.line
        elif isinstance(block, Table):
            yield block.line
            for row in block.rows:
                yield row.line
                yield from (row.line + 1 + i for i in range(len(row.continuations)))


def _targets(line: str) -> Iterator[tuple[int, str]]:
    """(offset, target) of each link in a line, code spans left out."""
    masked = mask_code(line)
    definition = _DEFINITION.match(masked)
    if definition:
        yield definition.start(1), definition.group(1)
        return
    for match in _INLINE.finditer(masked):
        if match.group(2):
            yield match.start(2), match.group(2)


def _on_disk(path: Path) -> str | None:
    """The name as on disk of `path` ("" if absent); None if its folder is absent too."""
    folder = path.parent
    if not folder.is_dir():
        return None
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    if path.name in names:
        return path.name
    lowered = path.name.lower()
    return next((name for name in names if name.lower() == lowered), "")


@functools.lru_cache(maxsize=4096)
def _absent_tree(root: Path, joined: str) -> bool:
    """Whether `joined` leads into a top folder that is not on disk at all: the corpus has no
    `includes/` folders, so nothing can be said about links into them."""
    parts = joined.split("/")
    base = root
    while parts and parts[0] == "..":
        base = base.parent
        parts = parts[1:]
    if len(parts) < 2:
        return False
    return _absent_folder(base, parts[0])


@functools.lru_cache(maxsize=1024)
def _absent_folder(base: Path, name: str) -> bool:
    top = base / name
    if top.is_dir():
        return False
    lowered = name.lower()
    try:
        return not any(name.lower() == lowered for name in os.listdir(base))
    except OSError:
        return True


def _case_fix(target: str, actual: str, number: int, offset: int) -> Fix:
    """Rewrite the path part of `target` with the case of `actual` (components from the end)."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    parts = path.split("/")
    actual_parts = actual.split("/")
    fixed = list(parts)
    cursor = len(actual_parts) - 1
    for index in range(len(parts) - 1, -1, -1):
        if parts[index] in ("", ".", "..") or cursor < 0:
            break
        if parts[index].lower() == actual_parts[cursor].lower():
            fixed[index] = actual_parts[cursor]
        cursor -= 1
    replacement = "/".join(fixed)
    edit = Edit(number, offset, number, offset + len(path), replacement)
    return Fix(f"change the link to `{replacement}`", (edit,))


def check_links(ctx: PageContext) -> None:
    own = page_anchors(ctx.doc.scanned)
    own_loose = {loose(anchor) for anchor in own}
    page_dir = posixpath.dirname(ctx.path)
    tree = ctx.tree
    lowered = tree.index.paths
    for number in _lines(ctx):
        raw = ctx.line(number)
        if "](" not in raw and "]:" not in raw:
            continue
        for offset, target in _targets(raw):
            if _SCHEME.match(target) or target.startswith(("/", "//")) or "{" in target:
                continue
            path, _, anchor = target.partition("#")
            path = path.split("?", 1)[0]
            column = offset + 1
            if not path:
                if anchor and not anchor.startswith("tab/") and anchor.lower() not in own and (
                    loose(anchor) not in own_loose
                ):
                    ctx.report(number, column, "GDL403", f"no heading on this page has `#{anchor}`")
                continue
            decoded = unquote(path)
            if "\\" in decoded:
                ctx.report(
                    number, column, "GDL401",
                    f"link `{path}` uses backslashes; links take `/`",
                )
                continue
            joined = posixpath.normpath(posixpath.join(page_dir, decoded))
            if _absent_tree(tree.root, joined):
                continue  # into a folder tree this checkout does not have (`includes/`)
            if joined.startswith("../") or joined == "..":
                on_disk = _on_disk(tree.root / joined)
                if on_disk is None:
                    continue
                if on_disk == "":
                    ctx.report(number, column, "GDL401", f"link target `{path}` does not exist")
                elif on_disk != Path(joined).name:
                    ctx.report(
                        number, column, "GDL402",
                        f"link `{path}` differs in case from the file `{on_disk}`",
                        _case_fix(path, posixpath.join(posixpath.dirname(joined), on_disk),
                                  number, offset),
                    )
                continue
            spellings = lowered.get(joined.lower())
            actual: str | None = joined if joined in tree.files else (
                spellings[0] if spellings else None
            )
            if actual is None:
                on_disk = _on_disk(tree.root / joined)
                if not on_disk:
                    ctx.report(number, column, "GDL401", f"link target `{path}` does not exist")
                    continue
                actual = posixpath.join(posixpath.dirname(joined), on_disk)
            if actual != joined:
                ctx.report(
                    number, column, "GDL402",
                    f"link `{path}` differs in case from the file `{actual}`",
                    _case_fix(path, actual, number, offset),
                )
            if anchor and actual.lower().endswith(".md"):
                anchors = ctx.anchors.of(actual)
                if anchors is not None and anchor.lower() not in anchors and loose(anchor) not in {
                    loose(a) for a in anchors
                }:
                    ctx.report(
                        number, column + len(path), "GDL403",
                        f"no heading of `{actual}` has `#{anchor}`",
                    )


def _matches(name: str, candidates: list[str], anchor: str | None) -> bool:
    lowered = name.lower()
    for candidate in candidates:
        simple = candidate.rsplit(".", 1)[-1].lower()
        if lowered in (candidate.lower(), simple):
            return True
        if anchor and anchor.lower() == f"{simple}-values":
            return True
    return False


def check_type_links(ctx: PageContext) -> None:
    tree = ctx.tree
    page_dir = posixpath.dirname(ctx.path)
    for classified in ctx.doc.tables:
        if classified.kind not in _TYPE_TABLES:
            continue
        table = classified.table
        if "type" not in table.columns:
            continue
        index = table.columns.index("type")
        for row in table.rows:
            if index >= len(row.cells) or "](" not in row.cells[index]:
                continue
            cell = parse_type_cell(row.cells[index], ctx.doc.scanned.reference_links)
            target = cell.target
            if not target or cell.primitive or _SCHEME.match(target) or target.startswith("/"):
                continue
            if primitive_name(cell.name) is not None:
                continue  # `[DateTimeOffset](timestamp.md)`: a page about the format
            if not target.lower().endswith(".md") or "\\" in target:
                continue
            joined = posixpath.normpath(posixpath.join(page_dir, unquote(target)))
            if joined.lower() not in tree.index.paths:
                continue  # a broken link: GDL401
            defined = tree.index.by_path.get(joined.lower(), [])
            if not defined or _matches(cell.name, defined, cell.anchor):
                continue  # a page the model takes no type from can't be judged
            raw = ctx.line(row.line)
            spans = cell_spans(raw)
            column = 1
            if index < len(spans):
                found = raw.find("[", spans[index][0], spans[index][1])
                column = (found if found >= 0 else spans[index][0]) + 1
            listed = ", ".join(f"`{name}`" for name in defined[:3])
            message = (
                f"link text `{cell.name}` names none of the types `{target}` documents "
                f"({listed})"
            )
            ctx.report(row.line, column, "GDL404", message)


CHECKS = (
    (frozenset({"GDL401", "GDL402", "GDL403"}), check_links),
    (frozenset({"GDL404"}), check_type_links),
)
