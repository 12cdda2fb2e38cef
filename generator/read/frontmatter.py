"""Front matter read as `key: value` lines.

A YAML loader would reject real pages (`title: driveItem: createUploadSession` has an
unquoted colon), and every front-matter line in the corpus is a single key/value pair, so a
line reader is both safer and faster.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class FrontMatter:
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line
    present: bool = False
    malformed: list[int] = field(default_factory=list)  # lines that are not `key: value`

    def get(self, key: str) -> str | None:
        return self.values.get(key)


def unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def read_front_matter(lines: list[str]) -> tuple[FrontMatter, int]:
    """Return the front matter and the index of the first line after it."""
    front = FrontMatter()
    if not lines or lines[0].strip() != "---":
        return front, 0
    for index in range(1, len(lines)):
        line = lines[index]
        stripped = line.strip()
        if stripped == "---":
            front.present = True
            return front, index + 1
        if not stripped:
            continue
        key, colon, value = line.partition(":")
        name = key.strip()
        if not colon or not name or " " in name:
            front.malformed.append(index + 1)
            continue
        front.values[name] = unquote(value)
        front.lines[name] = index + 1
    # No closing line: not front matter after all; read the page from the top.
    return FrontMatter(), 0
