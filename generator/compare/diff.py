"""The docs' model against the service schema: every difference, and the tallies behind them.

Names are matched ignoring letter case (docs.microsoft.com is case-insensitive and the pages
spell names loosely); a name that matches only that way is itself a difference. A documented
property is looked up on the service type and its bases, since pages list inherited
properties; a property the service declares on a type is missing when neither the type's
pages nor its documented bases list it. Enum members are compared without the
`unknownFutureValue` sentinel when the docs leave it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Severity
from ..model.types import ApiModel, Property, Source, TypeDef
from .csdl import SchemaProperty, SchemaType, ServiceSchema
from .registry import BY_CODE, DifferenceKind, kind_of

SENTINEL = "unknownfuturevalue"


@dataclass(slots=True, frozen=True)
class Difference:
    code: str
    name: str  # the qualified type, or `type.member`
    docs: str | None  # what the docs say, None where they say nothing
    metadata: str | None  # what the service schema says, None where it says nothing
    file: Path
    line: int
    message: str

    @property
    def kind(self) -> DifferenceKind:
        return kind_of(self.code)

    @property
    def severity(self) -> Severity:
        return BY_CODE[self.code].severity


@dataclass(slots=True)
class Tallies:
    """What was compared, for figures such as "property names in the schema (%)"."""

    types_matched: int = 0
    properties: int = 0  # documented properties of types both sides call structured
    properties_named: int = 0  # ... whose name the service type or a base has
    properties_typed: int = 0  # ... with that name, the same type and collection flag
    bases: int = 0  # matched structured types the service gives a base
    bases_right: int = 0
    enums: int = 0  # matched service enums
    enums_exact: int = 0  # ... whose documented members are the same set


@dataclass(slots=True)
class Comparison:
    differences: list[Difference] = field(default_factory=list)
    tallies: Tallies = field(default_factory=Tallies)


def type_label(name: str, collection: bool) -> str:
    return f"Collection({name})" if collection else name


@dataclass(slots=True)
class _Comparer:
    model: ApiModel
    schema: ServiceSchema
    root: Path
    result: Comparison = field(default_factory=Comparison)
    exact: dict[str, TypeDef] = field(default_factory=dict)
    loose: dict[str, TypeDef] = field(default_factory=dict)

    def documented(self, name: str) -> TypeDef | None:
        """The documented type of that name: spelt alike, else alike but for letter case."""
        return self.exact.get(name) or self.loose.get(name.lower())

    def add(
        self, code: str, name: str, docs: str | None, metadata: str | None,
        where: Source | None, message: str, line: int = 1,
    ) -> None:
        file = self.root / where.path if where is not None else self.schema.path
        line = where.line if where is not None else line
        self.result.differences.append(
            Difference(code, name, docs, metadata, file, max(line, 1), message)
        )

    def run(self) -> Comparison:
        for documented in self.model.types:
            self.exact.setdefault(documented.name, documented)
            self.loose.setdefault(documented.name.lower(), documented)
        matched: set[str] = set()
        for service in self.schema.types.values():
            type_def = self.documented(service.name)
            if type_def is None:
                self.add(
                    "GDC102", service.name, None, service.kind, None,
                    f"`{service.name}` ({service.kind}) is in the service schema but no page "
                    "documents it", line=service.line,
                )
                continue
            matched.add(type_def.name)
            self.result.tallies.types_matched += 1
            self.compare_type(type_def, service)
        for type_def in self.model.types:
            if type_def.name not in matched:
                how = " (inferred from a request body)" if type_def.inferred else ""
                self.add(
                    "GDC101", type_def.name, type_def.kind, None, type_def.source,
                    f"`{type_def.name}` ({type_def.kind}{how}) is not in the service schema",
                )
        self.result.differences.sort(key=lambda d: (str(d.file), d.line, d.code, d.name))
        return self.result

    def compare_type(self, type_def: TypeDef, service: SchemaType) -> None:
        if type_def.name != service.name:
            self.add(
                "GDC104", service.name, type_def.name, service.name, type_def.source,
                f"type `{type_def.name}` is spelt `{service.name}` in the service schema",
            )
        tallies = self.result.tallies
        tallies.enums += service.kind == "enum"
        tallies.bases += service.kind != "enum" and service.base is not None
        if type_def.kind != service.kind:
            self.add(
                "GDC103", service.name, type_def.kind, service.kind, type_def.source,
                f"`{service.name}` is documented as {type_def.kind}, the service schema has "
                f"{service.kind}",
            )
            if "enum" in (type_def.kind, service.kind):
                return  # members and properties cannot be compared across that line
        if service.kind == "enum":
            self.compare_members(type_def, service)
        else:
            self.compare_base(type_def, service)
            self.compare_properties(type_def, service)

    def compare_base(self, type_def: TypeDef, service: SchemaType) -> None:
        if (type_def.base or "").lower() == (service.base or "").lower():
            self.result.tallies.bases_right += service.base is not None
            return
        self.add(
            "GDC301", service.name, type_def.base, service.base, type_def.source,
            f"`{service.name}` derives from `{type_def.base or 'nothing'}` in the docs, from "
            f"`{service.base or 'nothing'}` in the service schema",
        )

    def compare_properties(self, type_def: TypeDef, service: SchemaType) -> None:
        tallies = self.result.tallies
        known: dict[str, SchemaProperty] = {}
        for owner in self.schema.ancestry(service):
            for declared in owner.properties:
                known.setdefault(declared.name.lower(), declared)
        for prop in type_def.properties:
            tallies.properties += 1
            schema_prop = known.get(prop.name.lower())
            if schema_prop is None:
                self.add(
                    "GDC202", f"{service.name}.{prop.name}", _label(prop), None, prop.source,
                    f"property `{prop.name}` of `{service.name}` is not in the service schema",
                )
                continue
            tallies.properties_named += 1
            if self.compare_property(service, prop, schema_prop):
                tallies.properties_typed += 1
        documented = {
            prop.name.lower() for owner in self._documented_ancestry(type_def)
            for prop in owner.properties
        }
        for schema_prop in service.properties:
            if schema_prop.name.lower() not in documented:
                self.add(
                    "GDC201", f"{service.name}.{schema_prop.name}", None,
                    type_label(schema_prop.type, schema_prop.collection), type_def.source,
                    f"property `{schema_prop.name}` of `{service.name}` "
                    f"({type_label(schema_prop.type, schema_prop.collection)}) is not documented",
                )

    def compare_property(
        self, service: SchemaType, prop: Property, schema_prop: SchemaProperty
    ) -> bool:
        """Report how a documented property differs from the service's; True when in type."""
        name = f"{service.name}.{schema_prop.name}"
        if prop.name != schema_prop.name:
            self.add(
                "GDC205", name, prop.name, schema_prop.name, prop.source,
                f"property `{prop.name}` of `{service.name}` is spelt `{schema_prop.name}` in "
                "the service schema",
            )
        expected = type_label(schema_prop.type, schema_prop.collection)
        if prop.type.lower() != schema_prop.type.lower():
            self.add(
                "GDC203", name, _label(prop), expected, prop.source,
                f"`{name}` is {_label(prop)} in the docs, {expected} in the service schema",
            )
            return False
        if prop.collection != schema_prop.collection:
            self.add(
                "GDC204", name, _label(prop), expected, prop.source,
                f"`{name}` is {_label(prop)} in the docs, {expected} in the service schema",
            )
            return False
        return True

    def compare_members(self, type_def: TypeDef, service: SchemaType) -> None:
        service_members = {member.lower(): member for member in service.members}
        documented = {member.name.lower() for member in type_def.members}
        exact = True
        for member in type_def.members:
            name = f"{service.name}.{member.name}"
            spelt = service_members.get(member.name.lower())
            if spelt is None:
                exact = False
                self.add(
                    "GDC402", name, member.name, None, member.source,
                    f"enum member `{member.name}` of `{service.name}` is not in the service "
                    "schema",
                )
            elif spelt != member.name:
                self.add(
                    "GDC403", f"{service.name}.{spelt}", member.name, spelt, member.source,
                    f"enum member `{member.name}` of `{service.name}` is spelt `{spelt}` in the "
                    "service schema",
                )
        for lowered, member_name in service_members.items():
            if lowered not in documented and lowered != SENTINEL:
                exact = False
                self.add(
                    "GDC401", f"{service.name}.{member_name}", None, member_name,
                    type_def.source,
                    f"enum member `{member_name}` of `{service.name}` is not documented",
                )
        self.result.tallies.enums_exact += exact

    def _documented_ancestry(self, type_def: TypeDef) -> list[TypeDef]:
        chain = [type_def]
        current = type_def
        while current.base is not None:
            parent = self.documented(current.base)
            if parent is None or parent in chain:
                break
            chain.append(parent)
            current = parent
        return chain


def _label(prop: Property) -> str:
    return type_label(prop.type, prop.collection)


def compare(model: ApiModel, schema: ServiceSchema, root: Path) -> Comparison:
    """Every difference between `model` (pages under `root`) and the service schema."""
    return _Comparer(model, schema, root).run()
