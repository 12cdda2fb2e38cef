"""The Python IR's decisions: types, names, imports, inheritance, docstring layout."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from graphdoc.emit.generate import package_name
from graphdoc.emit.python_models import (
    EnumIR,
    FieldIR,
    ImportIR,
    ModelIR,
    doc_paragraphs,
    header_lines,
    import_from,
    package_ir,
)
from graphdoc.emit.render import docstring as docstring_statement
from graphdoc.format import LINE_LENGTH
from graphdoc.format.black_format import format_source
from graphdoc.model.types import (
    ApiModel,
    Example,
    HttpRequest,
    Member,
    Operation,
    Property,
    ResponseSpec,
    Source,
    TypeDef,
)

SRC = Source("resources/x.md", 3)


def prop(name: str, type_: str = "Edm.String", *, collection: bool = False) -> Property:
    return Property(name, type_, collection, False, None, False, False, f"The {name}.", SRC)


def object_type(
    name: str, props: list[Property] | None = None, base: str | None = None, kind: str = "entity"
) -> TypeDef:
    return TypeDef(
        name, kind, base, False, False, None, False, f"The {name} type.", props or [], [], SRC
    )  # type: ignore[arg-type]


def enum_type(name: str, members: list[str]) -> TypeDef:
    return TypeDef(
        name,
        "enum",
        None,
        False,
        False,
        None,
        False,
        "An enum.",
        [],
        [Member(m, None, "", SRC) for m in members],
        SRC,
    )


def ir_of(*types: TypeDef) -> dict[str, ModelIR | EnumIR]:
    ir = package_ir(ApiModel(types=list(types)))
    return {m.type_name: m for m in ir.models}


def model(types: dict[str, ModelIR | EnumIR], name: str) -> ModelIR:
    found = types[name]
    assert isinstance(found, ModelIR)
    return found


def parse_call(f: FieldIR) -> str:
    """The field's argument in `from_dict`'s `cls(...)` call, as the template writes it."""
    return f"{f.attribute}={f.reader}({f.codec.parse}, d, {f.wire_literal}),"


def put_call(f: FieldIR) -> str:
    """The field's statement in `to_dict`, as the template writes it."""
    fmt = f", {f.codec.fmt}" if f.codec.fmt else ""
    return f"{f.writer}(d, {f.wire_literal}, self.{f.attribute}{fmt})"


def import_lines(items: list[ImportIR]) -> list[str]:
    return [f"from {i.module} import {', '.join(i.names)}" for i in items]


def fields(ir: ModelIR) -> dict[str, tuple[str, str, str]]:
    return {f.wire: (f.attribute, f.annotation, parse_call(f)) for f in ir.fields}


# ------------------------------------------------------------------------------ types


@pytest.mark.parametrize(
    ("edm", "annotation", "parse", "fmt"),
    [
        ("Edm.String", "str", "parse_str", None),
        ("Edm.Boolean", "bool", "parse_bool", None),
        ("Edm.Int32", "int", "parse_int", None),
        ("Edm.Int64", "int", "parse_int", None),
        ("Edm.Byte", "int", "parse_int", None),
        ("Edm.Double", "float", "parse_float", None),
        ("Edm.Decimal", "float", "parse_float", None),
        ("Edm.DateTimeOffset", "datetime.datetime", "parse_datetime", "format_datetime"),
        ("Edm.Date", "datetime.date", "parse_date", "format_date"),
        ("Edm.TimeOfDay", "datetime.time", "parse_time", "format_time"),
        ("Edm.Duration", "datetime.timedelta", "parse_duration", "format_duration"),
        ("Edm.Guid", "uuid.UUID", "parse_uuid", "format_uuid"),
        ("Edm.Binary", "bytes", "parse_bytes", "format_bytes"),
        ("Edm.Stream", "str", "parse_str", None),
    ],
)
def test_primitive_fields(edm: str, annotation: str, parse: str, fmt: str | None) -> None:
    ir = model(ir_of(object_type("ns.t", [prop("value", edm)])), "ns.t")
    (item,) = ir.fields
    assert item.annotation == f"{annotation} | Unset | None"
    assert parse_call(item) == f'value=opt({parse}, d, "value"),'
    tail = f", {fmt})" if fmt else ")"
    assert put_call(item) == f'put(d, "value", self.value{tail}'


def test_untyped_and_unresolved_become_any() -> None:
    ir = model(
        ir_of(
            object_type(
                "ns.t",
                [prop("a", "Edm.Untyped"), prop("b", ""), prop("c", "ns.missing", collection=True)],
            )
        ),
        "ns.t",
    )
    assert [f.annotation for f in ir.fields] == ["Any", "Any", "list[Any] | Unset | None"]
    assert parse_call(ir.fields[2]) == 'c=opt_list(parse_any, d, "c"),'


