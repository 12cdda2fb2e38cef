"""The errors graphdoc raises on purpose, under one root.

Problems found in pages are never exceptions: they are diagnostics in the model. These are
for what stops a command (a bad option, a bad setting, a generated file black refuses), and
for the one internal signal the reader catches itself:

    GraphdocError                 the command line prints the message and exits 2
    +-- UsageError                a path or option that cannot be used
    |   +-- ConfigError           pyproject.toml unreadable, or a `[tool.graphdoc]` setting
    |   |                         that is unknown or of the wrong type (names key and file)
    |   +-- MetadataError         a `compare --metadata` file that is missing, not XML, holds
    |   |                         no CSDL schema or declares entities (names the file)
    |   +-- RevisionError         `graphdoc diff`: OLD or NEW is neither a folder nor a git
    |                             revision of the repository here
    +-- ReadingLossError          `generate`: pages could not be read and the output refers to
    |                             types nothing defines (exit 1; --allow-unreadable goes on)
    +-- FormatError               black refused generated code: a generator bug
    +-- UnsafePathError           a generated path that would leave the output folder
    +-- UnsafeOutput              generated code holding what no template writes (the gate
                                  in emit/gate.py): page text got through; nothing written
    +-- LenientJsonError          JSON even the forgiving reader cannot read; the reader
    |                             turns it into a diagnostic, it never reaches a command
    +-- BodyError                 the mock refuses a request body (framing, size): answered
    |                             as a Graph error reply, it never reaches a command
    +-- SnapshotError             a package's stored API snapshot (`.graphdoc/api.json`) is
    |                             damaged; `generate` then bumps the major version, it never
    |                             reaches a command
    +-- MemoGap                   something the render cache vouched for at the start of a
                                  run is gone when it is needed (a damaged cache); `generate`
                                  renders again without the cache, it never reaches a command

`UnsafePathError`, `UnsafeOutput`, `LenientJsonError` and `SnapshotError` are also
`ValueError`s (bad values passed in); `MemoGap` is a `LookupError`.
The generated packages' runtime has its own errors (`GraphError`, `ModelError`): it ships
without graphdoc.
"""

from __future__ import annotations

from pathlib import Path

EXIT_ERROR = 2  # the exit status of a command stopped by a GraphdocError


class GraphdocError(Exception):
    """Something that stops a graphdoc command; `str()` is the message for the user."""


class UsageError(GraphdocError):
    """A path or option that cannot be used."""


class ConfigError(UsageError):
    """A configuration file that cannot be read or holds a bad setting; names the file."""

    def __init__(self, message: str, file: Path | None = None) -> None:
        super().__init__(f"{file}: {message}" if file is not None else message)
        self.message = message
        self.file = file


class MetadataError(UsageError):
    """A service schema (`$metadata`) that cannot be read as CSDL; the message names the file."""


class RevisionError(UsageError):
    """`graphdoc diff` was given something that is neither a folder nor a git revision."""


class ReadingLossError(GraphdocError):
    """Pages could not be read and the output refers to types nobody defined: generating
    would quietly turn them into `Any`. `lines` are the diagnostics, `path:line:col: CODE`."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(f"{len(lines)} reading problems lose types the output refers to")
        self.lines = lines


class FormatError(GraphdocError):
    """black refused a generated source; `path` names the output file it was meant for."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self) -> tuple[type[FormatError], tuple[str, str]]:
        # raised in black's worker processes: pickled with both arguments
        return (FormatError, (self.path, self.message))


class UnsafeOutput(GraphdocError, ValueError):
    """A generated module holds code the templates do not write: page text got through the
    escaping. The message names the module, its line, and the page and line behind it."""


class UnsafePathError(GraphdocError, ValueError):
    """A generated file path that is absolute, climbs out of the output folder, or clashes."""


class LenientJsonError(GraphdocError, ValueError):
    """Raised when even the forgiving JSON parser cannot make sense of the text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} at offset {offset}")
        self.offset = offset


class BodyError(GraphdocError):
    """Why the mock refused a request body: HTTP status, Graph error code, message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class SnapshotError(GraphdocError, ValueError):
    """A stored API snapshot that is not one this version of graphdoc wrote."""


class MemoGap(GraphdocError, LookupError):
    """A unit or file text the render memo kept for this run (`emit.slices`) is gone from
    the cache when it is needed (a shard damaged or replaced meanwhile)."""
