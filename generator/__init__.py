"""graphdoc: Microsoft Graph reference pages into one typed model, and everything built on it."""

# The one place it is written: pyproject.toml reads it, and the record, `--version` and
# SARIF output report it without importlib.metadata (~25 ms of a one-page rerun).
__version__ = "0.1.0"
