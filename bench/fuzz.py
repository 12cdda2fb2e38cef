"""Fuzzing: mutated real pages through the reader, lint, `lint --fix` and the emitters.

Each input is a real page (the corpus, else `specs/`) changed by one to four mutation
operators that imitate how pages really go wrong: lines cut, duplicated or swapped, a code
fence or HTML comment left open, pipes added or lost, CR/LF/NUL/U+2028 and other control
characters, JSON nested thousands deep, rows with thousands of cells or a megabyte cell,
random bytes, and other encodings (UTF-16, Latin-1, a BOM, CRLF). Input `i` of seed `s` is
the same on every machine (`random.Random(f"{s}:{i}")`), so one number reproduces it.

Stages, in this order on batches of `--batch` pages written as one docs tree (pages of a
tree meet each other, as in a real repository; a failing batch is re-run page by page to
name the page):

* read - `build_model` on the tree;
* emit - `build_files` without black on that model, then `compile()` of every module;
* lint - every rule (whole-tree mode, no cache) and the fixes: `lint --fix`;
* fix  - `lint --fix` again after a first run that fixed something: it must change no byte
  and report nothing fixed (idempotence).

Printed: pages per stage, crashes (any exception, a stage running past STAGE_TIMEOUT; for
emit also a module that does not compile), non-idempotent fixes, and the slowest input of
each stage (re-timed alone).
Each failing page is written to `--crashes` as `<stage>-<seed>-<index>.md` with a `.txt`
beside it holding the traceback and the command that replays it. Exit 1 when anything
failed.

    python bench/fuzz.py --pages 2000 --seed 1 [--start 0] [--stages read,lint,fix,emit]
    python bench/fuzz.py --seed 1 --only 1234          # replay one input, traceback shown
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS_CANDIDATES = (ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared" / "corpus")
STAGES = ("read", "emit", "lint", "fix")
PACKAGE = "fuzzed"

# ------------------------------------------------------------------------------ mutations

Mutation = Callable[[random.Random, str, Sequence[str]], str]
_CONTROL = ["\r", "\n", "\x00", "\u2028", "\u2029", "\x0b", "\x0c", "\t", "\ufeff", "\x85",
            "\r\n", "\x1b", "\u200b", "\u202e", "\ud800"]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _span(rng: random.Random, count: int) -> tuple[int, int]:
    start = rng.randrange(max(count, 1))
    return start, min(count, start + rng.randint(1, 12))


def cut_lines(rng: random.Random, text: str, _: Sequence[str]) -> str:
    lines = _lines(text)
    start, end = _span(rng, len(lines))
    return "\n".join(lines[:start] + lines[end:])


def truncate(rng: random.Random, text: str, _: Sequence[str]) -> str:
    return text[: rng.randrange(len(text) + 1)]


def duplicate_lines(rng: random.Random, text: str, _: Sequence[str]) -> str:
    lines = _lines(text)
    start, end = _span(rng, len(lines))
    at = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:at] + lines[start:end] * rng.randint(1, 3) + lines[at:])


def swap_lines(rng: random.Random, text: str, _: Sequence[str]) -> str:
    lines = _lines(text)
    first, second = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[first], lines[second] = lines[second], lines[first]
    return "\n".join(lines)


def splice_other_page(rng: random.Random, text: str, others: Sequence[str]) -> str:
    other = _lines(rng.choice(others)) if others else _lines(text)
    start, end = _span(rng, len(other))
    lines = _lines(text)
    at = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:at] + other[start:end] + lines[at:])


def unbalanced_markup(rng: random.Random, text: str, _: Sequence[str]) -> str:
    token = rng.choice(["```", "```json", "```http", "~~~", "<!--", "-->", "<!-- {", "<!--\n{",
                        "<br>", "<", "`", "# ", "## Properties", "### Request", "---", "| a |"])
    lines = _lines(text)
    at = rng.randrange(len(lines) + 1)
    if rng.random() < 0.5:
        lines.insert(at, token)
    elif lines:
        index = min(at, len(lines) - 1)
        lines[index] = lines[index] + token
    return "\n".join(lines)


def pipes(rng: random.Random, text: str, _: Sequence[str]) -> str:
    lines = _lines(text)
    rows = [index for index, line in enumerate(lines) if "|" in line] or [0]
    index = rng.choice(rows)
    line = lines[index] if lines else ""
    choice = rng.randrange(5)
    if choice == 0:
        line = line.replace("|", "", 1)
    elif choice == 1:
        at = rng.randrange(len(line) + 1)
        line = line[:at] + "|" * rng.randint(1, 4) + line[at:]
    elif choice == 2:
        line = line.strip().strip("|")
    elif choice == 3:
        line = line.replace("|", "\\|", 1)
    else:
        line = line + "| extra |" * rng.randint(1, 3)
    if lines:
        lines[index] = line
    return "\n".join(lines)


def control_chars(rng: random.Random, text: str, _: Sequence[str]) -> str:
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.5:  # near structure, where it hurts
            found = text.find(rng.choice(["|", "```", "<!--", "\n#", '"']), at)
            at = found if found >= 0 else at
        text = text[:at] + rng.choice(_CONTROL) + text[at:]
    return text


def deep_json(rng: random.Random, text: str, _: Sequence[str]) -> str:
    depth = rng.choice([100, 990, 1100, 5000, 20_000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    value = opener * depth + "1" + closer * depth * rng.choice([1, 1, 0])
    at = text.find("```json")
    if at >= 0 and rng.random() < 0.7:
        start = text.find("\n", at) + 1
        return text[:start] + value + "\n" + text[start:]
    lines = _lines(text)
    at_line = rng.randrange(len(lines) + 1)
    return "\n".join([*lines[:at_line], "```json", value, "```", *lines[at_line:]])


def huge_row(rng: random.Random, text: str, _: Sequence[str]) -> str:
    lines = _lines(text)
    rows = [index for index, line in enumerate(lines) if line.lstrip().startswith("|")]
    at = rng.choice(rows) + 1 if rows else len(lines)
    if rng.random() < 0.5:
        row = "|" + "| x " * rng.choice([100, 1000, 10_000]) + "|"
    else:
        row = "| name | " + "String " * rng.choice([100, 1000, 15_000]) + " | text |"
    return "\n".join([*lines[:at], row, *lines[at:]])


def breakout_text(rng: random.Random, text: str, _: Sequence[str]) -> str:
    token = rng.choice(['"""', "'''", "\\x", "\\", "{{ x }}", "{% if %}", "{x}", "${x}", "`",
                        "\\N{", "\u00e9", "\U0001f600", "\u0301", "con", "nul", "None", "class"])
    at = rng.randrange(len(text) + 1)
    for marker in ("|", "/", "`", "#"):
        if rng.random() < 0.3:
            found = text.find(marker, at)
            at = found + 1 if found >= 0 else at
    return text[:at] + token + text[at:]


