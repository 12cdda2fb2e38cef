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

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from ..model.build import SourceFile, build_from_files, load
from ..model.graph import TypeGraph, graph_of
from ..model.inheritance import ENTITY, keyed_on_id
from ..model.resolve import Resolver, TypeIndex
from ..model.resource import qualify, types_from_page
from ..model.rows import PendingType
from ..model.types import ApiModel, Property, Source, TypeDef
from ..read import lenient_json
from ..read.page import PageDoc, read_page

VERSION_FOLDERS = frozenset({"api", "resources"})
SKIPPED_FOLDERS = frozenset({".git", ".venv", "node_modules", ".graphdoc_cache", "__pycache__"})
CACHE_FORMAT = 5  # 3: a summary file answers an unchanged tree; 4: with its type index;
# 5: with each page's declared entities and Relationships targets
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
    # Entities: those the page declares (`keyProperty`), and its Relationships targets.
    entities: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


# Type names each page defines, by posix path (pages that define none left out).
Names = list[str]
TypesByPage = dict[str, Names]
PageTypes = tuple[
    list[TypeDef],
    list[tuple[TypeDef, PendingType]],
    list[tuple[str, PendingType]],
    list[PendingType],  # the Type cells of the page's Relationships rows
]


def _page_types(path: str, text: str) -> PageTypes:
    """The types a page defines, reading it fully only when it may define any."""
    doc_type = _DOC_TYPE.search(text[:2000])
    sections = {match.group(1).strip().lower() for match in _H2.finditer(text)}
    looks_api = (
        (doc_type is not None and doc_type.group(1).lower().startswith("apipagetype"))
        or (doc_type is None and "/api/" in f"/{path.lower()}")
    ) and not sections & _TYPE_SECTIONS
    if looks_api:
        return [], [], [], []
    doc = read_page(text, path)
    if doc.kind == "api":
        return [], [], [], []
    bases: list[tuple[TypeDef, PendingType]] = []
    derived: list[tuple[str, PendingType]] = []
    refs: list[tuple[Property, PendingType]] = []
    types = types_from_page(doc, refs, bases, derived)
    return types, bases, derived, [ref for prop, ref in refs if prop.navigation]


