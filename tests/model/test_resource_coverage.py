"""Over the 2021 corpus, resource pages with a Properties table yield a type holding every row.

The rows come from `read_page` (tables of kind "properties", bold group rows aside); the
model side is the source lines of the types' properties. A type documented on several
pages (Intune splits `deviceManagement` over two dozen) holds each property once: a row
repeating a property already held is named by a GD420 diagnostic, and counts as held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from graphdoc.model.build import build_from_files, discover, load
from graphdoc.read.page import PageDoc

from tests.corpus.census import CORPUS

API_REFERENCE = CORPUS / "graph-docs-2021-07" / "api-reference"
VERSIONS = ("beta", "v1.0")
THRESHOLD = 0.99


@dataclass
class Coverage:
    pages: int = 0
    strict: int = 0  # every row is the source of one of the page's properties
    held: int = 0  # every row is a property, or a repeat of one held (GD420)
    missing: dict[str, list[int]] = field(default_factory=dict)


def coverage(root: Path) -> Coverage:
    rows_by_page: dict[str, set[int]] = {}  # resource pages' Properties rows, read once

    def note_rows(doc: PageDoc) -> None:
        if doc.kind != "resource":
            return
        rows = {
            row.line
            for table in doc.tables
            if table.kind == "properties"
            for row in table.table.rows
            if not row.group
        }
        if rows:
            rows_by_page[doc.path] = rows

    base, files, _ = discover([root])
    model = build_from_files((load(file, base) for file in files), on_page=note_rows)
    sources = {(p.source.path, p.source.line) for t in model.types for p in t.properties}
    repeats = {(d.path, d.line) for d in model.diagnostics if d.code == "GD420" and d.table_row}
    accounted = sources | repeats
    result = Coverage()
    for path, rows in rows_by_page.items():
        result.pages += 1
        if all((path, line) in sources for line in rows):
            result.strict += 1
        missing = sorted(line for line in rows if (path, line) not in accounted)
        if missing:
            result.missing[path] = missing
        else:
            result.held += 1
    return result


@pytest.mark.parametrize("version", VERSIONS)
def test_resource_pages_yield_a_type_holding_every_property_row(version: str) -> None:
    root = API_REFERENCE / version
    if not root.is_dir():
        pytest.skip(f"corpus not found at {root}")
    result = coverage(root)
    share = result.held / result.pages
    print(
        f"\n{version}: {result.held}/{result.pages} resource pages with a Properties table "
        f"({share:.2%}) yield a type holding every row; {result.strict} hold them all as "
        f"their own properties' sources"
    )
    for path, lines in sorted(result.missing.items()):
        print(f"  {path}: rows {lines[:10]} not held")
    assert result.pages > 900
    assert share >= THRESHOLD, sorted(result.missing.items())[:10]
