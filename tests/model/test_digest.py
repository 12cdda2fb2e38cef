"""Digests of the model: an edit to one page moves the digest of what that page defines and
of the whole, and leaves every other type's and operation's digest as it was (what lets
units keyed on them be reused)."""

from __future__ import annotations

import shutil
from pathlib import Path

from graphdoc.emit.record import model_fingerprint
from graphdoc.model.build import build_model
from graphdoc.model.digest import model_digests

ROOT = Path(__file__).resolve().parents[2]


def test_an_edit_moves_only_what_it_touches(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    before = model_digests(build_model([specs]))
    page = specs / "resources/contact.md"
    text = page.read_text(encoding="utf-8")
    marker = "|displayName|String|"
    assert marker in text
    page.write_text(text.replace(marker, f"|nickName2|String|New.|\n{marker}", 1), "utf-8")
    model = build_model([specs])
    after = model_digests(model)

    assert after.whole == model_fingerprint(model) != before.whole
    moved = {name for name in before.types if before.of(name) != after.of(name)}
    assert moved == {"microsoft.graph.contact"}
    assert before.types.keys() == after.types.keys()
    assert before.operations == after.operations
    assert len(after.operations) == len(model.operations)
