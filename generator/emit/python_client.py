"""The client IR: every decision about the generated `GraphClient` / `AsyncGraphClient`.

`client_ir(model, package)` turns the operations of an `ApiModel` into `ClientIR`: one
`MethodIR` per documented operation (its path variants, query options, body, result and
docstring), placed in Graph's URL tree by `url_tree` (one class per shape of URL, one
module each under `paths/`), and one parameters dataclass per action whose request body is
a parameter table. The IR carries names, annotations, literals and docstring text (all
`naming.Code`); the templates lay the classes out and black formats them.

Decisions (the generated docstrings repeat the ones users meet):

* Where a request goes and what its method is called is the URL tree's business
  (`url_tree`: steps from segments, `get`/`list`/`create`/`update`/`delete`, functions by
  name). Here: which paths an operation reaches. Every path variant of its page, but for a
  request another page defines (`Operation.superseded`, the model's one page per request);
  a page all of whose requests others define has no method. Where the syntax block is
  loose the page still decides: a literal GUID segment (an example id left in the syntax)
  and a `(team-id)` segment are parameters; a function the syntax writes bare gets a
  variant with the arguments of the page's function table or of its examples
  (`.../range/cell(row=5,column=6)`). A page documenting `/users/{id | userPrincipalName}/X`
  but not `/me/X` also gets the `/me/X` variant (Graph's alias for the signed-in user).
  Function arguments are named after the argument (`getX(period='{period_value}')` →
  `period`) and typed from the page's function table.
* Query options: the page's query table and its examples' query strings, plus OData's
  system options by shape: every GET takes `select` and `expand`; a GET returning a
  collection also `filter`, `orderby`, `top`, `skip`, `search` and `count`, and `limit`
  (items to read in all). Every method takes `params` (more query parameters, sent as
  given) and `headers`; collection GETs take `cast` (a type derived from the collection's,
  such as `microsoft.graph.user` for `directoryObject` members: OData's derived-type
  segment).
* Request bodies: the model class of the documented body type; for PATCH/PUT without one,
  the model of the returned (or the page's) type when it declares every property of the
  page's body table; else a parameters dataclass built from the table (actions); a
  binary body (`Edm.Stream`, uploads) is `content: bytes | str`; an undocumented body
  with examples is `body: Any`.
* Results: `None` for 204 and for operations that document no body; the model for one
  object, `Model | None` when the page documents both a body and none (`Prefer:
  return=representation`, 202 Accepted); `Paged[Model]` / `AsyncPaged[Model]` for a GET
  collection (items followed over `@odata.nextLink` lazily, `.pages()`, `.delta_link`);
  `list[Model]` for a collection returned by another method; `bytes` for streams
  (`Edm.Stream`, `/content`, `/$value`, redirects); `Any` (the decoded JSON) when the
  type is undocumented or primitive. A collection the prose announces is one object when
  every example answers one object (the examples show the wire).
* Modules: one per class of the URL tree; model classes and the next class of a step are
  imported inside the methods, so building a client loads the root class alone.
"""

from __future__ import annotations

import functools
import hashlib
import keyword
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from .. import diagnostics
from ..model.digest import ModelDigests, model_digests
from ..model.graph import graph_of, resolve_model
from ..model.paths import Parameter as PathParameter
from ..model.paths import PathTemplate, first_match, split_arguments
from ..model.placeholders import Placeholders
from ..model.typeref import Named
from ..model.types import (
    ApiModel,
    Diagnostic,
    Example,
    Operation,
    Parameter,
    Property,
    Source,
    TypeDef,
)
from ..read.http import addresses_content, media_type, path_of
from .doctext import doc_text
from .memo_index import MemoIndex
from .naming import (
    Code,
    class_name,
    code,
    docstring_text,
    identifier,
    module_name,
    py_string_literal,
    snake_case,
    unique_name,
)
from .package_name import example_version
from .python_models import (
    RUNTIME_MODULE,
    FieldIR,
    ImportIR,
    ModelIR,
    PackageIR,
    doc_paragraphs,
    emit_diagnostic,
    field_ir,
    header_lines,
    import_block,
    import_from,
    package_ir,
    plain_import,
)
from .slices import RenderMemo, data_key, facts_hold, unit_key
from .url_tree import (
    FIELD,
    PathClassIR,
    RouteIR,
    UrlTreeIR,
    build_url_tree,
    singular,
    step_words,
)

__all__ = [
    "BINARY_TYPES",
    "BodyIR",
    "ClientIR",
    "MethodIR",
    "ParametersHead",
    "PathHead",
    "PathModuleIR",
    "PathParamIR",
    "QueryIR",
    "ResultIR",
    "VariantIR",
    "api_version",
    "client_ir",
    "match_variant",
    "parameters_ir",
    "parse_template",
    "path_module_ir",
    "singular",
]

_INDENT = 4
BINARY_TYPES = frozenset({"Edm.Stream", "stream", "Stream"})
_GENERIC = frozenset({"id", "name", "key", "index", "value"})
# Parameter names a method binds besides path parameters and query options.
_RESERVED = frozenset(
    {"self", "body", "content", "params", "headers", "query", "path", "limit", "step"}
)
# A literal function argument that stands for a value: `x-value`, `parameterValue`.
_VALUE_WORD = re.compile(r"^(?:[A-Za-z][\w.]*-value|parameterValue|value)$", re.IGNORECASE)
_DEFAULT_HOST = "https://graph.microsoft.com"
_BODY = Code("body")


# ------------------------------------------------------------------------------ IR


@dataclass(slots=True)
class PathParamIR:
    annotation: Code  # `str`, `int`, `datetime.date`...


@dataclass(slots=True)
class VariantIR:
    template: str  # as documented
    pattern: str  # `{name:kind}` fields in the documented text
    params: list[str]  # Python names, in path order
    path_text: str  # the text of `path`
    literals: dict[str, str] = field(default_factory=dict)  # param → GUID the page wrote
    derived: bool = False  # not written on the page: its function arguments added

    @property
    def path(self) -> PathTemplate:
        """What the pattern was made of (`parse_template`): parsed on first use, so a
        remembered method is loaded without parsing its templates."""
        return PathTemplate.parse(self.path_text)

    @property
    def shown(self) -> str:
        """The pattern with bare `{name}` fields, for docstrings."""
        return FIELD.sub(lambda m: "{" + m.group(1) + "}", self.pattern)


@dataclass(slots=True)
class QueryIR:
    name: Code
    wire: str
    annotation: Code

    @property
    def literal(self) -> Code:
        return py_string_literal(self.wire)


@dataclass(slots=True)
class BodyIR:
    kind: str  # model | models | parameters | any | binary
    annotation: Code
    name: Code  # the Python parameter: `body` or `content`
    type_name: str | None = None  # qualified model type (model, models)
    class_name: Code | None = None
    module: str | None = None  # `models.contact` / `parameters.user_assign_license`
    required: bool = True


@dataclass(slots=True)
class ResultIR:
    kind: str  # none | model | optional | iterator | list | bytes | any
    annotation: Code
    async_annotation: Code
    type_name: str | None = None
    class_name: Code | None = None
    module: str | None = None

    @property
    def local_import(self) -> ImportIR | None:
        """The method-level import of the result's model class (the client loads none)."""
        if self.class_name and self.module:
            return import_from(f"..{self.module}", [self.class_name])
        return None


@dataclass(slots=True)
class MethodIR:
    name: Code
    http_method: str
    variants: list[VariantIR]
    path_params: dict[str, PathParamIR]
    positional: list[Code]
    optional: list[Code]
    query: list[QueryIR]
    body: BodyIR | None
    result: ResultIR
    doc: list[Code]
    source: Source
    cast: Code | None = None  # the keyword naming a derived type to cast the collection to
    paths_constant: Code = field(default_factory=Code)  # set per operations module: `_PATHS_3`

    @property
    def http_literal(self) -> Code:
        return py_string_literal(self.http_method)

    @property
    def patterns(self) -> list[Code]:
        """The variants' patterns as literals, for the module's `_PATHS_n` tuple."""
        return [py_string_literal(v.pattern) for v in self.variants]


