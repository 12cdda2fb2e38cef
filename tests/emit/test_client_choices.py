"""The 2021 v1.0 client as Graph's URL tree: each request reached through the page the model
chose to define it (one page per request): `GET /users/{id}`, `GET /users` and `GET /me`
through the user pages, typed `User`, the Intune pages documenting the same requests get
none; no name with a numbered suffix; one spelling per path parameter."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from graphdoc.emit.python_client import ClientIR, client_ir
from graphdoc.emit.url_tree import PathClassIR, python_name, singular
from graphdoc.model.build import build_model

from tests.emit.support import CORPUS

V1 = CORPUS / "v1.0"
NUMBERED = re.compile(r"_\d+$")


@pytest.fixture(scope="module")
def v1_client() -> ClientIR:
    if not V1.is_dir():
        pytest.skip(f"the 2021 v1.0 corpus is not at {V1}")
    return client_ir(build_model([V1]), "graph_v1")


def _reaching(client: ClientIR, method: str, shape: str) -> set[tuple[str, str, str, str | None]]:
    """(operation id, route, result kind, result type) of every route sending the request."""
    return {
        (operation, route.chain(), found.result.kind, found.result.type_name)
        for operation, routes in client.routes.items()
        if (found := client.methods[operation]).http_method == method
        for route in routes
        if route.variant.path.shape == shape
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("shape", "reached"),
    [
        ("/users/{}", ("user-get", "users.by_id({user_id_or_principal_name}).get", "model")),
        ("/users", ("user-list", "users.list", "iterator")),
        ("/me", ("user-get", "me.get", "model")),
    ],
)
def test_user_requests_are_typed_from_the_user_pages(
    v1_client: ClientIR, shape: str, reached: tuple[str, str, str]
) -> None:
    assert _reaching(v1_client, "GET", shape) == {(*reached, "microsoft.graph.user")}


@pytest.mark.slow
def test_pages_whose_requests_others_define_have_no_method(v1_client: ClientIR) -> None:
    for page in ("intune-devices-user-get", "intune-mam-user-list", "intune-onboarding-user-get"):
        assert page not in v1_client.methods
        assert page not in v1_client.routes


def _classes(client: ClientIR) -> list[PathClassIR]:
    return [client.root.cls, *(module.cls for module in client.paths)]


@pytest.mark.slow
def test_no_name_has_a_numbered_suffix(v1_client: ClientIR) -> None:
    names = [
        name
        for cls in _classes(v1_client)
        for name in [*(s.name for s in cls.steps), *(e.name for e in cls.endpoints)]
    ]
    assert len(names) > 2000
    assert [name for name in names if NUMBERED.search(name)] == []
    chains = [route.chain() for routes in v1_client.routes.values() for route in routes]
    assert [chain for chain in chains if re.search(r"_\d+[.(]|_\d+$", chain)] == []


@pytest.mark.slow
def test_each_collection_spells_its_parameter_one_way(v1_client: ClientIR) -> None:
    """`by_id` after `users` takes `user_id` wherever it is (`{id}`, `{user-id}`,
    `{id | userPrincipalName}` on the pages), after any other collection `<singular>_id`."""
    spellings: dict[str, set[str]] = defaultdict(set)
    wrong: list[tuple[str, str, list[str]]] = []
    seen: set[tuple[str, str | None]] = set()
    queue: list[tuple[PathClassIR, str | None]] = [(v1_client.root.cls, None)]
    while queue:
        cls, collection = queue.pop()
        if (cls.key, collection) in seen:
            continue
        seen.add((cls.key, collection))
        for step in cls.steps:
            if step.name == "by_id":
                names = [f.name for f in step.fields]
                expected = python_name(f"{singular(collection)}_id" if collection else "item_id",
                                       "id")
                spellings[collection or ""].update(names)
                if names != [expected]:
                    wrong.append((cls.shown, expected, names))
            following = step.name.rstrip("_") if step.kind == "attr" else None
            queue.append((step.target, following))
    assert len(seen) > 1000
    assert wrong == [], "\n".join(map(str, wrong))
    assert {c: s for c, s in spellings.items() if len(s) > 1} == {}
