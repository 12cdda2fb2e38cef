"""On the real v1.0 corpus, a rerun after a one-page edit writes exactly what a cold run
writes, while reading the edited page alone and making most units again from the memo.

The specs/ test (`test_incremental`) covers every kind of edit on a small tree; this one
covers the two edits `bench/bench_generate.py` times, where the units keyed on the model's
digests (`graphdoc.model.digest`, `graphdoc.emit.slices.unit_key`) meet a thousand types
that share bases, targets and descriptions. Unformatted, to stay lean: formatting follows
the raw text through a content-addressed cache, whatever made the text.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from graphdoc.emit.generate import GenerateOptions, generate

from tests.emit.support import CORPUS

V1 = CORPUS / "v1.0"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not V1.is_dir(), reason=f"corpus not found at {V1}"),
]


def _replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {page}"
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def _property_added(pages: Path) -> None:
    marker = "|displayName|String|"
    _replace(pages / "resources/contact.md", marker, f"|addedByTest|String|New.|\n{marker}")


def _response_type_changed(pages: Path) -> None:
    page = pages / "api/contact-get.md"
    tail = "object in the response body"
    _replace(
        page,
        f"[contact](../resources/contact.md) {tail}",
        f"[person](../resources/person.md) {tail}",
    )
    _replace(
        page, '"@odata.type": "microsoft.graph.contact"', '"@odata.type": "microsoft.graph.person"'
    )


EDITS: list[Callable[[Path], None]] = [_property_added, _response_type_changed]


def test_one_page_edits_give_the_cold_output(tmp_path: Path) -> None:
    pages = tmp_path / "v1.0"
    shutil.copytree(V1, pages)
    incremental = GenerateOptions(
        paths=(pages,), output=tmp_path / "incremental", workers=1, format=False
    )
    generate(incremental)
    for number, edit in enumerate(EDITS):
        before = tmp_path / f"cold{number}"
        shutil.copytree(
            incremental.output, before, ignore=shutil.ignore_patterns(".graphdoc_cache")
        )
        edit(pages)
        rerun = generate(incremental)
        assert rerun.stats.pages_read == 1, edit.__name__
        assert rerun.stats.written, edit.__name__
        # Nearly every module, schema and fragment comes from the memo.
        assert rerun.stats.files_reused > 0.9 * rerun.stats.files, edit.__name__
        reference = generate(
            GenerateOptions(paths=(pages,), output=before, workers=1, format=False, use_cache=False)
        )
        assert rerun.files == reference.files, edit.__name__
        assert rerun.notes == reference.notes, edit.__name__
