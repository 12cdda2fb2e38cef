"""Path templates: what a documented Graph request path means, read once for every stage.

A syntax block writes a request path as a template: `/users/{id | userPrincipalName}/contacts`.
`PathTemplate.parse` reads it into segments, separated by `/` outside braces, parentheses
and quotes:

* literal: `contacts`, `$ref`, `$value`, or an OData cast `microsoft.graph.user`;
* parameter: the whole segment stands for a value: `{id}`, `<id>`, `{id | userPrincipalName}`,
  `(team-id)`, or a literal GUID (an example id left in the syntax block; kept as `literal`);
* call: a function or key call, `getEmailActivityCounts(period='{period_value}')`,
  `range(address='<address>')`, `borders(<sideIndex>)`, `image(width=640)`, with its
  arguments (a typed literal such as `microsoft.graph.timeZoneStandard'{x}'` is one
  argument value). A named argument's value is a parameter however it is written: a
  literal one (`period='D7'`, `count=n`) is an example, kept as `literal`;
* pattern: literal text around parameters in one segment, `roleTemplateId={roleTemplateId}`;
* address: path-based addressing, the text between `:/` and the next `:` (or the end), one
  value whatever slashes it holds: `root:/{item-path}:`.

`match` reads a request path (host, version and query removed) against the template and
binds each parameter, trying the path as sent, then percent-decoded, then with OData key
syntax read as a segment (`worksheets('Sheet1')` is `worksheets/Sheet1`). Literal text
compares case-insensitively, as Graph does. A call without arguments is its bare name
(`delta()` ≡ `delta`); a bare function name also matches a call with named arguments, a
match that is not `exact` (the template does not read them). The regex is compiled once
per template, on first use.

`request_spellings` lists the other spellings of a request path Graph addresses alike, the
same order for every stage: the signed-in user's drive (`/drive` ≡ `/me/drive`), the root
item (`.../drive/root` ≡ `.../drive/items/root`), and a trailing cast or `/$count` after a
documented collection. `PathTemplate.me_alias` is Graph's `/me` for `/users/{id}`. An id is
never made up: a template is aliased, a request path re-spelled, never the other way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar
from urllib.parse import unquote

from ..read.http import path_of

_Frozen = TypeVar("_Frozen")

SegmentKind = Literal["literal", "parameter", "call", "pattern", "address"]
# Where a parameter stands: a whole segment, the path of `:/...:` addressing, the value of a
# function argument, or a piece of a segment with literal text around it.
Context = Literal["segment", "address", "argument", "piece"]

PLACEHOLDER = re.compile(r"\{[^{}]*\}|<[^<>]*>")
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_GUID_SEGMENT = re.compile(rf"(?<=/){GUID.pattern}(?=/|$)")
_PAREN_SEGMENT = re.compile(r"(?<=/)\(([A-Za-z][A-Za-z0-9_\-. ]*)\)(?=/|$)")
_ARGUMENT_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*('?)$")
_CALL = re.compile(r"^([^()]+)\((.*)\)$", re.DOTALL)
_KEY_SYNTAX = re.compile(r"([A-Za-z_]\w*)\('([^'/]*)'\)(?=/|$)")
_CAST = re.compile(r"^(?:microsoft\.graph|graph)\.[A-Za-z]\w*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Parameter:
    """One value a template leaves open."""

    name: str  # the placeholder's words: `id | userPrincipalName`, `team-id`, or the GUID
    spelling: str  # as written: `{id}`, `<id>`, `(team-id)`, a GUID
    start: int  # span of `spelling` in the template text
    end: int
    context: Context
    argument: str = ""  # the function argument it fills (context `argument`)
    quoted: bool = False  # a quoted argument value: `period='{period_value}'`
    # A value written where a placeholder belongs: an example id (GUID) as a segment, or a
    # function argument's literal value.
    literal: str | None = None


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a call segment: `name=value`, or a key without a name."""

    name: str  # "" for a key, `borders(<sideIndex>)`
    value: str  # as written, quotes kept
    start: int  # span of `value` in the template text
    end: int
    parameters: tuple[Parameter, ...]


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    text: str  # as written (for an address, the text between `:/` and `:`)
    start: int
    name: str = ""  # a literal's text, a call's function name
    arguments: tuple[Argument, ...] = ()
    parameters: tuple[Parameter, ...] = ()

    @property
    def is_cast(self) -> bool:
        """An OData derived-type segment: `microsoft.graph.user`."""
        return self.kind == "literal" and bool(_CAST.match(self.text))


