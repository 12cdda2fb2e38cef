"""Names and literals that cannot break generated code.

Graph wire names and descriptions are untrusted text: a property called `class`, a type
called `email`, an enum value `2.4GHz` or a description holding `\"\"\"` must still yield
code that compiles, type-checks and stays byte-stable under black. Every name or literal
a template emits goes through this module; templates never escape anything themselves.

Every helper returns `Code`, the mark of a fragment of Python source made safe here; the
Jinja environment (`render`) prints nothing else, so a raw string from a page reaching a
template is an error, not a hole. The helpers: `identifier` (and the name makers built on
it), `string_literal`, `docstring_text`, `comment`; `code` and `join_code` only compose
fragments already marked.

Choices worth knowing:

* Names are ASCII. Accents are dropped (`café` → `cafe`); other non-ASCII characters
  separate words, so NFKC folding can never merge two names behind our back.
* Acronyms stay whole (`customCSS` → `custom_css`, not Kiota's `custom_c_s_s`), so do
  versioned ones (`IPv6Address` → `ipv6_address`), and a lone lowercase letter before an
  acronym joins it (`iPAddress` → `ip_address`, `iPv6CidrRange` → `ipv6_cidr_range`).
* Digits stick to the word before them (`sha256Hash` → `sha256_hash`) and lowercase
  letters stick to a leading number (`2ndPhone` → `2nd_phone`).
* `id` is NOT suffixed although it is a builtin: it is the key of every Graph entity, the
  generated class bodies never call `id()`, and `id_` everywhere would be noise.
* Functions taking `taken` add the name they return to it, so numbering collisions
  (`name`, `name_2`, `name_3`…) follows call order and is deterministic.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
import sys
import unicodedata
from collections.abc import Iterable

__all__ = [
    "WINDOWS_RESERVED",
    "Code",
    "check_package",
    "class_name",
    "code",
    "comment",
    "docstring_text",
    "enum_member_name",
    "identifier",
    "join_code",
    "module_name",
    "py_string_literal",
    "python_attribute",
    "snake_case",
    "unique_name",
]


class Code(str):
    """Python source made safe by a helper of this module; templates print nothing else."""

    __slots__ = ()

    def __html__(self) -> str:
        """Already escaped (for Python): Jinja's autoescaping prints it unchanged."""
        return str(self)


def code(template: str, *parts: Code) -> Code:
    """`template` (a literal of the emitter, never page text) with `{}` filled by fragments."""
    for part in parts:
        if not isinstance(part, Code):
            raise TypeError(f"unescaped text {part!r} composed into generated code")
    return Code(template.format(*parts))


def join_code(separator: str, parts: Iterable[Code]) -> Code:
    """Fragments joined by a separator literal of the emitter (`", "`, `" | "`)."""
    items = list(parts)
    return code(separator.join("{}" for _ in items), *items)


# Words: a versioned acronym (`IPv6`), an acronym not eating the capital of the next word,
# a word, or a leading number with its ordinal letters. Digits trailing a word belong to it.
_WORD = re.compile(r"[A-Z]+v[0-9]+|[A-Z]+(?![a-z])[0-9]*|[A-Z]?[a-z]+[0-9]*|[0-9]+[a-z]*")
_ACRONYM_AFTER_LONE_LETTER = re.compile(r"^[a-z](?=[A-Z]{2}|[A-Z]+v[0-9])")

_SOFT_KEYWORDS = frozenset(keyword.softkwlist) | {"_", "case", "match", "type"}
_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_")) - {"id"}

# Names a generated model class body binds or uses besides its fields: a field called
# `field` would shadow `dataclasses.field` for the `additional_data` line after it; one
# called `datetime` would shadow the module in later annotations.
_MODEL_API = frozenset(
    {
        "additional_data",
        "cls",
        "dataclass",
        "dataclasses",
        "datetime",
        "enum",
        "field",
        "from_dict",
        "self",
        "to_dict",
        "typing",
        "uuid",
    }
)
_RESERVED_ATTRIBUTES = frozenset(keyword.kwlist) | _SOFT_KEYWORDS | _BUILTINS | _MODEL_API

