"""How faithfully the reader models the pages: the 2020 snapshot against the service schema.

    python bench/fidelity.py                       print the figures per version
    python bench/fidelity.py --write before        (re)write that section of docs/fidelity.md
    python bench/fidelity.py --sample 40           also list 40 differences drawn at random
    python bench/fidelity.py --counts-2021         the counts of the 2021 snapshot (with --write,
                                                   its section of docs/fidelity.md too)

Runs the comparison of `graphdoc compare` (the docs' model of each API version against the
`$metadata` of the same weeks) and prints its four figures: documented property names the
service type (or a base) has; of those, with the same type and collection flag; matched
types whose service base the docs give; service enums whose documented members are the same
set (without `unknownFutureValue` where the docs leave it out). `--write LABEL` replaces the
section of that label in docs/fidelity.md and keeps the others, so "before" and "after" sit
side by side. Samples are drawn with a fixed seed: a rerun draws the same differences as
long as the comparison finds the same ones.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from graphdoc.compare.csdl import read_schema
from graphdoc.compare.diff import Comparison, Tallies, compare
from graphdoc.model.build import build_model
from graphdoc.model.rows import clean_name
from graphdoc.read.page import read_page
from graphdoc.read.roles import non_member_names

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT.parent / "shared" / "corpus" / "graph-docs-2020-05"
SNAPSHOT_2021 = ROOT.parent / "shared" / "corpus" / "graph-docs-2021-07"
REPORT = ROOT / "docs" / "fidelity.md"
VERSIONS = ("v1.0", "beta")
SEED = 20200518
_SECTION = re.compile(r"<!-- fidelity:(?P<label>[\w.-]+) -->\n.*?<!-- /fidelity -->\n", re.S)

HEADER = """# Reader fidelity: the 2020 snapshot against the service schema

The pages of the 2020 snapshot (`../shared/corpus/graph-docs-2020-05/api-reference/`) read
into the model, compared by `graphdoc compare` with the service's `$metadata` of the same
weeks (`metadata/{v1.0,beta}_metadata.xml`). Written by `python bench/fidelity.py --write
LABEL`; each section is one run of the reader of that time: "before" the reader issue 10
measured, "previous" the first round of its rules, "after" the second.

- **property names**: of the documented properties of types both sides call structured
  (entity or complex), those whose name the service type or one of its bases has.
- **name + type + collection**: of the same properties, those that also have the service's
  type and collection flag.
- **base types**: of the matched types the service gives a base, those the docs give the
  same base.
- **enums exact**: of the service enums the docs document, those whose documented members
  are the same set (`unknownFutureValue` left out where the docs leave it out).

Types are matched by qualified name, letter case aside. Differences in letter case are still
reported by `graphdoc compare` (GDC104, GDC205, GDC403); the figures count them as right.

