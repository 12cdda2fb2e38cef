"""The project's own `specs/` folder: the seed plus the pages that complete the contact API."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.model.build import build_model, operations_by_id
from graphdoc.model.types import ApiModel

SPECS = Path(__file__).resolve().parents[2] / "specs"


@pytest.fixture(scope="module")
def model() -> ApiModel:
    if not SPECS.is_dir():
        pytest.skip(f"specs folder not found at {SPECS}")
    return build_model([SPECS])


def test_specs_read_cleanly(model: ApiModel) -> None:
    assert not [d for d in model.diagnostics if d.severity == "error"]
    assert not [d for d in model.diagnostics if d.code == "GD410"]
    assert not [d for d in model.diagnostics if d.severity == "warning"]
    assert [page.path for page in model.pages] == sorted(page.path for page in model.pages)
    assert {page.kind for page in model.pages} == {"api", "resource"}


def test_contact_type(model: ApiModel) -> None:
    contact = model.type_named("microsoft.graph.contact")
    assert contact is not None
    assert contact.base == "microsoft.graph.outlookItem"
    assert (contact.kind, contact.key, contact.inferred) == ("entity", "id", False)
    assert contact.source.path == "resources/contact.md"
    by_name = {p.name: p for p in contact.properties}
    assert len(by_name) == 33  # the 38 body-table rows minus the 5 inherited ones
    assert (by_name["emailAddresses"].type, by_name["emailAddresses"].collection) == (
        "microsoft.graph.typedEmailAddress",
        True,
    )
    assert by_name["weddingAnniversary"].type == "Edm.Date"
    assert by_name["flag"].type == "microsoft.graph.followupFlag"
    assert "categories" not in by_name  # inherited from outlookItem


def test_inheritance_chain(model: ApiModel) -> None:
    outlook_item = model.type_named("microsoft.graph.outlookItem")
    entity = model.type_named("microsoft.graph.entity")
    typed = model.type_named("microsoft.graph.typedEmailAddress")
    assert outlook_item is not None and entity is not None and typed is not None
    assert outlook_item.base == "microsoft.graph.entity"
    assert [p.name for p in outlook_item.properties] == [
        "categories",
        "changeKey",
        "createdDateTime",
        "lastModifiedDateTime",
    ]
    assert (entity.base, entity.key, [p.name for p in entity.properties]) == (None, "id", ["id"])
    assert typed.base == "microsoft.graph.emailAddress"


def test_enums(model: ApiModel) -> None:
    enums = {t.name: [m.name for m in t.members] for t in model.types if t.kind == "enum"}
    assert set(enums) == {
        "microsoft.graph.emailType",
        "microsoft.graph.followupFlagStatus",
        "microsoft.graph.phoneType",
        "microsoft.graph.physicalAddressType",
        "microsoft.graph.websiteType",
    }
    assert enums["microsoft.graph.followupFlagStatus"] == ["notFlagged", "complete", "flagged"]


def test_every_type_reference_is_a_type_of_the_model(model: ApiModel) -> None:
    names = {t.name for t in model.types}
    references = [
        (t.name, p.name, p.type) for t in model.types for p in t.properties
    ] + [
        (op.id, p.name, p.type)
        for op in model.operations
        if op.request_body is not None
        for p in op.request_body.properties
    ]
    for owner, prop, type_name in references:
        assert type_name.startswith("Edm.") or type_name in names, (owner, prop, type_name)
    for type_def in model.types:
        assert type_def.base is None or type_def.base in names


def test_five_operations_each_with_an_example(model: ApiModel) -> None:
    operations = operations_by_id(model)
    assert {op_id: op.method for op_id, op in operations.items()} == {
        "create-contact": "POST",
        "delete-contact": "DELETE",
        "get-contact": "GET",
        "list-contacts": "GET",
        "update-contact": "PATCH",
    }
    for operation in model.operations:
        assert len(operation.examples) == 1, operation.id
        [example] = operation.examples
        assert example.request.method == operation.method
        assert example.response is not None, operation.id
        assert example.response.status == operation.response.status, operation.id


def test_operation_details(model: ApiModel) -> None:
    operations = operations_by_id(model)
    create = operations["create-contact"]
    assert create.paths == ["/users/{usersId}/contacts"]
    assert create.request_body is not None
    assert (create.request_body.type, len(create.request_body.properties)) == (
        "microsoft.graph.contact",
        38,
    )
    listing = operations["list-contacts"]
    assert (listing.response.status, listing.response.type, listing.response.collection) == (
        200,
        "microsoft.graph.contact",
        True,
    )
    assert "/users/{id | userPrincipalName}/contacts" in listing.paths
    assert len(listing.paths) == 6
    assert [p.name for p in listing.parameters if p.in_ == "query"] == [
        "$select", "$filter", "$orderby", "$top", "$skip", "$count",
    ]  # fmt: skip
    delete = operations["delete-contact"]
    assert (delete.response.status, delete.response.type) == (204, None)
    update = operations["update-contact"]
    assert update.request_body is not None and len(update.request_body.properties) == 34
    assert operations["get-contact"].response.type == "microsoft.graph.contact"