@dataclass(frozen=True, slots=True)
class PathMatch:
    """A request path read against a template: the values of its parameters, in order."""

    template: PathTemplate
    values: tuple[str, ...]
    # Bare function names of the template the request calls with arguments
    # (`getRecentNotebooks(includePersonalNotebooks=true)`): matched, but not all read.
    unread: int = 0

    @property
    def exact(self) -> bool:
        """Whether the template reads every part of the request path."""
        return not self.unread

    @property
    def specificity(self) -> tuple[int, int]:
        """The template's `specificity` as matched: a bare name called with arguments
        counts as a call, not a literal."""
        literal, partial = self.template.specificity
        return literal - self.unread, partial + self.unread

    def by_name(self) -> dict[str, str]:
        """Values by placeholder words (the first of parameters spelled alike)."""
        found: dict[str, str] = {}
        for parameter, value in zip(self.template.parameters, self.values, strict=True):
            found.setdefault(parameter.name, value)
        return found


@dataclass(frozen=True, slots=True)
class PathTemplate:
    """A documented request path, parsed; see the module docstring."""

    text: str
    segments: tuple[Segment, ...]
    parameters: tuple[Parameter, ...]
    # Segments after which a request may add an argument list (by index): a bare function
    # name (`delta`, `getRecentNotebooks`) or a call without arguments (`delta()`).
    tails: tuple[int, ...] = field(compare=False, repr=False)
    # The template with every parameter as `{}`, lower case: equal for templates that match
    # the same requests whatever their placeholders are called. Made once, with the parse
    # (several stages key requests by it, and parsed templates are kept between runs).
    shape: str = field(compare=False, repr=False)

    @staticmethod
    def parse(text: str) -> PathTemplate:
        found = _PARSED.get(text)
        if found is None:
            found = _PARSED[text] = _parse(text)
        return found

    @property
    def regex(self) -> re.Pattern[str]:
        """The template as a regex (`_regex`); compiled on first use, once per template."""
        return _compiled(self.text)

    @property
    def literal_count(self) -> int:
        return sum(segment.kind == "literal" for segment in self.segments)

    @property
    def specificity(self) -> tuple[int, int]:
        """(literal segments, call and pattern segments): the larger, the fewer paths it
        matches; used to choose among several templates matching one request."""
        partial = sum(segment.kind in ("call", "pattern") for segment in self.segments)
        return self.literal_count, partial

    def match(self, path: str) -> PathMatch | None:
        """The values a request path binds (path without host, version and query), trying
        each of its `request_forms` in turn."""
        for form in request_forms(path):
            found = self.match_form(form)
            if found is not None:
                return found
        return None

    def match_form(self, form: str) -> PathMatch | None:
        """The values one request form binds, read as it is."""
        body = form.rstrip("/") or "/"
        found = self.regex.fullmatch(body)
        if found is None:
            return None
        unread = 0
        if self.tails and "(" in body:
            counted = self._tails_read(body)
            if counted is None:
                return None
            unread = counted
        values: list[str] = []
        for index, parameter in enumerate(self.parameters):
            value = found.group(f"p{index}")
            values.append(value.replace("''", "'") if parameter.quoted else value)
        return PathMatch(self, tuple(values), unread)

    def _tails_read(self, body: str) -> int | None:
        """What a request adds after the template's bare function names: how many take
        named arguments the template does not read (nothing and `()` are read); None when
        one takes anything else, such as a key `('id')`: no match."""
        pieces = split_path(body)
        if len(pieces) != len(self.segments):
            return None
        unread = 0
        for index in self.tails:
            name = self.segments[index].name
            added = pieces[index].text[len(name) :].strip()
            inside = added[1:-1].strip() if added.startswith("(") else added
            if not inside:
                continue
            if not added.endswith(")") or not _NAMED_ARGUMENT.match(inside):
                return None
            unread += 1
        return unread

    def me_alias(self) -> PathTemplate | None:
        """`/me/X` for `/users/{id}/X` (Graph's alias for the signed-in user); else None."""
        if len(self.segments) < 2:
            return None
        first, second = self.segments[0], self.segments[1]
        if first.kind != "literal" or first.text.lower() != "users":
            return None
        if second.kind != "parameter" or not PLACEHOLDER.fullmatch(second.text):
            return None
        rest = self.text[second.start + len(second.text) :]
        return PathTemplate.parse("/me" + rest)


