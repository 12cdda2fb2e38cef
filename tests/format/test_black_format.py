"""black runs with one pinned mode, caches by content and names the file it choked on."""

from __future__ import annotations

import os
import pickle
import signal
from pathlib import Path

import black
import pytest
from graphdoc.format import black_format
from graphdoc.format.black_format import (
    FormatCache,
    FormatError,
    black_mode,
    format_many,
    format_source,
)
from graphdoc.progress import Progress

LOOSE = "x = {  'a':1,\n'b' : [1,2,\n3]}\ndef f( a ):\n  return a\n"
FORMATTED = 'x = {"a": 1, "b": [1, 2, 3]}\n\n\ndef f(a):\n    return a\n'


def _module(index: int) -> str:
    return f"def f{index}( x ):\n  return {{ 'k':x, 'i':{index} }}\n"


def test_mode_is_pinned() -> None:
    assert black_mode().target_versions == {black.TargetVersion.PY311}
    assert black_mode().line_length == 88
    assert black_format.black_version() == vars(black)["__version__"]


def test_format_source() -> None:
    assert format_source(LOOSE) == FORMATTED
    assert format_source(FORMATTED) == FORMATTED
    assert format_source("") == ""


def test_format_source_uses_py311_target() -> None:
    # Parenthesised context managers only parse for 3.9+ targets; match for 3.10+.
    source = "match x:\n    case 1:\n        pass\n"
    assert format_source(source) == source


def test_format_source_error_names_path() -> None:
    with pytest.raises(FormatError) as caught:
        format_source("def (:\n", path="models/bad.py")
    assert caught.value.path == "models/bad.py"
    assert "cannot parse" in caught.value.message.lower()
    assert str(caught.value).startswith("models/bad.py: ")


def test_format_error_pickles() -> None:
    error = pickle.loads(pickle.dumps(FormatError("a.py", "boom")))
    assert (error.path, error.message) == ("a.py", "boom")


def test_cache_layout_and_round_trip(tmp_path: Path) -> None:
    cache = FormatCache(tmp_path / "cache")
    assert cache.get(LOOSE) is None
    cache.put(LOOSE, FORMATTED)
    key = FormatCache.key(LOOSE)
    assert len(key) == 64
    stored = tmp_path / "cache" / key[:2] / key[2:]
    assert stored.read_bytes() == FORMATTED.encode()
    assert cache.get(LOOSE) == FORMATTED
    # Only the entry itself is left: no temp files.
    assert [p.name for p in (tmp_path / "cache" / key[:2]).iterdir()] == [key[2:]]


def test_cache_keeps_newlines_and_unicode(tmp_path: Path) -> None:
    cache = FormatCache(tmp_path)
    text = 'x = "é\\r\\n"\r\n# ☃\n'
    cache.put("src", text)
    assert cache.get("src") == text


def test_cache_key_depends_on_black_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = FormatCache.key(LOOSE)
    monkeypatch.setattr(black_format, "black_version", lambda: "0.0.0")
    assert FormatCache.key(LOOSE) != before


def test_cache_key_is_stable() -> None:
    assert FormatCache.key(LOOSE) == FormatCache.key(LOOSE)
    assert FormatCache.key(LOOSE) != FormatCache.key(FORMATTED)


def test_cache_overwrites_damaged_entry(tmp_path: Path) -> None:
    cache = FormatCache(tmp_path)
    path = cache.path_for(LOOSE)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe not utf-8")
    assert cache.get(LOOSE) is None
    result = format_many({"a.py": LOOSE}, cache)
    assert result.formatted == {"a.py": FORMATTED}
    assert cache.get(LOOSE) == FORMATTED


def test_format_many_in_process_then_cached(tmp_path: Path) -> None:
    cache = FormatCache(tmp_path)
    sources = {"a.py": LOOSE, "b.py": _module(1)}
    first = format_many(sources, cache)
    assert first.formatted["a.py"] == FORMATTED
    assert list(first.formatted) == ["a.py", "b.py"]
    assert (first.hits, first.misses) == (0, 2)
    assert first.black_seconds > 0 and first.wall_seconds > 0
    second = format_many(sources, cache)
    assert second.formatted == first.formatted
    assert (second.hits, second.misses) == (2, 0)
    assert second.black_seconds == 0


def test_format_many_without_cache() -> None:
    result = format_many({"a.py": LOOSE}, None)
    assert result.formatted == {"a.py": FORMATTED}
    assert (result.hits, result.misses) == (0, 1)


def test_format_many_formats_duplicates_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = black_format.format_source

    def counting(source: str, path: str = "<string>") -> str:
        calls.append(source)
        return real(source, path)

    monkeypatch.setattr(black_format, "format_source", counting)
    result = format_many({"a/__init__.py": LOOSE, "b/__init__.py": LOOSE}, None, workers=1)
    assert calls == [LOOSE]
    assert result.formatted == {"a/__init__.py": FORMATTED, "b/__init__.py": FORMATTED}


def test_format_many_process_pool(tmp_path: Path) -> None:
    sources = {f"m{i}.py": _module(i) for i in range(20)}
    cache = FormatCache(tmp_path)
    result = format_many(sources, cache, workers=2)
    assert result.misses == 20
    for index in range(20):
        assert result.formatted[f"m{index}.py"] == format_source(_module(index))
    assert format_many(sources, cache, workers=2).hits == 20


