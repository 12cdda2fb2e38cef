"""Lint settings: `[tool.graphdoc.lint]` in the nearest pyproject.toml, then command-line flags.

```toml
[tool.graphdoc.lint]
select = ["ALL"]                 # codes, prefixes (GDL1) or rule names
ignore = ["GDL105"]
severity = { GDL201 = "error" }  # error | warning | info
exclude = ["generated/**"]       # globs over paths relative to the config file's folder
cache-dir = ".graphdoc_cache"
format = "text"                  # text | json | github | sarif
```
`--select` replaces the configured selection, `--ignore` adds to the configured ignores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import ConfigError, ToolConfig, load_tool_config
from .findings import SEVERITIES, Severity
from .registry import BY_CODE, expand

FORMATS = ("text", "json", "github", "sarif")


@dataclass(slots=True)
class LintConfig:
    selected: set[str] = field(default_factory=lambda: set(BY_CODE))
    severities: dict[str, Severity] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    cache_dir: Path | None = None
    format: str = "text"
    base: Path = field(default_factory=Path.cwd)  # the folder `exclude` and `cache-dir` are under
    source: Path | None = None  # the pyproject.toml read, if any

    def severity(self, code: str) -> Severity:
        return self.severities.get(code) or BY_CODE[code].severity

    def enabled(self, code: str) -> bool:
        return code in self.selected


def _codes(value: Any, key: str, settings: ToolConfig | None = None) -> set[str]:
    """Codes named by a setting (`settings` given) or by a flag."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        message = f"{key} must be a list of codes or rule names"
        raise settings.error(message) if settings is not None else ConfigError(message)
    codes, unknown = expand(value)
    if unknown:
        message = f"{key} names unknown rules: {', '.join(unknown)}"
        raise settings.error(message) if settings is not None else ConfigError(message)
    return codes


def load_config(
    start: Path | None = None,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    cache_dir: Path | None = None,
    output_format: str | None = None,
) -> LintConfig:
    """Settings from the nearest pyproject.toml above `start` (the current folder), then flags."""
    start = (start or Path.cwd()).resolve()
    settings = load_tool_config(start).section("lint")
    table = settings.table
    config = LintConfig(base=settings.folder if settings.file is not None else start)
    config.source = settings.file
    if "select" in table:
        config.selected = _codes(table["select"], "select", settings)
    if "ignore" in table:
        config.selected -= _codes(table["ignore"], "ignore", settings)
    severities = table.get("severity", {})
    if not isinstance(severities, dict):
        raise settings.error('severity must be a table of code = "error|warning|info"')
    for key, value in severities.items():
        if value not in SEVERITIES:
            raise settings.error(f"severity of {key} must be one of {', '.join(SEVERITIES)}")
        for code in _codes([key], "severity", settings):
            config.severities[code] = value
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(item, str) for item in exclude):
        raise settings.error("exclude must be a list of globs")
    config.exclude = list(exclude)
    config.cache_dir = settings.path("cache-dir")
    if "format" in table:
        if table["format"] not in FORMATS:
            raise settings.error(f"format must be one of {', '.join(FORMATS)}")
        config.format = table["format"]
    if select is not None:
        config.selected = _codes(select, "--select")
    if ignore:
        config.selected -= _codes(ignore, "--ignore")
    if cache_dir is not None:
        config.cache_dir = cache_dir
    if output_format is not None:
        config.format = output_format
    if config.format not in FORMATS:
        raise ConfigError(f"format must be one of {', '.join(FORMATS)}")
    if config.cache_dir is None:
        config.cache_dir = config.base / ".graphdoc_cache"
    return config
