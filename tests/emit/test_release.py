"""`graphdoc generate` as a release: the version in the generated pyproject.toml follows the
change report against the previous generation, and CHANGELOG.md gets its entry.

Two generations of hand-made pages (`tests/diff/pages.py`) in one output folder: the second
run reads what the first left (`.graphdoc/api.json`, `pyproject.toml`, `CHANGELOG.md`).
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest
from graphdoc.diff.snapshot import content_of
from graphdoc.emit.generate import GenerateOptions, GenerateResult, generate
from graphdoc.emit.release import (
    CHANGELOG_PATH,
    HTTPX_REQUIREMENT,
    PYPROJECT_PATH,
    SNAPSHOT_PATH,
    decide,
)

from tests.diff.pages import BASE_TREE, resource, write_pages

WIDGET_ROWS = [
    "id|String|The key.",
    "size|Int32|Size.",
    "color|String|Color.",
    "tags|String collection|Tags.",
]


class Project:
    """A doc tree and the folder its package is generated into, run after run."""

    def __init__(self, root: Path, **options: str) -> None:
        self.pages = write_pages(root / "pages", BASE_TREE)
        self.out = root / "out"
        self.options = options

    def generate(self, *, check: bool = False, **options: str) -> GenerateResult:
        settings = {**self.options, **options}
        return generate(
            GenerateOptions(
                paths=(self.pages,),
                output=self.out,
                package="widgets",
                format=False,  # formatting changes nothing a version depends on; it costs
                use_cache=False,
                distribution=settings.get("distribution"),
                version=settings.get("version"),
            ),
            check=check,
        )

    def widget(self, rows: list[str]) -> None:
        write_pages(self.pages, {"resources/widget.md": resource("widget", rows)})

    def version(self) -> str:
        text = (self.out / "widgets" / PYPROJECT_PATH).read_text(encoding="utf-8")
        return str(tomllib.loads(text)["project"]["version"])

    def changelog(self) -> str:
        return (self.out / "widgets" / CHANGELOG_PATH).read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def _entry(changelog: str, version: str) -> str:
    """The text of one version's entry."""
    start = changelog.index(f"\n## {version}\n")
    end = changelog.find("\n## ", start + 1)
    return changelog[start : end if end != -1 else None]


def test_first_generation_takes_the_configured_version_or_0_1_0(tmp_path: Path) -> None:
    plain = Project(tmp_path / "a")
    plain.generate()
    assert plain.version() == "0.1.0"
    project = tomllib.loads((plain.out / "widgets" / PYPROJECT_PATH).read_text())["project"]
    assert project["name"] == "widgets"
    assert project["dependencies"] == ["httpx>=0.27,<1"]
    assert "First generation." in _entry(plain.changelog(), "0.1.0")
    named = Project(tmp_path / "b", distribution="contoso-widgets", version="2.3.0")
    named.generate()
    assert named.version() == "2.3.0"
    assert 'name = "contoso-widgets"' in (named.out / "widgets" / PYPROJECT_PATH).read_text()


def test_nothing_changed_moves_nothing(project: Project) -> None:
    first = project.generate()
    second = project.generate()
    assert second.files == first.files
    assert second.stats.written == 0
    assert project.generate(check=True).diff == ""
    assert project.changelog().count("\n## ") == 1


def test_a_snapshot_an_earlier_graphdoc_wrote_moves_nothing_by_itself(project: Project) -> None:
    """Snapshots of earlier versions hold a content digest over the files' texts, not their
    digests: compared with one of those, an unchanged package is still no code change."""
    first = project.generate()
    shipped = sorted(
        (path, text)
        for path, text in first.files.items()
        if path not in (PYPROJECT_PATH, CHANGELOG_PATH) and not path.startswith(".graphdoc/")
    )
    older = hashlib.sha256(
        b"".join(f"{path}\0{text}\0".encode() for path, text in shipped)
    ).hexdigest()
    snapshot = project.out / "widgets" / SNAPSHOT_PATH
    text = snapshot.read_text(encoding="utf-8")
    assert content_of(text).startswith("files:")
    snapshot.write_text(text.replace(content_of(text), older, 1), encoding="utf-8")
    project.generate()
    assert project.version() == "0.1.0"
    assert content_of(snapshot.read_text(encoding="utf-8")) == content_of(text)
    snapshot.write_text(text.replace(content_of(text), "0" * 64, 1), encoding="utf-8")
    project.generate()
    assert project.version() == "0.1.1"  # an older digest of other files: code changed


def test_added_property_is_a_minor_release(project: Project) -> None:
    project.generate()
    project.widget([*WIDGET_ROWS, "shape|String|Shape."])
    project.generate()
    assert project.version() == "0.2.0"
    entry = _entry(project.changelog(), "0.2.0")
    assert "ask for a minor release" in entry
    assert "### Compatible changes" in entry and "### Breaking changes" not in entry
    assert "| property | `microsoft.graph.widget.shape` | added | resources/widget.md:21 |" in entry
    # The earlier entry is kept, below the new one.
    changelog = project.changelog()
    assert changelog.index("\n## 0.2.0\n") < changelog.index("\n## 0.1.0\n")


def test_removed_property_is_a_major_release(project: Project) -> None:
    project.generate()
    project.widget([row for row in WIDGET_ROWS if not row.startswith("color")])
    project.generate()
    assert project.version() == "1.0.0"
    entry = _entry(project.changelog(), "1.0.0")
    assert "### Breaking changes" in entry
    assert "| property | `microsoft.graph.widget.color` | removed | resources/widget.md:19 |" in (
        entry
    )  # a removal points at the page it was removed from, in the previous tree


