"""Clients, mock and lint read every example URL of the 2021 corpus alike.

Each stage reads path templates through `graphdoc.model.paths`; this routes every example
request URL of every operation (v1.0 and beta) through each stage's own entry point and
counts the examples on which they disagree about whether the URL addresses its operation:

* clients: variant matching (`match_variant`) over the variants the URL tree reaches (its
  routes) and the spellings Graph addresses alike (`request_spellings`), as the example
  tests locate a call (a variant whose request another operation's method sends, GD503,
  is routed there);
* mock: `graphdoc serve`'s router, built from the operation's own routes;
* lint: the request-path check behind GDL305 (`documents_path`).
"""

from __future__ import annotations

from collections import Counter

import pytest
from graphdoc.emit.python_client import client_ir, match_variant
from graphdoc.emit.url_tree import RouteIR
from graphdoc.lint.rules.examples import documents_path
from graphdoc.model.build import build_model
from graphdoc.model.paths import find, request_spellings
from graphdoc.model.types import Operation
from graphdoc.read.http import path_of, request_target
from graphdoc.serve.routes import Router

from tests.emit.support import CORPUS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}"),
]


def _client_reads(routes: list[RouteIR], path: str) -> bool:
    variants = [route.variant for route in routes]
    return any(
        match_variant(variants, spelling.path) is not None
        for spelling in request_spellings(path)
    )


def _mock_reads(operation: Operation, path: str) -> bool:
    route = Router([operation]).resolve(operation.method, path).route
    return route is not None


@pytest.mark.parametrize("version", ["v1.0", "beta"])
def test_clients_mock_and_lint_route_every_example_url_alike(version: str) -> None:
    model = build_model([CORPUS / version])
    clients = client_ir(model, "graph")
    verdicts: Counter[tuple[bool, bool, bool]] = Counter()
    disagreements: list[tuple[str, str, tuple[bool, bool, bool]]] = []
    for operation in model.operations:
        routes = clients.routes.get(operation.id, [])
        for example in operation.examples:
            target = request_target(example.request.url)
            if target is None or example.request.method.upper() != operation.method:
                continue  # another host, or a method the operation does not document
            path = path_of(target)
            if operation.superseded and find(operation.defined_templates, path) is None:
                continue  # a request another page defines: its page's to route (GD450)
            verdict = (
                _client_reads(routes, path),
                _mock_reads(operation, path),
                documents_path([operation], path),
            )
            verdicts[verdict] += 1
            if len(set(verdict)) > 1:
                disagreements.append((operation.id, example.request.url, verdict))
    print(
        f"\n{version}: {sum(verdicts.values())} example URLs, "
        f"{verdicts[(True, True, True)]} read as their operation's by all three, "
        f"{verdicts[(False, False, False)]} by none, {len(disagreements)} disagreements"
    )
    for line in disagreements[:20]:
        print("  (client, mock, lint)", line)
    assert verdicts[(True, True, True)] > 1800
    assert disagreements == []


def test_converter_placeholders_are_no_paths_and_reach_no_client() -> None:
    """2021 beta's Intune partner-integration stubs keep `** Entity URI for x not found`
    where a URL belongs (GD253): their operations stay, with no path, so no client method,
    route or test is made from the placeholder."""
    model = build_model([CORPUS / "beta"])
    flagged = {d.path for d in model.diagnostics if d.code == "GD253"}
    print(f"\nbeta: {len(flagged)} pages with a placeholder request target")
    assert len(flagged) >= 10
    on_them = [op for op in model.operations if op.source.path in flagged]
    assert {op.source.path for op in on_them} == flagged  # every operation kept
    assert all(op.paths == [] for op in on_them)
    assert not [p for op in model.operations for p in op.paths if "URI for" in p]
    routes = client_ir(model, "graph").routes
    assert not [op.id for op in on_them if routes.get(op.id)]