The "before" figures are those issue 10 quotes (v1.0 97.8 / 96.3 / 69.7 / 96.7, beta
98.8 / 96.5 / 48.6 / 96.6), to the decimal: the issue compared `graphdoc parse --format
json` with the metadata in the same way (names matched ignoring letter case, inherited
properties counted, bases over the types the service gives one). Counting letter-case
differences as wrong instead would lower beta's enums to 95.8% (4 enums) and the property
figures by 0.1 to 0.3 point.
"""


@dataclass(slots=True)
class Run:
    version: str
    comparison: Comparison
    pages: int
    seconds: float


def compare_version(version: str) -> Run:
    pages_root = SNAPSHOT / "api-reference" / version
    started = time.perf_counter()
    model = build_model([pages_root])
    schema = read_schema(SNAPSHOT / "metadata" / f"{version}_metadata.xml")
    comparison = compare(model, schema, pages_root)
    return Run(version, comparison, len(model.pages), time.perf_counter() - started)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "n/a"


def figures(tallies: Tallies) -> list[tuple[str, str, str]]:
    """(figure, percent, part/whole) in the order of the issue."""
    rows = [
        ("property names", tallies.properties_named, tallies.properties),
        ("name + type + collection", tallies.properties_typed, tallies.properties),
        ("base types", tallies.bases_right, tallies.bases),
        ("enums exact", tallies.enums_exact, tallies.enums),
    ]
    return [(label, percent(part, whole), f"{part:,}/{whole:,}") for label, part, whole in rows]


def section(label: str, runs: list[Run]) -> str:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True, text=True, check=False,
    ).stdout.strip() or "unknown"
    lines = [
        f"<!-- fidelity:{label} -->",
        f"## {label}",
        "",
        f"Reader at commit `{commit}`.",
        "",
        "| figure | " + " | ".join(run.version for run in runs) + " |",
        "|---|" + "---|" * len(runs),
    ]
    table = [figures(run.comparison.tallies) for run in runs]
    for index, (label_text, _, _) in enumerate(table[0]):
        cells = [f"{rows[index][1]}% ({rows[index][2]})" for rows in table]
        lines.append(f"| {label_text} | " + " | ".join(cells) + " |")
    lines += ["", "Differences by code:", "", "| code | " + " | ".join(r.version for r in runs)
              + " |", "|---|" + "---|" * len(runs)]
    counts = [Counter(d.code for d in run.comparison.differences) for run in runs]
    for code in sorted(set().union(*counts)):
        lines.append(f"| {code} | " + " | ".join(str(count[code]) for count in counts) + " |")
    lines += ["", "<!-- /fidelity -->", ""]
    return "\n".join(lines)


@dataclass(slots=True)
class Counts:
    """What the 2021 snapshot, whose metadata is not provided, can still be measured by."""

    version: str
    types: int
    properties: int
    from_non_member_tables: int  # properties named by a non-member table of their page
    pages_with_non_member_tables: int
    evidence: Counter[str]  # types with a base, by the evidence for it
    enum_inferred: int
    alternatives: int


def count_2021(version: str) -> Counts:
    pages_root = SNAPSHOT_2021 / "api-reference" / version
    model = build_model([pages_root])
    leaked = 0
    pages = 0
    listed: dict[str, set[str]] = {}
    for type_def in model.types:
        path = type_def.source.path
        if type_def.kind == "enum" or not path.endswith(".md"):
            continue
        if path not in listed:
            text = (pages_root / path).read_text(encoding="utf-8", errors="replace")
            listed[path] = non_member_names(read_page(text, path).tables, clean_name)
            pages += bool(listed[path])
        leaked += sum(prop.name in listed[path] for prop in type_def.properties)
    properties = [prop for type_def in model.types for prop in type_def.properties]
    return Counts(
        version, len(model.types), len(properties), leaked, pages,
        Counter(t.base_evidence for t in model.types if t.base and t.base_evidence),
        sum(prop.type_inferred for prop in properties),
        sum(bool(prop.alternatives) for prop in properties),
    )


def counts_section(counts: list[Counts]) -> str:
    rows = [
        ("types", [f"{c.types:,}" for c in counts]),
        ("properties", [f"{c.properties:,}" for c in counts]),
        ("properties from non-member tables", [str(c.from_non_member_tables) for c in counts]),
        ("(pages with non-member tables)", [str(c.pages_with_non_member_tables) for c in counts]),
        *(
            (f"types with a base: {kind}", [str(c.evidence[kind]) for c in counts])
            for kind in ("stated", "derived-types table", "convention")
        ),
        ("properties typed by enum inference", [str(c.enum_inferred) for c in counts]),
        ("properties naming alternatives", [str(c.alternatives) for c in counts]),
    ]
    lines = [
        "<!-- fidelity:2021 -->",
        "## 2021 snapshot (no metadata)",
        "",
        "The 2021 pages (`graph-docs-2021-07`) come without the service's `$metadata`; these",
        "counts need none. A property \"from a non-member table\" is one whose name only a",
        "value list, limits, derived-types or instance-annotation table of its page gives",
        "(`graphdoc.read.roles.non_member_names`).",
        "",
        "| count | " + " | ".join(c.version for c in counts) + " |",
        "|---|" + "---|" * len(counts),
        *(f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows),
        "",
        "<!-- /fidelity -->",
        "",
    ]
    return "\n".join(lines)


def write(label: str, runs: list[Run], counts: list[Counts] | None = None) -> None:
    """Replace (or add) the section `label`; keep the others and any text after them."""
    sections: dict[str, str] = {}
    tail = ""
    if REPORT.exists():
        text = REPORT.read_text(encoding="utf-8")
        sections = {m["label"]: m.group(0) for m in _SECTION.finditer(text)}
        last = list(_SECTION.finditer(text))
        tail = text[last[-1].end():] if last else ""
    sections[label] = section(label, runs)
    if counts:
        sections["2021"] = counts_section(counts)
    REPORT.write_text(HEADER + "\n" + "\n".join(sections.values()) + tail, encoding="utf-8")


def show_sample(runs: list[Run], size: int) -> None:
    differences = [(run.version, d) for run in runs for d in run.comparison.differences]
    for version, difference in random.Random(SEED).sample(differences, min(size, len(differences))):
        place = difference.file.relative_to(SNAPSHOT).as_posix() if difference.file.is_relative_to(
            SNAPSHOT
        ) else difference.file.as_posix()
        print(f"{version} {place}:{difference.line} {difference.code} {difference.message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", metavar="LABEL", help="write this section of docs/fidelity.md")
    parser.add_argument("--sample", type=int, default=0, help="list this many differences")
    parser.add_argument("--counts-2021", action="store_true", help="count the 2021 snapshot")
    args = parser.parse_args()
    if not SNAPSHOT.is_dir():
        raise SystemExit(f"2020 snapshot not found at {SNAPSHOT}")
    runs = [compare_version(version) for version in VERSIONS]
    for run in runs:
        print(f"{run.version}: {run.pages} pages, {len(run.comparison.differences)} differences, "
              f"{run.seconds:.1f} s")
        for label, value, ratio in figures(run.comparison.tallies):
            print(f"  {label:<26} {value:>5}%  ({ratio})")
    if args.sample:
        show_sample(runs, args.sample)
    counts: list[Counts] = []
    if args.counts_2021:
        counts = [count_2021(version) for version in VERSIONS]
        print(counts_section(counts))
    if args.write:
        write(args.write, runs, counts)
        print(f"wrote section `{args.write}` of {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
