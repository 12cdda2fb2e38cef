"""A model folded from remembered page parts is the model a cold read builds.

After each change to a copy of specs/ (a page edited, deleted, added, an unreadable file,
a damaged pack), `build_model_cached` must give the JSON `build_model` gives, reading only
the pages whose bytes changed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from graphdoc.model.build import build_model
from graphdoc.model.page_cache import PageCacheStats, build_model_cached
from graphdoc.model.serialize import to_json
from graphdoc.model.types import ApiModel

ROOT = Path(__file__).resolve().parents[2]


def _cached(specs: Path, cache: Path) -> tuple[str, PageCacheStats]:
    stats = PageCacheStats()
    model = build_model_cached([specs], cache, stats=stats)
    return _json(model), stats


def _json(model: ApiModel) -> str:
    return json.dumps(to_json(model), sort_keys=True)


def test_only_changed_pages_are_read_and_the_model_is_the_cold_one(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    cache = tmp_path / "cache"
    pages = len(list(specs.rglob("*.md")))

    model, stats = _cached(specs, cache)
    assert model == _json(build_model([specs]))
    assert (stats.hits, stats.misses) == (0, pages)

    model, stats = _cached(specs, cache)
    assert model == _json(build_model([specs]))
    assert (stats.hits, stats.misses) == (pages, 0)

    contact = specs / "resources/contact.md"
    contact.write_text(
        contact.read_text(encoding="utf-8").replace(
            "|displayName|String|", "|nickName2|String|Added.|\n|displayName|String|", 1
        ),
        encoding="utf-8",
    )
    (specs / "resources/website.md").unlink()
    (specs / "resources/binary.md").write_bytes(b"\x00\x01not a page")
    model, stats = _cached(specs, cache)
    assert model == _json(build_model([specs]))
    assert "nickName2" in model
    assert (stats.hits, stats.misses) == (pages - 2, 2)

    # A file that is no page is remembered with its diagnostic, like any other.
    model, stats = _cached(specs, cache)
    assert model == _json(build_model([specs]))
    assert "GD001" in model  # the binary file: not read, and said so
    assert (stats.hits, stats.misses) == (pages, 0)


def test_a_damaged_pack_is_read_afresh(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    cache = tmp_path / "cache"
    _cached(specs, cache)
    shards = list((cache / "pages").rglob("*.pickle"))
    assert shards
    for shard in shards:
        shard.write_bytes(b"damaged")
    model, stats = _cached(specs, cache)
    assert model == _json(build_model([specs]))
    assert stats.hits == 0
