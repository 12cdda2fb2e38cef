"""Differences in lint's formats (text, GitHub annotations, SARIF, through lint's writers), or
as JSON: one object per difference with what each side says."""

from __future__ import annotations

import json
from typing import Any

from ..lint.findings import Finding
from ..lint.output import display_path, github, sarif, text
from .diff import Difference
from .registry import RULES

RULES_URL = "docs/compare.md"


def as_finding(difference: Difference) -> Finding:
    return Finding(
        path=display_path(difference.file),
        line=difference.line,
        column=1,
        code=difference.code,
        message=difference.message,
        file=difference.file,
        severity=difference.severity,
    )


def as_json(differences: list[Difference]) -> str:
    items: list[dict[str, Any]] = [
        {
            "code": difference.code,
            "kind": difference.kind,
            "name": difference.name,
            "docs": difference.docs,
            "metadata": difference.metadata,
            "path": display_path(difference.file),
            "line": difference.line,
            "severity": difference.severity,
            "message": difference.message,
        }
        for difference in differences
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def render(differences: list[Difference], output_format: str) -> str:
    if output_format == "json":
        return as_json(differences)
    findings = [as_finding(difference) for difference in differences]
    if output_format == "github":
        return github(findings)
    if output_format == "sarif":
        return sarif(findings, RULES, RULES_URL)
    return text(findings)
