"""Formatting generated Python with black: pinned mode, cache, process pool."""
