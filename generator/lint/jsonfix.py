"""Mechanical repair of annotation JSON: the syntax ApiDoctor's lenient parser forgives.

Trailing commas are dropped, unquoted keys and single- or smart-quoted strings get double
quotes, raw line breaks and tabs inside strings are escaped, and a missing comma between two
members is put back. Whitespace and layout stay as written. Anything else (comments, text
after the object, a bare word as a value) is not mechanical: `repair` then returns None.
"""

from __future__ import annotations

import json
from typing import Any

_OPENING_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019"}
_CLOSERS = "}]"
_SPACE = " \t\r\n"


class _Unfixable(ValueError):
    pass


def _encode(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _read_string(text: str, pos: int) -> tuple[str, int]:
    """The decoded string starting at `pos` (at its opening quote), and the index after it."""
    quote = text[pos]
    closing = _OPENING_QUOTES[quote]
    closers = {closing, '"'} if quote in "\u201c\u201d" else {closing}
    parts: list[str] = []
    index = pos + 1
    while index < len(text):
        char = text[index]
        if char in closers:
            return "".join(parts), index + 1
        if char == "\\" and index + 1 < len(text):
            escaped = text[index : index + 2]
            if escaped[1] == "u" and index + 6 <= len(text):
                parts.append(json.loads(f'"{text[index:index + 6]}"'))
                index += 6
                continue
            try:
                parts.append(json.loads(f'"{escaped}"'))
            except ValueError:
                parts.append(escaped[1])
            index += 2
            continue
        parts.append(char)
        index += 1
    raise _Unfixable("unterminated string")


def _repair(text: str) -> str:
    out: list[str] = []
    pos = 0
    # What the last significant token was: "value", "key", ":", ",", "{", "[".
    last = ""
    stack: list[str] = []

    def next_significant(index: int) -> str:
        while index < len(text) and text[index] in _SPACE:
            index += 1
        return text[index] if index < len(text) else ""

    while pos < len(text):
        char = text[pos]
        if char in _SPACE:
            out.append(char)
            pos += 1
            continue
        if text.startswith("//", pos) or text.startswith("/*", pos):
            raise _Unfixable("comment")
        value_start = char in _OPENING_QUOTES or char in "{[" or char.isalnum() or char in "-_@$"
        if value_start and last == "value" and stack:
            # a missing comma between members goes right after the previous value
            at = len(out)
            while at > 0 and out[at - 1] in _SPACE:
                at -= 1
            out.insert(at, ",")
            last = ","
        if char in "{[":
            stack.append(char)
            out.append(char)
            last = char
            pos += 1
        elif char in _CLOSERS:
            if not stack:
                raise _Unfixable("unbalanced")
            stack.pop()
            if last == ",":
                # drop the trailing comma (the last "," written, whitespace kept)
                for index in range(len(out) - 1, -1, -1):
                    if out[index] == ",":
                        del out[index]
                        break
            out.append(char)
            last = "value"
            pos += 1
            if not stack and text[pos:].strip(_SPACE):
                raise _Unfixable("text after the value")
        elif char == ",":
            if last in ("", ",", "{", "[", ":"):
                raise _Unfixable("stray comma")
            out.append(char)
            last = ","
            pos += 1
        elif char == ":":
            if last != "key":
                raise _Unfixable("stray colon")
            out.append(char)
            last = ":"
            pos += 1
        elif char in _OPENING_QUOTES:
            decoded, pos = _read_string(text, pos)
            out.append(_encode(decoded))
            in_object = bool(stack) and stack[-1] == "{"
            last = "key" if in_object and last in ("{", ",") else "value"
        else:
            end = pos
            while end < len(text) and (text[end].isalnum() or text[end] in "-_@$.+"):
                end += 1
            if end == pos:
                raise _Unfixable(f"unexpected {char!r}")
            word = text[pos:end]
            in_object = bool(stack) and stack[-1] == "{"
            if in_object and last in ("{", ",") and next_significant(end) == ":":
                out.append(_encode(word))
                last = "key"
            elif word in ("true", "false", "null"):
                out.append(word)
                last = "value"
            else:
                try:
                    json.loads(word)
                except ValueError as error:
                    raise _Unfixable(f"bare word {word!r}") from error
                out.append(word)
                last = "value"
            pos = end
    if stack:
        raise _Unfixable("unclosed")
    return "".join(out)


def repair(text: str, expected: Any) -> str | None:
    """`text` made strict JSON with the same value as `expected`, or None if not mechanical."""
    try:
        fixed = _repair(text)
        if json.loads(fixed) != expected:
            return None
    except (ValueError, RecursionError):
        return None
    return fixed
