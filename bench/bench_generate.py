"""Benchmark: `graphdoc generate` over the whole 2021 v1.0 corpus, cold, warm and after an edit.

Prints figures, not pass/fail (machines here are noisy; compare ratios):

1. cold: empty caches, fresh output folder. Total, time in black (summed over the worker
   processes, and the wall time of the formatting step), time outside black, files written.
   Target: outside-black wall time at most half of black's time.
2. warm: the same command again, nothing changed. Target: at most 5% of cold (when the
   fingerprint of inputs + generator + options matches the last run's and the package still
   has the digests that run stored, nothing is read, rendered or rewritten).
3. one resource page gains a property (`resources/contact.md`), then one api page changes
   its response type (`api/contact-get.md`: contact → person → user → contact …). Only the
   edited page is read (the others' parts come from the page cache) and only files whose
   template input changed are rendered and formatted (`graphdoc.emit.slices`,
   `graphdoc.format.chunks`). Each is timed as `generate()` in this process and then, after
   each of five more edits of the same kind, as the `graphdoc generate` command a user runs
   (interpreter start and imports included; modules compiled as an installed package has
   them, see `bytecode_env`: `--bytecode as-is` times this environment, where an editable
   checkout with PYTHONDONTWRITEBYTECODE compiles graphdoc's modules at every start): each
   run, and their median and range, since one run on a noisy machine says little; and each
   run's ratio to `graphdoc parse` of the whole tree timed just before it (the same machine
   in the same moment: how a rerun compares with reading the model once). Target: at most
   1 s wall each.
4. `generate --check` on a fresh clone: the generated package copied to a new folder with
   no cache (as git checks it out), `graphdoc generate --check` and `graphdoc parse` run as
   subprocesses in turn (best of 3 each), and their ratio. Target: at most 1.5 (the package's
   record vouches for it once the model is read; nothing is rendered).
5. datamodel-code-generator (dataclasses output) on our bundled JSON Schema for the same
   types, and the time ratio against our cold run.

    python bench/bench_generate.py [--corpus DIR] [--jobs N] [--skip-datamodel]
                                   [--bytecode installed|as-is]

The corpus is copied to a temporary folder first (it is read-only, and step 3 edits pages).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode_env import BYTECODE_CHOICES, command_env
from graphdoc.emit.generate import GenerateOptions, GenerateResult, generate

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "corpus"
    / "graph-docs-2021-07"
    / "api-reference"
    / "v1.0"
)
# What the commands import beyond graphdoc's own modules (compiled with those: `bytecode_env`).
_IMPORTS = (
    "import concurrent.futures.process, ctypes, difflib, fcntl, hashlib, json, multiprocessing, "
    "pickle, secrets, tomllib, black, jinja2, mistune"
)
RESOURCE_PAGE = "resources/contact.md"
API_PAGE = "api/contact-get.md"
# Edits of each kind timed as the command a user runs (the machine is noisy: their median).
COMMAND_RUNS = 5


def _line(label: str, value: str) -> None:
    print(f"  {label:<34} {value}")


def _report(title: str, result: GenerateResult) -> None:
    stats = result.stats
    print(title)
    _line("total", f"{stats.total_seconds:8.2f} s")
    if stats.reused:
        _line("source", "package as the last run left it (fingerprint unchanged)")
    else:
        _line("read pages into the model", f"{stats.model_seconds:8.2f} s")
        _line("pages read / from the page cache", f"{stats.pages_read} / {stats.pages_cached}")
        _line("render (IR + templates)", f"{stats.render_seconds:8.2f} s")
        _line("JSON Schemas", f"{stats.schema_seconds:8.2f} s")
        _line("files not rendered again", f"{stats.files_reused}")
        _line("formatting step, wall", f"{stats.format_seconds:8.2f} s")
        _line("in black, summed over workers", f"{stats.black_seconds:8.2f} s")
        _line("outside black (wall)", f"{stats.outside_black_seconds:8.2f} s")
        _line("modules formatted / cache hits", f"{stats.format_misses} / {stats.format_hits}")
    _line("write / compare files", f"{stats.write_seconds:8.2f} s")
    _line("files", f"{stats.files} ({stats.written} written, {stats.unchanged} unchanged)")


def _replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{page}: {old!r} not found; the edit scenario needs another page")
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_property(corpus: Path, name: str) -> None:
    """The resource page gains a row in its property table."""
    marker = "|displayName|String|"
    _replace(corpus / RESOURCE_PAGE, marker, f"|{name}|String|Added by the benchmark.|\n{marker}")


def change_response(corpus: Path, old: str, new: str) -> None:
    """The api page's response names another type, in its Response section and its
    response annotation (the `$expand` row that also links the type stays)."""
    page = corpus / API_PAGE
    tail = "object in the response body"
    _replace(
        page, f"[{old}](../resources/{old}.md) {tail}", f"[{new}](../resources/{new}.md) {tail}"
    )
    _replace(
        page, f'"@odata.type": "microsoft.graph.{old}"', f'"@odata.type": "microsoft.graph.{new}"'
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _command(options: GenerateOptions, workers: int, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of `graphdoc generate` with the same options, as a new process."""
    command = [
        sys.executable,
        "-m",
        "graphdoc",
        "generate",
        *map(str, options.paths),
        "-o",
        str(options.output),
        "--cache-dir",
        str(options.cache_dir),
        "--jobs",
        str(workers),
    ]
    started, cpu = time.perf_counter(), _children_cpu()
    # From the output folder: no pyproject.toml of this project is found there.
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=options.output, env=env
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"graphdoc generate failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, _children_cpu() - cpu


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Wall time of one whole process (its exit status must be 0), and what it said on stderr."""
    started = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
        env=env,
    )
    return time.perf_counter() - started, done.stderr


def _fresh_clone_check(corpus: Path, package: Path, root: Path, env: dict[str, str]) -> None:
    """`generate --check` on a copy of the package with no cache, against `graphdoc parse`."""
    clone = root / "clone"
    shutil.copytree(package, clone / package.name, ignore=shutil.ignore_patterns("__pycache__"))
    graphdoc = [sys.executable, "-m", "graphdoc"]
    check = [*graphdoc, "generate", str(corpus), "--output", str(clone), "--check"]
    parse = [*graphdoc, "parse", str(corpus)]
    # Alternating, best of three: the machine's noise hits both alike. The cwd holds no
    # pyproject.toml, so no [tool.graphdoc] applies. A check the record vouches for writes no
    # cache, so every round is a fresh clone's.
    checks, parses = [], []
    for _ in range(3):
        seconds, said = _timed(check, root, env)
        if "nothing rendered" not in said:
            print(f"  (the record did not vouch for the package: {said.strip()[-300:]})")
        checks.append(seconds)
        parses.append(_timed(parse, root, env)[0])
    print("generate --check on a fresh clone, nothing changed (whole process, best of 3)")
    _line("generate --check", f"{min(checks):8.2f} s")
    _line("graphdoc parse (text, to /dev/null)", f"{min(parses):8.2f} s")
    print(f"  -> check / parse: {min(checks) / min(parses):.2f} (target <= 1.5)")


def _datamodel_codegen(bundle: Path, out: Path) -> float | None:
    """Seconds for the CLI; `out` is a folder, since `$defs` keys with dots become modules."""
    exe = Path(sys.executable).parent / "datamodel-codegen"
    if not exe.exists():
        found = shutil.which("datamodel-codegen")
        if found is None:
            print("datamodel-codegen not installed; skipped")
            return None
        exe = Path(found)
    command = [
        str(exe),
        "--input",
        str(bundle),
        "--input-file-type",
        "jsonschema",
        "--output-model-type",
        "dataclasses.dataclass",
        "--output",
        str(out),
        "--target-python-version",
        "3.11",
        "--disable-timestamp",
        "--formatters",  # black + isort, its long-standing default: black-formatted, like ours
        "black",
        "isort",
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(f"datamodel-codegen failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        return None
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=None, help="black processes (all cores)")
    parser.add_argument("--skip-datamodel", action="store_true")
    parser.add_argument(
        "--bytecode",
        choices=BYTECODE_CHOICES,
        default="installed",
        help="the commands' compiled-module cache: as an installed package has it (default), "
        "or as this environment leaves it",
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}")
        return 2
    workers = args.jobs or os.cpu_count() or 1
    print(f"graphdoc generate on {args.corpus} ({workers} black workers, {os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="graphdoc-bench-") as temp:
        root = Path(temp)
        corpus = root / "v1.0"
        shutil.copytree(args.corpus, corpus)
        options = GenerateOptions(
            paths=(corpus,), output=root / "out", cache_dir=root / "cache", workers=workers
        )

        env, bytecode = command_env(args.bytecode, root, _IMPORTS)
        print(f"commands run in new processes; bytecode {bytecode}")
        cold = generate(options)
        _report("cold (empty caches)", cold)
        stats = cold.stats
        black_wall = stats.format_seconds
        print(
            f"  -> outside black / black: {stats.outside_black_seconds / black_wall:.2f} of the "
            f"formatting wall time, {stats.outside_black_seconds / stats.black_seconds:.2f} of "
            "black's summed time (target <= 0.5)"
        )

        warm = generate(options)
        _report("warm (nothing changed)", warm)
        print(
            f"  -> warm / cold: {warm.stats.total_seconds / stats.total_seconds:.1%} (target <= 5%)"
        )

        # Each scenario: one edit timed as generate() here, then COMMAND_RUNS more of the
        # same kind, each timed as the command (a new process): its median and range.
        cycle = ["contact", "person", "user"]  # response types, in turn
        scenarios = [
            (
                "one resource page gains a property",
                [
                    functools.partial(add_property, corpus, f"added{number}")
                    for number in range(COMMAND_RUNS + 1)
                ],
            ),
            (
                "one api page changes its response type",
                [
                    functools.partial(change_response, corpus, cycle[n % 3], cycle[(n + 1) % 3])
                    for n in range(COMMAND_RUNS + 1)
                ],
            ),
        ]
        parse = [sys.executable, "-m", "graphdoc", "parse", str(corpus)]
        for title, (first, *more) in scenarios:
            first()
            cpu = time.process_time()
            edited = generate(options)
            cpu = time.process_time() - cpu
            _report(f"{title}: generate()", edited)
            _line("CPU of this process", f"{cpu:8.2f} s")
            runs, parses = [], []
            for edit in more:
                # The reference, just before: `graphdoc parse` of the whole tree, no cache.
                parses.append(_timed(parse, root, env)[0])
                edit()
                runs.append(_command(options, workers, env))
            walls = sorted(seconds for seconds, _ in runs)
            median = statistics.median(walls)
            ratios = [seconds / before for (seconds, _), before in zip(runs, parses, strict=True)]
            _line(
                f"`graphdoc generate`, {len(runs)} edits",
                " ".join(f"{seconds:.2f}" for seconds, _ in runs) + " s wall (new processes)",
            )
            _line(
                "their CPU (with any black workers)",
                f"{statistics.median(c for _, c in runs):8.2f} s (median)",
            )
            _line(
                "`graphdoc parse` just before each",
                " ".join(f"{seconds:.2f}" for seconds in parses) + " s wall",
            )
            print(
                f"  -> generate() {edited.stats.total_seconds:.2f} s, command {median:.2f} s "
                f"(median; {walls[0]:.2f}-{walls[-1]:.2f}) (target <= 1 s; 1-minute load "
                f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores); generate() / "
                f"cold: {edited.stats.total_seconds / stats.total_seconds:.1%}; each command / "
                f"the parse before it: {' '.join(f'{r:.2f}' for r in ratios)} (median "
                f"{statistics.median(ratios):.2f})"
            )

        _fresh_clone_check(corpus, edited.root, root, env)

        if args.skip_datamodel:
            return 0
        bundle = root / "bundle.json"
        bundle.write_text(cold.files["schemas/bundle.json"], encoding="utf-8")
        types = len(json.loads(bundle.read_text(encoding="utf-8")).get("$defs", {}))
        print(f"datamodel-code-generator 'dataclasses.dataclass' on our bundle ({types} types)")
        seconds = _datamodel_codegen(bundle, root / "dmcg_models")
        if seconds is not None:
            _line("total", f"{seconds:8.2f} s")
            print(
                f"  -> graphdoc cold / datamodel-codegen: {stats.total_seconds / seconds:.2f} "
                "(ours also writes JSON Schemas, a runtime and one black-formatted module per "
                "type, with to_dict/from_dict)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
