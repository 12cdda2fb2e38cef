"""The CSDL reader: aliases qualified, only members of types taken, lines kept."""

from __future__ import annotations

from pathlib import Path

from graphdoc.compare.csdl import read_schema

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_types_properties_and_members_with_aliases_qualified() -> None:
    schema = read_schema(FIXTURES / "metadata.xml")
    assert sorted(schema.types) == [
        "microsoft.graph.entity",
        "microsoft.graph.fancyWidget",
        "microsoft.graph.gadget",
        "microsoft.graph.gizmo",
        "microsoft.graph.shape",
        "microsoft.graph.widget",
        "microsoft.graph.widgetColor",
    ]
    widget = schema.types["microsoft.graph.widget"]
    assert (widget.kind, widget.base, widget.line) == ("entity", "microsoft.graph.entity", 18)
    # The annotation's `PropertyValue` and the action's parameters are no properties.
    assert [(p.name, p.type, p.collection) for p in widget.properties] == [
        ("name", "Edm.String", False),
        ("size", "Edm.Int64", False),
        ("tags", "Edm.String", True),
        ("color", "microsoft.graph.widgetColor", False),
        ("createdDateTime", "Edm.DateTimeOffset", False),
    ]
    assert schema.types["microsoft.graph.widgetColor"].members == [
        "red", "green", "blue", "yellow", "unknownFutureValue"
    ]


def test_ancestry_follows_bases_nearest_first() -> None:
    schema = read_schema(FIXTURES / "metadata.xml")
    chain = schema.ancestry(schema.types["microsoft.graph.fancyWidget"])
    assert [t.name for t in chain] == [
        "microsoft.graph.fancyWidget", "microsoft.graph.widget", "microsoft.graph.entity"
    ]


def test_a_base_cycle_ends_the_chain(tmp_path: Path) -> None:
    cyclic = tmp_path / "cycle.xml"
    cyclic.write_text(
        '<Edmx xmlns="http://docs.oasis-open.org/odata/ns/edmx"><DataServices>'
        '<Schema Namespace="n" xmlns="http://docs.oasis-open.org/odata/ns/edm">'
        '<ComplexType Name="a" BaseType="n.b"/><ComplexType Name="b" BaseType="n.a"/>'
        "</Schema></DataServices></Edmx>",
        encoding="utf-8",
    )
    schema = read_schema(cyclic)
    assert [t.name for t in schema.ancestry(schema.types["n.a"])] == ["n.a", "n.b"]
