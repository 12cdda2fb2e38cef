"""`graphdoc generate [PATH...] [-o DIR] [--check]`, added to the main parser by `add_commands`.

Exit codes: 0 done (or, with --check, output current); 1 with --check when the output on
disk is stale (the unified diff goes to stdout), and 1 when pages could not be read while
the output refers to types nothing defines (`reading_losses`; `--allow-unreadable` goes on);
2 for a bad configuration, a path that does not exist, or a generator failure. A one-line
summary goes to stderr.
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
        "--cache-dir",
        type=Path,
        help="cache folder (default: .graphdoc_cache in the output folder)",
    )
    parser.add_argument("--no-cache", action="store_true", help="use and keep no cache")
    parser.add_argument(
        "--jobs", type=int, default=None, help="black processes (default: all cores)"
    )
    parser.add_argument(
        "--allow-unreadable",
        action="store_true",
        help="generate even when pages could not be read and types they may define are "
        "missing (by default that is exit 1, the problems listed)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print timings, notes and every file written"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress line and no summary, only errors"
    )
    parser.set_defaults(handler=_generate)


def _summary(result: GenerateResult, check: bool) -> str:
    stats = result.stats
    origin = (
        "unchanged input, package as the last run left it"
        if stats.reused
        else "the package's record matches the model, nothing rendered"
        if stats.vouched
        else (f"black {stats.format_misses} formatted, {stats.format_hits} cached")
    )
    if check:
        state = "stale" if result.diff else "up to date"
        return f"{result.root}: {stats.files} files {state} ({origin}; {stats.total_seconds:.1f} s)"
    return (
        f"{result.root}: {stats.files} files, {stats.written} written, "
        f"{stats.removed} removed ({origin}; {stats.total_seconds:.1f} s)"
    )


# Files named in the summary before "and N more" (`-v` names them all).
_NAMED = 8
# Error diagnostics printed one per line; past these, a count (`graphdoc parse` has all).
_ERRORS_SHOWN = 10


def _named(label: str, paths: list[str], root: Path, verbose: bool) -> str | None:
    """`  written: models/user.py, ...` for the summary; None when there is none."""
    if not paths:
        return None
    shown = paths if verbose else paths[:_NAMED]
    more = len(paths) - len(shown)
    tail = f" and {more} more (-v names them all)" if more else ""
    return f"  {label} in {root}: {', '.join(shown)}{tail}"


def _generate(args: argparse.Namespace) -> int:
    # Imported here: black and jinja2 cost ~0.1 s, which `graphdoc lint` must not pay.
    from ..cli import missing_paths
    from ..progress import status_line
    from .generate import ReadingLossError, generate
    from .record import RECORD_PATH

    try:
        options = generate_options(
            specs=list(args.paths) or None,
            output=args.output,
            package=args.package,
            cache_dir=args.cache_dir,
            format=args.format,
            use_cache=not args.no_cache,
            workers=args.jobs,
            allow_unreadable=args.allow_unreadable,
        )
        if args.jobs is not None and args.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        if missing_paths("generate", options.paths):
            return EXIT_ERROR
        status = status_line(args.quiet)
        try:
            result = generate(options, check=args.check, status=status)
        finally:
            if status is not None:
                status.clear()
    except ReadingLossError as error:
        print(
            "graphdoc generate: pages could not be read, and the output refers to types "
            "nothing defines (those pages may have):",
            file=sys.stderr,
        )
        for line in error.lines:
            print(f"  {line}", file=sys.stderr)
        print(
            "Fix the pages, or pass --allow-unreadable to generate without them.",
            file=sys.stderr,
        )
        return 1
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
    for line in result.losses:
        print(f"warning: {line}", file=sys.stderr)
    for line in result.errors[:_ERRORS_SHOWN]:
        print(f"error: {line}", file=sys.stderr)
    if len(result.errors) > _ERRORS_SHOWN:
        print(
            f"... {len(result.errors) - _ERRORS_SHOWN} more error diagnostics while reading "
            "(`graphdoc parse` lists them all)",
            file=sys.stderr,
        )
    if args.check and not result.root.is_dir():
        # A whole package as a diff helps nobody: say what is missing and what to do.
        print(
            f"graphdoc generate --check: {result.root} does not exist; run `graphdoc generate` "
            "with the same arguments and commit it (a repository of pages alone needs only "
            "the graphdoc-lint hook)",
            file=sys.stderr,
        )
        return 1
    if not args.quiet:
        print(_summary(result, args.check), file=sys.stderr)
        for label, paths in (("written", result.written), ("removed", result.removed)):
            named = _named(label, paths, result.root, args.verbose)
            if named is not None:
                print(named, file=sys.stderr)
        if result.record_outdated:
            print(
                f"note: {result.root}/{RECORD_PATH} is outdated or missing; `graphdoc generate` "
                "refreshes it (then --check renders nothing while nothing changes)",
                file=sys.stderr,
            )
    if args.check and result.diff:
        sys.stdout.write(result.diff)
        return 1
    return 0
