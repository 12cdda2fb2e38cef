"""`graphdoc diff OLD NEW [-- PATH...] [--format markdown|json] [--all]`.

Exit codes: 0 the report was written (whatever it found), 2 when OLD or NEW cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "diff",
        help="API changes between two doc trees, breaking ones flagged, semver suggested",
        description="Compare the model of two doc trees of one API version: two folders, or "
        "two git revisions followed by `-- PATH...` (`graphdoc diff HEAD~1 HEAD -- "
        "api-reference/v1.0`).",
    )
    parser.add_argument("old", help="folder or git revision of the old pages")
    parser.add_argument("new", help="folder or git revision of the new pages")
    parser.add_argument("paths", nargs="*", help="with revisions: the folders to compare")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument(
        "--all", action="store_true", help="also list changes of prose, permissions, examples"
    )
    parser.set_defaults(handler=_diff)


def _diff(args: argparse.Namespace) -> int:
    from ..errors import RevisionError
    from ..model.build import build_model
    from .changes import compare_models
    from .report import as_json, as_markdown
    from .revisions import materialised

    try:
        with materialised(args.old, args.new, args.paths) as (old_paths, new_paths):
            missing = [p for p in (*old_paths, *new_paths) if not p.exists()]
            if missing:
                print(f"graphdoc diff: no such file or folder: {missing[0]}", file=sys.stderr)
                return 2
            comparison = compare_models(build_model(old_paths), build_model(new_paths))
    except RevisionError as error:
        print(f"graphdoc diff: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        json.dump(as_json(comparison, notes=args.all), sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        title = f"API changes from {args.old} to {args.new}"
        sys.stdout.write(as_markdown(comparison, title=title, notes=args.all))
    return 0
