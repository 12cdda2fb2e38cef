"""The generated package's README: install, auth and a quickstart made from the model.

The quickstart walks one collection of the URL tree through its whole life: create an
item, get it by the id the service returned, update it, list with a limit, delete it, and
meet the typed error a request for the deleted item raises; then the same with the
asynchronous client. The collection is the first, by path, that the client reaches
through properties alone (no id to make up) and that documents `create` and `list`, with
`get`, `update` and `delete` on its items; the field set is the model's `displayName`,
else its first text field. A package without such a collection gets a README without the
walk. Collections under `/me` come first: they are what a delegated token always reaches.
The README's two `python` blocks are complete programs, run as a test against
`graphdoc serve` (`tests/emit/test_quickstart.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .naming import Code
from .python_client import ClientIR, MethodIR, PathHead, PathModuleIR
from .python_models import EnumIR, ModelHead, ModelIR, PackageIR
from .url_tree import PathClassIR

__all__ = ["QuickstartIR", "ReadmeIR", "readme_ir"]


@dataclass(slots=True)
class QuickstartIR:
    steps: Code  # `me.contacts`: the way from the client to the collection
    model: Code  # the class `create` takes
    module: Code  # `models.contact`
    field: Code  # the attribute the walk sets


@dataclass(slots=True)
class ReadmeIR:
    package: Code
    version: Code  # the API version, `v1.0`
    base_url: Code  # literal
    quickstart: QuickstartIR | None


def _endpoint(cls: PathClassIR, name: str) -> MethodIR | None:
    return next((e.method for e in cls.endpoints if e.name == name), None)


def _item_class(cls: PathClassIR) -> PathClassIR | None:
    step = next((s for s in cls.steps if s.name == "by_id"), None)
    if step is None:
        return None
    item = step.target
    if all(_endpoint(item, verb) is not None for verb in ("get", "update", "delete")):
        return item
    return None


def _walkable(
    module: PathModuleIR | PathHead,
    package: PackageIR,
    models: dict[Code, ModelIR | EnumIR | ModelHead],
) -> QuickstartIR | None:
    cls = module.cls
    if not cls.plain:
        return None  # reached only through an id or an argument the README would make up
    create, listed = _endpoint(cls, "create"), _endpoint(cls, "list")
    if create is None or listed is None or _item_class(cls) is None:
        return None
    body = create.body
    if body is None or body.kind != "model" or body.class_name is None or body.module is None:
        return None
    entry = models.get(body.class_name)
    model = package.model_ir(entry) if entry is not None else None
    if not isinstance(model, ModelIR):
        return None
    texts = [f for f in model.all_fields if f.annotation.startswith("str |")]  # not the key
    chosen = next((f for f in texts if f.wire == "displayName"), texts[0] if texts else None)
    if chosen is None:
        return None
    steps = Code(".".join(cls.via))  # identifiers (url_tree names them)
    return QuickstartIR(steps, body.class_name, Code(body.module), chosen.attribute)


def readme_ir(package: PackageIR, clients: ClientIR) -> ReadmeIR:
    """What the README says, from the package and client IR."""
    models = {m.class_name: m for m in package.models}
    found = None
    # The signed-in user's own collections first (`/me/...`: what a delegated token can
    # always reach), then the shortest path.
    def order(module: PathModuleIR | PathHead) -> tuple[bool, int, tuple[str, ...]]:
        via = module.cls.via
        return via[:1] != ("me",), len(via), via

    for module in sorted(clients.paths, key=order):
        found = _walkable(module, package, models)
        if found is not None:
            break
    version = clients.version if re.fullmatch(r"[A-Za-z0-9.]+", clients.version) else "?"
    return ReadmeIR(clients.package, Code(version), clients.base_url, found)
