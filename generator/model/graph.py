"""The types of one model as a graph: lookup, base chains, inherited members, derived types.

Every stage asks its type questions here, so they all get the same answers: a name is found
exactly, else case-insensitively (links in the docs differ in case from the files); a base
counts only when it names an object type of the model; and inheritance is made acyclic by
one policy. Cycle policy: types are visited in sorted name order; walking up from one, the
first edge that leads back into the walk is cut, and a GD440 diagnostic names the page and
line that declared it. Models, schemas, placeholders and lint all see the same cut.

`resolve_model` builds the graph once per model and returns the model with every type
reference typed (`typeref`), the graph attached and kinds settled; nothing mutates it after.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..diagnostics import INHERITANCE_CYCLE
from .fields import replace
from .typeref import Named, Primitive, TypeRef, Unresolved
from .types import (
    ApiModel,
    Diagnostic,
    Example,
    HttpResponse,
    Operation,
    Page,
    Parameter,
    Property,
    Source,
    TypeDef,
    TypeKind,
)

__all__ = [
    "BaseEdge",
    "InheritanceCycle",
    "Qualified",
    "TypeGraph",
    "graph_of",
    "resolve_built",
    "resolve_model",
]

@dataclass(frozen=True, slots=True)
class BaseEdge:
    """`child` derives from `parent`, as declared at `source`."""

    child: str
    parent: str
    source: Source


@dataclass(frozen=True, slots=True)
class InheritanceCycle:
    """A cycle of bases and the edge cut to break it (`cut.child` keeps no base)."""

    names: tuple[str, ...]  # from `cut.parent` round to `cut.child`
    cut: BaseEdge

    def diagnostic(self) -> Diagnostic:
        loop = " -> ".join((*self.names, self.names[0]))
        return INHERITANCE_CYCLE.at(
            self.cut.source.path,
            max(self.cut.source.line, 1),
            f"inheritance cycle {loop}: `{self.cut.child}` is read without its base "
            f"`{self.cut.parent}`",
        )


class TypeGraph:
    """Lookups and inheritance over one model's types, built once."""

    def __init__(self, types: Iterable[TypeDef]) -> None:
        self._exact: dict[str, TypeDef] = {}
        self._folded: dict[str, TypeDef] = {}
        for type_def in types:
            self._exact.setdefault(type_def.name, type_def)
            self._folded.setdefault(type_def.name.casefold(), type_def)
        self._edges: dict[str, BaseEdge] = {}
        self.ignored_bases: list[tuple[TypeDef, str]] = []  # bases naming no object type
        for name, type_def in self._exact.items():
            if type_def.kind == "enum" or not type_def.base:
                continue
            target = self.get(type_def.base)
            if target is None or target.kind == "enum":
                self.ignored_bases.append((type_def, type_def.base))
                continue
            where = type_def.base_source or type_def.source
            self._edges[name] = BaseEdge(name, target.name, where)
        self.cycles: list[InheritanceCycle] = self._cut_cycles()
        self._children: dict[str, list[str]] = {}
        for name in self._exact:
            edge = self._edges.get(name)
            if edge is not None:
                self._children.setdefault(edge.parent, []).append(name)

    def _cut_cycles(self) -> list[InheritanceCycle]:
        cycles: list[InheritanceCycle] = []
        for name in sorted(self._edges):
            walked = [name]
            edge = self._edges.get(name)
            while edge is not None:
                if edge.parent in walked:
                    cut = self._edges.pop(walked[-1])
                    cycles.append(InheritanceCycle(tuple(walked[walked.index(edge.parent) :]), cut))
                    break
                walked.append(edge.parent)
                edge = self._edges.get(edge.parent)
        return cycles

    # -- lookup ----------------------------------------------------------------------

    def __iter__(self) -> Iterator[TypeDef]:
        """Each type once, in model order (the first of two equal names)."""
        return iter(self._exact.values())

    def __len__(self) -> int:
        return len(self._exact)

    @property
    def by_name(self) -> Mapping[str, TypeDef]:
        """Types by exact qualified name."""
        return self._exact

    def get(self, name: str | None) -> TypeDef | None:
        """The type of that qualified name: exact first, then ignoring case."""
        if not name:
            return None
        return self._exact.get(name) or self._folded.get(name.casefold())

    def ref(self, text: str) -> TypeRef:
        """What a type text names in this model."""
        if text.startswith("Edm."):
            return Primitive(text)
        target = self.get(text)
        if target is None:
            return Unresolved(text)
        return Named(target.name, self.kind_of(target))

    # -- inheritance -----------------------------------------------------------------

    def base(self, type_def: TypeDef) -> TypeDef | None:
        """The base as the graph keeps it: an object type, never closing a cycle."""
        edge = self._edges.get(type_def.name)
        return self._exact[edge.parent] if edge is not None else None

    def base_edge(self, type_def: TypeDef) -> BaseEdge | None:
        return self._edges.get(type_def.name)

    def chain(self, type_def: TypeDef) -> list[TypeDef]:
        """The type, its base, its base's base... up to a root."""
        chain = [self._exact.get(type_def.name, type_def)]
        while (base := self.base(chain[-1])) is not None:
            chain.append(base)
        return chain

    def ancestors(self, type_def: TypeDef) -> list[TypeDef]:
        """The bases of a type, root first, without the type itself."""
        return self.chain(type_def)[:0:-1]

    def derives(self, type_def: TypeDef, base: TypeDef) -> bool:
        """Whether `type_def` is `base` or derives from it."""
        return any(item.name == base.name for item in self.chain(type_def))

    def children(self, name: str) -> list[str]:
        """Direct subtypes, in model order."""
        return self._children.get(name, [])

    def descendants(self, name: str) -> list[str]:
        """Every type deriving from `name`, directly or not, sorted."""
        found: set[str] = set()
        pending = list(self.children(name))
        while pending:
            child = pending.pop()
            if child not in found:
                found.add(child)
                pending.extend(self.children(child))
        return sorted(found)

    def inherited_properties(self, type_def: TypeDef) -> dict[str, Property]:
        """Own and inherited properties by wire name, base first; a name's first
        declaration (the one nearest the root) wins."""
        found: dict[str, Property] = {}
        for item in reversed(self.chain(type_def)):
            for prop in item.properties:
                found.setdefault(prop.name, prop)
        return found

    def key_of(self, type_def: TypeDef) -> str | None:
        """The wire name of the type's key property: its own `keyProperty`, else the nearest
        base's (OData declares a key once, on the root entity; the docs repeat it on some
        derived pages). None for complex types and types no page gives a key."""
        return next((item.key for item in self.chain(type_def) if item.key), None)

    def is_open(self, type_def: TypeDef) -> bool:
        """OData: a type deriving from an open type is open too."""
        return any(item.open for item in self.chain(type_def))

    def kind_of(self, type_def: TypeDef) -> TypeKind:
        """A complex type deriving from an entity is an entity."""
        if type_def.kind == "complex" and any(
            item.kind == "entity" for item in self.chain(type_def)
        ):
            return "entity"
        return type_def.kind