def test_description_only_is_no_api_change_but_a_patch_of_the_package(project: Project) -> None:
    """The report's semver is `none` (prose is no API change), yet the docstrings shipped
    changed: the version moves by a patch so that one version names one content."""
    project.generate()
    project.widget([row.replace("Color.", "The colour, as shown.") for row in WIDGET_ROWS])
    project.generate()
    assert project.version() == "0.1.1"
    entry = _entry(project.changelog(), "0.1.1")
    assert "No API change since 0.1.0" in entry and "| kind |" not in entry
    project.generate()
    assert project.version() == "0.1.1"  # and the rerun leaves it there


def test_changes_accumulate_one_entry_per_version(project: Project) -> None:
    project.generate()
    project.widget([*WIDGET_ROWS, "shape|String|Shape."])
    project.generate()
    project.widget([*WIDGET_ROWS[:2], "shape|String|Shape."])
    project.generate()
    assert project.version() == "1.0.0"
    headings = [line for line in project.changelog().splitlines() if line.startswith("## ")]
    assert headings == ["## 1.0.0", "## 0.2.0", "## 0.1.0"]


def test_a_higher_configured_version_wins_a_lower_one_does_not(project: Project) -> None:
    project.generate()
    project.widget([*WIDGET_ROWS, "shape|String|Shape."])
    project.generate(version="0.5.0")  # a maintainer's manual bump
    assert project.version() == "0.5.0"
    assert "Version set in `[tool.graphdoc]`" in _entry(project.changelog(), "0.5.0")
    project.widget([*WIDGET_ROWS, "shape|String|Shape.", "depth|Int32|Depth."])
    project.generate(version="0.5.0")  # no longer higher than the stored version
    assert project.version() == "0.6.0"


def test_a_previous_package_without_snapshot_gets_a_major_release(project: Project) -> None:
    project.generate()
    (project.out / "widgets" / SNAPSHOT_PATH).unlink()
    project.generate()
    assert project.version() == "1.0.0"
    assert "no readable API snapshot" in _entry(project.changelog(), "1.0.0")


def test_check_reports_the_version_a_regeneration_would_write(project: Project) -> None:
    project.generate()
    project.widget([*WIDGET_ROWS, "shape|String|Shape."])
    diff = project.generate(check=True).diff
    assert '-version = "0.1.0"\n+version = "0.2.0"' in diff
    assert project.version() == "0.1.0"  # check writes nothing


def test_check_sees_a_manual_bump_although_the_pages_did_not_change(project: Project) -> None:
    """The record vouches for a tree whose model and generator settings are unchanged; the
    configured version is one of those settings."""
    project.generate()
    assert project.generate(check=True).diff == ""
    diff = project.generate(check=True, version="3.0.0").diff
    assert '-version = "0.1.0"\n+version = "3.0.0"' in diff


def test_decide_without_a_readable_previous_version_starts_over() -> None:
    release = decide(
        "{}", previous_snapshot=None, previous_pyproject="[x]\n", configured=None, files={}
    )
    assert (release.version, release.previous) == ((0, 1, 0), None)


def test_the_httpx_requirement_is_the_one_graphdoc_tests_the_runtime_with() -> None:
    from tests.emit.support import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert HTTPX_REQUIREMENT in project["dependencies"]


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` but bytecode caches (an import from the folder writes them)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.slow
def test_pip_installs_the_generated_package_from_outside_the_repository(tmp_path: Path) -> None:
    """`pip install <output>/<package>` into a fresh virtual environment, run from a folder
    that has nothing of the repository: the import package with its runtime, models,
    clients, schemas and `py.typed`; no release file or graphdoc record in it; the generated
    folder left as it was (no build leftovers in a committed tree)."""
    import os
    import subprocess
    import sys

    from tests.emit.support import ROOT

    result = generate(
        GenerateOptions(paths=(ROOT / "specs",), output=tmp_path / "out", use_cache=False)
    )
    folder = result.root
    before = _tree(folder)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    def run(*command: str) -> str:
        done = subprocess.run(
            command, cwd=elsewhere, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    python = str(venv / "bin" / "python")
    run(python, "-m", "pip", "install", "--quiet", str(folder))
    package = result.package
    script = f"""
import importlib.metadata as metadata, importlib.resources as resources, pathlib
import {package}
from {package}.client import GraphClient, AsyncGraphClient
from {package}.models.contact import Contact
from {package}._runtime import UNSET
files = resources.files("{package}")
assert files.joinpath("py.typed").is_file()
assert files.joinpath("schemas", "bundle.json").is_file()
assert files.joinpath("schemas", "strict", "microsoft.graph.contact.json").is_file()
installed = pathlib.Path({package}.__file__).parent
names = {{p.relative_to(installed).as_posix() for p in installed.rglob("*")}}
assert not names & {{"pyproject.toml", "CHANGELOG.md", ".graphdoc", ".graphdoc-manifest"}}, names
print(installed)
print(metadata.version("{package}"))
print(metadata.requires("{package}"))
"""
    lines = run(python, "-c", script).splitlines()
    assert lines[0].startswith(str(venv))  # the installed copy, not the generated folder
    assert lines[1] == "0.1.0"
    assert lines[2] == "['httpx<1,>=0.27']"
    assert _tree(folder) == before
    # Editable, for a project developing against the package it regenerates.
    run(python, "-m", "pip", "install", "--quiet", "--editable", str(folder))
    located = run(python, "-c", f"import {package}.client; print({package}.__file__)")
    assert located.strip() == str(folder / "__init__.py")
    assert _tree(folder) == before
