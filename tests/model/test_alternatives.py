"""`[A](a.md) or [B](b.md)` Type cells: typed by their nearest common base, alternatives kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.model.alternatives import nearest_common_base
from graphdoc.model.build import build_model

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
V1_2021 = CORPUS / "graph-docs-2021-07" / "api-reference" / "v1.0"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")


@needs_corpus
def test_call_media_config_is_the_common_base_of_its_alternatives() -> None:
    # call.md: `|mediaConfig|[appHostedMediaConfig](...) or [serviceHostedMediaConfig](...)|`,
    # both pages "Inherits from [mediaConfig]"; meetingInfo's alternatives are listed in
    # meetinginfo.md's derived-types table.
    names = ["call", "apphostedmediaconfig", "servicehostedmediaconfig", "mediaconfig",
             "organizermeetinginfo", "tokenmeetinginfo", "meetinginfo", "entity"]
    model = build_model([V1_2021 / "resources" / f"{name}.md" for name in names])
    call = model.type_named("microsoft.graph.call")
    assert call is not None
    props = {prop.name: prop for prop in call.properties}
    assert props["mediaConfig"].type == "microsoft.graph.mediaConfig"
    assert props["mediaConfig"].alternatives == [
        "microsoft.graph.appHostedMediaConfig", "microsoft.graph.serviceHostedMediaConfig",
    ]
    assert props["meetingInfo"].type == "microsoft.graph.meetingInfo"
    assert props["meetingInfo"].alternatives == [
        "microsoft.graph.organizerMeetingInfo", "microsoft.graph.tokenMeetingInfo",
    ]
    assert props["source"].alternatives == []  # a single type


@needs_corpus
def test_request_body_cells_follow_the_same_rule() -> None:
    model = build_model([V1_2021])
    answer = next(op for op in model.operations if op.source.path == "api/call-answer.md")
    assert answer.request_body is not None
    media = next(p for p in answer.request_body.properties if p.name == "mediaConfig")
    assert (media.type, len(media.alternatives)) == ("microsoft.graph.mediaConfig", 2)


def test_alternatives_without_a_common_base_have_none() -> None:
    bases = {"ns.a": "ns.root", "ns.b": "ns.middle", "ns.middle": "ns.root", "ns.c": "ns.other"}
    assert nearest_common_base(["ns.a", "ns.b"], bases) == "ns.root"
    assert nearest_common_base(["ns.b", "ns.middle"], bases) == "ns.middle"
    assert nearest_common_base(["ns.a", "ns.c"], bases) is None