@dataclass(slots=True)
class TreeIndex:
    """The files of one tree and the type names each defines."""

    root: Path
    files: dict[str, str]  # posix path relative to the root -> file path
    # posix path -> (size, mtime in ns), taken while listing; a file that vanished is absent
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)
    entries: dict[str, FileEntry] = field(default_factory=dict)
    index: TypeIndex = field(default_factory=TypeIndex)
    pages_of: TypesByPage = field(default_factory=dict)  # lower type name -> paths
    first_page: dict[str, str] = field(default_factory=dict)  # type name -> its first page
    # type name -> its base, as the model's type graph keeps it: every evidence weighed, bases
    # naming no known type dropped, cycles cut (GD440). Stored, so a run need not build it.
    parents: dict[str, str] = field(default_factory=dict)
    reindexed: int = 0  # files read to refresh the cache on this run
    _folded: dict[str, str] | None = None
    _children: dict[str, Names] | None = None

    @classmethod
    def list(cls, root: Path) -> TreeIndex:
        """The tree's Markdown files with their size and mtime (one `stat` each, no reading:
        a tree has thousands of them)."""
        tree = cls(root, {})
        base = str(root)
        if not is_version_root(root):
            with os.scandir(base) as found:
                for entry in sorted(found, key=lambda e: e.name):
                    if entry.name.endswith(".md") and entry.is_file():
                        tree._add(entry.name, entry.path, entry.stat())
            return tree
        tree._scan(base, "")
        tree.files = dict(sorted(tree.files.items()))
        return tree

    def _scan(self, directory: str, prefix: str) -> None:
        files, stamps = self.files, self.stamps
        with os.scandir(directory) as found:
            for entry in found:
                name = entry.name
                if entry.is_dir():
                    if name not in SKIPPED_FOLDERS and not name.startswith("."):
                        self._scan(entry.path, f"{prefix}{name}/")
                elif name.endswith(".md"):
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue
                    path = f"{prefix}{name}"  # inlined `_add`: runs for every file of a tree
                    files[path] = entry.path
                    stamps[path] = (stat.st_size, stat.st_mtime_ns)

    def _add(self, path: str, file: str, stat: os.stat_result) -> None:
        self.files[path] = file
        self.stamps[path] = (stat.st_size, stat.st_mtime_ns)

    def known(self, name: str) -> str | None:
        """The type of that qualified name: exact first, then ignoring case (as the graph)."""
        if name in self.first_page:
            return name
        if self._folded is None:
            self._folded = {}
            for known in self.first_page:
                self._folded.setdefault(known.casefold(), known)
        return self._folded.get(name.casefold())

    def ancestors(self, name: str) -> Names:
        """The bases of a known type, nearest first."""
        found: Names = []
        while (name := self.parents.get(name, "")) and name not in found:
            found.append(name)
        return found

    def children(self, name: str) -> Names:
        """Direct subtypes, in the order of their first pages."""
        if self._children is None:
            self._children = {}
            for child in self.first_page:
                parent = self.parents.get(child)
                if parent is not None:
                    self._children.setdefault(parent, []).append(child)
        return self._children.get(name, [])

    def load(self, cache_dir: Path | None) -> None:
        """Fill the index from the cache, reading the pages whose entry is missing or stale.

        Two cache files: a summary (the tree's types and bases, under a digest of every
        file's path, size and mtime) answers a run where nothing changed; the per-file entries
        are read only when something did, to re-read just those pages."""
        for path, file in self.files.items():
            if path not in self.stamps:  # added by the caller after listing
                with contextlib.suppress(OSError):
                    self._add(path, file, os.stat(file))
        digest = self._digest()
        cache_file = self._cache_file(cache_dir)
        summary_file = (
            cache_file.with_name(cache_file.name.replace("lint-index-", "lint-summary-"))
            if cache_file is not None
            else None
        )
        if summary_file is not None:
            summary = _read_summary(summary_file, digest)
            if summary is not None:
                types_of, parents, stored = summary
                self._build_index(types_of, stored)
                self._derive(types_of, parents)
                return
        cached = _read_cache(cache_file) if cache_file is not None else {}
        stale: list[tuple[str, str]] = []
        for path, file in self.files.items():
            stamp = self.stamps.get(path)
            if stamp is None:
                continue
            entry = cached.get(path)
            if entry is not None and (entry.size, entry.mtime) == stamp:
                self.entries[path] = entry
                continue
            source = load(Path(file), self.root)
            self.entries[path] = FileEntry(stamp[0], stamp[1], [], {})
            if source.text is not None:
                stale.append((path, source.text))
        pending: list[tuple[str, TypeDef, PendingType]] = []
        pending_derived: list[tuple[str, str, PendingType]] = []
        pending_targets: list[tuple[str, PendingType]] = []
        for path, text in stale:
            types, bases, derived, targets = _page_types(path, text)
            entry = self.entries[path]
            for type_def in types:
                if type_def.name not in entry.types:
                    entry.types.append(type_def.name)
                stated = any(owner is type_def for owner, _ in bases)
                if keyed_on_id(type_def) and not stated and type_def.name not in entry.keyed:
                    entry.keyed.append(type_def.name)
                if type_def.kind == "entity" and type_def.name not in entry.entities:
                    entry.entities.append(type_def.name)
            pending.extend((path, type_def, ref) for type_def, ref in bases)
            pending_derived.extend((path, base, ref) for base, ref in derived)
            pending_targets.extend((path, ref) for ref in targets)
        self.reindexed = len(stale)
        types_of = {path: entry.types for path, entry in self.entries.items() if entry.types}
        self._build_index(types_of)
        if pending or pending_derived or pending_targets:
            resolver = Resolver(self.index, [])
            for path, type_def, ref in pending:
                found = resolver.find(ref)
                if found is not None:
                    self.entries[path].bases.setdefault(type_def.name, found)
            for path, base, ref in pending_derived:
                found = resolver.find(ref)
                if found is not None and found.lower() != base.lower():
                    self.entries[path].derived.setdefault(found, base)
            for path, ref in pending_targets:
                found = resolver.find(ref)
                if found is not None and found not in self.entries[path].targets:
                    self.entries[path].targets.append(found)
        self._derive(types_of, self._parents(types_of, self._bases_from_entries()))
        if cache_file is not None and summary_file is not None:
            if stale:
                _write_json(cache_file, _entries_json(self.entries))
            _write_json(
                summary_file,
                {
                    "format": CACHE_FORMAT,
                    "digest": digest,
                    "types": types_of,
                    "parents": self.parents,
                    "index": {
                        "by_path": self.index.by_path,
                        "by_simple": self.index.by_simple,
                        "by_qualified": self.index.by_qualified,
                        "prefix_namespaces": {
                            prefix: sorted(namespaces)
                            for prefix, namespaces in self.index.prefix_namespaces.items()
                        },
                    },
                },
            )

    def _digest(self) -> str:
        """Changes when any file of the tree is added, removed, resized or touched."""
        listing = "\n".join(
            f"{path}\0{size}\0{mtime}" for path, (size, mtime) in sorted(self.stamps.items())
        )
        return hashlib.sha1(listing.encode("utf-8", "surrogateescape")).hexdigest()

    def _cache_file(self, cache_dir: Path | None) -> Path | None:
        if cache_dir is None:
            return None
        key = hashlib.sha1(f"{self.root}|{_reader_fingerprint()}".encode()).hexdigest()[:20]
        return cache_dir / f"lint-index-{key}.json"

    def _build_index(self, types_of: TypesByPage, stored: dict[str, Any] | None = None) -> None:
        """The tree's `TypeIndex`: its paths from the listing, its names from the pages'
        types, or (`stored`, the summary's copy for this very tree state) as stored."""
        index = TypeIndex()
        paths = index.paths
        for path in self.files:  # sorted by `list`; each spelling once
            paths.setdefault(path.lower(), []).append(path)
        if stored is not None:
            index.by_path = stored["by_path"]
            index.by_simple = stored["by_simple"]
            index.by_qualified = stored["by_qualified"]
            index.prefix_namespaces = {
                prefix: set(namespaces)
                for prefix, namespaces in stored["prefix_namespaces"].items()
            }
        else:
            for path in sorted(types_of):
                if path not in self.files:
                    continue
                for name in types_of[path]:
                    index.add_name(name, path)
        self.index = index

    def _bases_from_entries(self) -> dict[str, str]:
        """Each type's base, weighing the evidence as the model does: a stated base first
        (a type documented on several pages: the first named), then a "Derived types"
        listing, then Graph's convention for entities without a base: declared entities
        and their bases, types keyed on id, Relationships targets."""
        bases: dict[str, str] = {}
        for path in sorted(self.entries):
            for name, base in self.entries[path].bases.items():
                bases.setdefault(name, base)
        for path in sorted(self.entries):
            for name, base in self.entries[path].derived.items():
                bases.setdefault(name, base)
        entity = next(
            (n for p in sorted(self.entries) for n in self.entries[p].types if n.lower() == ENTITY),
            None,
        )
        if entity is None:
            return bases
        spelt = {n.lower(): n for p in sorted(self.entries) for n in self.entries[p].types}
        for name in (n for p in sorted(self.entries) for n in self.entries[p].entities):
            current: str | None = name
            seen: set[str] = set()
            while current is not None and current.lower() not in seen:
                seen.add(current.lower())
                parent = bases.get(current)
                if parent is None and current != entity:
                    bases[current] = entity  # the topmost declared entity of its chain
                current = spelt.get(parent.lower()) if parent else None
        targets = {t.lower() for p in self.entries.values() for t in p.targets}
        for path in sorted(self.entries):
            entry = self.entries[path]
            weak = [*entry.keyed, *(n for n in entry.types if n.lower() in targets)]
            for name in weak:
                if name != entity:
                    bases.setdefault(name, entity)
        return bases

    @staticmethod
    def _parents(types_of: TypesByPage, bases: dict[str, str]) -> dict[str, str]:
        """The base links the model's type graph keeps for these names and bases."""
        first_page: dict[str, str] = {}
        for path in sorted(types_of):
            for name in types_of[path]:
                first_page.setdefault(name, path)
        graph = TypeGraph(
            _known_type(name, bases.get(name), path) for name, path in first_page.items()
        )
        parents: dict[str, str] = {}
        for name in first_page:
            known = graph.get(name)
            base = graph.base(known) if known is not None else None
            if base is not None:
                parents[name] = base.name
        return parents

    def _derive(self, types_of: TypesByPage, parents: dict[str, str]) -> None:
        """Pages by type name, each type's first page, and the base links."""
        self.pages_of = {}
        self.first_page = {}
        for path in sorted(types_of):
            for name in types_of[path]:
                self.pages_of.setdefault(name.lower(), []).append(path)
                self.first_page.setdefault(name, path)
        self.parents = parents
        self.index.bases = parents  # the model of a few pages sees the tree's bases
        self._folded = None
        self._children = None


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


