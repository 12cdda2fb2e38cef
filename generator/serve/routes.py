"""Every path template of the model compiled to a matcher, and request paths split the same way.

A template is split at `/` outside braces, parentheses and quotes, so `{id | userPrincipalName}`
and `filterByCurrentUser(ep: ep/id eq '..')` stay one segment. Each segment becomes one matcher:

* literal (`contacts`, `$ref`, `microsoft.graph.user`): equal, case-insensitively; a literal
  also accepts a call of that name with named arguments (`getX` documented, `getX(a=1)` sent);
* placeholder (`{id}`, `{id | userPrincipalName}`, `{id|name}`, `<id>`, `(team-id)`): any one
  non-empty segment; so is a literal GUID, an example id left in the syntax block, as the
  generated clients read it;
* function or key call (`getEmailActivityCounts(period='{period_value}')`, `image(width=640)`):
  a segment `name(...)` with the same name and any arguments; a template whose call has no
  arguments also accepts the bare name (`delta()` and `delta`);
* pattern (`roleTemplateId={roleTemplateId}`): literal text around placeholders, as a regex;
* address (`root:/{item-path}:`): path-based addressing; the text between `:/` and the next `:`
  (or the end) is one token, whatever slashes it holds.

A leading API version (`/v1.0`, `/beta`, `/{version}`) is dropped from templates and requests,
query strings are ignored. When several templates match, the most specific wins: most literal
segments, then most function/pattern segments, then function calls whose argument names agree,
then the first documented. Each `/users/{id | userPrincipalName}/X` template also gets a
`/me/X` route (Graph's alias for the signed-in user) where no page documents `/me/X` for
that method; such alias routes rank below every documented one. A path no template
matches at all is tried in the other spellings Graph addresses alike
(`graphdoc.model.addressing`: `/drive` ≡ `/me/drive`, `.../drive/root` ≡
`.../drive/items/root`). A method and template documented by several operations is
served by the first; the later ones are kept
on the route (their examples still answer requests that match them exactly) and reported
in `Router.duplicates`. Likewise a `/me/X` route keeps the operations documenting only
`/users/{id}/X`, whose `/me/X` examples it serves (not reported as duplicates).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote

from ..model.addressing import GUID, TEMPLATE_PLACEHOLDER, graph_spellings
from ..model.types import Operation
from ..read.http import path_of
from ..read.http import request_target as request_target  # re-exported

TokenKind = Literal["segment", "address"]
MatcherKind = Literal["literal", "param", "function", "pattern", "address"]

VERSIONS = frozenset({"v1.0", "beta", "{version}"})
_PAREN_PLACEHOLDER = re.compile(r"\([A-Za-z0-9_\-. ]*\)")


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of a path: a segment, or the text of `:/...:` path-based addressing."""

    kind: TokenKind
    text: str


def split_path(path: str) -> list[Token]:
    """Split a path (without query) into tokens; empty segments are dropped."""
    tokens: list[Token] = []
    buffer: list[str] = []
    parens = braces = 0
    quoted = False
    index, size = 0, len(path)

    def flush() -> None:
        if buffer:
            tokens.append(Token("segment", "".join(buffer)))
            buffer.clear()

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
                flush()
                index += 1
                continue
            if char == ":" and path.startswith("/", index + 1):
                flush()
                end = _address_end(path, index + 2)
                tokens.append(Token("address", path[index + 2 : end]))
                index = end + 1
                continue
        buffer.append(char)
        index += 1
    flush()
    return tokens


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


def split_target(target: str) -> tuple[str, str]:
    """`/path?query#fragment` into path and query."""
    target = target.split("#", 1)[0]
    path, _, query = target.partition("?")
    return path, query


def _function_parts(text: str) -> tuple[str, frozenset[str]] | None:
    """`name(a=1, b='x')` into ("name", {"a", "b"}); None when `text` is no call."""
    open_at = text.find("(")
    if open_at <= 0 or not text.endswith(")"):
        return None
    names: set[str] = set()
    for argument in _split_arguments(text[open_at + 1 : -1]):
        name, equals, _ = argument.partition("=")
        if equals and "'" not in name:
            names.add(name.strip().lower())
    return text[:open_at].lower(), frozenset(names)


