"""Findings as text (`path:line:col: severity CODE message`, then a summary by severity),
JSON, GitHub annotations or SARIF 2.1.0."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from .. import __version__
from ..diagnostics import Code
from .findings import SEVERITIES, Finding
from .registry import BY_CODE, RULES

RULES_URL = "docs/rules.md"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def display_path(file: Path, cwd: Path | None = None) -> str:
    """A path relative to the current folder when it is below it, else absolute (posix)."""
    base = cwd or Path.cwd()
    try:
        return file.relative_to(base).as_posix()
    except ValueError:
        relative = os.path.relpath(file, base)
        return Path(relative).as_posix() if not relative.startswith("..") else file.as_posix()



def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 and word != 'info' else ''}"


def summary(findings: list[Finding], fixed: int = 0) -> str:
    """`Found 12 findings: 2 errors, 9 warnings, 1 info.`, plus what `--fix` did or can do."""
    if not findings:
        return f"Fixed {_count(fixed, 'finding')}; nothing left." if fixed else ""
    by_severity = Counter(f.severity for f in findings)
    parts = ", ".join(_count(by_severity[severity], severity) for severity in SEVERITIES)
    line = f"Found {_count(len(findings), 'finding')}: {parts}"
    if fixed:
        line += f" ({fixed} fixed)"
    line += "."
    fixable = sum(1 for f in findings if f.fix is not None)
    if fixable:
        line += f" [*] {fixable} fixable with --fix."
    return line


def text(findings: list[Finding], fixed: int = 0) -> str:
    lines = [
        f"{display_path(f.file)}:{f.line}:{f.column}: {f.severity} {f.code}"
        f"{' [*]' if f.fix is not None else ''} {f.message}"
        for f in findings
    ]
    closing = summary(findings, fixed)
    if closing:
        lines.append(closing)
    return "\n".join(lines) + ("\n" if lines else "")


def as_json(findings: list[Finding], rules: tuple[Code, ...] = RULES) -> str:
    """A list of findings; `rules`, which name each code, default to lint's own."""
    names = BY_CODE if rules is RULES else {rule.code: rule for rule in rules}
    items = [
        {
            "path": display_path(f.file),
            "line": f.line,
            "column": f.column,
            "code": f.code,
            "rule": names[f.code].name,
            "severity": f.severity,
            "message": f.message,
            "fixable": f.fix is not None,
        }
        for f in findings
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        path = display_path(f.file)
        properties = ",".join(
            [
                f"file={_escape_property(path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_escape_property(f'graphdoc ({f.code})')}",
            ]
        )
        message = _escape_data(f"{path}:{f.line}:{f.column}: {f.code} {f.message}")
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {properties}::{message}")
    return "\n".join(lines) + ("\n" if lines else "")


def sarif(
    findings: list[Finding], rules: tuple[Code, ...] = RULES, rules_url: str = RULES_URL
) -> str:
    """A SARIF log; `rules` and the page documenting them default to lint's own."""
    index = {rule.code: position for position, rule in enumerate(rules)}
    descriptors: list[dict[str, Any]] = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "helpUri": f"{rules_url}#{rule.code.lower()}",
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        }
        for rule in rules
    ]
    results: list[dict[str, Any]] = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": display_path(f.file)},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        if f.fix is not None:
            result["properties"] = {"fixable": True, "fix": f.fix.description}
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "graphdoc",
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def render(findings: list[Finding], output_format: str, fixed: int = 0) -> str:
    if output_format == "json":
        return as_json(findings)
    if output_format == "github":
        return github(findings)
    if output_format == "sarif":
        return sarif(findings)
    return text(findings, fixed)
