"""graphdoc.read.typecell: what a Type cell names (doc-format.md §3)."""

from __future__ import annotations

import pytest
from graphdoc.read.typecell import TypeCell, parse_type_cell, primitive_name

# Every primitive spelling of doc-format.md §3.1, with its Edm name.
PRIMITIVE_SPELLINGS = {
    "String": "Edm.String",
    "string": "Edm.String",
    "Edm.String": "Edm.String",
    "Edm.string": "Edm.String",
    "Url": "Edm.String",
    "Boolean": "Edm.Boolean",
    "boolean": "Edm.Boolean",
    "bool": "Edm.Boolean",
    "Bool": "Edm.Boolean",
    "Edm.Boolean": "Edm.Boolean",
    "Edm.boolean": "Edm.Boolean",
    "Int32": "Edm.Int32",
    "int": "Edm.Int32",
    "Int": "Edm.Int32",
    "int32": "Edm.Int32",
    "Integer": "Edm.Int32",
    "integer": "Edm.Int32",
    "Edm.Int32": "Edm.Int32",
    "Int64": "Edm.Int64",
    "Int16": "Edm.Int16",
    "Byte": "Edm.Byte",
    "Double": "Edm.Double",
    "double": "Edm.Double",
    "number": "Edm.Double",
    "Edm.Double": "Edm.Double",
    "Single": "Edm.Single",
    "Float": "Edm.Single",
    "decimal": "Edm.Decimal",
    "DateTimeOffset": "Edm.DateTimeOffset",
    "dateTimeOffset": "Edm.DateTimeOffset",
    "DateTimeOffSet": "Edm.DateTimeOffset",
    "DateTime": "Edm.DateTimeOffset",
    "datetime": "Edm.DateTimeOffset",
    "Timestamp": "Edm.DateTimeOffset",
    "Edm.DateTimeOffset": "Edm.DateTimeOffset",
    "Edm.dateTimeOffset": "Edm.DateTimeOffset",
    "edm.DateTime": "Edm.DateTimeOffset",
    "Date": "Edm.Date",
    "date": "Edm.Date",
    "TimeOfDay": "Edm.TimeOfDay",
    "Edm.TimeOfDay": "Edm.TimeOfDay",
    "Duration": "Edm.Duration",
    "duration": "Edm.Duration",
    "Edm.Duration": "Edm.Duration",
    "Guid": "Edm.Guid",
    "GUID": "Edm.Guid",
    "guid": "Edm.Guid",
    "Edm.Guid": "Edm.Guid",
    "Binary": "Edm.Binary",
    "Edm.Binary": "Edm.Binary",
    "Stream": "Edm.Stream",
    "stream": "Edm.Stream",
    "Edm.Stream": "Edm.Stream",
    "Json": "Edm.Untyped",
    "Object": "Edm.Untyped",
    "JSON object": "Edm.Untyped",
    "Untyped JSON object": "Edm.Untyped",
}


@pytest.mark.parametrize(("spelling", "edm"), sorted(PRIMITIVE_SPELLINGS.items()))
def test_every_primitive_spelling_maps_to_its_edm_name(spelling: str, edm: str) -> None:
    assert primitive_name(spelling) == edm
    assert parse_type_cell(spelling) == TypeCell(edm, False, primitive=True)


@pytest.mark.parametrize(
    ("cell", "edm"),
    [
        ("String collection", "Edm.String"),
        ("string collection", "Edm.String"),
        ("Guid collection", "Edm.Guid"),
        ("GUID collection", "Edm.Guid"),
        ("Int32 collection", "Edm.Int32"),
        ("Collection(Edm.String)", "Edm.String"),
        ("collection(Int32)", "Edm.Int32"),
    ],
)
def test_primitive_collections(cell: str, edm: str) -> None:
    assert parse_type_cell(cell) == TypeCell(edm, True, primitive=True)


@pytest.mark.parametrize(
    "cell",
    ["string (url)", "string, maximum size 20", "String (optional)", "**String**", "`String`"],
)
def test_primitive_with_a_qualifier_or_markup(cell: str) -> None:
    assert parse_type_cell(cell) == TypeCell("Edm.String", False, primitive=True)


