# ruff: noqa: E501  (page fixtures are clearer on one line each)
"""Base types from each source the pages give, with the evidence kept in the model."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel, TypeDef

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
BETA_2020 = CORPUS / "graph-docs-2020-05" / "api-reference" / "beta"
V1_2021 = CORPUS / "graph-docs-2021-07" / "api-reference" / "v1.0"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")


def page(title: str, body: str, kind: str = "resourcePageType") -> str:
    return f"---\ntitle: {title}\ndoc_type: {kind}\n---\n\n# {title}\n\nNamespace: microsoft.graph\n\n{body}"


ENTITY = page("entity resource type", "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Key.|\n")
ANNOTATION = '<!-- {{"blockType": "resource", "@odata.type": "microsoft.graph.{name}", "keyProperty": "id"}} -->\n```json\n{{}}\n```\n'


def _type(model: ApiModel, name: str) -> TypeDef:
    found = model.type_named(f"microsoft.graph.{name}")
    assert found is not None, name
    return found


def _build(tmp_path: Path, pages: dict[str, str]) -> ApiModel:
    for name, text in {"entity.md": ENTITY, **pages}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return build_model([tmp_path])


def test_stated_in_prose(tmp_path: Path) -> None:
    model = _build(tmp_path, {
        "shape.md": page("shape resource type", "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|area|Int32|Area.|\n"),
        "circle.md": page("circle resource type", "Derived from [shape](shape.md).\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|radius|Int32|Radius.|\n"),
    })  # fmt: skip
    circle = _type(model, "circle")
    assert (circle.base, circle.base_evidence) == ("microsoft.graph.shape", "stated")


def test_derived_types_table_on_the_base_page(tmp_path: Path) -> None:
    table = "### Derived types\n\n|Type|Description|\n|:--|:--|\n|[square](square.md)|A square.|\n"
    model = _build(tmp_path, {
        "shape.md": page("shape resource type", "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|area|Int32|Area.|\n\n" + table),
        "square.md": page("square resource type", "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|side|Int32|Side.|\n"),
    })  # fmt: skip
    square = _type(model, "square")
    assert (square.base, square.base_evidence) == ("microsoft.graph.shape", "derived-types table")
    assert "side" not in {p.name for p in _type(model, "shape").properties}
    assert not any(p.name.startswith("[") for p in _type(model, "shape").properties)


def test_table_disagreeing_with_the_stated_base_is_diagnosed(tmp_path: Path) -> None:
    table = "### Derived types\n\n|Type|Description|\n|:--|:--|\n|[square](square.md)|A square.|\n"
    model = _build(tmp_path, {
        "shape.md": page("shape resource type", "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|area|Int32|Area.|\n\n" + table),
        "polygon.md": page("polygon resource type", "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|sides|Int32|Sides.|\n"),
        "square.md": page("square resource type", "Inherits from [polygon](polygon.md).\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|side|Int32|Side.|\n"),
    })  # fmt: skip
    square = _type(model, "square")
    assert (square.base, square.base_evidence) == ("microsoft.graph.polygon", "stated")
    assert [d.path for d in model.diagnostics if d.code == "GD442"] == ["shape.md"]


def test_convention_entity_keyed_on_id(tmp_path: Path) -> None:
    model = _build(tmp_path, {
        "widget.md": page("widget resource type", "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Key.|\n\n## JSON representation\n\n" + ANNOTATION.format(name="widget")),
        "point.md": page("point resource type", "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|x|Int32|X.|\n"),
    })  # fmt: skip
    widget = _type(model, "widget")
    assert (widget.base, widget.base_evidence) == ("microsoft.graph.entity", "convention")
    point = _type(model, "point")  # a complex type without a key keeps no base
    assert (point.base, point.base_evidence) == (None, None)
    assert _type(model, "entity").base is None


@needs_corpus
def test_real_derived_types_table() -> None:
    """teleconferenceDeviceMediaQuality lists its audio, video and screen-sharing kinds."""
    resources = BETA_2020 / "resources"
    model = build_model([
        resources / "teleconferencedevicemediaquality.md",
        resources / "teleconferencedeviceaudioquality.md",
    ])  # fmt: skip
    audio = _type(model, "teleconferenceDeviceAudioQuality")
    assert audio.base == "microsoft.graph.teleconferenceDeviceMediaQuality"
    assert audio.base_evidence in ("stated", "derived-types table")


@needs_corpus
def test_real_convention_and_stated() -> None:
    model = build_model([V1_2021 / "resources"])
    evidence = {t.base_evidence for t in model.types if t.base is not None}
    assert {"stated", "convention"} <= evidence
    contact = _type(model, "contact")
    assert (contact.base, contact.base_evidence) == ("microsoft.graph.outlookItem", "stated")
    with_base = sum(1 for t in model.types if t.kind != "enum" and t.base is not None)
    print(f"\nv1.0 2021 types with a base: {with_base}")


@needs_corpus
def test_real_prose_inherited_from() -> None:
    """domaindnsmxrecord.md: "... Inherited from [DomainDnsRecord](domaindnsrecord.md) entity."
    activity statistics pages: "This is based on [activityStatistics](...)"."""
    resources = BETA_2020 / "resources"
    model = build_model([
        resources / name for name in (
            "domaindnsmxrecord.md", "domaindnsrecord.md", "callactivitystatistics.md",
            "activitystatistics.md", "entity.md",
        )
    ])  # fmt: skip
    mx = _type(model, "domainDnsMxRecord")
    assert (mx.base, mx.base_evidence) == ("microsoft.graph.domainDnsRecord", "stated")
    calls = _type(model, "callActivityStatistics")
    assert (calls.base, calls.base_evidence) == ("microsoft.graph.activityStatistics", "stated")


@needs_corpus
def test_real_type_read_and_written_at_its_own_url_is_an_entity() -> None:
    """workbookrangefill.md lists no `id` but "Get workbookRangeFill" and "Update" methods:
    only an entity has a URL of its own. search.md's only method is the `query` action."""
    resources = BETA_2020 / "resources"
    model = build_model([resources / "workbookrangefill.md", resources / "search.md",
                         resources / "entity.md"])
    fill = _type(model, "workbookRangeFill")
    assert (fill.kind, fill.base, fill.base_evidence) == (
        "entity", "microsoft.graph.entity", "convention"
    )
    search = _type(model, "search")
    assert (search.kind, search.base) == ("complex", None)


