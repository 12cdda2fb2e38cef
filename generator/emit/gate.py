"""The gate after rendering: generated modules hold only what the templates write.

Escaping (`naming`) keeps page text inert; this is the check that it did. Every rendered
module is parsed (`ast`), and output is refused (`UnsafeOutput`) when it does not compile
or holds a statement or call no template makes: a statement after a module's or class's
docstring that is no definition, import or assignment; an import of a module the
templates never import; an assignment to another module's attribute; a call of `eval`,
`exec`, `__import__`, `open` and their like; an attribute or name with a dunder the
templates never use. The message names the module, its line, and the page and line that
produced the code there (`Origins`: the symbols of each module mapped to their sources).

Files copied verbatim from `generator/runtime/` are not rendered from pages and are not
gated; they are checked where they live (mypy, ruff, tests).
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence

from ..errors import UnsafeOutput
from ..model.types import Source

__all__ = ["Origins", "UnsafeOutput", "check_files", "check_module", "check_pieces", "pieces"]

# Generated module path → symbol (a class, function or constant defined in it; "" for the
# module as a whole) → the page and line it was generated from.
Origins = Mapping[str, Mapping[str, Source]]


# Absolute imports the templates make (the package's own modules aside); the example
# tests' conftest, which starts the mock, also imports what runs a process and what reads
# the folder pip installed the package from.
_IMPORTS = frozenset(
    {
        "__future__",
        "collections.abc",
        "dataclasses",
        "datetime",
        "httpx",
        "importlib",
        "types",
        "typing",
        "uuid",
    }
)
_TEST_IMPORTS = _IMPORTS | {
    "json",
    "os",
    "pathlib",
    "pytest",
    "re",
    "subprocess",
    "sys",
    "tempfile",
    "urllib.parse",
}
# Builtins no template calls or names, each a way to run or load code or touch files.
_FORBIDDEN_NAMES = frozenset(
    {
        "__builtins__",
        "__import__",
        "__loader__",
        "__spec__",
        "breakpoint",
        "compile",
        "delattr",
        "eval",
        "exec",
        "exit",
        "help",
        "input",
        "locals",
        "memoryview",
        "open",
        "quit",
        "setattr",
        "vars",
    }
)
_DUNDERS = frozenset(
    {"__name__", "__file__", "__package__", "__all__", "__init__", "__slots__"}
)
_BODY_STATEMENTS = (
    ast.Assign,
    ast.AnnAssign,
    ast.AugAssign,
    ast.Expr,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.Return,
    ast.Raise,
    ast.Assert,
    ast.Pass,
    ast.Import,
    ast.ImportFrom,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_DECLARATIONS = (
    ast.Import,
    ast.ImportFrom,
    ast.Assign,
    ast.AnnAssign,
    ast.If,
    ast.Pass,
    *_DEFINITIONS,
)


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _assigned_names(node: ast.stmt) -> list[str]:
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    return [target.id for target in targets if isinstance(target, ast.Name)]


def _symbol(node: ast.stmt) -> str | None:
    if isinstance(node, _DEFINITIONS):
        return node.name
    names = _assigned_names(node)
    return names[0] if names else None


class _Checker:
    def __init__(self, package: str | None, imports: frozenset[str]) -> None:
        self.package = package
        self.imports = imports

    def problems(self, tree: ast.Module) -> Iterator[tuple[int, str]]:
        yield from self.scope(tree.body, declarative=True)
        for node in ast.walk(tree):
            yield from self.node(node)

    def scope(self, body: list[ast.stmt], *, declarative: bool) -> Iterator[tuple[int, str]]:
        """A module or class body (declarative: definitions, imports, assignments and a
        leading docstring only; `if TYPE_CHECKING:` blocks alike), or a function body."""
        for index, statement in enumerate(body):
            if not isinstance(statement, _BODY_STATEMENTS):
                yield statement.lineno, f"a `{type(statement).__name__}` statement"
                continue
            if declarative:
                allowed = isinstance(statement, _DECLARATIONS)
                documents = _is_docstring(statement) and (
                    index == 0 or isinstance(body[index - 1], ast.Assign | ast.AnnAssign)
                )  # a docstring, or an attribute's docstring after its assignment
                if not allowed and not documents:
                    yield statement.lineno, "a statement that is no definition or import"
                    continue
                if isinstance(statement, ast.If):
                    yield from self.scope(statement.body, declarative=True)
                    yield from self.scope(statement.orelse, declarative=True)
            elif isinstance(statement, ast.Expr) and not (
                (index == 0 and _is_docstring(statement))
                or isinstance(statement.value, ast.Call | ast.Await | ast.Yield)
            ):
                yield statement.lineno, "an expression statement that is no call"
            if isinstance(statement, ast.ClassDef):
                yield from self.scope(statement.body, declarative=True)
            elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from self.scope(statement.body, declarative=False)

    def node(self, node: ast.AST) -> Iterator[tuple[int, str]]:
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not self.importable(alias.name):
                    yield line, f"an import of `{alias.name}`"
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and not self.importable(node.module or ""):
                yield line, f"an import from `{node.module}`"
        elif isinstance(node, ast.Name):
            if node.id in _FORBIDDEN_NAMES or (
                node.id.startswith("__") and node.id not in _DUNDERS
            ):
                yield line, f"the name `{node.id}`"
        elif isinstance(node, ast.Attribute):
            if node.attr.startswith("__") and node.attr not in _DUNDERS:
                yield line, f"the attribute `{node.attr}`"
            if isinstance(node.ctx, ast.Store | ast.Del) and not (
                isinstance(node.value, ast.Name) and node.value.id == "self"
            ):
                yield line, "an assignment to another object's attribute"
        elif isinstance(node, ast.Global | ast.Nonlocal | ast.Delete | ast.While):
            yield line, f"a `{type(node).__name__}` statement"

    def importable(self, module: str) -> bool:
        top = module.split(".", 1)[0]
        own = self.package is not None and top == self.package
        return module in self.imports or top in self.imports or own


def _origin(tree: ast.Module, line: int, symbols: Mapping[str, Source]) -> Source | None:
    """The source of the innermost symbol holding `line`, else of the symbol defined just
    before it, else the module's."""
    found: Source | None = symbols.get("")
    for statement in tree.body:
        if statement.lineno > line:
            break
        name = _symbol(statement)
        if name is not None and name in symbols:
            found = symbols[name]
        if isinstance(statement, ast.ClassDef) and (statement.end_lineno or 0) >= line:
            for inner in statement.body:
                if inner.lineno > line:
                    break
                inner_name = _symbol(inner)
                if inner_name is not None and inner_name in symbols:
                    found = symbols[inner_name]
    return found


