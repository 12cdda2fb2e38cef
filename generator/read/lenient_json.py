"""JSON as people type it in doc pages.

Annotations and example bodies are hand-written: trailing commas, unquoted keys, `//`
comments, smart or single quotes, raw newlines in strings, `...` where items were left
out. `loads` tries the strict parser first and otherwise runs a forgiving recursive
descent, reporting every liberty it took so the caller can raise a diagnostic.

The same descent gives `positioned`: the value as a tree of `Node`s carrying the page line
and column of every key and value (lint points at them), and `rewrite_strict`: the text
made strict JSON with its layout kept, when every liberty was a mechanical one (lint's
`--fix`). One reader, so what the model accepts is what lint checks and fixes.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import LenientJsonError as LenientJsonError

_SMART_QUOTES = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}
# JSON whitespace plus the no-break and zero-width spaces pasted in as indentation
# (U+00A0 in dynamics-create-item.md, U+202F in event-delta.md).
_WHITESPACE = " \t\r\n\u00a0\u2007\u202f\u200b\u2060\ufeff"
_ELLIPSES = ("...", "\u2026")
_ESCAPES = {
    '"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
    "'": "'",
}
_HEX = frozenset("0123456789abcdefABCDEF")
_NEWLINE = re.compile("\n")
_JSON_SPACE = re.compile("[ \t\r\n]*")
# The rest of a double-quoted string that needs no escape or liberty: read in one step.
_PLAIN_STRING = re.compile('([^"\\\\\n\r\t\u201c\u201d]*)"')
# Liberties a rewrite can undo without changing the value or the layout around it.
_MECHANICAL = frozenset(
    {
        "trailing comma",
        "missing comma",
        "unquoted key",
        "smart quotes",
        "single quotes",
        "raw control character in a string",
        "invalid escape",
    }
)


@dataclass(slots=True)
class Member:
    key: str
    line: int
    column: int
    value: Node


@dataclass(slots=True)
class Node:
    """A JSON value with the page position (1-based line and column) where it starts."""

    kind: str  # object, array, string, number, bool, null
    line: int
    column: int
    value: Any = None  # scalars
    members: list[Member] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)

    def member(self, key: str) -> Member | None:
        return next((m for m in self.members if m.key == key), None)

    def plain(self) -> Any:
        """The value as plain Python (a later duplicate key wins, in the first one's place)."""
        if self.kind == "object":
            return {member.key: member.value.plain() for member in self.members}
        if self.kind == "array":
            return [item.plain() for item in self.items]
        return self.value


@dataclass(slots=True, eq=False)
class PlacedJson:
    """JSON text that was read, with where it stands in its page; `node()` gives its value
    with positions. Built on first ask and kept: reading a corpus needs the values only, and
    positioning every body up front would add a third or more to the read."""

    text: str
    line: int
    column: int
    indent: int
    cached: Node | None = None
    done: bool = False  # `cached` holds the answer (None: the text does not read)

    def node(self) -> Node | None:
        if not self.done and self.cached is None:
            self.cached = positioned(self.text, self.line, self.column, self.indent)
        self.done = True
        return self.cached


@dataclass(slots=True)
class LenientResult:
    value: Any
    strict: bool
    repairs: list[str] = field(default_factory=list)
    trailing: str = ""  # text after the first complete value
    truncated: bool = False  # an ellipsis stood for left-out items
    node: Node | None = None  # the value with positions, from the forgiving parser

    @property
    def reason(self) -> str:
        return ", ".join(self.repairs) if self.repairs else "valid JSON"


def loads(
    text: str, *, allow_trailing: bool = False, line: int = 1, column: int = 1, indent: int = 0
) -> LenientResult:
    """Parse `text`, strictly if possible; raise LenientJsonError if hopeless.

    Positions (`node`) come with a forgiving parse only; `positioned` gives them for any
    text. `line`, `column` and `indent` place the text in its page, as for `positioned`."""
    try:
        return LenientResult(json.loads(text), strict=True)
    except (ValueError, RecursionError):
        pass
    parser = _Parser(text, line, column, indent)
    node = parser.parse_document(allow_trailing)
    return LenientResult(
        node.plain(), strict=False, repairs=parser.repairs, trailing=parser.trailing,
        truncated=parser.truncated, node=node,
    )


def positioned(text: str, line: int = 1, column: int = 1, indent: int = 0) -> Node | None:
    """`text` as positioned nodes, text after the value allowed; None if hopeless.

    `text` starts on page line `line` at `column`; its later lines start at column
    `indent + 1` (a fence indented in a list has its indentation taken off)."""
    parser = _Parser(text, line, column, indent)
    try:
        return parser.parse_document(allow_trailing=True)
    except (LenientJsonError, RecursionError):
        return None


def rewrite_strict(text: str, expected: Any) -> str | None:
    """`text` as strict JSON of value `expected`, layout kept: trailing commas dropped, keys
    and strings quoted, missing commas put back. None when that is not enough (comments,
    ellipses, text after the value...) or when the result would mean something else."""
    parser = _Parser(text)
    try:
        node = parser.parse_document(allow_trailing=False)
    except (LenientJsonError, RecursionError):
        return None
    if not _MECHANICAL.issuperset(parser.repairs) or node.plain() != expected:
        return None
    fixed = text
    for start, end, replacement in sorted(parser.edits, reverse=True):
        fixed = fixed[:start] + replacement + fixed[end:]
    try:
        return fixed if json.loads(fixed) == expected else None
    except (ValueError, RecursionError):
        return None


class _Parser:
    def __init__(self, text: str, line: int = 1, column: int = 1, indent: int = 0) -> None:
        self.text = text
        self.pos = 0
        self.repairs: list[str] = []
        self.truncated = False
        self.trailing = ""
        # (start, end, replacement) that undo a mechanical liberty, for `rewrite_strict`
        self.edits: list[tuple[int, int, str]] = []
        self.first_line = line
        self.first_column = column
        self.indent = indent
        self.starts: list[int] | None = None  # line start offsets, computed when first needed
        self.string_liberty = False  # the string being read took a liberty

    def where(self, pos: int) -> tuple[int, int]:
        if self.starts is None:
            self.starts = [0] + [match.end() for match in _NEWLINE.finditer(self.text)]
        index = bisect.bisect_right(self.starts, pos) - 1
        shift = self.first_column - 1 if index == 0 else self.indent
        return self.first_line + index, pos - self.starts[index] + 1 + shift

    def note(self, repair: str) -> None:
        if repair not in self.repairs:
            self.repairs.append(repair)

    def parse_document(self, allow_trailing: bool) -> Node:
        self.skip_space()
        if self.pos >= len(self.text):
            raise LenientJsonError("empty document", self.pos)
        node = self.parse_value(depth=0)
        rest = self.text[self.pos :].strip(_WHITESPACE)
        if rest and not allow_trailing:
            raise LenientJsonError("unexpected text after the JSON value", self.pos)
        if rest:
            self.note("text after the JSON value")
        self.trailing = rest
        return node

    def skip_space(self) -> None:
        text = self.text
        while True:
            spaces = _JSON_SPACE.match(text, self.pos)
            assert spaces is not None  # the pattern matches the empty string
            self.pos = spaces.end()
            if self.pos >= len(text):
                return
            char = text[self.pos]
            if char in _WHITESPACE:
                self.note("non-breaking space as whitespace")
                self.pos += 1
            elif char != "/":
                return
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
        if self.pos >= len(self.text) or self.text[self.pos] not in ".\u2026":
            return False
        return any(self.text.startswith(mark, self.pos) for mark in _ELLIPSES)

    def skip_ellipsis(self) -> None:
        for mark in _ELLIPSES:
            if self.text.startswith(mark, self.pos):
                self.pos += len(mark)
                self.truncated = True
                self.note("ellipsis truncation")
                return

    def parse_value(self, depth: int) -> Node:
        if depth > 200:
            raise LenientJsonError("nesting too deep", self.pos)
        self.skip_space()
        if self.pos >= len(self.text):
            raise LenientJsonError("unexpected end of text", self.pos)
        char = self.text[self.pos]
        line, column = self.where(self.pos)
        if char == "{":
            return self.parse_object(depth, Node("object", line, column))
        if char == "[":
            return self.parse_array(depth, Node("array", line, column))
        if char in "\"'" or char in _SMART_QUOTES:
            return Node("string", line, column, self.parse_string())
        if self.at_ellipsis():
            self.skip_ellipsis()
            return Node("null", line, column)
        value = self.parse_bare()
        kind = "null" if value is None else "bool" if isinstance(value, bool) else "number"
        return Node(kind, line, column, value)

    def comma(self, closing: str) -> None:
        """After a member or item: a comma (noting a trailing one), the closer, or neither."""
        end = self.pos
        self.skip_space()
        if self.pos >= len(self.text):
            raise LenientJsonError(f"unclosed {'object' if closing == '}' else 'array'}", self.pos)
        char = self.text[self.pos]
        if char == ",":
            comma = self.pos
            self.pos += 1
            self.skip_space()
            if self.pos < len(self.text) and self.text[self.pos] == closing:
                self.note("trailing comma")
                self.edits.append((comma, comma + 1, ""))
        elif char != closing:
            self.note("missing comma")
            self.edits.append((end, end, ","))

    def parse_object(self, depth: int, node: Node) -> Node:
        self.pos += 1
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                raise LenientJsonError("unclosed object", self.pos)
            char = self.text[self.pos]
            if char == "}":
                self.pos += 1
                return node
            if char == ",":
                self.note("extra comma")
                self.pos += 1
                continue
            if self.at_ellipsis():
                self.skip_ellipsis()
                continue
            line, column = self.where(self.pos)
            key = self.parse_key()
            self.skip_space()
            if self.pos < len(self.text) and self.text[self.pos] == ":":
                self.pos += 1
            else:
                raise LenientJsonError(f"expected ':' after key {key!r}", self.pos)
            node.members.append(Member(key, line, column, self.parse_value(depth + 1)))
            self.comma("}")

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
        key = self.text[start : self.pos]
        self.edits.append((start, self.pos, json.dumps(key, ensure_ascii=False)))
        return key

    def parse_array(self, depth: int, node: Node) -> Node:
        self.pos += 1
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                raise LenientJsonError("unclosed array", self.pos)
            char = self.text[self.pos]
            if char == "]":
                self.pos += 1
                return node
            if char == ",":
                self.note("extra comma")
                self.pos += 1
                continue
            if self.at_ellipsis():
                self.skip_ellipsis()
                continue
            node.items.append(self.parse_value(depth + 1))
            self.comma("]")

    def parse_string(self) -> str:
        start = self.pos
        self.string_liberty = False
        value = self.read_string()
        if self.string_liberty:
            self.edits.append((start, self.pos, json.dumps(value, ensure_ascii=False)))
        return value

    def note_in_string(self, repair: str) -> None:
        self.note(repair)
        self.string_liberty = True

    def read_string(self) -> str:
        text = self.text
        opening = text[self.pos]
        if opening == '"':
            plain = _PLAIN_STRING.match(text, self.pos + 1)
            if plain is not None:
                self.pos = plain.end()
                return plain.group(1)
        if opening in _SMART_QUOTES:
            self.note_in_string("smart quotes")
            closers = {"\u201d", "\u201c", '"'} if _SMART_QUOTES[opening] == '"' else {"\u2019"}
        elif opening == "'":
            self.note_in_string("single quotes")
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
                self.note_in_string("smart quotes")
                self.pos += 1
                return "".join(parts)
            if char == "\\" and self.pos + 1 < len(text):
                parts.append(self.parse_escape())
                continue
            if char in "\n\r\t":
                self.note_in_string("raw control character in a string")
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
        if code in _ESCAPES:
            self.pos += 2
            return _ESCAPES[code]
        if code == "u":
            value = self.code_unit(self.pos)
            if value is not None:
                self.pos += 6
                if 0xD800 <= value < 0xDC00:  # a surrogate pair makes one character
                    low = self.code_unit(self.pos) if text.startswith("\\u", self.pos) else None
                    if low is not None and 0xDC00 <= low < 0xE000:
                        self.pos += 6
                        return chr(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00))
                return chr(value)
        self.note_in_string("invalid escape")
        self.pos += 2
        return code

    def code_unit(self, pos: int) -> int | None:
        """The four hex digits of the `\\uXXXX` escape at `pos`, or None."""
        digits = self.text[pos + 2 : pos + 6]
        if len(digits) == 4 and all(char in _HEX for char in digits):
            return int(digits, 16)
        return None

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