# Names generated modules import or define at module level; a class must not shadow them.
_RESERVED_CLASSES = (
    frozenset(keyword.kwlist)
    | _BUILTINS
    | {
        "Any",
        "AsyncIterator",
        "ClassVar",
        "Enum",
        "IntFlag",
        "Iterator",
        "Literal",
        "Mapping",
        "ModelError",
        "OpenStrEnum",
        "Self",
        "StrEnum",
        "UNSET",
        "Unset",
    }
)

# Device names Windows refuses as file names whatever the extension (`con.py`, `nul.json`).
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(10)}
    | {f"lpt{n}" for n in range(10)}
)

# A generated module must not shadow what generated code imports when its folder ends up
# on sys.path (pytest's rootdir insertion, running a script from inside the package), nor
# be a file Windows cannot create.
_RESERVED_MODULES = (
    frozenset(sys.stdlib_module_names)
    | frozenset(keyword.kwlist)
    | _SOFT_KEYWORDS
    | WINDOWS_RESERVED
    | {"httpx", "jsonschema", "pytest", "referencing", "graphdoc"}
)


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")


def _words(text: str) -> list[str]:
    """Split any text into ASCII words, keeping acronyms and numbers whole."""
    if text.isascii():  # the same, without a call per character (NFKD keeps ASCII)
        ascii_text = _NOT_ALNUM.sub(" ", text)
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        ascii_text = "".join(
            ch if ch.isascii() and ch.isalnum() else " "
            for ch in decomposed
            if not unicodedata.combining(ch)
        )
    words: list[str] = []
    for chunk in ascii_text.split():
        chunk = _ACRONYM_AFTER_LONE_LETTER.sub(lambda m: m.group(0).upper(), chunk)
        words.extend(_WORD.findall(chunk))
    return words


@functools.lru_cache(maxsize=65536)  # the same names recur across a package's modules
def snake_case(wire_name: str) -> str:
    """`expirationDateTimeUTC` → `expiration_date_time_utc`; `@odata.type` → `odata_type`."""
    return "_".join(word.lower() for word in _words(wire_name))


def unique_name(base: str, taken: set[str]) -> str:
    """Return `base`, or `base_2`, `base_3`… whichever is free first; record it in taken."""
    name = base
    if name in taken:
        stem = base.rstrip("_") or base
        counter = 2
        while f"{stem}_{counter}" in taken:
            counter += 1
        name = f"{stem}_{counter}"
    taken.add(name)
    return name


def identifier(name: str) -> Code:
    """A name checked to be a plain ASCII identifier, neither keyword nor soft keyword.

    The name makers below never produce anything else; this is the check that makes it so
    (a `ValueError`, not an assert, so it holds under `python -O` too).
    """
    if (
        not name.isascii()
        or not name.isidentifier()
        or keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
    ):
        raise ValueError(f"not a safe Python identifier: {name!r}")
    return Code(name)


def check_package(name: str) -> Code:
    """A package name a user chose: an identifier that shadows no module generated code or
    its tests import (`os`, `json`, `httpx`), and that Windows can create."""
    if not name.isascii() or not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"package name {name!r} is not a valid Python identifier")
    if name in _RESERVED_MODULES or name.lower() in WINDOWS_RESERVED:
        raise ValueError(
            f"package name {name!r} shadows the module {name!r} that Python or the "
            "generated code imports (or is a device name on Windows); choose another"
        )
    return identifier(name)


def python_attribute(wire_name: str, taken: set[str]) -> Code:
    """A snake_case attribute for a wire name: never a keyword, builtin or model API name."""
    name = snake_case(wire_name) or "field"
    if name[0].isdigit():
        name = f"field_{name}"
    if name in _RESERVED_ATTRIBUTES:
        name += "_"
    return identifier(unique_name(name, taken))


def _pascal(text: str) -> str:
    return "".join(word[0].upper() + word[1:] for word in _words(text))


def class_name(type_name: str) -> Code:
    """`microsoft.graph.security.alert` → `Alert`: PascalCase of the last segment."""
    name = _pascal(type_name.rsplit(".", 1)[-1]) or "Model"
    if name[0].isdigit():
        name = f"Model{name}"
    if name in _RESERVED_CLASSES:
        name += "_"
    return identifier(name)


