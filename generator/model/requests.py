"""One definition per request: where several pages document the same method and path.

A request is a method and a path template's `shape` (parameter names blanked, case folded:
`GET /users/{id}` and `GET /users/{usersId}` are one request). Graph's pages document many
requests twice or more: `user-get.md` and three Intune pages (`intune-devices-user-get.md`,
whose example answers a bare `{"value": {"id": ...}}`) all document `GET /users/{id}`; the
extended-property pages document `GET /me/messages` to show `$expand`. The model keeps one
page's operation as the definition of each request and records, on every other operation
documenting it, which operation defines it instead (`Operation.superseded`); every stage
reads that and none decides again. One GD450 diagnostic per request names the chosen page
and each page not used, with its line.

The candidates are ranked by these rules, in order; the first that tells two apart decides:

1. **The type the path addresses.** The path is walked from its first segment through the
   model's types: the first segment names a type (`users` → `user`, `deviceManagement`,
   `education` → `educationRoot`; `me` is the signed-in `user`), each literal segment after
   it a property of the type reached so far (`/me/calendar/events` → user, calendar, event),
   else a type by the same lookup as the first (`/identity/conditionalAccess/namedLocations`
   → namedLocation; a name neither finds reaches no type); a key segment (`{id}`) or
   path-based address keeps the type, a cast segment names its type; a call or `$ref` ends
   the walk. When the last segment reaches a type, a GET answering a list where the path
   names one item (`.../attachments/{id}` on a page listing attachments), or one item where
   it names a list, ranks last; otherwise a page whose result (the response type, else the
   request body type) is that type, or that gives no typed result (an update answering
   204), ranks first; then one whose result derives from it (a create of a derived type, a
   derived type's page); last one whose result is another type: a base type
   (`directoryObject` for `/users/{id}/manager`'s expand form) or an unrelated one (an
   extended-property page returning the property for `GET /me/messages`).
2. **The resource's own page.** A type's own page is the page its definition was read from
   (`resources/user.md` for `microsoft.graph.user`; a product-area page documenting the same
   type, `resources/intune-devices-user.md`, is a variant of it). An operation listed in the
   Methods table of the own page of a type on the path ranks first: listed by the fewest
   types first (a page many types list, such as the open extension and extended property
   pages, is about something else), then by the type nearest the end of the path
   (`/me/calendar/calendarView`: the calendar page's operation before the user page's); then
   one listed nowhere; last one listed only on a variant page, a product area's copy of
   the type.
3. **The richer page**: a typed result, then more examples with a response, then more
   parameters, then more request-body properties.
4. **The first page read** (file order), so the choice is stable.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..diagnostics import DUPLICATE_REQUEST
from .graph import TypeGraph, graph_of
from .paths import PathTemplate
from .typeref import Named
from .types import ApiModel, Diagnostic, Operation, Property, TypeDef

__all__ = ["Candidate", "Choice", "choose_requests", "request_choices"]

# Rule 1's ranks: the result is the addressed type (or not typed), derives from it, differs.
_SAME, _DERIVED, _OTHER = range(3)
# Rule 2's ranks: listed on a path type's own page, on no such page, only on a variant page.
_OWN_PAGE, _UNLISTED, _VARIANT_PAGE = range(3)

RULES = (
    "the type the path addresses",
    "the resource's own page",
    "the richer page",
    "the first page read",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One operation documenting a request, through one of its paths."""

    operation: Operation
    path: str  # as the page writes it
    order: int  # the operation's place in the model (page order)


@dataclass(frozen=True, slots=True)
class Choice:
    """A request documented by several operations and the one kept as its definition."""

    method: str
    chosen: Candidate
    dropped: tuple[Candidate, ...]  # in model order
    rule: int  # index in `RULES` of the rule that set the chosen apart from the next best
    addressed: str | None  # the type the path addresses, when the walk reached its end

    @property
    def reason(self) -> str:
        return RULES[self.rule]


def request_choices(model: ApiModel) -> list[Choice]:
    """Every request documented by more than one operation, with the one chosen; in the
    order the requests first appear in the model."""
    # (method, shape) -> (operation's place, path as written): most requests have one, and
    # only those with more become candidates.
    by_request: dict[tuple[str, str], list[tuple[int, str]]] = {}
    operations = model.operations
    for order, operation in enumerate(operations):
        method = operation.method.upper()
        mine: set[tuple[str, str]] = set()
        for path, template in zip(operation.paths, operation.templates, strict=True):
            key = (method, template.shape)
            if key in mine:
                continue  # two spellings of one request on one page: no choice to make
            mine.add(key)
            by_request.setdefault(key, []).append((order, path))
    shared = [(key, found) for key, found in by_request.items() if len(found) > 1]
    if not shared:
        return []
    ranker = _Ranker(graph_of(model), model.types)
    return [
        ranker.choose(method, [Candidate(operations[order], path, order) for order, path in found])
        for (method, _), found in shared
    ]


