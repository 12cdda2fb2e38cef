"""Inheritance a resource page states in its prose and rows, besides its `baseType`.

Two statements the pages make in words:

* the page's own base in prose, "Inherits from [conversationMember](...)" (read by
  `graphdoc.read.page`): where the annotation says only `microsoft.graph.entity`, the root
  every entity derives from, the prose names the nearer base and is kept instead;
* the base page naming its derived types in prose, "This is a base class; the derived types
  are [educationFeedbackOutcome](...), ..." (the links of that sentence), or "**attachment**
  is the base resource for the following derived types:" and the list or table right below
  (the first link of each item): the same evidence as a "Derived types" table.

Member rows' "Inherited from [directoryObject](...)" are not read as a base: they name where
one property comes from, often a far ancestor, and as often wrongly (`educationUser`).
"""

from __future__ import annotations

import re

from ..read.blocks import Text
from ..read.page import PageDoc
from ..read.typecell import parse_type_cell
from .rows import PendingType
from .types import TypeDef

ENTITY_NAMES = frozenset({"entity", "microsoft.graph.entity", "graph.entity"})
_LINK = re.compile(r"\[\**`?([A-Za-z][A-Za-z0-9]*)`?\**\]\(([^)\s]+\.md)(?:#[^)]*)?\)")
# "is the base type for", "base class for", "base resource for the following derived
# types", "the derived types are", "is inherited by".
_BASE_OF = re.compile(
    r"\bbase (?:type|class|resource|entity)s? (?:for|of)\b|\bderived (?:types|classes)"
    r"(?: are| include|\s*:)|\b(?:is|are) inherited by\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"\.(?:\s|$)")
_LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d+\.)\s")
_NOT_PROSE = ("properties", "relationships", "methods", "json representation")


def _links(text: str, doc: PageDoc) -> list[PendingType]:
    """Type links of a prose line: a name-like link text on a relative page link."""
    found: list[PendingType] = []
    for name, target in _LINK.findall(text):
        if target.startswith(("http:", "https:", "/")):
            continue
        cell = parse_type_cell(f"[{name}]({target})")
        if cell.name and not cell.primitive and cell.understood:
            found.append(PendingType(cell, doc.path, doc.namespace, 0))
    return found


def derived_in_prose(doc: PageDoc, main: TypeDef) -> list[tuple[str, PendingType]]:
    """The types the base page's prose names as its derived types, with their lines."""
    found: list[tuple[str, PendingType]] = []
    texts = doc.texts
    for index, block in enumerate(texts):
        if block.section in _NOT_PROSE:
            continue
        match = _BASE_OF.search(block.text)
        if match is None:
            continue
        if block.text.rstrip().endswith(":"):  # the list below names them, one an item
            refs = [
                (line, links[0])
                for line, text in _listed_below(doc, texts[index + 1 :], block.line)
                if (links := _links(text, doc))
            ]
        else:  # the links of the phrase's own sentence
            sentence = _SENTENCE_END.split(block.text[match.end() :], maxsplit=1)[0]
            refs = [(block.line, ref) for ref in _links(sentence, doc)]
        for line, ref in refs:
            ref.line = line
            found.append((main.name, ref))
    return found


def _listed_below(doc: PageDoc, following: list[Text], line: int) -> list[tuple[int, str]]:
    """What a line ending in a colon introduces: the list items right below it, or the
    first column of the table right below it ("the base type for each specific risk event
    type:" and a table of them)."""
    items: list[tuple[int, str]] = []
    for block in following:
        if not _LIST_ITEM.match(block.text):
            break
        items.append((block.line, block.text))
    if items:
        return items
    table = next((t.table for t in doc.tables if t.table.line > line), None)
    if table is None or table.line > line + 2:  # a blank line between, at most
        return []
    return [(row.line, row.cells[0]) for row in table.rows if row.cells]


def refines_entity(annotation_base: PendingType, named: str) -> bool:
    """Whether a base named in words replaces the annotation's: the annotation names only
    `entity`, which every entity derives from, and the words a type of their own."""
    stated = annotation_base.cell.name.strip().lower()
    return stated in ENTITY_NAMES and named.strip("* `").lower() not in ENTITY_NAMES
