"""Namespace-correct resolution of type references (`graphdoc.model.resolve`), on real pages.

A page in a sub-namespace (`microsoft.graph.callRecords`, `.ediscovery`, ...) that links to
a type of the root namespace names that type, not one of its own namespace: the page the
link points to says which type it is, and a plain name is looked for in the nearest
enclosing namespace that defines it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.model.build import build_model
from graphdoc.model.resolve import Resolver, TypeIndex, enclosing_namespaces
from graphdoc.model.rows import PendingType
from graphdoc.model.types import ApiModel
from graphdoc.read.typecell import parse_type_cell

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
BETA_2020 = CORPUS / "graph-docs-2020-05" / "api-reference" / "beta" / "resources"
BETA_2021 = CORPUS / "graph-docs-2021-07" / "api-reference" / "beta" / "resources"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")


def _types(model: ApiModel) -> dict[tuple[str, str], str]:
    return {(t.name, p.name): p.type for t in model.types for p in t.properties}


@needs_corpus
def test_a_callrecords_page_read_alone_names_the_root_identityset() -> None:
    # callrecords-callrecord.md: `|organizer|[identitySet](identityset.md)|`, the target unread.
    types = _types(build_model([BETA_2020 / "callrecords-callrecord.md"]))
    record = "microsoft.graph.callRecords.callRecord"
    assert types[(record, "organizer")] == "microsoft.graph.identitySet"
    assert types[(record, "participants")] == "microsoft.graph.identitySet"
    assert types[(record, "sessions")] == "microsoft.graph.callRecords.session"


@needs_corpus
def test_the_linked_page_names_the_type_in_the_whole_tree() -> None:
    pages = ["callrecords-participantendpoint.md", "identityset.md", "callrecords-useragent.md"]
    types = _types(build_model([BETA_2020 / page for page in pages]))
    endpoint = "microsoft.graph.callRecords.participantEndpoint"
    assert types[(endpoint, "identity")] == "microsoft.graph.identitySet"
    assert types[(endpoint, "userAgent")] == "microsoft.graph.callRecords.userAgent"


@pytest.fixture(scope="module")
def whole() -> dict[tuple[str, str], str]:
    return _types(build_model([BETA_2021]))


@needs_corpus
@pytest.mark.parametrize("prefix", ["callrecords-", "ediscovery-", "windowsupdates-"])
def test_a_namespace_read_alone_resolves_as_the_whole_tree_does(
    prefix: str, whole: dict[tuple[str, str], str]
) -> None:
    # Every link of these pages names its target's file, site links included
    # (ediscovery-case.md: `[identitySet](/graph/api/resources/identityset)`).
    alone = _types(build_model(sorted(BETA_2021.glob(prefix + "*.md"))))
    assert alone, prefix
    assert {key: whole[key] for key in alone} == alone


def _resolver(*names: str) -> Resolver:
    index = TypeIndex()
    for name in names:
        stem = name.rsplit(".", 1)[-1].lower()
        folder = name.split(".")[2].lower() + "-" if name.count(".") > 2 else ""
        path = f"resources/{folder}{stem}.md"
        index.add_page(path)
        index.add_name(name, path)
    return Resolver(index, [])


def _ref(cell: str, namespace: str, path: str = "resources/callrecords-x.md") -> PendingType:
    return PendingType(parse_type_cell(cell), path, namespace, 3)


def test_a_plain_name_is_found_in_the_nearest_enclosing_namespace() -> None:
    assert enclosing_namespaces("microsoft.graph.callRecords") == [
        "microsoft.graph.callRecords", "microsoft.graph", "microsoft",
    ]
    resolver = _resolver("microsoft.graph.identitySet", "microsoft.graph.ediscovery.identitySet")
    assert resolver.resolve(_ref("identitySet", "microsoft.graph.callRecords")) == (
        "microsoft.graph.identitySet"
    )
    assert resolver.resolve(_ref("identitySet", "microsoft.graph.ediscovery")) == (
        "microsoft.graph.ediscovery.identitySet"
    )


def test_a_link_names_its_target_over_the_page_namespace() -> None:
    resolver = _resolver("microsoft.graph.identitySet", "microsoft.graph.callRecords.identitySet")
    cell = "[identitySet](identityset.md)"
    assert resolver.resolve(_ref(cell, "microsoft.graph.callRecords")) == (
        "microsoft.graph.identitySet"
    )


def test_an_unread_target_takes_the_namespace_of_pages_named_like_it() -> None:
    resolver = _resolver("microsoft.graph.callRecords.session")
    ref = _ref("[segment](callrecords-segment.md)", "microsoft.graph.callRecords")
    assert resolver.resolve(ref) == "microsoft.graph.callRecords.segment"
    ref = _ref("[phone](phone.md)", "microsoft.graph.callRecords")
    assert resolver.resolve(ref) == "microsoft.graph.phone"
    assert [d.code for d in resolver.diagnostics] == ["GD410", "GD410"]


def test_a_name_in_a_namespace_no_page_declares_is_read_by_its_simple_name() -> None:
    # Stub converters qualify with the service's internal namespace (GD411).
    resolver = _resolver(
        "microsoft.graph.member", "microsoft.graph.callRecords.session", "microsoft.graph.x.y"
    )
    foreign = "Microsoft.DirectoryServices.member"
    assert resolver.resolve(_ref(foreign, "microsoft.graph")) == "microsoft.graph.member"
    assert resolver.resolve(_ref(f"[{foreign}](member.md)", "microsoft.graph")) == (
        "microsoft.graph.member"
    )
    assert [d.code for d in resolver.diagnostics] == ["GD411", "GD411"]
    assert "read as `microsoft.graph.member`" in resolver.diagnostics[0].message
    # A namespace the tree has keeps its meaning: no such type there is no such type.
    assert resolver.resolve(_ref("microsoft.graph.callRecords.member", "microsoft.graph")) == (
        "microsoft.graph.callRecords.member"
    )
    # Nor is a converter's sentence a name.
    unknown = "Unknown Type microsoft.management.services.models.member"
    resolver.resolve(_ref(unknown, "microsoft.graph"))
    assert [d.code for d in resolver.diagnostics[2:]] == ["GD410", "GD410"]
