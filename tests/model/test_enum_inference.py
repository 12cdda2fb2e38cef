"""Enums written as `String`, typed from the values their description lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.model.build import build_model
from graphdoc.model.enum_inference import listed_values, plain_list

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
V1 = CORPUS / "graph-docs-2021-07" / "api-reference" / "v1.0" / "resources"


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("The type. Possible values are: `file`, `item`, `reference`. Required.",
         {"file", "item", "reference"}),
        # The values sentence ends; later code spans (`$select`, `eq`) are not values.
        ("Result. Possible values: `Approve`, `Deny`, or `DontKnow`. Supports `$select` (`eq`).",
         {"approve", "deny", "dontknow"}),
        ("The value can be one of the following: *CName*, *Mx*, *Srv*, *Txt*",
         {"cname", "mx", "srv", "txt"}),
        ("Possible values: `a`, `b`, `unknownFutureValue`.", {"a", "b"}),
        ("Supports `$select` and `$filter`.", set()),
    ],
)  # fmt: skip
def test_listed_values(description: str, expected: set[str]) -> None:
    assert listed_values(description) == expected


ENUM = """---
title: shade enum type
doc_type: enumPageType
---

# shade enum type

Namespace: microsoft.graph

## Members

|Member|Description|
|:---|:---|
|light|Light.|
|dark|Dark.|
|unknownFutureValue|Evolvable enumeration sentinel value. Do not use.|
"""

RESOURCE = """---
title: widget resource type
doc_type: resourcePageType
---

# widget resource type

Namespace: microsoft.graph

## Properties

|Property|Type|Description|
|:---|:---|:---|
|tone|String|The tone. Possible values are: `light`, `dark`.|
|mood|String|The mood. Possible values are: `light`, `dark`, `dim`.|
|label|String|A label, for example `light`.|
"""


def test_string_listing_an_enums_members_is_typed_as_that_enum(tmp_path: Path) -> None:
    (tmp_path / "shade.md").write_text(ENUM)
    (tmp_path / "widget.md").write_text(RESOURCE)
    model = build_model([tmp_path])
    widget = model.type_named("microsoft.graph.widget")
    assert widget is not None
    props = {p.name: p for p in widget.properties}
    assert (props["tone"].type, props["tone"].type_inferred, props["tone"].type_text) == (
        "microsoft.graph.shade", True, "String",
    )  # fmt: skip
    # A list that is not exactly the enum's members, or no list at all, stays a string.
    assert (props["mood"].type, props["mood"].type_inferred) == ("Edm.String", False)
    assert (props["label"].type, props["label"].type_inferred) == ("Edm.String", False)
    notes = [d for d in model.diagnostics if d.code == "GD441"]
    assert [(d.path, d.line) for d in notes] == [("widget.md", props["tone"].source.line)]


@pytest.mark.skipif(not V1.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_real_pages_attachment_type() -> None:
    """attachmentItem.attachmentType: `String`, "Possible values are: `file`, `item`,
    `reference`", and enums.md documents attachmentType with exactly those members."""
    model = build_model([V1 / "attachmentitem.md", V1 / "enums.md"])
    item = model.type_named("microsoft.graph.attachmentItem")
    assert item is not None
    prop = next(p for p in item.properties if p.name == "attachmentType")
    assert (prop.type, prop.type_inferred) == ("microsoft.graph.attachmentType", True)


BETA_2020 = CORPUS / "graph-docs-2020-05" / "api-reference" / "beta" / "resources"
BETA_2021 = CORPUS / "graph-docs-2021-07" / "api-reference" / "beta" / "resources"


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Possible values are: `unknown`, `white`, `green`, `amber`, `red`. **Required.**",
         ["unknown", "white", "green", "amber", "red"]),
        ("Possible values are: `group`, `roster`, or `unknownFutureValue`.",
         ["group", "roster", "unknownFutureValue"]),
        # words between the values qualify them
        ("Possible values are: `user` or `group` when the **identitySource** is "
         "`azureActiveDirectory` and just `group` when the **identitySource** is `external`.",
         None),
        ("Possible values are: `a`.", None),
    ],
)  # fmt: skip
def test_plain_list(description: str, expected: list[str] | None) -> None:
    assert plain_list(description) == expected


@pytest.mark.skipif(not BETA_2020.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_real_value_list_naming_every_member_and_more_completes_the_enum() -> None:
    """tiindicator.md: the tlpLevel table has White, Green, Amber, Red; the tlpLevel
    property lists `unknown` with all four."""
    model = build_model([BETA_2020 / "tiindicator.md"])
    tlp = model.type_named("microsoft.graph.tlpLevel")
    assert tlp is not None
    assert [m.name.lower() for m in tlp.members] == ["white", "green", "amber", "red", "unknown"]
    added = tlp.members[-1]
    assert (added.source.path, added.source.line) == ("tiindicator.md", 92)
    assert [d.line for d in model.diagnostics if d.code == "GD443"] == [92]


@pytest.mark.skipif(not BETA_2021.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_real_qualified_or_partial_value_lists_add_no_member() -> None:
    """externalconnectors-externalgroupmember.md qualifies its values ("`group` when the
    **identitySource** is `external`"); identitybuiltinuserflowattribute.md's list names
    the property in bold ("values for **dataType** are"), which is no value."""
    model = build_model([
        BETA_2021 / "externalconnectors-externalgroupmember.md",
        BETA_2021 / "externalconnectors-externalgroupmembertype.md",
        BETA_2021 / "identitybuiltinuserflowattribute.md",
        BETA_2021 / "identityuserflowattribute.md",
    ])  # fmt: skip
    assert not [d for d in model.diagnostics if d.code == "GD443"]