@dataclass(slots=True)
class PathModuleIR:
    """`paths/<module>.py`: one class of the URL tree (`url_tree`), sync and async."""

    cls: PathClassIR
    imports: list[ImportIR]  # standard library and typing
    relative_imports: list[ImportIR]
    type_checking_imports: list[ImportIR]
    # `_List = list`: a class with a `list` method cannot say `list[...]` (mypy reads the
    # name in the class's scope), so its annotations say `_List[...]`.
    list_alias: bool
    doc: list[Code]  # the module docstring
    sync_doc: list[Code]
    async_doc: list[Code]
    # The key of what the module was made from, when a memo made the client: the URL
    # tree's and its endpoints' methods' (`_Builder.path_modules`); else the render memo
    # hashes `rendered()`.
    key: bytes = field(default=b"", compare=False, repr=False)

    def rendered(self) -> tuple[object, ...]:
        """What the template reads of this module, for the render memo's key: the steps'
        targets by name (not their subtrees) and the endpoints' methods without their
        variants, which the URL tree has already spent. Pickling the IR itself would
        pickle every class reachable from it."""
        cls = self.cls
        steps = [
            (s.name, s.kind, s.pieces, s.fields, s.target.sync_class, s.target.async_class,
             s.target.module)
            for s in cls.steps
        ]
        endpoints = [
            (e.name, e.pieces, e.fields, e.method.http_method, e.method.result, e.method.body,
             e.method.cast, e.method.query, e.method.doc)
            for e in cls.endpoints
        ]
        return (
            cls.sync_class, cls.async_class, cls.module, steps, endpoints, self.imports,
            self.relative_imports, self.type_checking_imports, self.list_alias, self.doc,
            self.sync_doc, self.async_doc,
        )  # fmt: skip

    def parts(self) -> tuple[Any, ...]:
        """The fields after `cls`, imports as plain tuples (read back faster than frozen
        dataclasses): what the memo keeps of a module whose class the URL tree gives
        (`_Builder.path_modules`, `from_parts`)."""
        return (
            *([(i.module, i.names) for i in imports] for imports in (
                self.imports, self.relative_imports, self.type_checking_imports)),
            self.list_alias, self.doc, self.sync_doc, self.async_doc,
        )  # fmt: skip

    @staticmethod
    def from_parts(cls: PathClassIR, parts: tuple[Any, ...]) -> PathModuleIR:
        imports, relative, type_checking, list_alias, doc, sync_doc, async_doc = parts
        return PathModuleIR(
            cls,
            [ImportIR(module, names) for module, names in imports],
            [ImportIR(module, names) for module, names in relative],
            [ImportIR(module, names) for module, names in type_checking],
            list_alias,
            doc,
            sync_doc,
            async_doc,
        )

    def origins(self) -> dict[str, Source]:
        """The page and line behind each symbol of the module, for the gate's messages."""
        found: dict[str, Source] = {}
        for endpoint in self.cls.endpoints:
            found.setdefault("", endpoint.method.source)
            found[endpoint.name] = endpoint.method.source
        for step in self.cls.steps:  # a step's text comes from a page reached through it
            source = _first_source(step.target, set())
            if source is not None:
                found.setdefault("", source)
                found[step.name] = source
        return found


def _first_source(cls: PathClassIR, seen: set[str]) -> Source | None:
    """The page of the first request at or below a path class."""
    if cls.endpoints:
        return cls.endpoints[0].method.source
    seen.add(cls.key)
    for step in cls.steps:
        if step.target.key not in seen:
            source = _first_source(step.target, seen)
            if source is not None:
                return source
    return None


@dataclass(frozen=True, slots=True)
class PathHead:
    """A module of the URL tree taken from the memo: its class and key, for
    `paths/<module>.py`, whose finished text the memo holds under its `key` (which holds all
    the template reads; the memo's slot holds the generator's code); the rest
    of its IR is read (`load`) only when that module is made again."""

    cls: PathClassIR
    key: bytes
    load: Callable[[], PathModuleIR] = field(compare=False, repr=False)


def path_module_ir(entry: PathModuleIR | PathHead) -> PathModuleIR:
    """A module of the URL tree, whole: itself, or read for a head."""
    return entry if isinstance(entry, PathModuleIR) else entry.load()


@dataclass(frozen=True, slots=True)
class ParametersHead:
    """An action's parameters class taken from the memo: its names and key, for
    `parameters/<module>.py`, whose finished text the memo holds under that key; the
    class is read (`load`) only when that module is made again."""

    class_name: Code
    module: Code
    key: bytes
    load: Callable[[], ModelIR] = field(compare=False, repr=False)


def parameters_ir(entry: ModelIR | ParametersHead) -> ModelIR:
    """An action's whole parameters class: itself, or read for a head."""
    return entry if isinstance(entry, ModelIR) else entry.load()


@dataclass(slots=True)
class ClientIR:
    package: Code
    version: str  # `v1.0`, `beta`
    base_url: Code  # as a literal
    root: PathModuleIR | PathHead  # `paths/_root.py`: what the clients inherit
    paths: list[PathModuleIR | PathHead]  # `paths/<module>.py`
    parameters: list[ModelIR | ParametersHead]  # `parameters/<module>.py`
    methods: Mapping[str, MethodIR]  # operation id → its method
    routes: Mapping[str, list[RouteIR]]  # operation id → the way to each of its variants
    doc: list[Code]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # With a memo: operation id → the key of what its method was made from (`_Builder.build`)
    keys: dict[str, bytes] = field(default_factory=dict)
    route_keys: dict[str, bytes] = field(default_factory=dict)  # of its routes (`UrlTreeIR`)


# ------------------------------------------------------------------------------ naming




def _identifier(words: str) -> str:
    name = words or "value"
    if name[0].isdigit():
        name = f"p_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def _placeholder_name(text: str, prefix: str | None, plural: str | None = None) -> str:
    """`id | userPrincipalName` after `users` → `user_id_or_principal_name`; `usersId`
    after `users` → `user_id`."""
    alternatives = [snake_case(part) for part in text.split("|")]
    alternatives = [alt for alt in alternatives if alt] or ["value"]
    if prefix and plural and plural != prefix:
        alternatives = [
            prefix + alt[len(plural) :] if alt.startswith(plural + "_") else alt
            for alt in alternatives
        ]
    words: list[str] = []
    used_prefix = False
    for index, alt in enumerate(alternatives):
        if prefix and (alt == prefix or alt.startswith(prefix + "_")):
            if index == 0:
                words.append(alt)
                used_prefix = True
                continue
            alt = alt[len(prefix) + 1 :] or alt
        elif prefix and index == 0 and alt in _GENERIC:
            words.append(f"{prefix}_{alt}")
            used_prefix = True
            continue
        elif used_prefix and alt.startswith(prefix + "_" if prefix else "\0"):
            alt = alt[len(prefix or "") + 1 :]
        words.append(alt)
    name = "_or_".join(words)
    if name.endswith("_value") and len(name) > len("_value"):
        name = name[: -len("_value")]
    return _identifier(name)


def _previous_literal(
    path: PathTemplate, parameter: PathParameter
) -> tuple[str | None, str | None]:
    """The collection segment before a placeholder segment: (singular, as written), both
    snake_case; None when that segment is no plain literal."""
    before = [s for s in path.segments if s.start + len(s.text) <= parameter.start]
    segment = before[-1] if before else None
    if segment is None or segment.kind != "literal" or segment.text.lower() == "me":
        return None, None
    if any(ch in segment.text for ch in "{}<>()'=:$"):
        return None, None
    words = snake_case(segment.text)
    return (singular(words), words) if words else (None, None)