MUTATIONS: dict[str, Mutation] = {
    "cut-lines": cut_lines,
    "truncate": truncate,
    "duplicate-lines": duplicate_lines,
    "swap-lines": swap_lines,
    "splice": splice_other_page,
    "unbalanced": unbalanced_markup,
    "pipes": pipes,
    "control-chars": control_chars,
    "deep-json": deep_json,
    "huge-row": huge_row,
    "breakout": breakout_text,
}
# Whole-page byte-level changes, applied last (after the text ones).
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-be", "latin-1", "cp1252", "crlf", "cr")


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 16)) + data[at + rng.randint(0, 8):]


def encode(rng: random.Random, text: str) -> tuple[bytes, list[str]]:
    """The page as bytes: usually UTF-8, sometimes another encoding or random bytes."""
    roll = rng.random()
    if roll < 0.8:
        return text.encode("utf-8", "surrogatepass"), []
    if roll < 0.9:
        return random_bytes(rng, text.encode("utf-8", "surrogatepass")), ["random-bytes"]
    encoding = rng.choice(ENCODINGS)
    if encoding == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass"), [encoding]
    if encoding == "cr":
        return text.replace("\n", "\r").encode("utf-8", "surrogatepass"), [encoding]
    return text.encode(encoding, "replace"), [f"encoding-{encoding}"]


@dataclass(frozen=True)
class Input:
    index: int
    origin: str  # corpus page it came from, relative to the corpus
    folder: str  # api or resources
    name: str
    operators: tuple[str, ...]
    data: bytes


