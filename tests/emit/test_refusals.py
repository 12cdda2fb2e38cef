"""`generate` refuses, before writing a byte, an output it would have to write through a
symlink, over a user's file, or where a user's file stands in for one of its folders; every
problem is named at once (before: after several files, the second with a bare [Errno 17])."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_generate_names_every_problem_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "out" / "graph"
    package.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (package / "models").symlink_to(tmp_path / "elsewhere")
    (package / "paths").write_text("a user's file\n")
    (package / "client.py").write_text("a user's client\n")
    before = _files(tmp_path)
    args = ["generate", str(ROOT / "specs"), "-o", str(tmp_path / "out"), "--package", "graph"]
    assert main([*args, "--no-format", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "nothing written" in err and "Errno" not in err
    assert "models/ is a symlink" in err
    assert "paths is a file, where graphdoc must make the folder paths/" in err
    assert "client.py exists and graphdoc did not write it" in err
    assert _files(tmp_path) == before
    assert (package / "client.py").read_text() == "a user's client\n"
