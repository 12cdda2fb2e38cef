"""A page lint cannot read as UTF-8 is one finding (GDL003) naming what it is, and exit 1,
so the pre-commit hook refuses it; before, it linted as nothing and passed."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.cli import main

PAGE = """---
title: "Get contact"
description: "Read the properties of a contact."
author: "someone"
doc_type: apiPageType
---
# Get contact
Namespace: microsoft.graph

Café.
"""

CASES = {
    "utf-16 with a byte-order mark": (PAGE.encode("utf-16"), "UTF-16 LE with a byte-order mark"),
    "utf-16 big-endian with a mark": (
        b"\xfe\xff" + PAGE.encode("utf-16-be"), "UTF-16 BE with a byte-order mark"
    ),
    "utf-16 without a mark": (PAGE.encode("utf-16-le"), "UTF-16 LE without a byte-order mark"),
    "latin-1": (PAGE.encode("latin-1"), "looks like Latin-1"),
    "one nul byte": (PAGE.replace("Café", "Caf\0é").encode(), "UTF-8 text with a NUL byte"),
    "binary": (bytes(range(256)) * 4, "binary file"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_unreadable_page_is_one_finding_naming_its_encoding(
    case: str, tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, named = CASES[case]
    page = tree / "api" / "get-contact.md"
    page.write_bytes(data)
    assert main(["lint", "--no-cache", "--select", "GDL0", str(page)]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if " GDL" in line and ".md:" in line]
    assert len(lines) == 1, lines
    assert ": error GDL003 " in lines[0] and named in lines[0], lines[0]


def test_position_of_the_first_bad_byte(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tree / "api" / "get-contact.md"
    page.write_bytes(PAGE.encode("latin-1"))
    main(["lint", "--no-cache", "--select", "GDL003", str(page)])
    assert "get-contact.md:10:4: error GDL003 not UTF-8: byte 0xE9" in capsys.readouterr().out


def test_utf16_with_a_mark_is_still_read(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Read as what it is: its own findings come too (here the placeholder)."""
    page = tree / "api" / "get-contact.md"
    page.write_bytes(PAGE.replace("Café.", "TODO: write this.").encode("utf-16"))
    assert main(["lint", "--no-cache", str(page)]) == 1
    out = capsys.readouterr().out
    assert ": error GDL003 " in out and ": error GDL101 " in out
