"""A model folded from remembered page parts is the model a cold read builds.

After each change to a copy of specs/ (a page edited, deleted, added, an unreadable file,
a damaged pack), `build_model_cached` must give the JSON `build_model` gives, reading only
the pages whose bytes changed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from graphdoc.model import page_cache, parallel, paths
from graphdoc.model.build import build_model
from graphdoc.model.digest import model_digests
from graphdoc.model.pack import PartPack
from graphdoc.model.page_cache import PageCacheStats, build_model_cached
from graphdoc.model.paths import PathTemplate
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


def _edit(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, (page, old)
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_each_kind_of_edit_builds_the_cold_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After each edit, the cached build is the cold one down to every field the model's
    digests hash (ids, resolved references, superseded paths, diagnostics), templates of new
    paths included, reading only the pages that changed."""
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    cache = tmp_path / "cache"
    pages = len(list(specs.rglob("*.md")))
    build_model_cached([specs], cache)
    contact, get = specs / "resources/contact.md", specs / "api/get-contact.md"
    item = specs / "resources/outlookitem.md"
    edits = [
        # a page gains a property
        (contact, "|displayName|String|", "|nickName2|String|New.|\n|displayName|String|"),
        # an operation gains a path (a template no run parsed) and answers another type
        (
            get,
            "GET /me/contacts/{id}\n",
            "GET /me/people/{p}/contacts/{i}\nGET /me/contacts/{i}\n",
        ),
        (get, "[contact](../resources/contact.md) object", "[phone](../resources/phone.md) object"),
        # types other pages inherit from change
        (specs / "resources/emailaddress.md", "|name|String|", "|name|[phone](phone.md)|"),
        (item, "|changeKey|String|", "|tags|Int32|New.|\n|changeKey|String|"),
    ]
    for page, old, new in edits:
        _edit(page, old, new)
        monkeypatch.setattr(paths, "_PARSED", {})  # as in a new process
        monkeypatch.setattr(paths, "_BY_PATH", {})
        stats = PageCacheStats()
        cached = build_model_cached([specs], cache, stats=stats)
        cold = build_model([specs])
        assert model_digests(cached).whole == model_digests(cold).whole, (page, new)
        assert _json(cached) == _json(cold)
        assert (stats.hits, stats.misses) == (pages - 1, 1)
    assert "people/{p}/contacts/{i}" in _json(cold)

    (specs / "resources/website.md").unlink()  # a page removed
    (specs / "resources/phone.md").rename(specs / "resources/telephone.md")  # one renamed
    stats = PageCacheStats()
    cached = build_model_cached([specs], cache, stats=stats)
    cold = build_model([specs])
    assert model_digests(cached).whole == model_digests(cold).whole
    assert (stats.hits, stats.misses) == (pages - 2, 1)
    assert "telephone.md" in _json(cold)


def test_templates_are_parsed_once_per_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run takes the path templates an earlier run parsed; ones that do not fit (a damaged
    file, a template under another path's text) are parsed again."""
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    cache = tmp_path / "cache"
    cold = model_digests(build_model([specs])).whole
    build_model_cached([specs], cache)
    monkeypatch.setattr(paths, "_PARSED", {})
    monkeypatch.setattr(paths, "_BY_PATH", {})
    with monkeypatch.context() as patched:
        patched.setattr(paths, "_parse", _no_parse)
        assert model_digests(build_model_cached([specs], cache)).whole == cold
    kept = list((cache / "pages").rglob("templates.pickle"))
    assert len(kept) == 1
    swapped = {"/me/contacts/{id}": PathTemplate.parse("/me/contacts")}
    for damage in (b"damaged", parallel.dumps(swapped)):
        kept[0].write_bytes(damage)
        monkeypatch.setattr(paths, "_PARSED", {})
        monkeypatch.setattr(paths, "_BY_PATH", {})
        assert model_digests(build_model_cached([specs], cache)).whole == cold
        assert all(text == template.text for text, template in paths.parsed_templates().items())


def _no_parse(text: str) -> PathTemplate:
    raise AssertionError(f"parsed again: {text}")


def test_a_shard_rewritten_for_an_edit_keeps_its_other_pages_unfolded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every page in one shard, the edit's save rewrites the parts of all the others,
    which the run also folds: they must be stored as read, or the next run folds them twice
    (here the contact type, documented on two pages, would hold the second page's rows
    already and conflict with them)."""
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    contact = specs / "resources/contact.md"
    (specs / "resources/intune-contact.md").write_text(
        contact.read_text(encoding="utf-8").replace(
            "|displayName|String|", "|intuneTag|String|Only here.|\n|displayName|String|", 1
        ),
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    sharded = page_cache._pack
    monkeypatch.setattr(
        page_cache, "_pack", lambda folder, root: PartPack(sharded(folder, root).folder, 1)
    )
    pages = len(list(specs.rglob("*.md")))
    _cached(specs, cache)
    _edit(specs / "resources/website.md", "|type|", "|type |")
    for misses in (1, 0):
        model, stats = _cached(specs, cache)
        assert model == _json(build_model([specs]))
        assert (stats.hits, stats.misses) == (pages - misses, misses)
    assert "intuneTag" in model
    assert len(list((cache / "pages").rglob("[0-9a-f][0-9a-f].pickle"))) == 1
