"""Placeholder values of stub pages, and the values built to replace them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphdoc.model.build import build_model, operations_by_id
from graphdoc.model.placeholders import Placeholders, built_value, is_placeholder_for
from graphdoc.model.types import Member, Source, TypeDef

SPECS = Path(__file__).resolve().parents[2] / "specs"
SRC = Source("t.md", 1)


@pytest.mark.parametrize(
    ("value", "string_position", "expected"),
    [
        ("String", True, True),
        ("String (identifier)", True, True),
        ("Adele Vance", True, False),
        ("String (timestamp)", False, True),
        ("Boolean", False, True),
        ("Int32", False, True),
        ("skuId-value", False, True),
        ("skuId-value-1", False, True),
        ("Display Name value", False, True),
        ("@odata.type: microsoft.graph.alertFeedback", False, True),
        ("2021-01-01T00:00:00Z", False, False),
        ("display-value", True, False),
        (5, False, False),
    ],
)
def test_placeholder_values(value: object, string_position: bool, expected: bool) -> None:
    assert is_placeholder_for(value, string_position) is expected


def test_built_values() -> None:
    members = [Member(name, None, "", SRC) for name in ("work", "home")]
    email_type = TypeDef(
        "microsoft.graph.emailType", "enum", None, False, False, None, False, "", [], members, SRC
    )
    types = {email_type.name: email_type}
    assert built_value("Edm.DateTimeOffset", types) == "2021-01-01T00:00:00Z"
    assert built_value("Edm.Boolean", types) is True
    assert built_value("microsoft.graph.emailType", types) == "work"
    assert built_value("microsoft.graph.nowhere", types) == "string"


@pytest.fixture(scope="module")
def seed_reply() -> tuple[Placeholders, Any]:
    if not SPECS.is_dir():
        pytest.skip(f"specs folder not found at {SPECS}")
    model = build_model([SPECS])
    create = operations_by_id(model)["create-contact"]
    response = create.examples[0].response
    assert response is not None
    return Placeholders(model), response.body


def test_the_seed_reply_is_filled_where_it_holds_placeholders(
    seed_reply: tuple[Placeholders, Any],
) -> None:
    placeholders, body = seed_reply
    filled, paths = placeholders.fill(body, "microsoft.graph.contact", False)
    assert len(paths) == 32  # every "String", "String (timestamp)", "Date", "Boolean"
    assert ["categories", 0] in paths and ["weddingAnniversary"] in paths
    assert filled["createdDateTime"] == filled["birthday"] == "2021-01-01T00:00:00Z"
    assert (filled["weddingAnniversary"], filled["isFavorite"]) == ("2021-01-01", True)
    assert (filled["givenName"], filled["categories"]) == ("string", ["string"])
    # Real values and objects without placeholders are kept.
    assert filled["id"] == "61b5ff4f-ff4f-61b5-4fff-b5614fffb561"
    assert filled["flag"] == {"@odata.type": "microsoft.graph.followupFlag"}
    assert body["createdDateTime"] == "String (timestamp)"  # the model is not touched


def test_a_collection_reply_is_filled_item_by_item(seed_reply: tuple[Placeholders, Any]) -> None:
    placeholders, body = seed_reply
    page = {"@odata.nextLink": "https://graph.microsoft.com/v1.0/me/contacts?$skip=1",
            "value": [body, {"id": "2", "isFavorite": False}]}
    filled, paths = placeholders.fill(page, "microsoft.graph.contact", True)
    assert ["value", 0, "birthday"] in paths and not [p for p in paths if p[1] == 1]
    assert filled["value"][1] == {"id": "2", "isFavorite": False}
    assert filled["@odata.nextLink"] == page["@odata.nextLink"]


def test_a_body_without_placeholders_is_returned_as_is(
    seed_reply: tuple[Placeholders, Any],
) -> None:
    placeholders, _ = seed_reply
    body = {"id": "1", "birthday": "1974-09-14T00:00:00Z", "isFavorite": False}
    filled, paths = placeholders.fill(body, "microsoft.graph.contact", False)
    assert filled is body and paths == []
