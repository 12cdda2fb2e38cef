"""`--fix`: mechanical fixes only (annotation JSON, table pipes, link case), idempotent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphdoc.cli import main
from graphdoc.lint.config import LintConfig
from graphdoc.lint.findings import Edit
from graphdoc.lint.fix import apply_edits
from graphdoc.lint.runner import lint
from graphdoc.read.lenient_json import rewrite_strict as repair

FENCE = "```"
PAGE = f"""---
title: "Get contact"
description: "Read a contact."
author: "someone"
doc_type: apiPageType
---
# Get contact
Namespace: microsoft.graph

Read a [contact](../resources/Contact.md) or its [folder](../resources/contact.md#properties).

## Request body
|Property|Type|Description|
|:---|:---|:---|
|jobTitle|String|The contact's job title.|
|manager|String|The name of the contact's manager.
 department|String|The contact's department.|

## Example
<!-- {{
  blockType: "request",
  "name": 'get_contact',
}} -->
{FENCE}http
GET https://graph.microsoft.com/v1.0/me/contacts/AAMkAGI2
{FENCE}
<!-- {{ "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.contact", }} -->
{FENCE}http
HTTP/1.1 200 OK
Content-type: application/json

{{
  "id": "AAMkAGI2"
}}
{FENCE}
<!-- {{ "blockType": "ignored" }} // a comment after the object is not mechanical -->
{FENCE}http
GET https://graph.microsoft.com/v1.0/me/contacts
{FENCE}
"""


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _codes(page: Path) -> list[str]:
    return [f.code for f in lint([page], LintConfig(cache_dir=None), use_cache=False).findings]


def test_fix_repairs_syntax_and_nothing_else(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tree / "api" / "fix-me.md"
    page.write_text(PAGE, encoding="utf-8")
    before = _codes(page)
    assert before.count("GDL205") == 3 and before.count("GDL204") == 2
    assert before.count("GDL402") == 1
    assert main(["lint", "--no-cache", "--fix", str(page)]) == 1  # the `//` comment is left
    out = capsys.readouterr().out
    fixed = page.read_text(encoding="utf-8")
    assert "[contact](../resources/contact.md)" in fixed
    assert "|manager|String|The name of the contact's manager.|" in fixed
    assert " |department|String|The contact's department.|" in fixed
    assert '<!-- {\n  "blockType": "request",\n  "name": "get_contact"\n} -->' in fixed
    assert '"@odata.type": "microsoft.graph.contact" } -->' in fixed
    assert _words(fixed) == _words(PAGE)  # words unchanged (link case aside, compared lower)
    after = _codes(page)
    assert [c for c in after if c != "GDL201"] == ["GDL205"], out  # the unfixable one
    assert "fixed" in out
    # A second --fix changes nothing.
    main(["lint", "--no-cache", "--fix", str(page)])
    capsys.readouterr()
    assert page.read_text(encoding="utf-8") == fixed


def test_fix_keeps_line_endings(tree: Path) -> None:
    page = tree / "api" / "crlf.md"
    page.write_bytes(PAGE.replace("\n", "\r\n").encode())
    lint([page], LintConfig(cache_dir=None), fix=True, use_cache=False)
    data = page.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_json_repair() -> None:
    assert repair('{ "a": 1, }', {"a": 1}) == '{ "a": 1 }'
    assert repair("{\n a: true,\n 'b': 'c'\n}", {"a": True, "b": "c"}) == (
        '{\n "a": true,\n "b": "c"\n}'
    )
    assert repair('{\n "a": "x"\n "b": 1\n}', {"a": "x", "b": 1}) == '{\n "a": "x",\n "b": 1\n}'
    assert repair('{"a": "line\nbreak"}', {"a": "line\nbreak"}) == '{"a": "line\\nbreak"}'
    assert repair('{"a": 1} // note', {"a": 1}) is None
    assert repair('{"a": tru}', {"a": True}) is None


def test_overlapping_edits_keep_the_first() -> None:
    text = "abcdef"
    edits = [Edit(1, 1, 1, 3, "X"), Edit(1, 2, 1, 4, "Y"), Edit(1, 6, 1, 6, "|")]
    assert apply_edits(text, edits) == "aXdef|"


def test_lint_checks_bodies_the_reader_reads_leniently(tree: Path) -> None:
    """A body with a smart quote is read by the one lenient reader, and lint checks it."""
    page = tree / "api" / "get-contact.md"
    text = page.read_text(encoding="utf-8")
    before = '"givenName": "Adele",'
    after = '"givenName": "Adele\u201d,\n  "nosuchProperty": 1,'
    page.write_text(text.replace(before, after), encoding="utf-8")
    result = lint([page], LintConfig(cache_dir=None), use_cache=False)
    found = [f for f in result.findings if f.code == "GDL302"]
    assert [f.message.split("`")[1] for f in found] == ["nosuchProperty"]
    line = text[: text.index(before)].count("\n") + 2
    assert (found[0].line, found[0].column) == (line, 3)


def test_a_lone_carriage_return_is_a_line_break_for_the_fixer_too(tree: Path) -> None:
    """Found by fuzzing: a lone CR inside a delimiter row. The reader breaks the line there,
    so the row after the CR lacks its leading pipe (GDL204); the fixer must put the pipe on
    that same line, once, and a second --fix must change nothing."""
    page = tree / "resources" / "website.md"
    text = page.read_text(encoding="utf-8")
    page.write_bytes(text.replace("|:---|:---|:---|", "|:------\r--|:---|:---|", 1).encode())
    assert _codes(page).count("GDL204") == 1
    first = lint([page], LintConfig(cache_dir=None), fix=True, use_cache=False)
    assert first.fixed == 1
    fixed = page.read_bytes()
    assert b"|:------\r|--|:---|:---|\n|type|" in fixed
    assert "GDL204" not in [finding.code for finding in first.findings]
    second = lint([page], LintConfig(cache_dir=None), fix=True, use_cache=False)
    assert second.fixed == 0
    assert page.read_bytes() == fixed


def test_edits_land_on_the_lines_the_reader_counts() -> None:
    text = "a\rb\r\nc\nd"
    assert apply_edits(text, [Edit(2, 0, 2, 0, "|"), Edit(4, 1, 4, 1, "|")]) == "a\r|b\r\nc\nd|"
    # A line break inside a replacement takes the page's own (CRLF here).
    assert apply_edits(text, [Edit(3, 1, 3, 1, "\nx")]) == "a\rb\r\nc\r\nx\nd"


def test_a_page_in_another_encoding_is_not_rewritten(tree: Path) -> None:
    page = tree / "api" / "fix-me.md"
    page.write_bytes(PAGE.encode("utf-16"))
    before = page.read_bytes()
    result = lint([page], LintConfig(cache_dir=None), fix=True, use_cache=False)
    assert result.fixed == 0
    assert "GDL003" in [finding.code for finding in result.findings]
    assert page.read_bytes() == before
