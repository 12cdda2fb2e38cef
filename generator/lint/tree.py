"""Which tree a page belongs to, what the tree holds, and its types without reading it all.

A page is linted against the whole API version it belongs to (the folder above its `api/`
or `resources/` folder), so linting one changed page in a pre-commit hook resolves types the
way linting the whole tree does. Reading a whole version takes seconds, so a single-page run
reads only what it needs:

* `TreeIndex` lists the tree's files and, from a cache kept in `.graphdoc_cache/`, the type
  names each file defines (file size and mtime decide whether an entry is still good; a
  fingerprint of the reader's own source invalidates everything when the reader changes);
* `LazyTypes` reads the pages that define a type only when a rule asks for that type.

A run over a whole tree builds the whole model instead and uses `ModelTypes`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..model.build import SourceFile, build_from_files, load
from ..model.graph import TypeGraph, graph_of
from ..model.inheritance import ENTITY, keyed_on_id
from ..model.resolve import Resolver, TypeIndex
from ..model.resource import qualify, types_from_page
from ..model.rows import PendingType
from ..model.types import ApiModel, Source, TypeDef
from ..read import lenient_json
from ..read.page import PageDoc, read_page

VERSION_FOLDERS = frozenset({"api", "resources"})
SKIPPED_FOLDERS = frozenset({".git", ".venv", "node_modules", ".graphdoc_cache", "__pycache__"})
CACHE_FORMAT = 2  # 2: derived-types and keyed-on-id evidence per file
_DOC_TYPE = re.compile(r"^doc_type\s*:\s*['\"]?\s*([A-Za-z_]+)", re.MULTILINE)
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.MULTILINE)
_TYPE_SECTIONS = frozenset({"properties", "json representation", "members", "relationships"})


def tree_root(file: Path) -> Path:
    """The API-version folder of a page: the parent of its `api/` or `resources/` folder."""
    parent = file.parent
    if parent.name.lower() in VERSION_FOLDERS:
        return parent.parent
    return parent


def is_version_root(folder: Path) -> bool:
    return any((folder / name).is_dir() for name in VERSION_FOLDERS)


def markdown_files(folder: Path) -> list[Path]:
    """Markdown files under `folder`, skipping hidden and tool folders."""
    found: list[Path] = []
    for directory, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if f not in SKIPPED_FOLDERS and not f.startswith(".")]
        found.extend(Path(directory, name) for name in names if name.endswith(".md"))
    return sorted(found)


def _reader_fingerprint() -> str:
    """Changes whenever the reader or model code changes (an editable install, a new release)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha1(str(CACHE_FORMAT).encode())
    for folder in ("read", "model"):
        for source in sorted((package / folder).glob("*.py")):
            stat = source.stat()
            digest.update(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


@dataclass(slots=True)
class FileEntry:
    size: int
    mtime: int
    types: list[str]
    bases: dict[str, str]  # type name -> qualified base name, as the page states it
    # Weaker evidence, as the model weighs it (`graphdoc.model.inheritance`): types this
    # page's "Derived types" table lists under its type, and types it shows keyed on id.
    derived: dict[str, str] = field(default_factory=dict)
    keyed: list[str] = field(default_factory=list)


PageTypes = tuple[list[TypeDef], list[tuple[TypeDef, PendingType]], list[tuple[str, PendingType]]]


def _page_types(path: str, text: str) -> PageTypes:
    """The types a page defines, reading it fully only when it may define any."""
    doc_type = _DOC_TYPE.search(text[:2000])
    sections = {match.group(1).strip().lower() for match in _H2.finditer(text)}
    looks_api = (
        (doc_type is not None and doc_type.group(1).lower().startswith("apipagetype"))
        or (doc_type is None and "/api/" in f"/{path.lower()}")
    ) and not sections & _TYPE_SECTIONS
    if looks_api:
        return [], [], []
    doc = read_page(text, path)
    if doc.kind == "api":
        return [], [], []
    bases: list[tuple[TypeDef, PendingType]] = []
    derived: list[tuple[str, PendingType]] = []
    return types_from_page(doc, [], bases, derived), bases, derived


@dataclass(slots=True)
class TreeIndex:
    """The files of one tree and the type names each defines."""

    root: Path
    files: dict[str, str]  # posix path relative to the root -> file path
    entries: dict[str, FileEntry] = field(default_factory=dict)
    index: TypeIndex = field(default_factory=TypeIndex)
    pages_of: dict[str, list[str]] = field(default_factory=dict)  # lower type name -> paths
    graph: TypeGraph = field(default_factory=lambda: TypeGraph(()))  # names and bases only
    reindexed: int = 0  # files read to refresh the cache on this run

    @classmethod
    def list(cls, root: Path) -> TreeIndex:
        """The tree's Markdown files (string work only: a tree has thousands of them)."""
        files: dict[str, str] = {}
        base = str(root)
        if not is_version_root(root):
            for name in sorted(os.listdir(base)):
                if name.endswith(".md") and os.path.isfile(os.path.join(base, name)):
                    files[name] = os.path.join(base, name)
            return cls(root, files)
        cut = len(base) + 1
        for directory, folders, names in os.walk(base):
            folders[:] = [f for f in folders if f not in SKIPPED_FOLDERS and not f.startswith(".")]
            folder = directory[cut:].replace(os.sep, "/")
            for name in names:
                if name.endswith(".md"):
                    files[f"{folder}/{name}" if folder else name] = os.path.join(directory, name)
        return cls(root, dict(sorted(files.items())))

    def load(self, cache_dir: Path | None) -> None:
        """Fill the index from the cache, reading the pages whose entry is missing or stale."""
        cache_file = self._cache_file(cache_dir)
        cached: dict[str, FileEntry] = {}
        if cache_file is not None:
            cached = _read_cache(cache_file)
        stale: list[tuple[str, str]] = []
        for path, file in self.files.items():
            try:
                stat = os.stat(file)
            except OSError:
                continue
            entry = cached.get(path)
            if entry is not None and entry.size == stat.st_size and entry.mtime == stat.st_mtime_ns:
                self.entries[path] = entry
                continue
            source = load(Path(file), self.root)
            self.entries[path] = FileEntry(stat.st_size, stat.st_mtime_ns, [], {})
            if source.text is not None:
                stale.append((path, source.text))
        pending: list[tuple[str, TypeDef, PendingType]] = []
        pending_derived: list[tuple[str, str, PendingType]] = []
        for path, text in stale:
            types, bases, derived = _page_types(path, text)
            entry = self.entries[path]
            for type_def in types:
                if type_def.name not in entry.types:
                    entry.types.append(type_def.name)
                stated = any(owner is type_def for owner, _ in bases)
                if keyed_on_id(type_def) and not stated and type_def.name not in entry.keyed:
                    entry.keyed.append(type_def.name)
            pending.extend((path, type_def, ref) for type_def, ref in bases)
            pending_derived.extend((path, base, ref) for base, ref in derived)
        self.reindexed = len(stale)
        self._build_index()
        if pending or pending_derived:
            resolver = Resolver(self.index, [])
            for path, type_def, ref in pending:
                found = resolver.find(ref)
                if found is not None:
                    self.entries[path].bases.setdefault(type_def.name, found)
            for path, base, ref in pending_derived:
                found = resolver.find(ref)
                if found is not None and found.lower() != base.lower():
                    self.entries[path].derived.setdefault(found, base)
        self._derive()
        if stale and cache_file is not None:
            _write_cache(cache_file, self.entries)

    def _cache_file(self, cache_dir: Path | None) -> Path | None:
        if cache_dir is None:
            return None
        key = hashlib.sha1(f"{self.root}|{_reader_fingerprint()}".encode()).hexdigest()[:20]
        return cache_dir / f"lint-index-{key}.json"

    def _build_index(self) -> None:
        index = TypeIndex()
        for path in sorted(self.files):
            index.add_page(path)
        for path in sorted(self.files):
            entry = self.entries.get(path)
            if entry is None:
                continue
            names = index.by_path.setdefault(path.lower(), [])
            for name in entry.types:
                if name not in names:
                    names.append(name)
                index.by_qualified.setdefault(name.lower(), name)
                simple = index.by_simple.setdefault(name.rsplit(".", 1)[-1].lower(), [])
                if name not in simple:
                    simple.append(name)
        self.index = index

    def _derive(self) -> None:
        """Pages by type name, and the tree's type graph from the names and bases stored."""
        self.pages_of = {}
        first_page: dict[str, str] = {}
        bases: dict[str, str] = {}  # a type documented on several pages: the first base named
        for path in sorted(self.entries):
            entry = self.entries[path]
            for name in entry.types:
                self.pages_of.setdefault(name.lower(), []).append(path)
                first_page.setdefault(name, path)
            for name, base in entry.bases.items():
                bases.setdefault(name, base)
        # Weaker evidence fills in only where no page states a base, as in the model.
        for path in sorted(self.entries):
            for name, base in self.entries[path].derived.items():
                bases.setdefault(name, base)
        entity = next((n for n in first_page if n.lower() == ENTITY), None)
        for path in sorted(self.entries):
            for name in self.entries[path].keyed:
                if entity is not None and name != entity:
                    bases.setdefault(name, entity)
        self.graph = TypeGraph(
            _known_type(name, bases.get(name), path) for name, path in first_page.items()
        )


def _known_type(name: str, base: str | None, path: str) -> TypeDef:
    """A type known from the index only by its name and base: enough for the type graph."""
    return TypeDef(
        name=name,
        kind="complex",
        base=base,
        abstract=False,
        open=False,
        key=None,
        inferred=False,
        description="",
        properties=[],
        members=[],
        source=Source(path, 1),
    )


def _read_cache(cache_file: Path) -> dict[str, FileEntry]:
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    entries: dict[str, FileEntry] = {}
    files = data.get("files", {})
    if not isinstance(files, dict):
        return {}
    for path, raw in files.items():
        try:
            size, mtime, types, bases, derived, keyed = raw
            entries[path] = FileEntry(
                int(size), int(mtime), list(types), dict(bases), dict(derived), list(keyed)
            )
        except (TypeError, ValueError):
            continue
    return entries


def _write_cache(cache_file: Path, entries: dict[str, FileEntry]) -> None:
    """Write atomically; a read-only or missing cache folder just means no cache."""
    data = {
        "format": CACHE_FORMAT,
        "files": {
            path: [entry.size, entry.mtime, entry.types, entry.bases, entry.derived, entry.keyed]
            for path, entry in sorted(entries.items())
        },
    }
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        gitignore = cache_file.parent / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("*\n", encoding="utf-8")
        handle, temporary = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, separators=(",", ":"))
        os.replace(temporary, cache_file)
    except OSError:
        return


