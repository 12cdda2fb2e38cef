"""Jinja rendering of the Python IR into the files of one generated package.

Templates own the shape of the code; the IR hands them meaning (names, types, literals,
docstring text), always as `naming.Code`, and black formats the result. The environment is
strict (`StrictUndefined`), keeps trailing newlines, trims block lines, and escapes for
Python, not HTML: its `finalize` refuses every printed value that is not `Code` (made safe
by a helper of `naming`) or a macro's output, so a raw string reaching a template is an
error, not a hole; only the filters below exist (no `safe`, `format` or `join` to get round
it). Templates live in the repository's top-level `templates/` folder, installed as the
data subpackage `graphdoc.templates`.

`package_files(ir)` returns raw (unformatted) texts keyed by path relative to the package
folder: `__init__.py`, `_runtime.py`, `py.typed`, `models/__init__.py`,
`models/_registry.py` and one `models/<module>.py` per type. `client_files(ir)` adds the
clients: `client.py`, `paths/_base.py`, one `paths/<module>.py` per class of the URL tree
(`url_tree`) and one `parameters/<module>.py` per action body (see `python_client`). Support
modules that are plain Python (`_runtime.py`, `paths/_base.py`, `tests/_support.py`)
are copied from `generator/runtime/` unchanged but for a header line.
"""

from __future__ import annotations

import contextlib
import functools
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from ..format import LINE_LENGTH
from ..model.types import Source
from .gate import check_files
from .naming import Code, export_order, join_code, py_string_literal
from .python_client import (
    ClientIR,
    ParametersHead,
    PathHead,
    PathModuleIR,
    parameters_ir,
    path_module_ir,
)
from .python_models import (
    RUNTIME_MODULE,
    EnumIR,
    ImportIR,
    ModelHead,
    ModelIR,
    PackageIR,
    header_lines,
    import_from,
)
from .slices import RenderMemo, put, remembered, unit_key
from .template_dirs import template_dirs

__all__ = [
    "RUNTIME_FOLDER",
    "RUNTIME_SOURCE",
    "client_files",
    "docstring",
    "environment",
    "package_files",
    "render",
    "runtime_text",
    "support_text",
    "template_dirs",
]

RUNTIME_FOLDER = Path(__file__).resolve().parents[1] / "runtime"
RUNTIME_SOURCE = RUNTIME_FOLDER / "graph_runtime.py"


def _only_code(value: object) -> object:
    """`finalize`: what a template prints must be `Code` or a macro's output (`Markup` under
    autoescaping, built from values that passed here)."""
    if isinstance(value, Code | markupsafe.Markup):
        return value
    raise TypeError(
        f"a template printed {type(value).__name__} {value!r:.80}: only values made safe by "
        "graphdoc.emit.naming may reach generated code"
    )


def _wrap(text: Code, indent: int) -> list[str]:
    """Docstring lines of one inert paragraph: one line when it fits with both quotes,
    else wrapped on spaces (escapes made by `docstring_text` never contain one)."""
    if indent + 6 + len(text) <= LINE_LENGTH:
        return [text]
    lines = textwrap.wrap(
        text,
        width=LINE_LENGTH - indent,
        initial_indent="   ",  # room for the opening quotes
        break_long_words=False,
        break_on_hyphens=False,
    )
    lines[0] = lines[0][3:]
    return lines


def docstring(
    paragraphs: Iterable[Code], indent: int, wrap: bool = True, joined: bool = False
) -> Code:
    """The docstring statement for inert paragraphs, indented, without a newline: black
    re-indents docstrings but never re-wraps them, so wrapping is decided here (`wrap`
    false: each paragraph stays one line however long). One line that does not fit with
    its quotes gets the closing quotes on a line of their own, unless `joined` (the
    client's and tests' docstrings have always kept them on the line)."""
    lines: list[str] = []
    for paragraph in paragraphs:
        if not isinstance(paragraph, Code):
            raise TypeError(f"docstring text {paragraph!r:.80} was not made inert")
        if lines:
            lines.append("")
        lines.extend(_wrap(paragraph, indent) if wrap else [paragraph])
    if not lines:
        return Code("")
    pad = " " * indent
    if len(lines) == 1 and (joined or indent + 6 + len(lines[0]) <= LINE_LENGTH):
        return Code(f'{pad}"""{lines[0]}"""')
    body = "".join(f"{pad}{line}\n" if line else "\n" for line in lines[1:])
    return Code(f'{pad}"""{lines[0]}\n{body}{pad}"""')


def _commas(items: Iterable[Code]) -> Code:
    return join_code(", ", items)


def _import(item: ImportIR) -> Code:
    if item.names:
        return Code(f"from {item.module} import {_commas(item.names)}")
    return Code(f"import {item.module}")


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja environment: strict, whitespace-exact, printing only `Code`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in template_dirs()]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=True,  # `Code` is markup (`__html__`); anything else is refused first
        finalize=_only_code,
        auto_reload=False,
    )
    env.filters.clear()
    env.filters.update(
        {"docstring": docstring, "commas": _commas, "import": _import, "length": len}
    )
    return env


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by an earlier run, on disk: a rerun that renders a few files
    skips compiling their templates (a tenth of a second for the client's and tests').
    Jinja checks each against its template's source; a folder that cannot be written only
    costs the compiling."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            self.directory_path.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)

    @property
    def directory_path(self) -> Path:
        return Path(self.directory)


def _compiled_beside(memo: RenderMemo | None) -> None:
    """Keep compiled templates in the memo's folder (`_CompiledTemplates`)."""
    if memo is not None:
        environment().bytecode_cache = _CompiledTemplates(str(memo.shards.folder / "jinja"))


