"""graphdoc.read.page: one page read into a PageDoc (doc-format.md §0, §1, §4.4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.model.types import PageKind
from graphdoc.read.blocks import Comment, Table, scan
from graphdoc.read.page import PageDoc, page_kind, read_page
from graphdoc.read.roles import classify_table
from graphdoc.read.tables import ParsedTable

ROOT = Path(__file__).resolve().parents[2]
API_FRONT = "---\ntitle: Get thing\ndoc_type: apiPageType\n---\n"


def read(body: str, path: str = "api/thing-get.md", front: str = API_FRONT) -> PageDoc:
    return read_page(front + body, path)


def codes(doc: PageDoc) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in doc.diagnostics]


@pytest.mark.parametrize(
    ("doc_type", "kind"),
    [
        ("apiPageType", "api"),
        ('"apiPageType" ', "api"),
        ("'resourcePageType'", "resource"),
        ("resourcePageType_", "resource"),
        ("enumTypes", "enum"),
        ("conceptualPageType", "conceptual"),
    ],
)
def test_page_kind_from_doc_type_typos_included(doc_type: str, kind: str) -> None:
    assert page_kind(doc_type, "x.md", set()) == kind


def test_page_kind_without_doc_type() -> None:
    assert page_kind(None, "beta/api/x.md", set()) == "api"
    assert page_kind(None, "resources/intune-graph-overview.md", set()) == "resource"
    assert page_kind(None, "x.md", {"http request"}) == "api"
    assert page_kind(None, "x.md", set()) == "unknown"


def test_doc_type_contradicted_by_sections_is_corrected() -> None:
    doc = read("# Thing\n## Properties\n|Property|Type|\n|-|-|\n|a|String|\n")
    assert doc.kind == "resource"
    assert (3, "GD104") in codes(doc)  # the doc_type line


def test_folder_kind_contradicted_by_sections_is_corrected_without_blaming_doc_type() -> None:
    doc = read_page("---\ntitle: x\n---\n# x\n## Properties\n|Property|Type|\n|-|-|\n|a|String|\n",
                    "api/x.md")
    assert doc.kind == "resource"
    assert [code for _, code in codes(doc)] == ["GD101"]  # no GD104: there is no doc_type


def test_missing_doc_type_is_noted() -> None:
    doc = read_page("---\ntitle: x\n---\n# x\n", "resources/x.md")
    assert doc.kind == "resource"
    assert (1, "GD101") in codes(doc)


def test_title_namespace_and_inherits() -> None:
    doc = read_page(
        "---\ntitle: old title\ndoc_type: resourcePageType\n---\n"
        "# contact resource type\n\n"
        "Namespace: microsoft.graph.\n\n"
        "Inherits from [outlookItem](outlookitem.md).\n",
        "resources/contact.md",
    )
    assert (doc.title, doc.title_line) == ("contact resource type", 5)
    assert (doc.namespace, doc.namespace_line) == ("microsoft.graph", 7)
    assert (7, "GD103") in codes(doc)
    assert doc.inherits == ("outlookItem", "outlookitem.md", 9)


def table(header: list[str]) -> ParsedTable:
    return ParsedTable(header, [h.lower() for h in header], [], 1, len(header))


@pytest.mark.parametrize(
    ("header", "section", "heading", "kind", "expected"),
    [
        (["Permission type", "Permissions"], "prerequisites", "", "api", "permissions"),
        (["Member", "Value"], "properties", "calltype values", "resource", "enum"),
        (["Member"], "members", "members", "enum", "enum"),
        (["Name", "Value"], "request headers", "request headers", "api", "headers"),
        (["Name", "Value"], "http request", "optional request headers", "api", "headers"),
        (["Name", "Type"], "http request", "optional query parameters", "api", "query"),
        (["Parameter", "Type"], "http request", "path parameters", "api", "path"),
        (["Parameter", "Type"], "function parameters", "function parameters", "api", "function"),
        (["Parameter", "Type"], "create an upload session", "parameters", "api", "function"),
        (["Property", "Type"], "request body", "request body", "api", "body"),
        (["Method", "Return type"], "methods", "methods", "resource", "methods"),
        (["Relationship", "Type"], "relationships", "relationships", "resource", "relationships"),
        (["Property", "Type"], "properties", "properties", "resource", "properties"),
        (["Error code", "Message"], "response", "response", "api", "errors"),
        (["Value", "Description"], "overview", "overview", "enum", "enum"),
        (["A", "B"], "overview", "overview", "resource", "other"),
    ],
)  # fmt: skip
def test_classify_table(
    header: list[str], section: str, heading: str, kind: PageKind, expected: str
) -> None:
    assert classify_table(table(header), section, heading, kind) == expected


def test_annotation_attaches_across_blank_lines_tabs_headings_and_prose() -> None:
    doc = read(
        "# Get thing\n"
        "## Example\n"
        '<!-- { "blockType": "request", "name": "get_thing" } -->\n'
        "\n"
        "##### Request\n"
        "# [HTTP](#tab/http)\n"
        "The following is an example of the request.\n"
        "```http\n"
        "GET https://graph.microsoft.com/v1.0/things/1\n"
        "```\n"
    )
    [fence] = doc.fences
    assert fence.role == "request"
    assert fence.annotation is not None and fence.annotation.names() == ["get_thing"]
    assert not doc.diagnostics


def test_annotation_without_a_block_is_an_orphan() -> None:
    doc = read(
        "## Example\n"
        '<!-- { "blockType": "request", "name": "a" } -->\n'
        '<!-- { "blockType": "response" } -->\n'
        "|a|b|\n|-|-|\n|1|2|\n"
        '<!-- { "blockType": "request", "name": "b" } -->\n'
    )
    orphans = [d for d in doc.diagnostics if d.code == "GD210"]
    assert [(d.line, d.message.split("(")[1]) for d in orphans] == [
        (6, "another comment follows at line 7)"),
        (7, "a table follows at line 8)"),
        (11, "end of page)"),
    ]


def test_permissions_annotation_may_sit_on_a_table() -> None:
    doc = read(
        "## Permissions\n"
        '<!-- { "blockType": "ignored" } -->\n'
        "|Permission type|Permissions (from least to most privileged)|\n"
        "|:--|:--|\n|Application|User.Read.All|\n"
    )
    [permissions] = doc.tables
    assert permissions.kind == "permissions"
    assert permissions.annotation is not None and permissions.annotation.block_type == "ignored"
    assert not doc.diagnostics


def test_annotation_problems() -> None:
    doc = read(
        '<!-- { "blockType": "request", "name": } -->\n'
        '<!-- { "blockType": ["request"] } -->\n'
        '<!-- { "blockType": "requets" } -->\n'
        '<!-- { "blockType": "response", } -->\n'
        "```http\nHTTP/1.1 204 No Content\n```\n"
    )
    found = codes(doc)
    assert (5, "GD201") in found
    assert (6, "GD203") in found
    assert (7, "GD204") in found
    assert (8, "GD202") in found


def test_commented_out_json_is_not_an_annotation() -> None:
    doc = read('<!--\n{\n  "@odata.type": "#microsoft.graph.x",\n  "id": "1"\n}\n```\n-->\n')
    assert doc.page_annotation is None
    assert codes(doc) == [(5, "GD205")]


def test_page_annotation_is_kept() -> None:
    doc = read('<!-- {\n  "type": "#page.annotation",\n  "description": "Get thing"\n}-->\n')
    assert doc.page_annotation is not None
    assert doc.page_annotation.data["description"] == "Get thing"


def test_syntax_blocks_and_examples_are_told_apart() -> None:
    doc = read(
        "## HTTP request\n"
        '<!-- { "blockType": "ignored" } -->\n'
        "```http\nGET /things/{id}\nGET /me/things/{id}\n```\n"
        "## Examples\n"
        '<!-- { "blockType": "ignored" } -->\n'
        "```http\nPUT /me/things/{id}\nContent-Type: application/json\n\n{}\n```\n"
        '<!-- { "blockType": "ignored" } -->\n'
        "```http\nGET https://graph.microsoft.com/v1.0/things/1\n```\n"
        '<!-- { "blockType": "example" } -->\n'
        "```http\nPOST https://graph.microsoft.com/v1.0/things\n\n{}\n```\n"
        '<!-- { "blockType": "example" } -->\n'
        '```json\n{"a": 1}\n```\n'
        "```http\nHTTP/1.1 200 OK\n```\n"
        '<!-- { "blockType": "ignored" } -->\n'
        "```http\nHTTP/1.1 202 Accepted\n```\n"
    )
    assert [(f.fence.line, f.role) for f in doc.fences] == [
        (7, "syntax"),
        (13, "request"),  # an `ignored` block with headers and a body is an example
        (20, "request"),  # an `ignored` block naming a host is an example
        (24, "request"),  # `example` over a whole HTTP request
        (30, "json"),
        (33, "response"),
        (37, "response"),  # an `ignored` response still answers, until a real one comes
    ]


def test_response_under_the_syntax_heading_is_not_an_example() -> None:
    doc = read("## HTTP request\n```http\nHTTP/1.1 200 OK\n```\n")
    assert [f.role for f in doc.fences] == ["other"]


def test_fence_swallowing_the_next_block_is_diagnosed() -> None:
    doc = read(
        "## Examples\n"
        "```msgraph-interactive\n"
        "GET https://graph.microsoft.com/beta/things\n"
        "### Response\n"
        "```http\n"
        "HTTP/1.1 200 OK\n"
        "```\n"
    )
    [unclosed] = [d for d in doc.diagnostics if d.code == "GD220"]
    assert (unclosed.line, unclosed.severity) == (6, "error")
    assert "line 9" in unclosed.message and "line 11" in unclosed.message
    never = read("```http\nGET /x\n")
    assert [(d.line, d.code, d.message) for d in never.diagnostics] == [
        (5, "GD220", "code fence is never closed")
    ]


def test_table_diagnostics() -> None:
    doc = read(
        "## Properties\n"
        "|Member|Value|Description|\n"
        "|:---|:---|\n"
        "|a|0|First, left open\n"
        "and closed here.|\n",
        path="resources/x.md",
    )
    assert (6, "GD302") in codes(doc)
    [continued] = [d for d in doc.diagnostics if d.code == "GD307"]
    assert (continued.line, continued.table_row) == (9, True)


def test_permission_include_is_recorded() -> None:
    doc = read(
        "## Permissions\n"
        '<!-- { "blockType": "permissions", "name": "user_sendmail" } -->\n'
        "[!INCLUDE [permissions-table](../includes/permissions/user-sendmail-permissions.md)]\n"
    )
    assert doc.permission_includes == [(7, "../includes/permissions/user-sendmail-permissions.md")]
    assert not [d for d in doc.diagnostics if d.code == "GD210"]


def test_an_unclosed_comment_above_a_table_keeps_its_rows_and_is_diagnosed() -> None:
    """Before, everything after `<!--` was one comment: the Properties rows were lost and
    nothing was said."""
    text = (ROOT / "specs" / "resources" / "website.md").read_text(encoding="utf-8")
    opened = text.replace("## Properties", "<!-- a note left open\n\n## Properties", 1)
    closed_doc = read_page(text, "resources/website.md")
    open_doc = read_page(opened, "resources/website.md")
    rows = [len(t.table.rows) for t in closed_doc.tables if t.kind == "properties"]
    assert rows and [len(t.table.rows) for t in open_doc.tables if t.kind == "properties"] == rows
    line = opened.splitlines().index("<!-- a note left open") + 1
    unclosed = [(d.line, d.severity) for d in open_doc.diagnostics if d.code == "GD221"]
    assert unclosed == [(line, "error")]
    assert not [d for d in closed_doc.diagnostics if d.code == "GD221"]


def test_a_comment_opened_after_prose_and_left_open_is_read_the_same_way() -> None:
    scanned = scan("Text <!-- open\n\n|a|b|\n|-|-|\n|1|2|\n")
    comments = [b for b in scanned.blocks if isinstance(b, Comment)]
    tables = [b for b in scanned.blocks if isinstance(b, Table)]
    assert [(c.line, c.closed, c.text) for c in comments] == [(1, False, " open")]
    assert [len(t.rows) for t in tables] == [1]