class Mutator:
    def __init__(self, corpus: Path, seed: int) -> None:
        self.corpus = corpus
        self.seed = seed
        self.pages = sorted(
            path for path in corpus.rglob("*.md") if path.parent.name in ("api", "resources")
        )
        if not self.pages:
            raise SystemExit(f"fuzz: no api/ or resources/ pages under {corpus}")
        self._texts: dict[Path, str] = {}

    def text(self, path: Path) -> str:
        found = self._texts.get(path)
        if found is None:
            found = path.read_bytes().decode("utf-8", "replace")
            if len(self._texts) > 4000:
                self._texts.clear()
            self._texts[path] = found
        return found

    def input(self, index: int) -> Input:
        rng = random.Random(f"{self.seed}:{index}")
        page = rng.choice(self.pages)
        text = self.text(page)
        others = [self.text(rng.choice(self.pages))]
        operators = [rng.choice(sorted(MUTATIONS)) for _ in range(rng.randint(1, 4))]
        for name in operators:
            text = MUTATIONS[name](rng, text, others)
        data, extra = encode(rng, text)
        return Input(
            index,
            page.relative_to(self.corpus).as_posix(),
            page.parent.name,
            page.name,
            tuple(operators + extra),
            data,
        )


# ------------------------------------------------------------------------------ stages


@dataclass
class Failure:
    stage: str
    item: Input
    kind: str  # "crash" or "not idempotent"
    detail: str


def write_tree(root: Path, items: Sequence[Input]) -> dict[Path, Input]:
    """The inputs as one docs tree (`api/`, `resources/`); file → input."""
    files: dict[Path, Input] = {}
    for item in items:
        folder = root / item.folder
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / item.name
        if file.exists():
            file = folder / f"{Path(item.name).stem}-{item.index}.md"
        file.write_bytes(item.data)
        files[file] = item
    return files


Problem = tuple[Input | None, str, str]  # (the page if known, kind, detail)


class Batch:
    """One docs tree of inputs, taken through the stages in order (each reuses the last)."""

    def __init__(self, root: Path, items: Sequence[Input]) -> None:
        self.root = root
        self.files = write_tree(root, items)
        self.model: Any = None
        self.fixed_first: int | None = None  # fixes the first `lint --fix` applied

    def read(self) -> list[Problem]:
        from graphdoc.model.build import build_model

        self.model = build_model([self.root])
        return []

    def emit(self) -> list[Problem]:
        """`build_files` without black; every module must compile."""
        from graphdoc.emit.build import build_files

        if self.model is None:
            self.read()
        generated, _ = build_files(self.model, PACKAGE, format=False)
        problems: list[Problem] = []
        for path, text in generated.items():
            if path.endswith(".py"):
                try:
                    compile(text, path, "exec")
                except (SyntaxError, ValueError) as error:
                    name = type(error).__name__
                    problems.append((None, "crash", f"{path} does not compile: {name}\n{error!r}"))
        return problems

    def lint(self) -> list[Problem]:
        """Every rule on the pages as written, then their fixes (what `lint --fix` does)."""
        self.fixed_first = self._lint_fix()
        return []

    def fix(self) -> list[Problem]:
        """`lint --fix` once more: it must change no byte and report nothing fixed. Needed
        only when the first run fixed something: otherwise no page changed and the same
        findings, none of them fixable, would come back."""
        if self.fixed_first is None:
            self.lint()
        if not self.fixed_first:
            return []
        before = {file: file.read_bytes() for file in self.files}
        fixed = self._lint_fix()
        problems: list[Problem] = [
            (item, "not idempotent", "a second --fix changed the page")
            for file, item in self.files.items()
            if file.read_bytes() != before[file]
        ]
        if fixed and not problems:
            problems.append((None, "not idempotent", f"a second --fix reported {fixed} fixed"))
        return problems

    def _lint_fix(self) -> int:
        from graphdoc.lint.config import LintConfig
        from graphdoc.lint.runner import lint

        config = LintConfig(base=self.root)
        return lint(sorted(self.files), config, fix=True, use_cache=False, mode="whole").fixed


