"""`graphdoc lint`: the subcommand, its flags and its exit codes (0 clean or only findings below
`--fail-on`, 1 findings at or above it, 2 error)."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path

from ..config import ConfigError
from ..progress import in_ci
from .config import FORMATS, load_config
from .findings import SEVERITIES, Severity
from .registry import RULES


def _codes(value: str) -> list[str]:
    return [token for token in value.replace(" ", ",").split(",") if token]


def fail_on_default(environ: Mapping[str, str] = os.environ) -> Severity:
    """`error` in CI (the whole tree, where older pages keep warnings), else `warning` (a
    pre-commit run over the pages being changed; the hook also says so explicitly)."""
    return "error" if in_ci(environ) else "warning"


def failing(severities: list[Severity], fail_on: Severity) -> bool:
    """Whether any finding is as bad as `fail_on` or worse."""
    worst = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(severity) <= worst for severity in severities)


def _list_rules() -> int:
    for rule in RULES:
        fixable = " (fixable)" if rule.fixable else ""
        print(f"{rule.code}  {rule.name:<26} {rule.severity:<7} {rule.summary}{fixable}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.list_rules:
        return _list_rules()
    try:
        output_format = args.format
        if output_format is None and os.environ.get("GITHUB_ACTIONS") == "true":
            output_format = "github"
        config = load_config(
            select=_codes(args.select) if args.select is not None else None,
            ignore=_codes(args.ignore) if args.ignore else None,
            cache_dir=args.cache_dir,
            output_format=output_format,
        )
        paths = list(args.paths) or [Path("specs")]
        from .output import render
        from .runner import UsageError, lint

        try:
            result = lint(paths, config, fix=args.fix, use_cache=not args.no_cache)
        except UsageError as error:
            print(f"graphdoc lint: {error}", file=sys.stderr)
            return 2
    except ConfigError as error:
        print(f"graphdoc lint: configuration: {error}", file=sys.stderr)
        return 2
    except Exception:  # any crash is exit 2, with the traceback to report
        print("graphdoc lint: internal error", file=sys.stderr)
        traceback.print_exc()
        return 2
    sys.stdout.write(render(result.findings, config.format, result.fixed))
    if args.statistics:
        for tree in result.trees:
            print(
                f"{tree.root}: {tree.mode} read, {tree.linted}/{tree.files} pages linted, "
                f"{tree.reindexed} re-indexed, {tree.pages_read} read, {tree.seconds:.3f}s",
                file=sys.stderr,
            )
    fail_on: Severity = args.fail_on or fail_on_default()
    return 1 if failing([f.severity for f in result.findings], fail_on) else 0


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lint = commands.add_parser(
        "lint",
        help="check pages: placeholders, structure, examples against the model, links",
        description="Lint Graph reference pages. Exit 0 clean (or only findings below "
        "--fail-on), 1 with findings at or above it, 2 on a usage or internal error. "
        "Settings: [tool.graphdoc.lint] in pyproject.toml.",
    )
    lint.add_argument(
        "paths", nargs="*", type=Path,
        help="pages or folders (default: specs); each page is checked against its whole tree",
    )
    lint.add_argument("--format", choices=FORMATS, default=None, help="output format")
    lint.add_argument(
        "--fail-on", choices=SEVERITIES, default=None,
        help="exit 1 on findings this bad or worse (default: warning; error when CI is set)",
    )
    lint.add_argument("--select", help="only these codes, prefixes or rule names (comma-separated)")
    lint.add_argument("--ignore", help="codes, prefixes or rule names to leave out")
    lint.add_argument("--fix", action="store_true", help="apply mechanical fixes in place")
    lint.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    lint.add_argument("--cache-dir", type=Path, default=None, help="cache folder")
    lint.add_argument("--statistics", action="store_true", help="timings per tree on stderr")
    lint.add_argument("--list-rules", action="store_true", help="print every rule and exit")
    lint.set_defaults(handler=run)
