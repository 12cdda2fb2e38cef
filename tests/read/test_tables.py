"""graphdoc.read.tables: rows to cells without trusting the cell count (doc-format.md §2.3)."""

from __future__ import annotations

import random

import pytest
from graphdoc.read.blocks import Table, scan
from graphdoc.read.tables import (
    ParsedTable,
    cell_links,
    fit_row,
    normalise_column,
    parse_table,
    split_cells,
)


def parsed(markdown: str) -> ParsedTable:
    tables = [block for block in scan(markdown).blocks if isinstance(block, Table)]
    assert len(tables) == 1
    return parse_table(tables[0])


@pytest.mark.parametrize(
    "line",
    ["| a | b |", "|a|b|", "a | b", "| a | b", "a | b |", "  | a | b |  "],
)
def test_edge_pipes_are_optional(line: str) -> None:
    assert split_cells(line) == ["a", "b"]


def test_escaped_pipe_is_a_literal_pipe() -> None:
    # invitation.md: `Pipe (\|)` in a description cell.
    assert split_cells("| name | Pipe (`\\|`) | c |") == ["name", "Pipe (`|`)", "c"]


def test_gfm_split_breaks_code_spans_code_aware_split_does_not() -> None:
    line = "| **account** | (eg. `i:0#.f|membership|jane@contoso.com`). |"
    assert len(split_cells(line)) == 4
    assert split_cells(line, code_aware=True) == [
        "**account**",
        "(eg. `i:0#.f|membership|jane@contoso.com`).",
    ]


def _cells_outside_code(line: str) -> list[str]:
    """The definition: a pipe splits unless an odd number of backticks follow it."""
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") else text
    cells: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if char == "|" and text.count("`", index) % 2 == 0:
            cells.append(text[start:index].strip())
            start = index + 1
    cells.append(text[start:].strip())
    return cells


def test_code_aware_split_follows_its_definition() -> None:
    rng = random.Random(13)
    for _ in range(3000):
        line = "".join(rng.choice("|`ab ") for _ in range(rng.randint(1, 24)))
        expected = _cells_outside_code(line) if "`" in line else split_cells(line)
        assert split_cells(line, code_aware=True) == expected, line


def test_code_aware_split_of_a_fuzzed_10000_cell_row() -> None:
    # bench/fuzz.py seed 1 input 17232: one stray backtick in a 10,000-cell row; reading
    # the page took 4 s (a lookahead rescanning the rest of the row at every pipe).
    for row in ("|" + "| x " * 10_000 + "| `code|", "| `a` |" + " x | x `|" * 5_000):
        assert split_cells(row, code_aware=True) == _cells_outside_code(row)


def test_empty_cells_are_kept() -> None:
    assert split_cells("|children|String||") == ["children", "String", ""]


def test_fit_row_exact_width_needs_no_repair() -> None:
    assert fit_row("|id|String|The identifier.|", 3) == (["id", "String", "The identifier."], None)


def test_fit_row_pipe_inside_a_code_span() -> None:
    cells, repair = fit_row("| range | `worksheets/{id|name}/tables/add` |", 2)
    assert cells == ["range", "`worksheets/{id|name}/tables/add`"]
    assert repair == "pipe inside a code span"


def test_fit_row_folds_surplus_cells_into_the_last_column() -> None:
    line = "|payloadFileName|String|Payload file name (*.mobileconfig | *.xml).|"
    cells, repair = fit_row(line, 3)
    assert cells == ["payloadFileName", "String", "Payload file name (*.mobileconfig | *.xml)."]
    assert repair == "1 more cell(s) than the header; folded into the last column"


def test_fit_row_pads_missing_cells() -> None:
    cells, repair = fit_row("| Content-Type | application/json |", 3)
    assert cells == ["Content-Type", "application/json", ""]
    assert repair == "1 fewer cell(s) than the header"


