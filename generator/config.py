"""`[tool.graphdoc]` from the nearest pyproject.toml: one loader for every command.

Flags override the file. Every key is checked against the keys graphdoc knows: a misspelt
or outdated key is an error that names the key, its table and the file, never silently
ignored. Paths are relative to the folder of the pyproject.toml that holds them.

    [tool.graphdoc]                   # graphdoc generate
    specs = ["specs"]                 # or one string: the pages of one API version
    output = "generated"              # the folder the package is written into
    package = "graph_beta"            # default: from the API version (v1.0 -> graph_v1)
    cache-dir = ".graphdoc_cache"     # default: `.graphdoc_cache` inside the output folder
    format = true                     # black-format the output (false: faster, experiments)
    metadata = "v1.0_metadata.xml"    # graphdoc check: compare the pages with this $metadata
    distribution = "graph-beta"       # the name pip installs it by; default: the package name
    version = "1.0.0"                 # first version, or a manual bump (higher than the last)

    [tool.graphdoc.lint]              # graphdoc lint: see graphdoc.lint.config
    select = ["ALL"]
    ignore = ["GDL105"]
    severity = { GDL201 = "error" }
    exclude = ["generated/**"]
    cache-dir = ".graphdoc_cache"
    format = "text"

Without a pyproject.toml (or without the table) the defaults apply relative to the current
folder: `specs` -> `generated`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .write.cache import CACHE_LIMIT_BYTES

__all__ = [
    "ConfigError",
    "GenerateOptions",
    "ToolConfig",
    "find_pyproject",
    "generate_options",
    "load_tool_config",
    "metadata_file",
]

# The keys of each table; a table named here may hold the next one down.
KEYS: dict[str, frozenset[str]] = {
    "tool.graphdoc": frozenset(
        {
            "specs",
            "output",
            "package",
            "cache-dir",
            "format",
            "metadata",
            "distribution",
            "version",
            "lint",
        }
    ),
    "tool.graphdoc.lint": frozenset(
        {"select", "ignore", "severity", "exclude", "cache-dir", "format"}
    ),
}


@dataclass(frozen=True, slots=True)
class GenerateOptions:
    """What `graphdoc generate` generates and how, after config file and flags are merged."""

    paths: tuple[Path, ...] = (Path("specs"),)
    output: Path = Path("generated")
    package: str | None = None  # default: from the API version (`package_name`)
    format: bool = True  # black; False is for fast experiments and import tests
    schemas: bool = True
    clients: bool = True  # `client.py`, `paths/`, `parameters/`
    tests: bool = True  # `tests/`: one pytest test per documented request/response pair
    cache_dir: Path | None = None  # default: `default_cache_dir(output)`
    use_cache: bool = True
    workers: int | None = None  # black processes; default every core
    allow_unreadable: bool = False  # generate even when `reading_losses` finds some
    cache_limit: int = CACHE_LIMIT_BYTES  # the cache folder is pruned to this many bytes
    # The generated pyproject.toml: `graphdoc.emit.release` (None: the package name, 0.1.0).
    distribution: str | None = None
    version: str | None = None


@dataclass(frozen=True, slots=True)
class ToolConfig:
    """One `[tool.graphdoc...]` table as read, with the file it came from."""

    file: Path | None  # the pyproject.toml; None when there is none
    name: str  # "tool.graphdoc", "tool.graphdoc.lint"
    table: dict[str, Any] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        """The folder relative paths are under: the file's, or the current one."""
        return self.file.parent if self.file is not None else Path.cwd()

    def error(self, message: str) -> ConfigError:
        return ConfigError(f"[{self.name}] {message}", self.file)

    def section(self, key: str) -> ToolConfig:
        """The sub-table `key` (empty when absent), its keys checked."""
        value = self.table.get(key, {})
        name = f"{self.name}.{key}"
        if not isinstance(value, dict):
            raise ConfigError(f"[{name}] must be a table", self.file)
        return _checked(ToolConfig(self.file, name, value))

    def path(self, key: str) -> Path | None:
        """A path setting, relative to the file's folder; None when absent."""
        if key not in self.table:
            return None
        value = self.table[key]
        if not isinstance(value, str) or not value:
            raise self.error(f"{key} must be a non-empty string")
        return self.folder / value


