"""write_tree writes only what changed, atomically, and prunes only its own stale output."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from graphdoc.write import stage as stage_module
from graphdoc.write.files import MANIFEST_NAME, UnsafePathError, diff_tree, write_tree
from graphdoc.write.paths import check_parts, check_relative


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _manifest(root: Path) -> list[str]:
    lines = (root / MANIFEST_NAME).read_text().splitlines()
    return [line for line in lines if not line.startswith("#")]


def test_first_write(tmp_path: Path) -> None:
    root = tmp_path / "out"
    report = write_tree(root, {"b.py": "b\n", "pkg/a.py": "a = 'é'\n"})
    assert report.written == ["b.py", "pkg/a.py"]
    assert report.unchanged == report.removed == []
    assert (root / "pkg/a.py").read_bytes() == "a = 'é'\n".encode()
    assert _manifest(root) == ["b.py", "pkg/a.py"]


def test_newlines_are_written_verbatim(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "x\ny\n"})
    assert (tmp_path / "a.py").read_bytes() == b"x\ny\n"


def test_unchanged_files_keep_their_mtime(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "a\n", "b.py": "b\n"})
    old = 1_000_000_000
    os.utime(tmp_path / "a.py", (old, old))
    os.utime(tmp_path / MANIFEST_NAME, (old, old))
    report = write_tree(tmp_path, {"a.py": "a\n", "b.py": "b2\n"})
    assert report.written == ["b.py"]
    assert report.unchanged == ["a.py"]
    assert (tmp_path / "a.py").stat().st_mtime == old
    assert (tmp_path / MANIFEST_NAME).stat().st_mtime == old  # same file list: not rewritten
    assert (tmp_path / "b.py").read_text() == "b2\n"


def test_prunes_stale_generated_files_and_empty_folders(tmp_path: Path) -> None:
    write_tree(tmp_path, {"keep.py": "k\n", "old/deep/gone.py": "g\n", "old/x.py": "x\n"})
    (tmp_path / "handwritten.py").write_text("mine\n")
    (tmp_path / "old" / "notes.txt").write_text("mine too\n")
    report = write_tree(tmp_path, {"keep.py": "k\n"})
    assert report.removed == ["old/deep/gone.py", "old/x.py"]
    assert report.unchanged == ["keep.py"]
    assert not (tmp_path / "old" / "deep").exists()
    assert (tmp_path / "old" / "notes.txt").exists()  # never listed, never removed
    assert (tmp_path / "handwritten.py").exists()
    assert _manifest(tmp_path) == ["keep.py"]


def test_without_prune_stale_files_stay_listed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "a\n", "b.py": "b\n"})
    report = write_tree(tmp_path, {"a.py": "a\n"}, prune=False)
    assert report.removed == []
    assert (tmp_path / "b.py").exists()
    assert _manifest(tmp_path) == ["a.py", "b.py"]
    assert write_tree(tmp_path, {"a.py": "a\n"}).removed == ["b.py"]


def test_file_and_folder_can_swap(tmp_path: Path) -> None:
    write_tree(tmp_path, {"models": "flat\n"})
    write_tree(tmp_path, {"models/contact.py": "c\n"})
    assert (tmp_path / "models" / "contact.py").read_text() == "c\n"
    write_tree(tmp_path, {"models": "flat again\n"})
    assert (tmp_path / "models").read_text() == "flat again\n"


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/etc/passwd",
        "../escape.py",
        "a/../../escape.py",
        "a/./b.py",
        "a//b.py",
        "a/",
        "a\\b.py",
        "nul\0.py",
        "new\nline.py",
        MANIFEST_NAME,
    ],
)
def test_rejects_unsafe_paths_before_writing(tmp_path: Path, path: str) -> None:
    with pytest.raises(UnsafePathError):
        write_tree(tmp_path / "out", {"fine.py": "x\n", path: "evil\n"})
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escape.py").exists()


def test_rejects_file_that_is_also_a_folder(tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError):
        write_tree(tmp_path, {"a": "x\n", "a/b.py": "y\n"})
    assert _tree(tmp_path) == {}


def test_tampered_manifest_cannot_delete_outside_root(tmp_path: Path) -> None:
    root = tmp_path / "out"
    victim = tmp_path / "victim.py"
    victim.write_text("precious\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.py").write_text("precious\n")
    root.mkdir()
    (root / "link").symlink_to(tmp_path / "outside")
    (root / MANIFEST_NAME).write_text(
        f"../victim.py\n{victim}\nlink/x.py\nsub/../../victim.py\n.\n\n# comment\n"
    )
    report = write_tree(root, {"a.py": "a\n"})
    assert report.removed == []
    assert victim.read_text() == "precious\n"
    assert (tmp_path / "outside" / "x.py").read_text() == "precious\n"


def test_never_writes_through_symlinked_folder(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (tmp_path / "outside").mkdir()
    (root / "link").symlink_to(tmp_path / "outside")
    with pytest.raises(UnsafePathError):
        write_tree(root, {"link/x.py": "evil\n"})
    assert list((tmp_path / "outside").iterdir()) == []


def test_symlinked_file_is_replaced_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "out"
    write_tree(root, {"a.py": "ours\n"})
    target = tmp_path / "target.py"
    target.write_text("precious\n")
    (root / "a.py").unlink()
    (root / "a.py").symlink_to(target)
    report = write_tree(root, {"a.py": "new\n"})
    assert report.written == ["a.py"]
    assert not (root / "a.py").is_symlink()
    assert target.read_text() == "precious\n"


def test_a_symlink_graphdoc_did_not_write_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    target = tmp_path / "target.py"
    target.write_text("precious\n")
    (root / "a.py").symlink_to(target)
    with pytest.raises(UnsafePathError, match=r"a\.py is a symlink graphdoc did not write"):
        write_tree(root, {"a.py": "precious\n"})
    assert (root / "a.py").is_symlink() and target.read_text() == "precious\n"


def test_failure_mid_way_leaves_the_old_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, a failure on d.py left the new a.py and c.py beside nothing of b.py: a mix."""
    root = tmp_path / "out"
    write_tree(root, {"a.py": "old a\n", "b.py": "old b\n"})
    before = _tree(root)
    real_create = stage_module._Stage.create

    def flaky_create(stage: stage_module._Stage, relative: str, data: bytes) -> None:
        if relative == "d.py":
            raise OSError("disk full")
        real_create(stage, relative, data)

    monkeypatch.setattr(stage_module._Stage, "create", flaky_create)
    with pytest.raises(OSError, match="disk full"):
        write_tree(root, {"a.py": "new a\n", "c.py": "new c\n", "d.py": "new d\n"})
    monkeypatch.undo()
    assert _tree(root) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the stage is gone
    report = write_tree(root, {"a.py": "new a\n"})
    assert report.removed == ["b.py"]
    assert _manifest(root) == ["a.py"]


