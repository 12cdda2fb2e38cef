"""Where graphdoc's Jinja templates are, found without importing Jinja or the emitters
(the code digest of a run that renders nothing hashes them too)."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

__all__ = ["template_dirs"]


def template_dirs() -> list[Path]:
    """Where templates are looked up: the `graphdoc.templates` data subpackage (the top-level
    `templates/` folder of a checkout, mapped in by `package-dir`; the packaged copy in a wheel).

    Only that one folder is used, so an unrelated `templates/` folder can never shadow ours.
    """
    folder = Path(str(importlib.resources.files("graphdoc.templates")))
    if not (folder / "model.py.jinja").is_file():
        raise FileNotFoundError(f"graphdoc templates not found in {folder}")
    return [folder]
