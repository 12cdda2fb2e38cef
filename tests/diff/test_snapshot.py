"""The API snapshot a generated package stores (`.graphdoc/api.json`): it reads back into what
`compare_models` compares, deterministically, and strictly (a damaged file is refused)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphdoc.diff.changes import compare_models
from graphdoc.diff.snapshot import (
    SnapshotError,
    _changed_lines,
    content_of,
    dumps,
    load,
    load_changed,
)
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel

from tests.diff.pages import BASE_TREE, api, enum, resource, write_pages
from tests.emit.support import ROOT

# One edit of every kind the comparison knows, on the hand-made tree.
EDITS: dict[str, str | None] = {
    "resources/widget.md": resource(
        "widget",
        [
            "id|String|The key.",
            "size|Int64|Size.",
            "tags|String|Tags.",
            "shape|[shade](shade.md)|Shape.",
        ],
        base="gadget",
    ),
    "resources/shade.md": enum("shade", ["light", "dim"]),
    "resources/sprocket.md": resource("sprocket", ["id|String|The key."]),
    "resources/part.md": None,
    "api/widget-get.md": api(
        "Get widget", "GET", "/widgets/{id}", returns="[gadget](../resources/gadget.md) object"
    ),
    "api/widget-measure.md": api(
        "widget: measure",
        "GET",
        "/widgets/{id}/measure(unit='{unit}')",
        returns="[widget](../resources/widget.md) object",
        params=["scale|Int32|The scale. Required."],
    ),
    "api/sprocket-list.md": api(
        "List sprockets", "GET", "/sprockets", returns="collection of [sprocket] objects"
    ),
}


def _models(tmp_path: Path) -> tuple[ApiModel, ApiModel]:
    new_tree = {k: v for k, v in {**BASE_TREE, **EDITS}.items() if v is not None}
    old = build_model([write_pages(tmp_path / "old", BASE_TREE)])
    new = build_model([write_pages(tmp_path / "new", new_tree)])
    return old, new


def test_round_trip_is_lossless_for_the_comparison_and_deterministic() -> None:
    model = build_model([ROOT / "specs"])
    text = dumps(model, content="abc")
    assert dumps(load(text), content="abc") == text  # nothing the snapshot holds is lost
    assert compare_models(model, load(text)).changes == []  # nothing the comparison reads
    assert dumps(build_model([ROOT / "specs"]), content="abc") == text
    assert content_of(text) == "abc"
    document = json.loads(text)
    assert {t["name"] for t in document["types"]} == {t.name for t in model.types}
    # The parts of a page a comparison never reads stay out of the committed file.
    described = next(p for t in model.types for p in t.properties if len(p.description) > 40)
    assert described.description not in text
    assert all(e.request.url not in text for o in model.operations for e in o.examples)


def test_snapshots_compare_as_the_models_do(tmp_path: Path) -> None:
    old, new = _models(tmp_path)
    expected = compare_models(old, new).changes
    assert len({(c.kind, c.change) for c in expected}) >= 8  # every kind, each direction
    old_text, new_text = dumps(old), dumps(new)
    assert compare_models(load(old_text), load(new_text)).changes == expected
    assert compare_models(*load_changed(old_text, new_text)).changes == expected
    # Only what differs is loaded: the untouched gadget and its operation stay out.
    before, after = load_changed(old_text, new_text)
    assert "microsoft.graph.gadget" not in {t.name for t in (*before.types, *after.types)}
    assert load_changed(old_text, old_text)[0].types == []


def test_the_differing_entries_are_read_from_the_lines_that_differ(tmp_path: Path) -> None:
    """Laid out as `dumps` writes it, a pair of snapshots is read line by line, only the
    entries that differ parsed; another layout is read whole, with the same changes."""
    old, new = _models(tmp_path)
    old_text, new_text = dumps(old), dumps(new)
    by_line = _changed_lines(old_text, new_text)
    assert by_line is not None
    assert "microsoft.graph.gadget" not in {t["name"] for t in (*by_line[0], *by_line[2])}
    one_line = [json.dumps(json.loads(text)) for text in (old_text, new_text)]
    assert _changed_lines(*one_line) is None
    expected = compare_models(old, new).changes
    assert compare_models(*load_changed(*one_line)).changes == expected
    assert compare_models(*load_changed(old_text, new_text)).changes == expected
    assert content_of(one_line[0]) == content_of(old_text)


def test_a_request_documented_twice_is_compared_through_the_page_each_model_chose(
    tmp_path: Path,
) -> None:
    """Unchanged pages sharing a request with a changed one come along: the snapshots
    compare as the models do, through the page each model keeps for the request."""
    part, gadget = "[part](../resources/part.md) object", "[gadget](../resources/gadget.md) object"
    twin = api("Get widget (twin)", "GET", "/widgets/{widget-id}", returns=part)
    tree = {**BASE_TREE, "api/a-widget-get.md": twin}
    retyped = api("Get widget", "GET", "/widgets/{id}", returns=gadget)
    old = build_model([write_pages(tmp_path / "old", tree)])
    new = build_model([write_pages(tmp_path / "new", {**tree, "api/widget-get.md": retyped})])
    expected = compare_models(old, new).changes
    assert [(c.change, c.name) for c in expected] == [("changed", "GET /widgets/{widget-id}")]
    assert compare_models(*load_changed(dumps(old), dumps(new))).changes == expected
    assert compare_models(load(dumps(old)), load(dumps(new))).changes == expected


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: {**d, "graphdoc-api": 99},
        lambda d: {k: v for k, v in d.items() if k != "content"},
        lambda d: {**d, "types": [{**d["types"][0], "kind": "widget"}]},
        lambda d: {**d, "types": [{**d["types"][0], "properties": [["a", "Edm.String", "cz", 1]]}]},
        lambda d: {**d, "operations": [{**d["operations"][0], "at": "no line"}]},
        lambda d: {**d, "operations": [{**d["operations"][0], "parameters": [["a", "x"]]}]},
    ],
)
def test_a_damaged_snapshot_is_refused(damage: object) -> None:
    document = json.loads(dumps(build_model([ROOT / "specs"])))
    text = json.dumps(damage(document))  # type: ignore[operator]
    with pytest.raises(SnapshotError):
        load(text)
    with pytest.raises(SnapshotError):
        load_changed(text, dumps(build_model([ROOT / "specs"])))


def test_not_json_is_refused() -> None:
    with pytest.raises(SnapshotError):
        load("{")
