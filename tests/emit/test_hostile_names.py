"""Hostile names and text (tests/emit/fixtures/hostile) still generate code that compiles,
passes `mypy --strict` and ruff, stays black-stable and round-trips.

The fixture holds properties named `class`, `type`, `match`, `case`, `_`, `2ndPhone`,
`@odata.type`, `display-name`, `display name`, `displayName` + `display_name`, `to_dict`,
`from_dict`, `additional_data`, `self`, `cls`, `d`, `data`, builtins and helper names;
types named `email`, `json`, `typing`, `openStrEnum` (the runtime's enum base) and a
`callRecords.hostile` twin; descriptions with `\"\"\"`, `'''`, backslashes, `{{ x }}`,
`{% raw %}` and `"); import os #`.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import py_compile
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from graphdoc.emit.generate import GenerateOptions, GenerateResult, generate
from graphdoc.format.black_format import format_source
from graphdoc.model.build import build_model

from tests.emit.support import imported, mypy_strict, round_trip, ruff_check, ruff_defaults

FIXTURE = Path(__file__).parent / "fixtures" / "hostile"
PACKAGE = "graph"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GenerateResult:
    out = tmp_path_factory.mktemp("hostile")
    return generate(GenerateOptions(paths=(FIXTURE,), output=out, use_cache=False, workers=1))


@pytest.fixture(scope="module")
def package(generated: GenerateResult) -> Iterator[ModuleType]:
    with imported(generated.root.parent, generated.package) as module:
        yield module


def test_every_module_compiles_and_is_black_stable(generated: GenerateResult) -> None:
    assert generated.package == PACKAGE
    modules = sorted(name for name in generated.files if name.endswith(".py"))
    assert {
        "models/email_.py",
        "models/json_.py",
        "models/typing_.py",
        "models/open_str_enum.py",
        "models/call_records_hostile.py",
    } <= set(modules)
    for name in modules:
        py_compile.compile(str(generated.root / name), doraise=True)
        assert format_source(generated.files[name]) == generated.files[name], name


def test_mypy_strict_and_ruff(generated: GenerateResult) -> None:
    folder = generated.root.parent
    typed = mypy_strict(folder, PACKAGE)
    assert typed.returncode == 0, typed.stdout + typed.stderr
    linted = ruff_check(folder, [f"{PACKAGE}/models", f"{PACKAGE}/__init__.py"])
    assert linted.returncode == 0, linted.stdout + linted.stderr
    plain = ruff_defaults(folder, [PACKAGE])  # the whole package, as a user's `ruff check`
    assert plain.returncode == 0, plain.stdout + plain.stderr


def test_attribute_names(package: ModuleType) -> None:
    hostile = importlib.import_module(f"{PACKAGE}.models.hostile").Hostile
    names = [f for f in hostile.__dataclass_fields__ if f != "additional_data"]
    assert names[:18] == [
        "class_",
        "type_",
        "match_",
        "case_",
        "field_",
        "field_2nd_phone",
        # `@odata.type` is an instance annotation and `display name` (a space) no member
        # name: neither makes a field (issue 10, GD308)
        "display_name",
        "display_name_2",
        "display_name_3",
        "to_dict_",
        "from_dict_",
        "additional_data_",
        "self_",
        "cls_",
        "d",
        "data",
        "sub",
        "str_",
    ]
    derived = importlib.import_module(f"{PACKAGE}.models.derived_hostile").DerivedHostile
    own = [f for f in derived.__dataclass_fields__ if f not in hostile.__dataclass_fields__]
    assert own == ["class_2", "extra"]  # `class` is inherited, not declared twice
    assert callable(hostile.to_dict) and callable(hostile.from_dict)


def _wire_names() -> dict[str, str]:
    """Wire name → Edm type of every property of microsoft.graph.hostile."""
    model = build_model([FIXTURE])
    hostile = model.type_named("microsoft.graph.hostile")
    assert hostile is not None
    return {p.name: p.type for p in hostile.properties}


def _sample(edm: str) -> Any:
    return {
        "Edm.String": "text",
        "Edm.Int32": 7,
        "Edm.Int64": 2**40,
        "Edm.Boolean": True,
        "Edm.DateTimeOffset": "2021-07-16T10:20:30Z",
        "Edm.Guid": str(uuid.UUID(int=5)),
        "Edm.Duration": "P1DT2H",
        "Edm.TimeOfDay": "08:30:00",
        "Edm.Date": "2021-07-16",
        "Edm.Binary": "aGVsbG8=",
        "Edm.Double": 0.5,
        "Edm.Untyped": {"any": ["json", 1, None]},
    }[edm]


def test_every_hostile_key_round_trips(package: ModuleType) -> None:
    hostile = importlib.import_module(f"{PACKAGE}.models.hostile").Hostile
    body: dict[str, Any] = {}
    for wire, edm in _wire_names().items():
        if edm.startswith("Edm."):
            body[wire] = _sample(edm)
    body.update(
        {
            "mood": "class",
            "moods": ["None", "2.4GHz", "a value from the future"],
            "email": {"address": "a@b.c", "typing": {"value": "v"}},
            "emails": [{"address": "x"}, {"typing": None}],
            "parent": {"class": "nested", "@odata.type": "#microsoft.graph.derivedHostile"},
            "json": {"id": "1", "owner": {"to_dict": "cycle"}},
            "@odata.context": "not documented, kept in additional_data",
        }
    )
    verdict = round_trip(hostile, body)
    assert verdict.kind == "exact", verdict.detail
    item = hostile.from_dict(body)
    assert item.to_dict_ == "text" and item.display_name_3 == "text"
    assert item.additional_data == {"@odata.context": body["@odata.context"]}
    assert item.datetime_ == dt.datetime(2021, 7, 16, 10, 20, 30, tzinfo=dt.UTC)
    assert item.uuid_ == uuid.UUID(int=5) and item.blob == b"hello"
    assert item.duration == dt.timedelta(days=1, hours=2)
    assert item.start_time == dt.time(8, 30) and item.day == dt.date(2021, 7, 16)
    assert type(item.parent).__name__ == "DerivedHostile"
    assert type(item.json).__name__ == "Json" and type(item.json.owner) is hostile
    assert item.moods[2] == "a value from the future"


def test_open_str_enum_named_like_its_base(package: ModuleType) -> None:
    module = importlib.import_module(f"{PACKAGE}.models.open_str_enum")
    enum = module.OpenStrEnum_
    assert enum.__mro__[1].__name__ == "OpenStrEnum"
    assert enum("class") is enum.CLASS and enum("None") is enum.NONE
    assert [m.name for m in enum][:6] == [
        "HAPPY",
        "CLASS",
        "NONE",
        "VALUE_2_4_G_HZ",
        "FOO_BAR",
        "FOO_BAR_2",
    ]
    assert enum("brand new") == "brand new"


def _docstrings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        value = node.value if isinstance(node, ast.Expr) else None
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            found.append(" ".join(value.value.split()))
    return found


def test_descriptions_stay_inside_their_docstrings(generated: GenerateResult) -> None:
    texts = _docstrings(generated.root / "models" / "hostile.py")
    assert "A keyword. Docstring breakers: \"\"\" and ''' and a trailing backslash |" in texts
    assert "A soft keyword and builtin. `{{ x }}` and {% raw %} and {# c #}." in texts
    assert 'A soft keyword. "); import os #' in texts
    derived = _docstrings(generated.root / "models" / "derived_hostile.py")
    assert "A property of its own, ending in a Windows path C:\\temp\\" in derived
    source = generated.files["models/hostile.py"]
    tree = ast.parse(source)
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert all(getattr(n, "module", None) != "os" for n in imports)
    assert "import os" not in source.replace('"); import os #', "")


def test_a_package_of_resource_pages_alone_passes_ruff(tmp_path: Path) -> None:
    # No request at all: the root path class and the tests import nothing beyond their own.
    out = tmp_path / "out"
    made = generate(
        GenerateOptions(paths=(FIXTURE / "resources",), output=out, use_cache=False, workers=1)
    )
    plain = ruff_defaults(out, [made.package])
    assert plain.returncode == 0, plain.stdout + plain.stderr


def test_parameters_classes_import_from_the_parameters_package(package: ModuleType) -> None:
    parameters = importlib.import_module(f"{PACKAGE}.parameters")
    assert parameters.__all__ == ["ResetBreakoutParameters"]
    cls = parameters.ResetBreakoutParameters  # loaded on first use
    assert cls.__module__ == f"{PACKAGE}.parameters.reset_breakout"
    with pytest.raises(AttributeError):
        _ = parameters.NoSuchParameters