_Item = TypeVar("_Item")

# -- resolving a model ----------------------------------------------------------------


@dataclass(slots=True)
class Qualified:
    """Names the reader qualified against the whole tree, keyed by the identity of the
    model item they belong to (`id()`; the items stay alive in the model meanwhile)."""

    types: dict[int, str] = field(default_factory=dict)  # property, parameter, body, response
    bases: dict[int, tuple[str, Source]] = field(default_factory=dict)  # type -> base, where


@dataclass(slots=True)
class _Resolution:
    graph: TypeGraph
    qualified: Qualified
    # The items belong to the caller's model, which it gives up (`resolve_built`): each is
    # resolved where it is rather than copied (copies of 30,000 items were a third of this).
    in_place: bool = False
    # What each type text names (`TypeGraph.ref`), asked once per text: 20,000 references
    # name a few thousand texts, and the references are immutable, so they are shared.
    refs: dict[str, TypeRef] = field(default_factory=dict)

    def _set(self, item: _Item, **changes: Any) -> _Item:
        if not self.in_place:
            return replace(item, **changes)
        for name, value in changes.items():
            setattr(item, name, value)
        return item

    def text(self, item: object, written: str | None) -> str | None:
        return self.qualified.types.get(id(item), written)

    def named(self, text: str) -> TypeRef:
        found = self.refs.get(text)
        if found is None:
            found = self.refs[text] = self.graph.ref(text)
        return found

    def ref(self, text: str | None) -> TypeRef | None:
        return None if text is None else self.named(text)

    def prop(self, prop: Property) -> Property:
        text = self.qualified.types.get(id(prop), prop.type) or ""
        if self.in_place:  # `_set`, without its keywords: this runs for every property
            prop.type, prop.ref = text, self.named(text)
            return prop
        return replace(prop, type=text, ref=self.named(text))

    def parameter(self, parameter: Parameter) -> Parameter:
        text = self.qualified.types.get(id(parameter), parameter.type) or ""
        if self.in_place:
            parameter.type, parameter.ref = text, self.named(text)
            return parameter
        return replace(parameter, type=text, ref=self.named(text))

    def response(self, response: HttpResponse) -> HttpResponse:
        text = self.text(response, response.type)
        if self.in_place:
            response.type, response.ref = text, self.ref(text)
            return response
        return replace(response, type=text, ref=self.ref(text))

    def example(self, example: Example) -> Example:
        if example.response is None:
            return example
        response = self.response(example.response)
        return example if response is example.response else replace(example, response=response)

    def type_def(self, type_def: TypeDef) -> TypeDef:
        # Copied even in place: `kind_of` reads the kinds of the types as read.
        return replace(
            type_def,
            kind=self.graph.kind_of(type_def),
            properties=[self.prop(prop) for prop in type_def.properties],
            instance_annotations=[self.prop(prop) for prop in type_def.instance_annotations],
        )

    def operation(self, operation: Operation) -> Operation:
        body = operation.request_body
        if body is not None:
            text = self.text(body, body.type)
            body = self._set(
                body,
                type=text,
                ref=self.ref(text),
                properties=[self.prop(prop) for prop in body.properties],
            )
        response = operation.response
        text = self.text(response, response.type)
        return self._set(
            operation,
            parameters=[self.parameter(parameter) for parameter in operation.parameters],
            request_body=body,
            response=self._set(response, type=text, ref=self.ref(text)),
            examples=[self.example(example) for example in operation.examples],
        )

    def page(self, page: Page) -> Page:
        if not page.examples:
            return page
        return self._set(page, examples=[self.example(example) for example in page.examples])