class TypeSource(Protocol):
    """What example rules ask about types; backed by a whole model or by pages read lazily."""

    def get(self, name: str) -> TypeDef | None: ...

    def subtypes(self, name: str) -> list[str]: ...

    def chain(self, type_def: TypeDef) -> list[TypeDef]:
        """The type, then its base, its base's base... as the type graph keeps them."""
        ...

    def json_keys(self, name: str) -> dict[str, Any]: ...


def resource_keys(docs: Iterable[PageDoc], name: str) -> dict[str, Any]:
    """The `resource` JSON blocks that show type `name` on its pages: lower-cased key -> the
    value shown (a type name such as "String", a sample value, or an object)."""
    keys: dict[str, Any] = {}
    wanted = name.lower()
    for doc in docs:
        for fenced in doc.fences:
            if fenced.role != "resource" or fenced.annotation is None:
                continue
            annotated, _ = fenced.annotation.odata_type()
            if annotated is None:
                continue
            if qualify(annotated, doc.namespace).lower() != wanted:
                continue
            try:
                value = lenient_json.loads("\n".join(fenced.fence.lines)).value
            except lenient_json.LenientJsonError:
                continue
            if isinstance(value, dict):
                for key, shown in value.items():
                    keys.setdefault(str(key).lower(), shown)
    return keys


