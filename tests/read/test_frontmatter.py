"""graphdoc.read.frontmatter: `key: value` lines, not YAML (doc-format.md §1.1)."""

from __future__ import annotations

from graphdoc.read.frontmatter import read_front_matter, unquote


def read(text: str) -> tuple[dict[str, str], dict[str, int], bool, list[int], int]:
    front, index = read_front_matter(text.split("\n"))
    return front.values, front.lines, front.present, front.malformed, index


def test_key_value_lines_with_their_line_numbers() -> None:
    values, lines, present, malformed, index = read(
        '---\ntitle: "Create contact"\ndoc_type: apiPageType\nms.prod: \'outlook\'\n---\n# Create'
    )
    assert values == {"title": "Create contact", "doc_type": "apiPageType", "ms.prod": "outlook"}
    assert lines == {"title": 2, "doc_type": 3, "ms.prod": 4}
    assert (present, malformed, index) == (True, [], 5)


def test_unquoted_colon_in_a_value() -> None:
    # beta/api/driveitem-createuploadsession.md breaks a YAML loader.
    values, _, present, malformed, _ = read("---\ntitle: driveItem: createUploadSession\n---\n")
    assert values == {"title": "driveItem: createUploadSession"}
    assert present and malformed == []


def test_quoted_value_with_trailing_space_and_empty_values() -> None:
    values, *_ = read('---\ndoc_type: "apiPageType" \nms.prod: ""\ndocumentationcenter:\n---\n')
    assert values == {"doc_type": "apiPageType", "ms.prod": "", "documentationcenter": ""}


def test_value_with_markdown_link_and_quotes_inside() -> None:
    # The seed's placeholder author.
    line = 'author: "**TODO: Provide Github Name. See [ref](https://msgo/x.html#topic)**"'
    values, *_ = read(f"---\n{line}\n---\n")
    assert values["author"] == "**TODO: Provide Github Name. See [ref](https://msgo/x.html#topic)**"


def test_blank_lines_are_skipped_and_bad_lines_recorded() -> None:
    values, lines, present, malformed, index = read(
        "---\ntitle: x\n\njust prose\nbad key: value\n: no key\n---\n"
    )
    assert values == {"title": "x"}
    assert lines == {"title": 2}
    assert present
    assert malformed == [4, 5, 6]
    assert index == 7


def test_no_front_matter() -> None:
    values, _, present, _, index = read("# Title\n\ntext\n")
    assert (values, present, index) == ({}, False, 0)


def test_unclosed_front_matter_is_no_front_matter() -> None:
    values, _, present, malformed, index = read("---\ntitle: x\n# Title\n")
    assert (values, present, malformed, index) == ({}, False, [], 0)


def test_empty_page() -> None:
    front, index = read_front_matter([])
    assert (front.present, index) == (False, 0)
    assert front.get("title") is None


def test_unquote() -> None:
    assert unquote(' "apiPageType" ') == "apiPageType"
    assert unquote("'resourcePageType'") == "resourcePageType"
    assert unquote('"') == '"'
    assert unquote("bare value") == "bare value"
