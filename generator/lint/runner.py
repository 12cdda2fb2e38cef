"""Which files to lint, how much of their trees to read, and the rules run over each page.

Paths are grouped by tree (API version). A tree whose pages are mostly being linted is
read whole into one model; a tree of which only a few pages are linted (a pre-commit run)
is read through the cached type index plus the pages the rules ask for, so one page is
linted in a fraction of a second while still resolving types against the whole tree.
"""

from __future__ import annotations

import fnmatch
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError as UsageError
from ..model.build import SourceFile, build_from_files, load
from ..model.resolve import TypeIndex
from ..model.types import ApiModel, Diagnostic, Example, Operation
from ..read.page import PageDoc
from .config import LintConfig
from .context import PageContext, TreeAnchors
from .findings import Finding
from .fix import fix_file
from .rules import CHECKS
from .suppress import apply, read_suppressions, unused
from .tree import (
    LazyTypes,
    ModelTypes,
    TreeIndex,
    TypeSource,
    markdown_files,
    tree_root,
)

# A tree is read whole when at least this share of its pages is linted, or when it is small.
WHOLE_TREE_SHARE = 0.25
SMALL_TREE = 40


@dataclass(slots=True)
class TreeStats:
    root: Path
    files: int
    linted: int
    mode: str  # "whole" or "index"
    reindexed: int = 0
    pages_read: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class LintResult:
    findings: list[Finding]
    files: int
    fixed: int = 0
    trees: list[TreeStats] = field(default_factory=list)