def test_unknown_words_are_not_primitives() -> None:
    assert primitive_name("contact") is None
    assert primitive_name("Edm.Contact") is None


def test_link_text_wins_over_the_file_name() -> None:
    cell = parse_type_cell(
        "[deviceCompliancePolicy](../resources/intune-deviceconfig-devicecompliancepolicy.md)"
    )
    assert cell == TypeCell(
        "deviceCompliancePolicy",
        False,
        primitive=False,
        target="../resources/intune-deviceconfig-devicecompliancepolicy.md",
    )
    qualified = parse_type_cell(
        "[microsoft.graph.ediscovery.dataSource](../resources/ediscovery-datasource.md) collection"
    )
    assert (qualified.name, qualified.collection) == ("microsoft.graph.ediscovery.dataSource", True)
    assert qualified.target == "../resources/ediscovery-datasource.md"


def test_link_with_an_enum_anchor() -> None:
    cell = parse_type_cell("[chatType](chat.md#chattype-values)")
    assert (cell.name, cell.target, cell.anchor) == ("chatType", "chat.md", "chattype-values")


def test_link_collection_forms() -> None:
    for text in (
        "[phone](phone.md) collection",
        "Collection([phone](phone.md))",
        "collection of [phone](phone.md)",
        "[phone](phone.md) Collection",
    ):
        cell = parse_type_cell(text)
        assert (cell.name, cell.collection, cell.target) == ("phone", True, "phone.md"), text


def test_link_followed_by_a_type_word() -> None:
    cell = parse_type_cell("[itemAnalytics](itemanalytics.md) resource")
    assert (cell.name, cell.understood) == ("itemAnalytics", True)


def test_link_text_with_a_type_word() -> None:
    # drive-get.md's prose: `[Drive resource][drive-resource]`.
    cell = parse_type_cell("[Drive resource](../resources/drive.md)")
    assert (cell.name, cell.target, cell.understood) == ("Drive", "../resources/drive.md", True)


def test_site_absolute_link_keeps_its_target() -> None:
    cell = parse_type_cell("[identitySet](/graph/api/resources/identityset)")
    assert (cell.name, cell.target) == ("identitySet", "/graph/api/resources/identityset")


def test_link_with_a_title() -> None:
    cell = parse_type_cell('[user](user.md "The user")')
    assert (cell.name, cell.target) == ("user", "user.md")


WINDOWS_UPDATES_CATEGORY = "microsoft.graph.windowsUpdates.updateCategory"
SECURITY_SOURCE_TYPE = "microsoft.graph.security.sourceType"

REFERENCES = {
    "identityset": "identityset.md",
    "driveitem": "driveitem.md",
    "columndefinition": "columnDefinition.md",
    "itemactivity": "itemactivity.md",
}


@pytest.mark.parametrize(
    ("text", "name", "target", "collection"),
    [
        ("[identitySet][]", "identitySet", "identityset.md", False),
        ("[**driveItem**][driveItem]", "driveItem", "driveitem.md", False),
        ("[itemActivity][] collection", "itemActivity", "itemactivity.md", True),
        ("Collection([columnDefinition][])", "columnDefinition", "columnDefinition.md", True),
        ("[IdentitySet][]", "IdentitySet", "identityset.md", False),
    ],
)
def test_reference_style_links_use_the_definitions(
    text: str, name: str, target: str, collection: bool
) -> None:
    cell = parse_type_cell(text, REFERENCES)
    assert (cell.name, cell.target, cell.collection, cell.primitive) == (
        name,
        target,
        collection,
        False,
    )
    assert cell.understood


def test_reference_without_a_definition_keeps_the_name() -> None:
    cell = parse_type_cell("[sharepointIds][]", REFERENCES)
    assert (cell.name, cell.target) == ("sharepointIds", None)
    assert parse_type_cell("[identitySet][]").target is None  # no definitions given


def test_bracketed_name_without_a_target() -> None:
    cell = parse_type_cell("[educationSynchronizationCustomization]")
    assert (cell.name, cell.target, cell.primitive) == (
        "educationSynchronizationCustomization",
        None,
        False,
    )


