"""A service schema (OData CSDL 4.0, the `$metadata` document) read into plain types.

Read with the standard library's expat parser, which gives each element's line (findings
about types only the service has point there). The document is the user's own input, but
entity expansion is the one real attack on an XML reader, and a CSDL document never
declares entities: any entity declaration is refused outright, whatever the expat version
(the same rule `defusedxml` applies, without the dependency). Expat never fetches external
entities or DTDs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from xml.parsers import expat

from ..errors import MetadataError

EDM = "http://docs.oasis-open.org/odata/ns/edm"
_SEPARATOR = "|"
SchemaKind = Literal["entity", "complex", "enum"]
_KINDS: dict[str, SchemaKind] = {
    "EntityType": "entity",
    "ComplexType": "complex",
    "EnumType": "enum",
}


@dataclass(slots=True)
class SchemaProperty:
    name: str
    type: str  # qualified, without `Collection(...)`
    collection: bool
    line: int


@dataclass(slots=True)
class SchemaType:
    name: str  # qualified: `microsoft.graph.user`
    kind: SchemaKind
    base: str | None
    line: int
    properties: list[SchemaProperty] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ServiceSchema:
    path: Path
    types: dict[str, SchemaType]

    def ancestry(self, type_def: SchemaType) -> list[SchemaType]:
        """The type and its bases, nearest first (a base cycle ends the chain)."""
        chain = [type_def]
        current = type_def
        while current.base is not None:
            parent = self.types.get(current.base)
            if parent is None or parent in chain:
                break
            chain.append(parent)
            current = parent
        return chain


def _reject_entities(*_: object) -> None:
    raise _EntityDeclared


class _EntityDeclared(Exception):
    """Raised out of expat at an entity declaration; `read_schema` reports the file."""


@dataclass(slots=True)
class _Reader:
    parser: expat.XMLParserType
    types: dict[str, SchemaType] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    namespace: str | None = None
    depth: int = 0
    current: SchemaType | None = None
    current_depth: int = 0
    schemas: int = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        uri, _, local = tag.rpartition(_SEPARATOR)
        if uri != EDM:
            return
        line = self.parser.CurrentLineNumber
        if local == "Schema":
            self.schemas += 1
            self.namespace = attributes.get("Namespace", "")
            if "Alias" in attributes:
                self.aliases[attributes["Alias"]] = self.namespace
        elif local in _KINDS and self.namespace is not None and "Name" in attributes:
            self.current = SchemaType(
                name=f"{self.namespace}.{attributes['Name']}",
                kind=_KINDS[local],
                base=attributes.get("BaseType"),
                line=line,
            )
            self.current_depth = self.depth
            self.types.setdefault(self.current.name, self.current)
        elif self.current is not None and self.depth == self.current_depth + 1:
            name = attributes.get("Name")
            if name is None:
                return
            if local in ("Property", "NavigationProperty"):
                written = attributes.get("Type", "")
                collection = written.startswith("Collection(") and written.endswith(")")
                inner = written[len("Collection(") : -1] if collection else written
                self.current.properties.append(SchemaProperty(name, inner, collection, line))
            elif local == "Member":
                self.current.members.append(name)

    def end(self, tag: str) -> None:
        if self.current is not None and self.depth == self.current_depth:
            self.current = None
        self.depth -= 1

    def qualify(self, name: str) -> str:
        """`graph.user` to `microsoft.graph.user` through the schemas' aliases."""
        prefix, _, rest = name.rpartition(".")
        namespace = self.aliases.get(prefix)
        return f"{namespace}.{rest}" if namespace is not None else name


def read_schema(path: Path) -> ServiceSchema:
    """Every entity, complex and enum type of a CSDL document, names qualified."""
    parser = expat.ParserCreate(namespace_separator=_SEPARATOR)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def reject_entities(*_: object) -> None:
        raise MetadataError(
            f"{path}: declares an XML entity (line {parser.CurrentLineNumber}); a $metadata "
            "document never does, and entity expansion is refused"
        )

    parser.EntityDeclHandler = reject_entities
    reader = _Reader(parser)
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    try:
        with path.open("rb") as stream:
            parser.ParseFile(stream)
    except OSError as error:
        raise MetadataError(f"{path}: cannot read: {error.strerror or error}") from error
    except expat.ExpatError as error:
        raise MetadataError(f"{path}: not XML: {error}") from error
    if reader.schemas == 0:
        raise MetadataError(f"{path}: no CSDL 4.0 <Schema> element (namespace {EDM})")
    for type_def in reader.types.values():
        if type_def.base is not None:
            type_def.base = reader.qualify(type_def.base)
        for prop in type_def.properties:
            prop.type = reader.qualify(prop.type)
    return ServiceSchema(path.resolve(), reader.types)
