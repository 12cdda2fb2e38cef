"""Package versions as `MAJOR.MINOR.PATCH`, and the bump a change report asks for.

Only plain release numbers: a generated package's version is decided by `graphdoc generate`
from what changed, so pre-release and local tags have no place in it.
"""

from __future__ import annotations

import re

from .breaking import Bump

__all__ = ["Version", "bump", "parse_version", "version_text"]

Version = tuple[int, int, int]
_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def parse_version(text: str) -> Version:
    """`1.2.3` → (1, 2, 3); ValueError naming the text for anything else."""
    match = _VERSION.match(text)
    if match is None:
        raise ValueError(f"version {text!r} is not MAJOR.MINOR.PATCH (like 1.4.0)")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def version_text(version: Version) -> str:
    return ".".join(str(part) for part in version)


def bump(version: Version, kind: Bump) -> Version:
    """The next version for a change of `kind` (semver: lower parts reset to 0)."""
    major, minor, patch = version
    if kind == "major":
        return major + 1, 0, 0
    if kind == "minor":
        return major, minor + 1, 0
    if kind == "patch":
        return major, minor, patch + 1
    return version
