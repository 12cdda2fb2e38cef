"""The generated package as a release: `pyproject.toml`, its version and `CHANGELOG.md`.

The package folder is the project folder: `pip install <output>/<package>` builds a wheel
holding the folder as the import package `<package>` (hatchling maps the folder onto that
name), with `py.typed`, the runtime, models, clients, tests and schemas; the release files
and `.graphdoc/` stay out of it. Everything graphdoc writes lives in that one folder, under
one manifest.

The version follows what changed for code written against the package. `build_files` stores
the API the package was made from in `.graphdoc/api.json` (`graphdoc.diff.snapshot`); the
next run compares the stored snapshot with the new one (`compare_models`, the change report
`graphdoc diff` prints) and bumps the version it finds in the previous `pyproject.toml` by
the report's semver: major on a breaking change, minor on additions, patch on other API
changes. When the API is untouched but the package's files are not (a description, an
example, a new graphdoc), the version still moves by a patch: one version number must name
one content, or a fixed docstring could never be published. Nothing changed: nothing moves.

The first generation takes `version` from `[tool.graphdoc]` (default 0.1.0); later, the
configured version wins when it is higher than the bumped one (a maintainer's manual bump).
A previous package without a readable snapshot gets a major bump: nothing proves the change
compatible.

`CHANGELOG.md` gets one entry per new version: the report's counts and tables against the
previous generation; earlier entries are kept as they stand. Entries carry no date: the
output is a function of the pages and the previous generation, so `generate --check` on
another day (or a colleague's rerun) agrees byte for byte; git and the release tag date it.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..diff.breaking import Bump
from ..diff.changes import Comparison, compare_models
from ..diff.report import semver, summary
from ..diff.snapshot import Entry, SnapshotError, content_of, dumps, load_changed
from ..diff.versions import Version, bump, parse_version, version_text
from ..model.digest import ModelDigests, model_digests
from ..model.types import ApiModel, Operation, TypeDef
from .slices import PackageTexts, RenderMemo

__all__ = [
    "CHANGELOG_PATH",
    "DEFAULT_VERSION",
    "PYPROJECT_PATH",
    "SNAPSHOT_PATH",
    "Release",
    "decide",
    "release_files",
    "snapshot_file",
]

SNAPSHOT_PATH = ".graphdoc/api.json"
PYPROJECT_PATH = "pyproject.toml"
CHANGELOG_PATH = "CHANGELOG.md"
DEFAULT_VERSION = "0.1.0"
# What the generated runtime imports beyond the standard library (kept in step with
# graphdoc's own requirement, which its tests run the generated code with).
HTTPX_REQUIREMENT = "httpx>=0.27,<1"
_HATCHLING_REQUIREMENT = "hatchling>=1.26"
_RELEASE_FILES = frozenset({PYPROJECT_PATH, CHANGELOG_PATH})


def _shipped(path: str) -> bool:
    """Whether `path` is part of what the package holds (the release files and graphdoc's
    own records under `.graphdoc/` are not)."""
    return path not in _RELEASE_FILES and not path.startswith(".graphdoc/")


# Marks the content digest made from each file's SHA-256 (an untagged one hashed the texts).
_CONTENT_FORMULA = "files:"


def content_digest(files: PackageTexts) -> str:
    """SHA-256 over every shipped file's path and the SHA-256 of its bytes, in path order
    (a file kept from the last run is neither read nor hashed again)."""
    digest = hashlib.sha256()
    for path in files:
        if _shipped(path):
            digest.update(path.encode("utf-8", "surrogatepass") + b"\0" + files.digest(path))
    return _CONTENT_FORMULA + digest.hexdigest()


def _text_digest(files: Mapping[str, str]) -> str:
    """The content digest as snapshots of earlier graphdoc versions hold it: over every
    shipped file's path and text. Compared with one of those only, so an upgrade of
    graphdoc alone does not look like a code change."""
    digest = hashlib.sha256()
    for path in sorted(files):
        if _shipped(path):
            digest.update(path.encode("utf-8", "surrogatepass") + b"\0")
            digest.update(files[path].encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def snapshot_file(
    model: ApiModel, files: PackageTexts, memo: RenderMemo | None = None
) -> dict[str, str]:
    """`.graphdoc/api.json` for a package whose other files are `files`; with a `memo`,
    the line of each type and operation is last run's when the item's digest is."""
    entry = _remembered(memo, model_digests(model)) if memo is not None else None
    return {SNAPSHOT_PATH: dumps(model, content=content_digest(files), entry=entry)}


def _remembered(memo: RenderMemo, digests: ModelDigests) -> Entry:
    """Snapshot lines from the memo, keyed by the digest of their item (a line is made from
    its item alone); items sharing a name are told apart by their order."""
    seen: dict[tuple[str, str], int] = {}

    def entry(kind: str, item: TypeDef | Operation, make: Callable[[], str]) -> str:
        name = item.name if isinstance(item, TypeDef) else item.id
        number = seen.get((kind, name), 0)
        seen[kind, name] = number + 1
        # The item's digest is the whole key: the fragment's name says the rest.
        key = digests.of(name) if isinstance(item, TypeDef) else digests.operation(name)
        return memo.fragment(f"#api/{kind}/{name}/{number}", make, key)

    return entry


# ------------------------------------------------------------------------------ the version


@dataclass(frozen=True, slots=True)
class Release:
    """The version decided for this generation and why (`reason` opens its changelog entry)."""

    version: Version
    previous: Version | None
    reason: str
    comparison: Comparison | None = None  # the API changes, when the previous API is known


def _stored_version(pyproject: str | None) -> Version | None:
    """`project.version` of the previous generation's pyproject.toml; None when unreadable."""
    if pyproject is None:
        return None
    try:
        version = tomllib.loads(pyproject)["project"]["version"]
        return parse_version(version) if isinstance(version, str) else None
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
        return None


