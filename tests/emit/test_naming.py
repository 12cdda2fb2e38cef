"""Names and literals from hostile wire text still make valid, black-stable Python."""

from __future__ import annotations

import ast
import builtins
import keyword
import random
import sys

import black
import pytest
from graphdoc.emit.naming import (
    class_name,
    docstring_text,
    enum_member_name,
    export_order,
    module_name,
    py_string_literal,
    python_attribute,
    snake_case,
)
from graphdoc.format.black_format import black_mode


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("displayName", "display_name"),
        ("customCSS", "custom_css"),
        ("expirationDateTimeUTC", "expiration_date_time_utc"),
        ("iPAddress", "ip_address"),
        ("iOSVersion", "ios_version"),
        ("iPad", "i_pad"),
        ("IPv6Address", "ipv6_address"),
        ("iPv6CidrRange", "ipv6_cidr_range"),
        ("ipv4Range", "ipv4_range"),
        ("@odata.type", "odata_type"),
        ("@odata.nextLink", "odata_next_link"),
        ("@odata.context", "odata_context"),
        ("HTMLBody", "html_body"),
        ("getHTTPResponseCode", "get_http_response_code"),
        ("macOSGeneralDeviceConfiguration", "mac_os_general_device_configuration"),
        ("sha256Hash", "sha256_hash"),
        ("x509Certificate", "x509_certificate"),
        ("address1", "address1"),
        ("2ndPhone", "2nd_phone"),
        ("first-name", "first_name"),
        ("first name", "first_name"),
        ("a.b.c", "a_b_c"),
        ("a__b", "a_b"),
        ("--a--b--", "a_b"),
        ("__init__", "init"),
        ("_private", "private"),
        ("ALLCAPS", "allcaps"),
        ("already_snake", "already_snake"),
        ("café", "cafe"),
        ("naïveDateTime", "naive_date_time"),
        ("名前Name", "name"),
        ("", ""),
        ("@#$", ""),
    ],
)
def test_snake_case(wire: str, expected: str) -> None:
    assert snake_case(wire) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("displayName", "display_name"),
        ("id", "id"),  # kept: the Graph entity key, never used as a builtin in class bodies
        ("class", "class_"),
        ("from", "from_"),
        ("None", "none"),  # lowercased first, so no longer a keyword
        ("type", "type_"),
        ("match", "match_"),
        ("case", "case_"),
        ("_", "field_"),
        ("list", "list_"),
        ("str", "str_"),
        ("print", "print_"),
        ("format", "format_"),
        ("to_dict", "to_dict_"),
        ("fromDict", "from_dict_"),
        ("additionalData", "additional_data_"),
        ("@odata.type", "odata_type"),
        ("field", "field_"),  # would shadow dataclasses.field in the class body
        ("datetime", "datetime_"),
        ("self", "self_"),
        ("", "field_"),
        ("!!!", "field_"),
        ("2ndPhone", "field_2nd_phone"),
        ("123", "field_123"),
        ("_foo", "foo"),
        ("calendar", "calendar"),  # stdlib module names are fine as attributes
    ],
)
def test_python_attribute(wire: str, expected: str) -> None:
    assert python_attribute(wire, set()) == expected


def test_python_attribute_numbers_collisions_in_call_order() -> None:
    taken: set[str] = set()
    names = [
        python_attribute(wire, taken)
        for wire in ["displayName", "display_name", "DisplayName", "class", "class_", "id"]
    ]
    assert names == [
        "display_name",
        "display_name_2",
        "display_name_3",
        "class_",
        "class_2",
        "id",
    ]
    assert taken == set(names)


