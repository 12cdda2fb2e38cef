"""`graphdoc compare`: the subcommand, its flags and its exit codes (0 same, 1 differs, 2 error)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import UsageError
from ..lint.config import FORMATS


def run(args: argparse.Namespace) -> int:
    """Exit 0 or 1; a usage error (`graphdoc.errors.UsageError`) is exit 2, by `main`."""
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    from ..model.build import build_model, input_root
    from .csdl import read_schema
    from .diff import compare
    from .output import render

    schema = read_schema(args.metadata)
    model = build_model(args.paths)
    differences = compare(model, schema, input_root(args.paths)).differences
    output_format = args.format
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    sys.stdout.write(render(differences, output_format))
    return 1 if differences else 0


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    compare = commands.add_parser(
        "compare",
        help="compare the pages' model with the service schema ($metadata CSDL)",
        description="Compare the types the pages document with a service schema (OData CSDL, "
        "the $metadata document). Exit 0 when they agree, 1 when anything differs, 2 on a "
        "usage error. Codes: docs/compare.md.",
    )
    compare.add_argument(
        "paths", nargs="+", type=Path, help="pages or folders of one API version"
    )
    compare.add_argument(
        "--metadata", type=Path, required=True, metavar="FILE",
        help="the service's CSDL document ($metadata XML) of the same API version",
    )
    compare.add_argument("--format", choices=FORMATS, default=None, help="output format")
    compare.set_defaults(handler=run)