def test_models_enums_and_collections() -> None:
    types = ir_of(
        object_type(
            "ns.holder", [prop("kind", "ns.kind"), prop("items", "ns.item", collection=True)]
        ),
        object_type("ns.item", [prop("name")], kind="complex"),
        enum_type("ns.kind", ["a", "b"]),
    )
    holder = model(types, "ns.holder")
    assert fields(holder) == {
        "kind": ("kind", "Kind | Unset | None", 'kind=opt(Kind, d, "kind"),'),
        "items": (
            "items",
            "list[Item] | Unset | None",
            'items=opt_list(Item.from_dict, d, "items"),',
        ),
    }
    assert put_call(holder.fields[0]) == 'put(d, "kind", self.kind, enum_value)'
    assert put_call(holder.fields[1]) == 'put_list(d, "items", self.items, dump)'
    # Enums import nothing back, so they are imported at module level; models lazily.
    assert "from .kind import Kind" in import_lines(holder.relative_imports)
    assert import_lines(holder.type_checking_imports) == ["from .item import Item"]
    assert import_lines(holder.local_imports) == ["from .item import Item"]


# ------------------------------------------------------------------------------ names


def test_names_cannot_break() -> None:
    types = ir_of(
        object_type(
            "ns.t",
            [
                prop("class"),
                prop("to_dict"),
                prop("@odata.type"),
                prop("2ndPhone"),
                prop("display-name"),
                prop("displayName"),
                prop("type"),
                prop("datetime", "Edm.DateTimeOffset"),
            ],
        ),
        object_type("ns.email", kind="complex"),
        object_type("ns.json", kind="complex"),
    )
    assert [f.attribute for f in model(types, "ns.t").fields] == [
        "class_",
        "to_dict_",
        "odata_type",
        "field_2nd_phone",
        "display_name",
        "display_name_2",
        "type_",
        "datetime_",
    ]
    assert (types["ns.email"].module, types["ns.email"].class_name) == ("email_", "Email")
    assert types["ns.json"].module == "json_"


def test_sub_namespaces_prefix_and_case_collisions_number() -> None:
    types = ir_of(
        object_type("microsoft.graph.session"),
        object_type("microsoft.graph.callRecords.session"),
        enum_type("microsoft.graph.Permission", ["read"]),
        object_type("microsoft.graph.permission"),
    )
    assert types["microsoft.graph.session"].class_name == "Session"
    assert types["microsoft.graph.callRecords.session"].class_name == "CallRecordsSession"
    assert types["microsoft.graph.callRecords.session"].module == "call_records_session"
    # The conventional lower-case name keeps the plain class and module names.
    assert types["microsoft.graph.permission"].class_name == "Permission"
    assert types["microsoft.graph.permission"].module == "permission"
    assert types["microsoft.graph.Permission"].class_name == "Permission2"
    assert types["microsoft.graph.Permission"].module == "permission_2"


def test_enum_members() -> None:
    types = ir_of(
        enum_type("ns.e", ["fooBar", "foo_bar", "2.4GHz", "", "unknownFutureValue", "fooBar"])
    )
    enum = types["ns.e"]
    assert isinstance(enum, EnumIR)
    assert [(m.name, m.literal) for m in enum.members] == [
        ("FOO_BAR", '"fooBar"'),
        ("FOO_BAR_2", '"foo_bar"'),
        ("VALUE_2_4_G_HZ", '"2.4GHz"'),
        ("EMPTY", '""'),
        ("UNKNOWN_FUTURE_VALUE", '"unknownFutureValue"'),
    ]


# ------------------------------------------------------------------------------ inheritance


def test_inherited_properties_are_not_redeclared_and_names_stay_distinct() -> None:
    types = ir_of(
        object_type("ns.base", [prop("id"), prop("class")]),
        object_type("ns.mid", [prop("id"), prop("class_"), prop("extra")], base="ns.base"),
        object_type("ns.leaf", [prop("leaf")], base="ns.mid"),
    )
    mid = model(types, "ns.mid")
    assert [f.attribute for f in mid.fields] == ["class_2", "extra"]
    leaf = model(types, "ns.leaf")
    assert [f.wire for f in leaf.all_fields] == ["id", "class", "class_", "extra", "leaf"]
    assert leaf.base == "Mid" and not leaf.root and model(types, "ns.base").root
    assert "from .mid import Mid" in import_lines(leaf.relative_imports)
    assert model(types, "ns.base").polymorphic and model(types, "ns.mid").polymorphic
    assert not leaf.polymorphic
    base_imports = import_lines(model(types, "ns.base").relative_imports)
    assert "from ._registry import derived" in base_imports