def render(template: str, **context: Any) -> str:
    """Render one template by name."""
    return str(environment().get_template(template).render(**context))


def support_text(relative: str) -> str:
    """A plain-Python module of `generator/runtime/` as shipped: a header line, then the
    hand-written file unchanged (it imports its package relatively: nothing to fill in)."""
    header = (
        f"# Copied by graphdoc from generator/runtime/{relative} (black-formatted); "
        "do not edit.\n"
    )
    return header + (RUNTIME_FOLDER / relative).read_text(encoding="utf-8")


def runtime_text() -> str:
    """The runtime module as shipped: a header line, then the hand-written file unchanged."""
    return support_text("graph_runtime.py")


def _module(model: ModelIR | EnumIR) -> str:
    if isinstance(model, EnumIR):
        return render("enum.py.jinja", m=model)
    return render("model.py.jinja", m=model)


def _path_module(entry: PathModuleIR | PathHead, header: list[Code]) -> str:
    return render("path.py.jinja", p=path_module_ir(entry), header=header)


def _parameters_init(entries: list[tuple[str, str]], header: list[Code]) -> str:
    """`parameters/__init__.py` for these (class, module) pairs: each class importable
    from the package, its module loaded when first used."""
    by_module = sorted(entries, key=lambda entry: entry[1])
    return render(
        "parameters_init.py.jinja",
        header=header,
        imports=[import_from(f".{module}", [cls]) for cls, module in by_module],
        names=[py_string_literal(cls) for cls in sorted((c for c, _ in entries), key=export_order)],
        modules=[(py_string_literal(cls), py_string_literal(module)) for cls, module in entries],
    )


def _parameters_module(entry: ModelIR | ParametersHead) -> str:
    return _module(parameters_ir(entry))


def _whole_module(ir: PackageIR, entry: ModelIR | EnumIR | ModelHead) -> str:
    return _module(ir.model_ir(entry))


def package_files(
    ir: PackageIR, memo: RenderMemo | None = None, *, clients: bool = True
) -> dict[str, str]:
    """Every file of the package, raw, keyed by path relative to the package folder,
    checked by the gate (`gate.check_files`); with a `memo`, a model module whose IR is
    unchanged is last run's finished text (see `slices`)."""
    _compiled_beside(memo)
    header = header_lines()
    files = {
        f"{RUNTIME_MODULE}.py": runtime_text(),
        "py.typed": "",
    }
    # The package-wide modules list every model: large, and the same while no model's
    # name or module moves. Their key is what the IR's lists they print are made from
    # (they do not read the models or the diagnostics).
    shared = (ir.skeleton, header, clients)
    for path, template in (
        ("__init__.py", "package_init.py.jinja"),
        ("models/__init__.py", "models_init.py.jinja"),
        ("models/_registry.py", "registry.py.jinja"),
    ):
        make = functools.partial(render, template, p=ir, clients=clients, header=header)
        put(memo, files, path, make, unit_key(path, shared))
    origins: dict[str, dict[str, Source]] = {}
    for entry in ir.models:
        path = f"models/{entry.module}.py"

        # A head's text is remembered under its key: `made` is not called for it.
        made = functools.partial(_whole_module, ir, entry)
        if memo is not None and entry.key:  # the key of what the IR was made from
            memo.put(files, path, made, entry.key)
        else:
            remembered(memo, files, path, made, entry)
        if entry.source is not None:
            origins[path] = {"": entry.source}
    checked = dict(files)  # what this run made: the files kept are not in it
    checked.pop(f"{RUNTIME_MODULE}.py")
    check_files(checked, origins)
    return files


def client_files(ir: ClientIR, memo: RenderMemo | None = None) -> dict[str, str]:
    """The client modules, raw, keyed by path relative to the package folder (`memo`: see
    `package_files`)."""
    _compiled_beside(memo)
    header = header_lines()
    files = {
        "client.py": render("client.py.jinja", c=ir, header=header),
        "paths/__init__.py": render("paths_init.py.jinja", c=ir, header=header),
        "paths/_base.py": support_text("paths/_base.py"),
    }
    origins: dict[str, dict[str, Source]] = {}
    modules = {f"paths/{module.cls.module}.py": module for module in [ir.root, *ir.paths]}
    for path, module in modules.items():
        make = functools.partial(_path_module, module, header)
        if memo is not None and module.key:  # the key of what the IR was made from
            memo.put(files, path, make, module.key)
        else:
            whole = path_module_ir(module)
            remembered(memo, files, path, make, whole.rendered(), header)
    if ir.parameters:
        entries = sorted((str(model.class_name), str(model.module)) for model in ir.parameters)
        make = functools.partial(_parameters_init, entries, header)
        init = "parameters/__init__.py"
        put(memo, files, init, make, unit_key(init, entries, header))
    for model in ir.parameters:
        path = f"parameters/{model.module}.py"
        make = functools.partial(_parameters_module, model)
        if memo is not None and model.key:
            memo.put(files, path, make, unit_key(path, model.key, header))
        else:
            remembered(memo, files, path, make, parameters_ir(model))
    checked = dict(files)  # what this run made: the files kept are not in it
    for model in ir.parameters:  # a head's class is read only when its module was made
        path = f"parameters/{model.module}.py"
        source = parameters_ir(model).source if path in checked else None
        if source is not None:
            origins[path] = {"": source}
    checked.pop("paths/_base.py")
    for path in checked.keys() & modules.keys():  # the gate's messages name the pages
        origins[path] = path_module_ir(modules[path]).origins()
    check_files(checked, origins)
    return files
