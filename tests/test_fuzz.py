"""bench/fuzz.py in CI: a short fixed-seed run finds nothing, and what the fuzzer finds is
named, counted and written for replay."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261204


def _load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("graphdoc_bench_fuzz", ROOT / "bench" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()
CORPUS = fuzz.default_corpus()


def test_an_input_is_reproduced_by_seed_and_index() -> None:
    first = fuzz.Mutator(CORPUS, SEED).input(12)
    again = fuzz.Mutator(CORPUS, SEED).input(12)
    assert first == again
    others = {fuzz.Mutator(CORPUS, seed).input(12).data for seed in range(5)}
    assert len(others) == 5


def test_every_mutation_changes_real_pages() -> None:
    pages = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.rglob("*.md"))[:20]]
    for name, mutate in fuzz.MUTATIONS.items():
        changed = sum(
            mutate(random.Random(f"{name}:{index}"), page, pages) != page
            for index, page in enumerate(pages)
        )
        assert changed >= len(pages) // 2, name


def test_a_short_run_finds_no_crash_and_no_unstable_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crashes = tmp_path / "crashes"
    code = fuzz.main(["--seed", str(SEED), "--pages", "40", "--batch", "20",
                      "--crashes", str(crashes)])
    out = capsys.readouterr().out
    assert code == 0, out
    for stage in fuzz.STAGES:
        line = rf"^{stage}\s+40 pages, \d+ pages/s, crashes 0, non-idempotent fixes 0; slowest "
        assert re.search(line, out, re.MULTILINE), out
    assert not crashes.exists()


def test_a_crash_is_pinned_on_its_page_and_written_for_replay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    planted = 3
    linted = fuzz.Batch.lint

    def lint(self: Any) -> Any:
        if any(item.index == planted for item in self.files.values()):
            raise RuntimeError("planted failure")
        return linted(self)

    monkeypatch.setattr(fuzz.Batch, "lint", lint)
    crashes = tmp_path / "crashes"
    code = fuzz.main(["--seed", str(SEED), "--pages", "6", "--batch", "3",
                      "--stages", "read,lint", "--crashes", str(crashes)])
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"^lint\s+6 pages, .*crashes 1,", out, re.MULTILINE), out
    assert re.search(r"^read\s+6 pages, .*crashes 0,", out, re.MULTILINE), out
    saved = crashes / f"lint-{SEED}-{planted}.md"
    assert saved.read_bytes() == fuzz.Mutator(CORPUS, SEED).input(planted).data
    note = saved.with_suffix(".txt").read_text(encoding="utf-8")
    assert "planted failure" in note
    assert f"--seed {SEED} --only {planted} --stages lint" in note
    written = sorted(path.name for path in crashes.iterdir())
    assert written == [saved.name, saved.with_suffix(".txt").name]


def test_a_fix_that_keeps_changing_a_page_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    unstable = 1

    def lint_fix(self: Any) -> int:  # a `--fix` that edits one page on every run
        for file, item in self.files.items():
            if item.index == unstable:
                file.write_bytes(file.read_bytes() + b"|")
        return 1

    monkeypatch.setattr(fuzz.Batch, "_lint_fix", lint_fix)
    code = fuzz.main(["--seed", str(SEED), "--pages", "4", "--batch", "4",
                      "--stages", "lint,fix", "--crashes", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"^fix\s+4 pages, .*crashes 0, non-idempotent fixes 1;", out, re.MULTILINE)
    assert (tmp_path / f"fix-{SEED}-{unstable}.md").exists()
