"""Formatting generated Python with black: pinned mode, cache, process pool."""

from __future__ import annotations

import functools

__all__ = ["LINE_LENGTH", "black_version"]

# black's line length for generated code. Kept here, not in `black_format`, so emitters can
# lay lines out to match without importing black.
LINE_LENGTH = 88


@functools.cache
def black_version() -> str:
    """The installed black's version, without importing black: from the version module its
    build writes beside it, else (~25 ms more) from its distribution's metadata."""
    try:
        # black's build writes this module; no stubs: `unused-ignore` for when it has them.
        from _black_version import (  # type: ignore[import-untyped, import-not-found, unused-ignore]
            version,
        )
    except ImportError:
        import importlib.metadata

        return importlib.metadata.version("black")
    return str(version)
