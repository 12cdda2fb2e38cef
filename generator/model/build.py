"""Pages of one API version into one `ApiModel`.

Reading is per page; building needs the whole tree: type references are qualified against
every page read, a type documented on two pages is merged (conflicts diagnosed), and a
request-body type with no resource page is inferred from the body table.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import collector
from ..diagnostics import (
    FOREIGN_NAMESPACE,
    INFERRED_TYPE,
    NO_SUCH_PATH,
    NOT_UTF8,
    READ_NOT_UTF8,
    TYPE_CONFLICT,
    UNREADABLE_FILE,
)
from ..read.encoding import decode_page, normalise_newlines
from ..read.page import PageDoc, read_page
from ..read.typecell import TypeCell, primitive_name
from .alternatives import type_alternatives
from .api import operation_ids, operations_from_page
from .enum_inference import complete_members, infer_enum_types
from .examples import read_examples
from .graph import Qualified, resolve_built
from .inheritance import infer_bases
from .requests import choose_requests
from .resolve import Resolver, TypeIndex
from .resource import PendingDerived, keep_raw, types_from_page
from .rows import PendingType
from .types import (
    ApiModel,
    Diagnostic,
    HttpResponse,
    Operation,
    Page,
    Parameter,
    Property,
    RequestBody,
    ResponseSpec,
    Source,
    TypeDef,
)


@dataclass(slots=True)
class SourceFile:
    path: str  # relative to the input root, posix separators
    text: str | None  # None when it could not be decoded
    problem: Diagnostic | None = None


def input_root(paths: Sequence[Path]) -> Path:
    """The folder paths in the model are relative to."""
    resolved = [path.resolve() for path in paths] or [Path.cwd()]
    folders = [path if path.is_dir() else path.parent for path in resolved]
    return Path(os.path.commonpath([str(folder) for folder in folders]))


# The input root, every Markdown file under the inputs (its path relative to the root, posix
# separators, sorted as paths sort), a diagnostic per missing path.
Discovered = tuple[Path, list[str], list[Diagnostic]]


def discover(paths: Sequence[Path]) -> Discovered:
    """Every Markdown file under `paths`, sorted, and a diagnostic for each missing path.
    Files are named by their path relative to the root, as the model names pages: a
    rerun stats and hashes thousands of them, and a `Path` each cost more than that."""
    root = input_root(paths)
    files: set[str] = set()
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            files.update(_markdown_files(path.resolve(), root))
        elif path.is_file():
            files.add(relative_path(path.resolve(), root))
        else:
            problems.append(
                NO_SUCH_PATH.at(str(path), 0, "no such file or folder", column=0)
            )
    return root, sorted(files, key=_parts), problems


def _parts(relative: str) -> list[str]:
    """Sort key: by folder and name, as `Path`s sort (`a/b.md` before `a-b/c.md`)."""
    return relative.split("/")


def _markdown_files(folder: Path, root: Path) -> list[str]:
    """Markdown files below `folder` (resolved, under `root`), relative to `root`."""
    found: list[str] = []
    start = relative_path(folder, root) if folder != root else ""
    pending = [(str(folder), start)]
    while pending:
        directory, relative = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue  # as `os.walk` does: an unreadable folder holds nothing we can read
        prefix = f"{relative}/" if relative else ""
        for entry in entries:
            if entry.is_dir():  # as `os.walk`: a link to a folder is not followed
                if not entry.is_symlink():
                    pending.append((entry.path, prefix + entry.name))
            elif entry.name.endswith(".md"):
                found.append(prefix + entry.name)
    return found


def input_file(file: str | Path, root: Path) -> str:
    """The file system path of an input `discover` named (relative to `root`); an absolute
    path as it is."""
    return os.path.join(root, file)


def input_files(found: Discovered) -> list[str]:
    """The file system path of every input `discover` found, in its order (one string join
    each: a rerun asks for all of them twice)."""
    root, files, _ = found
    prefix = os.path.join(root, "")
    return [prefix + relative for relative in files]


def load(file: str | Path, root: Path) -> SourceFile:
    """Read a page (see `graphdoc.read.encoding`; `file`: absolute, or relative to `root`
    as `discover` names it): one that is not plain UTF-8 carries one diagnostic naming what
    it is; text None when it could not be read at all."""
    path = input_file(file, root)
    relative = relative_path(path, root)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return SourceFile(
            relative, None, UNREADABLE_FILE.at(relative, 1, f"cannot read: {error}")
        )
    return decode(relative, data)


def relative_path(file: str | Path, root: Path) -> str:
    """`file` relative to `root` with posix separators (by its text where it can: a
    `Path.relative_to` per page cost a tenth of the file reading)."""
    head, text = str(root), os.fspath(file)
    if os.sep == "/" and text.startswith(head) and text[len(head) : len(head) + 1] == "/":
        return text[len(head) + 1 :]
    if os.sep == "/" and not os.path.isabs(text):
        return text  # relative already (as `discover` names files)
    return Path(file).relative_to(root).as_posix()


def decode(relative: str, data: bytes) -> SourceFile:
    """A page's bytes as a source file (see `load`), for callers that hold the bytes."""
    decoded = decode_page(data)
    problem: Diagnostic | None = None
    if decoded.problem is not None:
        if decoded.binary:
            code = UNREADABLE_FILE
        else:
            code = NOT_UTF8 if decoded.text is None else READ_NOT_UTF8
        problem = code.at(
            relative, decoded.line, decoded.problem, column=decoded.column
        )
    if decoded.text is None:
        return SourceFile(relative, None, problem)
    return SourceFile(relative, normalise_newlines(decoded.text), problem)


