"""`python -m graphdoc.lint PATH...`: the lint command alone, without the other subcommands'
imports (what `graphdoc lint` does, for the fastest start)."""

from __future__ import annotations

import argparse
import sys

from .cli import add_commands


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m graphdoc.lint")
    commands = parser.add_subparsers(dest="command", required=True)
    add_commands(commands)
    args = parser.parse_args(["lint", *sys.argv[1:]])
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
