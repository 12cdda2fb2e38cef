"""Benchmark: wall time of one `graphdoc lint` process, startup included.

* one corpus page, the pre-commit case (target: at most 0.2 s), with a cold cache (the type
  index of its whole tree is built and written) and a warm one, through `graphdoc lint` and
  through `python -m graphdoc.lint` (the hook's entry, which skips the other subcommands'
  imports);
* one page of specs/;
* the whole 2021 corpus (beta and v1.0 in one process), with pages per second.

Figures, not pass/fail: the machines here are shared and noisy, so each figure is the
median of `--repeat` runs, given as wall time and as CPU time (user + system of the child
process, which contention for the cores does not inflate the way it inflates wall time),
beside a bare `python -c pass` measured the same way in the same run. Processes run with
bytecode caching on (`PYTHONDONTWRITEBYTECODE` removed), as in an installed environment.

    python bench/bench_lint.py [--corpus DIR] [--repeat N] [--page api/contact-get.md]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "graph-docs-2021-07" / "api-reference"
GRAPHDOC = Path(sys.executable).parent / "graphdoc"


ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `command`."""
    cpu = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, check=False, env=ENV)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    return elapsed, _children_cpu() - cpu


def median(command: list[str], repeat: int, before: list[str] | None = None) -> str:
    walls, cpus = [], []
    for _ in range(repeat):
        if before is not None:
            shutil.rmtree(before[0], ignore_errors=True)
        elapsed, cpu = wall(command)
        walls.append(elapsed)
        cpus.append(cpu)
    return f"{statistics.median(walls):.3f} s wall, {statistics.median(cpus):.3f} s CPU"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--page", default="api/contact-get.md", help="page of beta/ to lint")
    parser.add_argument("--skip-whole", action="store_true", help="skip the whole-corpus run")
    args = parser.parse_args()
    lint = [str(GRAPHDOC), "lint"]
    module = [sys.executable, "-m", "graphdoc.lint"]
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        cache = str(Path(scratch) / "cache")
        wall([*module, "--list-rules"])  # write the bytecode caches once
        rows.append(("python -c pass (reference)", median([sys.executable, "-c", "pass"],
                                                          args.repeat)))
        specs_page = str(ROOT / "specs" / "api" / "get-contact.md")
        rows.append(("specs/ page, graphdoc lint", median([*lint, specs_page], args.repeat)))
        page = args.corpus / "beta" / args.page
        if page.exists():
            for label, command in (("graphdoc lint", lint), ("python -m graphdoc.lint", module)):
                run = [*command, "--cache-dir", cache, str(page)]
                cold = median(run, max(1, args.repeat // 2), before=[cache])
                wall(run)  # make sure the cache is warm
                warm = median(run, args.repeat)
                rows.append((f"one beta page, {label}, cold cache", cold))
                rows.append((f"one beta page, {label}, warm cache", warm))
            if not args.skip_whole:
                pages = sum(1 for _ in args.corpus.rglob("*.md"))
                whole, _ = wall([*lint, "--no-cache", "--format", "json", str(args.corpus)])
                rows.append(
                    (f"whole 2021 corpus ({pages} pages)",
                     f"{whole:.1f} s, {pages / whole:.0f} pages/s")
                )
        else:
            rows.append(("corpus", f"not found at {args.corpus}"))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
