"""graphdoc.model.rows: table rows to properties, parameters, members and permissions."""

from __future__ import annotations

import pytest
from graphdoc.model.build import SourceFile, build_from_files
from graphdoc.model.rows import clean_name, permission_scopes
from graphdoc.model.types import ApiModel, TypeDef


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("displayName", "displayName"),
        ("**allowMultipleSelection**", "allowMultipleSelection"),
        ("`id`", "id"),
        ("_idOrUserPrincipalName_", "idOrUserPrincipalName"),
        ("*if-match*", "if-match"),
        ("backupReviewers (deprecated)", "backupReviewers"),
        ("[user](user.md)", "user"),
        ("create\\_contact", "create_contact"),
        ("create_contact_from_", "create_contact_from_"),
        ("&nbsp;name", "name"),
    ],
)
def test_clean_name(cell: str, name: str) -> None:
    assert clean_name(cell) == name


def test_permission_scopes() -> None:
    assert permission_scopes(["Files.Read, Files.ReadWrite.All"]) == [
        "Files.Read",
        "Files.ReadWrite.All",
    ]
    assert permission_scopes(["Not supported."]) == []
    assert permission_scopes(["**TODO: Provide applicable permissions.**"]) == []
    assert permission_scopes(["TeamSettings.Read.Group*, openid<br>User.Read"]) == [
        "TeamSettings.Read.Group",
        "openid",
        "User.Read",
    ]


def resource(body: str) -> ApiModel:
    text = (
        "---\ntitle: thing resource type\ndoc_type: resourcePageType\n---\n"
        "# thing resource type\n\n" + body
    )
    return build_from_files([SourceFile("resources/thing.md", text)])


def thing(model: ApiModel) -> TypeDef:
    found = model.type_named("microsoft.graph.thing")
    assert found is not None
    return found


def test_facts_read_from_descriptions() -> None:
    model = resource(
        "## Properties\n"
        "|Property|Type|Description|\n|:--|:--|:--|\n"
        "|id|String|The identifier. Read-only. Not nullable.|\n"
        "|name|String|Required. The name.|\n"
        "|note|String|Optional. Nullable.|\n"
        "|children|String||\n"
        "## Relationships\n"
        "|Relationship|Type|Description|\n|:--|:--|:--|\n"
        "|owner|[user](user.md)|Read-only. Nullable.|\n"
    )
    props = {p.name: p for p in thing(model).properties}
    assert (props["id"].read_only, props["id"].nullable, props["id"].required) == (
        True,
        False,
        False,
    )
    assert (props["name"].required, props["name"].nullable) == (True, None)
    assert (props["note"].required, props["note"].nullable) == (False, True)
    assert props["children"].description == ""
    assert (props["owner"].navigation, props["owner"].type) == (True, "microsoft.graph.user")
    assert props["owner"].read_only


def test_required_column_wins_over_prose() -> None:
    model = resource(
        "## Properties\n"
        "|Property|Type|Required|Description|\n|:--|:--|:--|:--|\n"
        "|a|String|Yes|Optional in prose.|\n"
        "|b|String|No|Required. in prose|\n"
    )
    props = {p.name: p for p in thing(model).properties}
    assert (props["a"].required, props["b"].required) == (True, False)


def test_rows_that_are_not_properties_are_diagnosed() -> None:
    model = resource(
        "## Properties\n"
        "|Property|Type|Description|\n|:--|:--|:--|\n"
        "|**Open extensions**| | |\n"
        "||String|no name|\n"
        "|display name|String|prose name|\n"
        "|size||no type|\n"
    )
    found = {(d.line, d.code) for d in model.diagnostics}
    assert {(10, "GD303"), (11, "GD304"), (12, "GD305"), (12, "GD308"), (13, "GD311")} <= found
    props = {p.name: p for p in thing(model).properties}
    assert set(props) == {"size"}  # a name with spaces is a method or prose row, not a member
    assert props["size"].type == "Edm.Untyped"
    assert [d.table_row for d in model.diagnostics if d.code in ("GD303", "GD304")] == [True, True]


def test_enum_members_with_values() -> None:
    model = resource(
        "## Properties\n"
        "|Property|Type|Description|\n|:--|:--|:--|\n|kind|thingKind|x|\n"
        "### thingKind values\n"
        "|Member|Value|Description|\n|:--|:--|:--|\n"
        "|apps|1|Apps.|\n|**web**|0x2|Web.|\n|other|n/a|Other.|\n"
    )
    kind = model.type_named("microsoft.graph.thingKind")
    assert kind is not None and kind.kind == "enum"
    assert [(m.name, m.value) for m in kind.members] == [("apps", 1), ("web", 2), ("other", None)]
    assert [d.code for d in model.diagnostics if d.line == 16] == ["GD306"]
    assert thing(model).properties[0].type == "microsoft.graph.thingKind"