BETA_2020_RESOURCES = BETA_2020 / "resources"
V1_2020 = CORPUS / "graph-docs-2020-05" / "api-reference" / "v1.0" / "resources"
V1_2021_RESOURCES = V1_2021 / "resources"


def _real(folder: Path, *names: str) -> ApiModel:
    return build_model([folder / name for name in (*names, "entity.md")])


@needs_corpus
@pytest.mark.parametrize(
    ("folder", "page", "name", "base"),
    [
        # "Inherits metadata properties from [itemFacet](itemfacet.md)." (and `baseType: ""`)
        (BETA_2020_RESOURCES, "educationalactivity.md", "educationalActivity", "itemFacet"),
        # "A subclass of [educationResource](educationresource.md). This resource ..."
        (BETA_2020_RESOURCES, "educationexcelresource.md", "educationExcelResource", "educationResource"),
        # "This creates a subclass from [educationAssignmentGrade](...)"
        (BETA_2020_RESOURCES, "educationassignmentpointsgrade.md", "educationAssignmentPointsGrade", "educationAssignmentGrade"),
        # "... inherits all the properties from [teleconferenceDeviceVideoQuality](...)"
        (V1_2020, "teleconferencedevicescreensharingquality.md", "teleconferenceDeviceScreenSharingQuality", "teleconferenceDeviceVideoQuality"),
        # "The principalResourceMembershipsScope is a type of [accessReviewScope](...)"
        (V1_2021_RESOURCES, "principalresourcemembershipsscope.md", "principalResourceMembershipsScope", "accessReviewScope"),
    ],
)  # fmt: skip
def test_real_prose_phrasings_of_a_base(folder: Path, page: str, name: str, base: str) -> None:
    model = build_model([folder / page])
    found = _type(model, name)
    assert (found.base, found.base_evidence) == (f"microsoft.graph.{base}", "stated")


@needs_corpus
def test_real_prose_base_refines_an_annotation_naming_only_entity() -> None:
    """aaduserconversationmember.md: `"baseType": "microsoft.graph.entity"` in the annotation,
    "This type inherits from [conversationMember](conversationmember.md)." in prose.
    orgcontact.md says the same of directoryObject."""
    model = _real(BETA_2020_RESOURCES, "aaduserconversationmember.md", "conversationmember.md",
                  "orgcontact.md", "directoryobject.md")
    member = _type(model, "aadUserConversationMember")
    assert (member.base, member.base_evidence) == ("microsoft.graph.conversationMember", "stated")
    assert _type(model, "orgContact").base == "microsoft.graph.directoryObject"


def test_annotation_naming_a_base_of_its_own_outranks_prose(tmp_path: Path) -> None:
    annotation = '<!-- {"blockType": "resource", "@odata.type": "microsoft.graph.square", "baseType": "microsoft.graph.shape"} -->\n```json\n{}\n```\n'
    model = _build(tmp_path, {
        "shape.md": page("shape resource type", "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|area|Int32|Area.|\n"),
        "polygon.md": page("polygon resource type", "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|sides|Int32|Sides.|\n"),
        "square.md": page("square resource type", "Inherits from [polygon](polygon.md).\n\n## JSON representation\n\n" + annotation),
    })  # fmt: skip
    assert _type(model, "square").base == "microsoft.graph.shape"


