"""Every command refuses a path that does not exist (exit 2, the path named) instead of
reading nothing: `parse` printed an empty model and exited 0, `serve` listened with 0 routes."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", ["parse", "serve", "generate", "lint"])
def test_a_missing_path_is_refused(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    extra = ["--port", "0"] if command == "serve" else []
    assert main([command, str(ROOT / "specs"), str(missing), *extra]) == 2
    captured = capsys.readouterr()
    assert "no such file or folder" in captured.err and str(missing) in captured.err
    assert captured.out == ""
