"""`[tool.graphdoc]` from the nearest pyproject.toml; command-line flags override it.

The table is shared by every command; each reads the keys it knows and ignores the rest.
Keys `generate` reads (paths are relative to the pyproject.toml that holds them):

    [tool.graphdoc]
    specs = ["specs"]          # or one string: the pages of one API version
    output = "generated"       # the folder the package is written into
    package = "graph_beta"     # default: from the API version (v1.0 → graph_v1)
    cache = ".graphdoc_cache"  # default: `.graphdoc_cache` inside the output folder
    format = true              # black-format the output (false: faster, for experiments)

Without a pyproject.toml (or without the table) the defaults apply relative to the current
folder: `specs` → `generated`.
"""

from __future__ import annotations

import keyword
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "ConfigError",
    "GenerateConfig",
    "find_pyproject",
    "generate_config",
    "load_tool_config",
]


class ConfigError(ValueError):
    """A pyproject.toml that cannot be read, or a `[tool.graphdoc]` value of the wrong type."""


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml in `start` (default: the current folder) or above."""
    folder = (start or Path.cwd()).resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return path
    return None


def load_tool_config(start: Path | None = None) -> tuple[Path | None, dict[str, Any]]:
    """(folder of the pyproject.toml, its `[tool.graphdoc]` table); (None, {}) when absent."""
    path = find_pyproject(start)
    if path is None:
        return None, {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from error
    tool = data.get("tool", {})
    table = tool.get("graphdoc", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.graphdoc] must be a table")
    return path.parent, table


@dataclass(frozen=True, slots=True)
class GenerateConfig:
    """Settings for `graphdoc generate` after config file and flags are merged."""

    specs: tuple[Path, ...]
    output: Path
    package: str | None
    cache: Path | None
    format: bool
    source: Path | None  # the pyproject.toml folder the settings came from, if any


def _path(value: object, key: str, base: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"[tool.graphdoc] {key} must be a non-empty string")
    return base / value


def check_package_name(name: str) -> str:
    """A package name must be a plain identifier that is not a keyword."""
    if not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
        raise ConfigError(f"package name {name!r} is not a valid Python identifier")
    return name


def generate_config(
    start: Path | None = None,
    *,
    specs: list[Path] | None = None,
    output: Path | None = None,
    package: str | None = None,
    cache: Path | None = None,
    format: bool | None = None,
) -> GenerateConfig:
    """Merge `[tool.graphdoc]` (found from `start`) with flags; flags win when not None."""
    root, table = load_tool_config(start)
    base = root if root is not None else Path.cwd()
    config_specs: tuple[Path, ...] = (base / "specs",)
    if "specs" in table:
        raw = table["specs"]
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not items:
            raise ConfigError("[tool.graphdoc] specs must be a string or a list of strings")
        config_specs = tuple(_path(item, "specs", base) for item in items)
    config_output = (
        _path(table["output"], "output", base) if "output" in table else base / "generated"
    )
    config_package = table.get("package")
    if config_package is not None and not isinstance(config_package, str):
        raise ConfigError("[tool.graphdoc] package must be a string")
    config_cache = _path(table["cache"], "cache", base) if "cache" in table else None
    config_format = table.get("format", True)
    if not isinstance(config_format, bool):
        raise ConfigError("[tool.graphdoc] format must be true or false")
    chosen_package = package if package is not None else config_package
    return GenerateConfig(
        specs=tuple(specs) if specs else config_specs,
        output=output if output is not None else config_output,
        package=check_package_name(chosen_package) if chosen_package is not None else None,
        cache=cache if cache is not None else config_cache,
        format=format if format is not None else config_format,
        source=root,
    )
