"""`[tool.graphdoc]` from the nearest pyproject.toml, with flags winning."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.config import ConfigError, find_pyproject, generate_config, load_tool_config


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n{table}\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    return nested


def test_defaults_relative_to_the_project_root(tmp_path: Path) -> None:
    nested = _project(tmp_path, "")
    config = generate_config(nested)
    assert find_pyproject(nested) == tmp_path / "pyproject.toml"
    assert config.specs == (tmp_path / "specs",)
    assert config.output == tmp_path / "generated"
    assert config.package is None and config.cache is None and config.format
    assert config.source == tmp_path


def test_table_values_and_flag_overrides(tmp_path: Path) -> None:
    nested = _project(
        tmp_path,
        '[tool.graphdoc]\nspecs = ["docs/v1.0", "extra"]\noutput = "sdk"\n'
        'package = "graph_v1"\ncache = ".cache"\nformat = false\nother_tool_key = 1\n',
    )
    config = generate_config(nested)
    assert config.specs == (tmp_path / "docs/v1.0", tmp_path / "extra")
    assert config.output == tmp_path / "sdk"
    assert (config.package, config.cache, config.format) == (
        "graph_v1",
        tmp_path / ".cache",
        False,
    )
    flags = generate_config(
        nested, specs=[Path("p")], output=Path("o"), package="mine", format=True
    )
    assert (flags.specs, flags.output, flags.package, flags.format) == (
        (Path("p"),),
        Path("o"),
        "mine",
        True,
    )
    assert generate_config(nested, specs=None).specs == config.specs


def test_single_string_specs(tmp_path: Path) -> None:
    nested = _project(tmp_path, '[tool.graphdoc]\nspecs = "pages"\n')
    assert generate_config(nested).specs == (tmp_path / "pages",)


@pytest.mark.parametrize(
    "table",
    [
        "[tool.graphdoc]\nspecs = 3\n",
        "[tool.graphdoc]\nspecs = []\n",
        '[tool.graphdoc]\noutput = ""\n',
        "[tool.graphdoc]\npackage = 1\n",
        '[tool.graphdoc]\npackage = "not-a-name"\n',
        '[tool.graphdoc]\npackage = "class"\n',
        '[tool.graphdoc]\nformat = "yes"\n',
        "[tool]\ngraphdoc = 3\n",
        "[tool.graphdoc\n",
    ],
)
def test_bad_values_are_reported(tmp_path: Path, table: str) -> None:
    nested = _project(tmp_path, table)
    with pytest.raises(ConfigError):
        generate_config(nested)


def test_no_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("graphdoc.config.find_pyproject", lambda start=None: None)
    assert load_tool_config(tmp_path) == (None, {})
    monkeypatch.chdir(tmp_path)
    assert generate_config().output == tmp_path / "generated"
