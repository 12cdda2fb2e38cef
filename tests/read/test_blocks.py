"""graphdoc.read.blocks: the line scanner (doc-format.md §0 and the parser notes at its top)."""

from __future__ import annotations

from typing import TypeVar

from graphdoc.read.blocks import (
    Block,
    Comment,
    Fence,
    Heading,
    TabHeader,
    Table,
    Text,
    is_delimiter_row,
    scan,
)

B = TypeVar("B", bound=Block)


def blocks_of(text: str) -> list[Block]:
    return scan(text).blocks


def only(blocks: list[Block], kind: type[B]) -> list[B]:
    return [block for block in blocks if isinstance(block, kind)]


def test_front_matter_is_skipped_and_lines_keep_their_numbers() -> None:
    page = scan("---\ntitle: Get user\ndoc_type: apiPageType\n---\n# Get user\n")
    assert page.front_matter.get("title") == "Get user"
    [heading] = page.blocks
    assert isinstance(heading, Heading)
    assert (heading.line, heading.level, heading.text) == (5, 1, "Get user")
    assert page.lines[0] == "---"


def test_sections_are_tracked_by_text_lower_cased() -> None:
    blocks = blocks_of(
        "# Title\n"
        "intro\n"
        "## HTTP Request\n"
        "text a\n"
        "#### Request\n"
        "text b\n"
        "## Response ##\n"
        "text c\n"
    )
    texts = only(blocks, Text)
    assert [(t.text, t.section, t.heading) for t in texts] == [
        ("intro", "", ""),
        ("text a", "http request", "http request"),
        ("text b", "http request", "request"),
        ("text c", "response", "response"),
    ]
    headings = only(blocks, Heading)
    assert [(h.level, h.text) for h in headings] == [
        (1, "Title"),
        (2, "HTTP Request"),
        (4, "Request"),
        (2, "Response"),
    ]


def test_tab_headers_are_not_headings() -> None:
    blocks = blocks_of("## Example\n# [HTTP](#tab/http)\n# [C#](#tab/csharp)\ntext\n")
    tabs = only(blocks, TabHeader)
    assert [t.text for t in tabs] == ["# [HTTP](#tab/http)", "# [C#](#tab/csharp)"]
    assert only(blocks, Text)[0].section == "example"


def test_fence_with_info_string() -> None:
    [fence] = only(blocks_of("``` http\nGET /me\n```\n"), Fence)
    assert (fence.info, fence.lines, fence.line, fence.end_line, fence.closed) == (
        "http",
        ["GET /me"],
        1,
        3,
        True,
    )


def test_opening_line_with_info_never_closes_a_fence() -> None:
    text = "```msgraph-interactive\nGET /me\n### Response\n```http\nHTTP/1.1 200 OK\n```\n"
    [fence] = only(blocks_of(text), Fence)
    assert fence.lines == ["GET /me", "### Response", "```http", "HTTP/1.1 200 OK"]
    assert (fence.end_line, fence.closed) == (6, True)


def test_longer_backtick_run_closes() -> None:
    [fence] = only(blocks_of("```json\n{}\n````\nafter\n"), Fence)
    assert (fence.end_line, fence.closed) == (3, True)


def test_unclosed_fence_runs_to_the_end() -> None:
    blocks = blocks_of("text\n```http\nGET /me\n\n## Not a heading\n")
    [fence] = only(blocks, Fence)
    assert fence.closed is False
    assert fence.end_line == 5
    assert fence.lines == ["GET /me", "", "## Not a heading"]
    assert not only(blocks, Heading)


def test_indented_fence_in_a_list_loses_its_indent() -> None:
    text = (
        "* To get changes:\n"
        '  <!-- { "blockType": "ignored" } -->\n'
        "  ```http\n"
        "  GET /me/events/delta \n"
        "    nested\n"
        "  ```\n"
    )
    blocks = blocks_of(text)
    [comment] = only(blocks, Comment)
    assert comment.text.strip() == '{ "blockType": "ignored" }'
    [fence] = only(blocks, Fence)
    assert (fence.indent, fence.line, fence.end_line) == (2, 3, 6)
    assert fence.lines == ["GET /me/events/delta ", "  nested"]