def choose_requests(model: ApiModel) -> ApiModel:
    """The model with each request defined once: `Operation.superseded` set on the others and
    a GD450 diagnostic per request documented more than once (see the module docstring)."""
    choices = request_choices(model)
    if not choices:
        return model
    superseded: dict[int, dict[str, str]] = {}
    diagnostics = list(model.diagnostics)
    for choice in choices:
        for dropped in choice.dropped:
            by = superseded.setdefault(id(dropped.operation), {})
            by[dropped.path] = choice.chosen.operation.id
        diagnostics.append(_diagnostic(choice))
    diagnostics.sort(key=lambda d: (d.path, d.line, d.column, d.code))
    operations = [
        replace(operation, superseded=superseded[id(operation)])
        if id(operation) in superseded
        else operation
        for operation in model.operations
    ]
    return replace(model, operations=operations, diagnostics=diagnostics)


def _diagnostic(choice: Choice) -> Diagnostic:
    chosen = choice.chosen.operation
    others = ", ".join(
        f"{c.operation.source.path}:{c.operation.source.line}" for c in choice.dropped
    )
    addressed = f" `{choice.addressed}`" if choice.rule == 0 and choice.addressed else ""
    return DUPLICATE_REQUEST.at(
        chosen.source.path,
        chosen.source.line,
        f"`{choice.method} {choice.chosen.path}` is documented on {len(choice.dropped) + 1} "
        f"pages; this page defines it ({choice.reason}{addressed}); not used: {others}",
    )


@dataclass(frozen=True, slots=True)
class _Walk:
    """What walking a path through the model's types found."""

    types: list[TypeDef]  # the types reached, one per change, first segment first
    addressed: TypeDef | None  # the type the last segment reaches
    many: bool  # the last segment names a collection (an entity set, a collection property)


