"""Type references to qualified names, over the whole tree.

Links are resolved against the files read, case-insensitively (docs.microsoft.com is
case-insensitive, git is not, and 587 links differ only in case); the type name comes
from the link text, the namespace from the page that defines it. Anchors such as
`chat.md#chattype-values` name an enum on the target page.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from ..diagnostics import LINK_CASE_MISMATCH, LINK_TEXT_MISMATCH, UNRESOLVED_TYPE, Code
from .rows import PendingType
from .types import Diagnostic, TypeDef


@dataclass(slots=True)
class TypeIndex:
    by_path: dict[str, list[str]] = field(default_factory=dict)  # lower path -> type names
    # lower path -> every spelling on disk (two when names differ only in case)
    paths: dict[str, list[str]] = field(default_factory=dict)
    by_simple: dict[str, list[str]] = field(default_factory=dict)  # lower last segment
    by_qualified: dict[str, str] = field(default_factory=dict)  # lower qualified -> name

    def add_page(self, path: str) -> None:
        spellings = self.paths.setdefault(path.lower(), [])
        if path not in spellings:
            spellings.append(path)

    def add(self, type_def: TypeDef, path: str) -> None:
        name = type_def.name
        names = self.by_path.setdefault(path.lower(), [])
        if name not in names:
            names.append(name)
        self.by_qualified.setdefault(name.lower(), name)
        simple = self.by_simple.setdefault(name.rsplit(".", 1)[-1].lower(), [])
        if name not in simple:
            simple.append(name)


def _slug(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() + "-values"


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
        name = ref.cell.name.strip()
        return name if "." in name else f"{ref.namespace or 'microsoft.graph'}.{name}"

    def _lookup(self, ref: PendingType, *, quiet: bool) -> str | None:
        cell = ref.cell
        name = cell.name.strip()
        target_types: list[str] | None = None
        if cell.target and not cell.target.startswith(("http://", "https://", "/")):
            target_types = self._target(ref, cell.target, quiet=quiet)
        elif cell.target is None and cell.anchor:
            target_types = self.index.by_path.get(ref.path.lower())
        if target_types:
            chosen = self._pick(target_types, name, cell.anchor)
            if chosen is not None:
                return chosen
        found = self._by_name(name, ref.namespace)
        if found is not None:
            return found
        if target_types:
            chosen = target_types[0]
            if not quiet:
                self._diagnose(
                    ref, LINK_TEXT_MISMATCH,
                    f"link text `{name}` names none of the types on its target; took `{chosen}`",
                )
            return chosen
        return None

    def _target(self, ref: PendingType, target: str, *, quiet: bool) -> list[str] | None:
        target = target.replace("\\", "/")
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(ref.path), target))
        lowered = joined.lower()
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

    def _pick(self, candidates: list[str], name: str, anchor: str | None) -> str | None:
        if anchor:
            for candidate in candidates:
                if _slug(candidate) == anchor.lower():
                    return candidate
        lowered = name.lower()
        for candidate in candidates:
            if candidate.lower() == lowered or candidate.rsplit(".", 1)[-1].lower() == lowered:
                return candidate
        return None

    def _by_name(self, name: str, namespace: str) -> str | None:
        lowered = name.lower()
        if lowered in self.index.by_qualified:
            return self.index.by_qualified[lowered]
        simple = self.index.by_simple.get(lowered.rsplit(".", 1)[-1])
        if not simple:
            return None
        if "." in name:
            return next((s for s in simple if s.lower() == lowered), None)
        preferred = f"{namespace or 'microsoft.graph'}.{name}".lower()
        for candidate in simple:
            if candidate.lower() == preferred:
                return candidate
        return sorted(simple)[0] if len(simple) == 1 else _closest(simple, namespace)


def _closest(candidates: list[str], namespace: str) -> str:
    for candidate in sorted(candidates):
        if candidate.startswith("microsoft.graph.") and candidate.count(".") == 2:
            return candidate
    return sorted(candidates)[0]