# ------------------------------------------------------------------------------ templates


def _parameterise_arguments(template: str, documented: set[str]) -> str:
    """Turn literal function arguments that stand for values into `{name}` placeholders.

    `getActivitiesByInterval(startDateTime='2017-01-01',...)` documents its arguments in a
    table; `getRecentNotebooks(includePersonalNotebooks=includePersonalNotebooks-value)`
    writes a placeholder without braces. Both become parameters.
    """
    out: list[str] = []
    last = 0
    for segment in PathTemplate.parse(template).segments:
        for argument in segment.arguments:
            raw = argument.value
            if not re.fullmatch(r"[A-Za-z_][\w.]*", argument.name) or any(
                _is_field(parameter) for parameter in argument.parameters
            ):
                continue
            quoted = len(raw) >= 2 and raw[0] == raw[-1] == "'"
            bare = raw[1:-1] if quoted else raw
            if argument.name.lower() not in documented and not _VALUE_WORD.match(bare):
                continue
            out.append(template[last : argument.start])
            out.append(f"'{{{argument.name}}}'" if quoted else f"{{{argument.name}}}")
            last = argument.end
    out.append(template[last:])
    return "".join(out)


def parse_template(
    template: str, typed: dict[str, Parameter] | None = None
) -> tuple[str, list[tuple[str, str, str]], PathTemplate]:
    """(pattern, [(name, kind, argument)], parsed template) for a documented path template.

    Each parameter of the template (`graphdoc.model.paths`) becomes `{name:kind}`;
    `argument` is the function argument name a placeholder fills (for typing from the
    page's function table), else "". A literal GUID segment (an example id left in the
    syntax block) is a parameter too; its argument is `=<the GUID>`. Literal function
    arguments the page's function table documents are parameters as well.
    """
    typed = typed or {}
    path = PathTemplate.parse(_parameterise_arguments(template, set(typed)))
    text = path.text
    fields: list[tuple[str, str, str]] = []
    taken: set[str] = set(_RESERVED)
    out: list[str] = []
    last = 0
    for parameter in path.parameters:
        if not _is_field(parameter):
            continue  # a literal argument the client sends as written
        if parameter.context == "argument":
            name = _identifier(snake_case(parameter.argument))
            kind, arg_name = ("q" if parameter.quoted else "v"), parameter.argument
        elif parameter.context == "address":
            name, kind, arg_name = _placeholder_name(parameter.name, None), "a", ""
        elif parameter.literal is not None:
            prefix, _ = _previous_literal(path, parameter)
            name = _identifier(f"{prefix}_id" if prefix else "id")
            kind, arg_name = "s", "=" + parameter.literal
        elif parameter.context == "segment":
            name = _placeholder_name(parameter.name, *_previous_literal(path, parameter))
            kind, arg_name = "s", ""
        else:
            name, kind, arg_name = _placeholder_name(parameter.name, None), "s", ""
        name = unique_name(name, taken)
        fields.append((name, kind, arg_name))
        out.append(text[last : parameter.start])
        out.append(f"{{{name}:{kind}}}")
        last = parameter.end
    out.append(text[last:])
    return "".join(out), fields, path


def _is_field(parameter: PathParameter) -> bool:
    """Whether a template parameter is a method parameter: not a literal function argument
    (`image(width=640)`) the page's function table does not document."""
    return parameter.context != "argument" or parameter.literal is None


def me_aliases(templates: list[str]) -> list[str]:
    """`/me/X` for each `/users/{id | userPrincipalName}/X`: Graph's alias for the signed-in
    user. Templates the page already documents are dropped where the variants are made."""
    out: list[str] = []
    for template in templates:
        alias = PathTemplate.parse(template).me_alias()
        if alias is not None and alias.text not in out:
            out.append(alias.text)
    return out


def _is_me_alias(template: str) -> bool:
    return template == "/me" or template.startswith("/me/")


def match_variant(
    variants: list[VariantIR], path: str
) -> tuple[VariantIR, dict[str, str]] | None:
    """The variant a request path (version and query removed) addresses, and its values
    by parameter name (`PathTemplate.match`: as written, percent-decoded, key syntax).
    None when no variant reads every part of the path."""
    found = first_match([variant.path for variant in variants], path)
    if found is None or not found[1].exact:
        return None
    variant = variants[found[0]]
    names = [field.group(1) for field in FIELD.finditer(variant.pattern)]
    values = [
        value
        for parameter, value in zip(variant.path.parameters, found[1].values, strict=True)
        if _is_field(parameter)
    ]
    return variant, dict(zip(names, values, strict=True))


# ------------------------------------------------------------------------------ helpers


def api_version(model: ApiModel) -> str:
    """The version most example URLs name; `v1.0` when none does."""
    return example_version(model) or "v1.0"


_PRIMITIVE_ANNOTATIONS = {
    "Edm.Boolean": "bool",
    "Edm.Int16": "int",
    "Edm.Int32": "int",
    "Edm.Int64": "int",
    "Edm.Byte": "int",
    "Edm.SByte": "int",
    "Edm.Double": "float",
    "Edm.Single": "float",
    "Edm.Decimal": "float",
    "Edm.Date": "datetime.date",
    "Edm.DateTimeOffset": "datetime.datetime",
    "Edm.Guid": "uuid.UUID",
}


def _scalar_annotation(type_name: str) -> Code:
    """The annotation of a path or query value of an Edm type."""
    return Code(_PRIMITIVE_ANNOTATIONS.get(type_name, "str"))


def _first_segment(path: str) -> str:
    for part in path.split("/"):
        if part:
            return part.split("(", 1)[0].split(":", 1)[0]
    return ""


def is_json_media(media: str) -> bool:
    return not media or "json" in media


def _query_name(raw: str) -> str | None:
    """A documented query parameter name, cleaned (`\\$filter` → `$filter`), or None."""
    name = raw.strip().strip("`*").replace("\\", "")
    if re.fullmatch(r"\$?[A-Za-z][A-Za-z0-9_]*", name):
        return name
    return None


_SYSTEM_OPTIONS = {
    "$select": ("select", "str | Sequence[str] | None"),
    "$expand": ("expand", "str | Sequence[str] | None"),
    "$filter": ("filter", "str | None"),
    "$orderby": ("orderby", "str | Sequence[str] | None"),
    "$top": ("top", "int | None"),
    "$skip": ("skip", "int | None"),
    "$search": ("search", "str | None"),
    "$count": ("count", "bool | None"),
    "$skiptoken": ("skiptoken", "str | None"),
    "$deltatoken": ("deltatoken", "str | None"),
}
_SINGLE_OPTIONS = ("$select", "$expand")
_COLLECTION_OPTIONS = ("$select", "$expand", "$filter", "$orderby", "$top", "$skip", "$search",
                       "$count")


def example_query(url: str) -> list[tuple[str, str]]:
    """The query of an example URL as (name, value) pairs, percent-decoded, `+` kept."""
    _, _, query = url.partition("?")
    query = query.split("#", 1)[0]
    pairs: list[tuple[str, str]] = []
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((unquote(name).strip(), unquote(value)))
    return pairs


# ------------------------------------------------------------------------------ builder


# What making one operation's method read of the model besides the operation:
# (what, of which name) → the value read (`_Builder.read`).
_Reads = dict[tuple[str, str], object]


@dataclass(slots=True)
class _OperationUnit:
    """One operation's client IR: its method (none when it has no path) and its
    parameters class, unnamed (names are given across operations, `_Builder.build`)."""

    methods: list[MethodIR]
    parameters: ModelIR | None


