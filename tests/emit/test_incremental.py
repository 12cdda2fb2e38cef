"""A rerun after page edits writes exactly what a cold run writes.

Reruns reuse page parts (`graphdoc.model.page_cache`) and finished files whose template
input is unchanged (`graphdoc.emit.slices`); a missed dependency would leave a stale file.
So each kind of edit that moves things between pages or files is applied to a copy of
specs/ in turn, and after each the incremental output is compared, byte for byte and file
for file, with a run without any cache into a fresh folder holding the package as it was
before the rerun (a release's version and changelog follow the package's own history).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from graphdoc.emit.generate import GenerateOptions, generate

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {page}"
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def _property_added(specs: Path) -> None:
    _replace(
        specs / "resources/contact.md",
        "|displayName|String|",
        "|nickName2|String|A property added by the test.|\n|displayName|String|",
    )


def _response_type_changed(specs: Path) -> None:
    page = specs / "api/get-contact.md"
    text = page.read_text(encoding="utf-8")
    assert "microsoft.graph.contact" in text
    page.write_text(
        text.replace("microsoft.graph.contact", "microsoft.graph.outlookItem").replace(
            "[contact](../resources/contact.md) object",
            "[outlookItem](../resources/outlookitem.md) object",
        ),
        encoding="utf-8",
    )


def _base_type_changed(specs: Path) -> None:
    page = specs / "resources/contact.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace(
            "Inherits from [outlookItem](outlookitem.md).", "Inherits from [entity](entity.md)."
        ).replace(
            '"baseType": "microsoft.graph.outlookItem"', '"baseType": "microsoft.graph.entity"'
        ),
        encoding="utf-8",
    )


def _enum_member_added(specs: Path) -> None:
    _replace(
        specs / "resources/followupflag.md",
        "|complete|1|The follow-up is finished.|",
        "|complete|1|The follow-up is finished.|\n|flagged|2|The item is flagged.|",
    )


def _page_deleted(specs: Path) -> None:
    (specs / "resources/website.md").unlink()


def _page_added(specs: Path) -> None:
    # The type the deleted page documented comes back under another file name: references
    # on other pages resolve again.
    shutil.copyfile(ROOT / "specs/resources/website.md", specs / "resources/site.md")


def _unchanged(specs: Path) -> None:
    pass


EDITS: list[Callable[[Path], None]] = [
    _unchanged,
    _property_added,
    _response_type_changed,
    _base_type_changed,
    _enum_member_added,
    _page_deleted,
    _page_added,
]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and ".graphdoc_cache" not in path.parts
        and "__pycache__" not in path.parts
    }


def test_reruns_after_edits_write_what_a_cold_run_writes(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    incremental = GenerateOptions(
        paths=(specs,), output=tmp_path / "incremental" / "out", workers=1, package="graph"
    )
    generate(incremental)
    for number, edit in enumerate(EDITS):
        before = tmp_path / f"cold{number}" / "out"
        shutil.copytree(
            incremental.output, before, ignore=shutil.ignore_patterns(".graphdoc_cache")
        )
        edit(specs)
        rerun = generate(incremental)
        if edit is not _unchanged:  # read alone; most files not rendered again; output moved
            assert rerun.stats.written or rerun.stats.removed, edit.__name__
            assert rerun.stats.pages_read == (0 if edit is _page_deleted else 1)
            assert rerun.stats.pages_cached >= len(list(specs.rglob("*.md"))) - 1
            assert rerun.stats.files_reused > 10
        cold = GenerateOptions(
            paths=(specs,),
            output=before,
            workers=1,
            package="graph",
            use_cache=False,
        )
        reference = generate(cold)
        assert rerun.files == reference.files, edit.__name__
        assert rerun.notes == reference.notes, edit.__name__
        assert rerun.diagnostics == reference.diagnostics, edit.__name__
        assert _tree(incremental.output) == _tree(cold.output), edit.__name__