# ------------------------------------------------------------------------------ parsing


@dataclass(frozen=True, slots=True)
class RawSegment:
    """A piece of a path as split: a segment, or the path of `:/...:` addressing."""

    kind: Literal["segment", "address"]
    text: str
    start: int


def split_path(path: str) -> list[RawSegment]:
    """Split a path (without query) at `/` outside braces, parentheses and quoted call
    arguments; `:/a/b:` path-based addressing is one piece. Empty segments are dropped."""
    pieces: list[RawSegment] = []
    start = 0
    parens = braces = 0
    quoted = False
    index, size = 0, len(path)

    def flush(end: int) -> None:
        if end > start:
            pieces.append(RawSegment("segment", path[start:end], start))

    while index < size:
        char = path[index]
        if quoted:
            quoted = char != "'"
        elif char == "'" and parens:
            quoted = True
        elif char == "(":
            parens += 1
        elif char == ")":
            parens = max(0, parens - 1)
        elif char == "{":
            braces += 1
        elif char == "}":
            braces = max(0, braces - 1)
        elif not parens and not braces:
            if char == "/":
                flush(index)
                index += 1
                start = index
                continue
            if char == ":" and path.startswith("/", index + 1):
                flush(index)
                end = _address_end(path, index + 2)
                pieces.append(RawSegment("address", path[index + 2 : end], index + 2))
                index = end + 1
                start = index
                continue
        index += 1
    flush(size)
    return pieces


def _address_end(path: str, start: int) -> int:
    """Index of the `:` closing path-based addressing that starts at `start` (or the end)."""
    depth = 0
    for index in range(start, len(path)):
        char = path[index]
        if char in "{(":
            depth += 1
        elif char in "})":
            depth = max(0, depth - 1)
        elif char == ":" and not depth:
            return index
    return len(path)