def test_single_line_and_multi_line_comments() -> None:
    text = (
        '<!-- { "blockType": "request", "name": "x" } -->\n'
        "<!--\n"
        "{\n"
        '  "type": "#page.annotation"\n'
        "}\n"
        "--> tail\n"
    )
    first, second = only(blocks_of(text), Comment)
    assert (first.line, first.end_line, first.after) == (1, 1, "")
    assert first.text == ' { "blockType": "request", "name": "x" } '
    assert (second.line, second.end_line, second.after) == (2, 6, " tail")
    assert second.text == '\n{\n  "type": "#page.annotation"\n}\n'


def test_unclosed_comment_ends_on_its_own_line_and_the_rest_is_read() -> None:
    """A renderer would hide the rest; the reader keeps it (and page.py diagnoses GD221)."""
    blocks = blocks_of("<!-- start\n## Hidden\n```\n")
    comment, heading, fence = blocks
    assert isinstance(comment, Comment) and not comment.closed
    assert (comment.line, comment.end_line, comment.text) == (1, 1, " start")
    assert isinstance(heading, Heading) and heading.text == "Hidden"
    assert isinstance(fence, Fence) and not fence.closed


def test_prose_followed_by_a_comment_on_the_same_line() -> None:
    blocks = blocks_of("Some prose <!-- hidden\nrow --> after\nnext\n")
    assert isinstance(blocks[0], Text) and blocks[0].text.startswith("Some prose")
    assert isinstance(blocks[1], Comment)
    assert (blocks[1].text, blocks[1].end_line) == (" hidden\nrow ", 2)
    assert isinstance(blocks[2], Text) and blocks[2].text == "next"


def test_commented_out_fence_does_not_open_a_fence() -> None:
    # unifiedrolemanagementpolicyrule-update.md hides a JSON example and a closing fence.
    text = '<!--\n{\n  "id": "x"\n}\n```\n-->\n```http\nHTTP/1.1 204 OK\n```\n'
    blocks = blocks_of(text)
    [fence] = only(blocks, Fence)
    assert (fence.line, fence.end_line, fence.closed) == (7, 9, True)


def test_table_found_by_header_and_delimiter() -> None:
    text = "| Property | Type |\n|:--|:--|\n| id | String |\n| name | String |\n\nafter\n"
    [table] = only(blocks_of(text), Table)
    assert (table.line, table.header, table.delimiter) == (1, "| Property | Type |", "|:--|:--|")
    assert [(row.line, row.raw) for row in table.rows] == [
        (3, "| id | String |"),
        (4, "| name | String |"),
    ]


def test_table_rows_without_edge_pipes() -> None:
    # call.md: `myParticipantId | String | Read-only. |`
    text = "| a | b | c |\n| - | - | - |\n| x | y | z |\nrow | 2 | 3 |\n"
    [table] = only(blocks_of(text), Table)
    assert [row.raw for row in table.rows] == ["| x | y | z |", "row | 2 | 3 |"]


def test_delimiter_without_leading_pipe() -> None:
    # parentalcontrolsettings.md: `:---------------|:--------|:----------|`
    text = "| Property | Type | Description |\n:---|:---|:---|\n|a|b|c|\n"
    [table] = only(blocks_of(text), Table)
    assert len(table.rows) == 1


def test_what_ends_a_table() -> None:
    for ending in ("", "## Next", "```http", "<!-- c -->", "> **Note**: a | b"):
        text = f"|a|b|\n|-|-|\n|1|2|\n{ending}\n|3|4|\n"
        tables = only(blocks_of(text), Table)
        assert [len(t.rows) for t in tables][:1] == [1], repr(ending)


def test_continuation_lines_without_pipes() -> None:
    text = "|a|b|\n|-|-|\n|x|starts here\ncontinues here\n|y|z|\n"
    [table] = only(blocks_of(text), Table)
    assert [row.line for row in table.rows] == [3, 5]
    assert table.rows[0].continuations == ["continues here"]
    assert table.rows[0].piped_continuations == []


