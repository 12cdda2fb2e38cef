"""JSON example bodies with the line and column of every key and value.

The model keeps bodies as values; a finding needs to say where in the page a property
stands. This parser reads a body from the page lines and keeps positions. It forgives what
the corpus has in otherwise readable bodies (trailing commas, `//` comments, `...` for
left-out items, smart quotes) and gives up (None) on anything worse: the body is then
reported as not JSON by another rule and not checked against the model.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from typing import Any

_SPACE = " \t\r\n\u00a0\u202f\u2007\u200b\u2060\ufeff"
_QUOTES = {'"': '"', "\u201c": "\u201d"}


@dataclass(slots=True)
class Member:
    key: str
    line: int
    column: int
    value: Node


@dataclass(slots=True)
class Node:
    kind: str  # object, array, string, number, bool, null
    line: int
    column: int
    value: Any = None  # scalars
    members: list[Member] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)

    def member(self, key: str) -> Member | None:
        return next((m for m in self.members if m.key == key), None)


class _GiveUp(ValueError):
    pass


class _Parser:
    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.pos = 0
        self.first_line = first_line
        self.starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def where(self, pos: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, pos) - 1
        return self.first_line + index, pos - self.starts[index] + 1

    def skip(self) -> None:
        text = self.text
        while self.pos < len(text):
            if text[self.pos] in _SPACE:
                self.pos += 1
            elif text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos)
                if end < 0:
                    raise _GiveUp("comment")
                self.pos = end + 2
            else:
                return

    def ellipsis(self) -> bool:
        for mark in ("...", "\u2026"):
            if self.text.startswith(mark, self.pos):
                self.pos += len(mark)
                return True
        return False

    def value(self, depth: int) -> Node:
        if depth > 200:
            raise _GiveUp("too deep")
        self.skip()
        if self.pos >= len(self.text):
            raise _GiveUp("end")
        char = self.text[self.pos]
        line, column = self.where(self.pos)
        if char == "{":
            return self.container(depth, line, column, "object")
        if char == "[":
            return self.container(depth, line, column, "array")
        if char in _QUOTES:
            return Node("string", line, column, self.string())
        for word, kind, value in (("true", "bool", True), ("false", "bool", False),
                                  ("null", "null", None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return Node(kind, line, column, value)
        end = self.pos
        while end < len(self.text) and self.text[end] in "+-0123456789.eE":
            end += 1
        try:
            number = json.loads(self.text[self.pos : end])
        except ValueError as error:
            raise _GiveUp("bad value") from error
        self.pos = end
        return Node("number", line, column, number)

    def string(self) -> str:
        text = self.text
        opening = text[self.pos]
        if opening == '"':
            end = text.find('"', self.pos + 1)
            if end > 0:
                simple = text[self.pos + 1 : end]
                if "\\" not in simple and "\n" not in simple and "\u201d" not in simple:
                    self.pos = end + 1
                    return simple
        closing = _QUOTES[opening]
        end_marks = {closing, '"'}
        parts: list[str] = []
        index = self.pos + 1
        while index < len(text):
            char = text[index]
            if char in end_marks:
                self.pos = index + 1
                return "".join(parts)
            if char == "\\" and index + 1 < len(text):
                if text[index + 1] == "u":
                    try:
                        parts.append(json.loads(f'"{text[index:index + 6]}"'))
                    except ValueError as error:
                        raise _GiveUp("bad escape") from error
                    index += 6
                    continue
                try:
                    parts.append(json.loads(f'"{text[index:index + 2]}"'))
                except ValueError:
                    parts.append(text[index + 1])
                index += 2
                continue
            if char == "\n":
                raise _GiveUp("line break in string")
            parts.append(char)
            index += 1
        raise _GiveUp("unterminated string")

    def container(self, depth: int, line: int, column: int, kind: str) -> Node:
        node = Node(kind, line, column)
        closing = "}" if kind == "object" else "]"
        self.pos += 1
        while True:
            self.skip()
            if self.pos >= len(self.text):
                raise _GiveUp("unclosed")
            if self.text[self.pos] == closing:
                self.pos += 1
                return node
            if self.ellipsis():
                self.skip()
                if self.pos < len(self.text) and self.text[self.pos] == ",":
                    self.pos += 1
                continue
            if kind == "object":
                if self.text[self.pos] not in _QUOTES:
                    raise _GiveUp("key")
                key_line, key_column = self.where(self.pos)
                key = self.string()
                self.skip()
                if self.pos >= len(self.text) or self.text[self.pos] != ":":
                    raise _GiveUp("colon")
                self.pos += 1
                node.members.append(Member(key, key_line, key_column, self.value(depth + 1)))
            else:
                node.items.append(self.value(depth + 1))
            self.skip()
            if self.pos < len(self.text) and self.text[self.pos] == ",":
                self.pos += 1
            elif self.pos < len(self.text) and self.text[self.pos] != closing:
                raise _GiveUp("separator")


def parse_lines(lines: list[str], first_line: int) -> Node | None:
    """The JSON value starting on `lines[0]` (page line `first_line`), positions kept."""
    text = "\n".join(lines)
    parser = _Parser(text, first_line)
    try:
        return parser.value(0)
    except _GiveUp:
        return None


def body_start(lines: list[str]) -> int | None:
    """Index of the line where an HTTP block's JSON body starts: the first line after the
    start line and headers that opens with `{` or `[`."""
    for index, line in enumerate(lines):
        if index == 0:
            continue
        stripped = line.strip()
        if stripped.startswith(("{", "[")):
            return index
    return None