def split_arguments(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the comma-separated arguments in `text`, quotes respected."""
    spans: list[tuple[int, int]] = []
    start = 0
    quoted = False
    depth = 0
    for index, char in enumerate(text):
        if quoted:
            quoted = char != "'"
        elif char == "'":
            quoted = True
        elif char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        elif char == "," and depth == 0:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    return spans


def _placeholders(text: str) -> list[tuple[int, int, str]]:
    """(start, end, words) of every value the text leaves open, in order."""
    found = [(m.start(), m.end(), m.group(0)[1:-1].strip()) for m in PLACEHOLDER.finditer(text)]
    found += [(m.start(), m.end(), m.group(0)) for m in _GUID_SEGMENT.finditer(text)]
    found += [(m.start(), m.end(), m.group(1).strip()) for m in _PAREN_SEGMENT.finditer(text)]
    return sorted(found)


def _parameter(text: str, start: int, end: int, words: str) -> Parameter:
    before, after = text[:start], text[end:]
    spelling = text[start:end]
    segment_before = before.rsplit("/", 1)[-1]
    # The regex (`name=` or `name='` closing `before`) only where `before` can end so: a
    # search of a whole path prefix cost a tenth of parsing the path.
    tail = before.rstrip()
    tail = tail[:-1].rstrip() if tail.endswith("'") else tail
    argument = _ARGUMENT_BEFORE.search(before) if tail.endswith("=") else None
    if argument and segment_before.count("(") > segment_before.count(")"):
        quoted = bool(argument.group(2)) and after.startswith("'")
        return Parameter(words, spelling, start, end, "argument", argument.group(1), quoted)
    if before.endswith(":/"):
        return Parameter(words, spelling, start, end, "address")
    literal = spelling if GUID.fullmatch(spelling) else None
    if (before == "" or before.endswith("/")) and (after == "" or after[0] in "/:"):
        return Parameter(words, spelling, start, end, "segment", literal=literal)
    return Parameter(words, spelling, start, end, "piece")


_VALUE_PATTERNS: dict[str, str] = {
    "segment": "[^/]+?",
    "piece": "[^/]+?",
    "address": "(?:[^:]|:(?!/))+?",  # up to the `:/` closing the address
    "quoted": "(?:[^']|'')*",
    "argument": "[^,()]*?",
}
# After a function name: nothing, `()`, or named arguments the template does not read.
_CALL_TAIL = r"(?:\([^/]*\))?"
_FUNCTION_NAME = re.compile(r"[A-Za-z_][\w.]*")
_NAMED_ARGUMENT = re.compile(r"[A-Za-z_][\w.]*\s*=")


def _call_tails(segments: tuple[Segment, ...]) -> tuple[int, ...]:
    """Indexes of the segments a request may follow with an argument list: a bare function
    name, or a call without arguments."""
    found: list[int] = []
    for index, segment in enumerate(segments):
        if segment.kind == "literal" and _FUNCTION_NAME.fullmatch(segment.text):
            if not segment.is_cast:
                found.append(index)
        elif (
            segment.kind == "call"
            and not segment.arguments
            and segment.text.endswith("()")
            and _FUNCTION_NAME.fullmatch(segment.name)
        ):
            found.append(index)
    return tuple(found)


def _regex(template: PathTemplate) -> re.Pattern[str]:
    """The template as a regex: parameters as groups `p0`..., an optional argument list
    after each bare function name (in place of `()` for a call without arguments)."""
    text = template.text
    body = text.rstrip("/") or "/"
    pieces: list[tuple[int, int, str]] = []
    for index, parameter in enumerate(template.parameters):
        if parameter.start < len(body):
            kind = "quoted" if parameter.quoted else parameter.context
            group = f"(?P<p{index}>{_VALUE_PATTERNS[kind]})"
            pieces.append((parameter.start, parameter.end, group))
    for index in template.tails:
        segment = template.segments[index]
        end = segment.start + len(segment.text)
        start = end - 2 if segment.kind == "call" else end
        if start <= len(body):
            pieces.append((start, min(end, len(body)), _CALL_TAIL))
    parts: list[str] = []
    last = 0
    for start, end, pattern in sorted(pieces):
        parts.append(re.escape(body[last:start]))
        parts.append(pattern)
        last = end
    parts.append(re.escape(body[last:]))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


# Every template parsed in this process, by its text; the page cache keeps the model's for the
# next run (parsing them costs a tenth of a second), and `remember_templates` takes them.
_PARSED: dict[str, PathTemplate] = {}
# Request paths as operations list them (host, version, query and all) -> their templates.
_BY_PATH: dict[str, PathTemplate] = {}


def template_of(path: str) -> PathTemplate:
    """The template of a request path as an operation lists it (`path_of` of it, parsed);
    each stage asks for every operation's, so the answer is kept by the path."""
    found = _BY_PATH.get(path)
    if found is None:
        found = _BY_PATH[path] = PathTemplate.parse(path_of(path))
    return found


def parsed_templates() -> Mapping[str, PathTemplate]:
    """The templates parsed (or remembered) so far, by text."""
    return _PARSED


def shared_parts(templates: Mapping[str, PathTemplate]) -> dict[str, PathTemplate]:
    """The same templates, each distinct parameter, argument and segment one object among
    them all (they are frozen): most recur (`/users/{id}/...` starts hundreds), so the
    templates a run keeps (`remember_templates`) unpickle in a third of the time."""
    shared: dict[object, object] = {}

    def one(item: _Frozen) -> _Frozen:
        found: _Frozen = shared.setdefault(item, item)  # type: ignore[assignment]
        return found

    def each(parameters: tuple[Parameter, ...]) -> tuple[Parameter, ...]:
        return tuple(one(parameter) for parameter in parameters)

    return {
        text: replace(
            template,
            segments=tuple(
                one(
                    replace(
                        segment,
                        arguments=tuple(
                            one(replace(argument, parameters=each(argument.parameters)))
                            for argument in segment.arguments
                        ),
                        parameters=each(segment.parameters),
                    )
                )
                for segment in template.segments
            ),
            parameters=each(template.parameters),
        )
        for text, template in templates.items()
    }


def remember_templates(templates: Mapping[str, PathTemplate]) -> None:
    """Take templates an earlier run of this same code parsed (`page_cache`) as parsed."""
    for text, template in templates.items():
        _PARSED.setdefault(text, template)


def _parse(text: str) -> PathTemplate:
    written = tuple(_parameter(text, *found) for found in _placeholders(text))
    raws = split_path(text)
    values = [v for raw in raws for v in _argument_values(text, raw, written)]
    parameters = tuple(sorted((*written, *values), key=lambda parameter: parameter.start))
    segments = tuple(_segment(text, raw, parameters) for raw in raws)
    return PathTemplate(
        text, segments, parameters, _call_tails(segments), _shape(text, parameters)
    )


def _shape(text: str, parameters: tuple[Parameter, ...]) -> str:
    """`PathTemplate.shape`."""
    out: list[str] = []
    last = 0
    for parameter in parameters:
        out.append(text[last : parameter.start])
        out.append("{}")
        last = parameter.end
    out.append(text[last:])
    return "".join(out).lower().rstrip("/")


@functools.lru_cache(maxsize=32768)
def _compiled(text: str) -> re.Pattern[str]:
    return _regex(PathTemplate.parse(text))


def _segment(text: str, raw: RawSegment, parameters: tuple[Parameter, ...]) -> Segment:
    end = raw.start + len(raw.text)
    inside = tuple(p for p in parameters if raw.start <= p.start and p.end <= end)
    if raw.kind == "address":
        return Segment("address", raw.text, raw.start, parameters=inside)
    words = raw.text.strip()
    if len(inside) == 1 and inside[0].context == "segment":
        return Segment("parameter", raw.text, raw.start, parameters=inside)
    if inside and "|" in PLACEHOLDER.sub("", words):
        # `{user-id} | user-principal-name`: alternatives written outside the braces.
        return Segment("parameter", raw.text, raw.start, parameters=inside)
    call = _CALL.match(raw.text)
    if call is not None and not PLACEHOLDER.search(call.group(1)):
        offset = raw.start + call.start(2)
        arguments = tuple(
            _argument(text, offset + a, offset + b, parameters)
            for a, b in split_arguments(call.group(2))
            if call.group(2)[a:b].strip()
        )
        return Segment("call", raw.text, raw.start, call.group(1).strip(), arguments, inside)
    if inside:
        return Segment("pattern", raw.text, raw.start, parameters=inside)
    return Segment("literal", raw.text, raw.start, words)


def _argument_values(
    text: str, raw: RawSegment, written: tuple[Parameter, ...]
) -> list[Parameter]:
    """The literal values of a call's named arguments: a function parameter is a value
    whatever the syntax block writes for it (`on='reviewer'`, `count=n`, `date=2017-09-01`);
    kept as `literal`."""
    call = _CALL.match(raw.text) if raw.kind == "segment" else None
    if call is None or PLACEHOLDER.search(call.group(1)):
        return []
    offset = raw.start + call.start(2)
    found: list[Parameter] = []
    for a, b in split_arguments(call.group(2)):
        argument = _argument(text, offset + a, offset + b, written)
        value = argument.value
        if not _FUNCTION_NAME.fullmatch(argument.name) or argument.parameters or not value:
            continue
        if len(value) >= 2 and value[0] == value[-1] == "'":
            start, end, quoted = argument.start + 1, argument.end - 1, True
        elif "'" in value or "(" in value or ")" in value or "," in value:
            continue
        else:
            start, end, quoted = argument.start, argument.end, False
        literal = text[start:end]
        found.append(
            Parameter(argument.name, literal, start, end, "argument", argument.name, quoted,
                      literal)
        )
    return found


def _argument(text: str, start: int, end: int, parameters: tuple[Parameter, ...]) -> Argument:
    written = text[start:end]
    name, equals, _ = written.partition("=")
    if not equals or "'" in name or "{" in name or "<" in name:
        name = ""
        value_start = start
    else:
        value_start = start + len(name) + 1
    value_start += len(text[value_start:end]) - len(text[value_start:end].lstrip())
    value_end = start + len(written.rstrip())
    inside = tuple(p for p in parameters if value_start <= p.start and p.end <= value_end)
    return Argument(name.strip(), text[value_start:value_end], value_start, value_end, inside)


# ------------------------------------------------------------------------------ requests


def request_forms(path: str) -> Iterator[str]:
    """A request path as sent, percent-decoded, and with OData key syntax as segments."""
    yield path
    decoded = unquote(path)
    if decoded != path:
        yield decoded
    unkeyed = _KEY_SYNTAX.sub(r"\1/\2", decoded)
    if unkeyed != decoded:
        yield unkeyed


def first_match(templates: Sequence[PathTemplate], path: str) -> tuple[int, PathMatch] | None:
    """The first template a request path matches, and how: the request forms in order, an
    exact reading before one that leaves arguments unread; else None."""
    for form in request_forms(path):
        inexact: tuple[int, PathMatch] | None = None
        for index, template in enumerate(templates):
            found = template.match_form(form)
            if found is not None and found.exact:
                return index, found
            if found is not None and inexact is None:
                inexact = index, found
        if inexact is not None:
            return inexact
    return None


@dataclass(frozen=True, slots=True)
class Spelling:
    """A request path in a spelling Graph addresses alike, and what was re-spelled."""

    path: str
    aliased: bool = False  # a drive spelling (`/drive` for `/me/drive`, `root` as an item)
    cast: str | None = None  # a trailing cast segment left out: `microsoft.graph.user`
    count: bool = False  # a trailing `/$count` left out


_DRIVE_ROOT = re.compile(r"(^|/)(drive|drives/[^/]+)/root(?=/|:|$)", re.IGNORECASE)
_USER_DRIVE = re.compile(r"^/me/drive(?=/|$)", re.IGNORECASE)
_DRIVE = re.compile(r"^/drive(?=/|$)", re.IGNORECASE)
_CAST_TAIL = re.compile(r"/((?:microsoft\.graph|graph)\.[A-Za-z]\w*)$")
_COUNT_TAIL = re.compile(r"/\$count$", re.IGNORECASE)


def drive_spellings(path: str) -> list[str]:
    """Other spellings of `path` naming the same drive resource, in the order to try them:
    the root item (`/me/drive/root` as `/me/drive/items/root`, also before path-based
    addressing: `root:/a.txt:` is `items/root:/a.txt:`), then the other drive prefix
    (`/drive` ↔ `/me/drive`). The path inside `:/...:` names an item by a path no id
    stands for: it is never re-spelled."""
    path = "/" + path.lstrip("/")
    as_item = _DRIVE_ROOT.sub(r"\1\2/items/root", path)
    found: list[str] = []
    for spelling in (as_item, _swap_drive_prefix(path), _swap_drive_prefix(as_item)):
        if spelling is not None and spelling != path and spelling not in found:
            found.append(spelling)
    return found


def _swap_drive_prefix(path: str) -> str | None:
    """`/drive/...` ↔ `/me/drive/...`; None when `path` starts with neither."""
    if _USER_DRIVE.match(path):
        return path[len("/me") :]
    if _DRIVE.match(path):
        return "/me" + path
    return None


def request_spellings(path: str) -> list[Spelling]:
    """`path` and the spellings Graph addresses alike, in the order every stage tries them:
    each drive spelling as written, then without a trailing cast, then without a trailing
    `/$count` (and a cast before it)."""
    found: list[Spelling] = []
    for index, spelling in enumerate([path, *drive_spellings(path)]):
        aliased = index > 0
        found.append(Spelling(spelling, aliased))
        cast = _CAST_TAIL.search(spelling)
        if cast:
            found.append(Spelling(spelling[: cast.start()], aliased, cast=cast.group(1)))
        count = _COUNT_TAIL.search(spelling)
        if count:
            head = spelling[: count.start()]
            cast = _CAST_TAIL.search(head)
            found.append(
                Spelling(head[: cast.start()] if cast else head, aliased,
                         cast=cast.group(1) if cast else None, count=True)
            )
    return found


def find(templates: Sequence[PathTemplate], path: str) -> tuple[Spelling, PathMatch] | None:
    """How a request path (host, version and query removed) addresses one of `templates`:
    the first of its `request_spellings` that some template, or its `/me` alias, matches,
    and the first such match (`first_match`); None when the path addresses none."""
    candidates = list(templates)
    candidates += [alias for t in templates if (alias := t.me_alias()) is not None]
    for spelling in request_spellings(path):
        found = first_match(candidates, spelling.path)
        if found is not None:
            return spelling, found[1]
    return None
