"""The 2021 v1.0 client reaches each request through the page the model chose to define it
(one page per request): `GET /users/{id}`, `GET /users` and `GET /me` through the user
pages' methods, typed `User`; the Intune pages documenting the same requests get none."""

from __future__ import annotations

import pytest
from graphdoc.emit.python_client import ClientIR, client_ir
from graphdoc.model.build import build_model

from tests.emit.support import CORPUS

V1 = CORPUS / "v1.0"


@pytest.fixture(scope="module")
def v1_client() -> ClientIR:
    if not V1.is_dir():
        pytest.skip(f"the 2021 v1.0 corpus is not at {V1}")
    return client_ir(build_model([V1]), "graph_v1")


def _reaching(client: ClientIR, method: str, shape: str) -> list[tuple[str, str, str | None]]:
    """(operation id, result kind, result type) of every method sending the request."""
    return [
        (operation, found.result.kind, found.result.type_name)
        for operation, methods in client.methods.items()
        for found in methods
        if found.http_method == method
        and any(v.path.shape == shape and not v.derived for v in found.variants)
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("shape", "operation", "kind"),
    [("/users/{}", "user-get", "model"), ("/users", "user-list", "iterator"),
     ("/me", "user-get", "model")],
)
def test_user_requests_are_typed_from_the_user_pages(
    v1_client: ClientIR, shape: str, operation: str, kind: str
) -> None:
    assert _reaching(v1_client, "GET", shape) == [(operation, kind, "microsoft.graph.user")]


@pytest.mark.slow
def test_pages_whose_requests_others_define_have_no_method(v1_client: ClientIR) -> None:
    for page in ("intune-devices-user-get", "intune-mam-user-list", "intune-onboarding-user-get"):
        assert page not in v1_client.methods
