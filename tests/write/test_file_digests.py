"""Input digests from the ledger: a file whose stat is unchanged is not read again; one
edited in place is, even when its size and mtime are kept; a fresh edit is never trusted."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from graphdoc.write.file_digests import FileDigests


def _page(tmp_path: Path, text: str, *, age: float = 60.0) -> Path:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    old = page.stat().st_mtime - age
    os.utime(page, (old, old))
    return page


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)


def test_an_unchanged_file_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(tmp_path, "# contact\n")
    ledger = tmp_path / "ledger"
    first = FileDigests(ledger)
    assert first.of(page) == hashlib.sha256(b"# contact\n").digest()
    first.save()
    second = FileDigests(ledger)
    _no_reading(monkeypatch)
    assert second.of(page) == hashlib.sha256(b"# contact\n").digest()


def test_an_edit_keeping_size_and_mtime_is_seen(tmp_path: Path) -> None:
    page = _page(tmp_path, "# contact\n")
    ledger = tmp_path / "ledger"
    first = FileDigests(ledger)
    first.of(page)
    first.save()
    stat = page.stat()
    page.write_text("# CONTACT\n", encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # ctime still moves
    assert FileDigests(ledger).of(page) == hashlib.sha256(b"# CONTACT\n").digest()


def test_a_file_changed_just_now_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(tmp_path, "# contact\n", age=0.0)
    ledger = tmp_path / "ledger"
    first = FileDigests(ledger)
    first.of(page)
    first.save()
    second = FileDigests(ledger)
    _no_reading(monkeypatch)
    with pytest.raises(AssertionError, match="was read"):
        second.of(page)
