"""Every path template of the model as a route, and request paths resolved to one.

Templates are read by `graphdoc.model.paths` (the clients and lint read them the same
way): `PathTemplate.match` decides whether a request path addresses a template and
`request_spellings` lists the other spellings of a request path Graph addresses alike
(`/drive` ≡ `/me/drive`, `.../drive/root` ≡ `.../drive/items/root`, a trailing cast or
`/$count` after a documented collection). A leading API version (`/v1.0`, `/beta`,
`/{version}`) is dropped from requests; query strings are ignored.

The spellings are tried in order, and each in its request forms (as sent, percent-decoded,
OData key syntax as segments); the first one some template matches for the request's method
decides (when none does, the methods of the first spelling documented for others are
offered in a 405 answer). Among the templates it matches the most specific wins: documented
before `/me` alias, then most literal segments (a bare name called with arguments, `getX`
documented and `getX(a=1)` sent, counts as a call), most call and pattern segments, a
reading of every argument, and the first documented. Each `/users/{id | userPrincipalName}/X`
template also gets a `/me/X` route (`PathTemplate.me_alias`) where no page documents `/me/X`
for that method. A path whose request another operation defines (`Operation.superseded`, the
model's choice of one page per request) makes no route of its operation. A method and
template still documented by several operations (a model that made no choice) is served by
the first; the later ones are kept on the route (their examples still answer requests that
match them exactly) and reported in `Router.duplicates`. Likewise a `/me/X` route keeps the
operations documenting only `/users/{id}/X`, whose `/me/X` examples it serves (not reported
as duplicates).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..model.paths import PathMatch, PathTemplate, RawSegment, request_forms, request_spellings
from ..model.paths import split_path as split_path  # re-exported
from ..model.types import Operation
from ..read.http import request_target as request_target  # re-exported

Token = RawSegment
_VERSION = re.compile(r"^/(?:v1\.0|beta|\{version\})(?=/|$)", re.IGNORECASE)


def split_target(target: str) -> tuple[str, str]:
    """`/path?query#fragment` into path and query."""
    target = target.split("#", 1)[0]
    path, _, query = target.partition("?")
    return path, query


def strip_version(path: str) -> str:
    """A request path without its leading API version: `/v1.0/me` → `/me`."""
    return _VERSION.sub("", path) or "/"


@dataclass(slots=True)
class Route:
    method: str
    template: str
    operation: Operation
    path: PathTemplate
    order: int
    # Later operations documenting the same method and template (served by `operation`).
    shadowed: list[Operation] = field(default_factory=list)
    # `/me/X` standing for a documented `/users/{id}/X`: ranked below documented routes.
    alias: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path.shape

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
    """A request path segment, percent-decoded (the responder compares examples by them)."""

    kind: str  # `segment`, or `address` for the path of `:/...:` addressing
    text: str
    lower: str

    @classmethod
    def of(cls, token: RawSegment) -> RequestToken:
        text = unquote(token.text)
        return cls(token.kind, text, text.lower())


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the router found for a method and path."""

    route: Route | None
    tokens: tuple[RequestToken, ...]  # the request path, decoded, version dropped
    allowed: tuple[str, ...]  # methods documented for this path (for 405 answers)


def _buckets(form: str) -> tuple[tuple[int, str], tuple[int, str]]:
    """The route groups a request form may match: its number of segments (an address one)
    with its first segment's name (`users`, `reports`), and with `*`."""
    pieces = split_path(form)
    first = pieces[0] if pieces and pieces[0].kind == "segment" else None
    name = first.text.split("(", 1)[0].lower() if first is not None else "*"
    return (len(pieces), name), (len(pieces), "*")


class Router:
    """Finds the documented operation for a method and a request path."""

    def __init__(self, operations: Iterable[Operation]) -> None:
        self.routes: list[Route] = []
        self.duplicates: list[Duplicate] = []
        self._buckets: dict[tuple[int, str], list[Route]] = {}
        by_key: dict[tuple[str, str], Route] = {}
        for operation in operations:
            method = operation.method.upper()
            defined = zip(operation.defined_paths, operation.defined_templates, strict=True)
            for template, path in defined:
                route = Route(method, template, operation, path, len(self.routes))
                existing = by_key.get(route.key)
                if existing is not None:
                    if all(other is not operation for other in existing.operations):
                        existing.shadowed.append(operation)
                        self.duplicates.append(
                            Duplicate(method, template, existing.operation.id, operation.id)
                        )
                    continue
                by_key[route.key] = route
                self.routes.append(route)
                self._add(route)
        self._add_me_aliases(by_key)

    def _add(self, route: Route) -> None:
        segments = route.path.segments
        first = segments[0] if segments and segments[0].kind in ("literal", "call") else None
        name = first.name.lower() if first is not None else "*"
        self._buckets.setdefault((len(segments), name), []).append(route)

    def _add_me_aliases(self, by_key: dict[tuple[str, str], Route]) -> None:
        """Graph's `/me` is the signed-in user, so `/users/{id}/X` also answers `/me/X`.

        Where a page documents `/me/X` itself, that route serves those requests and the
        operations documenting `/users/{id}/X` join it (their `/me/X` examples). Elsewhere
        an alias route serves them, ranked below every documented route.
        """
        aliases: dict[tuple[str, str], Route] = {}
        for route in self.routes:
            alias = route.path.me_alias()
            if alias is None:
                continue
            key = (route.method, alias.shape)
            documented = by_key.get(key)
            if documented is not None:
                for operation in route.operations:
                    if all(other is not operation for other in documented.operations):
                        documented.shadowed.append(operation)
                continue
            if key in aliases:
                continue
            aliases[key] = Route(
                route.method,
                route.template,
                route.operation,
                alias,
                route.order,  # the documented route's examples (the responder's cache key)
                list(route.shadowed),
                alias=True,
            )
        for alias_route in aliases.values():
            self._add(alias_route)

    def resolve(self, method: str, path: str) -> Resolution:
        """The best route for `method` and a raw (percent-encoded) path without query: the
        first of the path's `request_spellings` some template matches, in its first request
        form some template matches (see the module docstring)."""
        path = strip_version(path)
        tokens = tuple(RequestToken.of(token) for token in split_path(path))
        method = method.upper()
        allowed: tuple[str, ...] = ()
        for spelling in request_spellings(path):
            for form in request_forms(spelling.path):
                found = self._best(method, form)
                if found is None:
                    continue
                if found[0] is not None:
                    return Resolution(found[0], tokens, found[1])
                allowed = allowed or found[1]
                break  # this spelling is documented, for other methods only
        return Resolution(None, tokens, allowed)

    def _best(self, method: str, form: str) -> tuple[Route | None, tuple[str, ...]] | None:
        """The best route for one request form and the methods documented for it; None when
        no template matches it for any method."""
        best: Route | None = None
        best_rank: tuple[bool, tuple[int, int], bool, int] | None = None
        allowed: set[str] = set()
        named, anything = _buckets(form)
        for route in (*self._buckets.get(named, ()), *self._buckets.get(anything, ())):
            found: PathMatch | None = route.path.match_form(form)
            if found is None:
                continue
            allowed.add(route.method)
            if route.method != method:
                continue
            rank = (not route.alias, found.specificity, found.exact, -route.order)
            if best_rank is None or rank > best_rank:
                best, best_rank = route, rank
        if not allowed:
            return None
        return best, tuple(sorted(allowed))
