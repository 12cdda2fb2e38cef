"""graphdoc as a stranger installs it: the source folders all packaged, and a wheel built from
the repository that works from a folder that has nothing of the repository in it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _declared_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_every_source_folder_is_a_declared_package() -> None:
    """A subpackage missing from `packages` would work in a checkout and vanish from the wheel."""
    on_disk = {
        "graphdoc"
        + "".join(f".{part}" for part in init.parent.relative_to(ROOT / "generator").parts)
        for init in (ROOT / "generator").rglob("__init__.py")
    }
    assert on_disk | {"graphdoc.templates"} == _declared_packages()


def test_no_symlinks_in_the_repository() -> None:
    """Links break where a checkout writes them as plain files (Windows, some archives)."""
    listed = subprocess.run(
        ["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    links = [line.split("\t", 1)[1] for line in listed.splitlines() if line.startswith("120000")]
    assert links == []


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.mark.slow
def test_wheel_generates_and_its_tests_pass_outside_the_repository(tmp_path: Path) -> None:
    """`pip wheel .`, a fresh virtual environment, `graphdoc generate` on a copy of specs/,
    then the generated package's own tests against `graphdoc serve`, all outside the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    wheels = tmp_path / "wheels"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        tmp_path,
        env,
    )
    (wheel,) = wheels.glob("graphdoc-*.whl")
    phrases = sorted(p.name for p in (ROOT / "generator/lint/rules/phrases").glob("*.txt"))
    with zipfile.ZipFile(wheel) as archive:  # the lint's phrase files are package data
        names = set(archive.namelist())
    assert phrases and {f"graphdoc/lint/rules/phrases/{name}" for name in phrases} <= names
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    python = venv / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "--quiet", str(wheel), "pytest"], tmp_path, env)

    work = tmp_path / "project"
    shutil.copytree(ROOT / "specs", work / "specs")
    graphdoc = venv / "bin" / "graphdoc"
    generated = _run([str(graphdoc), "generate", "specs", "-o", "out"], work, env)
    assert "out/" in generated.stdout + generated.stderr or (work / "out").is_dir()
    (package,) = [p for p in (work / "out").iterdir() if (p / "__init__.py").is_file()]
    # The installed graphdoc, not the checkout: its modules live in the virtual environment.
    located = _run([str(python), "-c", "import graphdoc; print(graphdoc.__file__)"], work, env)
    assert str(venv) in located.stdout
    tests = _run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{package.name}/tests"],
        work / "out",
        env,
    )
    assert " passed" in tests.stdout and " failed" not in tests.stdout