def _checked(config: ToolConfig) -> ToolConfig:
    """`config`, once its keys and those of its sub-tables are known ones."""
    known = KEYS[config.name]
    for key in config.table:
        if key not in known:
            import difflib  # only for a key that is not known

            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            raise config.error(
                f"unknown key `{key}`{hint} (known: {', '.join(sorted(known))})"
            )
        if f"{config.name}.{key}" in KEYS:
            config.section(key)
    return config


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


def load_tool_config(start: Path | None = None) -> ToolConfig:
    """`[tool.graphdoc]` of the nearest pyproject.toml, its keys checked; empty when absent."""
    path = find_pyproject(start)
    if path is None:
        return ToolConfig(None, "tool.graphdoc")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(str(error), path) from error
    tool = data.get("tool", {})
    table = tool.get("graphdoc", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError("[tool.graphdoc] must be a table", path)
    return _checked(ToolConfig(path, "tool.graphdoc", table))


def metadata_file(start: Path | None = None) -> Path | None:
    """`metadata` of `[tool.graphdoc]`: the service's `$metadata` (CSDL) that `graphdoc check`
    compares the pages with; None when not set (no comparison)."""
    return load_tool_config(start).path("metadata")


def check_package_name(name: str) -> str:
    """A package name must be a plain identifier that is not a keyword, and must not shadow
    a module Python or the generated code imports (`os`, `json`, `httpx`)."""
    from .emit.naming import check_package

    try:
        return str(check_package(name))
    except ValueError as error:
        raise ConfigError(str(error)) from None


def generate_options(
    start: Path | None = None,
    *,
    specs: list[Path] | None = None,
    output: Path | None = None,
    package: str | None = None,
    cache_dir: Path | None = None,
    format: bool | None = None,
    use_cache: bool = True,
    workers: int | None = None,
    allow_unreadable: bool = False,
) -> GenerateOptions:
    """Merge `[tool.graphdoc]` (found from `start`) with flags; flags win when not None."""
    config = load_tool_config(start)
    table = config.table
    config_specs: tuple[Path, ...] = (config.folder / "specs",)
    if "specs" in table:
        raw = table["specs"]
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not items:
            raise config.error("specs must be a string or a list of strings")
        config_specs = tuple(
            ToolConfig(config.file, config.name, {"specs": item}).path("specs") or config.folder
            for item in items
        )
    config_package = table.get("package")
    if config_package is not None and not isinstance(config_package, str):
        raise config.error("package must be a string")
    config_format = table.get("format", True)
    if not isinstance(config_format, bool):
        raise config.error("format must be true or false")
    config_output = config.path("output") or config.folder / "generated"
    distribution = _checked_text(config, "distribution", check_distribution)
    version = _checked_text(config, "version", check_version)
    chosen_package = package if package is not None else config_package
    if chosen_package is not None:
        try:
            check_package_name(chosen_package)
        except ConfigError as error:
            raise ConfigError(error.message, config.file if package is None else None) from None
    return GenerateOptions(
        paths=tuple(specs) if specs else config_specs,
        output=output if output is not None else config_output,
        package=chosen_package,
        format=format if format is not None else config_format,
        cache_dir=cache_dir if cache_dir is not None else config.path("cache-dir"),
        use_cache=use_cache,
        workers=workers,
        allow_unreadable=allow_unreadable,
        distribution=distribution,
        version=version,
    )


def check_distribution(name: str) -> str:
    """A distribution name as pip and PyPI accept it (PEP 508): letters, digits, `._-`."""
    if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", name):
        raise ValueError(
            f"distribution {name!r} is not a valid package name (letters, digits and `._-`, "
            "starting and ending with a letter or digit)"
        )
    return name


def check_version(text: str) -> str:
    from .diff.versions import parse_version

    parse_version(text)
    return text


def _checked_text(config: ToolConfig, key: str, check: Callable[[str], str]) -> str | None:
    """A string setting run through `check`; its ValueError becomes a ConfigError."""
    value = config.table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise config.error(f"{key} must be a string")
    try:
        return check(value)
    except ValueError as error:
        raise config.error(str(error)) from None