def test_python_attribute_respects_inherited_names() -> None:
    taken = {"id", "odata_type"}
    assert python_attribute("id", taken) == "id_2"
    assert python_attribute("@odata.type", taken) == "odata_type_2"


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("microsoft.graph.security.alert", "Alert"),
        ("microsoft.graph.typedEmailAddress", "TypedEmailAddress"),
        ("microsoft.graph.iPv6CidrRange", "IPv6CidrRange"),
        ("microsoft.graph.macOSGeneralDeviceConfiguration", "MacOSGeneralDeviceConfiguration"),
        ("microsoft.graph.oAuth2PermissionGrant", "OAuth2PermissionGrant"),
        ("microsoft.graph.none", "None_"),
        ("microsoft.graph.true", "True_"),
        ("microsoft.graph.exception", "Exception_"),
        ("microsoft.graph.unset", "Unset_"),
        ("microsoft.graph.any", "Any_"),
        ("microsoft.graph.2faMethod", "Model2faMethod"),
        ("microsoft.graph.my-type", "MyType"),
        ("contact", "Contact"),
        ("microsoft.graph.", "Model"),
        ("", "Model"),
    ],
)
def test_class_name(type_name: str, expected: str) -> None:
    assert class_name(type_name) == expected


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("microsoft.graph.contact", "contact"),
        ("microsoft.graph.typedEmailAddress", "typed_email_address"),
        ("microsoft.graph.email", "email_"),
        ("microsoft.graph.calendar", "calendar_"),
        ("microsoft.graph.site", "site_"),
        ("microsoft.graph.json", "json_"),
        ("microsoft.graph.time", "time_"),
        ("microsoft.graph.uuid", "uuid_"),
        ("microsoft.graph.types", "types_"),
        ("microsoft.graph.typing", "typing_"),
        ("microsoft.graph.enum", "enum_"),
        ("microsoft.graph.dataclasses", "dataclasses_"),
        ("microsoft.graph.datetime", "datetime_"),
        ("microsoft.graph.abc", "abc_"),
        ("microsoft.graph.copy", "copy_"),
        ("microsoft.graph.httpx", "httpx_"),
        ("microsoft.graph.class", "class_"),
        ("microsoft.graph.match", "match_"),
        ("microsoft.graph.3dModel", "model_3d_model"),
        ("microsoft.graph.", "model"),
    ],
)
def test_module_name(type_name: str, expected: str) -> None:
    assert module_name(type_name, set()) == expected


def test_module_name_collisions() -> None:
    taken: set[str] = set()
    got = [
        module_name(name, taken)
        for name in [
            "microsoft.graph.alert",
            "microsoft.graph.security.alert",
            "microsoft.graph.Alert",
            "microsoft.graph.email",
            "x.email_",
        ]
    ]
    assert got == ["alert", "alert_2", "alert_3", "email_", "email_2"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("unknownFutureValue", "UNKNOWN_FUTURE_VALUE"),
        ("notStarted", "NOT_STARTED"),
        ("low", "LOW"),
        ("", "EMPTY"),
        ("1", "VALUE_1"),
        ("2.4GHz", "VALUE_2_4_G_HZ"),
        ("-1", "VALUE_NEGATIVE_1"),
        ("+", "VALUE"),
        ("None", "NONE"),
        ("class", "CLASS"),
    ],
)
def test_enum_member_name(value: str, expected: str) -> None:
    assert enum_member_name(value, set()) == expected


def test_enum_member_name_collisions() -> None:
    taken: set[str] = set()
    got = [enum_member_name(v, taken) for v in ["a", "A", "a", "", " ", "+", "-"]]
    assert got == ["A", "A_2", "A_3", "EMPTY", "VALUE", "VALUE_2", "VALUE_3"]


# Hostile text: escapes, quotes of every kind, Jinja syntax, code injection, controls.
HOSTILE = [
    "",
    "plain",
    '"""',
    "'''",
    '"',
    "'",
    "\\",
    "\\\\",
    "trailing backslash\\",
    "trailing backslashes\\\\",
    'trailing quote"',
    "trailing single'",
    '"leading quote',
    '""',
    '""""""',
    '"a" "b"',
    "\\N{BULLET}",
    "\\N{LATIN SMALL LETTER A}",
    "\\x41\\u0042\\U00000043\\n\\t\\0",
    "{{ x }}",
    "{% raw %}{{ y }}{% endraw %}",
    "{#",
    '"); import os; os.system("x',
    '"""); import os; os.system("rm -rf /"); ("""',
    "'''); import os; ('''",
    "a\x00b",
    "\x00\x01\x1f\x7f",
    "line\nbreak",
    "tab\there",
    "cr\r\nlf",
    "form\x0cfeed\x0bvtab",
    "sep\u2028par\u2029nel\x85",
    "zero\u200bwidth",
    "unicode café 日本語 😀",
    "surrogate \ud800 half",
    "mix'\"'\"",
    "more \" than '",
    "more ' than \"",
    "\\'",
    '\\"',
    '\\"""',
    "# comment",
    "\\\n",
    "  spaced   out  ",
    "b'bytes'",
    "f'{x}'",
]


def _random_hostile(rng: random.Random, count: int) -> list[str]:
    alphabet = [
        *"\"'\\{}%#\n\t\r\x00\x01\x1b\x7f aZ9_N\u2028é😀()",
        '"""',
        "'''",
        "\\N{",
        "{{",
        "}}",
        "\\x",
    ]
    return ["".join(rng.choices(alphabet, k=rng.randint(0, 24))) for _ in range(count)]


