"""`graphdoc diff` on the real 2020-05 → 2021-07 v1.0 trees: 20 entries of the report, drawn
across kinds, each checked against the two pages' raw text with plain line scans that share
nothing with the reader (a table row's first cell, a request line, a title)."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from graphdoc.diff.changes import Change, compare_models
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
OLD = CORPUS / "graph-docs-2020-05" / "api-reference" / "v1.0"
NEW = CORPUS / "graph-docs-2021-07" / "api-reference" / "v1.0"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (OLD.is_dir() and NEW.is_dir()), reason=f"corpus not found at {CORPUS}"),
]

# How many entries of each (kind, change) to draw: 20 in all.
QUOTAS = {
    ("property", "added"): 3,
    ("property", "removed"): 3,
    ("property", "changed"): 2,
    ("member", "added"): 2,
    ("member", "removed"): 1,
    ("type", "added"): 2,
    ("type", "removed"): 2,
    ("operation", "added"): 2,
    ("operation", "removed"): 2,
    ("operation", "changed"): 1,
}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@cache
def models() -> tuple[ApiModel, ApiModel, list[Change]]:
    old, new = build_model([OLD]), build_model([NEW])
    return old, new, compare_models(old, new).changes


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("*`_ ") for cell in line.strip().strip("|").split("|")]


def _section(text: str, owner: str, kind: str) -> str:
    """The part of a page that can define `owner`'s members: an enum's own `x values` (or
    `x enum`) section on pages that hold several enums, else the whole page."""
    short = owner.rsplit(".", 1)[1].lower()
    lines = text.splitlines()
    if kind == "member":
        for start, line in enumerate(lines):
            heading = line.lstrip("#").strip().lower()
            if line.startswith("#") and heading.split(" ")[0] == short and heading != short:
                level = len(line) - len(line.lstrip("#"))
                end = next(
                    (
                        i
                        for i in range(start + 1, len(lines))
                        if lines[i].startswith("#")
                        and len(lines[i]) - len(lines[i].lstrip("#")) <= level
                    ),
                    len(lines),
                )
                return "\n".join(lines[start:end])
    return text


def _row(text: str, name: str) -> list[str] | None:
    """The cells of the table row whose first cell is `name`, if the text has one."""
    for line in text.splitlines():
        if "|" in line and _cells(line)[0] == name:
            return _cells(line)
    return None


def _page(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8")


def _type_page(model: ApiModel, type_name: str, root: Path) -> str:
    found = next(t for t in model.types if t.name == type_name)
    return _page(root, found.source.path)


def _request_lines(root: Path) -> set[str]:
    """Every `METHOD /path` line of every page, placeholders blanked, case folded."""
    found: set[str] = set()
    for page in (root / "api").glob("*.md"):
        for line in page.read_text(encoding="utf-8").splitlines():
            parts = line.strip().split(" ", 1)
            if len(parts) == 2 and parts[0] in ("GET", "POST", "PATCH", "PUT", "DELETE"):
                found.add(parts[0] + " " + _PLACEHOLDER.sub("{}", parts[1].strip()).lower())
    return found


def _titles(root: Path) -> set[str]:
    """Lower-cased H1 titles of every resource page."""
    titles: set[str] = set()
    for page in (root / "resources").glob("*.md"):
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                titles.add(line[2:].strip().lower())
                break
    return titles


def _check_member_row(change: Change) -> None:
    """A property or enum member: its row is where the report says, and absent on the other side."""
    old, new, _ = models()
    owner, member = change.name.rsplit(".", 1)
    here, there = (OLD, NEW) if change.change == "removed" else (NEW, OLD)
    line = _page(here, change.source.path).splitlines()[change.source.line - 1]
    assert _cells(line)[0] == member, (change, line)
    other = _type_page(new if change.change == "removed" else old, owner, there)
    other_row = _row(_section(other, owner, change.kind), member)
    if change.change == "changed":
        assert other_row is not None and other_row[1] != _cells(line)[1], (change, other_row)
    else:
        assert other_row is None, (change, other_row)


def _check_type(change: Change) -> None:
    short = change.name.rsplit(".", 1)[1].lower()
    here, there = (OLD, NEW) if change.change == "removed" else (NEW, OLD)
    assert (here / change.source.path).is_file()
    assert short in _page(here, change.source.path).lower()
    assert f"{short} resource type" not in _titles(there), change
    assert not (there / "resources" / f"{short}.md").is_file(), change


def _check_operation(change: Change) -> None:
    method, path = change.name.split(" ", 1)
    here, there = (OLD, NEW) if change.change == "removed" else (NEW, OLD)
    request = f"{method} {path}"
    assert request in _page(here, change.source.path), change
    blanked = method + " " + _PLACEHOLDER.sub("{}", path).lower()
    if change.change == "changed":
        assert blanked in _request_lines(there), change
        short_new = (change.new or "none").split(".")[-1].rstrip(")").lower()
        assert short_new in _page(here, change.source.path).lower(), change
    else:
        assert blanked not in _request_lines(there), change


CHECKS: dict[str, Callable[[Change], None]] = {
    "property": _check_member_row,
    "member": _check_member_row,
    "type": _check_type,
    "operation": _check_operation,
}


def _sample() -> list[Change]:
    _, _, changes = models()
    rng = random.Random(20210716)
    drawn: list[Change] = []
    for (kind, change), count in QUOTAS.items():
        pool = [c for c in changes if c.kind == kind and c.change == change]
        if kind == "operation" and change == "changed":
            pool = [c for c in pool if c.field == "response" and c.new is not None]
        drawn.extend(rng.sample(pool, count))
    return drawn


def test_twenty_sampled_entries_match_the_pages() -> None:
    sample = _sample()
    assert len(sample) == 20
    for change in sample:
        CHECKS[change.kind](change)


def test_report_totals() -> None:
    """The figures docs/changes-2020-2021-v1.0.md was written with, within drift of the reader."""
    _, _, changes = models()
    breaking = sum(1 for c in changes if c.breaking)
    print(f"\n{len(changes)} changes, {breaking} breaking")
    assert breaking > 0 and any(not c.breaking for c in changes)
    # Between the snapshots v1.0 gained 603 api pages and 354 resource pages.
    assert sum(1 for c in changes if c.kind == "type" and c.change == "added") > 300
    assert sum(1 for c in changes if c.kind == "operation" and c.change == "added") > 600


def test_stored_snapshots_compare_as_the_models_do() -> None:
    """What `generate` stores beside a package (`.graphdoc/api.json`) gives the same changes as
    the two models it was written from, read whole or only where the two differ; and it stays
    a small part of the full model's JSON, as a committed file should."""
    from graphdoc.diff.snapshot import dumps, load, load_changed
    from graphdoc.model.serialize import to_json

    old, new, changes = models()
    old_text, new_text = dumps(old), dumps(new)
    assert compare_models(load(old_text), load(new_text)).changes == changes
    assert compare_models(*load_changed(old_text, new_text)).changes == changes
    full = len(json.dumps(to_json(new), ensure_ascii=False))
    assert len(new_text) < full / 8, (len(new_text), full)
