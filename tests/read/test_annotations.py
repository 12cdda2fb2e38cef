"""graphdoc.read.annotations: `<!-- { ... } -->` read leniently (doc-format.md §4)."""

from __future__ import annotations

import pytest
from graphdoc.read.annotations import Annotation, AnnotationProblem, read_annotation
from graphdoc.read.blocks import Comment, scan


def comment(text: str) -> Comment:
    [block] = scan(text).blocks
    assert isinstance(block, Comment)
    return block


def annotation(text: str) -> Annotation:
    result = read_annotation(comment(text))
    assert isinstance(result, Annotation), result
    return result


def test_strict_block_annotation() -> None:
    result = annotation('<!-- {\n  "blockType": "request",\n  "name": "get_user"\n}-->')
    assert result.data == {"blockType": "request", "name": "get_user"}
    assert (result.line, result.end_line, result.strict) == (1, 4, True)
    assert result.repairs == [] and result.trailing == ""
    assert result.block_type == "request"
    assert not result.is_page_annotation


def test_comments_that_are_not_annotations() -> None:
    assert read_annotation(comment("<!-- uuid: 8fcb5dbc-d5aa 2015-10-25 14:57:30 UTC -->")) is None
    assert read_annotation(comment("<!-- markdownlint-disable MD041 -->")) is None
    assert read_annotation(comment("<!--\n|hidden|row|\n-->")) is None


def test_trailing_comma_in_a_name_list() -> None:
    # drive-get.md's response annotation.
    result = annotation(
        '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.drive", '
        '"truncated": true, "name": ["get-drive-by-id", "get-drive-default" ,] } -->'
    )
    assert not result.strict
    assert result.repairs == ["trailing comma"]
    assert result.names() == ["get-drive-by-id", "get-drive-default"]


def test_unquoted_keys() -> None:
    result = annotation('<!-- { blockType: "ignored", name: "x" } -->')
    assert result.data == {"blockType": "ignored", "name": "x"}
    assert result.repairs == ["unquoted key"]


def test_raw_newlines_in_a_page_annotation() -> None:
    result = annotation(
        "<!-- {\n"
        '  "type": "#page.annotation",\n'
        '  "suppressions": [\n'
        '    "Error: update_rangeformat_font_three/underline:\n'
        "      Expected type String but actual was Single.\"\n"
        "  ]\n"
        "}-->"
    )
    assert result.is_page_annotation
    assert result.block_type is None
    assert result.repairs == ["raw control character in a string"]
    [suppression] = result.data["suppressions"]
    assert suppression.endswith("\n      Expected type String but actual was Single.")


def test_comment_after_the_object_is_trailing_text() -> None:
    # 2024 pages: `<!-- { "blockType": "ignored"  } // Note: Removing this line ... -->`
    result = annotation(
        '<!-- { "blockType": "ignored"  } // Note: Removing this line will result in the '
        "permissions autogeneration tool overwriting the table. -->"
    )
    assert result.block_type == "ignored"
    assert not result.strict
    assert result.trailing.startswith("// Note: Removing this line")


def test_text_after_the_closing_marker() -> None:
    result = annotation('<!-- { "blockType": "request", "name": "x" } --> and more')
    assert result.trailing == "and more"
    assert "text after -->" in result.repairs
    assert not result.strict


def test_unreadable_and_non_object_annotations_are_problems() -> None:
    broken = read_annotation(comment('<!-- { "blockType": "request", "name": } -->'))
    assert isinstance(broken, AnnotationProblem)
    assert broken.line == 1
    assert broken.message.startswith("annotation is not readable JSON")
    array = read_annotation(comment('<!-- [ "blockType" ] -->'))
    assert array is None  # not a `{` comment at all
    scalar = read_annotation(comment("<!-- {} -->"))
    assert isinstance(scalar, Annotation) and scalar.data == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("True ", True),
        ("false", False),
        (None, False),
    ],
)
def test_flags_accept_true_strings(value: object, expected: bool) -> None:
    result = Annotation({"blockType": "response", "truncated": value}, 1, 1, True)
    assert result.flag("truncated") is expected


def test_names_forms() -> None:
    assert Annotation({"name": "a"}, 1, 1, True).names() == ["a"]
    assert Annotation({"name": ["a", "b"]}, 1, 1, True).names() == ["a", "b"]
    assert Annotation({}, 1, 1, True).names() == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"@odata.type": "microsoft.graph.user"}, ("microsoft.graph.user", False)),
        ({"@odata.type": "#microsoft.graph.user"}, ("microsoft.graph.user", False)),
        (
            {"@odata.type": "microsoft.graph.user", "isCollection": True},
            ("microsoft.graph.user", True),
        ),
        (
            {"@odata.type": "microsoft.graph.user", "isCollection": "true"},
            ("microsoft.graph.user", True),
        ),
        (
            {"@odata.type": "Collection(microsoft.graph.security.alert)"},
            ("microsoft.graph.security.alert", True),
        ),
        ({"@odata.type": "#Collection(#microsoft.graph.x)"}, ("microsoft.graph.x", True)),
        (
            {"@type": "microsoft.graph.personOrGroupColumn", "@odata.type": "other"},
            ("microsoft.graph.personOrGroupColumn", False),
        ),
        ({"@odata.type": "stream"}, ("stream", False)),
        ({"@odata.type": "  "}, (None, False)),
        ({}, (None, False)),
    ],
)
def test_odata_type(data: dict[str, object], expected: tuple[str | None, bool]) -> None:
    assert Annotation(data, 1, 1, True).odata_type() == expected


def test_block_type_must_be_a_string() -> None:
    result = Annotation({"blockType": ["request"]}, 1, 1, True)
    assert result.block_type is None


def test_key_positions_are_page_lines_and_columns() -> None:
    one_line = annotation('  <!--   {"blockType": "request", nme: "a"} -->')
    assert one_line.key_position("blockType") == (1, 11)
    assert one_line.key_position("nme") == (1, 35)
    spread = annotation('  <!-- {\n  "blockType": "response",\n    "truncated": true\n} -->')
    assert spread.key_position("blockType") == (2, 3)
    assert spread.key_position("truncated") == (3, 5)
    assert spread.key_position("absent") == (1, 1)


def test_the_page_keeps_every_json_comment_with_what_was_made_of_it() -> None:
    from graphdoc.read.page import read_page

    text = '# T\n\n<!-- {"blockType": "request"} -->\n<!-- {oops -->\n<!-- note -->\n'
    doc = read_page(text, "x.md")
    kinds = [type(read).__name__ for _, read in doc.annotations]
    assert kinds == ["Annotation", "AnnotationProblem"]