def _with_bases(types: list[TypeDef], qualified: Qualified) -> list[TypeDef]:
    out: list[TypeDef] = []
    for type_def in types:
        found = qualified.bases.get(id(type_def))
        if found is not None:
            type_def = replace(type_def, base=found[0], base_source=found[1])
        out.append(type_def)
    return out


def resolve_model(model: ApiModel, qualified: Qualified | None = None) -> ApiModel:
    """The model with its type graph, every reference typed and kinds settled.

    `qualified` carries the names the reader qualified (`build`); a model made by hand is
    resolved by its names as written. A model already resolved is returned as it is.
    Inheritance cycles become GD440 diagnostics (the model's diagnostics stay sorted).
    """
    if model.graph is not None:
        return model
    return _resolved(model, qualified or Qualified(), in_place=False)


def resolve_built(model: ApiModel, qualified: Qualified) -> ApiModel:
    """`resolve_model` for a model just built, which no one else holds: its items may be
    resolved in place (the model passed in must not be used afterwards)."""
    return _resolved(model, qualified, in_place=True)


def _resolved(model: ApiModel, qualified: Qualified, *, in_place: bool) -> ApiModel:
    read = _with_bases(model.types, qualified)
    resolution = _Resolution(TypeGraph(read), qualified, in_place)
    types = [resolution.type_def(type_def) for type_def in read]
    graph = TypeGraph(types)
    diagnostics = list(model.diagnostics)
    if graph.cycles:
        diagnostics.extend(cycle.diagnostic() for cycle in graph.cycles)
        diagnostics.sort(key=lambda d: (d.path, d.line, d.column, d.code))
    return ApiModel(
        pages=[resolution.page(page) for page in model.pages],
        types=types,
        operations=[resolution.operation(operation) for operation in model.operations],
        diagnostics=diagnostics,
        graph=graph,
    )


def graph_of(model: ApiModel) -> TypeGraph:
    """The graph of a resolved model; a model made by hand is resolved first."""
    graph = resolve_model(model).graph
    assert graph is not None  # resolve_model always attaches one
    return graph
