"""`graphdoc check [PATH...]`: exit 0 clean, 1 with findings, 2 on a usage or internal error.

Findings go to stdout in the chosen format (text also prints the generated package's diff;
the other formats send that diff to stderr, so a CI log still shows it), notes to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import EXIT_ERROR, GraphdocError
from ..lint.config import FORMATS


def run(args: argparse.Namespace) -> int:
    from .gate import run_check
    from .output import render

    output_format = args.format
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    ignore = [token for token in (args.ignore or "").replace(" ", ",").split(",") if token]
    try:
        report = run_check(
            list(args.paths) or None,
            output=args.output,
            metadata=args.metadata,
            ignore=ignore or None,
        )
    except (GraphdocError, OSError) as error:
        print(f"graphdoc check: {error}", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(render(report, output_format))
    if output_format != "text" and report.diff:
        sys.stderr.write(report.diff)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"graphdoc check: {'; '.join(report.parts)}", file=sys.stderr)
    return 1 if report.findings else 0


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check",
        help="the CI gate: generated package current, model-level lint rules, $metadata",
        description="Check one API version's pages for CI: the generated package is what "
        "they generate, lint's model-level rules find no error, and (when [tool.graphdoc] "
        "names a metadata file) the types agree with the service schema. Exit 0 clean, 1 "
        "with findings, 2 on a usage error. Codes: docs/check.md.",
    )
    check.add_argument(
        "paths", nargs="*", type=Path,
        help="pages or folders of one API version (default: [tool.graphdoc] specs)",
    )
    check.add_argument(
        "-o", "--output", type=Path, help="folder the package was generated into (default: "
        "[tool.graphdoc] output)",
    )
    check.add_argument(
        "--metadata", type=Path, metavar="FILE",
        help="the service's $metadata (CSDL) to compare with (default: [tool.graphdoc] "
        "metadata; none: no comparison)",
    )
    check.add_argument(
        "--ignore", help="lint rules to leave out (codes, prefixes or names, comma-separated)"
    )
    check.add_argument("--format", choices=FORMATS, default=None, help="output format")
    check.set_defaults(handler=run)
