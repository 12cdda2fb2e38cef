"""The single-page lint's tree index: an unchanged tree is answered from the stored summary,
and any change to another page (an edit, a removal, an addition) is seen on the next run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from graphdoc.lint.tree import TreeIndex
from graphdoc.model.build import build_model

SPECS = Path(__file__).resolve().parents[2] / "specs"


def _loaded(root: Path, cache: Path | None) -> TreeIndex:
    tree = TreeIndex.list(root)
    tree.load(cache)
    return tree


def _chain(tree: TreeIndex, name: str) -> list[str]:
    known = tree.known(name)
    assert known is not None, name
    return [known, *tree.ancestors(known)]


def _same(a: TreeIndex, b: TreeIndex) -> None:
    assert a.index == b.index
    assert a.pages_of == b.pages_of
    assert a.parents == b.parents
    assert a.first_page == b.first_page


def _bump(page: Path, text: str) -> None:
    """Write `text` and move the mtime on, so coarse file-system clocks still see a change."""
    before = page.stat().st_mtime_ns
    page.write_text(text, encoding="utf-8")
    os.utime(page, ns=(before + 2_000_000_000, before + 2_000_000_000))


def test_unchanged_tree_is_answered_from_the_summary(tmp_path: Path) -> None:
    root = tmp_path / "specs"
    shutil.copytree(SPECS, root)
    cache = tmp_path / "cache"
    first = _loaded(root, cache)
    assert first.reindexed == len(first.files)
    second = _loaded(root, cache)
    assert second.reindexed == 0
    assert second.entries == {}  # per-file entries were not even read
    _same(second, first)
    _same(second, _loaded(root, None))
    assert _chain(second, "microsoft.graph.contact") == [
        "microsoft.graph.contact",
        "microsoft.graph.outlookItem",
        "microsoft.graph.entity",
    ]
    assert second.children("microsoft.graph.outlookItem") == ["microsoft.graph.contact"]
    assert second.known("MICROSOFT.GRAPH.CONTACT") == "microsoft.graph.contact"


def test_a_change_to_another_page_is_seen(tmp_path: Path) -> None:
    root = tmp_path / "specs"
    shutil.copytree(SPECS, root)
    cache = tmp_path / "cache"
    _loaded(root, cache)

    contact = root / "resources" / "contact.md"
    text = contact.read_text(encoding="utf-8")
    text = text.replace(
        "Inherits from [outlookItem](outlookitem.md).", "Inherits from [entity](entity.md)."
    )
    _bump(
        contact,
        text.replace(
            '"baseType": "microsoft.graph.outlookItem"', '"baseType": "microsoft.graph.entity"'
        ),
    )
    edited = _loaded(root, cache)
    assert edited.reindexed == 1
    assert _chain(edited, "microsoft.graph.contact") == [
        "microsoft.graph.contact",
        "microsoft.graph.entity",
    ]
    _same(edited, _loaded(root, None))

    (root / "resources" / "website.md").unlink()
    removed = _loaded(root, cache)
    assert "microsoft.graph.website" not in removed.pages_of
    _same(removed, _loaded(root, None))

    shutil.copy(root / "resources" / "phone.md", root / "resources" / "phone-copy.md")
    added = _loaded(root, cache)
    assert added.pages_of["microsoft.graph.phone"] == [
        "resources/phone-copy.md",
        "resources/phone.md",
    ]
    _same(added, _loaded(root, None))


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
CORPUS_V1 = CORPUS / "graph-docs-2021-07" / "api-reference" / "v1.0"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS_V1.is_dir(), reason=f"corpus not found at {CORPUS_V1}")
def test_index_bases_are_the_models_on_the_real_tree() -> None:
    """Single-page lint sees the bases the whole model gives, every source weighed alike:
    stated, derived-types listings, declared entities and their bases, Relationships
    targets, types keyed on id."""
    tree = _loaded(CORPUS_V1, None)
    model = build_model([CORPUS_V1])
    bases = {t.name: t.base for t in model.types if t.kind != "enum" and t.base is not None}
    assert len(bases) > 500
    assert tree.parents == bases
