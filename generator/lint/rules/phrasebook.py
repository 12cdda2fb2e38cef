"""The known leftover phrases of every language Graph pages are published in, by kind.

The phrases live in `phrases/<language>.txt` (package data, format in `phrases/README.txt`)
so a new localization or generator is a data change. They are compiled once into one
search pattern per kind (phrases that count anywhere) and one whole-value pattern per kind
(phrases that count only when they are all a value says).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

KINDS = ("stand-in", "instruction", "error", "sample", "note")
# The code each kind of leftover is reported under (author notes have their own rule).
CODES = {"stand-in": "GDL101", "instruction": "GDL107", "error": "GDL108", "sample": "GDL109"}
_WILDCARD = r"\S+(?:\s+\S+){0,5}?"
# What surrounds a value without being part of it: emphasis, escapes, end punctuation.
_WRAPPING = re.compile(r"[*_\\]|&nbsp;")
_ENDS = " \t.:!;,?\u3002\uff1a\uff01\uff1b\uff0c\u3001\uff1f"  # CJK punctuation too


@dataclass(slots=True, frozen=True)
class Phrases:
    # The phrase patterns themselves are compiled only when a page's hint matches (most
    # pages never need them, and compiling every language's phrases costs a hook's start).
    anywhere_source: dict[str, str]  # kind -> pattern searched in text
    whole_source: dict[str, str]  # kind -> pattern matched against a normalised value
    # Cheap tests on lower-cased text: can it hold a phrase that counts anywhere, can it hold
    # a whole-value phrase (a value's first word, after a line start, `|`, `:`, `#`, quote)?
    anywhere_hint: re.Pattern[str]
    whole_hint: re.Pattern[str]
    note_openers: frozenset[str]


def _latin(char: str) -> bool:
    """Scripts whose words are separated by spaces (phrases there need word boundaries)."""
    return char.isalpha() and ord(char) < 0x2E80


def _pattern(phrase: str) -> str:
    words = phrase.split()
    parts = [_WILDCARD if word == "*" else re.escape(word) for word in words]
    body = r"\s+".join(parts)
    if _latin(phrase[0]):
        body = r"(?<![\w/.-])" + body
    if _latin(phrase[-1]):
        body += r"(?!\w)"
    return body


def _read(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {kind: [] for kind in KINDS}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = re.split(r"\s#", raw, maxsplit=1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.get(line[1:-1])
            continue
        if current is not None:
            current.append(line.casefold())
    return sections


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in sorted(set(patterns), key=len, reverse=True))


@cache
def phrases() -> Phrases:
    """Every language's phrases, compiled (read once per process)."""
    # Package data next to this module (importlib.resources would cost the hook's start a
    # zipfile import for a package that is never zipped).
    merged: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for entry in sorted((Path(__file__).parent / "phrases").glob("*.txt")):
        for kind, found in _read(entry.read_text(encoding="utf-8")).items():
            merged[kind].extend(found)
    anywhere: dict[str, str] = {}
    whole: dict[str, str] = {}
    loose_hints: set[str] = {"todo", "tbd", "fixme"}
    whole_starts: set[str] = set()
    for kind in ("stand-in", "instruction", "error", "sample"):
        loose = [_pattern(p) for p in merged[kind] if not p.startswith("=")]
        exact = [_pattern(p[1:]) for p in merged[kind] if p.startswith("=")]
        if loose:
            anywhere[kind] = _alternation(loose)
        if exact:
            # An instruction may run on into more sentences ("Add description. Inherited...").
            tail = r"(?:[.!;:\u3002]\s.*)?" if kind == "instruction" else ""
            whole[kind] = rf"^(?:{_alternation(exact)}){tail}$"
        for phrase in merged[kind]:
            words = phrase.lstrip("=").split()
            if phrase.startswith("="):
                whole_starts.add(re.escape(words[0]))
            else:  # its last two words: rare enough in ordinary text to be a cheap hint
                loose_hints.add(re.escape(" ".join(words[-2:])))
    anywhere_hint = re.compile("|".join(sorted(loose_hints)))
    # A whole value starts a line, a cell, a front-matter value or a heading: the hint looks
    # only there (behind any emphasis, quote or tag), in text that starts with a newline.
    whole_hint = re.compile(
        rf"[|:#\"'>\n][ \t*_\\\"'>]*(?:{'|'.join(sorted(whole_starts))})"
    )
    return Phrases(anywhere, whole, anywhere_hint, whole_hint, frozenset(merged["note"]))


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def normalise(text: str) -> str:
    """A value as a reader sees it: no emphasis or escapes, single spaces, no end punctuation."""
    text = _WRAPPING.sub(" ", text)
    return " ".join(text.split()).strip(_ENDS)


@dataclass(slots=True, frozen=True)
class Match:
    kind: str
    start: int
    end: int


def search(text: str) -> Match | None:
    """The first phrase in `text` that counts wherever it stands (errors before samples)."""
    book = phrases()
    for kind in ("stand-in", "error", "instruction", "sample"):
        source = book.anywhere_source.get(kind)
        found = _compiled(source).search(text) if source is not None else None
        if found is not None:
            return Match(kind, found.start(), found.end())
    return None


# Whole-value phrases are a few words: a longer value is content, whatever it starts with.
WHOLE_LENGTH = 160


def whole_value(text: str) -> str | None:
    """The kind of leftover `text` is when it is all a value says, else None. Text split by
    HTML tags is tried piece by piece (localized pages wrap each sentence in `<span>`s)."""
    book = phrases()
    pieces = [text]
    if "<" in text:
        pieces += [piece for piece in re.split(r"<[^>]*>", text) if piece.strip()]
    for piece in pieces:
        value = normalise(piece)
        if not value:
            continue
        for kind in ("stand-in", "instruction", "sample"):
            source = book.whole_source.get(kind)
            if source is not None and _compiled(source).match(value):
                return kind
    return None
