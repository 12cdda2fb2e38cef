"""The generated package's README quickstart, run as a user would: its two `python` blocks
(sync and async) copied out of README.md, checked with `mypy --strict`, and run as
programs against `graphdoc serve` on specs/: create a contact, get it by the id the
service returned, update it, list with a limit, delete it, and see the typed error the
deleted contact's GET raises.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from graphdoc.emit.generate import GenerateOptions, GenerateResult, generate
from graphdoc.model.build import build_model
from graphdoc.serve.server import serving

from tests.emit.support import ROOT, run_tool

SPECS = ROOT / "specs"
_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GenerateResult:
    out = tmp_path_factory.mktemp("quickstart")
    options = GenerateOptions(
        paths=(SPECS,), output=out / "generated", cache_dir=out / "cache", workers=2
    )
    return generate(options)


@pytest.fixture(scope="module")
def programs(generated: GenerateResult, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    readme = (generated.root / "README.md").read_text(encoding="utf-8")
    blocks = _BLOCK.findall(readme)
    assert len(blocks) == 2, "the README holds a sync and an async quickstart"
    folder = tmp_path_factory.mktemp("programs")
    paths = [folder / "quickstart_sync.py", folder / "quickstart_async.py"]
    for path, block in zip(paths, blocks, strict=True):
        path.write_text(block, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with serving(build_model([SPECS])) as url:
        yield url


def _run(program: Path, generated: GenerateResult, url: str) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(generated.root.parent),
        "GRAPH_TOKEN": "quickstart-token",
        "GRAPH_URL": f"{url}/beta",
    }
    done = subprocess.run(
        [sys.executable, str(program)],
        cwd=program.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_walk_uses_a_collection_reached_without_ids(programs: list[Path]) -> None:
    text = programs[0].read_text(encoding="utf-8")
    assert "items = client.me.contacts" in text
    assert "items.create(Contact(display_name=" in text
    assert "items.list(top=10, limit=25)" in text


def test_sync_quickstart_runs_against_the_mock(
    programs: list[Path], generated: GenerateResult, mock_url: str
) -> None:
    out = _run(programs[0], generated, mock_url)
    created = re.search(rf"^created ({_UUID}) Quickstart$", out, re.MULTILINE)
    assert created, out
    assert f"listed {created.group(1)}" in out  # the list holds what was created
    assert out.rstrip().endswith("gone: 404 ResourceNotFound"), out


def test_async_quickstart_runs_against_the_mock(
    programs: list[Path], generated: GenerateResult, mock_url: str
) -> None:
    out = _run(programs[1], generated, mock_url)
    assert re.search(rf"^created {_UUID} Quickstart$", out, re.MULTILINE), out
    assert re.search(r"^page of \d+ next: ", out, re.MULTILINE), out
    assert out.rstrip().endswith("gone: 404 ResourceNotFound"), out


def test_quickstart_passes_mypy_strict(programs: list[Path], generated: GenerateResult) -> None:
    done = run_tool(
        ["mypy", "--strict", "--no-incremental", *(str(p) for p in programs)],
        generated.root.parent,
    )
    assert done.returncode == 0, done.stdout + done.stderr
