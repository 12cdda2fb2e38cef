"""The `graphdoc` command line: one subcommand per job, all working from one model."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .errors import EXIT_ERROR, GraphdocError
from .progress import status_line


def missing_paths(command: str, paths: Sequence[Path]) -> bool:
    """Say so on stderr when a path does not exist: no command reads nothing and succeeds."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        print(f"graphdoc {command}: no such file or folder: {', '.join(missing)}", file=sys.stderr)
    return bool(missing)


def _parse(args: argparse.Namespace) -> int:
    from .model.build import build_model
    from .model.serialize import write_json

    if missing_paths("parse", args.paths):
        return 2
    status = status_line(args.quiet)
    model = build_model(args.paths, progress=status.stage("read pages") if status else None)
    if status is not None:
        status.clear()
    if args.format == "json":
        write_json(model, sys.stdout)
    else:
        print(
            f"{len(model.pages)} pages, {len(model.types)} types, "
            f"{len(model.operations)} operations, {len(model.diagnostics)} diagnostics"
        )
        for diagnostic in model.diagnostics:
            if diagnostic.severity != "info":
                print(
                    f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
                    f"{diagnostic.code} {diagnostic.message}"
                )
    errors = sum(1 for diagnostic in model.diagnostics if diagnostic.severity == "error")
    code = 1 if errors and args.strict else 0
    if args.whole_process:
        leave(code)  # while the model is still alive: see `leave`
    return code


def leave(code: int) -> None:
    """End the process with `code` now, its output flushed, without freeing what it built.

    Freeing a model object by object, then tearing the interpreter down, took 0.2 s of a
    4.5 s `graphdoc parse` (beta, 2021), for memory the system takes back whole. Call
    it only where nothing else is pending: no thread, no temporary file, no open output but
    stdout and stderr. Returns when they cannot be flushed: the ordinary exit reports that
    (or, for a closed pipe, stays quiet as `main` does).
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        return
    os._exit(code)


def version() -> str:
    """graphdoc's version."""
    return __version__


class _VersionAction(argparse.Action):
    """`--version`, looked up only when asked for (the metadata lookup costs a hook's start)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"graphdoc {version()}")
        parser.exit()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (`only`) `parse` and that one subcommand."""
    parser = argparse.ArgumentParser(
        prog="graphdoc",
        description="Read Microsoft Graph reference pages into one model; generate and lint.",
    )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="print graphdoc's version and exit"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="print the model read from pages")
    parse.add_argument("paths", nargs="+", type=Path, help="pages or folders of one API version")
    parse.add_argument("--format", choices=("text", "json"), default="text")
    parse.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    parse.add_argument(
        "--strict", action="store_true", help="exit 1 when any error diagnostic is raised"
    )
    parse.set_defaults(handler=_parse)
    for name, extension in _extensions().items():
        if only is None or only == name:
            extension()(commands)
    return parser


Registrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def _extensions() -> dict[str, Callable[[], Registrar]]:
    """Subcommands living beside the model, each imported only when asked for: a one-page
    `graphdoc lint` in a pre-commit hook must not pay for the generator's or server's imports."""

    def check() -> Registrar:
        from .check.cli import add_commands

        return add_commands

    def compare() -> Registrar:
        from .compare.cli import add_commands

        return add_commands

    def diff() -> Registrar:
        from .diff.cli import add_commands

        return add_commands

    def generate() -> Registrar:
        from .emit.cli import add_commands

        return add_commands

    def lint() -> Registrar:
        from .lint.cli import add_commands

        return add_commands

    def serve() -> Registrar:
        from .serve.cli import add_commands

        return add_commands

    return {
        "generate": generate,
        "lint": lint,
        "serve": serve,
        "compare": compare,
        "diff": diff,
        "check": check,
    }


def _subcommand(argv: Sequence[str]) -> str | None:
    """The first word of the command line that is not an option."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def _command(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line, when it is one graphdoc has."""
    command = _subcommand(argv)
    return command if command in _extensions() else None


def main(argv: Sequence[str] | None = None, *, whole_process: bool = False) -> int:
    """Run one command; `whole_process`: it is this process's whole job (`run`), so a
    command may end the process itself once its output is out (`leave`)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command(argv))
    args = parser.parse_args(argv)
    args.whole_process = whole_process
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except GraphdocError as error:  # what a subcommand did not report itself
        print(f"graphdoc {args.command}: {error}", file=sys.stderr)
        return EXIT_ERROR
    return code


def run() -> NoReturn:
    """The `graphdoc` program (its console script and `python -m graphdoc`). Every command
    has finished its work, temporary folders and threads included, when `main` returns: so
    the process ends there (`leave`), without freeing what it built one object at a time
    (0.3-0.5 s after a `generate` that read a whole API version)."""
    code = main(whole_process=True)
    leave(code)
    raise SystemExit(code)


if __name__ == "__main__":
    run()
