"""The Python IR: every decision about generated model code, made before any template runs.

`package_ir(model)` turns an `ApiModel` into `PackageIR`: one `ModelIR` (dataclass)
or `EnumIR` (str enum) per type, with class and module names, annotations, the codec of
every field, sorted imports and docstring text. Every piece is `naming.Code`, made safe by
`naming`'s helpers; the templates lay the pieces out and black formats, so no code line
is split here (only the header comment, which black leaves alone, is fitted).

Decisions (see also the generated code's own docstrings):

* Every field is optional and tri-state: `T | Unset | None = UNSET`. Absent stays absent,
  JSON null is `None`; nothing is required at the model level, because one model serves
  responses, `$select` results and PATCH bodies. `Edm.Untyped`, empty and unresolved types
  become `Any`.
* The key (`TypeGraph.key_of`: the type's `keyProperty`, else its nearest base's, so `id`
  of every entity) is the one exception: `id: str = KEY_UNSET`. A response always carries
  it, so `created.id` passes on as a `str` under mypy --strict; a model built for a request
  still has none (`KEY_UNSET` is `UNSET` typed `Any`) and `to_dict` leaves it out. A JSON
  null key stays in `additional_data` (`opt_key`), so the field never holds None.
* Base types are base classes. `from_dict`/`to_dict` are generated in full in every class,
  inherited fields included, so no method calls `super()` (zero-argument `super()` breaks
  in `slots=True` dataclasses, which are re-created by the decorator).
* A property a base type already declares (same wire name) is not declared again;
  attribute names are numbered against the ancestors' names, so a subclass never shadows.
* Class names: PascalCase of the last name segment; types outside the main namespace are
  prefixed with their sub-namespace (`microsoft.graph.callRecords.session` →
  `CallRecordsSession`), so adding a type to one namespace never renames another. Names
  that still collide (`microsoft.graph.Permission` vs `microsoft.graph.permission`) are
  numbered, conventional lower-case names first, so the common type keeps the plain name.
* Imports: enums are imported at module level (their modules import nothing back); model
  classes used in annotations are imported under `TYPE_CHECKING` and the ones `from_dict`
  needs are imported inside it, so reference cycles never bite. A base class is imported at
  module level, which cannot cycle: inheritance is acyclic (cycles are cut here).
* Polymorphism: a class with known subtypes asks the generated `_registry` for the class
  `@odata.type` names and hands over to it; `@odata.type` itself stays in
  `additional_data`, so it survives the round trip.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .. import diagnostics
from ..format import LINE_LENGTH
from ..model.digest import model_digests
from ..model.graph import graph_of
from ..model.typeref import Named, Primitive, TypeRef
from ..model.types import ApiModel, Diagnostic, Property, Source, TypeDef
from .doctext import DocText, doc_text
from .naming import (
    Code,
    class_name,
    code,
    comment,
    docstring_text,
    enum_member_name,
    export_order,
    identifier,
    module_name,
    py_string_literal,
    python_attribute,
)
from .slices import RenderMemo, unit_key
from .type_keys import type_keys

__all__ = [
    "RUNTIME_MODULE",
    "Codec",
    "EnumIR",
    "FieldIR",
    "ImportIR",
    "MemberIR",
    "ModelIR",
    "PackageIR",
    "RegistryEntryIR",
    "codec_for",
    "doc_paragraphs",
    "emit_diagnostic",
    "header_lines",
    "import_block",
    "import_from",
    "note_text",
    "package_ir",
    "plain_import",
    "primary_namespace",
]

RUNTIME_MODULE = "_runtime"
_UNSET = Code("UNSET")  # a field's default; the key's is `KEY_UNSET`


@dataclass(frozen=True, slots=True)
class Codec:
    """How one wire value kind maps to Python: annotation, parse and format callables.

    `parse` and `fmt` are expressions (`parse_datetime`, `Phone.from_dict`); `runtime` lists
    the `_runtime` names they use; `stdlib` the modules the annotation needs; `target` the
    qualified model/enum type the annotation names, if any.
    """

    annotation: Code
    parse: Code
    fmt: Code | None = None
    runtime: tuple[str, ...] = ()
    stdlib: tuple[str, ...] = ()
    target: str | None = None
    is_any: bool = False


def _edm(
    annotation: str, parse: str, fmt: str | None = None, stdlib: tuple[str, ...] = ()
) -> Codec:
    """A codec of a primitive: every part is a constant of this module."""
    runtime = (parse, fmt) if fmt else (parse,)
    return Codec(Code(annotation), Code(parse), Code(fmt) if fmt else None, runtime, stdlib)


_EDM: dict[str, Codec] = {
    "Edm.String": _edm("str", "parse_str"),
    "Edm.Boolean": _edm("bool", "parse_bool"),
    "Edm.DateTimeOffset": _edm(
        "datetime.datetime", "parse_datetime", "format_datetime", ("datetime",)
    ),
    "Edm.Date": _edm("datetime.date", "parse_date", "format_date", ("datetime",)),
    "Edm.TimeOfDay": _edm("datetime.time", "parse_time", "format_time", ("datetime",)),
    "Edm.Duration": _edm("datetime.timedelta", "parse_duration", "format_duration", ("datetime",)),
    "Edm.Guid": _edm("uuid.UUID", "parse_uuid", "format_uuid", ("uuid",)),
    "Edm.Binary": _edm("bytes", "parse_bytes", "format_bytes"),
    # A stream property's JSON value is a media link or an opaque string; the bytes
    # themselves travel through `/$value` requests, not in JSON bodies.
    "Edm.Stream": _edm("str", "parse_str"),
}
for _name in ("Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte"):
    _EDM[_name] = _edm("int", "parse_int")
for _name in ("Edm.Double", "Edm.Single", "Edm.Decimal"):
    _EDM[_name] = _edm("float", "parse_float")
_ANY = Codec(Code("Any"), Code("parse_any"), None, ("parse_any",), is_any=True)


@dataclass(frozen=True, slots=True)
class ImportIR:
    """`from module import names` (sorted like ruff's isort), or `import module` (no names)."""

    module: Code
    names: tuple[Code, ...] = ()


@dataclass(slots=True)
class FieldIR:
    """One dataclass field and its two wire conversions."""

    wire: str  # the JSON member name, as the page writes it
    wire_literal: Code  # the same as a Python string literal
    attribute: Code
    annotation: Code  # the full annotation, e.g. `list[Phone] | Unset | None`
    reader: Code  # the runtime function reading it in from_dict: `opt`, `opt_list`, `opt_key`
    writer: Code  # the runtime function writing it in to_dict: `put` or `put_list`
    doc: list[Code]  # docstring paragraphs, inert; empty for none
    codec: Codec
    collection: bool
    default: Code = _UNSET  # `KEY_UNSET` for the key

    @property
    def names_unset(self) -> bool:
        """Whether `annotation` names `Unset` (its module imports it): not the key's, nor
        a lone `Any`'s (UNSET and None are values of Any)."""
        return self.default == _UNSET and (self.collection or not self.codec.is_any)


@dataclass(slots=True)
class MemberIR:
    name: Code
    literal: Code  # the value as a Python string literal
    doc: list[Code]


@dataclass(slots=True)
class ModelIR:
    """A dataclass module: `models/<module>.py` holding `class_name`."""

    type_name: str
    class_name: Code
    module: Code
    header: list[Code]  # comment lines
    doc: list[Code]
    base: Code | None  # base class name
    root: bool  # declares `additional_data`
    fields: list[FieldIR]  # declared here
    all_fields: list[FieldIR]  # inherited first, then these: what from_dict/to_dict handle
    polymorphic: bool  # has known subtypes: from_dict dispatches on @odata.type
    imports: list[ImportIR]  # module level, standard library and typing
    relative_imports: list[ImportIR]  # module level, this package
    type_checking_imports: list[ImportIR]
    local_imports: list[ImportIR]  # inside from_dict
    source: Source | None = None
    # The key of what the IR was made from (`slices.unit_key`), when a memo made it: the
    # module's text is remembered under it, so the IR itself need not be hashed.
    key: bytes = field(default=b"", compare=False, repr=False)


@dataclass(slots=True)
class EnumIR:
    """A str enum module: `models/<module>.py` holding `class_name`."""

    type_name: str
    class_name: Code
    module: Code
    header: list[Code]
    doc: list[Code]
    members: list[MemberIR]
    source: Source | None = None
    key: bytes = field(default=b"", compare=False, repr=False)  # as `ModelIR.key`


@dataclass(frozen=True, slots=True)
class ModelHead:
    """A type's module whose finished text the render memo holds under `key`: its names,
    for the package-wide modules, without reading its IR (`PackageIR.full` reads it)."""

    type_name: str
    class_name: Code
    module: Code
    key: bytes
    source: Source | None = None  # never checked again: its text is not made again


@dataclass(frozen=True, slots=True)
class RegistryEntryIR:
    """One line of `models/_registry.py`: wire type name → (module, class), as literals."""

    name: Code
    module: Code
    class_name: Code


@dataclass(frozen=True, slots=True)
class PackageLists:
    """What the package-wide modules list of every model."""

    registry: list[RegistryEntryIR]  # sorted by wire name
    export_imports: list[ImportIR]  # TYPE_CHECKING imports of the package __init__
    model_imports: list[ImportIR]  # TYPE_CHECKING imports of models/__init__
    exported: list[str]  # the package's __all__, in `export_order`
    model_names: list[Code]  # models/__init__'s __all__ as literals, in `export_order`

    @staticmethod
    def of(models: list[ModelIR | EnumIR | ModelHead]) -> PackageLists:
        registry = [
            RegistryEntryIR(
                py_string_literal(name), py_string_literal(module), py_string_literal(cls)
            )
            for name, module, cls in sorted((m.type_name, m.module, m.class_name) for m in models)
        ]
        exports = sorted((m.class_name, m.module) for m in models)
        by_module = sorted(exports, key=lambda e: e[1])
        return PackageLists(
            registry=registry,
            export_imports=[import_from(f".models.{module}", [cls]) for cls, module in by_module],
            model_imports=[import_from(f".{module}", [cls]) for cls, module in by_module],
            exported=sorted({"UNSET", "Unset", *(cls for cls, _ in exports)}, key=export_order),
            model_names=[
                py_string_literal(cls)
                for cls in sorted((cls for cls, _ in exports), key=export_order)
            ],
        )


@dataclass(slots=True)
class PackageIR:
    namespace: str
    models: list[ModelIR | EnumIR | ModelHead]  # sorted by module name
    doc: list[Code]
    # Decisions worth telling the user (a base ignored, a cycle cut), with page and line.
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The whole IR of a type by its name, for a model given as a head.
    full: Callable[[str], ModelIR | EnumIR] | None = field(
        default=None, compare=False, repr=False
    )
    # With a memo: a key of what the lists (`PackageLists`) and the doc are made from
    # (the model's skeleton, `type_keys`: type names give class and module names).
    skeleton: bytes = b""
    made: PackageLists | None = field(default=None, compare=False, repr=False)

    def lists(self) -> PackageLists:
        """The package-wide lists, made when first asked for: a rerun whose package-wide
        modules the memo holds never asks."""
        if self.made is None:
            self.made = PackageLists.of(self.models)
        return self.made

    @property
    def registry(self) -> list[RegistryEntryIR]:
        return self.lists().registry

    @property
    def export_imports(self) -> list[ImportIR]:
        return self.lists().export_imports

    @property
    def model_imports(self) -> list[ImportIR]:
        return self.lists().model_imports

    @property
    def model_names(self) -> list[Code]:
        return self.lists().model_names

    def model_ir(self, entry: ModelIR | EnumIR | ModelHead) -> ModelIR | EnumIR:
        """`entry`'s whole IR: itself, or read (or made again) for a head."""
        if not isinstance(entry, ModelHead):
            return entry
        assert self.full is not None  # heads come from a builder with a memo, which sets it
        return self.full(entry.type_name)

    def exports(self, clients: bool) -> list[Code]:
        """The package's `__all__`: the models, and the clients and their error if made."""
        names = self.lists().exported
        if clients:
            names = [*names, "AsyncGraphClient", "GraphClient", "GraphError"]
        return [py_string_literal(name) for name in sorted(names, key=export_order)]


# ------------------------------------------------------------------------------ text


def doc_paragraphs(parts: Iterable[str]) -> list[Code]:
    """Docstring paragraphs made inert (`docstring_text`); empty ones dropped. The
    templates' `docstring` filter wraps and lays them out."""
    return [text for text in (docstring_text(part) for part in parts) if text]


def header_lines(path: str | None = None, line: int | None = None) -> list[Code]:
    """The comment that opens every generated module, naming the page it came from.

    `path:line` goes on a line of its own; when that is too long for linters, the line
    number moves into the first line so the path stays whole and copyable.
    """
    if not path:
        return [comment("Generated by graphdoc; do not edit.")]
    located = comment(f"{path}:{line}" if line else path)
    if len(located) <= LINE_LENGTH or not line:
        return [comment("Generated by graphdoc from the page below; do not edit."), located]
    return [
        comment(f"Generated by graphdoc from line {line} of the page below; do not edit."),
        comment(path),
    ]


def emit_diagnostic(source: Source | None, code_: diagnostics.Code, message: str) -> Diagnostic:
    """A decision of the emitters worth telling the user, at the page and line it concerns."""
    path, line = (source.path, source.line) if source is not None else ("", 0)
    return code_.at(path, line, message)


def note_text(diagnostic: Diagnostic) -> str:
    """One line for `generate -v`: `page:line: CODE message`."""
    where = f"{diagnostic.path}:{diagnostic.line}: " if diagnostic.path else ""
    return f"{where}{diagnostic.code} {diagnostic.message}"


# ------------------------------------------------------------------------------ imports


def _member_key(name: str) -> tuple[int, str, str]:
    """isort's `order-by-type`: CONSTANTS, then Classes, then functions and variables."""
    if name.isupper() and len(name) > 1:
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    return group, name.lower(), name


def _module_path(module: str) -> Code:
    """A dotted (possibly relative) module path, each part checked as an identifier."""
    dots = len(module) - len(module.lstrip("."))
    parts = [identifier(part) for part in module[dots:].split(".")] if module[dots:] else []
    return Code("." * dots + ".".join(parts))


def import_from(module: str, names: Iterable[str]) -> ImportIR:
    """`from module import a, b`, names sorted like ruff's isort."""
    ordered = sorted(set(names), key=_member_key)
    return ImportIR(_module_path(module), tuple(identifier(name) for name in ordered))


def plain_import(module: str) -> ImportIR:
    """`import module`."""
    return ImportIR(_module_path(module))


def _relative_key(module: str) -> tuple[int, str]:
    """ruff orders relative imports furthest first (`..x` before `.x`), then by name."""
    dots = len(module) - len(module.lstrip("."))
    return -dots, module.lstrip(".").lower()


def import_block(imports: dict[str, set[str]]) -> list[ImportIR]:
    """`import_from` for module → names, relative modules in ruff's order; modules left
    with no names are skipped."""
    return [
        import_from(module, imports[module])
        for module in sorted(imports, key=_relative_key)
        if imports[module]
    ]


# ------------------------------------------------------------------------------ naming


def primary_namespace(model: ApiModel) -> str:
    """`microsoft.graph` when present, else the most common namespace of the types."""
    namespaces = Counter(t.name.rsplit(".", 1)[0] for t in model.types if "." in t.name)
    if "microsoft.graph" in namespaces or not namespaces:
        return "microsoft.graph"
    return sorted(namespaces.items(), key=lambda item: (-item[1], item[0]))[0][0]


def _stem(type_name: str, primary: str) -> str:
    """The name a class and module are derived from: sub-namespaces become a prefix."""
    namespace, _, last = type_name.rpartition(".")
    if not namespace or namespace == primary:
        return last or type_name
    if namespace.startswith(primary + "."):
        namespace = namespace[len(primary) + 1 :]
    return f"{namespace.replace('.', '_')}_{last}"


def _name_order(type_def: TypeDef, primary: str) -> tuple[int, int, str]:
    namespace = type_def.name.rpartition(".")[0]
    last = type_def.name.rpartition(".")[2]
    return (
        0 if namespace == primary else 1,
        0 if last[:1].islower() else 1,
        type_def.name,
    )


def _assign_names(types: list[TypeDef], primary: str) -> dict[str, tuple[Code, Code]]:
    """Qualified type name → (class name, module name); unique, deterministic."""
    classes: set[str] = set()
    modules: set[str] = set()
    out: dict[str, tuple[Code, Code]] = {}
    for type_def in sorted(types, key=lambda t: _name_order(t, primary)):
        stem = _stem(type_def.name, primary)
        base = class_name(stem)
        name = base
        counter = 2
        while name in classes:
            name = identifier(f"{base.rstrip('_')}{counter}")
            counter += 1
        classes.add(name)
        out[type_def.name] = (name, module_name(stem, modules))
    return out


# ------------------------------------------------------------------------------ the IR


def field_ir(
    prop: Property,
    taken: set[str],
    names: dict[str, tuple[Code, Code]],
    text: DocText,
    *,
    key: bool = False,
) -> FieldIR:
    """A dataclass field for a property: models and action-parameter classes share it.
    The `key` of a model reads as its plain type (see the module doc)."""
    attribute = python_attribute(prop.name, taken)
    codec = codec_for(prop.ref, names)
    doc = doc_paragraphs(text.paragraphs(prop.description))
    if key and not prop.collection:
        return FieldIR(
            wire=prop.name,
            wire_literal=py_string_literal(prop.name),
            attribute=attribute,
            annotation=codec.annotation,
            reader=Code("opt_key"),
            writer=Code("put"),
            doc=[*doc, *doc_paragraphs([_KEY_NOTE])],
            codec=codec,
            collection=False,
            default=Code("KEY_UNSET"),
        )
    if codec.is_any and not prop.collection:
        annotation = Code("Any")  # UNSET and None are values of Any already
    elif codec.is_any:
        annotation = Code("list[Any] | Unset | None")
    elif prop.collection:
        annotation = code("list[{}] | Unset | None", codec.annotation)
    else:
        annotation = code("{} | Unset | None", codec.annotation)
    return FieldIR(
        wire=prop.name,
        wire_literal=py_string_literal(prop.name),
        attribute=attribute,
        annotation=annotation,
        reader=Code("opt_list" if prop.collection else "opt"),
        writer=Code("put_list" if prop.collection else "put"),
        doc=doc,
        codec=codec,
        collection=prop.collection,
    )


_KEY_NOTE = (
    "The key: every response carries it. A model built for a request has none (UNSET), "
    "and `to_dict` leaves it out."
)


def codec_for(ref: TypeRef, names: dict[str, tuple[Code, Code]]) -> Codec:
    """The codec of a property type: an Edm primitive, a model, an enum, or `Any`."""
    if isinstance(ref, Primitive):
        return _EDM.get(ref.name, _ANY)
    if not isinstance(ref, Named):
        return _ANY
    cls = names[ref.name][0]
    if ref.is_enum:
        return Codec(cls, cls, Code("enum_value"), ("enum_value",), target=ref.name)
    return Codec(cls, code("{}.from_dict", cls), Code("dump"), ("dump",), target=ref.name)


class _Builder:
    def __init__(self, model: ApiModel, memo: RenderMemo | None = None) -> None:
        self.graph = graph_of(model)
        self.text = doc_text(model)
        self.primary = primary_namespace(model)
        self.types = self.graph.by_name
        self.model = model
        self.memo = memo
        self.names = self.assigned_names()
        self.digests = model_digests(model) if memo is not None else None
        self.diagnostics: list[Diagnostic] = [
            emit_diagnostic(
                type_def.source,
                diagnostics.BASE_NOT_OBJECT,
                f"{type_def.name}: base {base} is not an object type; ignored",
            )
            for type_def, base in self.graph.ignored_bases
        ]
        for cycle in self.graph.cycles:
            self.note(
                cycle.cut.child,
                diagnostics.INHERITANCE_CYCLE,
                f"{cycle.cut.child}: inheritance cycle through {cycle.cut.parent}; cut",
            )
        self.fields: dict[str, list[FieldIR]] = {}

    def base(self, name: str) -> str | None:
        found = self.graph.base(self.types[name])
        return found.name if found is not None else None

    def note(self, type_name: str, code_: diagnostics.Code, message: str) -> None:
        source = self.types[type_name].source if type_name in self.types else None
        self.diagnostics.append(emit_diagnostic(source, code_, message))

    def assigned_names(self) -> dict[str, tuple[Code, Code]]:
        """`_assign_names` of the model's types; with a memo, last run's while the type
        names are the same (the skeleton, `type_keys`), kept as plain strings (a `Code`
        is slow to unpickle)."""
        if self.memo is None:
            return _assign_names(list(self.graph), self.primary)

        def assign() -> dict[str, tuple[str, str]]:
            made = _assign_names(list(self.graph), self.primary)
            return {name: (str(cls), str(module)) for name, (cls, module) in made.items()}

        key = type_keys(self.memo, self.model).skeleton
        found = self.memo.value("#names", assign, key)
        return {name: (Code(cls), Code(module)) for name, (cls, module) in found.items()}

    def ancestors(self, name: str) -> list[str]:
        """Root first."""
        return [ancestor.name for ancestor in self.graph.ancestors(self.types[name])]

    def own_fields(self, name: str) -> list[FieldIR]:
        cached = self.fields.get(name)
        if cached is not None:
            return cached
        inherited_wire: set[str] = set()
        taken: set[str] = set()
        for ancestor in self.ancestors(name):
            for item in self.own_fields(ancestor):
                inherited_wire.add(item.wire)
                taken.add(item.attribute)
        result: list[FieldIR] = []
        key = self.graph.key_of(self.types[name])
        for prop in self.types[name].properties:
            if prop.name in inherited_wire:
                continue
            inherited_wire.add(prop.name)
            result.append(
                field_ir(prop, taken, self.names, self.text, key=prop.name == key)
            )
        self.fields[name] = result
        return result

    def enum_ir(self, type_def: TypeDef) -> EnumIR:
        cls, module = self.names[type_def.name]
        taken: set[str] = set()
        members: list[MemberIR] = []
        seen_values: set[str] = set()
        for member in type_def.members:
            if member.name in seen_values:
                continue
            seen_values.add(member.name)
            members.append(
                MemberIR(
                    enum_member_name(member.name, taken),
                    py_string_literal(member.name),
                    doc_paragraphs(self.text.paragraphs(member.description)),
                )
            )
        extra = "Values the docs do not list yet are kept (see `OpenStrEnum`)."
        return EnumIR(
            type_name=type_def.name,
            class_name=cls,
            module=module,
            header=header_lines(type_def.source.path, type_def.source.line),
            doc=doc_paragraphs(
                [
                    *(self.text.paragraphs(type_def.description)
                      or [f"The `{type_def.name}` enumeration."]),
                    f"Graph type `{type_def.name}`. {extra}",
                ]
            ),
            members=members,
            source=type_def.source,
        )

    def model_ir(self, type_def: TypeDef) -> ModelIR:
        name = type_def.name
        cls, module = self.names[name]
        base = self.base(name)
        base_cls = self.names[base][0] if base else None
        own = self.own_fields(name)
        everything = [f for a in self.ancestors(name) for f in self.own_fields(a)] + own
        polymorphic = bool(self.graph.children(name))

        stdlib: set[str] = set()
        typing_names = {"Any", "Self"}
        runtime: set[str] = {"model_dict"}
        relative: dict[str, set[str]] = {}
        type_checking: dict[str, set[str]] = {}
        local: dict[str, set[str]] = {}
        for item in own:
            runtime.add(item.default)
            if item.names_unset:
                runtime.add("Unset")
        if base is None:
            runtime.add("model_repr")
        if base:
            relative.setdefault(f".{self.names[base][1]}", set()).add(self.names[base][0])
        if polymorphic:
            relative.setdefault("._registry", set()).add("derived")

        def add_target(target: str, where: dict[str, set[str]]) -> None:
            if target in (name, base):
                return
            target_cls, target_module = self.names[target]
            if self.types[target].kind == "enum":
                relative.setdefault(f".{target_module}", set()).add(target_cls)
            else:
                where.setdefault(f".{target_module}", set()).add(target_cls)

        for item in own:
            stdlib.update(item.codec.stdlib)
            if item.codec.target:
                add_target(item.codec.target, type_checking)
        for item in everything:
            runtime.update(item.codec.runtime)
            runtime.update({item.reader, item.writer})
            if item.codec.target:
                add_target(item.codec.target, local)
        # A class imported for from_dict at module level (enums) needs no TYPE_CHECKING copy.
        for module_key, names in type_checking.items():
            names -= relative.get(module_key, set())
        if any(type_checking.values()):
            typing_names.add("TYPE_CHECKING")
        dataclass_names = {"dataclass", "field"} if base is None else {"dataclass"}

        imports = [plain_import(module) for module in sorted(stdlib)]
        imports.append(import_from("collections.abc", ["Mapping"]))
        imports.append(import_from("dataclasses", dataclass_names))
        imports.append(import_from("typing", typing_names))
        relative[f"..{RUNTIME_MODULE}"] = runtime

        abstract = " It is abstract: payloads name a derived type." if type_def.abstract else ""
        kind = "an entity" if type_def.kind == "entity" else "a complex"
        facts = f"Graph type `{name}`, {kind} type.{abstract}"
        if type_def.open:
            facts += " It is open: undocumented members land in `additional_data`."
        return ModelIR(
            type_name=name,
            class_name=cls,
            module=module,
            header=header_lines(type_def.source.path, type_def.source.line),
            doc=doc_paragraphs(
                [*(self.text.paragraphs(type_def.description) or [f"The `{name}` type."]), facts]
            ),
            base=base_cls,
            root=base is None,
            fields=own,
            all_fields=everything,
            polymorphic=polymorphic,
            imports=imports,
            relative_imports=import_block(relative),
            type_checking_imports=import_block(type_checking),
            local_imports=import_block(local),
            source=type_def.source,
        )

    def unit_key(self, type_def: TypeDef) -> bytes:
        """A key of everything `model_ir` and `enum_ir` read about a type: the type and its
        ancestors (their fields are inherited), whether it has subtypes, the kinds of the
        types its fields name, the class and module names of all these, and the clean
        text of their descriptions."""
        assert self.digests is not None and self.memo is not None
        name = type_def.name
        keys = type_keys(self.memo, self.model)
        last = keys.last("model", name)
        if last is not None:
            return last
        owners = [*self.ancestors(name), name] if type_def.kind != "enum" else [name]
        targets = sorted(
            {
                (prop.ref.name, self.types[prop.ref.name].kind)
                for owner in owners
                for prop in self.types[owner].properties
                if isinstance(prop.ref, Named) and prop.ref.name in self.types
            }
        )
        named = sorted({*owners, *(target for target, _ in targets)})
        paragraphs = self.text.paragraphs
        key = unit_key(
            "model",
            tuple((owner, self.digests.of(owner)) for owner in owners),
            bool(self.graph.children(name)),
            tuple(targets),
            tuple((item, self.names[item]) for item in named),
            paragraphs(type_def.description),
            tuple(paragraphs(member.description) for member in type_def.members),
            tuple(
                paragraphs(prop.description)
                for owner in owners
                for prop in self.types[owner].properties
            ),
        )
        keys.note("model", name, named, key)
        return key

    def unit(self, type_def: TypeDef) -> ModelIR | EnumIR | ModelHead:
        """The IR of one type's module; with a memo, last run's when its inputs are, and
        only its head when the memo holds the module's text too (a one-page edit leaves a
        thousand of them: reading each IR back cost 0.1 s)."""
        if self.memo is None:
            return self.whole(type_def)
        key = self.unit_key(type_def)
        name = f"#ir/models/{type_def.name}"
        cls, module = self.names[type_def.name]
        if self.memo.holds(f"models/{module}.py", key) and self.memo.carry(name, key):
            return ModelHead(type_def.name, cls, module, key)
        return self._recalled(type_def, key)

    def whole(self, type_def: TypeDef) -> ModelIR | EnumIR:
        if type_def.kind == "enum":
            return self.enum_ir(type_def)
        return self.model_ir(type_def)

    def full(self, type_name: str) -> ModelIR | EnumIR:
        """The whole IR of a type given as a head (`PackageIR.full`)."""
        type_def = self.types[type_name]
        if self.memo is None:
            return self.whole(type_def)
        return self._recalled(type_def, self.unit_key(type_def))

    def _recalled(self, type_def: TypeDef, key: bytes) -> ModelIR | EnumIR:
        """The IR last run made under `key`, else made now (and kept)."""
        assert self.memo is not None
        made = self.memo.value(
            f"#ir/models/{type_def.name}", lambda: self.whole(type_def), key, aside=True
        )
        made.key = key
        return made

    def build(self) -> PackageIR:
        models = [self.unit(type_def) for type_def in self.graph]
        models.sort(key=lambda m: m.module)
        return PackageIR(
            namespace=self.primary,
            models=models,
            doc=doc_paragraphs(
                [
                    f"Typed models of Microsoft Graph (`{self.primary}`), generated by graphdoc.",
                    "Every model class can be imported from here; its module is loaded on "
                    "first use, so importing the package stays fast however large it is.",
                    "A field is `T | Unset | None`: UNSET when absent (left out of request "
                    "bodies), None for JSON null. A type's key (`id`) is the exception: "
                    "every response carries it, so it reads as its plain type, and a model "
                    "built for a request leaves it out until it is set.",
                ]
            ),
            diagnostics=self.diagnostics,
            full=self.full,
            skeleton=type_keys(self.memo, self.model).skeleton if self.memo is not None else b"",
        )


def package_ir(model: ApiModel, memo: RenderMemo | None = None) -> PackageIR:
    """Every decision for the models of one generated package, ready for the templates.
    They do not depend on the package name: their imports are relative. With a `memo`,
    a type's IR is last run's when what it is made from is unchanged (`Builder.unit_key`)."""
    return _Builder(model, memo).build()
