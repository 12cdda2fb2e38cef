"""Suppression comments: next line, next block, ranges, the whole file; stale ones reported."""

from __future__ import annotations

from pathlib import Path

from graphdoc.lint.config import LintConfig
from graphdoc.lint.runner import lint

HEAD = """---
title: "Get contact"
description: "Read a contact."
author: "someone"
doc_type: apiPageType
---
# Get contact
"""


def _findings(tree: Path, body: str) -> list[tuple[int, str]]:
    page = tree / "api" / "suppress.md"
    page.write_text(HEAD + body, encoding="utf-8")
    result = lint([page], LintConfig(cache_dir=None), use_cache=False)
    return [(f.line, f.code) for f in result.findings if f.code.startswith(("GDL0", "GDL10"))]


def test_next_line(tree: Path) -> None:
    body = "<!-- graphdoc-disable-next-line GDL101 -->\n\nTODO: one.\nTODO: two.\n"
    found = _findings(tree, body)
    assert found == [(11, "GDL101")]


def test_next_block_covers_a_whole_table(tree: Path) -> None:
    body = (
        "<!-- graphdoc-disable-next-block placeholder-text -->\n"
        "|Property|Type|Description|\n|:---|:---|:---|\n|a|String|TODO: a.|\n|b|String|TBD|\n"
        "\nTODO: after the table.\n"
    )
    assert _findings(tree, body) == [(14, "GDL101")]


def test_next_block_covers_an_annotated_fence(tree: Path) -> None:
    body = (
        "<!-- graphdoc-disable-next-block GDL105 -->\n"
        '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.contact" } -->\n'
        '```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n'
        '{\n  "displayName": "String"\n}\n```\n'
    )
    assert _findings(tree, body) == []


def test_range_and_enable(tree: Path) -> None:
    body = (
        "<!-- graphdoc-disable GDL101 -->\nTODO: in.\n<!-- graphdoc-enable GDL101 -->\n"
        "TODO: out.\n"
    )
    assert _findings(tree, body) == [(11, "GDL101")]


def test_file_wide_covers_front_matter(tree: Path) -> None:
    page_head = HEAD.replace('author: "someone"', 'author: "TODO: me"')
    page = tree / "api" / "suppress.md"
    page.write_text(page_head + "<!-- graphdoc-disable-file GDL101 -->\nTODO: body.\n")
    result = lint([page], LintConfig(cache_dir=None), use_cache=False)
    assert [f.code for f in result.findings if f.code.startswith("GDL1")] == []


def test_unused_and_unknown_suppressions_are_reported(tree: Path) -> None:
    body = (
        "<!-- graphdoc-disable-next-line GDL101 -->\nAll done.\n"
        "<!-- graphdoc-disable-next-line GDL999 -->\nText.\n"
        "<!-- graphdoc-disable-next-line -->\nText.\n"
    )
    assert _findings(tree, body) == [(8, "GDL002"), (10, "GDL001"), (12, "GDL002")]


def test_suppression_of_an_ignored_rule_is_not_stale(tree: Path) -> None:
    page = tree / "api" / "suppress.md"
    page.write_text(HEAD + "<!-- graphdoc-disable-next-line GDL105 -->\nText.\n")
    config = LintConfig(cache_dir=None)
    config.selected.discard("GDL105")
    found = lint([page], config, use_cache=False).findings
    assert [f.code for f in found if f.code.startswith("GDL0")] == []