def _read_json(cache_file: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return None
    return data


_STORED_INDEX = {"by_path": list, "by_simple": list, "by_qualified": str, "prefix_namespaces": list}


def _read_summary(
    summary_file: Path, digest: str
) -> tuple[TypesByPage, dict[str, str], dict[str, Any]] | None:
    """The tree's types by page, base links and type index, when stored for exactly this
    tree state (anything else found there, such as a file edited by hand, is ignored)."""
    data = _read_json(summary_file)
    if data is None or data.get("digest") != digest:
        return None
    types, parents, stored = data.get("types"), data.get("parents"), data.get("index")
    shapes: list[tuple[object, type]] = [(types, list), (parents, str)]
    if isinstance(stored, dict):
        shapes += [(stored.get(key), kind) for key, kind in _STORED_INDEX.items()]
    if len(shapes) != 2 + len(_STORED_INDEX):
        return None
    for value, kind in shapes:
        if not isinstance(value, dict) or not all(isinstance(v, kind) for v in value.values()):
            return None
    return cast(TypesByPage, types), cast(dict[str, str], parents), cast(dict[str, Any], stored)


def _read_cache(cache_file: Path) -> dict[str, FileEntry]:
    data = _read_json(cache_file)
    files = data.get("files") if data is not None else None
    if not isinstance(files, dict):
        return {}
    entries: dict[str, FileEntry] = {}
    for path, raw in files.items():
        try:
            size, mtime, types, bases, derived, keyed, entities, targets = raw
            entries[path] = FileEntry(
                int(size), int(mtime), list(types), dict(bases), dict(derived), list(keyed),
                list(entities), list(targets),
            )
        except (TypeError, ValueError):
            continue
    return entries


def _entries_json(entries: dict[str, FileEntry]) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "files": {
            path: [
                entry.size, entry.mtime, entry.types, entry.bases, entry.derived, entry.keyed,
                entry.entities, entry.targets,
            ]
            for path, entry in sorted(entries.items())
        },
    }


def _write_json(cache_file: Path, data: dict[str, Any]) -> None:
    """Write atomically; a read-only or missing cache folder just means no cache."""
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
        found = self._tree.known(name)
        return sorted(self._tree.children(found)) if found is not None else []

    def chain(self, type_def: TypeDef) -> list[TypeDef]:
        """The tree's chain of names, each type read when first asked for."""
        known = self._tree.known(type_def.name)
        chain = [type_def]
        for name in self._tree.ancestors(known) if known is not None else []:
            found = self.get(name)
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
