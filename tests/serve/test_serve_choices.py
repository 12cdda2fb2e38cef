"""The mock answers each request from the page the model chose to define it (one page per
request, `graphdoc.model.requests`): on the 2021 v1.0 pages, the user requests from the user
pages, not from the Intune pages documenting them too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel
from graphdoc.serve.app import MockGraph, Request

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
V1 = CORPUS / "graph-docs-2021-07" / "api-reference" / "v1.0"


@pytest.fixture(scope="module")
def v1_model() -> ApiModel:
    if not V1.is_dir():
        pytest.skip(f"the 2021 v1.0 corpus is not at {V1}")
    return build_model([V1])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("target", "operation", "collection"),
    [
        ("/v1.0/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd", "user-get", False),
        ("/v1.0/users", "user-list", True),
        ("/v1.0/me", "user-get", False),
    ],
)
def test_user_requests_are_answered_from_the_user_pages(
    v1_model: ApiModel, target: str, operation: str, collection: bool
) -> None:
    app = MockGraph(v1_model)
    reply = app.handle(Request("GET", target), "http://127.0.0.1:1")
    assert (reply.status, reply.operation) == (200, operation)
    body = json.loads(reply.body)
    if collection:
        assert isinstance(body["value"], list) and body["value"]
        assert all("displayName" in user for user in body["value"])
    else:  # the Intune pages answer a bare `{"value": {"id": ...}}`
        assert "value" not in body and "displayName" in body
