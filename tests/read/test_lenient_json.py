"""graphdoc.read.lenient_json: JSON as people type it in doc pages (doc-format.md §4, §5.4)."""

from __future__ import annotations

import pytest
from graphdoc.read.lenient_json import LenientJsonError, loads, positioned, rewrite_strict


def test_strict_json_takes_the_strict_path() -> None:
    result = loads('{"a": [1, 2.5, true, null], "b": {"c": "d"}}')
    assert result.strict
    assert result.value == {"a": [1, 2.5, True, None], "b": {"c": "d"}}
    assert result.repairs == []
    assert result.reason == "valid JSON"
    assert not result.truncated


def test_bare_scalar_document() -> None:
    # A `$count` response body is a bare number.
    assert loads("893").value == 893


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": 1,}', {"a": 1}),
        ("[1, 2,]", [1, 2]),
        ('{"a": [1,], "b": {"c": 2,},}', {"a": [1], "b": {"c": 2}}),
        ('{\n  "a": 1,\n}\n', {"a": 1}),
    ],
)
def test_trailing_commas(text: str, value: object) -> None:
    result = loads(text)
    assert not result.strict
    assert result.value == value
    assert "trailing comma" in result.repairs


def test_doubled_comma() -> None:
    result = loads("[1,,2]")
    assert result.value == [1, 2]
    assert "extra comma" in result.repairs


def test_unquoted_keys() -> None:
    result = loads('{ blockType: "request", name: "get_user", @odata.type: "x" }')
    assert result.value == {"blockType": "request", "name": "get_user", "@odata.type": "x"}
    assert result.repairs == ["unquoted key"]


def test_line_and_block_comments() -> None:
    text = (
        "{\n"
        '  "roleDefinitionId": "fe930be7", //template id of User A\n'
        '  /* scope */ "directoryScopeId": "/"\n'
        "}"
    )
    result = loads(text)
    assert result.value == {"roleDefinitionId": "fe930be7", "directoryScopeId": "/"}
    assert result.repairs == ["comments"]


def test_comment_markers_inside_strings_are_text() -> None:
    result = loads('{"url": "https://graph.microsoft.com/v1.0/me", "a": 1,}')
    assert result.value == {"url": "https://graph.microsoft.com/v1.0/me", "a": 1}
    assert "comments" not in result.repairs


def test_smart_quotes_on_both_sides() -> None:
    result = loads("{\u201cdisplayName\u201d: \u201cMy team\u201d}")
    assert result.value == {"displayName": "My team"}
    assert result.repairs == ["smart quotes"]


def test_straight_quote_closed_by_a_smart_one() -> None:
    # workforceintegration-post.md: `"method": "GET”,`
    result = loads('{"method": "GET\u201d, "url": \u201c/shifts\u201d}')
    assert result.value == {"method": "GET", "url": "/shifts"}
    assert "smart quotes" in result.repairs


def test_smart_quotes_inside_a_straight_string_stay_text() -> None:
    result = loads('{"note": "he said \u201chi\u201d to me", "a": 1,}')
    assert result.value == {"note": "he said \u201chi\u201d to me", "a": 1}


def test_single_quoted_strings() -> None:
    # page-update.md: a OneNote PATCH body in single quotes with embedded HTML.
    text = "[ { 'target':'#para-id', 'content':'<img src=\"a.png\" alt=\"x\" />' } ]"
    result = loads(text)
    assert result.value == [{"target": "#para-id", "content": '<img src="a.png" alt="x" />'}]
    assert result.repairs == ["single quotes"]


def test_raw_newlines_and_tabs_inside_strings() -> None:
    result = loads('{"suppressions": ["Error: x/underline:\n      Expected type String\tok"]}')
    assert result.value == {"suppressions": ["Error: x/underline:\n      Expected type String\tok"]}
    assert result.repairs == ["raw control character in a string"]


@pytest.mark.parametrize("mark", ["...", "\u2026"])
def test_ellipsis_truncation(mark: str) -> None:
    text = f'{{"value": [ {{"id": "1"}}, {mark} ], {mark}}}'
    result = loads(text)
    assert result.value == {"value": [{"id": "1"}]}
    assert result.truncated
    assert "ellipsis truncation" in result.repairs


def test_ellipsis_as_a_value() -> None:
    result = loads('{"a": ..., "b": 1}')
    assert result.value == {"a": None, "b": 1}
    assert result.truncated


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007", "\u200b"])
def test_no_break_spaces_as_indentation(space: str) -> None:
    result = loads(f'{{\n{space}{space}"a": 1,{space}\n{space}"b": [2]{space}\n}}')
    assert result.value == {"a": 1, "b": [2]}
    assert result.repairs == ["non-breaking space as whitespace"]


