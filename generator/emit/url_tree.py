"""The client as Graph's URL tree: one path class per shape of URL, decided once.

Graph is shaped by its URLs, so the generated client is too:
`client.users.by_id(uid).contacts.create(contact)`, `client.me.messages.list(top=50)`,
`client.reports.get_teams_device_usage_user_counts(period="D7")`. `url_tree(methods)`
places every path variant of every client method (`python_client.MethodIR`) in one tree
and gives each node a class.

Steps from a node to the next come from the template's segments, read by
`model.paths.PathTemplate`:

* a literal segment is a property named after it (`contactFolders` → `contact_folders`,
  `$value` → `value`, an OData cast `microsoft.graph.user` → `as_user`);
* a parameter segment is `by_id(<singular of the collection>_id)`: one spelling for
  every path through that collection, whatever the pages call the placeholder;
* path-based addressing (`root:/{path}:`) is `by_path(item_path)`; a segment with literal
  text around its parameter (`roleTemplateId={id}`) is `by_<its words>(...)`;
* a function call (`range(address='{address}')`) is a method named after the function
  with its arguments as parameters; calls of one name with other arguments share it, the
  path being the call whose arguments are exactly those given.

Requests a node answers are methods named by what they do: GET `get` (or `list` for a
collection, which pages), POST `create` with a model body (else `post`), PATCH `update`,
PUT `put` (`upload` for a binary body), DELETE `delete`. A node that is only a function or
an action (a call, or a literal no type of the model has as a property, answering one GET
or POST and leading nowhere further) becomes a method of its parent under its own name:
`messages.by_id(m).reply(body)`, `users.delta()`. Names never take numbers: a name two
requests would share keeps the first (by operation id) and the other is reported.

Nodes with the same subtree (the same steps to equal nodes, the same requests) share one
class, so `/me/contacts` and `/users/{id}/contacts/` are both `ContactsPath`. A class is
named after the last step of its shortest path, prefixed by earlier steps only when two
shapes would share a name. Each class lives in its own module under `paths/`, imported on
first use, so building a client loads nothing but the root.
"""

from __future__ import annotations

import functools
import hashlib
import keyword
import re
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..model.paths import Segment
from .naming import Code, class_name, identifier, py_string_literal, snake_case

if TYPE_CHECKING:
    from .python_client import MethodIR, VariantIR

StepKind = Literal["attr", "key", "call"]

# A field of a variant's pattern, `{name:kind}`. kind s: one segment; a: the path of
# `:/path:` addressing (keeps `/`); q: a quoted function argument; v: an unquoted one.
FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*):([saqv])\}")
# Names a path class already has (its base's) or that would shadow what the template uses.
_TAKEN = frozenset({"close", "aclose", "transport", "url_path"})
_IRREGULAR = {"children": "child", "people": "person", "data": "data", "series": "series"}


# ------------------------------------------------------------------------------ IR


@dataclass(slots=True)
class FieldIR:
    """A value a step or a function method takes."""

    name: Code
    annotation: Code
    required: bool  # in every call of the step: positional; else keyword-only, optional


@dataclass(slots=True)
class StepIR:
    """One way from a path class to the next: a property, `by_id(...)`, a call."""

    name: Code
    kind: StepKind
    pieces: list[Code]  # the path text the step appends, `{name:kind}` fields, as literals
    fields: list[FieldIR]
    target: PathClassIR

    @property
    def single(self) -> bool:
        return len(self.pieces) == 1

    @property
    def signature(self) -> list[Code]:
        """The step method's parameters after `self`: required ones, then keyword-only."""
        out = [Code(f"{f.name}: {f.annotation}") for f in self.fields if f.required]
        optional = [f for f in self.fields if not f.required]
        if optional:
            out.append(Code("*"))
            out.extend(Code(f"{f.name}: {f.annotation} | None = None") for f in optional)
        return out


@dataclass(slots=True)
class EndpointIR:
    """A request a path class sends, with the method's IR (query, body, result, doc)."""

    name: Code
    operation: str  # the id of the method's operation
    # Every method by operation id: a remembered tree is kept without them and given
    # this run's, which a memo reads only as they are used (`python_client._Methods`).
    methods: Mapping[str, MethodIR] | None = field(compare=False, repr=False)
    pieces: list[Code] = field(default_factory=list)  # a folded function's or action's own segment
    fields: list[FieldIR] = field(default_factory=list)

    @property
    def method(self) -> MethodIR:
        assert self.methods is not None, self.operation
        return self.methods[self.operation]