def test_format_many_partial_hits(tmp_path: Path) -> None:
    cache = FormatCache(tmp_path)
    format_many({"a.py": _module(1)}, cache)
    result = format_many({"a.py": _module(1), "b.py": _module(2)}, cache)
    assert (result.hits, result.misses) == (1, 1)


def test_format_many_pool_falls_back_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(sources: list[str], workers: int, progress: Progress | None) -> list[object]:
        raise OSError("no semaphores here")

    monkeypatch.setattr(black_format, "_run_pool", no_pool)
    sources = {f"m{i}.py": _module(i) for i in range(10)}
    result = format_many(sources, None, workers=4)
    assert result.formatted["m3.py"] == format_source(_module(3))


@pytest.mark.parametrize("workers", [1, 2])
def test_format_many_error_names_first_bad_path(tmp_path: Path, workers: int) -> None:
    sources = {f"m{i}.py": _module(i) for i in range(10)}
    sources["z_bad.py"] = "def (:\n"
    sources["a_bad.py"] = "class\n"
    cache = FormatCache(tmp_path)
    with pytest.raises(FormatError) as caught:
        format_many(sources, cache, workers=workers)
    assert caught.value.path == "z_bad.py"  # first in input order
    # Good files were still cached, so the next run only redoes the broken ones.
    assert cache.get(_module(0)) == format_source(_module(0))


def test_format_many_default_workers_is_cpu_count(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def fake_pool(
        sources: list[str], workers: int, progress: Progress | None
    ) -> list[tuple[str, None, float]]:
        seen.append(workers)
        return [(source, None, 0.0) for source in sources]

    monkeypatch.setattr(black_format, "_run_pool", fake_pool)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    format_many({f"m{i}.py": _module(i) for i in range(12)}, None)
    assert seen == [3]


def test_process_pool_really_runs() -> None:
    # format_many falls back in-process silently; make sure the pool itself works here.
    counted: list[tuple[int, int]] = []
    outcomes = black_format._run_pool(
        [_module(i) for i in range(9)], 2, lambda done, total: counted.append((done, total))
    )
    assert [text for text, _, _ in outcomes] == [format_source(_module(i)) for i in range(9)]
    assert all(error is None and seconds > 0 for _, error, seconds in outcomes)
    assert counted == [(i, 9) for i in range(1, 10)]  # progress after each module


def test_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be\n")
    result = format_many({"a.py": LOOSE}, FormatCache(blocker))
    assert result.formatted == {"a.py": FORMATTED}


def test_a_warm_pool_formats_ahead_what_format_many_then_takes(tmp_path: Path) -> None:
    sources = {f"m{index}.py": _module(index) for index in range(3)}
    expected = format_many(sources, None, workers=1).formatted
    with black_format.WarmPool(workers=2) as warm:
        warm.start()
        warm.prefetch([sources["m0.py"], sources["m1.py"]], FormatCache(tmp_path))
        assert len(warm.pending) == (2 if warm.pool is not None else 0)
        result = format_many(sources, FormatCache(tmp_path), warm=warm)
        assert warm.pending == {}
    assert result.formatted == expected and result.misses == 3


def test_format_many_outlives_its_warm_pool(tmp_path: Path) -> None:
    sources = {"a.py": LOOSE}
    warm = black_format.WarmPool(workers=2)
    warm.start()
    warm.prefetch([LOOSE], None)
    warm.close()  # as if its processes had gone
    assert format_many(sources, None, warm=warm).formatted == {"a.py": FORMATTED}


def _big_module(index: int) -> str:
    """A module of some 20 KB, so a few of them fill a pipe's buffer."""
    return "".join(f"def f{index}_{n}( a,b ):\n    return {{ 'k':a,'v':b }}\n" for n in range(400))


def test_the_warm_worker_takes_more_than_a_pipe_holds_before_anyone_reads() -> None:
    """Sources sent ahead (`prefetch`) are drained by the worker while its answers wait
    unread: neither side blocks the other, whatever the sizes."""
    sources = {f"m{index}.py": _big_module(index) for index in range(12)}
    with black_format.WarmPool(workers=2) as warm:
        warm.start()
        if warm.pool is None:
            pytest.skip("no fork here: no warm worker")
        warm.prefetch(sources.values(), None)
        assert len(warm.pending) == 12
        result = format_many(sources, None, warm=warm)
    assert result.formatted["m7.py"] == format_source(_big_module(7))


def test_the_warm_worker_names_a_broken_module_and_leaves_no_process() -> None:
    sources = {"a.py": LOOSE, "z_bad.py": "def (:\n"}
    warm = black_format.WarmPool(workers=2)
    warm.start()
    if warm.pool is None:
        pytest.skip("no fork here: no warm worker")
    pid = warm.pool.pid
    with pytest.raises(FormatError) as caught:
        format_many(sources, None, warm=warm)
    assert caught.value.path == "z_bad.py"
    warm.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: nothing left running or defunct


def test_a_warm_worker_that_dies_leaves_the_work_to_this_process() -> None:
    warm = black_format.WarmPool(workers=2)
    warm.start()
    if warm.pool is None:
        pytest.skip("no fork here: no warm worker")
    os.kill(warm.pool.pid, signal.SIGKILL)
    result = format_many({"a.py": LOOSE}, None, warm=warm)
    assert result.formatted == {"a.py": FORMATTED}
    assert warm.pool is None  # given up, and reaped
    warm.close()
