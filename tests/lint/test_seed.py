"""The seed page: one finding per placeholder, each at its line and column, nothing else.

The seed (`specs/api/create-contact.md`, a copy of ../shared/seed/create-contact.md) is a
generated stub: two front-matter TODOs (author, ms.prod), three permission cells, 38
request-body description cells, the example name `create_contact_from_` with its empty
segment, and generator sample values in both example bodies. Every other page of specs/ is
clean.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from graphdoc.lint.config import LintConfig
from graphdoc.lint.runner import lint

from tests.lint.conftest import SEED, SPECS

PAGE = SPECS / "api" / "create-contact.md"

# (line, column, code) of every finding on the seed, in order.
EXPECTED = [
    (4, 10, "GDL101"), (6, 11, "GDL101"), (20, 37, "GDL101"), (21, 41, "GDL101"),
    (22, 14, "GDL101"), (47, 12, "GDL101"), (48, 33, "GDL101"), (49, 38, "GDL101"),
    (50, 19, "GDL101"), (51, 31, "GDL101"), (52, 24, "GDL101"), (53, 26, "GDL101"),
    (54, 16, "GDL101"), (55, 21, "GDL101"), (56, 19, "GDL101"), (57, 18, "GDL101"),
    (58, 20, "GDL101"), (59, 18, "GDL101"), (60, 17, "GDL101"), (61, 15, "GDL101"),
    (62, 23, "GDL101"), (63, 21, "GDL101"), (64, 25, "GDL101"), (65, 20, "GDL101"),
    (66, 83, "GDL101"), (67, 57, "GDL101"), (68, 32, "GDL101"), (69, 18, "GDL101"),
    (70, 21, "GDL101"), (71, 20, "GDL101"), (72, 24, "GDL101"), (73, 20, "GDL101"),
    (74, 23, "GDL101"), (75, 17, "GDL101"), (76, 51, "GDL101"), (77, 80, "GDL101"),
    (78, 20, "GDL101"), (79, 23, "GDL101"), (80, 29, "GDL101"), (81, 26, "GDL101"),
    (82, 16, "GDL101"), (83, 21, "GDL101"), (84, 52, "GDL101"), (97, 11, "GDL106"),
    (107, 16, "GDL105"), (109, 5, "GDL105"), (111, 21, "GDL105"), (112, 15, "GDL105"),
    (113, 13, "GDL105"), (114, 18, "GDL105"), (115, 16, "GDL105"), (116, 15, "GDL105"),
    (117, 17, "GDL105"), (118, 15, "GDL105"), (119, 14, "GDL105"), (120, 12, "GDL105"),
    (121, 20, "GDL105"), (122, 18, "GDL105"), (123, 22, "GDL105"), (124, 17, "GDL105"),
    (136, 5, "GDL105"), (138, 15, "GDL105"), (139, 18, "GDL105"), (140, 17, "GDL105"),
    (141, 21, "GDL105"), (142, 17, "GDL105"), (143, 20, "GDL105"), (144, 14, "GDL105"),
    (155, 17, "GDL105"), (156, 20, "GDL105"), (158, 5, "GDL105"), (160, 25, "GDL105"),
    (161, 13, "GDL105"), (162, 17, "GDL105"), (184, 22, "GDL105"), (185, 27, "GDL105"),
    (186, 16, "GDL105"), (188, 5, "GDL105"), (190, 21, "GDL105"), (191, 15, "GDL105"),
    (192, 13, "GDL105"), (193, 18, "GDL105"), (194, 16, "GDL105"), (195, 15, "GDL105"),
    (196, 17, "GDL105"), (197, 15, "GDL105"), (198, 14, "GDL105"), (199, 12, "GDL105"),
    (200, 20, "GDL105"), (201, 18, "GDL105"), (202, 22, "GDL105"), (203, 17, "GDL105"),
    (215, 5, "GDL105"), (217, 15, "GDL105"), (218, 18, "GDL105"), (219, 17, "GDL105"),
    (220, 21, "GDL105"), (221, 17, "GDL105"), (222, 20, "GDL105"), (223, 14, "GDL105"),
    (234, 17, "GDL105"), (235, 20, "GDL105"), (237, 5, "GDL105"), (239, 25, "GDL105"),
    (240, 13, "GDL105"), (241, 17, "GDL105"),
]


def _findings(paths: list[Path], **options: object) -> list[tuple[str, int, int, str, str]]:
    result = lint(paths, LintConfig(cache_dir=None), use_cache=False, **options)  # type: ignore[arg-type]
    return [(f.path, f.line, f.column, f.code, f.message) for f in result.findings]


def test_seed_findings_are_exactly_the_placeholders() -> None:
    found = _findings([PAGE])
    assert [(line, column, code) for _, line, column, code, _ in found] == EXPECTED


def test_seed_counts_by_kind() -> None:
    codes = [code for _, _, code in EXPECTED]
    assert codes.count("GDL101") == 2 + 3 + 38
    assert codes.count("GDL106") == 1
    assert codes.count("GDL105") == 31 + 31


def test_each_column_points_at_the_marker() -> None:
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    for _, line, column, code, message in _findings([PAGE]):
        at = lines[line - 1][column - 1 :]
        if code == "GDL101":
            assert at.startswith("**TODO: "), (line, column, at)
        elif code == "GDL105":
            value = re.match(r'"([^"]*)"', at)
            assert value and value.group(1) in {
                "String", "String (timestamp)", "Date", "Boolean"
            }, (line, at)
        elif code == "GDL106":
            assert at.startswith('"create_contact_from_"'), at
        assert message


def test_the_rest_of_specs_is_clean() -> None:
    found = _findings([SPECS])
    assert {path for path, *_ in found} == {"api/create-contact.md"}
    assert [(line, column, code) for _, line, column, code, _ in found] == EXPECTED


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not here")
def test_specs_page_is_the_shared_seed() -> None:
    assert PAGE.read_bytes() == SEED.read_bytes()


def test_one_page_against_the_index_equals_the_whole_tree(tmp_path: Path) -> None:
    """A pre-commit run reads one page plus the cached index; findings must not change."""
    tree = tmp_path / "specs"
    shutil.copytree(SPECS, tree)
    config = LintConfig(cache_dir=tmp_path / "cache")
    whole = lint([tree], config, use_cache=True, mode="whole")
    by_page: dict[str, set[tuple[int, int, str, str]]] = {}
    for f in whole.findings:
        by_page.setdefault(f.path, set()).add((f.line, f.column, f.code, f.message))
    for page in sorted(tree.rglob("*.md")):
        single = lint([page], config, use_cache=True, mode="index")
        assert single.trees[0].mode == "index"
        got = {(f.line, f.column, f.code, f.message) for f in single.findings}
        assert got == by_page.get(page.relative_to(tree).as_posix(), set()), page.name
    cached = list((tmp_path / "cache").glob("lint-index-*.json"))
    assert len(cached) == 1
    entries = json.loads(cached[0].read_text())["files"]
    assert entries["resources/contact.md"][2] == ["microsoft.graph.contact"]
