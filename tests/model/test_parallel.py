"""Pages read by forked workers build the very model a read in one process builds."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest
from graphdoc.model import parallel
from graphdoc.model.build import build_from_files, build_model, discover, load
from graphdoc.model.serialize import to_json

SPECS = Path(__file__).resolve().parents[2] / "specs"


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)
def test_parallel_read_folds_pages_in_file_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "v1.0"
    shutil.copytree(SPECS, tree)
    # Across chunks: an operation id taken twice, a type documented twice, an unreadable file.
    (tree / "more").mkdir()
    shutil.copy(tree / "api" / "create-contact.md", tree / "more" / "create-contact.md")
    shutil.copy(tree / "resources" / "contact.md", tree / "more" / "contact-again.md")
    (tree / "more" / "binary.md").write_bytes(b"\x00\x01 not a page")
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "idle_cores", lambda: 2.0)
    root, files, _ = discover([tree])
    assert parallel.worth_it(len(files))
    # One page per chunk: every page is folded in from another process.
    monkeypatch.setattr(parallel, "CHUNKS_PER_WORKER", len(files))
    in_process = to_json(build_from_files(load(file, root) for file in files))
    forked = to_json(build_model([tree]))
    assert forked == in_process
    ids = [operation["id"] for operation in forked["operations"]]
    assert "create-contact" in ids and "create-contact-2" in ids
    assert {d["code"] for d in forked["diagnostics"]} >= {"GD001", "GD420"}


def test_a_busy_or_small_job_is_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: 4)
    monkeypatch.setattr(parallel, "idle_cores", lambda: 0.3)  # load average 3.7 of 4
    assert not parallel.worth_it(10_000)
    monkeypatch.setattr(parallel, "idle_cores", lambda: 3.0)
    assert not parallel.worth_it(parallel.MIN_PAGES - 1)