def _split_arguments(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    quoted = False
    current: list[str] = []
    for char in text:
        if quoted:
            quoted = char != "'"
        elif char == "'":
            quoted = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == "," and not depth:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    if current:
        parts.append("".join(current))
    return [part for part in parts if part.strip()]


@dataclass(frozen=True, slots=True)
class Matcher:
    """One compiled template segment."""

    kind: MatcherKind
    text: str = ""  # literal or function name, lower case
    arguments: frozenset[str] = frozenset()  # function argument names, lower case
    pattern: re.Pattern[str] | None = None

    @property
    def key(self) -> str:
        """Equal for segments that accept the same requests (duplicate detection)."""
        if self.kind in ("literal", "pattern"):
            return self.text
        if self.kind == "function":
            return f"{self.text}({','.join(sorted(self.arguments))})"
        if self.kind == "address":
            return ":{}:"
        return "{}"


_ME = Matcher("literal", "me")


def compile_segment(token: Token) -> Matcher:
    if token.kind == "address":
        return Matcher("address")
    text = token.text.strip()
    if any(form.fullmatch(text) for form in (TEMPLATE_PLACEHOLDER, _PAREN_PLACEHOLDER, GUID)):
        return Matcher("param")
    has_placeholder = TEMPLATE_PLACEHOLDER.search(text) is not None
    if has_placeholder and "|" in TEMPLATE_PLACEHOLDER.sub("", text):
        # `{user-id} | user-principal-name`: alternatives written outside the braces.
        return Matcher("param")
    call = _function_parts(text)
    if call is not None and call[0] and not TEMPLATE_PLACEHOLDER.search(call[0]):
        return Matcher("function", call[0], call[1])
    if has_placeholder:
        pieces: list[str] = []
        last = 0
        for found in TEMPLATE_PLACEHOLDER.finditer(text):
            pieces.append(re.escape(text[last : found.start()]))
            pieces.append(".+?")
            last = found.end()
        pieces.append(re.escape(text[last:]))
        regex = re.compile("".join(pieces), re.IGNORECASE | re.DOTALL)
        return Matcher("pattern", TEMPLATE_PLACEHOLDER.sub("{}", text).lower(), pattern=regex)
    return Matcher("literal", text.lower())


def template_tokens(template: str) -> list[Token]:
    """A documented path template as tokens, without host, version and query."""
    return _strip_version(split_path(path_of(template)))


def _strip_version(tokens: list[Token]) -> list[Token]:
    if tokens and tokens[0].kind == "segment" and tokens[0].text.lower() in VERSIONS:
        return tokens[1:]
    return tokens


@dataclass(slots=True)
class Route:
    method: str
    template: str
    operation: Operation
    matchers: tuple[Matcher, ...]
    order: int
    # Later operations documenting the same method and template (served by `operation`).
    shadowed: list[Operation] = field(default_factory=list)
    # `/me/X` standing for a documented `/users/{id}/X`: ranked below documented routes.
    alias: bool = False

    @property
    def key(self) -> tuple[str, ...]:
        return (self.method, *(matcher.key for matcher in self.matchers))

    @property
    def operations(self) -> list[Operation]:
        return [self.operation, *self.shadowed]


@dataclass(frozen=True, slots=True)
class Duplicate:
    method: str
    template: str
    kept: str  # operation id serving the route
    dropped: str  # operation id documenting the same method and template later


@dataclass(frozen=True, slots=True)
class RequestToken:
    """A request path token, decoded, with what the matchers need precomputed."""

    kind: TokenKind
    text: str  # percent-decoded
    lower: str
    call: tuple[str, frozenset[str]] | None

    @classmethod
    def of(cls, token: Token) -> RequestToken:
        return cls.decoded(token.kind, unquote(token.text))

    @classmethod
    def decoded(cls, kind: TokenKind, text: str) -> RequestToken:
        call = _function_parts(text) if kind == "segment" else None
        return cls(kind, text, text.lower(), call)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the router found for a method and path."""

    route: Route | None
    tokens: tuple[RequestToken, ...]  # the request path, decoded, version dropped
    allowed: tuple[str, ...]  # methods documented for this path (for 405 answers)


# (literal segments, call/pattern segments, calls whose argument names agree)
Score = tuple[int, int, int]


def _score(matchers: Sequence[Matcher], tokens: Sequence[RequestToken]) -> Score | None:
    literal = partial = agreeing = 0
    for matcher, token in zip(matchers, tokens, strict=True):
        kind = matcher.kind
        if kind == "address":
            if token.kind != "address":
                return None
            continue
        if token.kind != "segment":
            return None
        if kind == "literal":
            if token.lower == matcher.text:
                literal += 1
            elif _is_call_of(token, matcher.text):
                partial += 1  # `getX` documented, `getX(a='b')` sent
            else:
                return None
        elif kind == "param":
            continue
        elif kind == "function":
            call = token.call
            if call is None:
                if matcher.arguments or token.lower != matcher.text:
                    return None
                partial += 1
                continue
            if call[0] != matcher.text:
                return None
            partial += 1
            agreeing += call[1] == matcher.arguments
        else:
            assert matcher.pattern is not None
            if not matcher.pattern.fullmatch(token.text):
                return None
            partial += 1
    return literal, partial, agreeing


class Router:
    """Finds the documented operation for a method and a request path."""

    def __init__(self, operations: Iterable[Operation]) -> None:
        self.routes: list[Route] = []
        self.duplicates: list[Duplicate] = []
        self._buckets: dict[tuple[int, str], list[Route]] = {}
        by_key: dict[tuple[str, ...], Route] = {}
        for operation in operations:
            method = operation.method.upper()
            for template in operation.paths:
                matchers = tuple(compile_segment(token) for token in template_tokens(template))
                route = Route(method, template, operation, matchers, len(self.routes))
                existing = by_key.get(route.key)
                if existing is not None:
                    if existing.operation is not operation and all(
                        other is not operation for other in existing.shadowed
                    ):
                        existing.shadowed.append(operation)
                        self.duplicates.append(
                            Duplicate(method, template, existing.operation.id, operation.id)
                        )
                    continue
                by_key[route.key] = route
                self.routes.append(route)
                self._buckets.setdefault(_bucket_key(matchers), []).append(route)
        self._add_me_aliases(by_key)

    def _add_me_aliases(self, by_key: dict[tuple[str, ...], Route]) -> None:
        """Graph's `/me` is the signed-in user, so `/users/{id}/X` also answers `/me/X`.

        Where a page documents `/me/X` itself, that route serves those requests and the
        operations documenting `/users/{id}/X` join it (their `/me/X` examples). Elsewhere
        an alias route serves them, ranked below every documented route; a literal
        `/users/me/X` template is preferred over `/users/{id}/X` for it.
        """
        aliases: dict[tuple[str, ...], tuple[bool, Route]] = {}
        for route in self.routes:
            matchers = route.matchers
            if len(matchers) < 2 or matchers[0].key != "users":
                continue
            literal_me = matchers[1].key == "me"
            if not literal_me and matchers[1].kind != "param":
                continue
            key = (route.method, "me", *(m.key for m in matchers[2:]))
            documented = by_key.get(key)
            if documented is not None:
                if not literal_me:
                    for operation in route.operations:
                        if all(other is not operation for other in documented.operations):
                            documented.shadowed.append(operation)
                continue
            held = aliases.get(key)
            if held is not None and held[0] >= literal_me:
                continue
            alias = Route(
                route.method,
                route.template,
                route.operation,
                (_ME, *matchers[2:]),
                route.order,  # the documented route's examples (the responder's cache key)
                list(route.shadowed),
                alias=True,
            )
            aliases[key] = (literal_me, alias)
        for _, alias in aliases.values():
            self._buckets.setdefault(_bucket_key(alias.matchers), []).append(alias)

    def resolve(self, method: str, path: str) -> Resolution:
        """The best route for `method` and a raw (percent-encoded) path without query.

        The path as sent first; when no template matches it (for any method), the other
        spellings Graph addresses alike (`graph_spellings`: `/drive` for `/me/drive`,
        `root` as `items/root`).
        """
        raw = _strip_version(split_path(path))
        tokens = tuple(RequestToken.of(token) for token in raw)
        found = self._lookup(method.upper(), tokens)
        # Path addressing (`root:/a/b:`) names an item by path: it is never rewritten.
        if found[0] is None and not found[1] and all(token.kind == "segment" for token in raw):
            for spelling in graph_spellings("/".join(token.text for token in raw)):
                again = self._lookup(
                    method.upper(),
                    tuple(RequestToken.of(token) for token in split_path(spelling)),
                )
                if again[0] is not None or again[1]:
                    found = again
                    break
        return Resolution(found[0], tokens, found[1])

    def _lookup(
        self, method: str, tokens: tuple[RequestToken, ...]
    ) -> tuple[Route | None, tuple[str, ...]]:
        """The best route for tokens as given, then in OData's other spellings; with the
        methods documented for the path."""
        found = self._best(method, tokens)
        if found[0] is None and not found[1]:
            found = self._first_of(method, _alternatives(tokens), found)
        return found

    def _first_of(
        self,
        method: str,
        spellings: Iterable[tuple[RequestToken, ...]],
        unmatched: tuple[Route | None, tuple[str, ...]],
    ) -> tuple[Route | None, tuple[str, ...]]:
        """The result of the first spelling some template matches, else `unmatched`."""
        for rewritten in spellings:
            again = self._best(method, rewritten)
            if again[0] is not None or again[1]:
                return again
        return unmatched

    def _best(
        self, method: str, tokens: tuple[RequestToken, ...]
    ) -> tuple[Route | None, tuple[str, ...]]:
        count = len(tokens)
        candidates: list[Route] = []
        if tokens and tokens[0].kind == "segment":
            first = tokens[0]
            candidates.extend(self._buckets.get((count, first.lower), ()))
            if first.call is not None:
                candidates.extend(self._buckets.get((count, first.call[0]), ()))
        candidates.extend(self._buckets.get((count, "*"), ()))
        best: Route | None = None
        best_score: tuple[bool, Score, int] | None = None
        allowed: set[str] = set()
        for route in candidates:
            score = _score(route.matchers, tokens)
            if score is None:
                continue
            allowed.add(route.method)
            if route.method != method:
                continue
            ranked = (not route.alias, score, -route.order)  # ties: the first documented
            if best_score is None or ranked > best_score:
                best, best_score = route, ranked
        return best, tuple(sorted(allowed))


def _is_call_of(token: RequestToken, name: str) -> bool:
    """`name(a=1)` or `name()`, not the OData key form `name('id')`."""
    call = token.call
    if call is None or call[0] != name:
        return False
    return bool(call[1]) or token.text.endswith("()")


def _bucket_key(matchers: Sequence[Matcher]) -> tuple[int, str]:
    if matchers and matchers[0].kind in ("literal", "function"):
        return len(matchers), matchers[0].text
    return len(matchers), "*"


def _alternatives(tokens: tuple[RequestToken, ...]) -> list[tuple[RequestToken, ...]]:
    """Spellings of an unmatched path that Graph treats alike, tried in order.

    OData key syntax (`worksheets('Sheet1')` for `worksheets/Sheet1`), and the `/$count` and
    type-cast (`/microsoft.graph.user`) suffixes Graph accepts after any collection.
    """
    found: list[tuple[RequestToken, ...]] = []
    trimmed = _trim_suffixes(tokens)
    if trimmed is not None:
        found.append(trimmed)
    unkeyed = _unparenthesise_keys(tokens)
    if unkeyed is not None:
        found.append(unkeyed)
        trimmed = _trim_suffixes(unkeyed)
        if trimmed is not None:
            found.append(trimmed)
    return found


def _trim_suffixes(tokens: tuple[RequestToken, ...]) -> tuple[RequestToken, ...] | None:
    trimmed = list(tokens)
    if trimmed and trimmed[-1].lower == "$count":
        trimmed.pop()
    if trimmed and trimmed[-1].lower.startswith("microsoft.graph."):
        trimmed.pop()
    if trimmed and len(trimmed) < len(tokens):
        return tuple(trimmed)
    return None


_KEY_CALL = re.compile(r"^([^()]+)\((.+)\)$", re.DOTALL)


def _unparenthesise_keys(
    tokens: Sequence[RequestToken],
) -> tuple[RequestToken, ...] | None:
    """`worksheets('Sheet1')` → `worksheets`, `Sheet1` (OData key syntax seen in examples)."""
    changed = False
    result: list[RequestToken] = []
    for token in tokens:
        found = _KEY_CALL.match(token.text) if token.kind == "segment" else None
        if found and "=" not in found.group(2) and "," not in found.group(2):
            key = found.group(2).strip()
            if len(key) >= 2 and key[0] == key[-1] == "'":
                key = key[1:-1]
            result.append(RequestToken.decoded("segment", found.group(1)))
            result.append(RequestToken("segment", key, key.lower(), None))
            changed = True
        else:
            result.append(token)
    return tuple(result) if changed else None
