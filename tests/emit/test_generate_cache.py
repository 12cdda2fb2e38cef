"""Where generate keeps its cache and that the cache stays within its limit. Before, the
cache went beside the output folder (`-o .` put it in the project's parent) and grew by a
whole output's worth on every change, never pruned."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from graphdoc.cli import main
from graphdoc.emit.generate import GenerateOptions, generate

ROOT = Path(__file__).resolve().parents[2]


def test_output_dot_keeps_the_cache_inside_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "specs", project / "specs")
    monkeypatch.chdir(project)
    assert main(["generate", "specs", "-o", ".", "--no-format", "--package", "graph"]) == 0
    assert (project / ".graphdoc_cache" / "generate").is_dir()
    assert (project / ".graphdoc_cache" / ".gitignore").read_text().endswith("*\n")
    assert not (tmp_path / ".graphdoc_cache").exists()


def _age(folder: Path, seconds: float) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            os.utime(path, (stat.st_atime - seconds, stat.st_mtime - seconds))


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() and p.name != ".gitignore"}


def test_the_cache_is_pruned_to_its_limit_keeping_what_the_run_used(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    cache = tmp_path / "cache"
    common = {"paths": (specs,), "cache_dir": cache, "workers": 1, "package": "graph"}
    generate(GenerateOptions(output=tmp_path / "out", **common))  # type: ignore[arg-type]
    first = _files(cache)
    _age(cache, 3600)  # an hour ago
    page = specs / "resources" / "website.md"
    page.write_text(page.read_text().replace("web site", "website"), encoding="utf-8")
    started = time.time()
    generate(
        GenerateOptions(output=tmp_path / "out", cache_limit=1, **common)  # type: ignore[arg-type]
    )
    second = _files(cache)
    gone, added = first - second, second - first
    # The formatted modules whose text changed are gone, their new text added; whatever the
    # second run used (hit or wrote) is kept, though the folder is over its 1-byte limit.
    assert gone and added
    assert all(path.stat().st_mtime >= started - 5 for path in second)
    assert len(second) < len(first) + len(added)
