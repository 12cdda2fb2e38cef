"""Zero types: an empty folder, or pages documenting operations but no type, give a valid
empty package (issue 13: black crashed on `__all__ = [` after an empty `if TYPE_CHECKING:`,
and `--no-format` wrote a package that did not compile)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.emit.generate import GenerateOptions, generate

from tests.emit.support import imported

OPERATION = """---
title: "Get thing"
description: "Get a thing."
doc_type: apiPageType
---

# Get thing
Namespace: microsoft.graph

## HTTP request

```http
GET /things/{id}
```

## Response

If successful, this method returns a `200 OK` response code.
"""


@pytest.mark.parametrize("pages", ["empty", "operations only"])
@pytest.mark.parametrize("format", [True, False])
def test_zero_types_give_a_valid_empty_package(tmp_path: Path, pages: str, format: bool) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    if pages != "empty":
        (folder / "get-thing.md").write_text(OPERATION, encoding="utf-8")
    options = GenerateOptions(
        paths=(folder,), output=tmp_path / "out", package="graph", format=format, use_cache=False
    )
    result = generate(options)
    for name, text in result.files.items():
        if name.endswith(".py"):
            compile(text, name, "exec")
    with imported(result.root.parent, "graph") as package:
        clients = ["AsyncGraphClient", "GraphClient", "GraphError"]
        assert package.__all__ == ["UNSET", *clients, "Unset"]  # ruff's RUF022 order
        models = __import__("graph.models", fromlist=["__all__"])
        assert models.__all__ == []
        root = __import__("graph.paths._root", fromlist=["GraphPath"])
        steps = [name for name in vars(root.GraphPath) if not name.startswith("_")]
        assert steps == ([] if pages == "empty" else ["things"])
        if pages != "empty":
            with package.GraphClient(lambda: "token") as client:
                thing = client.things.by_id("t 1")
                assert thing.url_path == "/things/t%201" and callable(thing.get)
