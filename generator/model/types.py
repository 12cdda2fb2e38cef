"""The typed model every command works from.

One `ApiModel` holds what was read from one API version: pages, types, operations and the
diagnostics raised on the way. Field names follow the JSON contract (version 1) in
`docs/model-contract.md`; `graphdoc.model.serialize` turns the model into that JSON.
Every row, example and annotation read from a page is either somewhere in here (each
carries its `Source`) or named in a `Diagnostic`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .typeref import UNRESOLVED, TypeRef

if TYPE_CHECKING:
    from .graph import TypeGraph

# The model carries diagnostics; their type lives with the registry of codes.
from ..diagnostics import Diagnostic as Diagnostic
from ..diagnostics import Severity as Severity
from ..read.lenient_json import PlacedJson
from .paths import PathTemplate, template_of
from .plain_repr import plain_repr

PageKind = Literal["api", "resource", "enum", "conceptual", "unknown"]
TypeKind = Literal["entity", "complex", "enum"]
ParameterLocation = Literal["path", "query", "header", "body", "function"]
PermissionKind = Literal["delegated-work", "delegated-personal", "application", "other"]


@plain_repr
@dataclass(slots=True, frozen=True, repr=False)
class Source:
    """Where something was read: a path relative to the input root, and a 1-based line."""

    path: str
    line: int


@plain_repr
@dataclass(slots=True, repr=False)
class Page:
    path: str
    kind: PageKind
    title: str
    namespace: str
    doc_type: str | None = None
    description: str = ""
    # Tables of no recognised kind, kept verbatim so no row is lost.
    tables: list[RawTable] = field(default_factory=list)
    # Examples on pages that document no operation (overviews, resource pages).
    examples: list[Example] = field(default_factory=list)


@plain_repr
@dataclass(slots=True, repr=False)
class RawRow:
    cells: list[str]
    line: int


@plain_repr
@dataclass(slots=True, repr=False)
class RawTable:
    section: str
    header: list[str]
    rows: list[RawRow]
    source: Source
    # What the table holds (`graphdoc.read.roles`): "other", or a value list, derived types
    # or instance annotations that found no place of their own in the model.
    role: str = "other"


@plain_repr
@dataclass(slots=True, repr=False)
class Property:
    name: str
    type: str
    collection: bool
    navigation: bool
    nullable: bool | None
    read_only: bool
    required: bool
    description: str
    source: Source
    type_text: str = ""  # the Type cell as written
    # Typed from the values its description lists (`graphdoc.model.enum_inference`); the
    # Type cell as written stays in `type_text`.
    type_inferred: bool = False
    # The values a value-list table gives for this property ("sortBy options").
    values: list[Member] = field(default_factory=list)
    # `[A](a.md) or [B](b.md)`: the types the cell names, qualified; `type` is their
    # nearest common base (`graphdoc.model.alternatives`). Empty for a single type.
    alternatives: list[str] = field(default_factory=list)
    ref: TypeRef = UNRESOLVED  # what `type` names, set by `resolve_model`


@plain_repr
@dataclass(slots=True, repr=False)
class Member:
    name: str
    value: int | None
    description: str
    source: Source


@plain_repr
@dataclass(slots=True, repr=False)
class MethodRef:
    """A row of a resource page's Methods table: a pointer from a type to an operation page."""

    name: str
    return_type: str
    description: str
    link: str | None
    source: Source


@plain_repr
@dataclass(slots=True, repr=False)
class TypeDef:
    name: str
    kind: TypeKind
    base: str | None
    abstract: bool
    open: bool
    key: str | None
    inferred: bool
    description: str
    properties: list[Property]
    members: list[Member]
    source: Source
    methods: list[MethodRef] = field(default_factory=list)
    flags: bool = False
    # `@microsoft.graph.conflictBehavior` and its kind: annotations a request or response may
    # carry on an instance, which are not properties of the type.
    instance_annotations: list[Property] = field(default_factory=list)
    # Where `base` was declared (an `Inherits from` line, a `baseType`); None when not read.
    base_source: Source | None = None
    # How the base is known: "stated" (annotation or prose), "derived-types table" (the base's
    # page lists this type), "convention" (an entity keyed on id derives from entity).
    base_evidence: str | None = None


