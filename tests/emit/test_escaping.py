"""One escaping discipline: page text reaches generated code only through `naming`'s helpers,
templates print nothing else, and the AST gate refuses what the templates never write.

The repro of issue 13: a syntax-block line whose first segment closes a docstring used to
generate `import ssl; ssl.create_default_context = ssl._create_unverified_context` into
`operations/*.py`, turning TLS verification off for any process importing the client; `\\x`
or `\"\"\"` there gave a package that did not compile. Path segments now reach the URL tree's
`paths/*.py` as string literals (`naming.py_string_literal`).
"""

from __future__ import annotations

import ast
import ssl
from pathlib import Path
from types import SimpleNamespace

import pytest
from graphdoc.emit import url_tree
from graphdoc.emit.gate import UnsafeOutput, check_module
from graphdoc.emit.generate import GenerateOptions, generate
from graphdoc.emit.naming import (
    Code,
    check_package,
    comment,
    identifier,
    module_name,
)
from graphdoc.emit.render import render

from tests.emit.support import imported

TLS = 'GET /x""";import ssl;ssl.create_default_context=ssl._create_unverified_context;"""/{id}'

PAGE = """---
title: "Get x"
description: "Get an x."
doc_type: apiPageType
---

# Get x
Namespace: microsoft.graph

Get an x.

## HTTP request

<!-- {
  "blockType": "ignored"
}
-->
```http
LINE
```

## Response

If successful, this method returns a `200 OK` response code.
"""


def _pages(folder: Path, line: str) -> Path:
    (folder / "api").mkdir(parents=True)
    (folder / "api" / "get-x.md").write_text(PAGE.replace("LINE", line), encoding="utf-8")
    return folder


def _generate(tmp_path: Path, line: str, *, format: bool) -> Path:
    options = GenerateOptions(
        paths=(_pages(tmp_path / "pages", line),),
        output=tmp_path / "out",
        package="graph",
        format=format,
        use_cache=False,
        workers=1,
    )
    return generate(options).root


def _imports(root: Path) -> set[str]:
    found: set[str] = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
    return found


def test_a_docstring_breakout_in_a_path_imports_nothing(tmp_path: Path) -> None:
    root = _generate(tmp_path, TLS, format=True)
    assert "ssl" not in _imports(root)
    original = ssl.create_default_context
    with imported(root.parent, "graph") as package:
        client = __import__(f"{package.__name__}.client", fromlist=["GraphClient"])
        assert hasattr(client, "GraphClient")
    assert ssl.create_default_context is original
    module = root / "paths" / "_root.py"  # the segment is a step of the client itself
    strings = [
        node.value
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert any(text.startswith('/x""";import ssl;') for text in strings)  # kept, as text


@pytest.mark.parametrize(
    "line",
    [
        "GET /x\\x/{id}",
        'GET /x"""/{id}',
        "GET /x'''\\/{id}",
        "GET /x\\N{BULLET}{{ y }}{% z %}f{w}/{id}",
        "GET /x\u2028y\u2029z/{id}",
    ],
)
@pytest.mark.parametrize("format", [True, False])
def test_hostile_first_segments_compile(tmp_path: Path, line: str, format: bool) -> None:
    root = _generate(tmp_path, line, format=format)
    for path in root.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_the_gate_refuses_an_escaping_hole_naming_page_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were a helper to let text through unescaped, nothing would be written."""
    monkeypatch.setattr(url_tree, "py_string_literal", lambda text: Code(f'"{text}"'))
    with pytest.raises(UnsafeOutput) as raised:
        _generate(tmp_path, 'GET /x"+ssl.__dict__+"/{id}', format=False)
    message = str(raised.value)
    assert "paths/_root.py" in message and "`__dict__`" in message
    assert "api/get-x.md:" in message
    assert not (tmp_path / "out" / "graph").exists()


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ('"""Doc."""\nimport ssl\n', "import of `ssl`"),
        ('"""Doc."""\nfrom os import system\n', "import from `os`"),
        ('"""Doc."""\n\n\ndef f() -> None:\n    eval("1")\n', "the name `eval`"),
        ('"""Doc."""\n\n\nclass A:\n    """A."""\n\n    x = 1\n    print(x)\n', "no definition"),
        ('"""Doc."""\nimport datetime\ndatetime.MINYEAR = 2\n', "another object's attribute"),
        ('"""Doc."""\n\n\ndef f(x: object) -> object:\n    return x.__class__\n', "`__class__`"),
        ('"""Doc."""\nx = """a\n', "does not compile"),
    ],
)
def test_the_gate_refuses_code_no_template_writes(source: str, what: str) -> None:
    with pytest.raises(UnsafeOutput, match=r"refusing generated paths/m\.py:") as raised:
        check_module("paths/m.py", source)
    assert what in str(raised.value)


