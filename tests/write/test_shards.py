"""A sharded cache dictionary: what is saved loads back, and a save rewrites only the
shards whose entries changed (the point of sharding: a one-page edit writes little)."""

from __future__ import annotations

from pathlib import Path

from graphdoc.write.shards import KEEP_BODY, Shards


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


def test_bodies_are_read_only_when_asked_for_and_kept_through_a_rewrite(tmp_path: Path) -> None:
    folder = tmp_path / "memo"
    heads = {f"unit{n}": (b"k", None) for n in range(50)}
    bodies = {name: b"pickled " + name.encode() for name in heads}
    Shards(folder, count=4).save(heads, bodies=bodies)
    shards = Shards(folder, count=4)
    assert shards.load() == heads
    assert shards._bodies == [None] * 4  # no body read with the heads
    assert shards.body("unit7") == b"pickled unit7"
    assert sum(read is not None for read in shards._bodies) == 1  # one shard's bodies
    # A save that rewrites every shard keeps the bodies it is told to keep, unread before.
    heads["unit8"] = (b"k2", None)
    kept = {name: KEEP_BODY for name in heads}
    kept["unit8"] = b"made again"
    del heads["unit9"]
    shards.save(heads, [*heads, "unit9"], kept)
    again = Shards(folder, count=4)
    assert again.load() == heads
    assert again.body("unit8") == b"made again" and again.body("unit9") is None
    assert all(again.body(name) == bodies[name] for name in heads if name != "unit8")


def test_bodies_of_a_shard_replaced_since_it_was_read_are_not_taken(tmp_path: Path) -> None:
    folder = tmp_path / "memo"
    Shards(folder, count=1).save({"a": 1}, bodies={"a": b"old"})
    shards = Shards(folder, count=1)
    shards.load()
    Shards(folder, count=1).save({"a": 2}, bodies={"a": b"new"})  # another run, meanwhile
    assert shards.body("a") is None  # the heads read belong to another version
    # Saving with the body kept: it is gone, and its entry with it.
    shards.save({"a": 1, "b": 3}, ["b"], {"a": KEEP_BODY})
    assert Shards(folder, count=1).load() == {"b": 3}


def test_a_body_made_again_under_the_same_head_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "memo"
    Shards(folder, count=1).save({"a": 1, "b": 2}, bodies={"a": b"first", "b": b"other"})
    shards = Shards(folder, count=1)
    heads = shards.load()
    shards.save(heads, ["a"], {"a": b"second", "b": KEEP_BODY})
    again = Shards(folder, count=1)
    assert again.load() == heads
    assert (again.body("a"), again.body("b")) == (b"second", b"other")