@dataclass
class StageReport:
    pages: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    slowest_batch: tuple[float, list[Input]] = (0.0, [])

    def count(self, kind: str) -> int:
        return len({f.item.index for f in self.failures if f.kind == kind})


Timings = dict[str, tuple[float, list[Problem]]]
_BUILDS_ON = {"read": "emit", "lint": "fix"}  # the stage that needs this one to have run
STAGE_TIMEOUT = 120.0  # seconds for one stage on one batch (about 2 s normally): a hang


class Hang(Exception):
    """A stage ran past STAGE_TIMEOUT; the traceback shows where it was."""


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"stage still running after {seconds:.0f}s")

    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only
        return
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_batch(stages: Sequence[str], items: Sequence[Input]) -> Timings:
    """Per stage, (seconds, problems) on `items` as one tree; an exception is a problem and
    skips the stage that builds on it (emit on read, fix on lint)."""
    results: Timings = {}
    with tempfile.TemporaryDirectory(prefix="graphdoc-fuzz-") as folder:
        batch = Batch(Path(folder) / "v1.0", items)
        skipped: set[str] = set()
        for stage in stages:
            if stage in skipped:
                continue
            started = time.perf_counter()
            try:
                with _watchdog(STAGE_TIMEOUT):
                    problems = getattr(batch, stage)()
            except Exception:  # what the fuzzer is looking for (RecursionError, hangs included)
                problems = [(None, "crash", traceback.format_exc())]
            results[stage] = (time.perf_counter() - started, problems)
            if any(kind == "crash" for _, kind, _ in problems):
                skipped.add(_BUILDS_ON.get(stage, ""))
    return results


def check_batch(
    stages: Sequence[str], items: Sequence[Input], reports: dict[str, StageReport]
) -> None:
    for stage, (seconds, problems) in run_batch(stages, items).items():
        report = reports[stage]
        report.pages += len(items)
        report.seconds += seconds
        if seconds > report.slowest_batch[0]:
            report.slowest_batch = (seconds, list(items))
        for item, kind, detail in problems:
            if item is not None:
                report.failures.append(Failure(stage, item, kind, detail))
            else:
                blame(stages[: stages.index(stage) + 1], stage, items, kind, detail, report)


def blame(
    stages: Sequence[str], stage: str, items: Sequence[Input], kind: str, detail: str,
    report: StageReport,
) -> None:
    """A batch-level problem: the page(s) that cause the same problem alone, else the whole
    batch. (A page alone can fail otherwise, e.g. an operations page without the types its
    batch had; that is not what the batch showed.)"""
    wanted = signature(detail)
    blamed = False
    for single in items:
        _, alone = run_batch(stages, [single]).get(stage, (0.0, []))
        for _, single_kind, single_detail in alone:
            if signature(single_detail) == wanted:
                report.failures.append(Failure(stage, single, single_kind, single_detail))
                blamed = True
    if not blamed:
        for single in items:
            report.failures.append(Failure(stage, single, kind, f"(with its batch) {detail}"))


def signature(detail: str) -> str:
    """What makes two problems the same: the innermost frame and exception class of a
    traceback, else the first line with numbers masked."""
    lines = detail.strip().splitlines() or [""]
    if lines[0].startswith("Traceback"):
        frames = [line.strip() for line in lines if line.strip().startswith("File ")]
        return f"{frames[-1] if frames else ''} {lines[-1].split(':')[0]}"
    return re.sub(r"\d+", "N", lines[0])


