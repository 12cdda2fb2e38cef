"""graphdoc.model.graph: one type graph and typed references, on hand-made models and pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from graphdoc.emit.python_models import package_ir
from graphdoc.emit.schema import schema_files
from graphdoc.model.build import SourceFile, build_from_files, build_model
from graphdoc.model.graph import TypeGraph, graph_of, resolve_model
from graphdoc.model.serialize import to_json
from graphdoc.model.typeref import Named, Primitive, Unresolved
from graphdoc.model.types import (
    ApiModel,
    Operation,
    Parameter,
    Property,
    RequestBody,
    ResponseSpec,
    Source,
    TypeDef,
)

from tests.model.test_build import properties, resource

SRC = Source("resources/x.md", 3)
SPECS = Path(__file__).resolve().parents[2] / "specs"


def prop(name: str, type_: str = "Edm.String") -> Property:
    return Property(name, type_, False, False, None, False, False, "", SRC)


def object_type(
    name: str,
    props: list[Property] | None = None,
    base: str | None = None,
    kind: str = "complex",
    *,
    open_: bool = False,
    line: int = 1,
) -> TypeDef:
    source = Source(f"resources/{name.rsplit('.', 1)[-1]}.md", line)
    return TypeDef(
        name, kind, base, False, open_, None, False, "", props or [], [], source  # type: ignore[arg-type]
    )


def family() -> ApiModel:
    """entity <- item <- {note, task}; task is open; kinds settle from entity."""
    return ApiModel(
        types=[
            object_type("ns.entity", [prop("id")], kind="entity"),
            object_type("ns.item", [prop("id"), prop("title")], base="ns.entity"),
            object_type("ns.note", [prop("body")], base="NS.Item"),  # written in another case
            object_type("ns.task", [prop("due", "Edm.Date")], base="ns.item", open_=True),
            TypeDef("ns.colour", "enum", None, False, False, None, False, "", [], [], SRC),
            object_type("ns.Permission", [prop("big")]),
            object_type("ns.permission", [prop("small")]),
        ]
    )


def test_lookup_is_exact_first_then_ignores_case() -> None:
    graph = TypeGraph(family().types)
    assert graph.get("ns.Permission").properties[0].name == "big"  # type: ignore[union-attr]
    assert graph.get("ns.permission").properties[0].name == "small"  # type: ignore[union-attr]
    assert graph.get("NS.PERMISSION").name == "ns.Permission"  # type: ignore[union-attr]
    assert graph.get("NS.TASK").name == "ns.task"  # type: ignore[union-attr]
    assert graph.get("ns.nothing") is None and graph.get(None) is None and graph.get("") is None
    assert len(graph) == 7


def test_chains_members_and_derived_types() -> None:
    graph = TypeGraph(family().types)
    task, note, item, entity = (
        graph.by_name[f"ns.{n}"] for n in ("task", "note", "item", "entity")
    )
    assert [t.name for t in graph.chain(note)] == ["ns.note", "ns.item", "ns.entity"]
    assert [t.name for t in graph.ancestors(task)] == ["ns.entity", "ns.item"]
    # base first; `id` declared again on item keeps the root's declaration
    inherited = graph.inherited_properties(task)
    assert list(inherited) == ["id", "title", "due"]
    assert inherited["id"] is entity.properties[0]
    assert graph.children("ns.item") == ["ns.note", "ns.task"]
    assert graph.descendants("ns.entity") == ["ns.item", "ns.note", "ns.task"]
    assert graph.derives(task, entity) and not graph.derives(entity, task)
    assert graph.is_open(task) and not graph.is_open(note)
    assert graph.kind_of(note) == "entity" and graph.kind_of(item) == "entity"
    assert not graph.cycles and not graph.ignored_bases


def test_a_key_is_the_types_own_else_the_nearest_bases() -> None:
    model = family()
    model.types[0].key = "id"  # entity declares it; item, note and task inherit it
    model.types[3].key = "due"  # a derived page naming another key keeps its own
    graph = TypeGraph(model.types)
    keys = {name: graph.key_of(graph.by_name[f"ns.{name}"]) for name in ("entity", "note", "task")}
    assert keys == {"entity": "id", "note": "id", "task": "due"}
    assert graph.key_of(graph.by_name["ns.permission"]) is None  # a complex type has none


def test_bases_that_name_no_object_type_are_ignored() -> None:
    model = ApiModel(
        types=[
            object_type("ns.a", base="ns.colour"),
            object_type("ns.b", base="ns.missing"),
            TypeDef("ns.colour", "enum", None, False, False, None, False, "", [], [], SRC),
        ]
    )
    graph = TypeGraph(model.types)
    assert [(t.name, base) for t, base in graph.ignored_bases] == [
        ("ns.a", "ns.colour"),
        ("ns.b", "ns.missing"),
    ]
    assert graph.base(graph.by_name["ns.a"]) is None


def test_resolution_types_every_reference_and_keeps_the_json() -> None:
    model = family()
    model.operations.append(
        Operation(
            id="create-note",
            title="Create note",
            method="POST",
            paths=["/notes"],
            parameters=[Parameter("colour", "query", "ns.colour", False, False, "", SRC)],
            request_body=RequestBody("ns.note", False, [prop("when", "Edm.DateTimeOffset")]),
            response=ResponseSpec(201, "ns.ghost", False),
            permissions=[],
            examples=[],
            source=SRC,
        )
    )
    before = to_json(model)
    resolved = resolve_model(model)
    assert resolved is not model and model.graph is None  # the input is left as it was
    assert resolve_model(resolved) is resolved and graph_of(resolved) is resolved.graph
    after = to_json(resolved)
    assert after["operations"] == before["operations"]
    assert [t["kind"] for t in after["types"]] == [
        "entity", "entity", "entity", "entity", "enum", "complex", "complex"
    ]
    [operation] = resolved.operations
    assert operation.parameters[0].ref == Named("ns.colour", "enum")
    assert operation.request_body is not None
    assert operation.request_body.ref == Named("ns.note", "entity")
    assert operation.request_body.properties[0].ref == Primitive("Edm.DateTimeOffset")
    assert operation.response.ref == Unresolved("ns.ghost")
    note = resolved.type_named("ns.note")
    assert note is not None and note.properties[0].ref == Primitive("Edm.String")


def cycle_model() -> ApiModel:
    """a -> b -> c -> a, and d -> a hanging off the cycle."""
    return ApiModel(
        types=[
            object_type("ns.a", [prop("x")], base="ns.b", line=5),
            object_type("ns.b", [prop("y")], base="ns.c", line=6),
            object_type("ns.c", [prop("z")], base="ns.a", line=7),
            object_type("ns.d", [prop("w")], base="ns.a", line=8),
        ]
    )


def test_a_cycle_is_cut_once_with_one_diagnostic() -> None:
    resolved = resolve_model(cycle_model())
    graph = graph_of(resolved)
    [cycle] = graph.cycles
    assert (cycle.cut.child, cycle.cut.parent) == ("ns.c", "ns.a")
    assert cycle.names == ("ns.a", "ns.b", "ns.c")
    [diagnostic] = [d for d in resolved.diagnostics if d.code == "GD440"]
    where = (diagnostic.path, diagnostic.line, diagnostic.severity)
    assert where == ("resources/c.md", 7, "warning")
    assert "ns.a -> ns.b -> ns.c -> ns.a" in diagnostic.message
    by_name = graph.by_name
    assert [t.name for t in graph.chain(by_name["ns.d"])] == ["ns.d", "ns.a", "ns.b", "ns.c"]
    assert graph.descendants("ns.c") == ["ns.a", "ns.b", "ns.d"]
    assert resolved.type_named("ns.c").base == "ns.a"  # type: ignore[union-attr]  # as read


def _schema_base(files: dict[str, str], name: str) -> str | None:
    document: dict[str, Any] = json.loads(files[f"schemas/{name}.json"])
    shape = document["$defs"]["shape"]
    if "allOf" not in shape:
        return None
    ref: str = shape["allOf"][0]["$ref"]
    return ref.split(".json", 1)[0]


def test_models_and_schema_cut_the_same_edge() -> None:
    model = cycle_model()
    ir = package_ir(model)
    classes = {m.type_name: m.class_name for m in ir.models}
    models_base = {m.type_name: m.base for m in ir.models}
    files = schema_files(model)
    schema_base = {name: _schema_base(files, name) for name in classes}
    assert schema_base == {"ns.a": "ns.b", "ns.b": "ns.c", "ns.c": None, "ns.d": "ns.a"}
    assert models_base == {
        name: classes[base] if base else None for name, base in schema_base.items()
    }
    assert [(d.code, d.message) for d in ir.diagnostics] == [
        ("GD440", "ns.c: inheritance cycle through ns.a; cut")
    ]


def test_a_cycle_between_pages_is_diagnosed_where_the_base_is_declared() -> None:
    def page(title: str, base: str) -> str:
        body = f"Inherits from [{base}]({base}.md).\n\n" + properties(f"|{title}Id|String|x|")
        return resource(title, body)

    beta_page = page("beta", "alpha")
    model = build_from_files(
        [
            SourceFile("resources/alpha.md", page("alpha", "beta")),
            SourceFile("resources/beta.md", beta_page),
        ]
    )
    [diagnostic] = [d for d in model.diagnostics if d.code == "GD440"]
    assert diagnostic.path == "resources/beta.md"
    assert beta_page.splitlines()[diagnostic.line - 1] == "Inherits from [alpha](alpha.md)."
    graph = graph_of(model)
    beta = graph.by_name["microsoft.graph.beta"]
    assert graph.base(beta) is None and beta.base == "microsoft.graph.alpha"
    assert list(graph.inherited_properties(graph.by_name["microsoft.graph.alpha"])) == [
        "betaId",
        "alphaId",
    ]


@pytest.fixture(scope="module")
def specs() -> ApiModel:
    if not SPECS.is_dir():
        pytest.skip(f"specs folder not found at {SPECS}")
    return build_model([SPECS])


def test_real_pages_resolve_into_one_graph(specs: ApiModel) -> None:
    graph = graph_of(specs)
    assert specs.graph is graph  # built once, with the model
    contact = graph.get("microsoft.graph.Contact")
    assert contact is not None and contact.name == "microsoft.graph.contact"
    assert [t.name for t in graph.chain(contact)] == [
        "microsoft.graph.contact",
        "microsoft.graph.outlookItem",
        "microsoft.graph.entity",
    ]
    inherited = list(graph.inherited_properties(contact))
    assert graph.key_of(contact) == "id"
    assert inherited[0] == "id" and "categories" in inherited and "birthday" in inherited
    assert "microsoft.graph.contact" in graph.descendants("microsoft.graph.entity")
    props = [p for t in specs.types for p in t.properties]
    assert props and all(p.ref.text == p.type for p in props)
    for p in props:
        if isinstance(p.ref, Named):
            target = graph.by_name[p.ref.name]
            assert p.ref.kind == target.kind
    email = next(p for p in contact.properties if p.name == "emailAddresses")
    assert email.ref == Named("microsoft.graph.typedEmailAddress", "complex")
    for operation in specs.operations:
        for ref, text in (
            (operation.response.ref, operation.response.type),
            *((p.ref, p.type) for p in operation.parameters),
        ):
            assert (ref is None) == (text is None)
            assert ref is None or ref.text == text


def test_lint_index_and_whole_tree_share_the_graph(tmp_path: Path) -> None:
    """Lint's cached tree index derives chains and subtypes through the same graph code
    as the whole model: same cut, same answers, for every type of a tree with a cycle."""
    from graphdoc.lint.tree import LazyTypes, ModelTypes, TreeIndex

    pages = {
        "alpha": ("beta", "|alphaId|String|x|"),
        "beta": ("alpha", "|betaId|String|x|"),
        "gamma": ("alpha", "|gammaId|String|x|"),
        "delta": ("gamma", "|deltaId|String|x|"),
    }
    folder = tmp_path / "v1.0" / "resources"
    folder.mkdir(parents=True)
    for title, (base, row) in pages.items():
        text = resource(title, f"Inherits from [{base}]({base}.md).\n\n" + properties(row))
        (folder / f"{title}.md").write_text(text)
    whole = ModelTypes(build_model([tmp_path / "v1.0"]), {})
    tree = TreeIndex.list(tmp_path / "v1.0")
    tree.load(None)
    lazy = LazyTypes(tree, ApiModel(), {})
    for title in pages:
        name = f"microsoft.graph.{title}"
        expected, found = whole.get(name), lazy.get(name)
        assert expected is not None and found is not None
        assert [t.name for t in lazy.chain(found)] == [t.name for t in whole.chain(expected)]
        assert lazy.subtypes(name) == sorted(whole.subtypes(name))
    assert [t.name for t in whole.chain(whole.get("microsoft.graph.delta"))] == [  # type: ignore[arg-type]
        "microsoft.graph.delta",
        "microsoft.graph.gamma",
        "microsoft.graph.alpha",
        "microsoft.graph.beta",
    ]
