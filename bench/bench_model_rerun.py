"""Benchmark: the model part of a one-page rerun (issue 12's one-second budget gives it ~0.3 s).

What `graphdoc generate` does for the model after a one-page edit, in a new process: the
page cache's build (`build_model_cached`: the pack read, unchanged parts unpickled, the edited
page read, all folded and resolved) and the model's digests (`model_digests`: the record's
fingerprint and the emitters' keys). Two kinds of edit, as `bench_generate.py` step 3: one
resource page gains a property, one api page changes its response type. Each is timed best of
3 (a fresh edit each time), against the reference of the same process building the model
cold (every page read, in this process) and digesting it.

    python bench/bench_model_rerun.py [--corpus DIR]

The corpus is copied to a temporary folder first (it is read-only, and the edits change it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The corpus and the edits of `bench_generate.py` step 3 (run as a script: its folder is on
# the path).
from bench_generate import API_PAGE, DEFAULT_CORPUS, add_property, change_response

# Run in a new process: the timings of the model part, as JSON on stdout.
_CHILD = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from graphdoc import collector
from graphdoc.model.build import build_model
from graphdoc.model.digest import model_digests
from graphdoc.model.page_cache import PageCacheStats, build_model_cached
from graphdoc.write.file_digests import FileDigests
imported = time.perf_counter()
corpus, cache, cold = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "cold"
stats = PageCacheStats()
with collector.paused():  # as `generate` runs it
    if cold:
        model = build_model([corpus])
    else:
        digests = FileDigests(cache / "inputs")  # what `generate` keeps: pages' stat
        model = build_model_cached([corpus], cache, stats=stats, digests=digests)
        digests.save()
    built = time.perf_counter()
    model_digests(model)
    digested = time.perf_counter()
print(json.dumps({
    "imports": imported - started, "build": built - imported,
    "digests": digested - built, "read": stats.misses,
}))
"""


def _model_part(corpus: Path, cache: Path, *, cold: bool = False) -> dict[str, float]:
    command = [sys.executable, "-c", _CHILD, str(corpus), str(cache), "cold" if cold else "warm"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(done.stdout)
    return found


def _edit_resource(corpus: Path, count: int) -> None:
    add_property(corpus, f"benchProp{count}")


def _edit_api(corpus: Path, count: int) -> None:
    """contact → person and back, alternately."""
    page = (corpus / API_PAGE).read_text(encoding="utf-8")
    now = "contact" if '"@odata.type": "microsoft.graph.contact"' in page else "person"
    change_response(corpus, now, "person" if now == "contact" else "contact")


def _line(label: str, timing: dict[str, float], reference: float) -> None:
    part = timing["build"] + timing["digests"]
    print(
        f"  {label:<36} {part:6.3f} s (build {timing['build']:.3f}, digests "
        f"{timing['digests']:.3f}; {timing['read']:.0f} page read)  "
        f"-> {part / reference:.3f} of the cold model"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="graphdoc-bench-model-") as folder:
        root = Path(folder)
        corpus, cache = root / "corpus", root / "cache"
        shutil.copytree(args.corpus, corpus)
        _model_part(corpus, cache)  # fills the page cache
        cold = _model_part(corpus, cache, cold=True)
        reference = cold["build"] + cold["digests"]
        print("model part of a rerun, new process (best of 3)")
        print(
            f"  {'cold: every page read':<36} {reference:6.3f} s (build {cold['build']:.3f}, "
            f"digests {cold['digests']:.3f})"
        )
        count = 0
        for label, edit in (
            ("one resource page gains a property", _edit_resource),
            ("one api page changes its response", _edit_api),
        ):
            runs = []
            for _ in range(3):
                count += 1
                edit(corpus, count)
                runs.append(_model_part(corpus, cache))
            _line(label, min(runs, key=lambda run: run["build"] + run["digests"]), reference)
        print("  target: <= 0.3 s for build + digests (issue 12's one-second rerun)")


if __name__ == "__main__":
    main()
