"""Type references to qualified names, over the whole tree.

Links are resolved against the files read, case-insensitively (docs.microsoft.com is
case-insensitive, git is not, and 587 links differ only in case); the type name comes
from the link text, the namespace from the page that defines it. Anchors such as
`chat.md#chattype-values` name an enum on the target page.

Which type a reference names is decided by the rules of `RULES`, in order, the first that
names a type winning:

| rule                | names                                                              |
|---------------------|--------------------------------------------------------------------|
| link target         | the type the linked page declares whose name is the link text      |
| qualified name      | the type of that qualified name (`microsoft.graph.identitySet`)    |
| enclosing namespace | the simple name in the page's namespace, else the nearest enclosing |
|                     | one that defines it (`microsoft.graph.callRecords` → `...graph`)   |
| elsewhere           | the simple name as one other namespace defines it                  |
| foreign namespace   | a name qualified with a namespace no type has, by its simple name  |
|                     | (`Microsoft.DirectoryServices.x`, a stub converter's; GD411)       |

A link from a `microsoft.graph.callRecords` page to `identityset.md` thus names
`microsoft.graph.identitySet`: the page it points to says so. A reference no rule answers
keeps a guessed name (`qualify_guess`): a link's namespace is that of the pages named like
its target (`callrecords-session.md` → the namespace the `callrecords-` pages declare), a
plain name's is the page's own.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..diagnostics import (
    FOREIGN_NAMESPACE,
    LINK_CASE_MISMATCH,
    LINK_TEXT_MISMATCH,
    UNRESOLVED_TYPE,
    Code,
)
from .rows import PendingType
from .types import Diagnostic, TypeDef

ROOT_NAMESPACE = "microsoft.graph"
_QUALIFIED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


@dataclass(slots=True)
class TypeIndex:
    by_path: dict[str, list[str]] = field(default_factory=dict)  # lower path -> type names
    # lower path -> every spelling on disk (two when names differ only in case)
    paths: dict[str, list[str]] = field(default_factory=dict)
    by_simple: dict[str, list[str]] = field(default_factory=dict)  # lower last segment
    by_qualified: dict[str, str] = field(default_factory=dict)  # lower qualified -> name
    # file-name prefix (`callrecords` of `callrecords-session.md`) -> namespaces its types have
    prefix_namespaces: dict[str, set[str]] = field(default_factory=dict)
    # type -> base, for types beyond the pages being read (lint's index of a whole tree),
    # so a model of a few pages sees the tree's inheritance where it needs it
    bases: dict[str, str] = field(default_factory=dict)
    # the namespaces of the types indexed, lower case (made when first asked for)
    _namespaces: set[str] | None = field(default=None, repr=False, compare=False)

    def add_page(self, path: str) -> None:
        spellings = self.paths.setdefault(path.lower(), [])
        if path not in spellings:
            spellings.append(path)

    def add(self, type_def: TypeDef, path: str) -> None:
        self.add_name(type_def.name, path)

    def add_name(self, name: str, path: str) -> None:
        """Index a type of this qualified name, documented on the page at `path`."""
        names = self.by_path.setdefault(path.lower(), [])
        if name not in names:
            names.append(name)
        self.by_qualified.setdefault(name.lower(), name)
        self._namespaces = None
        simple = self.by_simple.setdefault(name.rsplit(".", 1)[-1].lower(), [])
        if name not in simple:
            simple.append(name)
        prefix = _file_prefix(path)
        if prefix and "." in name:
            self.prefix_namespaces.setdefault(prefix, set()).add(name.rsplit(".", 1)[0])

    def declares_namespace(self, namespace: str) -> bool:
        """Whether some type of the tree is in `namespace` (any case)."""
        if self._namespaces is None:
            self._namespaces = {name.rsplit(".", 1)[0] for name in self.by_qualified if "." in name}
        return namespace.lower() in self._namespaces

    def foreign(self, name: str, namespace: str) -> str | None:
        """The type a qualified `name` whose namespace no type of the tree has means: its
        simple name in the page's `namespace` or the nearest enclosing one, else the one
        type of that simple name. Stub converters qualify with the service's internal
        namespace (`Microsoft.DirectoryServices.multiTenantOrganizationMember`)."""
        if not _QUALIFIED.fullmatch(name):
            return None  # `Unknown Type microsoft.x.y`: a converter's words, not a name
        prefix, _, simple = name.rpartition(".")
        if self.declares_namespace(prefix):
            return None
        for enclosing in enclosing_namespaces(namespace):
            found = self.by_qualified.get(f"{enclosing}.{simple}".lower())
            if found is not None:
                return found
        candidates = self.by_simple.get(simple.lower(), [])
        return candidates[0] if len(candidates) == 1 else None

    def namespace_of_file(self, path: str) -> str:
        """The namespace of an unread page, from the pages named like it; else the root."""
        namespaces = self.prefix_namespaces.get(_file_prefix(path) or "", set())
        return next(iter(namespaces)) if len(namespaces) == 1 else ROOT_NAMESPACE


def _file_prefix(path: str) -> str | None:
    """`callrecords` of `resources/callrecords-session.md`; None for `identityset.md`."""
    # String work, not posixpath: a tree index calls this for every type of thousands.
    stem = path[path.rfind("/") + 1 :].lower()
    dot = stem.rfind(".")
    if dot > 0 and stem[:dot].strip("."):
        stem = stem[:dot]
    prefix, dash, _ = stem.partition("-")
    return prefix if dash and prefix else None


@functools.lru_cache(maxsize=65536)
def _linked_file(folder: str, target: str) -> tuple[str, str]:
    """The file a relative link from a page in `folder` names, and its lower-case form
    (pages link to the same few files many times over)."""
    joined = posixpath.normpath(posixpath.join(folder, target))
    return joined, joined.lower()


def _site_page(page: str, target: str) -> str | None:
    """The file a site link names (`/graph/api/resources/identityset?view=beta` from
    `resources/ediscovery-case.md` → `resources/identityset.md`), else None."""
    if target[:1] not in _SITE_STARTS:
        return None  # a relative link, most of them
    lowered = target.lower()
    for site in _SITE_PREFIXES:
        if lowered.startswith(site):
            rest = target[len(site):].split("?", 1)[0].strip("/")
            if not rest:
                return None
            folder = posixpath.dirname(posixpath.dirname(page))  # the version's root
            return posixpath.join(folder, rest if rest.endswith(".md") else rest + ".md")
    return None


# docs.microsoft.com addresses of a version's pages: `/graph/api/<folder>/<page>`.
_SITE_PREFIXES = ("/graph/api/", "https://docs.microsoft.com/en-us/graph/api/")
_SITE_STARTS = frozenset(("/", "h", "H"))  # what a site link's first character can be


def _slug(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() + "-values"


def enclosing_namespaces(namespace: str) -> list[str]:
    """`a.b.c` → [`a.b.c`, `a.b`, `a`]: where a simple name is looked for, nearest first."""
    parts = (namespace or ROOT_NAMESPACE).split(".")
    return [".".join(parts[:end]) for end in range(len(parts), 0, -1)]


@dataclass(slots=True)
class _Lookup:
    """One reference being resolved: its name, and the types its link target declares."""

    ref: PendingType
    name: str
    target_types: list[str] | None
    quiet: bool = False  # `find`: no diagnostics


Rule = Callable[["Resolver", _Lookup], str | None]


@dataclass(slots=True)
class Resolver:
    index: TypeIndex
    diagnostics: list[Diagnostic]

    def _diagnose(self, ref: PendingType, code: Code, message: str) -> None:
        self.diagnostics.append(code.at(ref.path, max(ref.line, 1), message))

    def resolve(self, ref: PendingType) -> str:
        """The qualified name `ref` names; unresolved ones keep their text and are diagnosed."""
        found = self._lookup(ref, quiet=False)
        if found is not None:
            return found
        self._diagnose(ref, UNRESOLVED_TYPE, f"unresolved type reference `{ref.cell.name}`")
        return self.qualify_guess(ref)

    def find(self, ref: PendingType) -> str | None:
        """Like `resolve`, but None and no diagnostic when nothing matches."""
        return self._lookup(ref, quiet=True)

    def qualify_guess(self, ref: PendingType) -> str:
        """A name for a reference no type answers: qualified text as written; a link in the
        namespace of the pages named like its target; a plain name in the page's namespace."""
        name = ref.cell.name.strip()
        if "." in name:
            return name
        target = ref.cell.target
        if target and (_site_page(ref.path, target) or not target.startswith(
            ("http://", "https://", "/")
        )):
            return f"{self.index.namespace_of_file(target.split('?', 1)[0])}.{name}"
        return f"{ref.namespace or ROOT_NAMESPACE}.{name}"

    def _lookup(self, ref: PendingType, *, quiet: bool) -> str | None:
        cell = ref.cell
        target_types: list[str] | None = None
        site_page = _site_page(ref.path, cell.target or "")
        if site_page is not None:
            target_types = self.index.by_path.get(site_page.lower())
        elif cell.target and not cell.target.startswith(("http://", "https://", "/")):
            target_types = self._target(ref, cell.target, quiet=quiet)
        elif cell.target is None and cell.anchor:
            target_types = self.index.by_path.get(ref.path.lower())
        lookup = _Lookup(ref, cell.name.strip(), target_types, quiet)
        for rule in RULES:
            found = rule(self, lookup)
            if found is not None:
                return found
        if target_types:
            chosen = target_types[0]
            if not quiet:
                self._diagnose(
                    ref, LINK_TEXT_MISMATCH,
                    f"link text `{lookup.name}` names none of the types on its target; "
                    f"took `{chosen}`",
                )
            return chosen
        return None

    def _target(self, ref: PendingType, target: str, *, quiet: bool) -> list[str] | None:
        target = target.replace("\\", "/")
        joined, lowered = _linked_file(posixpath.dirname(ref.path), target)
        spellings = self.index.paths.get(lowered)
        if not spellings:
            return None
        if joined not in spellings and not quiet:
            # Name every file it could mean: with `Website.md` and `website.md` side by side,
            # the first one read is not necessarily the one the link was meant for.
            files = " or ".join(f"`{spelling}`" for spelling in sorted(spellings))
            self._diagnose(
                ref, LINK_CASE_MISMATCH, f"link `{target}` differs in case from the file {files}"
            )
        return self.index.by_path.get(lowered)

    # -- the rules, in the order of `RULES` ---------------------------------------------

    def _by_target(self, lookup: _Lookup) -> str | None:
        candidates = lookup.target_types
        if not candidates:
            return None
        anchor = lookup.ref.cell.anchor
        if anchor:
            for candidate in candidates:
                if _slug(candidate) == anchor.lower():
                    return candidate
        lowered = lookup.name.lower()
        for candidate in candidates:
            if candidate.lower() == lowered or candidate.rsplit(".", 1)[-1].lower() == lowered:
                return candidate
        return None

    def _by_qualified(self, lookup: _Lookup) -> str | None:
        return self.index.by_qualified.get(lookup.name.lower()) if "." in lookup.name else None

    def _by_enclosing(self, lookup: _Lookup) -> str | None:
        if "." in lookup.name:
            return None
        for namespace in enclosing_namespaces(lookup.ref.namespace):
            found = self.index.by_qualified.get(f"{namespace}.{lookup.name}".lower())
            if found is not None:
                return found
        return None

    def _elsewhere(self, lookup: _Lookup) -> str | None:
        if "." in lookup.name:
            return None
        simple = self.index.by_simple.get(lookup.name.lower())
        return sorted(simple)[0] if simple else None

    def _foreign_namespace(self, lookup: _Lookup) -> str | None:
        found = self.index.foreign(lookup.name, lookup.ref.namespace)
        if found is not None and not lookup.quiet:
            self._diagnose(
                lookup.ref, FOREIGN_NAMESPACE,
                f"`{lookup.name}` is qualified with a namespace no page declares; "
                f"read as `{found}`",
            )
        return found


RULES: tuple[Rule, ...] = (
    Resolver._by_target,
    Resolver._by_qualified,
    Resolver._by_enclosing,
    Resolver._elsewhere,
    Resolver._foreign_namespace,
)
