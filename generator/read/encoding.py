"""A page's bytes to text, naming the encoding when it is not plain UTF-8.

Pages are UTF-8. A page that is not still deserves one clear word about why: UTF-16 and
UTF-32 with a byte-order mark are read (and named, so lint can ask for UTF-8), UTF-16
without a mark, a stray NUL byte, Latin-1 and binary files are not read and say where and
what they are. Lines end at `\\r\\n`, `\\r` or `\\n`: the reader and `lint --fix` split them
through `LINE_BREAK` alike, so a position found by one is the same place for the other.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["LINE_BREAK", "Decoded", "decode_page", "normalise_newlines"]

LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Longest mark first: the UTF-32 LE mark starts with the UTF-16 LE one.
_MARKS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text (None when the bytes are no readable page) and, when the bytes are not
    plain UTF-8, what they are instead, at a 1-based line and column."""

    text: str | None
    problem: str | None = None
    line: int = 1
    column: int = 1
    utf8: bool = True  # the bytes are UTF-8 (with or without its mark): safe to rewrite
    binary: bool = False  # NUL bytes in what is no UTF-16: no text file at all


def normalise_newlines(text: str) -> str:
    """Every line break as `\\n`, counted the way `LINE_BREAK` counts them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as lint counts them) of the byte at `offset`,
    lines broken as `LINE_BREAK` does."""
    head = data[:offset].decode("utf-8-sig", "replace")
    lines = LINE_BREAK.split(head)
    return len(lines), len(lines[-1]) + 1


def _marked(data: bytes) -> Decoded | None:
    for mark, codec, name in _MARKS:
        if data.startswith(mark):
            try:
                text = data[len(mark) :].decode(codec)
            except UnicodeDecodeError as error:
                problem = f"starts with a {name} byte-order mark but is not {name} ({error.reason})"
                return Decoded(None, problem, utf8=False)
            problem = f"{name} with a byte-order mark, not UTF-8 (read as {name}; save it as UTF-8)"
            return Decoded(text, problem, utf8=False)
    return None


def _utf16_without_mark(data: bytes) -> str | None:
    """"LE" or "BE" when `data` reads as text in that UTF-16 order (no mark needed)."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    order, codec = ("LE", "utf-16-le") if odd > even else ("BE", "utf-16-be")
    if len(data) < 8 or len(data) % 2 or max(even, odd) < 0.4 * (len(data) // 2):
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    sample = text[:65536]
    readable = sum(1 for char in sample if char.isprintable() or char in "\t\r\n")
    return order if readable >= 0.95 * len(sample) else None


def _with_nul(data: bytes) -> Decoded:
    """Bytes holding NUL: UTF-16 without its mark, one stray NUL, or a binary file."""
    order = _utf16_without_mark(data)
    if order is not None:
        return Decoded(
            None, f"looks like UTF-16 {order} without a byte-order mark; save it as UTF-8",
            utf8=False,
        )
    offset = data.index(0)
    line, column = _position(data, offset)
    count = data.count(0)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Decoded(
            None, f"binary file ({count} NUL bytes, the first here), not a page",
            line, column, utf8=False, binary=True,
        )
    what = "a NUL byte" if count == 1 else f"{count} NUL bytes, the first"
    return Decoded(
        None, f"UTF-8 text with {what} here: not read",
        line, column, binary=True,
    )


def _not_utf8(data: bytes, error: UnicodeDecodeError) -> Decoded:
    line, column = _position(data, error.start)
    byte = data[error.start]
    guess = ""
    try:
        data.decode("cp1252")
        guess = "; looks like Latin-1 (Windows-1252): save it as UTF-8"
    except UnicodeDecodeError:
        pass
    return Decoded(
        None,
        f"not UTF-8: byte 0x{byte:02X} here ({error.reason}){guess}",
        line, column, utf8=False,
    )


def decode_page(data: bytes) -> Decoded:
    """`data` as page text (line breaks kept as they are), or why it is none."""
    marked = _marked(data)
    if marked is not None:
        return marked
    if b"\x00" in data:
        return _with_nul(data)
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return _not_utf8(data, error)
