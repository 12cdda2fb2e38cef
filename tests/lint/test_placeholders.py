"""Placeholder markers: where they count, where they don't, and their exact columns."""

from __future__ import annotations

from pathlib import Path

from graphdoc.lint.config import LintConfig
from graphdoc.lint.rules.placeholders import find_marker
from graphdoc.lint.runner import lint

FENCE = "```"
PAGE = f"""---
title: "Get contact"
description: "Read a contact."
author: "someone"
doc_type: apiPageType
---
# Get contact

See the [todoTask](../resources/todotask.md) and `GET /me/todo/lists`.
\\*\\*TODO: Add Description\\*\\*
todo: lower case counts too
<!-- TODO: an author's note in a comment is not published -->

# [C#](#tab/csharp)
{FENCE}csharp
// TODO: handle errors (part of the sample the reader copies)
{FENCE}

<!-- {{ "blockType": "request", "name": "TODO_name" }} -->
{FENCE}http
GET https://graph.microsoft.com/v1.0/me/contacts/TODO
{FENCE}

## TBD
|Property|Type|Description|
|:---|:---|:---|
|a|String|**Not yet documented**|
|b|String|Provide applicable permissions.|
|c|String|The value to be completed by the caller before the request is sent.|
"""


def test_markers_and_columns(tmp_path: Path) -> None:
    page = tmp_path / "api" / "page.md"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    findings = lint([page], LintConfig(cache_dir=None), use_cache=False).findings
    found = [(f.line, f.column) for f in findings if f.code == "GDL101"]
    lines = PAGE.split("\n")
    assert found == [(10, 1), (11, 1), (19, 41), (21, 50), (24, 4), (27, 11)]
    # An instruction is its own kind of leftover; the note in a comment is reported apart.
    assert [(f.line, f.column) for f in findings if f.code == "GDL107"] == [(28, 11)]
    assert [(f.line, f.column) for f in findings if f.code == "GDL111"] == [(12, 6)]
    assert lines[9].startswith("\\*\\*TODO")
    assert lines[18][40:].startswith("TODO_name")
    assert lines[20][49:] == "TODO"
    assert lines[26][10:].startswith("**Not yet")


def test_find_marker_edge_cases() -> None:
    assert find_marker("Use the todoTask resource.") is None
    assert find_marker("GET /me/todo/lists") is None
    assert find_marker("**TODO: Add Description** Inherited from [entity](entity.md)") == (0, 25)
    assert find_marker("PATCH ** Entity URI for microsoft.x not found") == (6, 45)
    assert find_marker("Add description") == (0, 15)
    assert find_marker("Add descriptions to your app manifest.") is None
    assert find_marker("The description here is short.") is None
    assert find_marker("description: PROVIDE DESCRIPTION HERE") == (13, 37)


SLOTS = f"""---
title: "Create thing"
description: "Create a thing."
author: "someone"
doc_type: apiPageType
---
# Create thing

## Response

If successful, this method returns `` response code and a thing in the response body.
A backtick is written `` ` `` and a filter as ``$filter``.

## Example
<!-- {{ "blockType": "request", "name": "create_thing" }} -->
{FENCE}http
{FENCE}
<!-- uuid: 8fcb5dbc-d5aa-4681-8e31-b001d5168d79 -->
<!-- markdownlint-disable MD024 -->
<!-- - [List things](thing-list.md) -->
<!-- Should the response show the thing's id? -->
"""


def test_empty_slots_and_what_is_no_note(tmp_path: Path) -> None:
    page = tmp_path / "api" / "page.md"
    page.parent.mkdir()
    page.write_text(SLOTS, encoding="utf-8")
    findings = lint([page], LintConfig(cache_dir=None), use_cache=False).findings
    slots = [(f.line, f.column, f.message) for f in findings if f.code == "GDL110"]
    assert slots == [
        (11, 36, "empty code span in a sentence"),
        (16, 1, "example block has no line in it"),
    ]
    assert [(f.line, f.severity) for f in findings if f.code == "GDL111"] == [(21, "info")]