@dataclass(slots=True)
class PathClassIR:
    sync_class: Code = field(default_factory=Code)
    async_class: Code = field(default_factory=Code)
    module: Code = field(default_factory=Code)
    shown: str = ""  # the shortest path reaching it, for docstrings
    via: tuple[str, ...] = ()  # the step names of that path
    plain: bool = False  # that path is properties alone (no id or argument to give)
    paths: int = 0  # how many tree nodes share the class
    steps: list[StepIR] = field(default_factory=list)
    endpoints: list[EndpointIR] = field(default_factory=list)
    key: str = ""


@dataclass(slots=True)
class RouteStep:
    """How a test walks one step: the step's name and its arguments by variant field."""

    name: Code
    kind: StepKind
    arguments: list[tuple[Code, str]]  # (Python parameter, the variant's field name)


@dataclass(slots=True)
class RouteIR:
    """The way to one variant of a method: steps from the client, then the endpoint."""

    variant: VariantIR
    steps: list[RouteStep]
    endpoint: Code
    arguments: list[tuple[Code, str]]  # the endpoint's own function arguments

    @property
    def head(self) -> Code:
        """The first step from the client (`users`), or the endpoint of a root request."""
        return self.steps[0].name if self.steps else self.endpoint

    def chain(self) -> str:
        """`users.by_id({user_id}).contacts.create`, fields by variant name in braces."""
        parts: list[str] = []
        for step in self.steps:
            if step.kind == "attr":
                parts.append(step.name)
            else:
                args = ", ".join(f"{{{variant}}}" for _, variant in step.arguments)
                parts.append(f"{step.name}({args})")
        parts.append(self.endpoint)
        return ".".join(parts)


@dataclass(slots=True)
class UrlTreeIR:
    root: PathClassIR
    classes: list[PathClassIR]  # every class but the root, by module
    # operation id → a route per variant it reaches; a variant another operation answers
    # (`dropped`) leads to that one's method, which sends the same request
    routes: dict[str, list[RouteIR]]
    dropped: list[tuple[str, str]]  # (operation id, the request another one answers)
    # With a memo: operation id → a key of its routes (`route_text`), kept with the tree
    keys: dict[str, bytes] = field(default_factory=dict)

    def route_text(self, operation: str) -> str:
        """The operation's routes as text, for keys of what reads them (example tests)."""
        return repr([
            (r.variant.template, r.variant.pattern, r.variant.params, r.variant.literals,
             r.variant.path_text, r.variant.derived,
             [(s.name, s.kind, s.arguments) for s in r.steps], r.endpoint, r.arguments)
            for r in self.routes.get(operation, [])
        ])  # fmt: skip


# ------------------------------------------------------------------------------ building


@dataclass(slots=True)
class _Step:
    kind: StepKind
    word: str  # what the class name is made of: the segment's words
    pieces: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # name → annotation
    counts: dict[str, int] = field(default_factory=dict)  # name → pieces having it
    child: _Node | None = None
    uses: Counter[str] = field(default_factory=Counter)  # piece → variants writing it


@dataclass(slots=True)
class _End:
    verb: str
    method: MethodIR
    operation: str
    pieces: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    folded: bool = False  # a method of its parent node, named after the function


@dataclass(slots=True)
class _Node:
    steps: dict[str, _Step] = field(default_factory=dict)
    ends: dict[str, _End] = field(default_factory=dict)
    key: str = ""
    depth: int = 0
    via: tuple[str, ...] = ()  # step names from the root (shortest first reached)
    words: tuple[str, ...] = ()  # class-name words of the steps from the root
    plain: bool = True  # every step from the root is a property


_Taken = list[tuple[str, StepKind, dict[str, str]]]  # steps walked: (name, kind, fields)
_RawRoute = tuple["VariantIR", _Taken, str]  # (variant, steps, verb)


