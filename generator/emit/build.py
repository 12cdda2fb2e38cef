"""Every file of one generated package, from a model: the emitters, then black.

Kept apart from `generate` (which reads, decides and writes): a `--check` that the
package's record vouches for never imports the emitters, Jinja or black.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from ..format.black_format import FormatCache, WarmPool, format_many
from ..model.graph import resolve_model
from ..model.types import ApiModel
from ..progress import StatusLine
from .doctext import doc_text
from .python_client import client_ir
from .python_models import note_text, package_ir
from .python_tests import test_files, tests_ir
from .quickstart import readme_ir
from .release import snapshot_file
from .render import client_files, package_files, render
from .schema import schema_files
from .slices import PackageTexts, RenderMemo
from .stats import GenerateStats

__all__ = ["build_files"]


def build_files(
    model: ApiModel,
    package: str,
    *,
    format: bool = True,
    schemas: bool = True,
    clients: bool = True,
    tests: bool = True,
    specs: Sequence[str] = (),
    cache: FormatCache | None = None,
    workers: int | None = None,
    stats: GenerateStats | None = None,
    status: StatusLine | None = None,
    memo: RenderMemo | None = None,
    warm: WarmPool | None = None,
) -> tuple[PackageTexts, list[str]]:
    """Every file of the package (relative path → text) and the IR's notes.

    `specs` are the input folders as the generated tests find them: paths relative to the
    package's `tests/` folder (see `generate`). Tests need the clients and the schemas.
    With a `memo`, files whose template input is unchanged are last run's (`slices`), read
    only when asked for (`PackageTexts`); the caller saves it (`RenderMemo.save`), once the
    package is written.
    """
    stats = stats if stats is not None else GenerateStats()
    started = time.perf_counter()
    model = resolve_model(model)  # once, for every emitter below
    if memo is not None:
        memo.share_text(doc_text(model))

    def ahead(made: dict[str, str]) -> dict[str, str]:
        """`made` (what this run rendered), its modules handed to the warm pool: formatted
        while the rest is rendered."""
        if format and warm is not None:
            warm.prefetch(_modules(made).values(), cache)
        return made

    ir = package_ir(model, memo)
    files = ahead(package_files(ir, memo, clients=clients))
    notes = [note_text(d) for d in ir.diagnostics]
    if clients:
        clients_ir = client_ir(model, package, ir, memo)
        files.update(ahead(client_files(clients_ir, memo)))
        files["README.md"] = render("readme.md.jinja", r=readme_ir(ir, clients_ir))
        notes.extend(note_text(d) for d in clients_ir.diagnostics)
        if tests and schemas:
            files.update(ahead(test_files(tests_ir(model, clients_ir, specs, memo), memo)))
    stats.render_seconds = time.perf_counter() - started
    if schemas:
        started = time.perf_counter()
        files.update(schema_files(model, memo))
        stats.schema_seconds = time.perf_counter() - started
    if format:
        sources = _modules(files)
        progress = status.stage("format modules") if status is not None else None
        result = format_many(sources, cache, workers, progress, warm)
        files.update(result.formatted)
        stats.format_seconds = result.wall_seconds
        stats.black_seconds = result.black_seconds
        stats.format_hits = result.hits
        stats.format_misses = result.misses
    texts = PackageTexts(files, memo)
    # What the next run's version compares with.
    texts.update(snapshot_file(model, texts, memo))
    if memo is not None:
        stats.files_reused = len(memo.reused)
    return texts, notes


def _modules(files: dict[str, str]) -> dict[str, str]:
    """The Python modules among `files`."""
    return {path: text for path, text in files.items() if path.endswith(".py")}
