"""`graphdoc compare` on the 2020 v1.0 pages against the service's own `$metadata` of then."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphdoc.cli import main
from graphdoc.compare.registry import BY_CODE, kind_of

SNAPSHOT = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "graph-docs-2020-05"
PAGES = SNAPSHOT / "api-reference" / "v1.0"
METADATA = SNAPSHOT / "metadata" / "v1.0_metadata.xml"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not METADATA.is_file(), reason=f"2020 snapshot not found at {SNAPSHOT}"),
]


def test_every_difference_points_at_the_row_it_names(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SNAPSHOT)
    code = main(["compare", str(PAGES), "--metadata", str(METADATA), "--format", "json"])
    found = json.loads(capsys.readouterr().out)
    assert code == 1 and found
    assert {item["code"] for item in found} <= set(BY_CODE)
    lines: dict[str, list[str]] = {}
    for item in found:
        assert item["kind"] == kind_of(item["code"])
        path = SNAPSHOT / item["path"]
        text = lines.setdefault(item["path"], path.read_text(encoding="utf-8").splitlines())
        line = text[item["line"] - 1]
        if item["code"] == "GDC102":
            assert item["path"] == "metadata/v1.0_metadata.xml"
            assert f'Name="{item["name"].rsplit(".", 1)[-1]}"' in line
        else:
            assert item["path"].startswith("api-reference/v1.0/")
        if item["code"] in ("GDC202", "GDC203", "GDC204", "GDC205", "GDC402", "GDC403"):
            # the documented property or member is on the line given
            written = item["docs"] if item["code"] in ("GDC205", "GDC402", "GDC403") else (
                item["name"].rsplit(".", 1)[-1]
            )
            assert written in line, (item, line)


def test_a_known_misspelt_property_is_found(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SNAPSHOT)
    main(["compare", str(PAGES / "resources" / "audioconferencing.md"), "--metadata",
          str(METADATA), "--format", "json"])
    found = json.loads(capsys.readouterr().out)
    # audioconferencing.md writes `ConferenceId`; the service's property is `conferenceId`.
    assert {
        "code": "GDC205", "name": "microsoft.graph.audioConferencing.conferenceId",
        "docs": "ConferenceId", "metadata": "conferenceId",
        "path": "api-reference/v1.0/resources/audioconferencing.md",
    }.items() <= next(item for item in found if item["code"] == "GDC205").items()