class ModelTypes:
    """Types of a whole-tree model."""

    def __init__(self, model: ApiModel, docs: dict[str, PageDoc]) -> None:
        self._graph = graph_of(model)
        self._docs = docs
        self._keys: dict[str, dict[str, Any]] = {}

    def get(self, name: str) -> TypeDef | None:
        return self._graph.get(name)

    def subtypes(self, name: str) -> list[str]:
        found = self._graph.get(name)
        return self._graph.children(found.name) if found is not None else []

    def chain(self, type_def: TypeDef) -> list[TypeDef]:
        return self._graph.chain(type_def)

    def json_keys(self, name: str) -> dict[str, Any]:
        key = name.lower()
        if key not in self._keys:
            type_def = self._graph.get(name)
            path = type_def.source.path if type_def is not None else ""
            docs = [self._docs[path]] if path in self._docs else []
            self._keys[key] = resource_keys(docs, name)
        return self._keys[key]


class LazyTypes:
    """Types of the linted pages, plus any other type of the tree, read when first asked for."""

    def __init__(self, tree: TreeIndex, model: ApiModel, docs: dict[str, PageDoc]) -> None:
        self._tree = tree
        self._types = {t.name.lower(): t for t in model.types}
        self._docs = dict(docs)
        self._keys: dict[str, dict[str, Any]] = {}
        self._read: set[str] = set()
        self.pages_read = 0

    def get(self, name: str) -> TypeDef | None:
        key = name.lower()
        found = self._types.get(key)
        if found is not None or key in self._read:
            return found
        self._read.add(key)
        paths = [p for p in self._tree.pages_of.get(key, []) if p not in self._read]
        if not paths:
            return None
        self._read.update(paths)
        sources: list[SourceFile] = [
            load(Path(self._tree.files[p]), self._tree.root) for p in paths
        ]
        self.pages_read += len(sources)

        def keep(doc: PageDoc) -> None:
            self._docs.setdefault(doc.path, doc)

        model = build_from_files(sources, index=self._tree.index, on_page=keep)
        for type_def in model.types:
            self._types.setdefault(type_def.name.lower(), type_def)
        return self._types.get(key)

    def subtypes(self, name: str) -> list[str]:
        found = self._tree.graph.get(name)
        return sorted(self._tree.graph.children(found.name)) if found is not None else []

    def chain(self, type_def: TypeDef) -> list[TypeDef]:
        """The tree graph's chain of names, each type read when first asked for."""
        known = self._tree.graph.get(type_def.name)
        chain = [type_def]
        for item in self._tree.graph.chain(known)[1:] if known is not None else []:
            found = self.get(item.name)
            if found is None:
                break
            chain.append(found)
        return chain

    def json_keys(self, name: str) -> dict[str, Any]:
        key = name.lower()
        if key not in self._keys:
            type_def = self.get(name)
            paths = self._tree.pages_of.get(key, [])
            if type_def is not None and type_def.source.path not in paths:
                paths = [*paths, type_def.source.path]
            docs = [self._docs[p] for p in paths if p in self._docs]
            self._keys[key] = resource_keys(docs, name)
        return self._keys[key]