@plain_repr
@dataclass(slots=True, repr=False)
class Parameter:
    name: str
    in_: ParameterLocation
    type: str
    collection: bool
    required: bool
    description: str
    source: Source
    value: str | None = None  # header tables give a value column, e.g. `application/json`
    ref: TypeRef = UNRESOLVED  # what `type` names, set by `resolve_model`


@plain_repr
@dataclass(slots=True, repr=False)
class RequestBody:
    type: str | None
    collection: bool
    properties: list[Property]
    ref: TypeRef | None = None  # what `type` names, set by `resolve_model`
    # the media types the Content-Type header row documents (`application/json`, and
    # `text/plain` for MIME content on sendMail); empty where the page names none
    media_types: list[str] = field(default_factory=list)


@plain_repr
@dataclass(slots=True, repr=False)
class ResponseSpec:
    status: int | None
    type: str | None
    collection: bool
    ref: TypeRef | None = None  # what `type` names, set by `resolve_model`


@plain_repr
@dataclass(slots=True, repr=False)
class Permission:
    kind: PermissionKind
    scopes: list[str]
    source: Source
    label: str = ""  # the permission-type cell as written


@plain_repr
@dataclass(slots=True, repr=False)
class ErrorRow:
    """A row of an error table under the Response section."""

    cells: list[str]
    source: Source


@plain_repr
@dataclass(slots=True, repr=False)
class HttpRequest:
    method: str
    url: str
    headers: dict[str, str]
    body: Any
    body_raw: str | None
    source: Source
    annotation: dict[str, Any] | None = None
    # `body` with the page position of every key and value (not part of the JSON contract)
    body_json: PlacedJson | None = field(default=None, compare=False, repr=False)


@plain_repr
@dataclass(slots=True, repr=False)
class HttpResponse:
    status: int | None
    headers: dict[str, str]
    body: Any
    body_raw: str | None
    truncated: bool
    type: str | None
    collection: bool
    source: Source
    annotation: dict[str, Any] | None = None
    ref: TypeRef | None = None  # what `type` names, set by `resolve_model`
    # `body` with the page position of every key and value (not part of the JSON contract)
    body_json: PlacedJson | None = field(default=None, compare=False, repr=False)


@plain_repr
@dataclass(slots=True, repr=False)
class Example:
    name: str | None
    request: HttpRequest
    response: HttpResponse | None


@plain_repr
@dataclass(slots=True, repr=False)
class Operation:
    id: str
    title: str
    method: str
    paths: list[str]
    parameters: list[Parameter]
    request_body: RequestBody | None
    response: ResponseSpec
    permissions: list[Permission]
    examples: list[Example]
    source: Source
    errors: list[ErrorRow] = field(default_factory=list)
    # Paths of `paths` whose request (method and path shape) another operation defines: path
    # → that operation's id (`graphdoc.model.requests`). Stages serve, call and compare the
    # other paths only.
    superseded: dict[str, str] = field(default_factory=dict)

    @property
    def templates(self) -> tuple[PathTemplate, ...]:
        """`paths` parsed (`graphdoc.model.paths`; parsed once per distinct path, cached)."""
        return tuple(template_of(path) for path in self.paths)

    @property
    def defined_paths(self) -> list[str]:
        """The paths whose request this operation defines: `paths` less `superseded`."""
        return [path for path in self.paths if path not in self.superseded]

    @property
    def defined_templates(self) -> tuple[PathTemplate, ...]:
        """`defined_paths` parsed, as `templates`."""
        return tuple(template_of(path) for path in self.defined_paths)


@plain_repr
@dataclass(slots=True, repr=False)
class ApiModel:
    pages: list[Page] = field(default_factory=list)
    types: list[TypeDef] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Set by `graph.resolve_model`: the model's types and bases, and every `ref` above is set.
    graph: TypeGraph | None = field(default=None, repr=False, compare=False)

    def type_named(self, name: str) -> TypeDef | None:
        """Look a type up by its qualified name (exact, then case-insensitive)."""
        from .graph import graph_of  # the graph module builds on this one

        return graph_of(self).get(name)