def test_new_files_honour_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_tree(tmp_path, {"a.py": "a\n"})
    finally:
        os.umask(old)
    assert (tmp_path / "a.py").stat().st_mode & 0o777 == 0o644


def test_manifest_is_deterministic(tmp_path: Path) -> None:
    write_tree(tmp_path / "one", {"b.py": "b\n", "a.py": "a\n"})
    write_tree(tmp_path / "two", {"a.py": "a\n", "b.py": "b\n"})
    assert (tmp_path / "one" / MANIFEST_NAME).read_bytes() == (
        tmp_path / "two" / MANIFEST_NAME
    ).read_bytes()


def test_diff_tree_empty_when_current(tmp_path: Path) -> None:
    files = {"a.py": "a\n", "pkg/b.py": "b\n"}
    write_tree(tmp_path, files)
    assert diff_tree(tmp_path, files) == ""


def test_diff_tree_shows_changes_additions_and_removals(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "one\ntwo\n", "gone.py": "bye\n"})
    before = _tree(tmp_path)
    diff = diff_tree(tmp_path, {"a.py": "one\nthree\n", "new.py": "hi\n"})
    assert _tree(tmp_path) == before  # diff_tree writes nothing
    assert "--- a/a.py\n+++ b/a.py\n" in diff
    assert "-two\n+three\n" in diff
    assert "--- /dev/null\n+++ b/new.py\n" in diff and "+hi\n" in diff
    assert "--- a/gone.py\n+++ /dev/null\n" in diff and "-bye\n" in diff
    assert diff.index("a/a.py") < diff.index("a/gone.py") < diff.index("b/new.py")


def test_diff_tree_without_prune_ignores_stale(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "a\n", "gone.py": "bye\n"})
    assert diff_tree(tmp_path, {"a.py": "a\n"}, prune=False) == ""


def test_diff_tree_marks_missing_final_newline(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "x"})
    diff = diff_tree(tmp_path, {"a.py": "x\n"})
    assert "-x\n\\ No newline at end of file\n+x\n" in diff


def test_diff_tree_on_missing_root(tmp_path: Path) -> None:
    diff = diff_tree(tmp_path / "absent", {"a.py": "a\n"})
    assert diff == "--- /dev/null\n+++ b/a.py\n@@ -0,0 +1 @@\n+a\n"
    assert not (tmp_path / "absent").exists()


def test_diff_tree_rejects_unsafe_paths(tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError):
        diff_tree(tmp_path, {"../x.py": "x\n"})


def _package() -> dict[str, str]:
    return {
        "__init__.py": "i\n",
        "_runtime.py": "r\n",
        "client.py": "c\n",
        "models/__init__.py": "m\n",
        "models/contact.py": "contact\n",
        "operations/contacts.py": "o\n",
    }


