"""Shared helpers for the lint tests: a copy of `specs/` to lint pages in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
SEED = ROOT.parent / "shared" / "seed" / "create-contact.md"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "precommit: runs the real pre-commit tool (installs this project into its env)"
    )


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """A writable copy of specs/ (one API version: api/ and resources/)."""
    target = tmp_path / "specs"
    shutil.copytree(SPECS, target)
    return target
