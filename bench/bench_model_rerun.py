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

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "corpus"
    / "graph-docs-2021-07"
    / "api-reference"
    / "v1.0"
)
RESOURCE_PAGE = "resources/contact.md"
API_PAGE = "api/contact-get.md"

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


def _edit_resource(page: Path, count: int) -> None:
    text = page.read_text(encoding="utf-8")
    marker = "|displayName|String|"
    page.write_text(text.replace(marker, f"|benchProp{count}|String|Added.|\n{marker}", 1), "utf-8")


def _edit_api(page: Path, count: int) -> None:
    """contact → person and back, alternately."""
    pairs = [
        ("[contact](../resources/contact.md) object in the response body",
         "[person](../resources/person.md) object in the response body"),
        ('"@odata.type": "microsoft.graph.contact"', '"@odata.type": "microsoft.graph.person"'),
    ]
    text = page.read_text(encoding="utf-8")
    for old, new in pairs:
        if count % 2:
            old, new = new, old
        assert old in text, (page, old)
        text = text.replace(old, new)
    page.write_text(text, encoding="utf-8")


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
        for label, page, edit in (
            ("one resource page gains a property", corpus / RESOURCE_PAGE, _edit_resource),
            ("one api page changes its response", corpus / API_PAGE, _edit_api),
        ):
            runs = []
            for _ in range(3):
                count += 1
                edit(page, count)
                runs.append(_model_part(corpus, cache))
            _line(label, min(runs, key=lambda run: run["build"] + run["digests"]), reference)
        print("  target: <= 0.3 s for build + digests (issue 12's one-second rerun)")


if __name__ == "__main__":
    main()
