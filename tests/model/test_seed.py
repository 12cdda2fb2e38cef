"""The seed page alone (`../shared/seed/create-contact.md`, doc-format.md §8) as a model."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.model.build import build_model
from graphdoc.model.serialize import to_json
from graphdoc.model.types import ApiModel, Operation

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "create-contact.md"

# The request-body table, rows 47-84, in page order, with the Edm/qualified name of each Type.
BODY_TABLE = [
    ("id", "Edm.String", False),
    ("createdDateTime", "Edm.DateTimeOffset", False),
    ("lastModifiedDateTime", "Edm.DateTimeOffset", False),
    ("changeKey", "Edm.String", False),
    ("categories", "Edm.String", True),
    ("parentFolderId", "Edm.String", False),
    ("birthday", "Edm.DateTimeOffset", False),
    ("fileAs", "Edm.String", False),
    ("displayName", "Edm.String", False),
    ("givenName", "Edm.String", False),
    ("initials", "Edm.String", False),
    ("middleName", "Edm.String", False),
    ("nickName", "Edm.String", False),
    ("surname", "Edm.String", False),
    ("title", "Edm.String", False),
    ("yomiGivenName", "Edm.String", False),
    ("yomiSurname", "Edm.String", False),
    ("yomiCompanyName", "Edm.String", False),
    ("generation", "Edm.String", False),
    ("emailAddresses", "microsoft.graph.typedEmailAddress", True),
    ("websites", "microsoft.graph.website", True),
    ("imAddresses", "Edm.String", True),
    ("jobTitle", "Edm.String", False),
    ("companyName", "Edm.String", False),
    ("department", "Edm.String", False),
    ("officeLocation", "Edm.String", False),
    ("profession", "Edm.String", False),
    ("assistantName", "Edm.String", False),
    ("manager", "Edm.String", False),
    ("phones", "microsoft.graph.phone", True),
    ("postalAddresses", "microsoft.graph.physicalAddress", True),
    ("spouseName", "Edm.String", False),
    ("personalNotes", "Edm.String", False),
    ("children", "Edm.String", True),
    ("weddingAnniversary", "Edm.Date", False),
    ("gender", "Edm.String", False),
    ("isFavorite", "Edm.Boolean", False),
    ("flag", "microsoft.graph.followupFlag", False),
]


@pytest.fixture(scope="module")
def model() -> ApiModel:
    if not SEED.is_file():
        pytest.skip(f"seed page not found at {SEED}")
    return build_model([SEED])


@pytest.fixture(scope="module")
def operation(model: ApiModel) -> Operation:
    assert len(model.operations) == 1
    return model.operations[0]


def test_operation(operation: Operation) -> None:
    assert (operation.id, operation.title, operation.method) == (
        "create-contact",
        "Create contact",
        "POST",
    )
    assert operation.paths == ["/users/{usersId}/contacts"]
    assert (operation.source.path, operation.source.line) == ("create-contact.md", 31)


def test_request_body_has_every_row_with_its_type(operation: Operation) -> None:
    body = operation.request_body
    assert body is not None
    assert (body.type, body.collection) == ("microsoft.graph.contact", False)
    assert len(body.properties) == 38
    assert [(p.name, p.type, p.collection) for p in body.properties] == BODY_TABLE
    assert [p.source.line for p in body.properties] == list(range(47, 85))
    by_name = {p.name: p for p in body.properties}
    assert by_name["emailAddresses"].type_text == (
        "[typedEmailAddress](../resources/typedemailaddress.md) collection"
    )
    assert by_name["id"].description == (
        "**TODO: Add Description** Inherited from [entity](../resources/entity.md)"
    )
    assert all("**TODO: Add Description**" in p.description for p in body.properties)


def test_response(operation: Operation) -> None:
    assert (operation.response.status, operation.response.type, operation.response.collection) == (
        201,
        "microsoft.graph.contact",
        False,
    )


def test_permissions_are_placeholders(operation: Operation) -> None:
    assert [(p.kind, p.scopes) for p in operation.permissions] == [
        ("delegated-work", []),
        ("delegated-personal", []),
        ("application", []),
    ]
    assert [p.name for p in operation.parameters] == ["Authorization", "Content-Type"]
    assert all(p.in_ == "header" for p in operation.parameters)


def test_one_example_with_both_annotations_and_parsed_bodies(operation: Operation) -> None:
    [example] = operation.examples
    assert example.name == "create_contact_from_"
    request = example.request
    assert request.annotation == {"blockType": "request", "name": "create_contact_from_"}
    assert (request.method, request.url, request.source.line) == (
        "POST",
        "https://graph.microsoft.com/beta/users/{usersId}/contacts",
        100,
    )
    assert request.headers == {"Content-Type": "application/json", "Content-length": "1346"}
    assert isinstance(request.body, dict)
    assert request.body["@odata.type"] == "#microsoft.graph.contact"
    assert len(request.body) == 36  # 35 properties plus @odata.type
    assert request.body["emailAddresses"] == [{"@odata.type": "microsoft.graph.typedEmailAddress"}]
    assert request.body["weddingAnniversary"] == "Date"
    response = example.response
    assert response is not None
    assert response.annotation == {
        "blockType": "response",
        "truncated": True,
        "@odata.type": "microsoft.graph.contact",
    }
    assert (response.status, response.type, response.collection, response.truncated) == (
        201,
        "microsoft.graph.contact",
        False,
        True,
    )
    assert response.source.line == 178
    assert response.headers == {"Content-Type": "application/json"}  # body follows, no blank line
    assert isinstance(response.body, dict)
    assert response.body["id"] == "61b5ff4f-ff4f-61b5-4fff-b5614fffb561"
    assert response.body["createdDateTime"] == "String (timestamp)"


def test_contact_type_is_inferred_from_the_body_table(model: ApiModel) -> None:
    contact = model.type_named("microsoft.graph.contact")
    assert contact is not None
    assert contact.inferred
    assert (contact.kind, contact.key) == ("entity", "id")
    assert [(p.name, p.type, p.collection) for p in contact.properties] == BODY_TABLE
    assert [t.name for t in model.types] == ["microsoft.graph.contact"]


def test_diagnostics(model: ApiModel) -> None:
    found = [(d.line, d.code) for d in model.diagnostics]
    assert (41, "GD430") in found  # contact inferred
    assert (178, "GD244") in found  # no blank line before the response body
    unresolved = sorted(d.line for d in model.diagnostics if d.code == "GD410")
    assert unresolved == [66, 67, 76, 77, 84]  # types documented on pages not given
    assert not [d for d in model.diagnostics if d.severity == "error"]


def test_json_contract(model: ApiModel) -> None:
    document = to_json(model)
    assert document["graphdoc_model"] == 1
    assert document["pages"][0]["path"] == "create-contact.md"
    assert document["pages"][0]["kind"] == "api"
    [operation] = document["operations"]
    email_addresses = operation["request_body"]["properties"][19]
    assert (email_addresses["name"], email_addresses["type"], email_addresses["collection"]) == (
        "emailAddresses",
        "microsoft.graph.typedEmailAddress",
        True,
    )
    assert operation["examples"][0]["response"]["status"] == 201
    [contact] = document["types"]
    assert contact["inferred"] is True
