"""`generate --check` where the output was never generated: one line saying so, not the
whole package as a diff (a first commit in a repository of pages used to fail that way)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_check_without_output_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["generate", str(ROOT / "specs"), "-o", str(tmp_path / "sdk"), "--check"]
    assert main([*args, "--no-format", "--no-cache"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "does not exist; run `graphdoc generate`" in captured.err
    assert "graphdoc-lint hook" in captured.err
    assert not (tmp_path / "sdk").exists()
