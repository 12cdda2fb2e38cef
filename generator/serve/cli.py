"""`graphdoc serve PATH... [--port N]`: the mock Graph as a subcommand.

`graphdoc.cli` picks this up through `add_commands`; `python -m graphdoc.serve` runs it
on its own. The server modules are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_PORT = 8000


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from error
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range: {port}")
    return port


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="a local mock Graph on 127.0.0.1 answering documented requests",
        description=(
            "Serve the documented examples of PATH... as a mock Microsoft Graph on "
            "127.0.0.1. Documented requests get their documented responses; bodies that "
            "break the request schema get 400 and unknown routes 404, in Graph's error "
            "format. Paths may carry /v1.0 or /beta, and Graph's other spellings of a "
            "documented path work (/me for /users/{id}, /drive for /me/drive, "
            "drive/root for drive/items/root). Stub replies (\"String (timestamp)\") are "
            "served with valid values (header X-Graphdoc-Placeholders). Collections page "
            "with $top, Prefer: odata.maxpagesize=N or X-Graphdoc-Page-Size: N. What a "
            "client creates (POST to a collection) is kept while the server runs: it can "
            "be read back by its new id, updated, listed and deleted."
        ),
    )
    serve.add_argument("paths", nargs="+", type=Path, help="pages or folders of one API version")
    serve.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    serve.add_argument(
        "--lenient",
        action="store_true",
        help="accept request-body properties the docs do not list (default: reject, like Graph)",
    )
    serve.add_argument("--quiet", action="store_true", help="no per-request log lines")
    serve.add_argument(
        "--verbose",
        action="store_true",
        help="list the requests documented on several pages, and the page serving each",
    )
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    from ..cli import missing_paths
    from .server import run

    if missing_paths("serve", args.paths):
        return 2
    return run(
        args.paths,
        port=args.port,
        strict=not args.lenient,
        quiet=args.quiet,
        verbose=args.verbose,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m graphdoc.serve PATH...` (the same as `graphdoc serve PATH...`)."""
    parser = argparse.ArgumentParser(prog="graphdoc")
    commands = parser.add_subparsers(dest="command", required=True)
    add_commands(commands)
    args = parser.parse_args(["serve", *(argv if argv is not None else sys.argv[1:])])
    code: int = args.handler(args)
    return code
