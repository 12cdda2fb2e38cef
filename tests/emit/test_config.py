"""`[tool.graphdoc]` from the nearest pyproject.toml, with flags winning; unknown keys refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.config import (
    ConfigError,
    ToolConfig,
    find_pyproject,
    generate_options,
    load_tool_config,
)
from graphdoc.lint.config import load_config


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n{table}\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    return nested


def test_defaults_relative_to_the_project_root(tmp_path: Path) -> None:
    nested = _project(tmp_path, "")
    options = generate_options(nested)
    assert find_pyproject(nested) == tmp_path / "pyproject.toml"
    assert options.paths == (tmp_path / "specs",)
    assert options.output == tmp_path / "generated"
    assert options.package is None and options.cache_dir is None and options.format


def test_table_values_and_flag_overrides(tmp_path: Path) -> None:
    nested = _project(
        tmp_path,
        '[tool.graphdoc]\nspecs = ["docs/v1.0", "extra"]\noutput = "sdk"\n'
        'package = "graph_v1"\ncache-dir = ".cache"\nformat = false\n',
    )
    options = generate_options(nested)
    assert options.paths == (tmp_path / "docs/v1.0", tmp_path / "extra")
    assert options.output == tmp_path / "sdk"
    assert (options.package, options.cache_dir, options.format) == (
        "graph_v1",
        tmp_path / ".cache",
        False,
    )
    flags = generate_options(
        nested, specs=[Path("p")], output=Path("o"), package="mine", format=True, workers=2
    )
    assert (flags.paths, flags.output, flags.package, flags.format, flags.workers) == (
        (Path("p"),),
        Path("o"),
        "mine",
        True,
        2,
    )
    assert generate_options(nested, specs=None).paths == options.paths


def test_release_name_and_version(tmp_path: Path) -> None:
    nested = _project(
        tmp_path, '[tool.graphdoc]\ndistribution = "contoso.graph-sdk"\nversion = "2.10.0"\n'
    )
    options = generate_options(nested)
    assert (options.distribution, options.version) == ("contoso.graph-sdk", "2.10.0")
    (tmp_path / "bare").mkdir()
    assert generate_options(_project(tmp_path / "bare", "")).version is None


def test_single_string_specs(tmp_path: Path) -> None:
    nested = _project(tmp_path, '[tool.graphdoc]\nspecs = "pages"\n')
    assert generate_options(nested).paths == (tmp_path / "pages",)


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
        '[tool.graphdoc]\nversion = "1.0"\n',
        '[tool.graphdoc]\nversion = "1.0.0rc1"\n',
        "[tool.graphdoc]\nversion = 1\n",
        '[tool.graphdoc]\ndistribution = "-graph"\n',
        '[tool.graphdoc]\ndistribution = "graph sdk"\n',
        "[tool]\ngraphdoc = 3\n",
        "[tool.graphdoc\n",
    ],
)
def test_bad_values_are_reported_with_the_file(tmp_path: Path, table: str) -> None:
    nested = _project(tmp_path, table)
    with pytest.raises(ConfigError) as raised:
        generate_options(nested)
    assert raised.value.file == tmp_path / "pyproject.toml"
    assert str(raised.value).startswith(f"{tmp_path / 'pyproject.toml'}: ")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '[tool.graphdoc]\ncache = ".c"\n',
            "[tool.graphdoc] unknown key `cache`; did you mean `cache-dir`?",
        ),
        ("[tool.graphdoc]\nspec = 'x'\n", "[tool.graphdoc] unknown key `spec`; did you mean"),
        (
            "[tool.graphdoc.lint]\nselects = ['ALL']\n",
            "[tool.graphdoc.lint] unknown key `selects`; did you mean `select`?",
        ),
        ("[tool.graphdoc.serve]\nport = 1\n", "[tool.graphdoc] unknown key `serve`"),
        ("[tool.graphdoc]\nlint = 3\n", "[tool.graphdoc.lint] must be a table"),
    ],
)
def test_unknown_keys_are_refused_by_every_command(
    tmp_path: Path, table: str, message: str
) -> None:
    nested = _project(tmp_path, table)
    for load in (generate_options, load_config):
        with pytest.raises(ConfigError) as raised:
            load(nested)
        assert str(raised.value).startswith(f"{tmp_path / 'pyproject.toml'}: {message}")


def test_lint_settings_errors_name_the_file(tmp_path: Path) -> None:
    nested = _project(tmp_path, '[tool.graphdoc.lint]\nselect = ["GDL999"]\n')
    with pytest.raises(ConfigError, match=r"pyproject\.toml: \[tool\.graphdoc\.lint\] select"):
        load_config(nested)


def test_one_cache_key_for_both_commands(tmp_path: Path) -> None:
    nested = _project(
        tmp_path, '[tool.graphdoc]\ncache-dir = "g"\n\n[tool.graphdoc.lint]\ncache-dir = "l"\n'
    )
    assert generate_options(nested).cache_dir == tmp_path / "g"
    assert load_config(nested).cache_dir == tmp_path / "l"


def test_no_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("graphdoc.config.find_pyproject", lambda start=None: None)
    assert load_tool_config(tmp_path) == ToolConfig(None, "tool.graphdoc", {})
    monkeypatch.chdir(tmp_path)
    assert generate_options().output == tmp_path / "generated"
