"""Benchmark: the whole 2021 corpus read into the model, against mistune 3's AST parse.

Prints pages per second, peak memory of the model build, and the ratios against
`mistune.create_markdown(renderer=None, plugins=["table"])` parsing the same files in the
same process and run (machines here are noisy, so only the ratios are comparable across
runs): of the model build in this process (`build_model`, its forked readers included),
and of the whole command users run,
`graphdoc parse --format json VERSION > file` once per version (interpreter start, imports,
reading, JSON, exit). Target: both at least 3x faster than the mistune parse alone.
Wall-clock seconds decide (the command may use every core); CPU seconds are printed beside
them, as they say more than wall-clock on a loaded machine.

What the command's figure holds, as on a user's first run: `parse` keeps no cache of its
own (the page cache of `generate` is not used), so every page is read and decoded in each
run; the pages themselves sit in the system's file cache, for mistune as for graphdoc.
Modules come compiled, as in an installed package (pip compiles them at install): this
checkout is installed editable and PYTHONDONTWRITEBYTECODE may be set, where each run would
compile graphdoc's modules first (0.06 s a run here); `--bytecode as-is` measures that.

    python bench/bench_read.py [--corpus DIR] [--repeat N] [--bytecode installed|as-is]
"""

from __future__ import annotations

import argparse
import gc
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import mistune
from bytecode_env import BYTECODE_CHOICES, command_env
from graphdoc.model import parallel
from graphdoc.model.build import build_model

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_CORPUS = SHARED / "corpus" / "graph-docs-2021-07" / "api-reference"


def time_model(roots: list[Path]) -> tuple[float, int, int]:
    """Seconds, pages and types for building one model per API version folder."""
    started = time.perf_counter()
    pages = types = 0
    for root in roots:
        model = build_model([root])
        pages += len(model.pages)
        types += len(model.types)
    return time.perf_counter() - started, pages, types


def peak_memory(root: Path) -> int:
    """Peak bytes allocated while building the model of one version folder."""
    gc.collect()
    tracemalloc.start()
    build_model([root])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# What the command imports, whatever it reads (multiprocessing: when it reads in parallel).
_IMPORTS = (
    "import multiprocessing, concurrent.futures.process, graphdoc.cli, "
    "graphdoc.model.build, graphdoc.model.parallel, graphdoc.model.serialize"
)


def time_command(roots: list[Path], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of `graphdoc parse --format json` for all versions (one process
    per version), output to files."""
    wall = cpu = 0.0
    written = 0
    with tempfile.TemporaryDirectory() as folder:
        for root in roots:
            target = Path(folder) / f"{root.name}.json"
            cpu_before = _children_cpu()
            started = time.perf_counter()
            with target.open("wb") as output:
                subprocess.run(
                    [sys.executable, "-m", "graphdoc", "parse", "--format", "json", str(root)],
                    stdout=output, check=True, env=env,
                )
            wall += time.perf_counter() - started
            cpu += _children_cpu() - cpu_before
            written += target.stat().st_size
    return wall, cpu, written


def time_mistune(files: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds of mistune's AST parse of every file."""
    markdown = mistune.create_markdown(renderer=None, plugins=["table"])
    started, cpu_started = time.perf_counter(), time.process_time()
    for file in files:
        markdown(file.read_text(encoding="utf-8"))
    return time.perf_counter() - started, time.process_time() - cpu_started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="rounds (model build, whole command, mistune, in turn) to take the best of",
    )
    parser.add_argument(
        "--bytecode", choices=BYTECODE_CHOICES, default="installed",
        help="the command's compiled-module cache: as an installed package has it (default), "
        "or as this environment leaves it",
    )
    args = parser.parse_args()
    roots = [args.corpus / "v1.0", args.corpus / "beta"]
    if not all(root.is_dir() for root in roots):
        raise SystemExit(f"corpus not found under {args.corpus}")
    files_by_root = {root: list(root.rglob("*.md")) for root in roots}
    files = sorted(file for root_files in files_by_root.values() for file in root_files)
    # Rounds interleave the three, so a burst of load elsewhere spoils one round of each
    # rather than all runs of one.
    runs, command_runs, mistune_runs = [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        env, bytecode = command_env(args.bytecode, Path(scratch), _IMPORTS)
        for _ in range(max(args.repeat, 1)):
            runs.append(time_model(roots))
            command_runs.append(time_command(roots, env))
            mistune_runs.append(time_mistune(files))
    model_seconds = min(seconds for seconds, _, _ in runs)
    _, pages, types = runs[0]  # every run reads the same pages
    command_seconds, command_cpu, written = min(command_runs)
    mistune_seconds, mistune_cpu = min(mistune_runs)
    largest = max(roots, key=lambda root: len(files_by_root[root]))
    peak = peak_memory(largest)
    print(f"pages: {pages} ({len(files)} files), types: {types}")
    mode = "in parallel" if parallel.worth_it(len(files)) else "in one process"
    print(
        f"{parallel.workers()} cores, {parallel.idle_cores():.1f} idle by the load average now: "
        f"a version is read {mode}"
    )
    print(f"model build:   {model_seconds:7.2f} s  {pages / model_seconds:8.0f} pages/s")
    print(
        f"parse --format json, whole process, both versions: {command_seconds:7.2f} s "
        f"({command_cpu:.2f} s CPU, {written / 2**20:.0f} MiB of JSON)"
    )
    print(
        f"mistune parse: {mistune_seconds:7.2f} s  {len(files) / mistune_seconds:8.0f} pages/s "
        f"({mistune_cpu:.2f} s CPU)"
    )
    print(f"peak memory of the largest version's model build: {peak / 2**20:.0f} MiB")
    print(
        "whole command measured cold for graphdoc (no cache of its own); pages in the "
        f"system's file cache; bytecode {bytecode}"
    )
    for label, seconds in (("model build", model_seconds), ("whole command", command_seconds)):
        ratio = mistune_seconds / seconds
        verdict = "meets" if ratio >= 3 else "misses"
        print(f"{label} is {ratio:.2f}x faster than mistune's AST parse ({verdict} the 3x target)")
    print(f"whole command, CPU seconds: {mistune_cpu / command_cpu:.2f}x less than mistune's")


if __name__ == "__main__":
    main()
