"""A large module formatted piece by piece: each top-level class or function, each method
and each field of a class.

black formats one logical line at a time, by its own text and depth; only the blank lines
between statements depend on what comes before. So a module cut before each definition
that starts a line after a blank line (a method: wrapped in `class _:` to keep its depth)
formats, piece by piece, into the pieces of the whole module's formatting, joined the way
black separates definitions: two blank lines before a top-level one, one before a method
or a field (black keeps one blank line between statements of a class body).
Each piece is cached on its own, so a change to one operation of a module of thousands
formats one method, not the module. `tests/emit/test_formatted_fingerprint.py` holds the
whole v1.0 package to the bytes black gives module by module.

A module is not cut when a piece would end in a comment (black keeps a comment with the
definition after it), in a block's header, or inside a bracket or string; it is then
formatted whole, as it is when black refuses a piece.
"""

from __future__ import annotations

import itertools
import re

__all__ = ["CUT_ABOVE", "join", "split", "unwrap", "wrap"]

# Smaller modules format in well under a second: cutting them saves nothing.
CUT_ABOVE = 32_000

# A definition, or a field of a class (`    name: annotation`): a one-property edit of a
# model of a hundred fields formats that field's piece, not the class.
_DEFINITION = re.compile(r"(?:    )?(?:async def |def |class |@)|    [A-Za-z_][A-Za-z0-9_]*: ")
_WRAPPER = "class _:\n"

Piece = tuple[int, str]  # depth (0: top level, 1: method), raw text


def split(source: str) -> list[Piece] | None:
    """The pieces of `source`, or None when it is small or cannot be cut safely."""
    if len(source) <= CUT_ABOVE:
        return None
    lines = source.splitlines(keepends=True)
    starts: list[int] = [0]
    for number in range(1, len(lines)):
        line = lines[number]
        if lines[number - 1].strip() == "" and _DEFINITION.match(line):
            starts.append(number)
    if len(starts) < 3:
        return None
    starts.append(len(lines))
    pieces: list[Piece] = []
    for begin, end in itertools.pairwise(starts):
        text = "".join(lines[begin:end])
        tail = text.rstrip().rsplit("\n", 1)[-1].lstrip()
        if tail.startswith("#") or tail.endswith(":") or not _balanced(text):
            return None
        depth = 1 if begin and lines[begin].startswith("    ") else 0
        pieces.append((depth, text))
    return pieces


def _balanced(text: str) -> bool:
    """No bracket left open and no triple-quoted string left open (a cut mid-statement)."""
    if text.count('"""') % 2 or text.count("'''") % 2:
        return False
    depth = 0
    for char in _without_strings(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
    return depth == 0


_STRING = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|#[^\n]*'
)


def _without_strings(text: str) -> str:
    return _STRING.sub("", text)


def wrap(piece: Piece) -> str:
    """What black is given for a piece: a method inside a class, to keep its depth."""
    depth, text = piece
    return _WRAPPER + text if depth else text


def unwrap(piece: Piece, formatted: str | None) -> str:
    """black's text of a piece, without the wrapper and the blank lines around it."""
    depth, _ = piece
    if formatted is None:
        raise ValueError("a piece was not formatted")
    if depth:
        if not formatted.startswith(_WRAPPER):
            raise ValueError("black changed the wrapper of a method")
        formatted = formatted[len(_WRAPPER) :]
    return formatted.strip("\n") + "\n"


def join(pieces: list[Piece], formatted: list[str]) -> str:
    """The formatted module: pieces separated as black separates definitions."""
    out = [formatted[0]]
    for (depth, _), text in zip(pieces[1:], formatted[1:], strict=True):
        out.append("\n\n" if depth == 0 else "\n")
        out.append(text)
    return "".join(out)
