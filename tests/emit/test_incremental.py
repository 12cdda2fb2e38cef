"""A rerun after page edits writes exactly what a cold run writes.

Reruns reuse page parts (`graphdoc.model.page_cache`) and finished files whose template
input is unchanged (`graphdoc.emit.slices`); a missed dependency would leave a stale file.
So each kind of edit that moves things between pages or files is applied to a copy of
specs/ in turn, and after each the incremental output is compared, byte for byte and file
for file, with a run without any cache into a fresh folder holding the package as it was
before the rerun (a release's version and changelog follow the package's own history).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from graphdoc.emit.generate import GenerateOptions, generate
from graphdoc.emit.slices import PackageTexts
from graphdoc.errors import MemoGap
from graphdoc.write.shards import KEEP_BODY, Shards

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {page}"
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def _property_added(specs: Path) -> None:
    _replace(
        specs / "resources/contact.md",
        "|displayName|String|",
        "|nickName2|String|A property added by the test.|\n|displayName|String|",
    )


def _response_type_changed(specs: Path) -> None:
    page = specs / "api/get-contact.md"
    text = page.read_text(encoding="utf-8")
    assert "microsoft.graph.contact" in text
    page.write_text(
        text.replace("microsoft.graph.contact", "microsoft.graph.outlookItem").replace(
            "[contact](../resources/contact.md) object",
            "[outlookItem](../resources/outlookitem.md) object",
        ),
        encoding="utf-8",
    )


def _base_type_changed(specs: Path) -> None:
    page = specs / "resources/contact.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace(
            "Inherits from [outlookItem](outlookitem.md).", "Inherits from [entity](entity.md)."
        ).replace(
            '"baseType": "microsoft.graph.outlookItem"', '"baseType": "microsoft.graph.entity"'
        ),
        encoding="utf-8",
    )


def _enum_member_added(specs: Path) -> None:
    _replace(
        specs / "resources/followupflag.md",
        "|complete|1|The follow-up is finished.|",
        "|complete|1|The follow-up is finished.|\n|flagged|2|The item is flagged.|",
    )


def _page_deleted(specs: Path) -> None:
    (specs / "resources/website.md").unlink()


def _page_added(specs: Path) -> None:
    # The type the deleted page documented comes back under another file name: references
    # on other pages resolve again.
    shutil.copyfile(ROOT / "specs/resources/website.md", specs / "resources/site.md")


def _unchanged(specs: Path) -> None:
    pass


# The edits below change what a client method or an example test is made from on another
# page than the operation's own: the memo's keys of those units must see it.


def _description_changed(specs: Path) -> None:
    # The method's docstring is the page's description, which the operation does not hold.
    _replace(
        specs / "api/get-contact.md",
        'description: "Read the properties of a contact in a user\'s mailbox."',
        'description: "Read one contact of a user\'s mailbox by its id."',
    )


def _update_type_lost(specs: Path) -> None:
    # update-contact's body table lists `manager`: with contact no longer declaring it,
    # the body is a parameters class instead of a partial contact, its page unchanged.
    page = specs / "resources/contact.md"
    _replace(page, "|manager|String|The name of the contact's manager.|\n", "")
    _replace(page, '  "manager": "String",\n', "")


def _parameters_class_renamed(specs: Path) -> None:
    # A model now takes the name of update-contact's parameters class, which moves to
    # `UpdateContactParameters2`: a name given across the tree, not by the operation.
    (specs / "resources/updatecontactparameters.md").write_text(
        "---\ntitle: \"updateContactParameters resource type\"\n"
        "description: \"A type named like a parameters class.\"\n"
        "doc_type: resourcePageType\n---\n\n"
        "# updateContactParameters resource type\n\nNamespace: microsoft.graph\n\n"
        "A type named like the parameters class of an update.\n\n## Properties\n\n"
        "|Property|Type|Description|\n|:---|:---|:---|\n|note|String|A note.|\n\n"
        "## JSON representation\n\n"
        '<!-- {\n  "blockType": "resource",\n'
        '  "@odata.type": "microsoft.graph.updateContactParameters",\n'
        '  "openType": false,\n  "optionalProperties": []\n} -->\n'
        '```json\n{\n  "note": "String"\n}\n```\n',
        encoding="utf-8",
    )


def _route_spelling_changed(specs: Path) -> None:
    # One page's spelling of `/me/contacts` breaks into more words, so every operation's
    # step through it is spelt so (`url_tree._spellings`): get-contact's route and test
    # change, its page unchanged.
    _replace(specs / "api/list-contacts.md", "GET /me/contacts\n", "GET /me/contactS\n")


EDITS: list[Callable[[Path], None]] = [
    _unchanged,
    _property_added,
    _response_type_changed,
    _base_type_changed,
    _enum_member_added,
    _page_deleted,
    _page_added,
    _description_changed,
    _update_type_lost,
    _parameters_class_renamed,
    _route_spelling_changed,
]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and ".graphdoc_cache" not in path.parts
        and "__pycache__" not in path.parts
    }


def test_reruns_after_edits_write_what_a_cold_run_writes(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    incremental = GenerateOptions(
        paths=(specs,), output=tmp_path / "incremental" / "out", workers=1, package="graph"
    )
    generate(incremental)
    for number, edit in enumerate(EDITS):
        before = tmp_path / f"cold{number}" / "out"
        shutil.copytree(
            incremental.output, before, ignore=shutil.ignore_patterns(".graphdoc_cache")
        )
        edit(specs)
        rerun = generate(incremental)
        if edit is not _unchanged:  # read alone; most files not rendered again; output moved
            assert rerun.stats.written or rerun.stats.removed, edit.__name__
            assert rerun.stats.pages_read == (0 if edit is _page_deleted else 1)
            assert rerun.stats.pages_cached >= len(list(specs.rglob("*.md"))) - 1
            assert rerun.stats.files_reused > 10
        cold = GenerateOptions(
            paths=(specs,),
            output=before,
            workers=1,
            package="graph",
            use_cache=False,
        )
        reference = generate(cold)
        assert rerun.files == reference.files, edit.__name__
        assert rerun.notes == reference.notes, edit.__name__
        assert rerun.diagnostics == reference.diagnostics, edit.__name__
        assert _tree(incremental.output) == _tree(cold.output), edit.__name__
        for folder, text in EXPECTED.get(edit.__name__, []):
            assert any(
                text in written
                for path, written in rerun.files.items()
                if path.startswith(folder)
            ), (edit.__name__, folder, text)


# What each of the edits above must have changed, in a file under a folder (so they test
# what they say they test).
EXPECTED = {
    "_description_changed": [("paths/", "Get contact: Read one contact of a user's mailbox")],
    "_update_type_lost": [("parameters/", "class UpdateContactParameters:")],
    "_parameters_class_renamed": [("parameters/", "class UpdateContactParameters2:")],
    "_route_spelling_changed": [("tests/test_me.py", "contact_s_id=")],
}


def test_a_memo_that_lost_the_units_it_set_aside_is_rendered_around_and_mended(
    tmp_path: Path,
) -> None:
    """The render memo reads per-item units only when one is needed (`Shards.body`). When
    they are gone by then (a damaged cache), the run renders without the memo, writes what
    a cold run writes, and leaves a memo the next rerun can use again."""
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    output = tmp_path / "incremental" / "out"
    options = GenerateOptions(paths=(specs,), output=output, workers=1, package="graph")
    generate(options)
    for shard in (output / ".graphdoc_cache" / "render").glob("*/*.pickle"):
        data = shard.read_bytes()  # the heads stay; the bodies after them go
        shard.write_bytes(data[: 8 + int.from_bytes(data[:8], "little")])
    before = tmp_path / "cold" / "out"
    shutil.copytree(output, before, ignore=shutil.ignore_patterns(".graphdoc_cache"))
    _response_type_changed(specs)
    rerun = generate(options)
    assert rerun.stats.files_reused == 0  # the gap was found: nothing taken from the memo
    cold = GenerateOptions(
        paths=(specs,), output=before, workers=1, package="graph", use_cache=False
    )
    assert rerun.files == generate(cold).files
    _property_added(specs)
    assert generate(options).stats.files_reused > 10  # the memo serves again


def test_a_kept_file_the_memo_lost_is_written_from_a_render_without_the_memo(
    tmp_path: Path,
) -> None:
    """A rerun keeps the texts of unchanged files unread (`PackageTexts`). When one of them
    must be written after all (someone changed it on disk) and the cache lost its text
    meanwhile, the run makes the package again without the memo: the tree ends as a cold
    run makes it, the file restored, and the next rerun uses the memo again."""
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    output = tmp_path / "incremental" / "out"
    options = GenerateOptions(paths=(specs,), output=output, workers=1, package="graph")
    generate(options)
    _property_added(specs)
    generate(options)
    (folder,) = (output / ".graphdoc_cache" / "render").glob("*/")
    shards = Shards(folder, count=256)
    heads = shards.load()
    texts = sorted(name for name, (_, value, digest) in heads.items() if value is None and digest)
    assert "models/contact.py" in texts
    # The texts' bodies now hold other bytes; the units' bodies stay.
    bodies = {name: b"lost" if digest else KEEP_BODY for name, (_, value, digest) in heads.items()
              if value is None}  # fmt: skip
    assert shards.save(heads, texts, bodies)
    damaged = output / "graph" / "models" / "email_address.py"
    assert "models/email_address.py" in texts
    damaged.write_text("# edited by hand\n", encoding="utf-8")
    before = tmp_path / "cold" / "out"
    shutil.copytree(output, before, ignore=shutil.ignore_patterns(".graphdoc_cache"))
    _response_type_changed(specs)
    rerun = generate(options)
    assert rerun.stats.files_reused == 0  # made again without the memo
    cold = GenerateOptions(
        paths=(specs,), output=before, workers=1, package="graph", use_cache=False
    )
    assert rerun.files == generate(cold).files
    assert _tree(output) == _tree(before)
    assert "class EmailAddress" in damaged.read_text(encoding="utf-8")
    _enum_member_added(specs)
    again = generate(options)
    assert again.stats.files_reused > 10  # the memo serves again
    written = {path: data.decode() for path, data in _tree(output / "graph").items()}
    del written[".graphdoc-manifest"]  # graphdoc's own list of what it wrote
    assert dict(again.files) == written  # the kept texts read when asked for


def test_a_result_reads_its_kept_texts_from_the_package_when_the_memo_lost_them(
    tmp_path: Path,
) -> None:
    """`GenerateResult.files` reads a kept file's text when asked. When the memo no longer
    has it (a later run rewrote the cache), the text comes from the package as written,
    checked by its digest; a file changed on disk since is an error, not a wrong text."""
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    output = tmp_path / "out"
    options = GenerateOptions(paths=(specs,), output=output, workers=1, package="graph")
    generate(options)
    _property_added(specs)
    rerun = generate(options)
    assert isinstance(rerun.files, PackageTexts)
    assert "models/phone.py" not in rerun.files.made  # kept: read when asked for
    written = {path: data.decode() for path, data in _tree(output / "graph").items()}
    (folder,) = (output / ".graphdoc_cache" / "render").glob("*/")
    shutil.rmtree(folder)  # the memo is gone: every kept text now comes from the package
    changed = output / "graph" / "models" / "email_address.py"
    changed.write_text("# edited by hand\n", encoding="utf-8")
    with pytest.raises(MemoGap):
        rerun.files["models/email_address.py"]
    assert rerun.files["models/phone.py"] == written["models/phone.py"]
    assert rerun.files["models/contact.py"] == written["models/contact.py"]  # made, held
