"""`graphdoc generate [PATH...] [-o DIR] [--check]`, added to the main parser by `add_commands`.

Exit codes: 0 done (or, with --check, output current); 1 with --check when the output on
disk is stale (the unified diff goes to stdout); 2 for a bad configuration or a generator
failure. A one-line summary goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import generate_options
from ..errors import EXIT_ERROR, GraphdocError, UsageError

if TYPE_CHECKING:
    from .generate import GenerateResult

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `generate` on the main parser's subcommands."""
    parser = commands.add_parser(
        "generate",
        help="generate the Python package (models, runtime, JSON Schemas) from pages",
        description="Generate one Python package per API version from Graph reference pages. "
        "Defaults come from [tool.graphdoc] in the nearest pyproject.toml, else specs → "
        "generated.",
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, help="pages or folders of one API version (default: specs)"
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="folder the package goes into (default: generated)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; print a diff and exit 1 when the output on disk is stale",
    )
    parser.add_argument("--package", help="package name (default: from the API version)")
    parser.add_argument(
        "--no-format", dest="format", action="store_false", default=None, help="skip black"
    )
    parser.add_argument(
        "--cache-dir", type=Path, help="cache folder (default: .graphdoc_cache beside the output)"
    )
    parser.add_argument("--no-cache", action="store_true", help="use and keep no cache")
    parser.add_argument(
        "--jobs", type=int, default=None, help="black processes (default: all cores)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print timings and notes")
    parser.set_defaults(handler=_generate)


def _summary(result: GenerateResult, check: bool) -> str:
    stats = result.stats
    origin = (
        "unchanged input, output from cache"
        if stats.reused
        else (f"black {stats.format_misses} formatted, {stats.format_hits} cached")
    )
    if check:
        state = "stale" if result.diff else "up to date"
        return f"{result.root}: {stats.files} files {state} ({origin}; {stats.total_seconds:.1f} s)"
    return (
        f"{result.root}: {stats.files} files, {stats.written} written, "
        f"{stats.removed} removed ({origin}; {stats.total_seconds:.1f} s)"
    )


def _generate(args: argparse.Namespace) -> int:
    # Imported here: black and jinja2 cost ~0.1 s, which `graphdoc lint` must not pay.
    from .generate import generate

    try:
        options = generate_options(
            specs=list(args.paths) or None,
            output=args.output,
            package=args.package,
            cache_dir=args.cache_dir,
            format=args.format,
            use_cache=not args.no_cache,
            workers=args.jobs,
        )
        if args.jobs is not None and args.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        missing = [str(path) for path in options.paths if not path.exists()]
        if missing:
            raise UsageError(f"no such file or folder: {', '.join(missing)}")
        result = generate(options, check=args.check)
    except (GraphdocError, OSError) as error:
        print(f"graphdoc generate: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.verbose:
        stats = result.stats
        print(
            f"model {stats.model_seconds:.2f} s, render {stats.render_seconds:.2f} s, "
            f"schemas {stats.schema_seconds:.2f} s, format {stats.format_seconds:.2f} s "
            f"(black {stats.black_seconds:.2f} s over workers), write {stats.write_seconds:.2f} s",
            file=sys.stderr,
        )
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
    errors = result.diagnostics.get("error", 0)
    if errors:
        print(f"{errors} error diagnostics while reading (see `graphdoc parse`)", file=sys.stderr)
    print(_summary(result, args.check), file=sys.stderr)
    if args.check and result.diff:
        sys.stdout.write(result.diff)
        return 1
    return 0
