"""A sharded cache dictionary: what is saved loads back, and a save rewrites only the
shards whose entries changed (the point of sharding: a one-page edit writes little)."""

from __future__ import annotations

from pathlib import Path

from graphdoc.write.shards import Shards


def _files(folder: Path) -> dict[str, int]:
    """Shard file → inode: a rewrite (atomic, a new file renamed over) changes it."""
    return {path.name: path.stat().st_ino for path in folder.glob("*.pickle")}


def test_saved_entries_load_back(tmp_path: Path) -> None:
    entries = {f"models/type{n}.py": (bytes([n]), f"text {n}") for n in range(200)}
    Shards(tmp_path / "memo").save(entries)
    assert Shards(tmp_path / "memo").load() == entries


def test_a_save_rewrites_only_the_shards_that_changed(tmp_path: Path) -> None:
    folder = tmp_path / "memo"
    entries = {f"page{n}.md": (b"k", b"part %d" % n) for n in range(200)}
    Shards(folder).save(entries)
    before = _files(folder)
    assert len(before) > 10  # spread over many shards

    shards = Shards(folder)
    loaded = shards.load()
    loaded["page7.md"] = (b"k2", b"edited")
    del loaded["page8.md"]
    shards.save(loaded)
    after = _files(folder)
    rewritten = {name for name in before if after.get(name) != before[name]}
    assert 1 <= len(rewritten) <= 2
    assert Shards(folder).load() == loaded


def test_a_damaged_shard_loses_only_its_entries(tmp_path: Path) -> None:
    folder = tmp_path / "memo"
    entries = {f"e{n}": n for n in range(100)}
    Shards(folder).save(entries)
    damaged = sorted(folder.glob("*.pickle"))[0]
    damaged.write_bytes(b"not a pickle")
    loaded = Shards(folder).load()
    assert 0 < len(loaded) < len(entries)
    assert all(entries[name] == value for name, value in loaded.items())
