"""emit.doctext: page Markdown as the clean text of docstrings and schema descriptions."""

from __future__ import annotations

import re

import pytest
from graphdoc.emit.doctext import DocText
from graphdoc.model.build import SourceFile, build_from_files, build_model

from tests.emit.support import CORPUS


def _text() -> DocText:
    """A helper over a model with one type page, `groupsetting.md` → `groupSetting`."""
    page = (
        "---\ntitle: groupSetting resource type\ndoc_type: resourcePageType\n---\n"
        "# groupSetting resource type\n\nNamespace: microsoft.graph\n\n"
        "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Key.|\n"
    )
    return DocText(build_from_files([SourceFile("resources/groupsetting.md", page)]))


@pytest.mark.parametrize(
    ("markdown", "paragraphs"),
    [
        # an in-page anchor goes, its text stays; `<br>` ends a paragraph
        (
            "Refer to the [legal age group](#legal-age-group-property-definitions). <br><br>"
            "Returned only on `$select`.",
            ("Refer to the legal age group.", "Returned only on `$select`."),
        ),
        # an external URL is kept after the text; a docs-site or api page link is text
        (
            "See [RFC 3339](https://tools.ietf.org/html/rfc3339), [OData](/graph/query-parameters)"
            " and [an example](../api/group-list.md).",
            ("See RFC 3339 (https://tools.ietf.org/html/rfc3339), OData and an example.",),
        ),
        # a link to a type page under another text names the type
        (
            "Create a [setting](groupsetting.md) or a [groupSetting](groupsetting.md).",
            ("Create a setting (groupSetting) or a groupSetting.",),
        ),
        # HTML lists become items; emphasis goes; code spans and `<code>` stay code
        (
            "Values: <ul><li>**`a`**: one</li><li>_b_: <code>two</code></li></ul>",
            ("Values:", "- `a`: one", "- b: `two`"),
        ),
        # a word in angle brackets that is no tag stays; entities are decoded; tags go
        (
            "Format <languagecode2>-<country/regioncode2>, &lt;x&gt; <span>y</span><!-- z -->",
            ("Format <languagecode2>-<country/regioncode2>, <x> y",),
        ),
        ("", ()),
    ],
)
def test_markdown_becomes_clean_paragraphs(markdown: str, paragraphs: tuple[str, ...]) -> None:
    assert _text().paragraphs(markdown) == paragraphs


def test_text_joins_paragraphs_with_blank_lines() -> None:
    assert _text().text("a<br>b") == "a\n\nb"


@pytest.mark.slow
def test_v1_descriptions_carry_no_markup() -> None:
    """Over every description of the 2021 v1.0 types: no `<br>`, in-page anchor, Markdown
    link or bold left, while a page's code spans survive."""
    folder = CORPUS / "v1.0"
    if not folder.is_dir():
        pytest.skip(f"the 2021 v1.0 corpus is not at {folder}")
    model = build_model([folder])
    text = DocText(model)
    markup = re.compile(r"<br\s*/?>|\]\(#|\]\([^)]*\)|\*\*|</?(?:ul|li|p)>", re.IGNORECASE)
    left: list[str] = []
    spans = 0
    for type_def in model.types:
        for prop in type_def.properties:
            for paragraph in text.paragraphs(prop.description):
                spans += paragraph.count("`") // 2
                if markup.search(re.sub(r"`[^`]*`", "", paragraph)):  # code is as written
                    left.append(f"{type_def.name}.{prop.name}: {paragraph[:120]}")
    assert left == []
    assert spans > 4000