def module_name(type_name: str, taken: set[str]) -> Code:
    """A module name for a type that shadows no stdlib module and collides with no sibling."""
    name = snake_case(type_name.rsplit(".", 1)[-1]) or "model"
    if name[0].isdigit():
        name = f"model_{name}"
    if name in _RESERVED_MODULES:
        name += "_"
    return identifier(unique_name(name, taken))


def enum_member_name(value: str, taken: set[str]) -> Code:
    """UPPER_SNAKE member name: `unknownFutureValue` → `UNKNOWN_FUTURE_VALUE`, `""` → `EMPTY`."""
    if value == "":
        name = "EMPTY"
    else:
        name = snake_case(value).upper() or "VALUE"
        if re.match(r"\s*-\s*[0-9]", value):
            name = f"VALUE_NEGATIVE_{name}"
        elif name[0].isdigit():
            name = f"VALUE_{name}"
    return identifier(unique_name(name, taken))


# Whitespace to str.split, control codes to everyone else: dropped, not turned into spaces.
_INFO_SEPARATORS = frozenset("\x1c\x1d\x1e\x1f")
_SIMPLE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


_NUMBER_OR_TEXT = re.compile(r"[0-9]+|[^0-9]+")


def export_order(name: str) -> tuple[int, list[tuple[int, int | str]]]:
    """Sort key of a name in `__all__`, in the order linters keep it (ruff's RUF022,
    isort's order by type): CONSTANTS, then CamelCase, then the rest; within each, digits
    compare as numbers (`Windows8` before `Windows10`)."""
    if len(name) > 1 and name.isupper():
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    runs = [
        (0, int(run)) if run.isdigit() else (1, run) for run in _NUMBER_OR_TEXT.findall(name)
    ]
    return kind, runs


def py_string_literal(text: str) -> Code:
    """A literal evaluating to `text`, quoted the way black leaves it (double unless worse)."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    if quote not in text and "\\" not in text and text.isprintable():
        return Code(f"{quote}{text}{quote}")  # most text: nothing to escape
    parts = [quote]
    for ch in text:
        if ch in _SIMPLE_ESCAPES:
            parts.append(_SIMPLE_ESCAPES[ch])
        elif ch == quote:
            parts.append("\\" + quote)
        elif ch.isprintable():
            parts.append(ch)
        else:
            parts.append(repr(ch)[1:-1])  # \x00, \u200b, \U000e0001, lone surrogates
    parts.append(quote)
    return Code("".join(parts))


def docstring_text(text: str) -> Code:
    """One line of text that is inert inside `\"\"\"…\"\"\"` and that black leaves alone.

    Whitespace runs (newlines and tabs included) become one space and other
    non-printable characters go, so the docstring cannot open new lines; every backslash
    is doubled, so none escapes anything; a quote touching another quote or either end is
    escaped, so `\"\"\"` never forms and black never pads the ends. Braces are untouched.
    """
    if text.isprintable():  # most text: nothing to drop, checked at C speed
        visible = text
    else:
        visible = "".join(
            ch for ch in text if ch.isprintable() or (ch.isspace() and ch not in _INFO_SEPARATORS)
        )
    cleaned = " ".join(visible.split())
    if '"' not in cleaned and "\\" not in cleaned:
        return Code(cleaned)
    out: list[str] = []
    last = len(cleaned) - 1
    for index, ch in enumerate(cleaned):
        if ch == "\\":
            out.append("\\\\")
        elif ch != '"':
            out.append(ch)
        elif index == last:
            out.append("\\x22")  # `\"` would still end in a quote, which black pads
        elif index == 0 or cleaned[index - 1] == '"' or cleaned[index + 1] == '"':
            out.append('\\"')
        else:
            out.append('"')
    return Code("".join(out))


def comment(text: str) -> Code:
    """A `#` comment holding `text` on one line: nothing in it can end the comment."""
    return Code(f"# {docstring_text(text)}".rstrip())