def _changes(
    previous: str, current: str, files: Mapping[str, str]
) -> tuple[Bump, Comparison, bool]:
    """The bump from the stored snapshot to the new one (made with `files`), the API
    changes, and whether only the package's code moved (no API change); SnapshotError when
    a snapshot is unreadable."""
    if previous == current:
        return "none", Comparison(), False
    comparison = compare_models(*load_changed(previous, current))
    kind = semver(comparison)
    if kind == "none":
        before, now = content_of(previous), content_of(current)
        if not before.startswith(_CONTENT_FORMULA):
            now = _text_digest(files)
        if before != now:
            return "patch", comparison, True
    return kind, comparison, False


def decide(
    snapshot: str,
    *,
    previous_snapshot: str | None,
    previous_pyproject: str | None,
    configured: str | None,
    files: Mapping[str, str],
) -> Release:
    """The version of this generation from the new snapshot (made with `files`) and what
    the last one left."""
    wanted = parse_version(configured or DEFAULT_VERSION)
    previous = _stored_version(previous_pyproject)
    if previous is None:
        return Release(wanted, None, "First generation.")
    since = version_text(previous)
    try:
        if previous_snapshot is None:
            raise SnapshotError("missing")
        kind, comparison, code_only = _changes(previous_snapshot, snapshot, files)
    except SnapshotError:
        reason = (
            f"The previous generation ({since}) left no readable API snapshot "
            f"(`{SNAPSHOT_PATH}`), so nothing proves this one compatible: a major release."
        )
        return Release(max(bump(previous, "major"), wanted), previous, reason)
    bumped = bump(previous, kind)
    if wanted > bumped:
        reason = f"Version set in `[tool.graphdoc]`; the changes since {since} ask for: {kind}."
        return Release(wanted, previous, reason, comparison)
    if code_only:
        reason = (
            f"No API change since {since}, but the generated code changed (descriptions, "
            "examples or graphdoc itself): a patch release."
        )
    else:
        reason = f"The changes since {since} ask for a {kind} release."
    return Release(bumped, previous, reason, comparison)


# ------------------------------------------------------------------------------ the files


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def pyproject_text(package: str, distribution: str, version: Version) -> str:
    """The package folder as a project whose wheel holds it under the name `package`.

    `package` and `distribution` are checked names (`check_package`, `check_distribution`),
    so nothing here needs escaping beyond what TOML's basic strings ask of them.
    """
    return f"""\
# Generated by graphdoc; do not edit. Name and first version: [tool.graphdoc] of the
# project that generates it (`distribution`, `version`); later versions follow its changes.
[build-system]
requires = ["{_HATCHLING_REQUIREMENT}"]
build-backend = "hatchling.build"

[project]
name = "{distribution}"
version = "{version_text(version)}"
description = "Typed Python client for Microsoft Graph ({package}), generated by graphdoc."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["{HTTPX_REQUIREMENT}"]

# This folder is the import package `{package}`: its code, py.typed and JSON files (schemas,
# test cases) go into the wheel under that name; graphdoc's records and these files do not.
# An editable install (`pip install -e`) puts the folder above this one on the path.
[tool.hatch.build.targets.wheel]
include = ["*.py", "py.typed", "*.json"]
exclude = ["/.graphdoc"]
dev-mode-dirs = [".."]

[tool.hatch.build.targets.wheel.sources]
"" = "{package}"
"""


def _entries(changelog: str | None) -> str:
    """The entries of an existing changelog: everything from its first `## ` heading."""
    if not changelog:
        return ""
    lines = changelog.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("## "):
            return "".join(lines[index:])
    return ""


def _entry(release: Release) -> str:
    lines = [f"## {version_text(release.version)}", "", release.reason]
    comparison = release.comparison
    if comparison is not None and comparison.changes:
        lines += ["", *summary(comparison, level=3, notes=False)]
    return "\n".join(lines) + "\n"


def changelog_text(distribution: str, release: Release, previous: str | None) -> str:
    """The changelog: a header, this version's entry unless the version did not move, and
    the earlier entries as they stand."""
    header = (
        f"# Changelog of {distribution}\n\n"
        "Written by `graphdoc generate`: each generation that changes the package adds an "
        "entry with\nthe API changes against the previous one (the report of `graphdoc "
        "diff`). Versions follow\nsemver for code written against the package: major on a "
        "breaking change, minor on\nadditions, patch on anything else.\n"
    )
    earlier = _entries(previous)
    heading = f"## {version_text(release.version)}\n"
    if release.version == release.previous or earlier.startswith(heading):
        return f"{header}\n{earlier}" if earlier else f"{header}\n{_entry(release)}"
    return f"{header}\n{_entry(release)}" + (f"\n{earlier}" if earlier else "")


def release_files(
    root: Path,
    package: str,
    files: Mapping[str, str],
    *,
    distribution: str | None = None,
    version: str | None = None,
) -> dict[str, str]:
    """`pyproject.toml` and `CHANGELOG.md` for the package about to be written to `root`,
    from its new snapshot (in `files`) and what the previous generation left in `root`."""
    release = decide(
        files[SNAPSHOT_PATH],
        previous_snapshot=_read(root / SNAPSHOT_PATH),
        previous_pyproject=_read(root / PYPROJECT_PATH),
        configured=version,
        files=files,
    )
    name = distribution or package
    return {
        PYPROJECT_PATH: pyproject_text(package, name, release.version),
        CHANGELOG_PATH: changelog_text(name, release, _read(root / CHANGELOG_PATH)),
    }