def check_module(
    path: str,
    text: str,
    symbols: Mapping[str, Source] | None = None,
    package: str | None = None,
    *,
    function: str | None = None,
    first_line: int = 1,
) -> None:
    """Refuse a module that does not compile or holds code no template writes.
    `function`: `text` is a piece of the module starting on line `first_line` that must
    hold that one function (`check_pieces`)."""
    symbols = symbols or {}
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as error:
        line = (error.lineno or 1) + first_line - 1
        origin = symbols.get("")
        what = f"code that does not compile ({error.msg})"
        raise UnsafeOutput(_message(path, line, what, origin)) from error
    shift = first_line - 1  # the tree's lines are the piece's
    if function is not None:
        body = tree.body
        if len(body) != 1 or not isinstance(body[0], ast.FunctionDef) or body[0].name != function:
            line = body[0].lineno if body else 1
            what = f"code where the function `{function}` alone belongs"
            raise UnsafeOutput(_message(path, line + shift, what, symbols.get(function)))
    imports = _TEST_IMPORTS if path.startswith("tests/") else _IMPORTS
    for line, what in sorted(_Checker(package, imports).problems(tree)):
        raise UnsafeOutput(_message(path, line + shift, what, _origin(tree, line, symbols)))


def pieces(text: str, functions: Sequence[str], opening: str) -> list[tuple[int, str]] | None:
    """`text` cut before each of `functions` (top-level definitions, in order), each
    definition opening as `opening` formats with its name: the head, then one piece a
    function, each with the line it starts on; None when they are not found so."""
    starts: list[int] = []
    at = 0
    for function in functions:
        at = text.find(opening.format(function), at)
        if at < 0:
            return None
        starts.append(at)
        at += 1
    bounds = [0, *starts, len(text)]
    found: list[tuple[int, str]] = []
    line = 1
    for start, end in itertools.pairwise(bounds):
        found.append((line, text[start:end]))
        line += text.count("\n", start, end)
    return found


def check_pieces(
    path: str,
    pieces: list[tuple[int, str]],
    functions: Sequence[str],
    symbols: Mapping[str, Source],
    package: str | None,
    checked: Callable[[str, str, Callable[[], None]], None],
) -> None:
    """`check_module` of a module given as its head and one piece a top-level function
    (`pieces`): each piece on its own, the same verdict as the whole: a piece that parses
    alone ends where its statements end, so the module's statements are the pieces' (a
    piece must hold its one function, so none can add a `__future__` import below the
    head). `checked(function, piece, check)` runs `check` unless that piece was checked
    before (the caller remembers pieces by their text). Where a piece is refused, the
    whole module is checked: its verdict and message stand (a cut in the wrong place,
    inside a string, only costs that)."""
    head_line, head = pieces[0]
    try:
        check_module(path, head, symbols, package, first_line=head_line)
        for function, (line, piece) in zip(functions, pieces[1:], strict=True):

            def check(function: str = function, line: int = line, piece: str = piece) -> None:
                check_module(path, piece, symbols, package, function=function, first_line=line)

            checked(function, piece, check)
    except UnsafeOutput:
        check_module(path, "".join(piece for _, piece in pieces), symbols, package)


def _message(path: str, line: int, what: str, origin: Source | None) -> str:
    cause = f"; made from {origin.path}:{origin.line}" if origin is not None else ""
    return (
        f"refusing generated {path}:{line}: {what}, which graphdoc's templates never "
        f"write{cause} (page text got into code; report this as a graphdoc bug)"
    )


def check_files(
    files: Mapping[str, str], origins: Origins | None = None, package: str | None = None
) -> None:
    """`check_module` for every `.py` file of a rendered package part."""
    origins = origins or {}
    for path, text in files.items():
        if path.endswith(".py"):
            check_module(path, text, origins.get(path), package)
