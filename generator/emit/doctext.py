"""Page Markdown as clean text, for docstrings and JSON Schema `description`.

A description cell reads `Inherited from [directoryObject](directoryobject.md). Key. Not
nullable.<br><br>Supports `$filter` (`eq`, `ne`).` on the page; a docstring or a schema
wants the text a reader sees. `DocText` renders it through mistune (the project's Markdown
library) with `PlainText`, a renderer to plain paragraphs:

* a link becomes its text: with its URL after it when it leaves the docs (`http(s)`,
  `mailto`), with the type name when it points at a type's page under another text
  (`[setting](groupsetting.md)` → `setting (groupSetting)`); an in-page anchor
  (`(#legal-age-group-values)`), a page of the docs site (`/graph/query-parameters`) or an
  api page go, their text stays;
* `<br>`, `<p>`, `<ul>`, `<tr>` and the other block tags end a paragraph, `<li>` starts an
  item (`- `), `<code>` is a code span; other HTML tags and comments are dropped, but a
  word in angle brackets that is no HTML tag (`<languagecode2>`, `<id>`) is kept as text;
* code spans stay in backticks; emphasis goes, its text stays; HTML entities are decoded.

Every emitter uses this one helper, so models, clients and schemas say the same thing. The
result is text, not code: it still goes through `naming.docstring_text` (or JSON encoding)
like any page text, so nothing a page says can end a docstring or inject code.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

import mistune
from mistune.core import BaseRenderer, BlockState

from ..model.types import ApiModel

__all__ = ["DocText", "PlainText", "doc_text"]

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>$", re.DOTALL)
# Tags ending a paragraph where they open or close.
_BLOCK_TAGS = frozenset((
    "br", "p", "div", "ul", "ol", "tr", "table", "thead", "tbody", "tfoot", "hr", "h1", "h2",
    "h3", "h4", "h5", "h6", "blockquote", "dl", "dt", "dd", "pre", "section", "article",
    "header", "footer",
))
# Tags dropped with their text kept (`li`, `code`, `td` and `th` are read apart).
_INLINE_TAGS = frozenset((
    "a", "b", "i", "u", "s", "em", "strong", "span", "sup", "sub", "small", "big", "font",
    "strike", "del", "ins", "kbd", "var", "samp", "abbr", "cite", "q", "mark", "center", "tt",
    "img", "iframe", "video", "audio", "source", "caption", "col", "colgroup", "label",
    "nobr", "wbr", "script", "style", "noscript",
))
_EXTERNAL = re.compile(r"^(?:https?:|mailto:)", re.IGNORECASE)
_BREAK = "\n\n"


class PlainText(BaseRenderer):
    """A mistune renderer writing paragraphs of plain text, separated by blank lines.

    `type_names` maps a page's file name (lower case, `groupsetting.md`) to the type it
    documents, for links to type pages.
    """

    NAME = "plain"

    def __init__(self, type_names: dict[str, str] | None = None) -> None:
        super().__init__()
        self.type_names = type_names or {}
        # The pages looked up in `type_names`, with what was found: all a text depends on
        # besides itself (`DocText` keeps them to know when a remembered text still holds).
        self.looked_up: list[tuple[str, str | None]] = []

    def render_token(self, token: dict[str, Any], state: BlockState) -> str:
        kind = token["type"]
        children = token.get("children")
        inner = self.render_tokens(children, state) if children else ""
        raw: str = token.get("raw", "")
        if kind == "text":
            return html.unescape(raw)
        if kind == "codespan":
            return f"`{html.unescape(raw)}`"
        if kind in ("emphasis", "strong", "block_quote"):
            return inner
        if kind in ("paragraph", "heading", "block_text"):
            return inner + _BREAK
        if kind == "list":
            return self.list(token, state)
        if kind == "link":
            return self.link(inner, token.get("attrs", {}).get("url", ""))
        if kind == "image":
            return inner
        if kind in ("inline_html", "block_html"):
            return self.markup(raw)
        if kind in ("softbreak", "linebreak"):
            return " "
        if kind == "block_code":
            return raw.strip() + _BREAK
        if kind == "thematic_break":
            return _BREAK
        return inner  # blank lines and anything else: the text inside, if any

    def list(self, token: dict[str, Any], state: BlockState) -> str:
        ordered = bool(token.get("attrs", {}).get("ordered"))
        start = int(token.get("attrs", {}).get("start") or 1)
        out: list[str] = []
        for number, item in enumerate(token.get("children", []), start=start):
            text = self.render_tokens(item.get("children", []), state).strip()
            bullet = f"{number}." if ordered else "-"
            out.append(f"{bullet} {' '.join(text.split())}{_BREAK}")
        return "".join(out)

    def link(self, text: str, url: str) -> str:
        text = text.strip()
        url = url.strip()
        if _EXTERNAL.match(url):
            if not text or text == url or text == url.removeprefix("mailto:"):
                return url
            return f"{text} ({url})"
        page = posixpath.basename(url.split("#", 1)[0].split("?", 1)[0]).lower()
        name = self.type_names.get(page) if page.endswith(".md") else None
        if page.endswith(".md"):
            self.looked_up.append((page, name))
        if name is not None:
            if not text:
                return name
            if text.strip("`*_ ").lower() != name.lower():
                return f"{text} ({name})"
        return text

    @staticmethod
    def markup(raw: str) -> str:
        """An HTML tag or comment as text: see the module docstring."""
        if raw.startswith("<!--"):
            return ""
        tag = _TAG.match(raw.strip())
        if tag is None:
            return raw
        name = tag.group(2).lower()
        if name in _BLOCK_TAGS:
            return _BREAK
        if name == "li":
            return _BREAK if tag.group(1) else _BREAK + "- "
        if name == "code":
            return "`"
        if name in ("td", "th"):
            return " "
        if name in _INLINE_TAGS:
            return ""
        return raw  # `<languagecode2>`: a placeholder written in angle brackets


# A text's paragraphs, and the type pages its links looked up with what they found.
Rendered = tuple[tuple[str, ...], tuple[tuple[str, str | None], ...]]


class DocText:
    """Clean text of page Markdown for one model (see the module docstring); each distinct
    text is rendered once. What one run rendered (`rendered`) can seed the next run's
    helper (`learn`): a text is taken as it was when the type pages its links named map to
    the same types (the only thing besides the text it depends on)."""

    def __init__(self, model: ApiModel | None = None) -> None:
        type_names: dict[str, str] = {}
        for type_def in model.types if model is not None else ():
            page = posixpath.basename(type_def.source.path).lower()
            type_names.setdefault(page, type_def.name.rsplit(".", 1)[-1])
        self._type_names = type_names
        self._renderer = PlainText(type_names)
        self._markdown = mistune.create_markdown(renderer=self._renderer)
        self._done: dict[str, Rendered] = {}
        self._known: dict[str, Rendered] = {}
        self.fresh = 0  # texts rendered here, not taken from `learn`

    def learn(self, known: dict[str, Rendered]) -> None:
        """Take texts another helper rendered (its `rendered`) where they still hold."""
        self._known = known

    def rendered(self) -> dict[str, Rendered]:
        """Every text asked for so far, with its paragraphs and lookups."""
        return self._done

    def paragraphs(self, markdown: str) -> tuple[str, ...]:
        """The text's paragraphs, each on one line, empty ones dropped."""
        found = self._done.get(markdown)
        if found is not None:
            return found[0]
        found = self._known.get(markdown)
        if found is None or any(self._type_names.get(page) != name for page, name in found[1]):
            self._renderer.looked_up.clear()
            rendered = str(self._markdown(markdown)) if markdown.strip() else ""
            paragraphs = tuple(
                " ".join(block.split()) for block in rendered.split(_BREAK) if block.strip()
            )
            found = (paragraphs, tuple(self._renderer.looked_up))
            self.fresh += 1
        self._done[markdown] = found
        return found[0]

    def text(self, markdown: str) -> str:
        """The paragraphs separated by blank lines (a JSON Schema `description`)."""
        return _BREAK.join(self.paragraphs(markdown))


# The helper of the last models asked for: models, clients and schemas of one generation
# share one, so each description is rendered once.
_RECENT: list[tuple[ApiModel, DocText]] = []


def doc_text(model: ApiModel) -> DocText:
    """The `DocText` of a model, made on first use and shared by every emitter."""
    for known, found in _RECENT:
        if known is model:
            return found
    made = DocText(model)
    _RECENT.insert(0, (model, made))
    del _RECENT[2:]
    return made
