"""Tables by role: on real pages, only member tables make properties, and every other table's
rows land where they belong (a property's values, instance annotations, a kept raw table)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel, TypeDef
from graphdoc.read.roles import classify_table
from graphdoc.read.tables import ParsedTable

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
V1_2021 = CORPUS / "graph-docs-2021-07" / "api-reference" / "v1.0" / "resources"
BETA_2021 = CORPUS / "graph-docs-2021-07" / "api-reference" / "beta" / "resources"
BETA_2020 = CORPUS / "graph-docs-2020-05" / "api-reference" / "beta" / "resources"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")


def table(*columns: str) -> ParsedTable:
    return ParsedTable(
        line=1,
        header=list(columns),
        columns=[c.lower() for c in columns],
        rows=[],
        delimiter_cells=len(columns),
    )


MEMBER = ("Property", "Type", "Description")
NAMED = ("Property name", "Type", "Description")
INSTANCE = "instance_annotations"


@pytest.mark.parametrize(
    ("columns", "section", "heading", "expected"),
    [
        (MEMBER, "properties", "properties", "properties"),
        (("Relationship", "Type"), "relationships", "relationships", "relationships"),
        # grouped members of the page's own type stay members
        (MEMBER, "properties", "indicator observables - email", "properties"),
        (("Value", "Description"), "properties", "sortby options", "values"),
        (("Value", "#", "Description"), "properties", "agegroup property", "values"),
        (("Pre-set constant", "Color mapped to in Outlook"), "properties", "properties", "values"),
        (NAMED, "properties", "instance attributes", INSTANCE),
        (NAMED, "instance attributes", "instance attributes", INSTANCE),
        (("Type", "Description"), "properties", "derived types", "derived_types"),
        (MEMBER, "properties", "properties of a token lifetime policy definition", "other"),
        (MEMBER, "properties", "example: **definition** that uses claims", "other"),
        (("Resource", "Maximum expiration time"), "properties", "maximum length", "other"),
        (("Property type", "Remarks"), "properties", "supported property data types", "other"),
        (("Property", "Description"), "common properties", "common properties", "other"),
    ],
)  # fmt: skip
def test_role_from_headings_and_columns(
    columns: tuple[str, ...], section: str, heading: str, expected: str
) -> None:
    assert (
        classify_table(table(*columns), section, heading, "resource", "x resource type") == expected
    )


def test_properties_of_the_pages_own_type_are_members() -> None:
    role = classify_table(
        table("Property", "Type", "Description"),
        "properties", "properties of a widget", "resource", "widget resource type",
    )  # fmt: skip
    assert role == "properties"


def _type(model: ApiModel, name: str) -> TypeDef:
    found = model.type_named(name)
    assert found is not None, name
    return found


@needs_corpus
def test_value_lists_attach_to_the_property_they_describe() -> None:
    model = build_model([V1_2021 / "folderview.md"])
    view = _type(model, "microsoft.graph.folderView")
    props = {p.name: p for p in view.properties}
    assert set(props) == {"sortBy", "sortOrder", "viewType"}
    assert {v.name for v in props["sortBy"].values} >= {"default", "name", "type", "size"}
    assert {v.name for v in props["sortOrder"].values} == {"ascending", "descending"}
    assert all(v.source.line > 0 for v in props["viewType"].values)


@needs_corpus
def test_values_headings_of_string_properties_are_value_lists_not_enums() -> None:
    # 2020 beta folderview.md: "### sortOrder values / The following values are defined for
    # the **sortOrder** property." under a String `sortOrder`; no enum of that name exists.
    model = build_model([BETA_2020 / "folderview.md"])
    assert not [t.name for t in model.types if t.kind == "enum"]
    view = _type(model, "microsoft.graph.folderView")
    props = {p.name: p for p in view.properties}
    assert {v.name for v in props["sortOrder"].values} == {"ascending", "descending"}
    assert {v.name for v in props["viewType"].values} >= {"default", "icons", "details"}


@needs_corpus
def test_values_headings_naming_an_enum_type_stay_enums() -> None:
    # chat.md: `|chatType|[chatType](#chattype-values)|` and "### chatType values".
    model = build_model([V1_2021 / "chat.md"])
    assert _type(model, "microsoft.graph.chatType").kind == "enum"


@needs_corpus
def test_legal_age_group_tables_are_values_not_user_properties() -> None:
    model = build_model([BETA_2020 / "user.md"])
    user = _type(model, "microsoft.graph.user")
    names = {p.name for p in user.properties}
    assert not names & {"notAdult", "minorWithParentalConsent", "adult", "minor"}
    by_name = {p.name: p for p in user.properties}
    assert {v.name for v in by_name["ageGroup"].values} >= {"minor", "notAdult", "adult"}
    assert "minorWithParentalConsent" in {
        v.name for v in by_name["legalAgeGroupClassification"].values
    }


@needs_corpus
def test_instance_attributes_are_instance_annotations() -> None:
    model = build_model([BETA_2021 / "driveitem.md"])
    item = _type(model, "microsoft.graph.driveItem")
    annotations = {a.name for a in item.instance_annotations}
    assert "@microsoft.graph.conflictBehavior" in annotations
    assert not annotations & {p.name for p in item.properties}


@needs_corpus
@pytest.mark.parametrize(
    ("page", "type_name", "not_fields"),
    [
        ("tokenlifetimepolicy.md", "microsoft.graph.tokenLifetimePolicy", {"AccessTokenLifetime"}),
        ("subscription.md", "microsoft.graph.subscription", {"presence", "Security alert"}),
        ("outlookcategory.md", "microsoft.graph.outlookCategory", {"None", "Preset0"}),
        ("teleconferencedevicemediaquality.md", "microsoft.graph.teleconferenceDeviceMediaQuality",
         {"[teleconferenceDeviceAudioQuality](teleconferencedeviceaudioquality.md)",
          "teleconferenceDeviceAudioQuality"}),
    ],
)  # fmt: skip
def test_non_member_tables_make_no_fields(page: str, type_name: str, not_fields: set[str]) -> None:
    model = build_model([BETA_2021 / page])
    type_def = _type(model, type_name)
    assert type_def.properties, "the member table is still read"
    assert not {p.name for p in type_def.properties} & not_fields
    kept = {
        re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", row.cells[0]).replace("**", "").strip()
        for page_ in model.pages
        for kept_table in page_.tables
        for row in kept_table.rows
    }
    assert not_fields & kept, "the other table's rows are kept on the page"


@needs_corpus
def test_grouped_member_tables_still_make_properties() -> None:
    model = build_model([BETA_2021 / "tiindicator.md"])
    names = {p.name for p in _type(model, "microsoft.graph.tiIndicator").properties}
    assert {"emailSenderAddress", "fileHashValue", "networkIPv4"} <= names