def singular(word: str) -> str:
    """The singular of a snake_case collection name's last word: `contact_folders` →
    `contact_folder`, `policies` → `policy`, `mailboxes` → `mailbox`."""
    head, _, last = word.rpartition("_")
    if last in _IRREGULAR:
        last = _IRREGULAR[last]
    elif last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("sses", "shes", "ches", "xes", "zes")) or (
        last.endswith("uses") and not last.endswith("ouses")
    ):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 2:
        last = last[:-1]
    return f"{head}_{last}" if head else last


@functools.cache
def _snake(words: str) -> str:
    return snake_case(words)


@functools.cache
def _pascal(word: str) -> str:
    return class_name(word)


def python_name(words: str, fallback: str) -> str:
    """A snake_case identifier from a segment's words; keywords get a trailing `_`."""
    name = _snake(words) or fallback
    if name[0].isdigit():
        name = f"n_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in _TAKEN:
        name += "_"
    return name


def _breaks(name: str) -> tuple[int, int]:
    """How well a spelling breaks into words: more breaks, fewer one-letter words."""
    words = name.split("_")
    return len(words), -sum(len(word) == 1 for word in words)


def _pieces(variant: VariantIR) -> list[str]:
    """The text each segment of a variant adds to the path, separator included
    (`/contacts`, `:/{item_path:a}:` for addressing, whose closing colon ends it), with
    the variant's `{name:kind}` fields in place of the parameters they stand for."""
    template = variant.path
    text = template.text
    fields = iter(FIELD.finditer(variant.pattern))
    # The parameters the pattern turned into fields, in order (`python_client._is_field`).
    spans = [
        (p.start, p.end, next(fields).group(0))
        for p in template.parameters
        if p.context != "argument" or p.literal is None
    ]
    starts = [s.start - (2 if s.kind == "address" else 1) for s in template.segments]
    ends = [*starts[1:], len(text.rstrip("/"))]
    out: list[str] = []
    for begin, end in zip(starts, ends, strict=True):
        piece: list[str] = []
        at = begin
        for start, stop, replacement in spans:
            if begin <= start < end:
                piece.append(text[at:start])
                piece.append(replacement)
                at = stop
        piece.append(text[at:end])
        out.append("".join(piece))
    return out


def _literal_step(segment: Segment) -> tuple[str, str]:
    """(step name, class-name words) of a literal segment."""
    text = segment.text
    if segment.is_cast:
        last = text.rsplit(".", 1)[-1]
        return python_name("as_" + _snake(last), "as_type"), f"as_{_snake(last)}"
    bare = text.lstrip("$")
    return python_name(bare, "segment"), _snake(bare) or "segment"


def _named_step(segment: Segment, piece: str) -> tuple[str, str] | None:
    """(step name, class-name words) of a step named by the page's words: a literal, a
    function call, literal words around a parameter (`roleTemplateId={id}`); None for a
    step named by its role (`by_id`, `by_path`)."""
    if segment.kind == "literal" and not FIELD.search(piece):
        return _literal_step(segment)
    if segment.kind == "call":
        function = segment.name.rsplit(".", 1)[-1]
        return python_name(function, "call"), _snake(function) or "call"
    if segment.kind == "pattern":
        words = _snake(FIELD.sub(" ", piece))
        return python_name(f"by_{words}" if words else "by_key", "by_key"), words or "key"
    return None


def _spellings(variants: list[VariantIR]) -> dict[str, tuple[str, str]]:
    """One (step name, words) per named step (`_named_step`), whatever its case on the
    pages (Graph's URLs are case-insensitive: `directoryRoles`, `directoryroles`): the
    spelling that breaks into words best (`_breaks`), then the more frequent. Keyed by the
    name without `_`, so a collection and the `by_id` parameter after it, or a function,
    are spelt alike everywhere."""
    counts: Counter[tuple[str, str]] = Counter()
    for variant in variants:
        for segment, piece in zip(variant.path.segments, _pieces(variant), strict=True):
            named = _named_step(segment, piece)
            if named is not None:
                counts[named] += 1
    best: dict[str, tuple[str, str]] = {}
    for (name, word), count in counts.items():
        key = name.replace("_", "")
        kept = best.get(key)
        if kept is None or (_breaks(name), count) > (_breaks(kept[0]), counts[kept]):
            best[key] = (name, word)
    return best