RANDOM_HOSTILE = _random_hostile(random.Random(20240611), 600)
ALL_HOSTILE = HOSTILE + RANDOM_HOSTILE


def _black(code: str) -> str:
    return black.format_str(code, mode=black_mode())


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("abc", '"abc"'),
        ("it's", '"it\'s"'),
        ('say "hi"', "'say \"hi\"'"),
        ("\"'", '"\\"\'"'),
        ("a\\b", '"a\\\\b"'),
        ("\x00", '"\\x00"'),
        ("\n\t\r", '"\\n\\t\\r"'),
        ("\u200b", '"\\u200b"'),
        ("é", '"é"'),
    ],
)
def test_py_string_literal_table(text: str, literal: str) -> None:
    assert py_string_literal(text) == literal


def _check_literal(text: str) -> None:
    literal = py_string_literal(text)
    code = f"x = {literal}\n"
    namespace: dict[str, object] = {}
    exec(compile(code, "<literal>", "exec"), namespace)
    assert namespace["x"] == text
    tree = ast.parse(code)
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Assign)
    assert _black(code) == code


@pytest.mark.parametrize("text", HOSTILE)
def test_py_string_literal_round_trips_and_is_black_stable(text: str) -> None:
    _check_literal(text)


def test_py_string_literal_random_hostile() -> None:
    for text in RANDOM_HOSTILE:
        _check_literal(text)


def _expected_docstring(text: str) -> str:
    visible = "".join(
        ch for ch in text if ch.isprintable() or (ch.isspace() and ch not in "\x1c\x1d\x1e\x1f")
    )
    return " ".join(visible.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A contact.", "A contact."),
        ("  many \n\n  spaces\t\there ", "many spaces here"),
        ('The "none" value', 'The "none" value'),
        ('"quoted"', '\\"quoted\\x22'),
        ('x """ y', 'x \\"\\"\\" y'),
        ("ends with \\", "ends with \\\\"),
        ("\\N{BULLET}", "\\\\N{BULLET}"),
        ("{{ x }} {% raw %}", "{{ x }} {% raw %}"),
        ("a\x00b\x1fc", "abc"),
        ("'''", "'''"),
    ],
)
def test_docstring_text_table(text: str, expected: str) -> None:
    assert docstring_text(text) == expected


def _check_docstring(text: str) -> None:
    doc = docstring_text(text)
    for code in (
        f'def f() -> None:\n    """{doc}"""\n',
        f'class C:\n    """{doc}"""\n',
        f'"""{doc}"""\n',
    ):
        tree = ast.parse(code)
        assert len(tree.body) == 1
        body = tree.body[0].body if isinstance(tree.body[0], ast.FunctionDef | ast.ClassDef) else []
        if body:
            assert len(body) == 1, "statements were injected"
            assert isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
        docstring = ast.get_docstring(tree.body[0] if body else tree, clean=False)
        assert docstring == _expected_docstring(text)
        assert _black(code) == code, "black would rewrite this docstring"


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_text_cannot_inject(text: str) -> None:
    _check_docstring(text)


def test_docstring_text_random_hostile() -> None:
    for text in RANDOM_HOSTILE:
        _check_docstring(text)


def test_names_are_always_valid_identifiers() -> None:
    attributes: set[str] = set()
    modules: set[str] = set()
    members: set[str] = set()
    reserved = (
        set(keyword.kwlist) | set(keyword.softkwlist) | {"type"} | set(dir(builtins)) - {"id"}
    )
    for text in [*ALL_HOSTILE, *keyword.kwlist, *dir(builtins), *sys.stdlib_module_names]:
        for name in (
            python_attribute(text, attributes),
            module_name(text, modules),
            enum_member_name(text, members),
            class_name(text),
        ):
            assert name.isidentifier() and name.isascii(), name
            assert not keyword.iskeyword(name) and not keyword.issoftkeyword(name), name
        assert attributes.isdisjoint(reserved)
        assert modules.isdisjoint(sys.stdlib_module_names)


def test_names_are_deterministic() -> None:
    def run() -> list[str]:
        taken: set[str] = set()
        return [python_attribute(text, taken) for text in ALL_HOSTILE]

    assert run() == run()


def test_export_order_is_the_order_linters_keep_dunder_all_in() -> None:
    # ruff's RUF022 (isort's order by type): constants, classes, the rest; numbers by value.
    names = ["Website", "Unset", "UNSET", "Windows10Config", "helper", "Windows8Config", "A1"]
    assert sorted(names, key=export_order) == [  # as `ruff check --select RUF022 --fix` sorts
        "A1", "UNSET", "Unset", "Website", "Windows8Config", "Windows10Config", "helper",
    ]  # fmt: skip