@dataclass(slots=True)
class PagePart:
    """What one page gives the model before the tree is known; made in any process.

    Operation ids are provisional (unique within the page) until `_Builder.add_page`.
    """

    page: Page
    types: list[TypeDef] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    property_refs: list[tuple[Property, PendingType]] = field(default_factory=list)
    parameter_refs: list[tuple[Parameter, PendingType]] = field(default_factory=list)
    body_refs: list[tuple[RequestBody, PendingType]] = field(default_factory=list)
    response_refs: list[tuple[ResponseSpec, PendingType]] = field(default_factory=list)
    base_refs: list[tuple[TypeDef, PendingType]] = field(default_factory=list)
    derived_refs: PendingDerived = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    readable: bool = True  # False: a file listed as a page but not read (nor indexed)


def page_part(doc: PageDoc) -> PagePart:
    """The operations or types of one read page, its page record and its diagnostics."""
    part = PagePart(Page(doc.path, doc.kind, doc.title, doc.namespace))
    if doc.kind == "api":
        part.operations = operations_from_page(
            doc, set(), part.property_refs, part.parameter_refs, part.body_refs,
            part.response_refs,
        )
    else:
        part.page.examples = read_examples(doc)
        part.types = types_from_page(
            doc, part.property_refs, part.base_refs, part.derived_refs
        )
        if not part.types:
            _keep_tables(doc)
    part.page.doc_type = doc.doc_type
    part.page.description = doc.scanned.front_matter.get("description") or ""
    part.page.tables = doc.raw_tables
    part.diagnostics = doc.diagnostics
    return part


def _keep_tables(doc: PageDoc) -> None:
    """A page that defined no type keeps its unplaced tables raw (rows are never lost)."""
    placed = {raw.source.line for raw in doc.raw_tables}
    for table in doc.tables:
        if table.table.line not in placed and table.kind in (
            "properties",
            "relationships",
            "methods",
        ):
            keep_raw(doc, table)


def source_part(source: SourceFile) -> tuple[PagePart, PageDoc | None]:
    """A loaded file as a part, and the page read from it (None when it could not be)."""
    problems = [source.problem] if source.problem is not None else []
    if source.text is None:
        page = Page(source.path, "unknown", "", "")
        return PagePart(page, diagnostics=problems, readable=False), None
    doc = read_page(source.text, source.path)
    part = page_part(doc)
    if problems:  # the file's problem first, as it was found first
        part.diagnostics = problems + part.diagnostics
    return part, doc


