"""Benchmark: the whole 2021 corpus read into the model, against mistune 3's AST parse.

Prints pages per second, peak memory of the model build, and the ratio against
`mistune.create_markdown(renderer=None, plugins=["table"])` parsing the same files in the
same process and run (machines here are noisy, so only the ratio is comparable across runs).
Target: the model build at least 3x faster than the mistune parse alone.

    python bench/bench_read.py [--corpus DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from pathlib import Path

import mistune
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


def time_mistune(files: list[Path]) -> float:
    markdown = mistune.create_markdown(renderer=None, plugins=["table"])
    started = time.perf_counter()
    for file in files:
        markdown(file.read_text(encoding="utf-8"))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=1, help="model builds to take the best of")
    args = parser.parse_args()
    roots = [args.corpus / "v1.0", args.corpus / "beta"]
    if not all(root.is_dir() for root in roots):
        raise SystemExit(f"corpus not found under {args.corpus}")
    files_by_root = {root: list(root.rglob("*.md")) for root in roots}
    files = sorted(file for root_files in files_by_root.values() for file in root_files)
    runs = [time_model(roots) for _ in range(max(args.repeat, 1))]
    model_seconds = min(seconds for seconds, _, _ in runs)
    _, pages, types = runs[0]  # every run reads the same pages
    mistune_seconds = time_mistune(files)
    largest = max(roots, key=lambda root: len(files_by_root[root]))
    peak = peak_memory(largest)
    print(f"pages: {pages} ({len(files)} files), types: {types}")
    print(f"model build:   {model_seconds:7.2f} s  {pages / model_seconds:8.0f} pages/s")
    print(f"mistune parse: {mistune_seconds:7.2f} s  {len(files) / mistune_seconds:8.0f} pages/s")
    print(f"peak memory of the largest version's model build: {peak / 2**20:.0f} MiB")
    ratio = mistune_seconds / model_seconds
    verdict = "meets" if ratio >= 3 else "misses"
    print(f"model build is {ratio:.2f}x faster than mistune's AST parse ({verdict} the 3x target)")


if __name__ == "__main__":
    main()
