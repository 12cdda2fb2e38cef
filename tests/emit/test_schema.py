"""The JSON Schema emitter: valid 2020-12, resolvable, and right about documented bodies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from graphdoc.emit.schema import (
    BASE_URI,
    DIALECT,
    bundle,
    bundle_id,
    registry_for,
    schema_files,
    type_schema,
    validator_for,
)
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel, Member, Operation, Property, Source, TypeDef
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]
from jsonschema.exceptions import (  # type: ignore[import-untyped, unused-ignore]
    SchemaError,
    ValidationError,
    best_match,
)
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
CORPUS_V1 = ROOT.parent / "shared/corpus/graph-docs-2021-07/api-reference/v1.0"
SEED_OPERATION = "create-contact"  # the generated stub the project started from
CONTACT = "microsoft.graph.contact"


@cache
def specs_model() -> ApiModel:
    return build_model([SPECS])


@cache
def registry(strict: bool) -> Registry[Any]:
    return registry_for(specs_model(), strict=strict)


def validator(type_name: str, *, strict: bool) -> Any:
    return validator_for(specs_model(), type_name, strict=strict, registry=registry(strict))


def errors(type_name: str, body: Any, *, strict: bool) -> list[ValidationError]:
    return list(validator(type_name, strict=strict).iter_errors(body))


def is_valid(type_name: str, body: Any, *, strict: bool) -> bool:
    return not errors(type_name, body, strict=strict)


# -- synthetic models -------------------------------------------------------------------

SRC = Source("test.md", 1)


def prop(name: str, type_: str, **kw: Any) -> Property:
    fields: dict[str, Any] = {
        "collection": False,
        "navigation": False,
        "nullable": None,
        "read_only": False,
        "required": False,
        "description": "",
    }
    fields.update(kw)
    return Property(name=name, type=type_, source=SRC, **fields)


def typedef(name: str, props: list[Property] | None = None, **kw: Any) -> TypeDef:
    fields: dict[str, Any] = {
        "kind": "complex",
        "base": None,
        "abstract": False,
        "open": False,
        "key": None,
        "inferred": False,
        "description": "",
        "members": [],
    }
    fields.update(kw)
    return TypeDef(name=name, properties=props or [], source=SRC, **fields)


def enum(name: str, members: list[str], *, flags: bool = False) -> TypeDef:
    values = [Member(m, i, "", SRC) for i, m in enumerate(members)]
    return typedef(name, kind="enum", members=values, flags=flags)


def synthetic_validator(model: ApiModel, name: str, *, strict: bool) -> Any:
    return validator_for(model, name, strict=strict)


# -- structural checks ------------------------------------------------------------------


def iter_refs(schema: object) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from iter_refs(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from iter_refs(item)


def documents(model: ApiModel) -> list[dict[str, Any]]:
    return [json.loads(text) for text in schema_files(model).values()]


# What `Draft202012Validator.check_schema` does (metaschema, format checks on), built once:
# check_schema builds a new validator per call, which doubles the corpus test's time.
METASCHEMA = Draft202012Validator(
    Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
)


def check_schema(doc: dict[str, Any]) -> None:
    error = best_match(METASCHEMA.iter_errors(doc))
    if error is not None:
        raise SchemaError.create_from(error)


def assert_valid_and_resolvable(model: ApiModel) -> int:
    """check_schema every document, then resolve every `$ref` against its `$id`."""
    docs = documents(model)
    for doc in docs:
        check_schema(doc)
    pairs = [(doc["$id"], Resource.from_contents(doc)) for doc in docs]
    reg: Registry[Any] = Registry().with_resources(pairs)
    count = 0
    for doc in docs:
        resolver = reg.resolver(base_uri=doc["$id"])
        for ref in set(iter_refs(doc)):
            resolver.lookup(ref)  # raises referencing.exceptions.Unresolvable
            count += 1
    return count


def test_specs_schemas_are_valid_2020_12_and_every_ref_resolves() -> None:
    for text in schema_files(specs_model()).values():
        Draft202012Validator.check_schema(json.loads(text))
    assert assert_valid_and_resolvable(specs_model()) > 0


def test_check_schema_helper_rejects_invalid_schemas() -> None:
    with pytest.raises(SchemaError):
        check_schema({"type": "objet"})
    with pytest.raises(SchemaError):
        check_schema({"pattern": "(unclosed"})  # the regex format check is on


@pytest.mark.skipif(not CORPUS_V1.is_dir(), reason=f"corpus not present at {CORPUS_V1}")
def test_corpus_2021_v1_schemas_are_valid_and_every_ref_resolves() -> None:
    model = build_model([CORPUS_V1])
    assert len(model.types) > 1000
    assert assert_valid_and_resolvable(model) > 1000


def test_document_layout() -> None:
    model = specs_model()
    contact = type_schema(model, model.types[0])
    assert contact["$schema"] == DIALECT
    assert contact["$id"] == f"{BASE_URI}microsoft.graph.contact.json"
    assert contact["title"] == CONTACT
    assert contact["type"] == "object"
    shape = contact["$defs"]["shape"]
    base_ref, own = shape["allOf"]
    assert base_ref == {"$ref": "microsoft.graph.outlookItem.json#/$defs/shape"}
    assert own["properties"]["phones"] == {
        "description": own["properties"]["phones"]["description"],
        "type": ["array", "null"],
        "items": {"$ref": "microsoft.graph.phone.json"},
    }
    strict = type_schema(model, model.types[0], strict=True)
    assert strict["$id"] == f"{BASE_URI}strict/microsoft.graph.contact.json"
    assert strict["unevaluatedProperties"] is False
    assert "unevaluatedProperties" not in contact


def test_bundle_refs_point_into_defs() -> None:
    doc = bundle(specs_model())
    assert doc["$id"] == bundle_id()
    assert CONTACT in doc["$defs"]
    refs = set(iter_refs(doc))
    assert "#/$defs/microsoft.graph.phone" in refs
    assert all(ref.startswith("#/$defs/") for ref in refs)
    for entry in doc["$defs"].values():
        assert "$id" not in entry and "$schema" not in entry


def test_bundle_files_are_the_bundle_schemas_as_json() -> None:
    # The files are assembled from per-type entries (so an unchanged entry is reused); the
    # bytes must be those of the whole bundle written at once, for specs and for no types.
    for model in (specs_model(), ApiModel()):
        files = schema_files(model)
        for strict, path in ((False, "schemas/bundle.json"), (True, "schemas/strict/bundle.json")):
            whole = json.dumps(bundle(model, strict=strict), indent=2, ensure_ascii=True) + "\n"
            assert files[path] == whole


def test_properties_keep_model_order_and_files_are_deterministic() -> None:
    first = schema_files(specs_model())
    second = schema_files(build_model([SPECS]))
    assert first == second
    assert list(first) == sorted(first)
    assert "schemas/bundle.json" in first and "schemas/strict/bundle.json" in first
    text = first["schemas/microsoft.graph.contact.json"]
    assert text.endswith("}\n") and text.startswith('{\n  "')
    own = json.loads(text)["$defs"]["shape"]["allOf"][1]["properties"]
    model_order = [p.name for p in specs_model().types[0].properties]
    assert list(own) == ["@odata.type", *model_order]
    assert list(json.loads(text)) == sorted(json.loads(text))


# -- documented bodies ------------------------------------------------------------------


def operations() -> list[Operation]:
    return [op for op in specs_model().operations if op.id != SEED_OPERATION]


def response_cases() -> Iterator[Any]:
    for op in operations():
        for example in op.examples:
            response = example.response
            if response is None or response.type is None or response.body is None:
                continue
            items = response.body["value"] if response.collection else [response.body]
            for number, item in enumerate(items):
                yield pytest.param(response.type, item, id=f"{op.id}-{number}")


def request_cases() -> Iterator[Any]:
    for op in operations():
        # A PATCH body table lists properties without naming a type: the body is a partial
        # representation of the resource the operation returns.
        body_type = (op.request_body and op.request_body.type) or op.response.type
        for example in op.examples:
            if example.request.body is not None and body_type is not None:
                yield pytest.param(body_type, example.request.body, id=op.id)


def test_there_are_documented_bodies() -> None:
    assert len(list(response_cases())) >= 4
    assert len(list(request_cases())) >= 1


@pytest.mark.parametrize(("type_name", "body"), list(response_cases()))
def test_documented_response_bodies_validate_leniently(type_name: str, body: Any) -> None:
    assert [e.message for e in errors(type_name, body, strict=False)] == []


@pytest.mark.parametrize(("type_name", "body"), list(request_cases()))
def test_documented_request_bodies_validate_strictly(type_name: str, body: Any) -> None:
    assert [e.message for e in errors(type_name, body, strict=True)] == []


def seed_example() -> Any:
    (op,) = [op for op in specs_model().operations if op.id == SEED_OPERATION]
    return op.examples[0]


# The stub's type placeholders: not a date-time, not a date, a string where a boolean goes.
REQUEST_PLACEHOLDERS = {
    "birthday": "String (timestamp)",
    "weddingAnniversary": "Date",
    "isFavorite": "Boolean",
}
RESPONSE_PLACEHOLDERS = {
    **REQUEST_PLACEHOLDERS,
    "createdDateTime": "String (timestamp)",
    "lastModifiedDateTime": "String (timestamp)",
}


def property_errors(found: list[ValidationError]) -> dict[str, Any]:
    return {e.absolute_path[0]: e.instance for e in found if e.absolute_path}


@pytest.mark.parametrize("strict", [True, False])
def test_seed_request_placeholders_are_invalid(strict: bool) -> None:
    found = errors(CONTACT, seed_example().request.body, strict=strict)
    assert property_errors(found) == REQUEST_PLACEHOLDERS
    # Nothing else fails: no cascade of `Unevaluated properties` from the failing branch.
    assert all(e.absolute_path for e in found)


def test_seed_response_placeholders_are_invalid() -> None:
    response = seed_example().response
    assert response is not None and response.type == CONTACT
    found = errors(CONTACT, response.body, strict=False)
    assert property_errors(found) == RESPONSE_PLACEHOLDERS
    assert all(e.absolute_path for e in found)


# -- values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"displayName": 5},
        {"isFavorite": "true"},
        {"categories": "Customers"},
        {"phones": [{"number": 4255550100}]},
        {"phones": [{"type": "cell"}]},
        {"flag": {"startDateTime": "2021-07-12T09:00:00"}},
        {"weddingAnniversary": "2021-02-30"},  # right shape, no such day: the format check
        "not an object",
    ],
)
@pytest.mark.parametrize("strict", [True, False])
def test_wrong_typed_values_fail(body: Any, strict: bool) -> None:
    assert not is_valid(CONTACT, body, strict=strict)


@pytest.mark.parametrize(
    "body",
    [
        {"nickname": "Addy"},
        {"phones": [{"number": "1", "extension": "2"}]},
        {"flag": {"flagStatus": "flagged", "reminder": True}},
    ],
)
def test_unknown_property_fails_strict_passes_lenient(body: Any) -> None:
    assert not is_valid(CONTACT, body, strict=True)
    assert is_valid(CONTACT, body, strict=False)


def test_strict_reports_one_error_per_problem() -> None:
    # A failing subschema contributes no evaluated keys; the entry's `{name: true}` list
    # keeps that from turning one bad value into "every sibling is unevaluated".
    body = {"createdDateTime": "yesterday", "surname": 1, "displayName": "x", "nickname": "y"}
    found = errors(CONTACT, body, strict=True)
    assert sorted(list(e.absolute_path) for e in found) == [[], ["createdDateTime"], ["surname"]]
    (root,) = [e for e in found if not e.absolute_path]
    assert root.validator == "unevaluatedProperties" and "'nickname' was" in root.message


def test_annotations_and_inherited_properties_pass_strict() -> None:
    body = {
        "@odata.type": "#microsoft.graph.contact",
        "@odata.etag": 'W/"x"',
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#contacts/$entity",
        "photo@odata.mediaEtag": "x",
        "id": "AAMk",
        "changeKey": "x",
        "createdDateTime": "2021-03-04T18:13:52.1234567Z",
        "displayName": "Adele",
    }
    assert is_valid(CONTACT, body, strict=True)


def test_unknown_nullability_accepts_null() -> None:
    body = {"displayName": None, "phones": None, "flag": None, "birthday": None}
    assert is_valid(CONTACT, body, strict=True)
    assert not is_valid(CONTACT, {"phones": [None]}, strict=True)  # items are never null
    assert not is_valid(CONTACT, None, strict=True)  # a body is an object


def test_explicit_nullability() -> None:
    leaf = typedef("ns.leaf")
    owner = typedef(
        "ns.owner",
        [
            prop("never", "Edm.String", nullable=False),
            prop("maybe", "Edm.String", nullable=True),
            prop("child", "ns.leaf", nullable=False),
            prop("tags", "Edm.String", collection=True, nullable=False),
        ],
    )
    check = synthetic_validator(ApiModel(types=[leaf, owner]), "ns.owner", strict=True)
    assert check.is_valid({"maybe": None, "never": "x", "child": {}, "tags": []})
    for key in ("never", "child", "tags"):
        assert not check.is_valid({key: None}), key


def test_enum_values() -> None:
    assert is_valid("microsoft.graph.phoneType", "mobile", strict=True)
    assert not is_valid("microsoft.graph.phoneType", "cell", strict=True)
    assert not is_valid("microsoft.graph.phoneType", "Mobile", strict=True)
    assert not is_valid("microsoft.graph.phoneType", 2, strict=False)


def test_flags_enum_takes_combinations() -> None:
    days = enum("ns.days", ["monday", "tuesday", "a.b"], flags=True)
    check = synthetic_validator(ApiModel(types=[days]), "ns.days", strict=True)
    for good in ("monday", "monday,tuesday", "tuesday, monday", "a.b"):
        assert check.is_valid(good), good
    for bad in ("", "sunday", "monday,", "monday,sunday", "aXb"):
        assert not check.is_valid(bad), bad


def test_enum_without_members_accepts_any_string() -> None:
    check = synthetic_validator(ApiModel(types=[enum("ns.e", [])]), "ns.e", strict=True)
    assert check.is_valid("anything") and not check.is_valid(1)


# -- polymorphism and open types --------------------------------------------------------

TYPED_EMAIL = {"type": "work", "otherLabel": "x", "address": "a@b.c"}


@pytest.mark.parametrize(
    "odata_type", ["#microsoft.graph.typedEmailAddress", "microsoft.graph.typedEmailAddress"]
)
def test_derived_properties_accepted_through_base_schema(odata_type: str) -> None:
    body = {"@odata.type": odata_type, **TYPED_EMAIL}
    assert is_valid("microsoft.graph.emailAddress", body, strict=True)
    assert not is_valid(
        "microsoft.graph.emailAddress", {**body, "type": "bogus"}, strict=True
    )  # the derived properties are validated, not just tolerated


def test_derived_properties_without_odata_type_fail_strict() -> None:
    assert not is_valid("microsoft.graph.emailAddress", TYPED_EMAIL, strict=True)
    assert is_valid("microsoft.graph.emailAddress", TYPED_EMAIL, strict=False)
    wrong = {"@odata.type": "#microsoft.graph.website", **TYPED_EMAIL}
    assert not is_valid("microsoft.graph.emailAddress", wrong, strict=True)


def test_grandchild_through_abstract_root() -> None:
    body = {"@odata.type": "#microsoft.graph.contact", "id": "1", "givenName": "Lee"}
    assert is_valid("microsoft.graph.entity", body, strict=True)
    assert not is_valid("microsoft.graph.entity", {**body, "givenName": 3}, strict=True)
    assert not is_valid("microsoft.graph.entity", {"id": "1", "givenName": "Lee"}, strict=True)


def test_open_types_take_dynamic_properties_even_through_a_closed_base() -> None:
    base = typedef("ns.base", [prop("a", "Edm.String")])
    opened = typedef("ns.opened", [prop("b", "Edm.Int32")], base="ns.base", open=True)
    model = ApiModel(types=[base, opened])
    check = synthetic_validator(model, "ns.opened", strict=True)
    assert check.is_valid({"a": "x", "b": 1, "dynamic": [1, 2]})
    assert not check.is_valid({"b": "one"})
    through_base = synthetic_validator(model, "ns.base", strict=True)
    assert through_base.is_valid({"@odata.type": "#ns.opened", "dynamic": 1})
    assert not through_base.is_valid({"dynamic": 1})


# -- Edm mapping ------------------------------------------------------------------------

EDM_CASES: list[tuple[str, list[Any], list[Any]]] = [
    ("Edm.String", ["", "x"], [1, True]),
    ("Edm.Boolean", [True, False], ["true", 0]),
    ("Edm.Int32", [0, -(2**31), 2**31 - 1], [2**31, 1.5, "1"]),
    ("Edm.Int16", [-(2**15), 2**15 - 1], [2**15]),
    ("Edm.Byte", [0, 255], [-1, 256]),
    ("Edm.Int64", [2**62, -(2**62)], [0.5, "9"]),
    ("Edm.Double", [1.5, 3, "NaN", "INF", "-INF"], ["nan", "1.5", True]),
    ("Edm.Single", [0.25, "NaN"], ["Infinity"]),
    ("Edm.Decimal", [1.25], ["1.25"]),
    (
        "Edm.DateTimeOffset",
        ["2021-03-04T18:13:52Z", "2021-06-22T00:00:00.0000000Z", "2021-07-12T09:00:00-07:00"],
        ["String (timestamp)", "2021-07-12T09:00:00", "2021-07-12", "2021-13-01T00:00:00Z"],
    ),
    (
        "Edm.Date",
        ["2012-06-16", "2020-02-29"],
        ["Date", "2021-02-30", "2012-6-16", "2012-06-16T00:00:00Z"],
    ),
    (
        "Edm.TimeOfDay",
        ["08:00:00.0000000", "23:59:59", "08:00"],
        ["8:00", "24:00:00", "08:00:00Z", "Time"],
    ),
    (
        "Edm.Duration",
        ["PT1H", "P1D", "PT0.5S", "P1Y2M3DT4H5M6S", "-PT5M"],
        ["P", "PT", "1H", "Duration"],
    ),
    (
        "Edm.Guid",
        ["61b5ff4f-ff4f-61b5-4fff-b5614fffb561", "61B5FF4F-FF4F-61B5-4FFF-B5614FFFB561"],
        ["61b5ff4fff4f61b54fffb5614fffb561", "Guid", "{61b5ff4f-ff4f-61b5-4fff-b5614fffb561}"],
    ),
    ("Edm.Binary", ["", "aGVsbG8=", "a-_b"], ["not base64!", 5]),
    ("Edm.Stream", ["aGVsbG8="], [5]),
    ("Edm.Untyped", [1, "x", {"a": [1]}, [None]], []),
    ("Edm.GeographyPoint", [{"type": "Point"}], []),
    ("microsoft.graph.nowhere", ["anything", 1], []),  # unresolved: accepted, not guessed
]


@pytest.mark.parametrize(("edm", "good", "bad"), EDM_CASES, ids=[case[0] for case in EDM_CASES])
def test_edm_mapping(edm: str, good: list[Any], bad: list[Any]) -> None:
    holder = typedef("ns.holder", [prop("v", edm, nullable=False)])
    model = ApiModel(types=[holder])
    for document in documents(model):
        Draft202012Validator.check_schema(document)
    check = synthetic_validator(model, "ns.holder", strict=True)
    for value in good:
        assert check.is_valid({"v": value}), value
    for value in bad:
        assert not check.is_valid({"v": value}), value


def test_format_checking_is_on_and_patterns_cover_the_rest() -> None:
    enforced = Draft202012Validator.FORMAT_CHECKER.checkers
    # Always enforced by jsonschema itself: the `2021-02-30` case above relies on it.
    assert {"date", "uuid"} <= set(enforced)
    # date-time and duration need rfc3339-validator / isoduration; whether or not they are
    # installed, the placeholder fails through the pattern.
    check = validator(CONTACT, strict=False)
    assert not check.is_valid({"birthday": "String (timestamp)"})
    assert not check.is_valid({"birthday": "2021-13-45T99:00:00Z"})


def test_time_of_day_has_no_format_time() -> None:
    holder = typedef("ns.holder", [prop("v", "Edm.TimeOfDay")])
    doc = type_schema(ApiModel(types=[holder]), holder)
    assert "format" not in doc["$defs"]["shape"]["properties"]["v"]


def test_read_only_is_annotated() -> None:
    doc = type_schema(specs_model(), specs_model().type_named("microsoft.graph.entity"))  # type: ignore[arg-type]
    assert doc["$defs"]["shape"]["properties"]["id"]["readOnly"] is True


# -- names ------------------------------------------------------------------------------


def test_case_only_collisions_get_distinct_files() -> None:
    lower = typedef("ns.permission", [prop("x", "ns.Permission")])
    upper = enum("ns.Permission", ["read"])
    model = ApiModel(types=[upper, lower])
    files = schema_files(model)
    names = [path for path in files if not path.startswith("schemas/strict/")]
    assert len({path.casefold() for path in names}) == len(names) == 3
    assert "schemas/ns.permission.json" in files  # the lowerCamel (Graph-style) one
    assert "schemas/ns.Permission-2.json" in files
    assert_valid_and_resolvable(model)
    check = synthetic_validator(model, "ns.permission", strict=True)
    assert check.is_valid({"x": "read"}) and not check.is_valid({"x": "write"})


def test_base_cycles_do_not_recurse() -> None:
    a = typedef("ns.a", [prop("x", "Edm.String")], base="ns.b")
    b = typedef("ns.b", [prop("y", "Edm.String")], base="ns.a")
    model = ApiModel(types=[a, b])
    assert_valid_and_resolvable(model)
    assert synthetic_validator(model, "ns.a", strict=True).is_valid({"x": "1"})


def test_unknown_type_name() -> None:
    with pytest.raises(KeyError):
        validator_for(specs_model(), "microsoft.graph.nothing", strict=True)
    with pytest.raises(KeyError):
        type_schema(specs_model(), typedef("ns.elsewhere"))
