"""One hash of graphdoc's own code, for every cache and record that must change with it.

The page cache keys parts by the reading code, the render memo and the generation record by
the code and templates that shape output. Each asks for its folders here, and each set of
files is read and hashed once per process.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# How pages are read and turned into the model.
READING_CODE = ("read", "model")
# Everything that shapes generated output: reading, the model, emitters, the runtime copied
# out, formatting, writing, and the change report a release's version follows. Editing lint,
# serve or compare code leaves caches and records valid.
OUTPUT_CODE = (*READING_CODE, "emit", "runtime", "format", "write", "diff")
_SUFFIXES = frozenset({".py", ".json"})


@functools.cache
def code_digest(folders: tuple[str, ...], templates: bool = False) -> str:
    """sha256 of the package's top-level modules, the code and data files under `folders`
    and (`templates`) the Jinja templates, each with its path."""
    files = sorted(_PACKAGE.glob("*.py"))
    for folder in folders:
        files.extend(sorted((_PACKAGE / folder).rglob("*")))
    digest = hashlib.sha256()
    for file in files:
        if file.suffix in _SUFFIXES and "__pycache__" not in file.parts and file.is_file():
            _add(digest, file.relative_to(_PACKAGE).as_posix(), file)
    if templates:
        from .emit.template_dirs import template_dirs

        for templates_dir in template_dirs():
            for file in sorted(templates_dir.rglob("*.jinja")):
                _add(digest, f"templates/{file.relative_to(templates_dir).as_posix()}", file)
    return digest.hexdigest()


def _add(digest: hashlib._Hash, name: str, file: Path) -> None:
    digest.update(name.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(file.read_bytes())
    digest.update(b"\0")