def test_continuation_line_closed_by_a_pipe() -> None:
    # Intune: the row above is left open; the next line closes the cell with a pipe.
    text = (
        "|Property|Type|Description|\n"
        "|:---|:---|:---|\n"
        "|restrictPeerSelectionBy|[x](x.md)|Specifies to restrict peer selection.\n"
        "Option 1 only applies to LAN (1). Possible values are: `notConfigured`.|\n"
        "|groupIdSource|[y](y.md)|Specifies a source.|\n"
        "not a continuation, the row above is closed|\n"
    )
    [table] = only(blocks_of(text), Table)
    assert [row.line for row in table.rows] == [3, 5, 6]
    first = table.rows[0]
    assert first.continuations == [
        "Option 1 only applies to LAN (1). Possible values are: `notConfigured`."
    ]
    assert first.piped_continuations == [4]


def test_open_row_followed_by_a_full_row_without_leading_pipe() -> None:
    text = "|a|b|\n|-|-|\n|x|y\nGET users | [link](https://x) |\n"
    [table] = only(blocks_of(text), Table)
    assert [row.line for row in table.rows] == [3, 4]


def test_reference_definitions_are_collected() -> None:
    page = scan(
        "See [the drive][drive-resource].\n\n"
        "[drive-resource]: ../resources/drive.md\n"
        "[Error-Response]: /graph/errors\n"
        "[drive-resource]: other.md\n"
    )
    assert page.reference_links == {
        "drive-resource": "../resources/drive.md",
        "error-response": "/graph/errors",
    }


def test_is_delimiter_row() -> None:
    assert is_delimiter_row("|:---|:---|")
    assert is_delimiter_row(":---------------|:--------|:----------|")
    assert is_delimiter_row("|:--------------")
    assert is_delimiter_row("| --- | :-: |")
    assert not is_delimiter_row("---")
    assert not is_delimiter_row("| a | b |")
    assert not is_delimiter_row("|   |   |")


def test_trailing_newline_and_empty_page() -> None:
    assert scan("").blocks == []
    page = scan("text\n")
    assert page.lines == ["text"]


def test_unclosed_comment_over_prose_only_stays_a_comment_to_the_end() -> None:
    """A page annotation missing its `-->` at the end (beta message.md): nothing is hidden
    that the model would read, so the comment keeps its text (and is still diagnosed)."""
    [comment] = blocks_of('<!--\n{\n  "type": "#page.annotation"\n}\n')
    assert isinstance(comment, Comment) and not comment.closed
    assert (comment.line, comment.end_line) == (1, 4) and '"#page.annotation"' in comment.text


def test_a_comment_opening_inside_an_open_one_closes_the_first_on_its_line() -> None:
    blocks = blocks_of("<!-- open\n|a|b|\n|-|-|\n|1|2|\n<!-- {\"blockType\": \"ignored\"} -->\n")
    first, table, second = blocks
    assert isinstance(first, Comment) and (first.closed, first.end_line) == (False, 1)
    assert isinstance(table, Table) and len(table.rows) == 1
    assert isinstance(second, Comment) and second.closed and "ignored" in second.text


def test_heading_text_is_what_the_atx_heading_regex_reads() -> None:
    """`atx_heading` replaces a regex on the reader's hot path: same title, level and
    refusals, on closing `#` runs, `C#`, tabs, Unicode spaces and random lines."""
    import random
    import re

    from graphdoc.read.blocks import atx_heading

    spec = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
    lines = ["## Properties ##", "## C#", "# #", "#\tX  #", "####### x", "#x", "# a # b ##"]
    rng = random.Random(10)
    lines += ["".join(rng.choice("# \tab\u2028\x85") for _ in range(8)) for _ in range(20000)]
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("#"):
            continue
        match = spec.match(stripped)
        expected = (len(match.group(1)), match.group(2).strip()) if match else None
        assert atx_heading(stripped) == expected, line