def step_words(variant: VariantIR) -> set[str]:
    """The words (no `_`) of a variant's named steps: what the tree checks against the
    model's property names (`_TreeBuilder.fold_functions`), so a key of the tree needs
    only the property names among these."""
    words: set[str] = set()
    for segment, piece in zip(variant.path.segments, _pieces(variant), strict=True):
        named = _named_step(segment, piece)
        if named is not None:
            words.add(named[1].replace("_", ""))
    return words


class _TreeBuilder:
    def __init__(self, properties: set[str], spellings: dict[str, tuple[str, str]]) -> None:
        self.root = _Node()
        self.properties = properties  # every property name of the model, lower case
        self.spellings = spellings  # see `_spellings`
        self.dropped: list[tuple[str, str]] = []  # (operation id, what it lost)

    def step(
        self, node: _Node, kind: StepKind, name: str, word: str, piece: str,
        fields: dict[str, str],
    ) -> tuple[_Node, str]:
        found = node.steps.get(name)
        if found is None:
            found = node.steps[name] = _Step(kind, word, child=_Node())
        elif found.kind != kind:
            # A bare function name and its call (`range`, `range(address='A1')`): one call,
            # the bare one taking no argument.
            found.kind = "call"
        found.uses[piece] += 1
        if piece not in found.pieces:
            found.pieces.append(piece)
            for field_name, annotation in fields.items():
                found.fields.setdefault(field_name, annotation)
                found.counts[field_name] = found.counts.get(field_name, 0) + 1
        assert found.child is not None
        return found.child, name

    def insert(
        self, method: MethodIR, operation: str, verb: str, variant: VariantIR
    ) -> list[tuple[str, StepKind, dict[str, str]]]:
        """Walk the variant's segments, adding steps; put the endpoint at the end. Returns
        the steps taken: (name, kind, {Python parameter: variant field})."""
        template = variant.path
        typed = {name: param.annotation for name, param in method.path_params.items()}
        node = self.root
        previous: str | None = None
        taken: list[tuple[str, StepKind, dict[str, str]]] = []
        for segment, piece in zip(template.segments, _pieces(variant), strict=True):
            names = [m.group(1) for m in FIELD.finditer(piece)]
            named = _named_step(segment, piece)
            if named is not None:
                name, word = self.spellings.get(named[0].replace("_", ""), named)
                if segment.kind == "literal":
                    node, name = self.step(node, "attr", name, word, piece, {})
                    taken.append((name, "attr", {}))
                    previous = word
                else:
                    fields = {n: typed.get(n, "str") for n in names}
                    node, name = self.step(node, "call", name, word, piece, fields)
                    taken.append((name, "call", {n: n for n in names}))
                    previous = None
                continue
            if segment.kind == "address":
                renamed = FIELD.sub(lambda m: "{item_path:" + m.group(2) + "}", piece)
                stem = singular(previous) if previous else "item"
                node, name = self.step(node, "key", "by_path", f"{stem}_path", renamed,
                                       {"item_path": "str"})
                taken.append((name, "key", {"item_path": names[0]} if names else {}))
            else:  # a parameter segment, or a literal GUID standing for one
                stem = singular(previous) if previous else "item"
                canonical = python_name(f"{stem}_id", "id")
                renamed = FIELD.sub("{" + canonical + r":\2}", piece)
                word = stem if stem.endswith("item") else f"{stem}_item"
                node, name = self.step(node, "key", "by_id", word, renamed, {canonical: "str"})
                taken.append((name, "key", {canonical: names[0]} if names else {}))
            previous = None
        kept = node.ends.get(verb)
        if kept is not None and kept.operation == operation:
            return taken  # one call with other arguments: the step tells them apart
        if kept is not None:
            self.dropped.append(
                (operation, f"{method.http_method} {variant.template} is the same request as "
                 f"{kept.operation}'s `{verb}`")
            )
            return taken  # the kept method sends it: the variant's route leads there
        node.ends[verb] = _End(verb, method, operation)
        return taken

    # -- functions and actions become methods of their parent ---------------------------

    def fold_functions(self, node: _Node) -> None:
        for name, step in list(node.steps.items()):
            assert step.child is not None
            self.fold_functions(step.child)
            child = step.child
            if child.steps or len(child.ends) != 1 or step.kind == "key":
                continue
            (end,) = child.ends.values()
            if end.folded or end.verb not in ("get", "list", "post", "create"):
                continue  # a function folded into the child already stays there
            if step.kind == "attr":
                literal = all("$" not in p and "microsoft.graph." not in p for p in step.pieces)
                if not literal or step.word.replace("_", "") in self.properties:
                    continue
            if name in node.ends:
                continue
            end.pieces = step.pieces
            end.fields = step.fields if step.kind == "call" else {}
            end.counts = step.counts if step.kind == "call" else {}
            end.folded = True
            del node.steps[name]
            node.ends[name] = end