def save_failure(failure: Failure, folder: Path, seed: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{failure.stage}-{seed}-{failure.item.index}"
    page = folder / f"{stem}.md"
    page.write_bytes(failure.item.data)
    (folder / f"{stem}.txt").write_text(
        f"{failure.kind} in stage {failure.stage}\n"
        f"from {failure.item.origin}, operators {', '.join(failure.item.operators)}\n"
        f"replay: python bench/fuzz.py --seed {seed} --only {failure.item.index} "
        f"--stages {failure.stage}\n\n{failure.detail}\n",
        encoding="utf-8",
    )
    return page


def slowest_input(stage: str, report: StageReport) -> tuple[float, Input | None]:
    """The slowest page of the slowest batch, re-timed alone."""
    best: tuple[float, Input | None] = (0.0, None)
    stages = STAGES[: STAGES.index(stage) + 1]
    for item in report.slowest_batch[1]:
        seconds, _ = run_batch(stages, [item]).get(stage, (0.0, []))
        if seconds > best[0]:
            best = (seconds, item)
    return best


def default_corpus() -> Path:
    for candidate in CORPUS_CANDIDATES:
        if candidate.is_dir():
            return candidate
    return ROOT / "specs"


def fuzz(
    corpus: Path,
    seed: int,
    indices: Sequence[int],
    stages: Sequence[str],
    batch: int,
    crashes: Path,
    out: Callable[[str], None] = print,
) -> dict[str, StageReport]:
    mutator = Mutator(corpus, seed)
    reports = {stage: StageReport() for stage in stages}
    started = time.perf_counter()
    saved: set[int] = set()
    for offset in range(0, len(indices), batch):
        items = [mutator.input(index) for index in indices[offset : offset + batch]]
        check_batch(stages, items, reports)
        for report in reports.values():  # written at once: a long run may be stopped
            for failure in report.failures:
                if id(failure) not in saved:
                    saved.add(id(failure))
                    save_failure(failure, crashes, seed)
        done = offset + len(items)
        if done % (batch * 40) == 0 or done == len(indices):
            failures = sum(len(report.failures) for report in reports.values())
            out(f"  {done}/{len(indices)} inputs, {failures} failures, "
                f"{time.perf_counter() - started:.0f}s")
    return reports


def summary(reports: dict[str, StageReport], seed: int, indices: Sequence[int]) -> list[str]:
    first, last = (indices[0], indices[-1]) if indices else (0, -1)
    lines = [f"fuzz seed {seed}, inputs {first}..{last}"]
    for stage, report in reports.items():
        seconds, item = slowest_input(stage, report)
        slowest = (
            f"slowest {seconds:.2f}s: input {item.index} ({item.origin}; "
            f"{', '.join(item.operators)}; {len(item.data)} bytes)"
            if item is not None
            else "slowest -"
        )
        rate = report.pages / report.seconds if report.seconds else 0.0
        lines.append(
            f"{stage:<5} {report.pages} pages, {rate:.0f} pages/s, "
            f"crashes {report.count('crash')}, non-idempotent fixes "
            f"{report.count('not idempotent')}; {slowest}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first input index")
    parser.add_argument("--pages", type=int, default=1000, help="how many inputs")
    parser.add_argument("--only", type=int, default=None, help="replay one input index")
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--batch", type=int, default=20, help="pages per docs tree")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    parser.add_argument("--json", type=Path, default=None, help="also write figures as JSON")
    args = parser.parse_args(argv)
    named = {stage.strip() for stage in args.stages.split(",") if stage.strip()}
    if named - set(STAGES):
        parser.error(f"unknown stage(s): {', '.join(sorted(named - set(STAGES)))}")
    stages = [stage for stage in STAGES if stage in named]
    corpus = args.corpus or default_corpus()
    if args.only is not None:
        indices = [args.only]
    else:
        indices = list(range(args.start, args.start + args.pages))
    print(f"fuzz: corpus {corpus}, stages {', '.join(stages)}, batch {args.batch}")
    reports = fuzz(corpus, args.seed, indices, stages, args.batch, args.crashes)
    lines = summary(reports, args.seed, indices)
    print("\n".join(lines))
    failures = [failure for report in reports.values() for failure in report.failures]
    for failure in failures[:20]:
        print(f"\n{failure.kind} in {failure.stage}: input {failure.item.index} "
              f"({failure.item.origin}; {', '.join(failure.item.operators)})")
        print(failure.detail.rstrip()[-1500:])
    if failures:
        print(f"\n{len(failures)} failing inputs written to {args.crashes}/")
    if args.json is not None:
        args.json.write_text(json.dumps({
            "seed": args.seed, "start": indices[0] if indices else 0, "inputs": len(indices),
            "stages": {stage: {"pages": report.pages, "seconds": round(report.seconds, 2),
                               "crashes": report.count("crash"),
                               "non_idempotent": report.count("not idempotent")}
                       for stage, report in reports.items()},
        }, indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
