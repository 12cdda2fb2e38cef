"""Placeholder rules on real stub and finished pages from other generators, years and locales.

The excerpts and their provenance are in `tests/lint/fixtures/wild/` (see its SOURCES.md): a
stub line ending in `  #! GDL1xx` must get exactly those placeholder codes, every other stub
line none, and a finished page no placeholder finding at all.

    python -m tests.lint.test_wild      counts by form (code) and by source (file)
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from graphdoc.lint.config import LintConfig
from graphdoc.lint.findings import Finding
from graphdoc.lint.runner import lint

WILD = Path(__file__).resolve().parent / "fixtures" / "wild"
_MARK = re.compile(r"\s+#!\s+((?:GDL\d{3}\s*)+)$")
_ROW = re.compile(r"^\|\s*(?P<file>[^|\s]+\.md)\s*\|\s*(?P<kind>stub|finished)\s*\|(?P<rest>.*)\|$")
# The placeholder family; a partial excerpt lacks front-matter keys on purpose, so findings
# about keys that are absent (rather than empty) say nothing about the page.
PLACEHOLDER_CODES = frozenset(f"GDL1{n:02d}" for n in range(1, 12))
_ABSENT = ("page has no front matter", "front matter has no ")


@dataclass(slots=True)
class Source:
    file: str
    kind: str
    language: str
    repository: str
    path: str


@dataclass(slots=True)
class Excerpt:
    source: Source
    text: str
    expected: dict[int, set[str]]


def sources() -> list[Source]:
    found = []
    for line in (WILD / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            cells = [cell.strip() for cell in match.group("rest").split("|")]
            language, _forms, repository, path, _commit = cells
            found.append(Source(match.group("file"), match.group("kind"), language, repository,
                                path))
    return found


def read(source: Source) -> Excerpt:
    lines, expected = [], {}
    for number, raw in enumerate((WILD / source.file).read_text(encoding="utf-8").split("\n"), 1):
        mark = _MARK.search(raw)
        if mark:
            expected[number] = set(mark.group(1).split())
            raw = raw[: mark.start()]
        lines.append(raw)
    return Excerpt(source, "\n".join(lines), expected)


def _folder(path: str) -> str:
    return "resources" if "resources/" in path else "api"


def lint_excerpts(root: Path) -> dict[str, list[Finding]]:
    """Every excerpt linted as a page of one scratch API-version tree; findings by file."""
    excerpts = [read(source) for source in sources()]
    pages = {}
    for excerpt in excerpts:
        page = root / _folder(excerpt.source.path) / excerpt.source.file
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(excerpt.text, encoding="utf-8")
        pages[page.resolve()] = excerpt.source.file
    result = lint(sorted(pages), LintConfig(cache_dir=None), use_cache=False, mode="whole")
    by_file: dict[str, list[Finding]] = {file: [] for file in pages.values()}
    for finding in result.findings:
        if finding.code in PLACEHOLDER_CODES and not finding.message.startswith(_ABSENT):
            by_file[pages[finding.file.resolve()]].append(finding)
    return by_file


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Finding]]:
    return lint_excerpts(tmp_path_factory.mktemp("wild"))


def test_every_excerpt_has_its_provenance() -> None:
    listed = {source.file for source in sources()}
    on_disk = {path.name for path in WILD.glob("*.md") if path.name != "SOURCES.md"}
    assert listed == on_disk
    for source in sources():
        assert source.repository and source.path, source.file
        assert source.kind == ("finished" if source.file.startswith("finished.") else "stub")
        expected = read(source).expected
        assert bool(expected) == (source.kind == "stub"), source.file


@pytest.mark.parametrize("source", sources(), ids=lambda source: source.file)
def test_marked_lines_found_and_nothing_else(
    source: Source, findings: dict[str, list[Finding]]
) -> None:
    found: dict[int, set[str]] = {}
    for finding in findings[source.file]:
        found.setdefault(finding.line, set()).add(finding.code)
    messages = [f"{f.line}: {f.code} {f.message}" for f in findings[source.file]]
    assert found == read(source).expected, messages


def counts(findings: dict[str, list[Finding]]) -> tuple[Counter[str], Counter[str]]:
    """Marked lines found, by code (form) and by source file."""
    by_code: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    for source in sources():
        expected = read(source).expected
        found = {(f.line, f.code) for f in findings[source.file]}
        for line, codes in expected.items():
            for code in codes:
                if (line, code) in found:
                    by_code[code] += 1
                    by_source[source.file] += 1
    return by_code, by_source


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        found = lint_excerpts(Path(scratch))
    by_code, by_source = counts(found)
    marked = sum(sum(len(codes) for codes in read(s).expected.values()) for s in sources())
    print(f"marked placeholder findings: {marked}, found: {sum(by_code.values())}")
    for code, count in sorted(by_code.items()):
        print(f"  {code}: {count}")
    for source in sources():
        extra = len(found[source.file]) - by_source[source.file]
        print(f"  {source.file} ({source.language}, {source.kind}): "
              f"{by_source[source.file]} found, {extra} unmarked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
