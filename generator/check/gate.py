"""The three parts of `graphdoc check`, each turned into findings; only errors count.

Which lint rules count (`MODEL_RULES`): those whose finding means the model the SDK is
generated from is wrong or incomplete, i.e. every rule but the ones about comments and
navigation, which the model never reads:

* GDL001, GDL002: suppression comments that name no rule or suppress nothing;
* GDL111: an author's note inside an HTML comment (info);
* GDL401, GDL402, GDL403: links between pages and anchors (GDL404, a Type-cell link that
  names another type, counts: it is a type the model reads).

`[tool.graphdoc.lint]` still applies (select, ignore, severity, exclude) and `--ignore` adds
to its ignores. A finding fails the check when its severity is `error` (lint's default in CI);
so does a comparison difference of severity `error` (a contradiction; omissions are warnings)
and every GDK finding. Warnings are not reported: what `check` prints is what fails it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import generate_options, metadata_file
from ..diagnostics import LINT
from ..errors import UsageError
from ..lint.findings import Finding
from ..lint.output import display_path

# Lint codes about comments and navigation (see the module doc); every other rule counts.
_NOT_MODEL = frozenset({"GDL001", "GDL002", "GDL111", "GDL401", "GDL402", "GDL403"})
MODEL_RULES = frozenset(rule.code for rule in LINT) - _NOT_MODEL


@dataclass(slots=True)
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    diff: str = ""  # what `graphdoc generate` would change in the package
    notes: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # one phrase per part, for the summary


def _generated(
    paths: list[Path] | None, output: Path | None, report: CheckReport
) -> tuple[Path, ...]:
    """The package part; returns the pages' paths, for the other parts."""
    from ..emit.generate import generate
    from ..emit.record import RECORD_PATH
    from .generated import generated_findings

    # Unreadable pages are lint's GDL003; the package is checked against what was read.
    options = generate_options(specs=paths, output=output, allow_unreadable=True)
    missing = [str(path) for path in options.paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    result = generate(options, check=True)
    found = generated_findings(result)
    report.findings.extend(found)
    report.diff = result.diff
    how = (
        "its record vouched, nothing rendered" if result.stats.vouched
        else "unchanged input, package as the last run left it" if result.stats.reused
        else "rendered"
    )
    state = f"{len(found)} findings" if found else f"current ({how})"
    report.parts.append(f"{display_path(result.root)}: {state}")
    if result.record_outdated:
        report.notes.append(
            f"{result.root / RECORD_PATH} is outdated or missing: the package is current, "
            "but was rendered to know it; `graphdoc generate` refreshes the record"
        )
    return options.paths


def _lint(paths: list[Path], ignore: list[str] | None, report: CheckReport) -> None:
    from ..lint.config import load_config
    from ..lint.runner import lint

    config = load_config(ignore=ignore)
    config.selected &= MODEL_RULES
    result = lint(paths, config)
    errors = [f for f in result.findings if f.severity == "error"]
    report.findings.extend(errors)
    report.parts.append(f"lint: {result.files} pages, {len(errors)} errors")


def _compare(paths: list[Path], metadata: Path, report: CheckReport) -> None:
    from ..compare.csdl import read_schema
    from ..compare.diff import compare
    from ..compare.output import as_finding
    from ..model.build import build_model, input_root

    schema = read_schema(metadata)
    model = build_model(paths)
    differences = compare(model, schema, input_root(paths)).differences
    errors = [as_finding(d) for d in differences if d.severity == "error"]
    report.findings.extend(errors)
    report.parts.append(f"compare with {metadata}: {len(errors)} errors")


def run_check(
    paths: list[Path] | None = None,
    *,
    output: Path | None = None,
    metadata: Path | None = None,
    ignore: list[str] | None = None,
) -> CheckReport:
    """Every part of the check over `paths` (default: `[tool.graphdoc]` specs)."""
    report = CheckReport()
    pages = list(_generated(paths, output, report))
    _lint(pages, ignore, report)
    metadata = metadata or metadata_file()
    if metadata is not None:
        _compare(pages, metadata, report)
    return report
