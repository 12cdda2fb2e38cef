"""Jinja rendering of the Python IR into the files of one generated package.

The environment is strict (`StrictUndefined`: a typo in a template fails loudly), keeps
trailing newlines, trims block lines, and never autoescapes: this is Python, not HTML, and
every untrusted text is made safe by `naming` before it reaches a template. Templates live
in the repository's top-level `templates/` folder, installed as the data subpackage
`graphdoc.templates`, so the same loader finds them in a checkout and in an installed wheel.

`package_files(ir)` returns raw (unformatted) texts keyed by path relative to the package
folder: `__init__.py`, `_runtime.py`, `py.typed`, `models/__init__.py`,
`models/_registry.py` and one `models/<module>.py` per type. `client_files(ir)` adds the
clients: `client.py`, `operations/_base.py`, one `operations/<group>.py` per first path
segment and one `parameters/<module>.py` per action body (see `python_client`).
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path
from typing import Any

import jinja2

from .naming import py_string_literal
from .python_client import ClientIR
from .python_models import (
    RUNTIME_MODULE,
    EnumIR,
    ModelIR,
    PackageIR,
    docstring_block,
    header_lines,
)

__all__ = [
    "RUNTIME_SOURCE",
    "client_files",
    "environment",
    "package_files",
    "render",
    "runtime_text",
    "template_dirs",
]

RUNTIME_SOURCE = Path(__file__).resolve().parents[1] / "runtime" / "graph_runtime.py"
_RUNTIME_HEADER = (
    "# Copied by graphdoc from generator/runtime/graph_runtime.py (black-formatted); do not edit.\n"
)


def template_dirs() -> list[Path]:
    """Where templates are looked up: the `graphdoc.templates` data subpackage (the top-level
    `templates/` folder of a checkout, mapped in by `package-dir`; the packaged copy in a wheel).

    Only that one folder is used, so an unrelated `templates/` folder can never shadow ours.
    """
    folder = Path(str(importlib.resources.files("graphdoc.templates")))
    if not (folder / "model.py.jinja").is_file():
        raise FileNotFoundError(f"graphdoc templates not found in {folder}")
    return [folder]


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja environment: strict, whitespace-exact, no autoescaping."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in template_dirs()]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,
    )
    env.filters["docstring"] = docstring_block
    env.filters["pystr"] = py_string_literal
    return env


def render(template: str, **context: Any) -> str:
    """Render one template by name."""
    return environment().get_template(template).render(**context)


def runtime_text() -> str:
    """The runtime module as shipped: a header line, then the hand-written file unchanged."""
    return _RUNTIME_HEADER + RUNTIME_SOURCE.read_text(encoding="utf-8")


def _module(model: ModelIR | EnumIR) -> str:
    if isinstance(model, EnumIR):
        return render("enum.py.jinja", m=model)
    return render("model.py.jinja", m=model)


def package_files(ir: PackageIR) -> dict[str, str]:
    """Every file of the package, raw, keyed by path relative to the package folder."""
    header = header_lines()
    files = {
        "__init__.py": render("package_init.py.jinja", p=ir, header=header),
        f"{RUNTIME_MODULE}.py": runtime_text(),
        "py.typed": "",
        "models/__init__.py": render("models_init.py.jinja", p=ir, header=header),
        "models/_registry.py": render("registry.py.jinja", p=ir, header=header),
    }
    for model in ir.models:
        files[f"models/{model.module}.py"] = _module(model)
    return files


def client_files(ir: ClientIR) -> dict[str, str]:
    """The client modules, raw, keyed by path relative to the package folder."""
    header = header_lines()
    files = {
        "client.py": render("client.py.jinja", c=ir, header=header),
        "operations/__init__.py": render("operations_init.py.jinja", c=ir, header=header),
        "operations/_base.py": render("operations_base.py.jinja", header=header),
    }
    for group in ir.groups:
        files[f"operations/{group.module}.py"] = render(
            "operations.py.jinja", g=group, header=header
        )
    if ir.parameters:
        files["parameters/__init__.py"] = render("parameters_init.py.jinja", c=ir, header=header)
    for model in ir.parameters:
        files[f"parameters/{model.module}.py"] = render("model.py.jinja", m=model)
    return files