class _Ranker:
    """The rules of the module docstring over one model's types."""

    def __init__(self, graph: TypeGraph, types: Iterable[TypeDef]) -> None:
        self.graph = graph
        self.short: dict[str, TypeDef] = {}
        for type_def in sorted(types, key=lambda t: (t.name.count("."), t.name)):
            if type_def.kind != "enum":
                self.short.setdefault(type_def.name.rsplit(".", 1)[-1].lower(), type_def)
        # An operation page → the types whose Methods tables list it: (type, own page?).
        self.listed: dict[str, list[tuple[str, bool]]] = {}
        for type_def in graph:
            for method in type_def.methods:
                target = _link_target(method.source.path, method.link)
                if target is not None:
                    own = method.source.path == type_def.source.path
                    self.listed.setdefault(target, []).append((type_def.name, own))
        # A type's own and inherited properties by lower-case name, as paths walk through it.
        self.members: dict[str, dict[str, Property]] = {}

    def choose(self, method: str, candidates: list[Candidate]) -> Choice:
        walk = self.walk(PathTemplate.parse(candidates[0].path))
        keys = [(self.key(method, c, walk), c.order) for c in candidates]
        ranked = sorted(zip(keys, candidates, strict=True), key=lambda pair: pair[0])
        (best_key, _), chosen = ranked[0]
        (next_key, _), _ = ranked[1]
        rule = next(
            (index for index, (a, b) in enumerate(zip(best_key, next_key, strict=True)) if a != b),
            len(RULES) - 1,
        )
        dropped = tuple(sorted((c for _, c in ranked[1:]), key=lambda c: c.order))
        addressed = walk.addressed.name if walk.addressed is not None else None
        return Choice(method, chosen, dropped, rule, addressed)

    def key(self, method: str, candidate: Candidate, walk: _Walk) -> tuple[tuple[int, ...], ...]:
        """The candidate's rank under each rule, in order; smaller ranks first."""
        operation = candidate.operation
        result = self.result(operation)
        return (
            (self.fit(method, operation, result, walk),),
            self.home(operation, walk.types),
            _richness(operation, result),
            (candidate.order,),
        )

    # -- rule 1 ---------------------------------------------------------------------

    def walk(self, template: PathTemplate) -> _Walk:
        """The types the path's segments reach (see the module docstring)."""
        reached: list[TypeDef] = []
        current: TypeDef | None = None
        many = False
        for index, segment in enumerate(template.segments):
            if segment.kind in ("parameter", "address"):
                many = False  # a key, or an item by its path: one of the same type
                continue
            if segment.kind != "literal" or segment.text.startswith("$"):
                return _Walk(reached, None, False)
            if segment.is_cast:
                current = self.graph.get(segment.text)
                continue
            member = self.member(current, segment.text) if index else None
            if member is not None:
                current, many = self.graph.get(member.type), member.collection
            else:
                current, many = self.root(segment.text)
            if current is not None and (not reached or reached[-1] is not current):
                reached.append(current)
        return _Walk(reached, current, many)

    def root(self, name: str) -> tuple[TypeDef | None, bool]:
        """The type a first segment names, and whether the name is a plural (an entity
        set): its singular, itself, or `<name>Root`."""
        lowered = name.lower()
        if lowered == "me":
            return self.root("users")[0], False
        stems = [(lowered, False)]
        if lowered.endswith("ies"):
            stems.insert(0, (lowered[:-3] + "y", True))
        elif lowered.endswith("s"):
            stems.insert(0, (lowered[:-1], True))
        for stem, plural in (*stems, *((f"{stem}root", plural) for stem, plural in stems)):
            found = self.short.get(stem)
            if found is not None:
                return found, plural
        return None, False

    def member(self, owner: TypeDef | None, name: str) -> Property | None:
        """`owner`'s property `name` (case-insensitive) when it holds an object type."""
        if owner is None:
            return None
        members = self.members.get(owner.name)
        if members is None:
            members = self.members[owner.name] = {}
            for prop in self.graph.inherited_properties(owner).values():
                members.setdefault(prop.name.lower(), prop)  # the first of a spelling
        named = members.get(name.lower())
        if named is None:
            return None
        found = self.graph.get(named.type)
        return named if found is not None and found.kind != "enum" else None

    def result(self, operation: Operation) -> TypeDef | None:
        """The object type an operation answers with, else the one it sends."""
        for ref in (operation.response.ref, operation.request_body and operation.request_body.ref):
            if isinstance(ref, Named) and not ref.is_enum:
                found = self.graph.get(ref.name)
                if found is not None:
                    return found
        return None

    def fit(
        self, method: str, operation: Operation, result: TypeDef | None, walk: _Walk
    ) -> int:
        addressed = walk.addressed
        if addressed is None or result is None:
            return _SAME  # nothing says otherwise
        answered = isinstance(operation.response.ref, Named)
        if method == "GET" and answered and operation.response.collection != walk.many:
            return _OTHER  # a list where the path names one item, or the reverse
        if result.name == addressed.name:
            return _SAME
        if self.graph.derives(result, addressed):
            return _DERIVED
        return _OTHER

    # -- rule 2 ---------------------------------------------------------------------

    def home(self, operation: Operation, walked: list[TypeDef]) -> tuple[int, int, int]:
        """(rank, types listing the page, distance from the end of the path) (rule 2)."""
        listings = self.listed.get(operation.source.path.lower(), [])
        if not listings:
            return _UNLISTED, 0, 0
        own = {name for name, is_own in listings if is_own}
        for distance, type_def in enumerate(reversed(walked)):
            if type_def.name in own:
                return _OWN_PAGE, len(own), distance
        on_path = {type_def.name for type_def in walked}
        if any(name in on_path for name, is_own in listings if not is_own):
            return _VARIANT_PAGE, 0, 0
        return _UNLISTED, 0, 0


def _richness(operation: Operation, result: TypeDef | None) -> tuple[int, ...]:
    """Rule 3, negated so that smaller ranks first."""
    answered = sum(1 for example in operation.examples if example.response is not None)
    body = operation.request_body
    return (
        -int(result is not None or isinstance(operation.response.ref, Named)),
        -answered,
        -len(operation.parameters),
        -(len(body.properties) if body is not None else 0),
    )


def _link_target(page: str, link: str | None) -> str | None:
    """The page a Methods-table link points at, relative to the input root, lower case;
    None for a link leaving the tree."""
    if not link:
        return None
    target = link.split("#", 1)[0].split("?", 1)[0].strip()
    if not target.endswith(".md") or "://" in target or target.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target)).lower()
