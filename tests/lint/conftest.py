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


@pytest.fixture(autouse=True)
def _not_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lint's default `--fail-on` follows `CI`/`TF_BUILD`; the tests pin the workstation
    default so they read the same in CI (tests of the CI default set `CI` themselves)."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TF_BUILD", raising=False)
