"""The generated package's example tests after `pip install`: `pytest --pyargs <package>`
from a folder that has nothing of the project finds the pages they were generated from,
keeps the `GRAPHDOC_SPECS` override, and fails naming both variables when the pages are gone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from graphdoc.emit.generate import GenerateOptions, generate

from tests.emit.support import ROOT

pytestmark = pytest.mark.slow


def _pytest(package: str, site: Path, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """`pytest --pyargs package` in `cwd`, importing only what `site` holds besides this
    Python's own environment (graphdoc, pytest, httpx)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VIRTUAL_ENV", "GRAPHDOC_", "PYTEST_"))
    }
    env.update(PYTHONPATH=str(site), **extra)
    command = [sys.executable, "-m", "pytest", "-q", "-rE", "-p", "no:cacheprovider"]
    return subprocess.run(
        [*command, "--pyargs", package],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_installed_tests_run_from_any_folder(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "specs", project / "specs")
    result = generate(
        GenerateOptions(paths=(project / "specs",), output=project / "out", use_cache=False)
    )
    package = result.package
    site = tmp_path / "install" / "lib" / "site-packages"  # deeper than the output folder
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    installed = subprocess.run(
        [*pip, "--target", str(site), str(result.root)],
        cwd=tmp_path,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    conftest = site / package / "tests" / "conftest.py"
    (recorded,) = [line for line in conftest.read_text().splitlines() if line.startswith("SPECS")]
    relative = recorded.split('"')[1]
    # From the installed copy the recorded path leads nowhere: the tests must find the pages
    # through the folder pip installed from.
    assert not (conftest.parent / relative).resolve().exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    tests = sum(text.count("\ndef test_") for name, text in result.files.items()
                if name.startswith("tests/test_"))  # fmt: skip
    assert tests > 0

    found = _pytest(package, site, elsewhere)
    assert found.returncode == 0 and f"{tests} passed" in found.stdout, found.stdout[-3000:]

    shutil.move(project / "specs", tmp_path / "moved")
    lost = _pytest(package, site, elsewhere)
    assert lost.returncode != 0
    assert "GRAPHDOC_SPECS" in lost.stdout and "GRAPHDOC_MOCK_URL" in lost.stdout, lost.stdout
    assert " passed" not in lost.stdout

    overridden = _pytest(package, site, elsewhere, GRAPHDOC_SPECS=str(tmp_path / "moved"))
    assert overridden.returncode == 0 and f"{tests} passed" in overridden.stdout, (
        overridden.stdout[-3000:]
    )