@dataclass  # no slots: thousands are unpickled a run, a dict is set in C
class _OperationEntry:
    """What the memo's index holds of one operation's client IR, whose unit is read only
    when something needs the method: the key it was made under, what it read of the
    model beyond the operation (checked again before it is reused), a hash of the unit
    (the key of what is made from it, so a method made again the same leaves what reads
    it reused), and what the URL tree and the naming of parameters classes take of it."""

    key: bytes
    reads: _Reads
    content: bytes
    route_key: bytes  # the parts of the method the URL tree reads (`_route_key`)
    words: frozenset[str]  # its named steps' words (`url_tree.step_words`)
    method: bool  # whether it has a method
    parameters: bool  # whether its body is a parameters class

    @staticmethod
    def of(unit: _OperationUnit, key: bytes, reads: _Reads) -> _OperationEntry:
        method = unit.methods[0] if unit.methods else None
        return _OperationEntry(
            key,
            reads,
            data_key(unit.methods, unit.parameters),
            _route_key(method) if method is not None else b"",
            frozenset(w for v in method.variants for w in step_words(v))
            if method is not None
            else frozenset(),
            method is not None,
            unit.parameters is not None,
        )


class _Methods(Mapping[str, MethodIR]):
    """Operation id → its method, in operation order; a remembered one is read from the
    memo when first used (a rerun after one edit needs few of them)."""

    def __init__(self) -> None:
        self.made: dict[str, MethodIR] = {}
        self.loaders: dict[str, Callable[[], MethodIR]] = {}
        self.order: list[str] = []

    def add(self, operation: str, method: MethodIR | Callable[[], MethodIR]) -> None:
        self.order.append(operation)
        if isinstance(method, MethodIR):
            self.made[operation] = method
        else:
            self.loaders[operation] = method

    def __getitem__(self, operation: str) -> MethodIR:
        found = self.made.get(operation)
        if found is None:
            found = self.made[operation] = self.loaders.pop(operation)()
        return found

    def __contains__(self, operation: object) -> bool:
        return operation in self.made or operation in self.loaders

    def __iter__(self) -> Iterator[str]:
        return iter(self.order)

    def __len__(self) -> int:
        return len(self.order)


class _Routes(Mapping[str, list[RouteIR]]):
    """Operation id → its routes, remembered ones read from the memo when first asked
    for (the example tests read them only for the cases they make again)."""

    def __init__(
        self, operations: Iterable[str], load: Callable[[str], list[RouteIR]]
    ) -> None:
        self.operations = set(operations)
        self.load = load
        self.found: dict[str, list[RouteIR]] = {}

    def __getitem__(self, operation: str) -> list[RouteIR]:
        if operation not in self.operations:
            raise KeyError(operation)
        found = self.found.get(operation)
        if found is None:
            found = self.found[operation] = self.load(operation)
        return found

    def __contains__(self, operation: object) -> bool:
        return operation in self.operations

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.operations))

    def __len__(self) -> int:
        return len(self.operations)


def _route_key(method: MethodIR) -> bytes:
    """What `build_url_tree` reads of a method: its request, the result and body kinds
    that name its verb, its variants and their parameters' annotations."""
    return unit_key(
        method.http_method,
        method.result.kind,
        method.body.kind if method.body is not None else None,
        sorted((name, param.annotation) for name, param in method.path_params.items()),
        [(v.template, v.pattern, v.params, v.path_text, v.derived) for v in method.variants],
    )