def _order_pieces(node: _Node) -> None:
    """Each step's spellings, the one most variants write first: `_path` sends the first
    whose parameters are those given, so `range(address='A1')` (most pages) wins over
    `range(A1)` (one page's syntax block)."""
    for step in node.steps.values():
        step.pieces.sort(key=lambda piece: -step.uses[piece])
        assert step.child is not None
        _order_pieces(step.child)


def _digest(node: _Node) -> str:
    """The node's shape: equal for nodes whose whole subtree is equal."""
    parts: list[str] = []
    for name in sorted(node.ends):
        end = node.ends[name]
        parts.append(f"E{name}|{end.operation}|{end.verb}|{end.pieces}|{sorted(end.fields.items())}")
    for name in sorted(node.steps):
        step = node.steps[name]
        assert step.child is not None
        step.child.key = _digest(step.child)
        parts.append(f"S{name}|{step.kind}|{step.pieces}|{sorted(step.fields.items())}|"
                     f"{step.child.key}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _walk(node: _Node, via: tuple[str, ...], words: tuple[str, ...]) -> list[_Node]:
    """Every node below, with its shortest path (breadth-first by construction order)."""
    out: list[_Node] = []
    queue = deque([(node, via, words, True)])
    while queue:
        current, path, names, plain = queue.popleft()
        current.via, current.words, current.depth = path, names, len(path)
        current.plain = plain
        out.append(current)
        for name in sorted(current.steps):
            step = current.steps[name]
            assert step.child is not None
            child_plain = plain and step.kind == "attr"
            queue.append((step.child, (*path, name), (*names, step.word), child_plain))
    return out


def _shown(node: _Node) -> str:
    return "." + ".".join(node.via) if node.via else "the client"


def _fields(fields: dict[str, str], counts: dict[str, int], pieces: int) -> list[FieldIR]:
    return [
        FieldIR(identifier(name), Code(annotation), counts.get(name, 0) == pieces)
        for name, annotation in fields.items()
    ]


def build_url_tree(
    methods: Mapping[str, MethodIR],
    properties: set[str],
) -> UrlTreeIR:
    """The tree of `methods` (by operation id, in order), each variant of each method
    placed at its path. `properties` are the model's property names (lower case, no `_`):
    a literal step named like one is navigation, never folded into a function method."""
    entries = [(method, operation) for operation, method in methods.items()]
    variants = [variant for method, _ in entries for variant in method.variants]
    builder = _TreeBuilder(properties, _spellings(variants))
    raw_routes: dict[str, list[_RawRoute]] = {}
    for method, operation in entries:
        verb = _verb(method)
        for variant in method.variants:
            taken = builder.insert(method, operation, verb, variant)
            if taken:
                raw_routes.setdefault(operation, []).append((variant, taken, verb))
    _order_pieces(builder.root)
    builder.fold_functions(builder.root)
    builder.root.key = _digest(builder.root)
    nodes = _walk(builder.root, (), ())
    classes: dict[str, PathClassIR] = {}
    for node in sorted(nodes[1:], key=lambda n: (n.depth, n.via)):
        found = classes.get(node.key)
        if found is None:
            classes[node.key] = PathClassIR(
                shown=_shown(node), via=node.via, plain=node.plain, key=node.key
            )
        classes[node.key].paths += 1
    _name_classes(nodes, classes)
    root = PathClassIR(
        Code("GraphPath"), Code("AsyncGraphPath"), Code("_root"), "the client", paths=1, plain=True
    )
    filled: set[str] = set()
    for node in nodes:
        target = root if node is builder.root else classes[node.key]
        if node is not builder.root and target.key in filled:
            continue
        filled.add(target.key)
        for name in sorted(node.steps):
            step = node.steps[name]
            assert step.child is not None
            target.steps.append(StepIR(
                identifier(name), step.kind, [py_string_literal(p) for p in step.pieces],
                _fields(step.fields, step.counts, len(step.pieces)), classes[step.child.key],
            ))
        for name in sorted(node.ends):
            end = node.ends[name]
            target.endpoints.append(EndpointIR(
                identifier(name), end.operation, methods,
                [py_string_literal(p) for p in end.pieces],
                _fields(end.fields, end.counts, len(end.pieces)),
            ))
    routes = _routes(builder.root, raw_routes)
    return UrlTreeIR(root, sorted(classes.values(), key=lambda c: c.module), routes,
                     builder.dropped)


def _verb(method: MethodIR) -> str:
    http, result, body = method.http_method, method.result, method.body
    if http == "GET":
        return "list" if result.kind == "iterator" else "get"
    if http == "POST":
        return "create" if body is not None and body.kind in ("model", "models") else "post"
    if http == "PATCH":
        return "update"
    if http == "PUT":
        return "upload" if body is not None and body.kind == "binary" else "put"
    if http == "DELETE":
        return "delete"
    return python_name(http.lower(), "send")


def _name_classes(nodes: list[_Node], classes: dict[str, PathClassIR]) -> None:
    """Name each class after the last step of its shortest path; earlier steps are added
    in front, one at a time, only while another shape has the name."""
    first: dict[str, _Node] = {}
    for node in nodes[1:]:
        first.setdefault(node.key, node)
    wanted: dict[str, int] = {key: 1 for key in first}
    while True:
        names: dict[str, list[str]] = {}
        for key, node in first.items():
            names.setdefault(_class_stem(node.words, wanted[key]), []).append(key)
        clashing = [keys for keys in names.values() if len(keys) > 1]
        if not clashing:
            break
        grew = False
        for keys in clashing:
            for key in keys:
                if wanted[key] < len(first[key].words):
                    wanted[key] += 1
                    grew = True
        if not grew:
            break
    used: set[str] = set()
    for key, node in sorted(first.items(), key=lambda item: (item[1].depth, item[1].via)):
        stem = _class_stem(node.words, wanted[key])
        candidate = stem
        while candidate in used:  # the same words on two whole paths: add the depth's words
            candidate = f"{candidate}Node"
        used.add(candidate)
        target = classes[key]
        target.sync_class = identifier(f"{candidate}Path")
        target.async_class = identifier(f"Async{candidate}Path")
        target.module = identifier(_module_name(candidate))


def _module_name(class_stem: str) -> str:
    """The module of a class: its snake_case name, a keyword escaped (`class_`) but not a
    name only steps must avoid (`close`)."""
    name = python_name(_snake(class_stem), "node")
    bare = name.rstrip("_")
    if bare and not keyword.iskeyword(bare) and not keyword.issoftkeyword(bare):
        return bare
    return name


def _class_stem(words: tuple[str, ...], count: int) -> str:
    chosen = words[-count:] if count else words
    return "".join(_pascal(word) for word in chosen) or "Root"


def _routes(
    root: _Node,
    raw: dict[str, list[_RawRoute]],
) -> dict[str, list[RouteIR]]:
    """Each raw route, with the functions folded into their parents' methods."""
    out: dict[str, list[RouteIR]] = {}
    for operation, found in raw.items():
        for variant, steps, verb in found:
            node = root
            walked: list[RouteStep] = []
            endpoint = verb
            arguments: list[tuple[Code, str]] = []
            for index, (name, _, values) in enumerate(steps):
                step = node.steps.get(name)
                if step is None:  # folded: the rest is the function's own call
                    endpoint = name
                    arguments = [(identifier(k), v) for k, v in values.items()]
                    assert index == len(steps) - 1, (operation, variant.template)
                    break
                assert step.child is not None
                walked.append(RouteStep(identifier(name), step.kind,
                                        [(identifier(k), v) for k, v in values.items()]))
                node = step.child
            out.setdefault(operation, []).append(
                RouteIR(variant, walked, identifier(endpoint), arguments)
            )
    return out
