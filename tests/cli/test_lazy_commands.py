"""`graphdoc lint` on one page is a pre-commit hook's whole run: it imports the lint alone,
not the generator (black, jinja2), the mock server or the other subcommands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "specs" / "api" / "get-contact.md"


def _imported(*args: str) -> set[str]:
    probe = (
        "import sys; sys.argv = ['graphdoc', *sys.argv[1:]]\n"
        "from graphdoc.cli import main\n"
        "code = main()\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("MODULES "))
    return set(line.split()[1:])


def test_lint_imports_neither_generator_nor_server() -> None:
    modules = _imported("lint", str(PAGE))
    assert "graphdoc.lint.runner" in modules
    heavy = {"black", "jinja2", "graphdoc.emit.cli", "graphdoc.serve.cli", "graphdoc.check.cli"}
    assert not modules & heavy


def test_help_still_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "graphdoc", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for command in ("parse", "generate", "lint", "serve", "compare", "diff", "check"):
        assert command in result.stdout
