"""JSON as people type it in doc pages.

Annotations and example bodies are hand-written: trailing commas, unquoted keys, `//`
comments, smart or single quotes, raw newlines in strings, `...` where items were left
out. `loads` tries the strict parser first and otherwise runs a forgiving recursive
descent, reporting every liberty it took so the caller can raise a diagnostic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

_SMART_QUOTES = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}
# JSON whitespace plus the no-break and zero-width spaces pasted in as indentation
# (U+00A0 in dynamics-create-item.md, U+202F in event-delta.md).
_WHITESPACE = " \t\r\n\u00a0\u2007\u202f\u200b\u2060\ufeff"
_ELLIPSES = ("...", "\u2026")


class LenientJsonError(ValueError):
    """Raised when even the forgiving parser cannot make sense of the text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} at offset {offset}")
        self.offset = offset


@dataclass(slots=True)
class LenientResult:
    value: Any
    strict: bool
    repairs: list[str] = field(default_factory=list)
    trailing: str = ""  # text after the first complete value
    truncated: bool = False  # an ellipsis stood for left-out items

    @property
    def reason(self) -> str:
        return ", ".join(self.repairs) if self.repairs else "valid JSON"


def loads(text: str, *, allow_trailing: bool = False) -> LenientResult:
    """Parse `text`, strictly if possible; raise LenientJsonError if hopeless."""
    try:
        return LenientResult(json.loads(text), strict=True)
    except (ValueError, RecursionError):
        pass
    parser = _Parser(text)
    value = parser.parse_document()
    rest = text[parser.pos :].strip(_WHITESPACE)
    if rest and not allow_trailing:
        raise LenientJsonError("unexpected text after the JSON value", parser.pos)
    if rest:
        parser.note("text after the JSON value")
    return LenientResult(
        value, strict=False, repairs=parser.repairs, trailing=rest, truncated=parser.truncated
    )


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.repairs: list[str] = []
        self.truncated = False

    def note(self, repair: str) -> None:
        if repair not in self.repairs:
            self.repairs.append(repair)

    def parse_document(self) -> Any:
        self.skip_space()
        if self.pos >= len(self.text):
            raise LenientJsonError("empty document", self.pos)
        return self.parse_value(depth=0)

    def skip_space(self) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in _WHITESPACE:
                if char not in " \t\r\n":
                    self.note("non-breaking space as whitespace")
                self.pos += 1
            elif text.startswith("//", self.pos):
                self.note("comments")
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end + 1
            elif text.startswith("/*", self.pos):
                self.note("comments")
                end = text.find("*/", self.pos + 2)
                self.pos = len(text) if end < 0 else end + 2
            else:
                return

    def at_ellipsis(self) -> bool:
        return any(self.text.startswith(mark, self.pos) for mark in _ELLIPSES)

    def skip_ellipsis(self) -> None:
        for mark in _ELLIPSES:
            if self.text.startswith(mark, self.pos):
                self.pos += len(mark)
                self.truncated = True
                self.note("ellipsis truncation")
                return

    def parse_value(self, depth: int) -> Any:
        if depth > 200:
            raise LenientJsonError("nesting too deep", self.pos)
        self.skip_space()
        if self.pos >= len(self.text):
            raise LenientJsonError("unexpected end of text", self.pos)
        char = self.text[self.pos]
        if char == "{":
            return self.parse_object(depth)
        if char == "[":
            return self.parse_array(depth)
        if char in "\"'" or char in _SMART_QUOTES:
            return self.parse_string()
        if self.at_ellipsis():
            self.skip_ellipsis()
            return None
        return self.parse_bare()

    def parse_object(self, depth: int) -> dict[str, Any]:
        self.pos += 1
        result: dict[str, Any] = {}
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                raise LenientJsonError("unclosed object", self.pos)
            char = self.text[self.pos]
            if char == "}":
                self.pos += 1
                return result
            if char == ",":
                self.note("extra comma")
                self.pos += 1
                continue
            if self.at_ellipsis():
                self.skip_ellipsis()
                continue
            key = self.parse_key()
            self.skip_space()
            if self.pos < len(self.text) and self.text[self.pos] == ":":
                self.pos += 1
            else:
                raise LenientJsonError(f"expected ':' after key {key!r}", self.pos)
            result[key] = self.parse_value(depth + 1)
            self.skip_space()
            if self.pos >= len(self.text):
                raise LenientJsonError("unclosed object", self.pos)
            char = self.text[self.pos]
            if char == ",":
                self.pos += 1
                self.skip_space()
                if self.pos < len(self.text) and self.text[self.pos] == "}":
                    self.note("trailing comma")
            elif char != "}":
                self.note("missing comma")

    def parse_key(self) -> str:
        char = self.text[self.pos]
        if char in "\"'" or char in _SMART_QUOTES:
            return self.parse_string()
        start = self.pos
        while self.pos < len(self.text) and (
            self.text[self.pos].isalnum() or self.text[self.pos] in "_$@.-"
        ):
            self.pos += 1
        if self.pos == start:
            raise LenientJsonError(f"unexpected character {char!r}", self.pos)
        self.note("unquoted key")
        return self.text[start : self.pos]

    def parse_array(self, depth: int) -> list[Any]:
        self.pos += 1
        result: list[Any] = []
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                raise LenientJsonError("unclosed array", self.pos)
            char = self.text[self.pos]
            if char == "]":
                self.pos += 1
                return result
            if char == ",":
                self.note("extra comma")
                self.pos += 1
                continue
            if self.at_ellipsis():
                self.skip_ellipsis()
                continue
            result.append(self.parse_value(depth + 1))
            self.skip_space()
            if self.pos >= len(self.text):
                raise LenientJsonError("unclosed array", self.pos)
            char = self.text[self.pos]
            if char == ",":
                self.pos += 1
                self.skip_space()
                if self.pos < len(self.text) and self.text[self.pos] == "]":
                    self.note("trailing comma")
            elif char != "]":
                self.note("missing comma")

    def parse_string(self) -> str:
        text = self.text
        opening = text[self.pos]
        if opening in _SMART_QUOTES:
            self.note("smart quotes")
            closers = {"\u201d", "\u201c", '"'} if _SMART_QUOTES[opening] == '"' else {"\u2019"}
        elif opening == "'":
            self.note("single quotes")
            closers = {"'"}
        else:
            closers = {'"'}
        self.pos += 1
        parts: list[str] = []
        while self.pos < len(text):
            char = text[self.pos]
            if char in closers:
                self.pos += 1
                return "".join(parts)
            if opening == '"' and char in "\u201c\u201d" and self.structure_follows(self.pos + 1):
                # `"GET”,`: a straight quote closed by a smart one (workforceintegration-post.md).
                self.note("smart quotes")
                self.pos += 1
                return "".join(parts)
            if char == "\\" and self.pos + 1 < len(text):
                parts.append(self.parse_escape())
                continue
            if char in "\n\r\t":
                self.note("raw control character in a string")
            parts.append(char)
            self.pos += 1
        raise LenientJsonError("unterminated string", self.pos)

    def structure_follows(self, index: int) -> bool:
        """Whether only spaces stand between `index` and `,` `:` `}` `]`, a line end or the end."""
        while index < len(self.text) and self.text[index] in " \t":
            index += 1
        return index >= len(self.text) or self.text[index] in ",:}]\r\n"

    def parse_escape(self) -> str:
        text = self.text
        code = text[self.pos + 1]
        simple = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r"}
        simple["t"] = "\t"
        simple["'"] = "'"
        if code in simple:
            self.pos += 2
            return simple[code]
        if code == "u" and self.pos + 6 <= len(text):
            digits = text[self.pos + 2 : self.pos + 6]
            try:
                value = chr(int(digits, 16))
            except ValueError:
                pass
            else:
                self.pos += 6
                return value
        self.note("invalid escape")
        self.pos += 2
        return code

    def parse_bare(self) -> Any:
        text = self.text
        start = self.pos
        while self.pos < len(text) and text[self.pos] not in ",:]}\n\r" + "\"'{[":
            self.pos += 1
        token = text[start : self.pos].strip(_WHITESPACE)
        if not token:
            raise LenientJsonError(f"unexpected character {text[start]!r}", start)
        literals: dict[str, Any] = {"true": True, "false": False, "null": None}
        if token in literals:
            return literals[token]
        if token.lower() in literals:
            self.note("literal in the wrong case")
            return literals[token.lower()]
        try:
            number = json.loads(token)
        except ValueError:
            number = None
        if isinstance(number, int | float) and not isinstance(number, bool):
            return number
        raise LenientJsonError(f"unexpected token {token[:30]!r}", start)
