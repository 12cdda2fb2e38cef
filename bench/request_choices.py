"""Which page defines each request documented on several pages, on the 2021 corpora.

    python bench/request_choices.py            print the figures per version
    python bench/request_choices.py --write    (re)write docs/request-choices.md

Reads each version of `../shared/corpus/graph-docs-2021-07/api-reference/` into the model,
which keeps one operation as the definition of every request (method and path, parameter
names aside; `graphdoc.model.requests`), and lists every request documented more than once:
the page chosen, the rule that chose it over the next best, and the pages not used.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from graphdoc.model.build import build_model
from graphdoc.model.requests import RULES, Choice, request_choices
from graphdoc.model.types import ApiModel

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "graph-docs-2021-07" / "api-reference"
REPORT = ROOT / "docs" / "request-choices.md"
VERSIONS = ("v1.0", "beta")

HEADER = """# One page per request: the choices on the 2021 corpora

Many requests of Microsoft Graph are documented on more than one page: `GET /users/{id}` on
`user-get.md` and on three Intune pages, `GET /me/messages` on `user-list-messages.md` and on
the extended-property page showing `$expand`. The model keeps one page's operation as the
definition of each request (method and path, parameter names aside); the clients, the mock
and `graphdoc diff` use that page only, and diagnostic GD450 names the pages not used. The
rules, in order (`generator/model/requests.py` says how each is read from the model):

1. **the type the path addresses**: the page whose result is the type the path's last
   segment reaches (or that gives no typed result) before one answering a derived type, before
   one answering another type or a list where the path names one item;
2. **the resource's own page**: the page listed in the Methods table of the own page of a
   type on the path (listed by the fewest types, then the type nearest the end of the path),
   before a page listed nowhere, before one listed only on a product area's copy of the type
   (`intune-devices-user.md` documents `microsoft.graph.user` too);
3. **the richer page**: a typed result, more examples, more parameters, more body properties;
4. **the first page read**.

Written by `python bench/request_choices.py --write`. "Rule" is the first rule that set the
chosen page apart from the next best.
"""


def choices_of(model: ApiModel) -> list[Choice]:
    """The model's choices, checked against what the model recorded on its operations."""
    found = request_choices(model)
    recorded = {
        (operation.id, path): by
        for operation in model.operations
        for path, by in operation.superseded.items()
    }
    derived = {
        (dropped.operation.id, dropped.path): choice.chosen.operation.id
        for choice in found
        for dropped in choice.dropped
    }
    assert recorded == derived, "the model's choice and the report's differ"
    return found


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def section(version: str, model: ApiModel, found: list[Choice]) -> str:
    requests = {
        (operation.method, template.shape)
        for operation in model.operations
        for template in operation.templates
    }
    rules = Counter(choice.rule for choice in found)
    dropped = sum(len(choice.dropped) for choice in found)
    lines = [
        f"## {version}",
        "",
        f"{len(requests)} requests documented; {len(found)} of them on more than one page "
        f"({dropped} definitions not used).",
        "",
        "| rule that decided | requests |",
        "|---|--:|",
        *(f"| {RULES[rule]} | {rules[rule]} |" for rule in range(len(RULES))),
        "",
        "| request | defined by | rule | addressed type | not used |",
        "|---|---|---|---|---|",
    ]
    for choice in sorted(found, key=lambda c: (c.chosen.path.lower(), c.method)):
        chosen = choice.chosen.operation.source
        others = "<br>".join(
            f"{c.operation.source.path}:{c.operation.source.line}" for c in choice.dropped
        )
        lines.append(
            f"| `{_cell(choice.method + ' ' + choice.chosen.path)}` | "
            f"{chosen.path}:{chosen.line} | {choice.reason} | "
            f"{f'`{choice.addressed}`' if choice.addressed else ''} | {others} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite docs/request-choices.md")
    args = parser.parse_args()
    sections: list[str] = []
    for version in VERSIONS:
        folder = CORPUS / version
        if not folder.is_dir():
            raise SystemExit(f"corpus not found at {folder}")
        started = time.perf_counter()
        model = build_model([folder])
        found = choices_of(model)
        rules = Counter(choice.reason for choice in found)
        print(
            f"{version}: {len(found)} requests on more than one page, "
            f"{sum(len(c.dropped) for c in found)} definitions not used; "
            + ", ".join(f"{reason}: {rules[reason]}" for reason in RULES)
            + f" ({time.perf_counter() - started:.1f} s)"
        )
        sections.append(section(version, model, found))
    if args.write:
        REPORT.write_text(HEADER + "\n" + "\n".join(sections), encoding="utf-8")
        print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