def test_missing_comma_between_members() -> None:
    result = loads('{"a": 1\n "b": 2}')
    assert result.value == {"a": 1, "b": 2}
    assert "missing comma" in result.repairs


def test_literals_in_the_wrong_case() -> None:
    result = loads('{"a": True, "b": NULL, "c": false}')
    assert result.value == {"a": True, "b": None, "c": False}
    assert "literal in the wrong case" in result.repairs


def test_invalid_escape_keeps_the_character() -> None:
    result = loads('{"a": "C:\\qpath", "b": 1,}')
    assert result.value == {"a": "C:qpath", "b": 1}
    assert "invalid escape" in result.repairs


def test_unicode_escapes() -> None:
    assert loads('{"a": "caf\\u00e9",}').value == {"a": "caf\u00e9"}


def test_several_liberties_are_all_reported() -> None:
    result = loads("{ name: 'x', // note\n list: [1, 2,], }")
    assert result.value == {"name": "x", "list": [1, 2]}
    assert set(result.repairs) == {"unquoted key", "single quotes", "comments", "trailing comma"}
    assert result.reason == ", ".join(result.repairs)


def test_text_after_the_value() -> None:
    text = '{ "blockType": "ignored" } // Note: Removing this line will overwrite the table.'
    with pytest.raises(LenientJsonError):
        loads(text)
    result = loads(text, allow_trailing=True)
    assert result.value == {"blockType": "ignored"}
    assert result.trailing == "// Note: Removing this line will overwrite the table."
    assert "text after the JSON value" in result.repairs


def test_second_value_after_a_strict_value_is_trailing_text() -> None:
    result = loads('{"a": 1}\n```\n{"b": 2}', allow_trailing=True)
    assert result.value == {"a": 1}
    assert result.trailing.startswith("```")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "{",
        '{"a": 1',
        "[1, 2",
        '{"a": "unterminated}',
        "<bytes 0-25 of the file>",
        "Report Refresh Date,Send,Receive",
        '{"a" 1}',
        "{: 1}",
    ],
)
def test_hopeless_text_raises_with_an_offset(text: str) -> None:
    with pytest.raises(LenientJsonError) as caught:
        loads(text)
    assert caught.value.offset >= 0
    assert "at offset" in str(caught.value)


def test_deep_nesting_is_refused_not_crashing() -> None:
    with pytest.raises(LenientJsonError):
        loads("[" * 500 + "]" * 499 + ",]")


def test_positioned_nodes_carry_page_lines_and_columns() -> None:
    # The text starts on page line 10, column 5; later lines lost 2 columns of indentation.
    node = positioned('{"a": [1, {"b": \'x\'}],\n  c: null}', 10, 5, 2)
    assert node is not None
    assert (node.kind, node.line, node.column) == ("object", 10, 5)
    a, c = node.members
    assert (a.key, a.line, a.column, a.value.line, a.value.column) == ("a", 10, 6, 10, 11)
    assert (c.key, c.line, c.column, c.value.kind) == ("c", 11, 5, "null")
    assert node.plain() == {"a": [1, {"b": "x"}], "c": None}


def test_positioned_reads_what_loads_reads_and_allows_trailing_text() -> None:
    text = '{\n "a": "x"\n "b": [1,, 2,],\n // note\n "c": True\n}'
    node = positioned(text + "\nAuthorization: Bearer {token}")
    assert node is not None and node.plain() == loads(text).value


def test_surrogate_pairs_make_one_character_as_in_strict_json() -> None:
    text = '{"a": "\\ud83d\\ude0a", b: 1}'
    assert loads(text).value == {"a": "\U0001f60a", "b": 1}


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ('{ "a": 1, }', '{ "a": 1 }'),
        ("{\n a: true,\n 'b': '\u00e9'\n}", '{\n "a": true,\n "b": "\u00e9"\n}'),
        ('{\n "a": "x"\n "b": 1\n}', '{\n "a": "x",\n "b": 1\n}'),
        ('{"a": "line\nbreak", "b": "\\u00e9"}', '{"a": "line\\nbreak", "b": "\\u00e9"}'),
        ('{"m": "GET\u201d, "u": \u201c/x\u201d}', '{"m": "GET", "u": "/x"}'),
    ],
)
def test_rewrite_strict_undoes_mechanical_liberties_only_where_taken(
    text: str, fixed: str
) -> None:
    assert rewrite_strict(text, loads(text).value) == fixed


@pytest.mark.parametrize(
    "text", ['{"a": 1} // note', '{"a": [1, ...]}', "[1,,2]", '{"a": True}', '{"a": 1} x']
)
def test_rewrite_strict_refuses_what_is_not_mechanical(text: str) -> None:
    assert rewrite_strict(text, loads(text, allow_trailing=True).value) is None
