"""What a user sees of a run: `--version`, a progress line only on a terminal (never in CI,
a pipe or with `-q`), and a summary naming the files a run wrote."""

from __future__ import annotations

import io
import os
import pty
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from graphdoc.progress import StatusLine, in_ci, watched

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"


def _graphdoc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graphdoc", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_version_names_the_installed_distribution() -> None:
    result = _graphdoc("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"graphdoc {version('graphdoc')}"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_only_where_someone_watches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TF_BUILD", raising=False)
    assert watched(stream=_Terminal())
    assert not watched(quiet=True, stream=_Terminal())
    assert not watched(stream=io.StringIO())  # a pipe or a log file
    monkeypatch.setenv("CI", "true")
    assert in_ci() and not watched(stream=_Terminal())


def test_status_line_redraws_in_place_and_clears() -> None:
    terminal = _Terminal()
    line = StatusLine(terminal)
    report = line.stage("read pages")
    report(1, 3)
    report(3, 3)  # the last step is always drawn
    line.clear()
    text = terminal.getvalue()
    assert text.startswith("\rread pages 1/3")
    assert "\rread pages 3/3" in text
    assert text.endswith("\r") and "\n" not in text


def _generate_on_a_terminal(specs: Path, out: Path) -> str:
    """Run `graphdoc generate` with stderr on a pseudo-terminal; what the terminal showed."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TF_BUILD")}
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "graphdoc", "generate", str(specs), "-o", str(out)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=child,
        env=env,
    )
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=120)
    os.close(main)
    assert process.returncode == 0, shown
    return shown.decode("utf-8", "replace")


def test_generate_shows_progress_on_a_terminal_and_names_what_it_wrote(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    out = tmp_path / "out"
    shown = _generate_on_a_terminal(specs, out)
    assert "read pages 15/15" in shown
    assert "format modules" in shown
    assert "written in" in shown

    page = specs / "resources" / "contact.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "|displayName|String|", "|displayName|String|Shown to users. ", 1
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "CI": "true"}
    again = _graphdoc("generate", str(specs), "-o", str(out), env=env)
    assert again.returncode == 0, again.stderr
    assert "\r" not in again.stderr  # no progress in CI logs
    named = [line for line in again.stderr.splitlines() if line.startswith("  written in ")]
    assert len(named) == 1
    assert "models/contact.py" in named[0]
    assert "models/phone.py" not in named[0]  # unchanged files are not named

    quiet = _graphdoc("generate", str(specs), "-o", str(out), "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""
