"""`generate` fails (exit 1, every problem with page and line, nothing written) when a page
could not be read and the output refers to types nothing defines; before, it exited 0 and
`Contact.websites` quietly became `list[Any]`. `--allow-unreadable` goes on, warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from graphdoc.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def specs(tmp_path: Path) -> Path:
    target = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", target)
    return target


def _generate(specs: Path, *extra: str) -> int:
    out = specs.parent / "out"
    cache = specs.parent / "cache"
    return main(
        ["generate", str(specs), "-o", str(out), "--cache-dir", str(cache), "--no-format",
         "--package", "graph", *extra]
    )


def _latin1_website(specs: Path) -> None:
    page = specs / "resources" / "website.md"
    page.write_bytes(page.read_text(encoding="utf-8").replace("web site", "web sité").encode(
        "latin-1"
    ))


def test_an_unreadable_page_whose_type_is_referenced_fails_the_run(
    specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _latin1_website(specs)
    for _ in range(2):  # the second run must not pass through the cache either
        assert _generate(specs) == 1
        err = capsys.readouterr().err
        assert "resources/website.md:3:24: GD002 not UTF-8" in err
        assert "resources/contact.md:47:1: GD410 unresolved type reference `website`" in err
        assert "--allow-unreadable" in err
        assert not (specs.parent / "out").exists()


def test_allow_unreadable_goes_on_and_warns(
    specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _latin1_website(specs)
    assert _generate(specs, "--allow-unreadable") == 0
    assert "warning: " in capsys.readouterr().err
    contact = (specs.parent / "out" / "graph" / "models" / "contact.py").read_text()
    assert "websites: list[Any]" in contact


def test_a_utf16_page_with_its_mark_is_read_and_its_type_kept(
    specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = specs / "resources" / "website.md"
    page.write_bytes(page.read_text(encoding="utf-8").encode("utf-16"))
    assert _generate(specs) == 0
    contact = (specs.parent / "out" / "graph" / "models" / "contact.py").read_text()
    assert "websites: list[Website]" in contact


def test_an_unreadable_page_nothing_needs_is_named_with_its_line(
    specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Generation goes on (no type is missing), and says which page and line, on every run.
    (specs / "resources" / "notes.md").write_bytes(b"\x00\x01 not a page")
    for _ in range(2):  # the second run takes the package as the first left it
        assert _generate(specs) == 0
        err = capsys.readouterr().err
        assert "error: " in err and "resources/notes.md:1:1: GD001 " in err