@pytest.mark.parametrize(
    ("text", "name", "collection"),
    [
        ("callDirection", "callDirection", False),
        ("modality collection", "modality", True),
        ("microsoft.graph.windowsUpdates.updateCategory", WINDOWS_UPDATES_CATEGORY, False),
        ("microsoft.graph.security.sourceType collection", SECURITY_SOURCE_TYPE, True),
        ("Collection(microsoft.graph.security.alert)", "microsoft.graph.security.alert", True),
        ("routingPolicy collection collection", "routingPolicy", True),
    ],
)  # fmt: skip
def test_bare_identifiers_are_references(text: str, name: str, collection: bool) -> None:
    assert parse_type_cell(text) == TypeCell(name, collection, primitive=False)


def test_union_of_primitives_is_untyped_and_flagged() -> None:
    cell = parse_type_cell("(boolean or string or number) collection")
    assert cell == TypeCell("Edm.Untyped", True, primitive=True, understood=False)


def test_union_of_links_keeps_every_alternative() -> None:
    cell = parse_type_cell(
        "[appHostedMediaConfig](apphostedmediaconfig.md) or "
        "[serviceHostedMediaConfig](servicehostedmediaconfig.md)"
    )
    assert (cell.name, cell.target, cell.understood) == (
        "appHostedMediaConfig",
        "apphostedmediaconfig.md",
        False,
    )
    assert cell.alternatives == (
        ("appHostedMediaConfig", "apphostedmediaconfig.md"),
        ("serviceHostedMediaConfig", "servicehostedmediaconfig.md"),
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("[DateTimeOffset](../resources/timestamp.md)", "Edm.DateTimeOffset"),
        ("[timestamp](timestamp.md)", "Edm.DateTimeOffset"),
        # 2020 v1.0 subscription.md: a link out of the docs names no Graph type.
        ("[dateTime](https://tools.ietf.org/html/rfc3339)", "Edm.DateTimeOffset"),
    ],
)
def test_links_to_primitive_pages_name_the_primitive(cell: str, expected: str) -> None:
    """`[DateTimeOffset](../resources/timestamp.md)` (6 pages): timestamp.md documents no type."""
    parsed = parse_type_cell(cell)
    assert (parsed.name, parsed.primitive) == (expected, True)


def test_link_missing_its_closing_parenthesis() -> None:
    # invitation.md: `[invitedUserMessageInfo](invitedusermessageinfo.md`
    cell = parse_type_cell("[invitedUserMessageInfo](invitedusermessageinfo.md")
    assert (cell.name, cell.target, cell.understood) == (
        "invitedUserMessageInfo",
        "invitedusermessageinfo.md",
        False,
    )


def test_empty_and_prose_cells_are_not_understood() -> None:
    assert parse_type_cell("") == TypeCell("", False, primitive=False, understood=False)
    prose = parse_type_cell("see the table below")
    assert not prose.understood and not prose.primitive


def test_html_line_breaks_and_entities_are_cleaned() -> None:
    assert parse_type_cell("String<br/>collection") == TypeCell("Edm.String", True, primitive=True)
    assert parse_type_cell("&nbsp;Int32&nbsp;") == TypeCell("Edm.Int32", False, primitive=True)


def test_a_link_into_the_docs_names_the_type_documented_there() -> None:
    # `[Json](intune-mam-json.md)`: the page documents a type spelt like a primitive.
    cell = parse_type_cell("[Json](intune-mam-json.md)")
    assert (cell.name, cell.primitive, cell.target) == ("Json", False, "intune-mam-json.md")


def test_numeric_is_an_exact_decimal() -> None:
    # dynamics-agedaccountsreceivable.md: `|period3Amount|numeric|...|`
    assert parse_type_cell("numeric") == TypeCell("Edm.Decimal", False, primitive=True)


def test_collection_of_a_plural_primitive() -> None:
    # beta educationsynchronizationlicenseassignment.md: `| **skuIds** | collection of strings |`
    assert parse_type_cell("collection of strings") == TypeCell("Edm.String", True, primitive=True)