@dataclass(slots=True)
class _Builder:
    model: ApiModel = field(default_factory=ApiModel)
    index: TypeIndex = field(default_factory=TypeIndex)
    types: dict[str, TypeDef] = field(default_factory=dict)
    type_pages: dict[str, str] = field(default_factory=dict)
    operation_ids: set[str] = field(default_factory=set)
    property_refs: list[tuple[Property, PendingType]] = field(default_factory=list)
    parameter_refs: list[tuple[Parameter, PendingType]] = field(default_factory=list)
    body_refs: list[tuple[RequestBody, PendingType]] = field(default_factory=list)
    response_refs: list[tuple[ResponseSpec, PendingType]] = field(default_factory=list)
    base_refs: list[tuple[TypeDef, PendingType]] = field(default_factory=list)
    derived_refs: PendingDerived = field(default_factory=list)

    def add_page(self, part: PagePart) -> None:
        """Fold one page's part in; page order decides ids, merges and diagnostics."""
        if part.readable:
            self.index.add_page(part.page.path)
        for operation in part.operations:
            operation.id = operation_ids(part.page.path, self.operation_ids)
        self.model.operations.extend(part.operations)
        self.property_refs.extend(part.property_refs)
        self.parameter_refs.extend(part.parameter_refs)
        self.body_refs.extend(part.body_refs)
        self.response_refs.extend(part.response_refs)
        self.base_refs.extend(part.base_refs)
        self.derived_refs.extend(part.derived_refs)
        for type_def in part.types:
            self.add_type(type_def, part.page.path)
        self.model.pages.append(part.page)
        self.model.diagnostics.extend(part.diagnostics)

    def add_type(self, type_def: TypeDef, path: str) -> None:
        self.index.add(type_def, path)
        existing = self.types.get(type_def.name)
        if existing is None:
            self.types[type_def.name] = type_def
            return
        if is_home_page(type_def) and not is_home_page(existing):
            # `user.md`, not `intune-devices-user.md` read before it, documents
            # microsoft.graph.user: its description, base and rows come first.
            existing, type_def = type_def, existing
            self.types[existing.name] = existing
        merge_types(existing, type_def, self.model.diagnostics)
        if not any(owner is existing for owner, _ in self.base_refs):
            # The base named on the page folded in still applies to the type.
            self.base_refs = [
                (existing if owner is type_def else owner, ref) for owner, ref in self.base_refs
            ]

    def finish(self) -> ApiModel:
        resolver = Resolver(self.index, self.model.diagnostics)
        self._infer_body_types(resolver)
        qualified = Qualified()
        refs: list[tuple[object, PendingType]] = [
            *self.property_refs,
            *self.parameter_refs,
            *self.body_refs,
            *self.response_refs,
        ]
        for item, ref in refs:
            qualified.types[id(item)] = resolver.resolve(ref)
        for type_def, ref in self.base_refs:
            where = Source(ref.path, ref.line or type_def.source.line)
            qualified.bases[id(type_def)] = (resolver.resolve(ref), where)
        infer_bases(self.types, self.derived_refs, resolver, qualified, self.model.diagnostics)
        type_alternatives(self.property_refs, self.types, resolver, qualified)
        self._qualify_example_types(resolver, qualified)
        self.model.types = sorted(self.types.values(), key=lambda t: t.name)
        self.model.diagnostics.extend(complete_members(self.model, qualified.types))
        self.model.diagnostics.extend(infer_enum_types(self.model))
        self.model.diagnostics.sort(key=lambda d: (d.path, d.line, d.column, d.code))
        return choose_requests(resolve_built(self.model, qualified))

    def _infer_body_types(self, resolver: Resolver) -> None:
        """Request-body types with no resource page, built from the body table."""
        for body, ref in self.body_refs:
            if resolver.find(ref) is not None or not body.properties:
                continue
            name = resolver.qualify_guess(ref)
            if name in self.types:
                continue
            inferred = TypeDef(
                name=name,
                kind="entity" if any(p.name == "id" for p in body.properties) else "complex",
                base=None,
                abstract=False,
                open=False,
                key="id" if any(p.name == "id" for p in body.properties) else None,
                inferred=True,
                description="",
                properties=list(body.properties),
                members=[],
                source=Source(ref.path, ref.line),
            )
            self.types[name] = inferred
            self.index.add(inferred, ref.path)
            self.model.diagnostics.append(
                INFERRED_TYPE.at(
                    ref.path, ref.line,
                    f"no resource page for `{name}`; type inferred from the request-body table",
                )
            )

    def _qualify_example_types(self, resolver: Resolver, qualified: Qualified) -> None:
        namespaces = {page.path: page.namespace for page in self.model.pages}
        for operation in self.model.operations:
            for example in operation.examples:
                response = example.response
                if response is None or not response.type:
                    continue
                primitive = primitive_name(response.type)
                if primitive is not None:
                    qualified.types[id(response)] = primitive
                elif "." not in response.type:
                    ref = PendingType(
                        _cell(response.type), response.source.path, "", response.source.line
                    )
                    qualified.types[id(response)] = resolver.resolve(ref)
                else:  # `microsoft.graph.termstore.set`: the type as the model spells it
                    spelt = resolver.index.by_qualified.get(response.type.lower())
                    if spelt is None:
                        namespace = namespaces.get(response.source.path, "")
                        spelt = self._foreign(resolver, response, namespace)
                    if spelt is not None:
                        qualified.types[id(response)] = spelt

    @staticmethod
    def _foreign(resolver: Resolver, response: HttpResponse, namespace: str) -> str | None:
        """An annotation's type qualified with a namespace the tree lacks (GD411), read in
        the namespace of the example's page."""
        assert response.type is not None
        found = resolver.index.foreign(response.type, namespace)
        if found is not None:
            resolver.diagnostics.append(
                FOREIGN_NAMESPACE.at(
                    response.source.path, response.source.line,
                    f"`{response.type}` is qualified with a namespace no page declares; "
                    f"read as `{found}`",
                )
            )
        return found


