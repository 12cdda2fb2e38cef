"""Formatting generated Python with black: pinned mode, cache, process pool."""

__all__ = ["LINE_LENGTH"]

# black's line length for generated code. Kept here, not in `black_format`, so emitters can
# lay lines out to match without importing black.
LINE_LENGTH = 88