def test_the_gate_accepts_what_the_templates_write() -> None:
    check_module(
        "models/m.py",
        '"""Doc."""\n\nfrom __future__ import annotations\n\nimport datetime\n'
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .x import X\n\n\n"
        "class A:\n    \"\"\"A.\"\"\"\n\n    x: int = 1\n    \"\"\"About x.\"\"\"\n\n"
        "    def f(self) -> None:\n        self.y = datetime.date(2021, 1, 1)\n",
    )


def test_templates_print_only_values_made_safe() -> None:
    with pytest.raises(TypeError, match="only values made safe"):
        render("tests_init.py.jinja", t=SimpleNamespace(package="graph"), header=[])
    text = render("tests_init.py.jinja", t=SimpleNamespace(package=identifier("graph")), header=[])
    assert "`graph`" in text


def test_helpers_refuse_or_neutralise_text() -> None:
    for bad in ("a b", "class", "match", "ünï", "x\u2028", ""):
        with pytest.raises(ValueError):
            identifier(bad)
    assert "\n" not in comment("a\nb\rc\u2028d\x00e") and comment("x").startswith("# ")
    for name in ("os", "json", "httpx", "con", "NUL", "com1"):
        with pytest.raises(ValueError):
            check_package(name)
    assert check_package("graph_v1") == "graph_v1"


@pytest.mark.parametrize("reserved", ["con", "CON", "prn", "aux", "nul", "com1", "lpt9"])
def test_windows_device_names_are_not_module_names(reserved: str) -> None:
    taken: set[str] = set()
    assert module_name(f"microsoft.graph.{reserved}", taken) == f"{reserved.lower()}_"


def test_a_package_shadowing_the_standard_library_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from graphdoc.cli import main

    specs = Path(__file__).resolve().parents[2] / "specs"
    for name in ("os", "json", "nul"):
        assert main(["generate", str(specs), "-o", str(tmp_path), "--package", name]) == 2
        assert f"package name {name!r} shadows the module" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


# Descriptions whose Markdown, once rendered to clean text (`emit.doctext`), still tries to end
# a docstring or a string: the clean text goes through the same escaping as any page text.
HOSTILE_MARKDOWN = {
    "backslash": ("Ends in a backslash \\", "Ends in a backslash \\"),
    "quotes": ('Quote run """;import os;""" here', 'Quote run """;import os;""" here'),
    "code": ('Code `""";import` and <code>C:\\temp</code>', 'Code `""";import` and `C:\\temp`'),
    "link": ('[x"""](https://e.com/"""x) and [y](#a"""b)', 'x""" (https://e.com/%22%22%22x) and y'),
    "html": ('<br><script>import os</script>"""<b>"</b>', 'import os""""'),
    "trailing": ('Ends in quotes ""', 'Ends in quotes ""'),
}


def _hostile_resource(folder: Path) -> Path:
    rows = "".join(  # a cell ending in `\\|` would escape its pipe: that case is the type's
        f"|{name}|String|{markdown.replace('|', '&#124;')}|\n"
        for name, (markdown, _) in HOSTILE_MARKDOWN.items()
        if name != "backslash"
    )
    page = (
        '---\ntitle: "thing resource type"\ndoc_type: resourcePageType\n'
        f"description: {HOSTILE_MARKDOWN['backslash'][0]}\n---\n\n"
        "# thing resource type\n\nNamespace: microsoft.graph\n\n"
        f"{HOSTILE_MARKDOWN['backslash'][0]}\n\n"
        "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n" + rows
    )
    (folder / "resources").mkdir(parents=True)
    (folder / "resources" / "thing.md").write_text(page, encoding="utf-8")
    return folder


@pytest.mark.parametrize("format", [True, False])
def test_hostile_markdown_descriptions_stay_text(tmp_path: Path, format: bool) -> None:
    import json

    options = GenerateOptions(
        paths=(_hostile_resource(tmp_path / "pages"),),
        output=tmp_path / "out",
        package="graph",
        format=format,
        use_cache=False,
        workers=1,
    )
    root = generate(options).root
    source = (root / "models" / "thing.py").read_text(encoding="utf-8")
    check_module("models/thing.py", source)
    strings = {
        node.value.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    text = " ".join(" ".join(str(s).split()) for s in strings)
    for name, (_, clean) in HOSTILE_MARKDOWN.items():
        assert clean in text, name
    with imported(root.parent, "graph"):
        module = __import__("graph.models.thing", fromlist=["Thing"])
        assert module.Thing.__doc__.startswith("Ends in a backslash \\\n")
    schema = json.loads((root / "schemas" / "microsoft.graph.thing.json").read_text("utf-8"))
    described = {k: v.get("description") for k, v in schema["$defs"]["shape"]["properties"].items()}
    assert {k: described.get(k) for k in HOSTILE_MARKDOWN if k != "backslash"} == {
        k: clean for k, (_, clean) in HOSTILE_MARKDOWN.items() if k != "backslash"
    }
    assert schema["description"] == HOSTILE_MARKDOWN["backslash"][1]