def test_header_row_without_trailing_pipe() -> None:
    table = parsed(
        "| Parameter | Type | Description\n"
        "|:----------|:-----|:-----------\n"
        "| item | [driveItemUploadableProperties](x.md) | Data about the file\n"
        "| deferCommit | Boolean | If set to true...\n"
    )
    assert table.header == ["Parameter", "Type", "Description"]
    assert table.columns == ["parameter", "type", "description"]
    assert [row.cells for row in table.rows] == [
        ["item", "[driveItemUploadableProperties](x.md)", "Data about the file"],
        ["deferCommit", "Boolean", "If set to true..."],
    ]
    assert [row.line for row in table.rows] == [3, 4]
    assert all(row.repair is None for row in table.rows)


def test_row_without_trailing_pipe_keeps_all_cells() -> None:
    # contact.md: `|manager|String|The name of the contact's manager.`
    table = parsed(
        "|Property|Type|Description|\n"
        "|:--|:--|:--|\n"
        "|manager|String|The name of the contact's manager.\n"
        "|middleName|String|The contact's middle name.|\n"
    )
    assert [row.cells[0] for row in table.rows] == ["manager", "middleName"]
    assert table.rows[0].cells[2] == "The name of the contact's manager."


def test_header_with_an_empty_trailing_cell() -> None:
    # `property|type|description|` written as `|Property|Type|Description||`.
    table = parsed("|Property|Type|Description||\n|:--|:--|:--|\n|a|String|x|\n")
    assert table.header == ["Property", "Type", "Description"]
    assert table.rows[0].cells == ["a", "String", "x"]
    assert table.rows[0].repair is None


def test_columns_are_normalised() -> None:
    assert normalise_column("**Property name**") == "property name"
    assert normalise_column("`Type`") == "type"
    assert normalise_column("Relationship&nbsp;&nbsp;") == "relationship"
    assert normalise_column(" _Member_ ") == "member"


def test_delimiter_cell_count_is_recorded() -> None:
    # printercapabilities.md: a 3-column header over a 2-column delimiter.
    table = parsed("|Member|Value|Description|\n|:---|:---|\n|longEdgeFirst|0|Long edge.|\n")
    assert (len(table.header), table.delimiter_cells) == (3, 2)
    assert table.rows[0].cells == ["longEdgeFirst", "0", "Long edge."]


def test_single_column_table() -> None:
    # enums-callrecords.md: `| Member` / `|:---` / `| unknown`, no trailing pipes.
    table = parsed("| Member\n|:--------------\n| unknown\n| groupCall\n")
    assert table.header == ["Member"]
    assert [row.cells for row in table.rows] == [["unknown"], ["groupCall"]]


def test_bold_group_rows() -> None:
    table = parsed(
        "| Method | Return Type | Description |\n"
        "|:--|:--|:--|\n"
        "|**Open extensions**| | |\n"
        "|&nbsp;**Onboarding**|&nbsp;|&nbsp;|\n"
        "|[Get](get.md)|**contact**|Read it.|\n"
    )
    assert [row.group for row in table.rows] == [True, True, False]


def test_continuation_lines_join_the_last_cell() -> None:
    table = parsed(
        "|Property|Type|Description|\n"
        "|:---|:---|:---|\n"
        "|threats|String collection|List of threats (accountBreach,\n"
        "elevationOfPrivilege,spoofing).|\n"
        "|tier|String|Control tier.|\n"
    )
    assert len(table.rows) == 2
    description = table.rows[0].cells[2]
    assert description == "List of threats (accountBreach, elevationOfPrivilege,spoofing)."
    assert table.rows[1].cells[0] == "tier"


def test_cell_links() -> None:
    cell = '[Get contact](../api/contact-get.md) or [x](x.md#anchor "title")'
    assert cell_links(cell) == ["../api/contact-get.md", "x.md#anchor"]
    assert cell_links("no links here") == []