@needs_corpus
@pytest.mark.parametrize(
    ("folder", "base_page", "pages", "base"),
    [
        # "This is a base class; the derived types are [educationFeedbackOutcome](...), ..."
        (BETA_2020_RESOURCES, "educationoutcome.md",
         {"educationpointsoutcome.md": "educationPointsOutcome",
          "educationrubricoutcome.md": "educationRubricOutcome"}, "educationOutcome"),
        # "... is the base resource for the following derived types of attachments:" + a list
        (BETA_2020_RESOURCES, "attachment.md",
         {"fileattachment.md": "fileAttachment", "referenceattachment.md": "referenceAttachment"},
         "attachment"),
        # "It is the base type for each specific risk event type:" + a table of them
        (BETA_2020_RESOURCES, "identityriskevent.md",
         {"leakedcredentialsriskevent.md": "leakedCredentialsRiskEvent"}, "identityRiskEvent"),
        # "This is a base type for a person ..., which can be a [bookingCustomer](...) or ..."
        (BETA_2020_RESOURCES, "bookingperson.md",
         {"bookingcustomer.md": "bookingCustomer", "bookingstaffmember.md": "bookingStaffMember"},
         "bookingPerson"),
    ],
)  # fmt: skip
def test_real_derived_types_named_in_the_base_pages_prose(
    folder: Path, base_page: str, pages: dict[str, str], base: str
) -> None:
    model = _real(folder, base_page, *pages)
    for name in pages.values():
        found = _type(model, name)
        assert found.base == f"microsoft.graph.{base}", name
        assert found.base_evidence in ("stated", "derived-types table"), name


@needs_corpus
def test_real_links_before_a_colon_are_not_derived_types() -> None:
    """accessreviewapplyaction.md: "Represents a base class for apply actions in the
    [accessReviewScheduleSettings](...) of an [accessReviewScheduleDefinition](...). Supported
    derived types:" and a list: only the listed types derive from it, each item's first link."""
    model = _real(V1_2021_RESOURCES, "accessreviewapplyaction.md", "removeaccessapplyaction.md",
                  "accessreviewscheduledefinition.md", "accessreviewschedulesettings.md")
    assert _type(model, "removeAccessApplyAction").base == "microsoft.graph.accessReviewApplyAction"
    assert _type(model, "accessReviewScheduleDefinition").base == "microsoft.graph.entity"
    assert not [d for d in model.diagnostics if d.code == "GD442"]


@needs_corpus
def test_real_listing_under_a_farther_ancestor_agrees() -> None:
    """teleconferencedevicemediaquality.md lists the screen-sharing kind, whose page states
    the video kind, itself derived from the media kind: no disagreement."""
    model = build_model([V1_2020 / name for name in (
        "teleconferencedevicemediaquality.md", "teleconferencedevicevideoquality.md",
        "teleconferencedevicescreensharingquality.md",
    )])  # fmt: skip
    sharing = _type(model, "teleconferenceDeviceScreenSharingQuality")
    assert sharing.base == "microsoft.graph.teleconferenceDeviceVideoQuality"
    assert not [d for d in model.diagnostics if d.code == "GD442"]


@needs_corpus
def test_real_bases_of_a_declared_entity_are_entities() -> None:
    """bookingbusiness.md declares `keyProperty: id`; bookingnamedentity.md names it among its
    derived types: bookingNamedEntity is an entity, and takes `entity` as its base."""
    model = _real(BETA_2020_RESOURCES, "bookingbusiness.md", "bookingnamedentity.md")
    assert _type(model, "bookingBusiness").base == "microsoft.graph.bookingNamedEntity"
    named = _type(model, "bookingNamedEntity")
    assert (named.kind, named.base, named.base_evidence) == (
        "entity", "microsoft.graph.entity", "convention"
    )
    alone = build_model([BETA_2020_RESOURCES / "bookingnamedentity.md"])
    assert _type(alone, "bookingNamedEntity").kind == "complex"


@needs_corpus
def test_real_target_of_a_relationships_row_is_an_entity() -> None:
    """driveitem.md's Relationships table leads to itemAnalytics, whose page gives no id."""
    model = _real(V1_2020, "driveitem.md", "itemanalytics.md")
    analytics = _type(model, "itemAnalytics")
    assert (analytics.kind, analytics.base, analytics.base_evidence) == (
        "entity", "microsoft.graph.entity", "convention"
    )
    alone = build_model([V1_2020 / "itemanalytics.md", V1_2020 / "entity.md"])
    assert _type(alone, "itemAnalytics").base is None


@needs_corpus
def test_real_inferred_entity_does_not_make_its_stated_base_one() -> None:
    """useridentity.md lists accessReview's "Get accessReview reviewers" among its methods,
    and states the base identity: identity, a complex type, stays one."""
    model = _real(BETA_2020_RESOURCES, "useridentity.md", "identity.md")
    assert _type(model, "userIdentity").base == "microsoft.graph.identity"
    identity = _type(model, "identity")
    assert (identity.kind, identity.base) == ("complex", None)
