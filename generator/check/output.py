"""`graphdoc check`'s findings in lint's formats (lint's writers), every code named by its
registry entry and documented on its own page."""

from __future__ import annotations

import json

from ..diagnostics import CHECK, COMPARE, LINT
from ..lint.output import as_json, github, sarif, text
from .gate import CheckReport

RULES = (*CHECK, *LINT, *COMPARE)
_DOCS = {"GDK": "docs/check.md", "GDL": "docs/rules.md", "GDC": "docs/compare.md"}


def _help_uri(code: str) -> str:
    return f"{_DOCS[code[:3]]}#{code.lower()}"


def _sarif(report: CheckReport) -> str:
    log = json.loads(sarif(report.findings, RULES, "docs/check.md"))
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        rule["helpUri"] = _help_uri(rule["id"])
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def render(report: CheckReport, output_format: str) -> str:
    """The findings as `output_format`; text also carries the package's diff."""
    if output_format == "json":
        return as_json(report.findings, RULES)
    if output_format == "github":
        return github(report.findings)
    if output_format == "sarif":
        return _sarif(report)
    return report.diff + text(report.findings)