def test_the_key_reads_as_its_plain_type_where_it_is_declared() -> None:
    root = object_type("ns.root", [prop("id"), prop("name")])
    root.key = "id"
    coded = object_type("ns.coded", [prop("code", "Edm.Int32"), prop("tags", collection=True)])
    coded.key = "code"
    types = ir_of(
        root,
        object_type("ns.child", [prop("id"), prop("note")], base="ns.root"),
        object_type("ns.plain", [prop("id")], kind="complex"),  # an `id`, but no key
        coded,
    )
    base = model(types, "ns.root")
    assert fields(base) == {
        "id": ("id", "str", 'id=opt_key(parse_str, d, "id"),'),
        "name": ("name", "str | Unset | None", 'name=opt(parse_str, d, "name"),'),
    }
    assert [f.default for f in base.fields] == ["KEY_UNSET", "UNSET"]
    assert put_call(base.fields[0]) == 'put(d, "id", self.id)'
    assert "KEY_UNSET" in import_lines(base.relative_imports)[0]
    # Inherited, never declared again; from_dict of the subclass reads it as the key.
    child = model(types, "ns.child")
    assert [f.wire for f in child.fields] == ["note"]
    assert parse_call(child.all_fields[0]) == 'id=opt_key(parse_str, d, "id"),'
    assert "KEY_UNSET" not in import_lines(child.relative_imports)[0]
    # A complex type's `id` is no key; a key is whatever property the model names.
    assert fields(model(types, "ns.plain"))["id"][1] == "str | Unset | None"
    assert fields(model(types, "ns.coded"))["code"][1] == "int"
    assert fields(model(types, "ns.coded"))["tags"][1] == "list[str] | Unset | None"


def test_bad_bases_are_dropped_with_a_note() -> None:
    ir = package_ir(
        ApiModel(
            types=[
                object_type("ns.a", base="ns.b"),
                object_type("ns.b", base="ns.a"),
                object_type("ns.c", base="ns.kind"),
                object_type("ns.d", base="ns.missing"),
                enum_type("ns.kind", ["x"]),
            ]
        )
    )
    by_name = {m.type_name: m for m in ir.models}
    assert sum(1 for n in "abcd" if getattr(by_name[f"ns.{n}"], "base", None) is None) == 3
    found = [(d.code, d.path, d.line, d.message) for d in ir.diagnostics]
    assert any(code == "GD440" and "cycle" in message for code, _, _, message in found)
    kind = [item for item in found if "ns.kind is not an object type" in item[3]]
    assert kind and kind[0][:3] == ("GD501", SRC.path, SRC.line)


# ------------------------------------------------------------------------------ layout


def _stable(source: str) -> None:
    assert format_source(source) == source, source


@pytest.mark.parametrize("width", [10, 40, 60, 70, 78, 79, 80, 81, 82, 83, 90, 120])
def test_docstrings_are_black_stable_and_fit(width: int) -> None:
    text = " ".join(["word"] * 40)[:width].strip() + ' end with "quote" and \\ and """'
    for indent in (0, 4):
        block = docstring_statement(doc_paragraphs([text]), indent)
        assert all(len(line) <= LINE_LENGTH for line in block.splitlines())
        if indent:
            source = f"class A:\n{block}\n\n    x: int = 1\n{block}\n"
        else:
            source = f"{block}\n\nx = 1\n"
        _stable(source)
        tree = ast.parse(source)
        node = tree.body[0]
        docstring = ast.get_docstring(node if isinstance(node, ast.ClassDef) else tree, clean=True)
        assert docstring is not None
        assert " ".join(docstring.split()) == " ".join(text.split())


def test_docstring_empty() -> None:
    assert docstring_statement(doc_paragraphs([""]), 4) == ""
    assert docstring_statement(doc_paragraphs([" \n\t "]), 4) == ""


def test_import_from_sorts_like_isort() -> None:
    assert import_lines([import_from("typing", ["Self", "Any", "TYPE_CHECKING"])]) == [
        "from typing import TYPE_CHECKING, Any, Self"
    ]
    assert import_lines([import_from("x", ["opt", "UNSET", "Unset", "dump"])]) == [
        "from x import UNSET, Unset, dump, opt"
    ]


def test_header_names_the_page_and_keeps_long_paths_whole() -> None:
    assert header_lines("resources/contact.md", 7) == [
        "# Generated by graphdoc from the page below; do not edit.",
        "# resources/contact.md:7",
    ]
    long = "resources/" + "x" * 74 + ".md"
    assert header_lines(long, 12) == [
        "# Generated by graphdoc from line 12 of the page below; do not edit.",
        f"# {long}",
    ]
    assert header_lines() == ["# Generated by graphdoc; do not edit."]


# ------------------------------------------------------------------------------ package


def _example(url: str) -> Example:
    return Example(None, HttpRequest("GET", url, {}, None, None, SRC), None)


def test_package_name_from_folder_then_urls() -> None:
    empty = ApiModel()
    assert package_name(empty, [Path("/corpus/api-reference/v1.0")]) == "graph_v1"
    assert package_name(empty, [Path("/corpus/api-reference/beta/api")]) == "graph_beta"
    assert package_name(empty, [Path("/x/v2.1")]) == "graph_v2_1"
    with_urls = ApiModel(
        operations=[
            Operation(
                "op",
                "t",
                "GET",
                [],
                [],
                None,
                ResponseSpec(200, None, False),
                [],
                [
                    _example("https://graph.microsoft.com/beta/me"),
                    _example("https://graph.microsoft.com/beta/me/contacts"),
                    _example("https://graph.microsoft.com/v1.0/me"),
                ],
                SRC,
            )
        ]
    )
    assert package_name(with_urls, [Path("/x/specs")]) == "graph_beta"
    assert package_name(empty, [Path("/x/specs")]) == "graph"
