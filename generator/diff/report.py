"""The change report as JSON (one object: `semver`, `changes`) or as Markdown for a changelog."""

from __future__ import annotations

from typing import Any

from .breaking import Bump, suggested_bump
from .changes import Change, Comparison, Note


def semver(comparison: Comparison) -> Bump:
    changes = comparison.changes
    breaking = sum(1 for c in changes if c.breaking)
    added = sum(1 for c in changes if c.change == "added")
    return suggested_bump(breaking, added, len(changes))


def _change(change: Change) -> dict[str, Any]:
    return {
        "change": change.change,
        "kind": change.kind,
        "name": change.name,
        "breaking": change.breaking,
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "path": change.source.path,
        "line": change.source.line,
    }


def _note(note: Note) -> dict[str, Any]:
    return {
        "kind": note.kind,
        "name": note.name,
        "detail": note.detail,
        "path": note.source.path,
        "line": note.source.line,
    }


def as_json(comparison: Comparison, *, notes: bool) -> dict[str, Any]:
    report: dict[str, Any] = {
        "semver": semver(comparison),
        "changes": [_change(change) for change in comparison.changes],
    }
    if notes:
        report["notes"] = [_note(note) for note in comparison.notes]
    return report


def _cell(text: str | None) -> str:
    """Markdown table cell text: pipes escaped, line breaks flattened."""
    return (
        ("none" if text is None else text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\n", " ")
    )


def _what(change: Change) -> str:
    if change.change != "changed":
        return change.change
    return f"{change.field}: `{_cell(change.old)}` → `{_cell(change.new)}`"


def _table(changes: list[Change]) -> list[str]:
    lines = ["| kind | name | change | page |", "|---|---|---|---|"]
    for change in changes:
        where = f"{_cell(change.source.path)}:{change.source.line}"
        lines.append(f"| {change.kind} | `{_cell(change.name)}` | {_what(change)} | {where} |")
    return lines


def as_markdown(comparison: Comparison, *, title: str, notes: bool) -> str:
    lines = [f"# {title}", "", f"Suggested version bump: **{semver(comparison)}**.", ""]
    lines += summary(comparison, level=2, notes=notes)
    return "\n".join(lines) + "\n"


def summary(comparison: Comparison, *, level: int, notes: bool) -> list[str]:
    """The report's body: counts, then breaking and compatible changes under headings of
    `level` (the diff report's own sections, or a changelog entry's)."""
    heading = "#" * level
    changes = comparison.changes
    breaking = [c for c in changes if c.breaking]
    compatible = [c for c in changes if not c.breaking]
    counts: dict[str, int] = {}
    for change in changes:
        key = f"{change.kind} {change.change}"
        counts[key] = counts.get(key, 0) + 1
    lines = [
        f"{len(changes)} API changes, {len(breaking)} of them breaking for SDK users."
        if changes
        else "No API changes."
    ]
    if counts:
        lines += ["", "| change | count |", "|---|--:|"]
        lines += [f"| {key} | {counts[key]} |" for key in sorted(counts)]
    for title, group in (("Breaking changes", breaking), ("Compatible changes", compatible)):
        if group:
            lines += ["", f"{heading} {title}", "", *_table(group)]
    if notes and comparison.notes:
        lines += ["", f"{heading} Not API changes", "", "| kind | name | page |", "|---|---|---|"]
        for note in comparison.notes:
            where = f"{_cell(note.source.path)}:{note.source.line}"
            lines.append(f"| {note.kind} | `{_cell(note.name)}` | {where} |")
    return lines
