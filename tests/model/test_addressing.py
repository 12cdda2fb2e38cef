"""Spellings of a request path that Graph addresses alike."""

from __future__ import annotations

import pytest
from graphdoc.model.addressing import graph_spellings


@pytest.mark.parametrize(
    ("path", "spellings"),
    [
        (
            "/me/drive/root/children",
            ["/me/drive/items/root/children", "/drive/root/children", "/drive/items/root/children"],
        ),
        ("/me/drive/root", ["/me/drive/items/root", "/drive/root", "/drive/items/root"]),
        ("/drive/items/1/workbook/comments", ["/me/drive/items/1/workbook/comments"]),
        ("/drives/b!x/root/children", ["/drives/b!x/items/root/children"]),
        ("/sites/s1/drive/root/workbook", ["/sites/s1/drive/items/root/workbook"]),
        ("groups/g/drive/root", ["/groups/g/drive/items/root"]),
        # Path addressing names an item by path; `rootFolder` is another segment.
        ("/me/drive/root:/a/b.txt:/content", ["/drive/root:/a/b.txt:/content"]),
        ("/me/drive/rootFolder", ["/drive/rootFolder"]),
        ("/me/drives", []),
        ("/me/events", []),
        ("/users/u/drive/items/1", []),
    ],
)
def test_graph_spellings(path: str, spellings: list[str]) -> None:
    assert graph_spellings(path) == spellings
