"""Over the real 2021 corpus: lint runs, and one page linted alone (against the cached type
index) gives what the whole-tree run gives for it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from graphdoc.lint.config import LintConfig
from graphdoc.lint.runner import lint

from tests.lint.conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus" / "graph-docs-2021-07" / "api-reference"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="corpus not found at ../shared/corpus; corpus tests need it"
)


def test_single_pages_match_the_whole_tree(tmp_path: Path) -> None:
    root = CORPUS / "v1.0"
    config = LintConfig(cache_dir=tmp_path / "cache")
    whole = lint([root], config, use_cache=False, mode="whole")
    assert whole.trees[0].files == whole.files > 3000
    codes = {finding.code for finding in whole.findings}
    assert {"GDL101", "GDL105", "GDL302", "GDL402"} <= codes
    expected: dict[str, set[tuple[int, int, str, str]]] = {}
    for f in whole.findings:
        expected.setdefault(f.path, set()).add((f.line, f.column, f.code, f.message))
    pages = sorted(root.rglob("*.md"))
    sample = random.Random(7).sample(pages, 25)
    for index, page in enumerate(sample):
        single = lint([page], config, use_cache=True, mode="index")
        assert single.trees[0].mode == "index"
        if index:
            assert single.trees[0].reindexed == 0  # the cache written by the first run is used
        got = {(f.line, f.column, f.code, f.message) for f in single.findings}
        assert got == expected.get(page.relative_to(root).as_posix(), set()), page.name
