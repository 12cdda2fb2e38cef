"""A module formatted piece by piece is the module black formats whole.

Only modules above `chunks.CUT_ABOVE` are cut; here the limit is lowered so every module
generated from specs/ (models, operations, tests, client: what the templates write) is cut,
and each must come out byte for byte as black formats it whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.emit.build import build_files
from graphdoc.format import chunks
from graphdoc.format.black_format import FormatCache, format_many, format_source
from graphdoc.model.build import build_model

ROOT = Path(__file__).resolve().parents[2]


def test_every_generated_module_cut_in_pieces_formats_as_black_formats_it_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files, _ = build_files(build_model([ROOT / "specs"]), "graph", format=False)
    sources = {path: text for path, text in files.items() if path.endswith(".py")}
    monkeypatch.setattr(chunks, "CUT_ABOVE", 0)
    cut = [path for path, text in sources.items() if chunks.split(text) is not None]
    assert len(cut) > len(sources) // 2  # the cut is taken, not refused, for most modules
    pieced = format_many(sources, None, workers=1).formatted
    for path, source in sources.items():
        assert pieced[path] == format_source(source, path), path


def test_a_comment_before_a_definition_keeps_the_module_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(chunks, "CUT_ABOVE", 0)
    source = "x = 1\n\n# about f\n\ndef f():\n  return 1\n\n\nclass C:\n\n    def g(self): pass\n"
    assert chunks.split(source) is None
    assert format_many({"m.py": source}, None, workers=1).formatted["m.py"] == format_source(source)


def test_a_changed_method_is_the_only_piece_formatted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunks, "CUT_ABOVE", 0)
    methods = "".join(f"\n    def m{n}(self, a ):\n        return {{'a':a}}\n" for n in range(5))
    source = f'class C:\n    """Doc."""\n{methods}\n\ndef top( ):\n    pass\n'
    cache = FormatCache(tmp_path)
    first = format_many({"m.py": source}, cache, workers=1)
    assert first.formatted["m.py"] == format_source(source)
    edited = source.replace("def m3(self, a )", "def m3(self, b, a )")
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    second = format_many({"m.py": edited}, cache, workers=1)
    assert second.formatted["m.py"] == format_source(edited)
    # Stored anew: the changed method and the whole module; every other piece was a hit.
    assert len({p for p in tmp_path.rglob("*") if p.is_file()} - before) == 2