def collect(paths: list[Path], config: LintConfig) -> list[Path]:
    """The Markdown files named by `paths` (folders are walked), minus configured excludes."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p.resolve() for p in markdown_files(path.resolve()))
        elif path.is_file():
            if path.suffix.lower() in (".md", ".markdown"):
                found.add(path.resolve())
        else:
            raise UsageError(f"{path}: no such file or folder")
    return sorted(p for p in found if not _excluded(p, config))


def _excluded(file: Path, config: LintConfig) -> bool:
    if not config.exclude:
        return False
    try:
        relative = file.relative_to(config.base).as_posix()
    except ValueError:
        relative = file.as_posix()
    return any(fnmatch.fnmatch(relative, pattern) for pattern in config.exclude)


def _enabled_checks(config: LintConfig) -> list[Callable[[PageContext], None]]:
    return [check for codes, check in CHECKS if codes & config.selected]


@dataclass(slots=True)
class _Tree:
    tree: TreeIndex
    model: ApiModel
    docs: dict[str, PageDoc]
    types: TypeSource
    stats: TreeStats
    # Linted pages that are not plain UTF-8 (read or not), by path: one GDL003 each.
    unreadable: dict[str, Diagnostic] = field(default_factory=dict)


def _unreadable(sources: list[SourceFile], linted: set[str]) -> dict[str, Diagnostic]:
    return {
        source.path: source.problem
        for source in sources
        if source.problem is not None and source.path in linted
    }


def _read_tree(
    root: Path, files: list[Path], config: LintConfig, use_cache: bool, mode: str
) -> _Tree:
    started = time.perf_counter()
    tree = TreeIndex.list(root)
    for file in files:
        tree.files.setdefault(file.relative_to(root).as_posix(), str(file))
    docs: dict[str, PageDoc] = {}

    def keep(doc: PageDoc) -> None:
        docs[doc.path] = doc

    whole = len(files) >= WHOLE_TREE_SHARE * len(tree.files) or len(tree.files) <= SMALL_TREE
    if mode != "auto":
        whole = mode == "whole"
    types: TypeSource
    if whole:
        index = TypeIndex()
        sources = [load(Path(tree.files[path]), root) for path in sorted(tree.files)]
        model = build_from_files(sources, index=index, on_page=keep)
        tree.index = index  # the whole model answers type questions (ModelTypes)
        types = ModelTypes(model, docs)
        stats = TreeStats(root, len(tree.files), len(files), "whole", pages_read=len(sources))
    else:
        tree.load(config.cache_dir if use_cache else None)
        sources = [load(file, root) for file in files]
        model = build_from_files(sources, index=tree.index, on_page=keep)
        types = LazyTypes(tree, model, docs)
        stats = TreeStats(
            root, len(tree.files), len(files), "index", reindexed=tree.reindexed,
            pages_read=len(sources),
        )
    stats.seconds = time.perf_counter() - started
    linted = {file.relative_to(root).as_posix() for file in files}
    return _Tree(tree, model, docs, types, stats, _unreadable(sources, linted))


def _page_findings(
    doc: PageDoc,
    file: Path,
    read: _Tree,
    operations: list[Operation],
    examples: list[Example],
    anchors: TreeAnchors,
    config: LintConfig,
    checks: list[Callable[[PageContext], None]],
) -> list[Finding]:
    ctx = PageContext(doc, file, read.tree, read.types, operations, examples, anchors)
    for check in checks:
        check(ctx)
    findings = [f for f in ctx.findings if config.enabled(f.code)]
    suppressions, unknown_codes = read_suppressions(doc)
    findings = apply(findings, suppressions)
    for line, column, token in unknown_codes:
        findings.append(
            Finding(doc.path, line, column, "GDL001",
                    f"suppression names `{token}`, which is no graphdoc rule", file)
        )
    for suppression, code in unused(suppressions, config.selected):
        what = f"`{code}` " if code else ""
        findings.append(
            Finding(doc.path, suppression.line, suppression.column, "GDL002",
                    f"suppression of {what}on line {suppression.line} suppresses nothing", file)
        )
    kept = [f for f in findings if config.enabled(f.code)]
    unique: dict[tuple[int, int, str, str], Finding] = {}
    for finding in kept:
        finding.severity = config.severity(finding.code)
        unique.setdefault((finding.line, finding.column, finding.code, finding.message), finding)
    return list(unique.values())


def _unreadable_finding(problem: Diagnostic, file: Path, config: LintConfig) -> Finding:
    finding = Finding(problem.path, problem.line, problem.column, "GDL003", problem.message, file)
    finding.severity = config.severity("GDL003")
    return finding


def lint_files(
    files: list[Path], config: LintConfig, *, use_cache: bool = True, mode: str = "auto"
) -> LintResult:
    """Lint `files` (resolved Markdown paths), each against its whole tree.

    `mode` "whole" reads every page of a tree, "index" reads the linted pages plus what the
    rules ask for (through the cached index), "auto" picks by the share of pages linted."""
    by_root: dict[Path, list[Path]] = defaultdict(list)
    for file in files:
        by_root[tree_root(file)].append(file)
    checks = _enabled_checks(config)
    findings: list[Finding] = []
    trees: list[TreeStats] = []
    for root in sorted(by_root):
        linted = by_root[root]
        read = _read_tree(root, linted, config, use_cache, mode)
        trees.append(read.stats)
        operations: dict[str, list[Operation]] = defaultdict(list)
        for operation in read.model.operations:
            operations[operation.source.path].append(operation)
        page_examples = {page.path: page.examples for page in read.model.pages}
        anchors = TreeAnchors(read.tree, read.docs)
        for file in linted:
            path = file.relative_to(root).as_posix()
            problem = read.unreadable.get(path)
            if problem is not None and config.enabled("GDL003"):
                findings.append(_unreadable_finding(problem, file, config))
            doc = read.docs.get(path)
            if doc is None:
                continue
            findings.extend(
                _page_findings(
                    doc,
                    file,
                    read,
                    operations.get(path, []),
                    page_examples.get(path, []),
                    anchors,
                    config,
                    checks,
                )
            )
    findings.sort(key=Finding.sort_key)
    return LintResult(findings, len(files), trees=trees)


def lint(
    paths: list[Path],
    config: LintConfig,
    *,
    fix: bool = False,
    use_cache: bool = True,
    mode: str = "auto",
) -> LintResult:
    """Lint `paths`; with `fix`, apply mechanical fixes and report what is left."""
    files = collect(paths, config)
    result = lint_files(files, config, use_cache=use_cache, mode=mode)
    if not fix:
        return result
    fixed = 0
    for _ in range(4):
        by_file: dict[Path, list[Finding]] = defaultdict(list)
        for finding in result.findings:
            if finding.fix is not None:
                by_file[finding.file].append(finding)
        applied = sum(fix_file(file, found) for file, found in by_file.items())
        if not applied:
            break
        fixed += applied
        result = lint_files(files, config, use_cache=use_cache, mode=mode)
    result.fixed = fixed
    return result
