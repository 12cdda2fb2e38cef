"""One exception tree: every error graphdoc raises on purpose is a GraphdocError, drawn in
`graphdoc.errors`, and the command line turns it into a message and exit status 2."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import graphdoc.errors as errors
from graphdoc.errors import EXIT_ERROR, GraphdocError

ROOT = Path(__file__).resolve().parents[2]


def _exception_classes() -> list[tuple[str, str]]:
    """(file, class) for every class under generator/ (but the shipped runtime) whose name
    says it is an error."""
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if "runtime" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Error"):
                found.append((path.relative_to(ROOT).as_posix(), node.name))
    return found


def test_every_error_class_is_defined_once_under_the_root() -> None:
    classes = _exception_classes()
    assert all(file == "generator/errors.py" for file, _ in classes), classes
    for _, name in classes:
        assert issubclass(getattr(errors, name), GraphdocError)


def test_the_docstring_draws_every_class() -> None:
    doc = errors.__doc__ or ""
    for _, name in _exception_classes():
        assert f" {name} " in doc, name


def test_a_bad_setting_exits_2_naming_key_and_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.graphdoc]\ncache = "c"\n')
    for command in (["generate"], ["lint", str(ROOT / "specs")]):
        result = subprocess.run(
            [sys.executable, "-m", "graphdoc", *command],
            cwd=tmp_path, capture_output=True, text=True, check=False,
        )
        assert result.returncode == EXIT_ERROR, result.stderr
        assert str(tmp_path / "pyproject.toml") in result.stderr
        assert "unknown key `cache`" in result.stderr
