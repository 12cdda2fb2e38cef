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
