"""The Python IR: every decision about generated model code, made before any template runs.

`package_ir(model)` turns an `ApiModel` into `PackageIR`: one `ModelIR` (dataclass)
or `EnumIR` (str enum) per type, with class and module names, annotation strings, the
`from_dict` / `to_dict` call for every field, sorted and wrapped import lines and wrapped
docstring lines. Templates only lay these out, so everything here is testable without
rendering, and hostile names or text are neutralised in one place (via `naming`).

Decisions (see also the generated code's own docstrings):

* Every field is optional and tri-state: `T | Unset | None = UNSET`. Absent stays absent,
  JSON null is `None`; nothing is required at the model level, because one model serves
  responses, `$select` results and PATCH bodies. `Edm.Untyped`, empty and unresolved types
  become `Any`.
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

import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..format import LINE_LENGTH
from ..model.graph import graph_of
from ..model.typeref import Named, Primitive, TypeRef
from ..model.types import ApiModel, Property, TypeDef
from .naming import (
    class_name,
    docstring_text,
    enum_member_name,
    module_name,
    py_string_literal,
    python_attribute,
)

__all__ = [
    "LINE_LENGTH",
    "RUNTIME_MODULE",
    "Codec",
    "EnumIR",
    "FieldIR",
    "MemberIR",
    "ModelIR",
    "PackageIR",
    "annotated_lines",
    "assignment_lines",
    "call_lines",
    "class_lines",
    "codec_for",
    "docstring_block",
    "docstring_lines",
    "import_block",
    "import_from",
    "package_ir",
    "primary_namespace",
    "tuple_lines",
]

RUNTIME_MODULE = "_runtime"
_INDENT = 4


@dataclass(frozen=True, slots=True)
class Codec:
    """How one wire value kind maps to Python: annotation, parse and format callables.

    `parse` and `fmt` are expressions (`parse_datetime`, `Phone.from_dict`); `runtime` lists
    the `_runtime` names they use; `stdlib` the modules the annotation needs; `target` the
    qualified model/enum type the annotation names, if any.
    """

    annotation: str
    parse: str
    fmt: str | None = None
    runtime: tuple[str, ...] = ()
    stdlib: tuple[str, ...] = ()
    target: str | None = None
    is_any: bool = False


_EDM: dict[str, Codec] = {
    "Edm.String": Codec("str", "parse_str", None, ("parse_str",)),
    "Edm.Boolean": Codec("bool", "parse_bool", None, ("parse_bool",)),
    "Edm.DateTimeOffset": Codec(
        "datetime.datetime",
        "parse_datetime",
        "format_datetime",
        ("parse_datetime", "format_datetime"),
        ("datetime",),
    ),
    "Edm.Date": Codec(
        "datetime.date", "parse_date", "format_date", ("parse_date", "format_date"), ("datetime",)
    ),
    "Edm.TimeOfDay": Codec(
        "datetime.time", "parse_time", "format_time", ("parse_time", "format_time"), ("datetime",)
    ),
    "Edm.Duration": Codec(
        "datetime.timedelta",
        "parse_duration",
        "format_duration",
        ("parse_duration", "format_duration"),
        ("datetime",),
    ),
    "Edm.Guid": Codec(
        "uuid.UUID", "parse_uuid", "format_uuid", ("parse_uuid", "format_uuid"), ("uuid",)
    ),
    "Edm.Binary": Codec("bytes", "parse_bytes", "format_bytes", ("parse_bytes", "format_bytes")),
    # A stream property's JSON value is a media link or an opaque string; the bytes
    # themselves travel through `/$value` requests, not in JSON bodies.
    "Edm.Stream": Codec("str", "parse_str", None, ("parse_str",)),
}
for _name in ("Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte"):
    _EDM[_name] = Codec("int", "parse_int", None, ("parse_int",))
for _name in ("Edm.Double", "Edm.Single", "Edm.Decimal"):
    _EDM[_name] = Codec("float", "parse_float", None, ("parse_float",))
_ANY = Codec("Any", "parse_any", None, ("parse_any",), is_any=True)


@dataclass(slots=True)
class FieldIR:
    """One dataclass field and its two wire conversions."""

    wire: str
    attribute: str
    annotation: str  # the full annotation, e.g. `list[Phone] | Unset | None`
    declaration: list[str]  # the field's line(s) in the class body
    parse_lines: list[str]  # `birthday=opt(parse_datetime, d, "birthday"),` in from_dict
    put_lines: list[str]  # `put(d, "birthday", self.birthday, format_datetime)` in to_dict
    doc: list[str]  # docstring lines, escaped and wrapped; empty for none
    codec: Codec
    collection: bool


@dataclass(slots=True)
class MemberIR:
    name: str
    literal: str  # the value as a Python string literal
    lines: list[str]  # `NAME = "value"`, parenthesised the way black does when too long
    doc: list[str]


@dataclass(slots=True)
class ModelIR:
    """A dataclass module: `models/<module>.py` holding `class_name`."""

    type_name: str
    class_name: str
    module: str
    header: list[str]  # comment lines
    doc: list[str]
    base: str | None  # base class name
    class_lines: list[str]  # the `class` statement
    root: bool  # declares `additional_data`
    fields: list[FieldIR]  # declared here
    all_fields: list[FieldIR]  # inherited first, then these: what from_dict/to_dict handle
    polymorphic: bool  # has known subtypes: from_dict dispatches on @odata.type
    imports: list[str]  # module-level import lines (after `from __future__`)
    type_checking_imports: list[str]
    local_imports: list[str]  # inside from_dict


@dataclass(slots=True)
class EnumIR:
    """A str enum module: `models/<module>.py` holding `class_name`."""

    type_name: str
    class_name: str
    module: str
    header: list[str]
    doc: list[str]
    class_lines: list[str]
    members: list[MemberIR]
    imports: list[str]


@dataclass(slots=True)
class PackageIR:
    namespace: str
    models: list[ModelIR | EnumIR]  # sorted by module name
    registry_lines: list[str]  # the registry's dict entries, laid out, sorted by wire name
    export_imports: list[str]  # TYPE_CHECKING imports of the package __init__
    model_imports: list[str]  # TYPE_CHECKING imports of models/__init__
    all_names: list[str]  # the package's __all__, sorted
    model_names: list[str]  # models/__init__'s __all__, sorted
    doc: list[str]
    notes: list[str] = field(default_factory=list)  # decisions worth telling the user


# ------------------------------------------------------------------------------ text


def docstring_lines(text: str, indent: int, line_length: int = LINE_LENGTH) -> list[str]:
    """Wrap `text` (made inert by `docstring_text`) into docstring lines fitting the limit.

    One element means a one-line docstring (`\"\"\"text\"\"\"` fits); otherwise the template
    puts the closing quotes on a line of their own. Breaks fall only on spaces, so escapes
    made by `docstring_text` are never split.
    """
    safe = docstring_text(text)
    if not safe:
        return []
    if indent + 6 + len(safe) <= line_length:
        return [safe]
    lines = textwrap.wrap(
        safe,
        width=line_length - indent,
        initial_indent="   ",  # room for the opening quotes
        break_long_words=False,
        break_on_hyphens=False,
    )
    lines[0] = lines[0][3:]
    return lines


def docstring_block(lines: list[str], indent: int) -> str:
    """The docstring statement for `docstring_lines` output, indented, without a newline.

    One line when it fits with both quotes (black joins a short docstring onto one line);
    otherwise the closing quotes get a line of their own (black keeps that).
    """
    pad = " " * indent
    if len(lines) == 1 and indent + 6 + len(lines[0]) <= LINE_LENGTH:
        return f'{pad}"""{lines[0]}"""'
    body = "".join(f"{pad}{line}\n" if line else "\n" for line in lines[1:])
    return f'{pad}"""{lines[0]}\n{body}{pad}"""'


def docstring_paragraphs(parts: Iterable[str], indent: int) -> list[str]:
    """Docstring lines for several paragraphs, separated by blank lines."""
    out: list[str] = []
    for part in parts:
        lines = docstring_lines(part, indent)
        if not lines:
            continue
        if out:
            out.append("")
        out.extend(lines)
    return out


def header_lines(path: str | None = None, line: int | None = None) -> list[str]:
    """The comment that opens every generated module, naming the page it came from.

    `path:line` goes on a line of its own; when that is too long for linters, the line
    number moves into the first line so the path stays whole and copyable.
    """
    if not path:
        return ["# Generated by graphdoc; do not edit."]
    where = docstring_text(path)  # one printable line: safe inside a `#` comment
    located = f"# {where}:{line}" if line else f"# {where}"
    if len(located) <= LINE_LENGTH or not line:
        return ["# Generated by graphdoc from the page below; do not edit.", located]
    return [
        f"# Generated by graphdoc from line {line} of the page below; do not edit.",
        f"# {where}",
    ]


# ------------------------------------------------------------------------------ layout


def call_lines(head: str, args: list[str], tail: str, indent: int) -> list[str]:
    """`head(args)tail` at `indent`, split the way black splits a call that is too long.

    One line if it fits; else the arguments on one line of their own if that fits; else one
    argument a line with a trailing comma. `head` ends with the opening bracket.
    """
    pad = " " * indent
    joined = ", ".join(args)
    one = f"{pad}{head}{joined}){tail}"
    if len(one) <= LINE_LENGTH:
        return [one]
    inner = " " * (indent + _INDENT)
    if len(inner) + len(joined) <= LINE_LENGTH:
        return [f"{pad}{head}", f"{inner}{joined}", f"{pad}){tail}"]
    return [f"{pad}{head}", *(f"{inner}{arg}," for arg in args), f"{pad}){tail}"]


def tuple_lines(head: str, items: list[str], tail: str, indent: int) -> list[str]:
    """A tuple literal after `head`: one line if it fits, else one item a line (black's way)."""
    pad = " " * indent
    one = f"{pad}{head}({', '.join(items)}){tail}"
    if len(one) <= LINE_LENGTH:
        return [one]
    inner = " " * (indent + _INDENT)
    return [f"{pad}{head}(", *(f"{inner}{item}," for item in items), f"{pad}){tail}"]


def assignment_lines(name: str, value: str, indent: int) -> list[str]:
    """`name = value`; a value too long for the line goes in parentheses, as black does."""
    pad = " " * indent
    one = f"{pad}{name} = {value}"
    inner = f"{pad}{' ' * _INDENT}{value}"
    if len(one) <= LINE_LENGTH or len(inner) > LINE_LENGTH:
        return [one]
    return [f"{pad}{name} = (", inner, f"{pad})"]


def class_lines(name: str, base: str | None) -> list[str]:
    """`class Name(Base):`, the base on a line of its own when too long (black's split)."""
    if base is None:
        return [f"class {name}:"]
    one = f"class {name}({base}):"
    if len(one) <= LINE_LENGTH:
        return [one]
    return [f"class {name}(", f"{' ' * _INDENT}{base}", "):"]


def annotated_lines(name: str, annotation: str, default: str, indent: int) -> list[str]:
    """`name: annotation = default` split as black splits it when too long.

    black wraps the right-hand side in parentheses when the rest fits, else the annotation.
    """
    pad = " " * indent
    one = f"{pad}{name}: {annotation} = {default}"
    if len(one) <= LINE_LENGTH:
        return [one]
    head = f"{pad}{name}: {annotation} = ("
    if len(head) <= LINE_LENGTH:  # black splits the right-hand side first
        return [head, f"{pad}{' ' * _INDENT}{default}", f"{pad})"]
    inner = f"{pad}{' ' * _INDENT}"
    if len(inner) + len(annotation) <= LINE_LENGTH:
        body = [f"{inner}{annotation}"]
    else:  # one union member a line
        first, *rest = annotation.split(" | ")
        body = [f"{inner}{first}", *(f"{inner}| {part}" for part in rest)]
    return [f"{pad}{name}: (", *body, f"{pad}) = {default}"]


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


def import_from(module: str, names: Iterable[str], indent: int = 0) -> str:
    """`from module import a, b` sorted like ruff's isort, wrapped the way black wraps it."""
    ordered = sorted(set(names), key=_member_key)
    pad = " " * indent
    line = f"{pad}from {module} import {', '.join(ordered)}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = "".join(f"{pad}    {name},\n" for name in ordered)
    return f"{pad}from {module} import (\n{inner}{pad})"


def _relative_key(module: str) -> tuple[int, str]:
    """ruff orders relative imports furthest first (`..x` before `.x`), then by name."""
    dots = len(module) - len(module.lstrip("."))
    return -dots, module.lstrip(".").lower()


def import_block(imports: dict[str, set[str]], indent: int = 0) -> list[str]:
    """`import_from` lines for module → names, relative modules in ruff's order; modules
    left with no names are skipped."""
    return [
        import_from(module, imports[module], indent)
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


def _assign_names(types: list[TypeDef], primary: str) -> dict[str, tuple[str, str]]:
    """Qualified type name → (class name, module name); unique, deterministic."""
    classes: set[str] = set()
    modules: set[str] = set()
    out: dict[str, tuple[str, str]] = {}
    for type_def in sorted(types, key=lambda t: _name_order(t, primary)):
        stem = _stem(type_def.name, primary)
        base = class_name(stem)
        name = base
        counter = 2
        while name in classes:
            name = f"{base.rstrip('_')}{counter}"
            counter += 1
        classes.add(name)
        out[type_def.name] = (name, module_name(stem, modules))
    return out


# ------------------------------------------------------------------------------ the IR


def field_ir(prop: Property, taken: set[str], names: dict[str, tuple[str, str]]) -> FieldIR:
    """A dataclass field for a property: models and action-parameter classes share it."""
    attribute = python_attribute(prop.name, taken)
    codec = codec_for(prop.ref, names)
    wire = py_string_literal(prop.name)
    if codec.is_any:
        annotation = "list[Any] | Unset | None" if prop.collection else "Any"
    elif prop.collection:
        annotation = f"list[{codec.annotation}] | Unset | None"
    else:
        annotation = f"{codec.annotation} | Unset | None"
    opt = "opt_list" if prop.collection else "opt"
    put = "put_list" if prop.collection else "put"
    put_args = ["d", wire, f"self.{attribute}"] + ([codec.fmt] if codec.fmt else [])
    return FieldIR(
        wire=prop.name,
        attribute=attribute,
        annotation=annotation,
        declaration=annotated_lines(attribute, annotation, "UNSET", _INDENT),
        parse_lines=call_lines(f"{attribute}={opt}(", [codec.parse, "d", wire], ",", 12),
        put_lines=call_lines(f"{put}(", put_args, "", 8),
        doc=docstring_lines(prop.description, _INDENT),
        codec=codec,
        collection=prop.collection,
    )


def codec_for(ref: TypeRef, names: dict[str, tuple[str, str]]) -> Codec:
    """The codec of a property type: an Edm primitive, a model, an enum, or `Any`."""
    if isinstance(ref, Primitive):
        return _EDM.get(ref.name, _ANY)
    if not isinstance(ref, Named):
        return _ANY
    cls = names[ref.name][0]
    if ref.is_enum:
        return Codec(cls, cls, "enum_value", ("enum_value",), target=ref.name)
    return Codec(cls, f"{cls}.from_dict", "dump", ("dump",), target=ref.name)


class _Builder:
    def __init__(self, model: ApiModel) -> None:
        self.graph = graph_of(model)
        self.primary = primary_namespace(model)
        self.types = self.graph.by_name
        self.names = _assign_names(list(self.graph), self.primary)
        self.notes = [
            f"{type_def.name}: base {base} is not an object type; ignored"
            for type_def, base in self.graph.ignored_bases
        ] + [
            f"{cycle.cut.child}: inheritance cycle through {cycle.cut.parent}; cut"
            for cycle in self.graph.cycles
        ]
        self.fields: dict[str, list[FieldIR]] = {}

    def base(self, name: str) -> str | None:
        found = self.graph.base(self.types[name])
        return found.name if found is not None else None

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
        for prop in self.types[name].properties:
            if prop.name in inherited_wire:
                continue
            inherited_wire.add(prop.name)
            result.append(field_ir(prop, taken, self.names))
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
            member_name = enum_member_name(member.name, taken)
            literal = py_string_literal(member.name)
            members.append(
                MemberIR(
                    member_name,
                    literal,
                    assignment_lines(member_name, literal, _INDENT),
                    docstring_lines(member.description, _INDENT),
                )
            )
        extra = "Values the docs do not list yet are kept (see `OpenStrEnum`)."
        return EnumIR(
            type_name=type_def.name,
            class_name=cls,
            module=module,
            header=header_lines(type_def.source.path, type_def.source.line),
            doc=docstring_paragraphs(
                [
                    type_def.description or f"The `{type_def.name}` enumeration.",
                    f"Graph type `{type_def.name}`. {extra}",
                ],
                _INDENT,
            ),
            class_lines=class_lines(cls, "OpenStrEnum"),
            members=members,
            imports=[import_from(f"..{RUNTIME_MODULE}", ["OpenStrEnum"])],
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
        if own:
            runtime.update({"UNSET", "Unset"})
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
            runtime.add("opt_list" if item.collection else "opt")
            runtime.add("put_list" if item.collection else "put")
            if item.codec.target:
                add_target(item.codec.target, local)
        # A class imported for from_dict at module level (enums) needs no TYPE_CHECKING copy.
        for module_key, names in type_checking.items():
            names -= relative.get(module_key, set())
        if any(type_checking.values()):
            typing_names.add("TYPE_CHECKING")
        dataclass_names = {"dataclass", "field"} if base is None else {"dataclass"}

        imports = [f"import {module}" for module in sorted(stdlib)]
        imports.append(import_from("collections.abc", ["Mapping"]))
        imports.append(import_from("dataclasses", dataclass_names))
        imports.append(import_from("typing", typing_names))
        relative[f"..{RUNTIME_MODULE}"] = runtime
        relative_lines = import_block(relative)

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
            doc=docstring_paragraphs(
                [type_def.description or f"The `{name}` type.", facts], _INDENT
            ),
            base=base_cls,
            class_lines=class_lines(cls, base_cls),
            root=base is None,
            fields=own,
            all_fields=everything,
            polymorphic=polymorphic,
            imports=imports + ([""] if relative_lines else []) + relative_lines,
            type_checking_imports=import_block(type_checking, _INDENT),
            local_imports=import_block(local, 2 * _INDENT),
        )

    def build(self) -> PackageIR:
        models: list[ModelIR | EnumIR] = []
        for type_def in self.graph:
            if type_def.kind == "enum":
                models.append(self.enum_ir(type_def))
            else:
                models.append(self.model_ir(type_def))
        models.sort(key=lambda m: m.module)
        registry = sorted((m.type_name, m.module, m.class_name) for m in models)
        registry_lines: list[str] = []
        for name, module, cls in registry:
            registry_lines.extend(
                tuple_lines(
                    f"{py_string_literal(name)}: ",
                    [py_string_literal(module), py_string_literal(cls)],
                    ",",
                    _INDENT,
                )
            )
        exports = sorted((m.class_name, m.module) for m in models)
        return PackageIR(
            namespace=self.primary,
            models=models,
            registry_lines=registry_lines,
            export_imports=[
                import_from(f".models.{module}", [cls], _INDENT)
                for cls, module in sorted(exports, key=lambda e: e[1])
            ],
            model_imports=[
                import_from(f".{module}", [cls], _INDENT)
                for cls, module in sorted(exports, key=lambda e: e[1])
            ],
            all_names=sorted({"UNSET", "Unset", *(cls for cls, _ in exports)}),
            model_names=sorted(cls for cls, _ in exports),
            doc=docstring_paragraphs(
                [
                    f"Typed models of Microsoft Graph (`{self.primary}`), generated by graphdoc.",
                    "Every model class can be imported from here; its module is loaded on "
                    "first use, so importing the package stays fast however large it is.",
                ],
                0,
            ),
            notes=self.notes,
        )


def package_ir(model: ApiModel) -> PackageIR:
    """Every decision for the models of one generated package, ready for the templates.
    They do not depend on the package name: their imports are relative."""
    return _Builder(model).build()
