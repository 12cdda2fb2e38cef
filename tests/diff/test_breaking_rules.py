"""`graphdoc diff` on hand-made page pairs: one pair per rule of what breaks an SDK user."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from graphdoc.cli import main
from graphdoc.diff.changes import Change, compare_models
from graphdoc.diff.report import semver
from graphdoc.model.build import build_model

from tests.diff.pages import BASE_TREE, api, enum, resource, write_pages


def _changes(tmp_path: Path, edits: dict[str, str | None]) -> list[Change]:
    new_tree = {k: v for k, v in {**BASE_TREE, **edits}.items() if v is not None}
    old = build_model([write_pages(tmp_path / "old", BASE_TREE)])
    new = build_model([write_pages(tmp_path / "new", new_tree)])
    return compare_models(old, new).changes


def _one(changes: list[Change]) -> Change:
    assert len(changes) == 1, changes
    return changes[0]


def test_identical_trees_have_no_changes(tmp_path: Path) -> None:
    assert _changes(tmp_path, {}) == []


def test_prose_only_is_not_an_api_change(tmp_path: Path) -> None:
    edited = resource(
        "widget",
        [
            "id|String|The key, now described.",
            "size|Int32|Size.",
            "color|String|Color.",
            "tags|String collection|Tags.",
        ],
        prose="A thing, reworded.",
    )
    old = build_model([write_pages(tmp_path / "old", BASE_TREE)])
    new = build_model([write_pages(tmp_path / "new", {**BASE_TREE, "resources/widget.md": edited})])
    comparison = compare_models(old, new)
    assert comparison.changes == []
    assert semver(comparison) == "none"
    assert [(note.kind, note.name) for note in comparison.notes] == [
        ("description", "microsoft.graph.widget.id")
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # removed property: breaks every reader of it
        (
            ["id|String|The key.", "size|Int32|Size.", "tags|String collection|Tags."],
            ("removed", "property", "microsoft.graph.widget.color", None, True),
        ),
        # added optional property: compatible
        (
            [
                "id|String|The key.",
                "size|Int32|Size.",
                "color|String|Color.",
                "tags|String collection|Tags.",
                "shape|String|Shape.",
            ],
            ("added", "property", "microsoft.graph.widget.shape", None, False),
        ),
        # String → enum: the Python type changes
        (
            [
                "id|String|The key.",
                "size|Int32|Size.",
                "color|[shade](shade.md)|Color.",
                "tags|String collection|Tags.",
            ],
            ("changed", "property", "microsoft.graph.widget.color", "type", True),
        ),
        # Int32 → Int64: both are `int` in Python, nobody notices
        (
            [
                "id|String|The key.",
                "size|Int64|Size.",
                "color|String|Color.",
                "tags|String collection|Tags.",
            ],
            ("changed", "property", "microsoft.graph.widget.size", "type (widened)", False),
        ),
        # Int32 → Double: every old value still fits, but `int` became `float`
        (
            [
                "id|String|The key.",
                "size|Double|Size.",
                "color|String|Color.",
                "tags|String collection|Tags.",
            ],
            ("changed", "property", "microsoft.graph.widget.size", "type (widened)", True),
        ),
        # collection → single value
        (
            ["id|String|The key.", "size|Int32|Size.", "color|String|Color.", "tags|String|Tags."],
            ("changed", "property", "microsoft.graph.widget.tags", "collection", True),
        ),
    ],
)
def test_property_rules(
    tmp_path: Path, rows: list[str], expected: tuple[str, str, str, str | None, bool]
) -> None:
    change = _one(_changes(tmp_path, {"resources/widget.md": resource("widget", rows)}))
    assert (change.change, change.kind, change.name, change.field, change.breaking) == expected
    assert change.source.path == "resources/widget.md"
    assert change.source.line > 0


def test_enum_member_removed_breaks_added_does_not(tmp_path: Path) -> None:
    removed = _one(_changes(tmp_path / "a", {"resources/shade.md": enum("shade", ["light"])}))
    assert (removed.change, removed.kind, removed.name, removed.breaking) == (
        "removed",
        "member",
        "microsoft.graph.shade.dark",
        True,
    )
    added = _one(
        _changes(tmp_path / "b", {"resources/shade.md": enum("shade", ["light", "dark", "dim"])})
    )
    assert (added.change, added.name, added.breaking) == (
        "added",
        "microsoft.graph.shade.dim",
        False,
    )


def test_type_removed_breaks_added_does_not(tmp_path: Path) -> None:
    without_gadget = {
        "resources/gadget.md": None,
        "resources/part.md": resource("part", ["name|String|Name."]),
    }
    removed, orphaned = _changes(tmp_path / "a", without_gadget)
    assert (removed.change, removed.kind, removed.name, removed.breaking) == (
        "removed",
        "type",
        "microsoft.graph.gadget",
        True,
    )
    assert removed.source.path == "resources/gadget.md"  # a removal points into OLD
    assert (orphaned.name, orphaned.field, orphaned.breaking) == (
        "microsoft.graph.part",
        "base",
        True,
    )
    new_page = resource("sprocket", ["id|String|The key."])
    added = _one(_changes(tmp_path / "b", {"resources/sprocket.md": new_page}))
    assert (added.change, added.kind, added.name, added.breaking) == (
        "added",
        "type",
        "microsoft.graph.sprocket",
        False,
    )


def test_base_lost_breaks_base_gained_does_not(tmp_path: Path) -> None:
    lost = _changes(tmp_path / "a", {"resources/part.md": resource("part", ["name|String|Name."])})
    assert [(c.field, c.old, c.new, c.breaking) for c in lost] == [
        ("base", "microsoft.graph.gadget", None, True)
    ]
    gained = _changes(
        tmp_path / "b",
        {
            "resources/widget.md": resource(
                "widget",
                [
                    "id|String|The key.",
                    "size|Int32|Size.",
                    "color|String|Color.",
                    "tags|String collection|Tags.",
                ],
                base="gadget",
            )
        },
    )
    assert [(c.field, c.new, c.breaking) for c in gained if c.field == "base"] == [
        ("base", "microsoft.graph.gadget", False)
    ]


def test_operation_rules(tmp_path: Path) -> None:
    removed = _one(_changes(tmp_path / "a", {"api/widget-get.md": None}))
    assert (removed.change, removed.kind, removed.name, removed.breaking) == (
        "removed",
        "operation",
        "GET /widgets/{id}",
        True,
    )
    # The same request spelt with another parameter name is the same operation.
    renamed = api(
        "Get widget",
        "GET",
        "/widgets/{widget-id}",
        returns="[widget](../resources/widget.md) object",
    )
    assert _changes(tmp_path / "b", {"api/widget-get.md": renamed}) == []
    retyped = api(
        "Get widget", "GET", "/widgets/{id}", returns="[gadget](../resources/gadget.md) object"
    )
    change = _one(_changes(tmp_path / "c", {"api/widget-get.md": retyped}))
    assert (change.field, change.old, change.new, change.breaking) == (
        "response",
        "microsoft.graph.widget",
        "microsoft.graph.gadget",
        True,
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            ["unit|String|The unit. Required.", "scale|Int32|The scale. Required."],
            ("added", "scale", True),
        ),  # a new required argument breaks every call
        (
            ["unit|String|The unit. Required.", "scale|Int32|The scale. Optional."],
            ("added", "scale", False),
        ),  # a new optional one does not
        ([], ("removed", "unit", True)),
    ],
)
def test_parameter_rules(
    tmp_path: Path, params: list[str], expected: tuple[str, str, bool]
) -> None:
    page = api(
        "widget: measure",
        "GET",
        "/widgets/{id}/measure(unit='{unit}')",
        returns="[widget](../resources/widget.md) object",
        params=params,
    )
    change = _one(_changes(tmp_path, {"api/widget-measure.md": page}))
    assert change.kind == "parameter"
    assert (change.change, change.name.rsplit(".", 1)[1], change.breaking) == expected


def test_semver_follows_the_worst_change(tmp_path: Path) -> None:
    def bump(edits: dict[str, str | None], folder: str) -> str:
        old = build_model([write_pages(tmp_path / folder / "old", BASE_TREE)])
        tree = {k: v for k, v in {**BASE_TREE, **edits}.items() if v is not None}
        new = build_model([write_pages(tmp_path / folder / "new", tree)])
        return semver(compare_models(old, new))

    assert bump({}, "none") == "none"
    assert (
        bump({"resources/sprocket.md": resource("sprocket", ["id|String|k"])}, "minor") == "minor"
    )
    assert bump({"api/widget-get.md": None}, "major") == "major"


def test_cli_compares_two_git_revisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "docs"
    write_pages(repo / "pages", BASE_TREE)

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "old")
    write_pages(repo / "pages", {"resources/shade.md": enum("shade", ["light"])})
    git("commit", "-qam", "new")
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~1", "HEAD", "pages", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["semver"] == "major"
    assert [
        (c["change"], c["kind"], c["name"], c["breaking"], c["path"]) for c in report["changes"]
    ] == [("removed", "member", "microsoft.graph.shade.dark", True, "resources/shade.md")]


def test_cli_refuses_what_is_neither_folder_nor_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "nope-old", "nope-new"]) == 2
    assert "nope-old" in capsys.readouterr().err
