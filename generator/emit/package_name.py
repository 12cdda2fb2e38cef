"""The name of the package one API version is generated into: `graph_v1`, `graph_beta`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..model.types import ApiModel

__all__ = ["example_version", "package_name"]

_VERSION_FOLDER = re.compile(r"^(v\d+(?:\.\d+)?|beta)$", re.IGNORECASE)
_URL_VERSION = re.compile(r"https?://graph\.microsoft\.(?:com|us|de|cn)/(v\d+(?:\.\d+)?|beta)/")


def example_version(model: ApiModel) -> str | None:
    """The version most example URLs name (`v1.0`, `beta`); None when none does."""
    versions: Counter[str] = Counter()
    for operation in model.operations:
        for example in operation.examples:
            match = _URL_VERSION.match(example.request.url)
            if match:
                versions[match.group(1).lower()] += 1
    if not versions:
        return None
    return sorted(versions.items(), key=lambda item: (-item[1], item[0]))[0][0]


def _version_package(version: str) -> str:
    lowered = version.lower()
    if lowered == "beta":
        return "graph_beta"
    major, _, minor = lowered.lstrip("v").partition(".")
    return f"graph_v{major}" if minor in ("", "0") else f"graph_v{major}_{minor}"


def package_name(model: ApiModel, paths: Sequence[Path]) -> str:
    """The package for one API version: a folder named `v1.0` or `beta` on the input path
    decides; otherwise the version most request URLs of the examples use; else `graph`."""
    for path in paths:
        for part in reversed(path.resolve().parts):
            if _VERSION_FOLDER.match(part):
                return _version_package(part)
    version = example_version(model)
    return _version_package(version) if version else "graph"