def _cell(name: str) -> TypeCell:
    return TypeCell(name, False, primitive=False)


def is_home_page(type_def: TypeDef) -> bool:
    """Whether a type was read from the page named after it (`user.md` for `...graph.user`)."""
    stem = posixpath.splitext(posixpath.basename(type_def.source.path))[0].lower()
    return stem == type_def.name.rsplit(".", 1)[-1].lower()


def merge_types(existing: TypeDef, other: TypeDef, diagnostics: list[Diagnostic]) -> None:
    """Fold a second description of a type into the first; say where they disagree."""

    def conflict(source: Source, message: str, *, table_row: bool = False) -> None:
        # `other` may itself be several pages folded together: name the row's own page.
        diagnostics.append(
            TYPE_CONFLICT.at(source.path, source.line, message, table_row=table_row)
        )

    if other.kind == "entity":
        existing.kind = "entity"
    if other.kind == "enum" and existing.kind != "enum" and not existing.properties:
        existing.kind = "enum"
    existing.key = existing.key or other.key
    existing.open = existing.open or other.open
    existing.abstract = existing.abstract or other.abstract
    existing.description = existing.description or other.description
    existing.methods.extend(other.methods)
    known = {prop.name: prop for prop in existing.properties}
    for prop in other.properties:
        first = known.get(prop.name)
        if first is None:
            existing.properties.append(prop)
            known[prop.name] = prop
        else:
            detail = ""
            if (first.type, first.collection) != (prop.type, prop.collection):
                detail = f" with another type ({prop.type_text} vs {first.type_text})"
            conflict(
                prop.source,
                f"`{existing.name}.{prop.name}` is also documented at "
                f"{first.source.path}:{first.source.line}{detail}",
                table_row=True,
            )
    members = {member.name: member for member in existing.members}
    for member in other.members:
        first_member = members.get(member.name)
        if first_member is None:
            existing.members.append(member)
            members[member.name] = member
        else:
            conflict(
                member.source,
                f"enum member `{existing.name}.{member.name}` is also documented at "
                f"{first_member.source.path}:{first_member.source.line}",
                table_row=True,
            )


ProgressCallback = Callable[[int, int], None]


def build_from_files(
    files: Iterable[SourceFile],
    *,
    progress: ProgressCallback | None = None,
    total: int = 0,
    index: TypeIndex | None = None,
    on_page: Callable[[PageDoc], None] | None = None,
) -> ApiModel:
    """Build a model from `files`.

    `index`, when given, is used (and filled) as the type index: pre-filled with the
    type names of a whole tree, it lets a model of a few pages resolve references the
    way the whole tree's model would (the linter's single-page mode); empty, it holds
    the whole tree's index once the build is done. `on_page` sees each page as read
    (the linter checks what the model does not keep).
    """
    parts = (source_part(source) for source in files)
    return build_from_parts(parts, progress=progress, total=total, index=index, on_page=on_page)


def build_from_parts(
    parts: Iterable[tuple[PagePart, PageDoc | None]],
    *,
    progress: ProgressCallback | None = None,
    total: int = 0,
    index: TypeIndex | None = None,
    on_page: Callable[[PageDoc], None] | None = None,
) -> ApiModel:
    """Fold page parts, in file order, into one model (`build_from_files` for the rest)."""
    builder = _Builder() if index is None else _Builder(index=index)
    with collector.paused():
        for count, (part, doc) in enumerate(parts, start=1):
            builder.add_page(part)
            if on_page is not None and doc is not None:
                on_page(doc)
            if progress is not None:
                progress(count, total)
        return builder.finish()


def build_model(paths: Sequence[Path], *, progress: ProgressCallback | None = None) -> ApiModel:
    """Read every page under `paths` (one API version) into one model."""
    root, files, problems = discover(paths)
    from . import parallel  # it reads pages with this module's functions

    if parallel.worth_it(len(files)):
        parts = ((part, None) for part in parallel.read_parts(files, root))
        model = build_from_parts(parts, progress=progress, total=len(files))
    else:
        sources = (load(file, root) for file in files)
        model = build_from_files(sources, progress=progress, total=len(files))
    model.diagnostics[:0] = problems
    return model


def operations_by_id(model: ApiModel) -> dict[str, Operation]:
    return {operation.id: operation for operation in model.operations}