class _Builder:
    def __init__(
        self,
        model: ApiModel,
        package: str,
        models: PackageIR | None,
        memo: RenderMemo | None = None,
    ) -> None:
        self.model = model
        self.memo = memo
        self.digests: ModelDigests | None = model_digests(model) if memo is not None else None
        self.reads: _Reads | None = None  # recording, while an operation's unit is made
        self.facts: dict[tuple[str, str], object] = {}  # `still_holds`' answers this run
        self.stamps: dict[str, bytes] = {}  # operation id → the key of its method (memo)
        self.package = package
        self.models = models if models is not None else package_ir(model)
        self.lookup = Placeholders(model)  # types by name (any case), properties inherited
        self.types = self.lookup.types
        self.short: dict[str, TypeDef] = {}
        for name in sorted(self.types, key=lambda n: (n.count("."), n)):
            self.short.setdefault(name.rsplit(".", 1)[-1].lower(), self.types[name])
        self.names: dict[str, tuple[Code, Code]] = {
            m.type_name: (m.class_name, m.module) for m in self.models.models
        }
        self.class_names = {cls for cls, _ in self.names.values()}
        self.pages = {page.path: page for page in model.pages}
        self.diagnostics: list[Diagnostic] = []
        self.parameter_classes: set[str] = set(self.class_names) | {
            "GraphClient",
            "AsyncGraphClient",
        }
        self.parameter_modules: set[str] = set()
        self.parameters: list[ModelIR | ParametersHead] = []
        self.version = api_version(model)
        self.text = doc_text(model)
        self.pending: ModelIR | None = None  # the parameters class of the method being made

    # -- what a method reads of the model ---------------------------------------------

    def read(self, what: str, name: str) -> object:
        """One fact about the model beyond the operation a method is made for, noted while
        a unit is made (`self.reads`): last run's unit is reused when each still holds."""
        value = self.fact(what, name)
        if self.reads is not None:
            self.reads[(what, name)] = value
        return value

    def fact(self, what: str, name: str) -> object:
        if what == "resolve":  # a type by any spelling of its name: which, and its kind
            found = self.lookup.resolve(name)
            return (found.name, found.kind) if found is not None else None
        if what == "names":  # a model's class and module
            return self.names.get(name)
        if what == "kind":
            type_def = self.types.get(name)
            return type_def.kind if type_def is not None else None
        if what == "properties":  # inherited property names, lower case
            return tuple(sorted({p.lower() for p in self.lookup.properties(self.types[name])}))
        if what == "short":  # the type a page file's stem names
            short = self.short.get(name)
            return short.name if short is not None else None
        if what == "page":  # a page's description
            page = self.pages.get(name)
            return page.description if page is not None else None
        if what == "text":  # a description's clean paragraphs (links name other types)
            return self.text.paragraphs(name)
        if what == "derived":  # the first type derived from a type
            derived = graph_of(self.model).descendants(name)
            return derived[0] if derived else None
        raise ValueError(what)

    def still_holds(self, reads: _Reads) -> bool:
        """Whether each fact read still has the value read (`facts_hold`)."""
        return facts_hold(reads, self.facts, self.fact)

    def page_paragraphs(self, operation: Operation) -> tuple[str, ...]:
        description = self.read("page", operation.source.path)
        if not isinstance(description, str):
            return ()
        return self.paragraphs(description)

    def paragraphs(self, markdown: str) -> tuple[str, ...]:
        found = self.read("text", markdown)
        assert isinstance(found, tuple)
        return found

    # -- types ------------------------------------------------------------------------

    def resolved(self, name: str | None) -> tuple[str, str] | None:
        """(qualified name, kind) of a type by any spelling of its name."""
        found = self.read("resolve", name or "")
        assert found is None or isinstance(found, tuple)
        return found

    def model_target(self, name: str | None) -> tuple[str, Code, Code] | None:
        """(qualified name, class, module) of an entity or complex type."""
        type_def = self.resolved(name)
        if type_def is None or type_def[1] == "enum":
            return None
        names = self.read("names", type_def[0])
        if names is None:
            return None
        assert isinstance(names, tuple)
        cls, module = names
        return type_def[0], cls, module

    # -- operations -------------------------------------------------------------------

    def method_base_name(self, operation: Operation) -> str:
        name = snake_case(operation.id) or "operation"
        if name[0].isdigit():
            name = f"op_{name}"
        if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name.startswith("_"):
            name += "_"
        return name

    def typed_parameters(self, operation: Operation) -> dict[str, Parameter]:
        found: dict[str, Parameter] = {}
        for parameter in operation.parameters:
            if parameter.in_ in ("function", "path"):
                found.setdefault(parameter.name.strip("`* ").lower(), parameter)
        return found

    def variants(self, operation: Operation) -> tuple[list[VariantIR], dict[str, PathParamIR]]:
        typed = self.typed_parameters(operation)
        variants: list[VariantIR] = []
        params: dict[str, PathParamIR] = {}
        seen: set[str] = set()
        templates = [(template, False) for template in operation.defined_paths]
        templates += [(t, True) for t in self.function_variants(operation, typed)]
        templates += [(t, True) for t in self.example_calls(operation)]
        templates += [(t, True) for t in me_aliases([t for t, _ in templates])]
        shapes: set[str] = set()
        for template, derived in templates:
            pattern, fields, path = parse_template(template, typed)
            shape = FIELD.sub("{}", pattern).rstrip("/").lower()
            if pattern in seen or (derived and _is_me_alias(template) and shape in shapes):
                continue
            seen.add(pattern)
            shapes.add(shape)
            names: list[str] = []
            literals: dict[str, str] = {}
            for name, _, argument in fields:
                names.append(name)
                if argument.startswith("="):
                    literals[name] = argument[1:]
                    argument = ""
                parameter = typed.get(argument.lower()) if argument else None
                type_name = parameter.type if parameter and not parameter.collection else ""
                annotation = _scalar_annotation(type_name)
                existing = params.get(name)
                if existing is None:
                    params[name] = PathParamIR(annotation)
                elif existing.annotation != annotation:
                    existing.annotation = Code("str")
            variants.append(VariantIR(template, pattern, names, path.text, literals, derived))
        return variants, params

    def function_variants(self, operation: Operation, typed: dict[str, Parameter]) -> list[str]:
        """Calls the syntax block leaves bare: `/reports/getX` on a page whose function table
        documents `period` also gets `/reports/getX(period='{period}')` (OData function
        parameters travel inside the parentheses; the page's own examples write them so)."""
        if operation.method != "GET" or not typed:
            return []
        functions = [p for p in operation.parameters if p.in_ == "function"]
        if not functions:
            return []
        out: list[str] = []
        for template in operation.defined_paths:
            last = template.rstrip("/").rsplit("/", 1)[-1]
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.]*", last) or last.startswith("$"):
                continue
            if any(p.name.lower() in template.lower() for p in functions):
                continue
            arguments: list[str] = []
            for parameter in functions:
                name = parameter.name.strip("`* ")
                if not re.fullmatch(r"[A-Za-z_]\w*", name):
                    break
                quoted = parameter.type in ("Edm.String", "") or self.is_enum(parameter.type)
                arguments.append(f"{name}='{{{name}}}'" if quoted else f"{name}={{{name}}}")
            else:
                out.append(f"{template.rstrip('/')}({','.join(arguments)})")
        return out

    def example_calls(self, operation: Operation) -> list[str]:
        """Calls the syntax block leaves bare but the page's examples make with arguments:
        `.../range/cell` documented, `.../range/cell(row=5,column=6)` requested. The
        arguments become parameters (quoted as the example quotes them)."""
        out: list[str] = []
        for template in operation.defined_paths:
            head, _, last = template.rstrip("/").rpartition("/")
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.]*", last):
                continue
            bare, _, bare_path = parse_template(head + "/" + last)
            for example in operation.examples:
                path = example_path(example)
                call = re.search(r"/([A-Za-z][\w.]*)\(([^()]*)\)$", path)
                if call is None or call.group(1).lower() != last.lower():
                    continue
                prefix = path[: call.start()] + "/" + call.group(1)
                if match_variant([VariantIR(template, bare, [], bare_path.text)], prefix) is None:
                    continue
                arguments: list[str] = []
                for start, end in split_arguments(call.group(2)):
                    name, equals, value = call.group(2)[start:end].partition("=")
                    name = name.strip()
                    if not equals or not re.fullmatch(r"[A-Za-z_]\w*", name):
                        arguments = []
                        break
                    quoted = value.strip().startswith("'")
                    arguments.append(f"{name}='{{{name}}}'" if quoted else f"{name}={{{name}}}")
                if arguments:
                    variant = f"{template.rstrip('/')}({','.join(arguments)})"
                    if variant not in out:
                        out.append(variant)
        return out

    def is_enum(self, type_name: str) -> bool:
        type_def = self.resolved(type_name)
        return type_def is not None and type_def[1] == "enum"

    def query(self, operation: Operation, result: ResultIR, taken: set[str]) -> list[QueryIR]:
        wanted: dict[str, tuple[str, str]] = {}  # lower wire → (wire, Edm type)
        if operation.method == "GET":
            options = _COLLECTION_OPTIONS if result.kind == "iterator" else _SINGLE_OPTIONS
            for option in options:
                wanted[option] = (option, "")
        for parameter in operation.parameters:
            if parameter.in_ != "query":
                continue
            name = _query_name(parameter.name)
            if name is None:
                continue
            key = name.lower()
            if key in _SYSTEM_OPTIONS:
                wanted.setdefault(key, (key, ""))
            else:
                wanted.setdefault(key, (name, parameter.type))
        for example in operation.examples:
            for raw, _ in example_query(example.request.url):
                name = _query_name(raw)
                if name is None:
                    continue
                key = name.lower()
                if key in _SYSTEM_OPTIONS:
                    wanted.setdefault(key, (key, ""))
                elif not key.startswith("$"):
                    wanted.setdefault(key, (name, "Edm.String"))
        order = list(_SYSTEM_OPTIONS)
        system = sorted((k for k in wanted if k in _SYSTEM_OPTIONS), key=order.index)
        others = sorted(k for k in wanted if k not in _SYSTEM_OPTIONS)
        out: list[QueryIR] = []
        for key in system:
            python, annotation = _SYSTEM_OPTIONS[key]
            out.append(QueryIR(identifier(unique_name(python, taken)), key, Code(annotation)))
        for key in others:
            wire, type_name = wanted[key]
            if wire.startswith("$"):
                continue
            python = identifier(unique_name(_identifier(snake_case(wire)), taken))
            out.append(QueryIR(python, wire, code("{} | None", _scalar_annotation(type_name))))
        return out

    def result(self, operation: Operation) -> ResultIR:
        spec = operation.response
        examples = [e.response for e in operation.examples if e.response is not None]
        redirect = any(r.status is not None and 300 <= r.status < 400 for r in examples)
        paths = operation.defined_paths
        answered = [r for r in examples if r.status is not None and 200 <= r.status < 300]
        binary_body = any(
            r.body is None and r.body_raw and not is_json_media(media_type(r.headers))
            for r in answered
        )
        bodied = any(r.body is not None for r in answered)
        empty = spec.status in (202, 204) or any(
            r.status in (202, 204) or (r.body is None and not (r.body_raw or "").strip())
            for r in answered
        )
        if spec.status == 204 and not bodied:
            return ResultIR("none", Code("None"), Code("None"))
        if (
            spec.type in BINARY_TYPES
            or (spec.status is not None and 300 <= spec.status < 400)
            or redirect
            or (operation.method == "GET" and bool(paths) and addresses_content(paths[0]))
            or (binary_body and not spec.collection)
        ):
            return ResultIR("bytes", Code("bytes"), Code("bytes"))
        target = self.model_target(spec.type)
        objects = [r for r in answered if r.body is not None]
        single = bool(objects) and all(
            not r.collection
            and isinstance(r.body, dict)
            and not isinstance(r.body.get("value"), list)
            for r in objects
        )
        # Prose saying "a collection" against examples that all answer one object: the
        # examples show the wire, so they win.
        collection = (spec.collection and not single) or (
            bool(examples)
            and all(
                r.collection
                and isinstance(r.body, dict)
                and isinstance(r.body.get("value"), list)
                for r in examples
            )
        )
        if target is not None:
            type_name, cls, module = target
            if collection and operation.method == "GET":
                return ResultIR(
                    "iterator", code("Paged[{}]", cls), code("AsyncPaged[{}]", cls),
                    type_name, cls, f"models.{module}",
                )
            if collection:
                listed = code("_List[{}]", cls)
                return ResultIR("list", listed, listed, type_name, cls, f"models.{module}")
            if empty:
                optional = code("{} | None", cls)
                return ResultIR(
                    "optional", optional, optional, type_name, cls, f"models.{module}"
                )
            return ResultIR("model", cls, cls, type_name, cls, f"models.{module}")
        if spec.type or any(r.body is not None or r.body_raw for r in examples):
            return ResultIR("any", Code("Any"), Code("Any"))
        return ResultIR("none", Code("None"), Code("None"))

    def body(self, operation: Operation) -> BodyIR | None:
        request = operation.request_body
        examples = [e.request for e in operation.examples]
        json_examples = [r for r in examples if r.body is not None]
        raw_examples = [
            r for r in examples
            if r.body is None and r.body_raw and r.body_raw.strip()
        ]
        if (request is not None and request.type in BINARY_TYPES) or (
            raw_examples
            and not json_examples
            and any(not is_json_media(media_type(r.headers)) for r in raw_examples)
        ):
            return BodyIR("binary", Code("bytes | str"), Code("content"))
        if request is not None:
            target = self.model_target(request.type)
            if target is not None:
                type_name, cls, module = target
                if request.collection:
                    return BodyIR("models", code("_List[{}]", cls), _BODY, type_name, cls,
                                  f"models.{module}")
                return BodyIR("model", cls, _BODY, type_name, cls, f"models.{module}")
            if operation.method in ("PATCH", "PUT"):
                inferred = self.update_type(operation, request.properties)
                if inferred is not None:
                    type_name, cls, module = inferred
                    return BodyIR("model", cls, _BODY, type_name, cls, f"models.{module}")
            if request.properties:
                return self.parameters_body(operation, request.properties)
        if json_examples or (request is not None and request.type):
            return BodyIR("any", Code("Any"), _BODY, required=False)
        return None

    def update_type(
        self, operation: Operation, properties: list[Property]
    ) -> tuple[str, Code, Code] | None:
        """The model a PATCH/PUT body is a partial of: the returned type, else the type the
        page's file name starts with (`user-update` → user), when it declares the table's
        properties."""
        wanted = {prop.name.lower() for prop in properties}
        candidates = [operation.response.type]
        short = self.read("short", operation.id.split("-", 1)[0].lower())
        if isinstance(short, str):
            candidates.append(short)
        for name in candidates:
            target = self.model_target(name)
            type_def = self.resolved(name)
            if target is None or type_def is None:
                continue
            declared = self.read("properties", type_def[0])
            assert isinstance(declared, tuple)
            if wanted <= set(declared):
                return target
        return None

    def parameters_body(self, operation: Operation, properties: list[Property]) -> BodyIR:
        """The body of an action's parameter table; its class is named once every
        operation's method is known (`parameters_names`)."""
        self.pending = self.parameters_model(operation, properties, Code(""), Code(""))
        return BodyIR("parameters", Code(""), _BODY, None, Code(""), "")

    def parameters_model(
        self, operation: Operation, properties: list[Property], cls: Code, module: Code
    ) -> ModelIR:
        taken: set[str] = set()
        fields: list[FieldIR] = []
        seen: set[str] = set()
        for prop in properties:
            if prop.name in seen:
                continue
            seen.add(prop.name)
            # What `field_ir` reads of the model, noted for the memo.
            if isinstance(prop.ref, Named):
                self.read("names", prop.ref.name)
            self.paragraphs(prop.description)
            fields.append(field_ir(prop, taken, self.names, self.text))
        stdlib: set[str] = set()
        runtime: set[str] = {"model_dict", "model_repr"}
        if fields:
            runtime.add("UNSET")
        if any(item.names_unset for item in fields):
            runtime.add("Unset")
        relative: dict[str, set[str]] = {}
        type_checking: dict[str, set[str]] = {}
        local: dict[str, set[str]] = {}
        for item in fields:
            stdlib.update(item.codec.stdlib)
            runtime.update(item.codec.runtime)
            runtime.add("opt_list" if item.collection else "opt")
            runtime.add("put_list" if item.collection else "put")
            target = item.codec.target
            if target:
                target_cls, target_module = self.names[target]
                where = f"..models.{target_module}"
                if self.read("kind", target) == "enum":
                    relative.setdefault(where, set()).add(target_cls)
                else:
                    type_checking.setdefault(where, set()).add(target_cls)
                    local.setdefault(where, set()).add(target_cls)
        typing_names = {"Any", "Self"}
        if type_checking:
            typing_names.add("TYPE_CHECKING")
        imports = [plain_import(name) for name in sorted(stdlib)]
        imports.append(import_from("collections.abc", ["Mapping"]))
        imports.append(import_from("dataclasses", ["dataclass", "field"]))
        imports.append(import_from("typing", typing_names))
        relative[f"..{RUNTIME_MODULE}"] = runtime
        paths = operation.defined_paths
        where = f"{operation.method} {paths[0]}" if paths else operation.id
        description = self.page_paragraphs(operation)
        doc = doc_paragraphs(
            [
                f"The request body of {operation.title or operation.id}: {where}.",
                *description,
                "Every field is optional: UNSET fields are left out, `None` is sent as "
                "JSON null.",
            ]
        )

        return ModelIR(
            type_name=f"graphdoc.parameters.{operation.id}",
            class_name=cls,
            module=module,
            header=header_lines(operation.source.path, operation.source.line),
            doc=doc,
            base=None,
            root=True,
            fields=fields,
            all_fields=fields,
            polymorphic=False,
            imports=imports,
            relative_imports=import_block(relative),
            type_checking_imports=import_block(type_checking),
            local_imports=import_block(local),
            source=operation.source,
        )

    # -- methods ----------------------------------------------------------------------

    def methods(self, operation: Operation) -> list[MethodIR]:
        variants, params = self.variants(operation)
        if not variants:
            return []
        name = identifier(self.method_base_name(operation))
        result = self.result(operation)
        body = self.body(operation)
        return [self.method(operation, name, variants, params, result, body)]

    def method(
        self,
        operation: Operation,
        name: Code,
        variants: list[VariantIR],
        params: dict[str, PathParamIR],
        result: ResultIR,
        body: BodyIR | None,
    ) -> MethodIR:
        positional = [
            identifier(p) for p in variants[0].params if all(p in v.params for v in variants)
        ]
        optional: list[Code] = []
        for variant in variants:
            for param in variant.params:
                if param not in positional and param not in optional:
                    optional.append(identifier(param))
        taken = set(positional) | set(optional) | set(_RESERVED)
        cast = identifier(unique_name("cast", taken)) if result.kind == "iterator" else None
        query = self.query(operation, result, taken)
        description = self.page_paragraphs(operation)
        return MethodIR(
            name=name,
            http_method=operation.method,
            variants=variants,
            path_params={p: params[p] for p in positional + optional},
            positional=positional,
            optional=optional,
            query=query,
            body=body,
            result=result,
            doc=self.method_doc(operation, description, result),
            source=operation.source,
            cast=cast,
        )

    def method_doc(
        self,
        operation: Operation,
        description: tuple[str, ...],
        result: ResultIR,
    ) -> list[Code]:
        title = operation.title or operation.id
        head = f"{title}: {description[0]}" if description else f"{title}."
        returns = {
            "none": "Returns None.",
            "model": f"Returns the `{result.class_name}`.",
            "optional": f"Returns the `{result.class_name}`, or None when the service "
            "answers without a body (the page documents both).",
            "iterator": f"Returns the `{result.class_name}` items as `Paged`: iterating "
            "follows `@odata.nextLink` as it goes; `limit` stops after that many items, "
            "`top` sets the page size; `.pages()` gives each page with its raw next link, "
            f"and `.delta_link` the `@odata.deltaLink` of a delta round. {self.cast_doc(result)}",
            "list": f"Returns the `{result.class_name}` items of the response.",
            "bytes": "Returns the bytes of the response body (redirects are followed).",
            "any": "Returns the decoded JSON body (the docs give it no model type).",
        }[result.kind]
        return doc_paragraphs(
            [head, *description[1:], f"{returns} Documented in `{operation.source.path}`."]
        )

    def cast_doc(self, result: ResultIR) -> str:
        """What `cast` does, with the collection's own type (and a type derived from it)."""
        name = result.type_name
        if not name:
            return "`cast` names a derived type to list only items of that type."
        derived = self.read("derived", name)
        example = f", such as `{derived}`," if derived else ""
        return (
            f"`cast` names a type derived from `{name}`{example} to list only items of that "
            "type."
        )

    # -- the whole client ---------------------------------------------------------------

    def make(self, operation: Operation) -> tuple[_OperationUnit, _Reads]:
        """The operation's unit, and the facts it read beyond the operation."""
        reads: _Reads = {}
        self.reads, self.pending = reads, None
        try:
            return _OperationUnit(self.methods(operation), self.pending), reads
        finally:
            self.reads, self.pending = None, None

    def parameters_names(self, operation: Operation) -> tuple[Code, Code]:
        """The class and module of an action's parameters class: after the operation,
        numbered past the names models and earlier operations (by id) took."""
        stem = class_name(operation.id) + "Parameters"
        cls = identifier(stem)
        counter = 2
        while cls in self.parameter_classes:
            cls = identifier(f"{stem}{counter}")
            counter += 1
        self.parameter_classes.add(cls)
        module = module_name(snake_case(operation.id) or "parameters", self.parameter_modules)
        return cls, module

    def named(self, unit: _OperationUnit, names: tuple[Code, Code] | None) -> _OperationUnit:
        """The unit with its parameters class named (`parameters_names`)."""
        if unit.parameters is not None:
            assert names is not None and unit.methods
            cls, module = names
            unit.parameters.class_name, unit.parameters.module = cls, module
            body = unit.methods[0].body
            assert body is not None and body.kind == "parameters"
            body.annotation = body.class_name = cls
            body.module = f"parameters.{module}"
        return unit

    def url_tree(
        self, methods: _Methods, entries: dict[str, _OperationEntry]
    ) -> tuple[UrlTreeIR, Mapping[str, list[RouteIR]], bytes]:
        """The URL tree of the methods (`url_tree`) and its routes; with a memo, last run's
        when every method's route parts and the property names it checks its steps
        against are, given this run's methods, the routes read when first used. Also the
        tree's key (b"" without a memo)."""
        properties = {
            prop.name.lower().replace("_", "")
            for type_def in self.model.types
            for prop in type_def.properties
        }
        if self.memo is None:
            tree = build_url_tree(methods, properties)
            return tree, tree.routes, b""
        words = set().union(*(entries[op].words for op in methods))
        hashed = hashlib.sha256(b"url tree\0")
        for op in methods:  # lengths first: the parts cannot run into each other
            route_key = entries[op].route_key
            hashed.update(f"{len(op)}:{op}{len(route_key)}:".encode("utf-8", "surrogatepass"))
            hashed.update(route_key)
        hashed.update("\0".join(sorted(properties & words)).encode("utf-8", "surrogatepass"))
        key = hashed.digest()
        memo = self.memo
        found = memo.recall("#client/tree", key)
        routes: Mapping[str, list[RouteIR]]
        if isinstance(found, UrlTreeIR) and all(
            memo.carry(f"#client/routes/{op}", found.keys[op]) for op in found.keys
        ):
            tree = found

            def load(operation: str) -> list[RouteIR]:
                kept = memo.carried(f"#client/routes/{operation}", tree.keys[operation])
                assert isinstance(kept, list), operation
                return kept

            routes = _Routes(tree.keys, load)
        else:
            tree = build_url_tree(methods, properties)
            tree.keys = {op: unit_key(tree.route_text(op)) for op in tree.routes}
            routes, tree.routes = tree.routes, {}  # kept apart: each read only when needed
            for op, found_routes in routes.items():
                memo.keep(f"#client/routes/{op}", tree.keys[op], found_routes, aside=True)
            endpoints = [e for cls in [tree.root, *tree.classes] for e in cls.endpoints]
            for endpoint in endpoints:  # kept without the methods: a run gives its own
                endpoint.methods = None
            memo.keep("#client/tree", key, tree)
        for cls in [tree.root, *tree.classes]:
            for endpoint in cls.endpoints:
                endpoint.methods = methods
        return tree, routes, key

    def build(self) -> ClientIR:
        memo = self.memo
        index = MemoIndex(memo, "#client/index") if memo is not None else None
        entries: dict[str, _OperationEntry] = {}
        methods = _Methods()
        changed: list[str] = []
        for operation in sorted(self.model.operations, key=lambda o: o.id):
            if operation.paths and not operation.defined_paths:
                continue  # another page defines each of its requests (GD450)
            unit: _OperationUnit | None = None
            if memo is None:
                unit, reads = self.make(operation)
                entry = _OperationEntry(b"", {}, b"", b"", frozenset(), bool(unit.methods),
                                        unit.parameters is not None)
            else:
                assert self.digests is not None
                name = f"#client/{operation.id}"
                key = self.digests.operation(operation.id)  # the unit's name says the rest
                assert index is not None
                entry = index.last.get(operation.id)  # type: ignore[assignment]
                if (
                    entry is None
                    or entry.key != key
                    or not self.still_holds(entry.reads)
                    or not memo.carry(name, key)
                ):
                    unit, reads = self.make(operation)
                    memo.keep(name, key, unit, aside=True)
                    entry = _OperationEntry.of(unit, key, reads)
                    changed.append(operation.id)
                entries[operation.id] = entry
                self.stamps[operation.id] = entry.content
            names = self.parameters_names(operation) if entry.parameters else None
            if names is not None and memo is not None:
                self.stamps[operation.id] = unit_key(self.stamps[operation.id], names)
            if not entry.method:
                self.diagnostics.append(
                    emit_diagnostic(
                        operation.source,
                        diagnostics.NO_CLIENT_METHOD,
                        f"{operation.id}: no path documented; no client method",
                    )
                )
                continue
            if unit is None and entry.parameters:  # its class is listed by its names
                assert names is not None
                key = unit_key("parameters", self.stamps[operation.id])
                load = self.named_loader(operation, entry, names, key)
                methods.add(operation.id, functools.partial(_method_of, load))
                self.parameters.append(
                    ParametersHead(*names, key, functools.partial(_class_of, load))
                )
            elif unit is not None:
                unit = self.named(unit, names)
                methods.add(operation.id, unit.methods[0])
                if unit.parameters is not None:
                    if memo is not None:
                        unit.parameters.key = unit_key("parameters", self.stamps[operation.id])
                    self.parameters.append(unit.parameters)
            else:
                methods.add(operation.id, self.loader(operation, entry))
        if index is not None:
            index.save(entries, changed)
        tree, routes, tree_key = self.url_tree(methods, entries)
        root, *paths = self.path_modules([tree.root, *tree.classes], tree_key)
        for operation_id, lost in tree.dropped:
            self.diagnostics.append(
                emit_diagnostic(
                    methods[operation_id].source,
                    diagnostics.SAME_CLIENT_REQUEST,
                    f"{operation_id}: {lost}; that method sends it",
                )
            )
        self.parameters.sort(key=lambda m: m.module)
        base_url = f"{_DEFAULT_HOST}/{self.version}"
        namespace = self.models.namespace
        return ClientIR(
            package=identifier(self.package),
            version=self.version,
            base_url=py_string_literal(base_url),
            root=root,
            paths=paths,
            parameters=self.parameters,
            methods=methods,
            routes=routes,
            doc=doc_paragraphs(
                [
                    f"Clients for Microsoft Graph `{self.version}` (`{namespace}`), generated "
                    "by graphdoc, shaped like Graph's URLs: "
                    "`client.users.by_id(uid).contacts.create(contact)`.",
                    "`GraphClient` is synchronous and `AsyncGraphClient` asynchronous; both "
                    "have the same steps and methods with the same parameters. A step is a "
                    "path segment (`.contacts`, `.by_id(...)`, a function call); requests are "
                    "`get`, `list`, `create`, `update`, `delete`, `put`, `upload`, `post`, or "
                    "the name of the function or action.",
                ]
            ),
            diagnostics=self.diagnostics,
            keys=self.stamps,
            route_keys=tree.keys,
        )

    def remembered(self, operation: Operation, entry: _OperationEntry) -> _OperationUnit:
        """Last run's unit of the operation (carried by `build`)."""
        assert self.memo is not None
        found = self.memo.carried(f"#client/{operation.id}", entry.key)
        assert isinstance(found, _OperationUnit), operation.id
        return found

    def named_loader(
        self,
        operation: Operation,
        entry: _OperationEntry,
        names: tuple[Code, Code],
        key: bytes,
    ) -> Callable[[], _OperationUnit]:
        """What reads a remembered unit with a parameters class once, when its method or
        class is first used, naming the class (`named`) with this run's `names` and `key`."""

        @functools.cache
        def load() -> _OperationUnit:
            unit = self.named(self.remembered(operation, entry), names)
            _parameters_of(unit).key = key
            return unit

        return load

    def loader(self, operation: Operation, entry: _OperationEntry) -> Callable[[], MethodIR]:
        """What reads a remembered method when it is first used (it has no parameters
        class: those are read by `build`)."""
        return lambda: self.remembered(operation, entry).methods[0]

    def path_modules(
        self, classes: list[PathClassIR], tree_key: bytes
    ) -> list[PathModuleIR | PathHead]:
        """The module of each class; with a memo, each keyed by the URL tree's key and its
        endpoints' methods (which make the whole of it), its parts last run's when that
        key is, and read only when its text is not (`PathHead`)."""
        memo = self.memo
        if memo is None:
            return [self.path_module(cls) for cls in classes]
        index = MemoIndex(memo, "#client/paths")
        modules: list[PathModuleIR | PathHead] = []
        keys: dict[str, bytes] = {}
        changed: list[str] = []
        for cls in classes:
            stamps = [self.stamps[endpoint.operation] for endpoint in cls.endpoints]
            head = f"path module\0{len(stamps)}\0{cls.module}\0".encode()
            # The tree's key and the stamps are 32 bytes each: joined, they say which is which.
            module_key = hashlib.sha256(b"".join([head, tree_key, *stamps])).digest()
            keys[cls.module] = module_key
            name = f"#client/path/{cls.module}"
            if index.last.get(cls.module) == module_key:
                path = f"paths/{cls.module}.py"
                if memo.holds(path, module_key) and memo.carry(
                    name, module_key
                ):
                    load = functools.partial(self.remembered_path, cls, name, module_key)
                    modules.append(PathHead(cls, module_key, load))
                    continue
                found = memo.recall(name, module_key)
                if isinstance(found, tuple):
                    module = PathModuleIR.from_parts(cls, found)
                    module.key = module_key
                    modules.append(module)
                    continue
            module = self.path_module(cls)
            module.key = module_key
            memo.keep(name, module_key, module.parts(), aside=True)
            changed.append(cls.module)
            modules.append(module)
        index.save(keys, changed)
        return modules

    def remembered_path(self, cls: PathClassIR, name: str, key: bytes) -> PathModuleIR:
        """A module of the URL tree whose parts the memo holds (carried by `path_modules`)."""
        assert self.memo is not None
        found = self.memo.carried(name, key)
        assert isinstance(found, tuple), name
        module = PathModuleIR.from_parts(cls, found)
        module.key = key
        return module

    def path_module(self, cls: PathClassIR) -> PathModuleIR:
        stdlib: set[str] = set()
        abc: set[str] = set()
        typing_names: set[str] = set()
        type_checking: dict[str, set[str]] = {}
        helpers = {"_Path", "_AsyncPath"}
        runtime: set[str] = set()
        list_alias = False
        for step in cls.steps:
            type_checking.setdefault(f".{step.target.module}", set()).update(
                {step.target.sync_class, step.target.async_class}
            )
            if step.kind != "attr":
                helpers.add("_path")
            for item in step.fields:
                if "." in item.annotation:
                    stdlib.add(item.annotation.split(".", 1)[0])
        for endpoint in cls.endpoints:
            method = endpoint.method
            abc.add("Mapping")
            if endpoint.fields:
                helpers.add("_path")
            for item in endpoint.fields:
                if "." in item.annotation:
                    stdlib.add(item.annotation.split(".", 1)[0])
            for option in method.query:
                helpers.add("_text")
                if "Sequence" in option.annotation:
                    abc.add("Sequence")
                if "." in option.annotation:
                    stdlib.add(option.annotation.split(".", 1)[0])
            body = method.body
            if body is not None:
                if body.kind == "binary":
                    helpers.add("_binary")
                if body.kind == "any":
                    typing_names.add("Any")
                    runtime.add("UNSET")
                if "_List[" in body.annotation:
                    list_alias = True
                if body.class_name and body.module:
                    type_checking.setdefault(f"..{body.module}", set()).add(body.class_name)
            result = method.result
            if result.kind == "any":
                typing_names.add("Any")
            if result.kind == "iterator":
                runtime.update({"Paged", "AsyncPaged"})
            if method.cast:
                helpers.add("_cast")
            if result.kind == "list":
                helpers.add("_models")
                list_alias = True
            if result.class_name and result.module:
                type_checking.setdefault(f"..{result.module}", set()).add(result.class_name)
        if type_checking:
            typing_names.add("TYPE_CHECKING")
        imports = [plain_import(name) for name in sorted(stdlib)]
        if abc:
            imports.append(import_from("collections.abc", abc))
        if typing_names:
            imports.append(import_from("typing", typing_names))
        relative = [import_from(f"..{RUNTIME_MODULE}", runtime)] if runtime else []
        relative.append(import_from("._base", helpers))
        if cls.module == "_root":
            where = "the root of Graph (`GraphClient` and `AsyncGraphClient` inherit it)"
        else:
            others = cls.paths - 1
            plural = "s" if others > 1 else ""
            also = f" and {others} other path{plural} of the same shape" if others else ""
            where = f"`client{cls.shown}`{also}"
        return PathModuleIR(
            cls=cls,
            imports=imports,
            relative_imports=relative,
            type_checking_imports=import_block(type_checking),
            list_alias=list_alias,
            doc=doc_paragraphs([f"Requests on {where}, generated by graphdoc."]),
            sync_doc=[docstring_text(f"Synchronous requests on {where}.")],
            async_doc=[docstring_text(f"Asynchronous requests on {where}.")],
        )


def _parameters_of(unit: _OperationUnit) -> ModelIR:
    assert unit.parameters is not None
    return unit.parameters


def _method_of(load: Callable[[], _OperationUnit]) -> MethodIR:
    return load().methods[0]


def _class_of(load: Callable[[], _OperationUnit]) -> ModelIR:
    return _parameters_of(load())


def client_ir(
    model: ApiModel,
    package: str,
    models: PackageIR | None = None,
    memo: RenderMemo | None = None,
) -> ClientIR:
    """Every decision for the generated clients of one package; with a `memo`, each
    operation's method, and the URL tree, are last run's when what they were made from is
    unchanged (`_Builder.build`, `_Builder.url_tree`)."""
    return _Builder(resolve_model(model), package, models, memo).build()


def example_path(example: Example) -> str:
    """The request path of an example: no scheme, host, version or query."""
    return path_of(example.request.url)