def test_every_refusal_comes_before_the_first_byte(tmp_path: Path) -> None:
    """Before, a symlinked `models/` was refused after `__init__.py`, `_runtime.py` and
    `client.py` were written, and a file where `operations/` must go failed on a bare
    `[Errno 17]` after that; now both are named together and nothing is written."""
    root = tmp_path / "out"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "models").symlink_to(tmp_path / "elsewhere")
    (root / "operations").write_text("a user's file\n")
    with pytest.raises(UnsafePathError) as raised:
        write_tree(root, _package())
    message = str(raised.value)
    assert "models/ is a symlink" in message
    assert "operations is a file, where graphdoc must make the folder operations/" in message
    assert "Errno" not in message
    assert sorted(p.name for p in root.iterdir()) == ["models", "operations"]
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_users_file_of_the_same_name_is_not_overwritten(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (root / "client.py").write_text("my own client\n")
    with pytest.raises(UnsafePathError, match=r"client\.py exists and graphdoc did not write it"):
        write_tree(root, _package())
    assert (root / "client.py").read_text() == "my own client\n"
    assert sorted(p.name for p in root.iterdir()) == ["client.py"]
    # The same refusal from --check.
    with pytest.raises(UnsafePathError, match=r"client\.py exists"):
        diff_tree(root, _package())


def test_a_file_with_the_bytes_graphdoc_would_write_is_taken_over(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (root / "client.py").write_text("c\n")
    report = write_tree(root, _package())
    assert "client.py" in report.unchanged and "client.py" in _manifest(root)


@pytest.mark.parametrize("path", ["con.py", "models/aux.py", "nul/x.py", "models/COM1.py"])
def test_names_windows_reserves_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(UnsafePathError, match="Windows reserves"):
        write_tree(tmp_path / "out", {"fine.py": "x\n", path: "y\n"})
    assert not (tmp_path / "out").exists()


def test_an_output_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a folder\n")
    with pytest.raises(UnsafePathError, match="is a file, where the output folder must go"):
        write_tree(tmp_path / "out" / "graph", {"a.py": "x\n"})


def _aged(root: Path) -> None:
    """Every file older than the ledger's racy window, as files from an earlier run are."""
    old = 1_000_000_000
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))


def test_a_ledger_spares_reading_files_its_stat_vouches_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphdoc.write import file_digests

    root, ledger_path = tmp_path / "out", tmp_path / "ledger"
    files = {"a.py": "a\n", "pkg/b.py": "b\n"}
    write_tree(root, files)
    _aged(root)
    first = file_digests.FileDigests(ledger_path, ctime=False)
    assert write_tree(root, files, ledger=first).unchanged == ["a.py", "pkg/b.py"]
    first.save()
    ledger = file_digests.FileDigests(ledger_path, ctime=False)  # its own file read now
    opened: list[str] = []
    real_read = Path.read_bytes

    def counting_read(self: Path) -> bytes:
        opened.append(str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", counting_read)
    report = write_tree(root, {**files, "a.py": "a2\n"}, ledger=ledger)
    assert report.written == ["a.py"] and report.unchanged == ["pkg/b.py"]
    assert opened == []  # both judged by their ledger entries
    assert (root / "a.py").read_text() == "a2\n"


def test_a_hand_edited_file_is_rewritten_despite_the_ledger(tmp_path: Path) -> None:
    from graphdoc.write.file_digests import FileDigests

    root, ledger_path = tmp_path / "out", tmp_path / "ledger"
    files = {"a.py": "a\n", "b.py": "b\n"}
    write_tree(root, files)
    _aged(root)
    ledger = FileDigests(ledger_path, ctime=False)
    write_tree(root, files, ledger=ledger)
    ledger.save()
    (root / "a.py").write_text("x\n")  # same size, same inode: its mtime tells
    (root / "b.tmp").write_text("y\n")  # a copy put in place, as rsync does, with the old
    os.utime(root / "b.tmp", (1_000_000_000, 1_000_000_000))  # mtime: its inode tells
    os.replace(root / "b.tmp", root / "b.py")
    report = write_tree(root, files, ledger=FileDigests(ledger_path, ctime=False))
    assert report.written == ["a.py", "b.py"]
    assert (root / "a.py").read_text() == "a\n" and (root / "b.py").read_text() == "b\n"


def test_the_quick_path_check_agrees_with_the_rule_part_by_part() -> None:
    """`check_relative` accepts common paths by two regular expressions; on every path
    built from awkward parts it must accept and refuse exactly what the rule does."""
    parts = [
        "a",
        "b.py",
        ".",
        "..",
        "",
        ".hidden",
        "con",
        "CON.py",
        "Aux.tar.gz",
        "lpt9",
        "com10",
        "nul_x",
        "-x",
        "é.py",
        "a b",
        "x\\y",
        "x\0",
        "k\u212a",
        "conx.py",
    ]
    for first, second in itertools.product(parts, repeat=2):
        for path in (first, f"{first}/{second}", f"/{first}", f"{first}/{second}/"):
            try:
                expected: str | None = check_parts(path)
            except UnsafePathError:
                expected = None
            try:
                found: str | None = check_relative(path)
            except UnsafePathError:
                found = None
            assert found == expected, path
