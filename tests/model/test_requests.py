"""graphdoc.model.requests: one page per request, on hand-made page pairs (one per rule)
and on the real pages of the 2021 corpora."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from graphdoc.diagnostics import DUPLICATE_REQUEST
from graphdoc.model.build import SourceFile, build_from_files, build_model
from graphdoc.model.paths import PathTemplate
from graphdoc.model.requests import request_choices
from graphdoc.model.serialize import to_json
from graphdoc.model.types import ApiModel, Operation

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "graph-docs-2021-07"

# Eight lines: a page body starts at line 9.
FRONT = "---\ntitle: {title}\ndoc_type: {kind}\n---\n# {title}\n\nNamespace: microsoft.graph\n\n"


def resource(name: str, rows: str, methods: tuple[str, ...] = (), base: str = "") -> str:
    table = "".join(f"|[{m}](../api/{m}.md)|x|Does {m}.|\n" for m in methods)
    inherits = f"Inherits from [{base}]({base.lower()}.md).\n\n" if base else ""
    return (
        f"{inherits}## Methods\n\n|Method|Return type|Description|\n|:--|:--|:--|\n{table}\n"
        "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n"
        "|id|String|The identifier.|\n" + rows
    )


def api(
    lines: list[str], returns: str = "", examples: int = 0, parameters: int = 0
) -> str:
    """An api page: its syntax lines, the type its Response section links (a resource page
    stem, `x collection` for a list), `examples` request/response pairs."""
    method, path = lines[0].split(" ", 1)
    page = "## HTTP request\n\n```http\n" + "\n".join(lines) + "\n```\n\n"
    if parameters:
        page += "## Optional query parameters\n\n|Name|Type|Description|\n|:--|:--|:--|\n"
        page += "".join(f"|p{n}|String|A parameter.|\n" for n in range(parameters)) + "\n"
    page += "## Response\n\n"
    if returns:
        name, _, collection = returns.partition(" ")
        page += (
            f"If successful, this method returns a `200 OK` response code and a "
            f"[{name}](../resources/{name.lower()}.md) {collection or 'object'} in the "
            "response body.\n\n"
        )
    page += "## Examples\n\n"
    for number in range(examples):
        url = path.replace("{id}", "1").replace("{widgetsId}", "1")
        page += (
            f'<!-- {{ "blockType": "request", "name": "example_{number}" }} -->\n'
            f"```http\n{method} https://graph.microsoft.com/v1.0{url}\n```\n\n"
            '<!-- { "blockType": "response" } -->\n'
            '```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{"id": "1"}\n```\n\n'
        )
    return page


WIDGET = resource(
    "widget",
    "|parts|[part](part.md) collection|The parts.|\n",
    ("widget-get", "widget-list-parts", "widget-update"),
)
PART = resource("part", "|name|String|The name.|\n", ("part-list",))


def model_of(pages: dict[str, str]) -> ApiModel:
    files = []
    for path, body in sorted(pages.items()):
        stem = PurePosixPath(path).stem
        title = f"{stem} resource type" if path.startswith("resources/") else stem
        kind = "apiPageType" if path.startswith("api/") else "resourcePageType"
        files.append(SourceFile(path, FRONT.format(title=title, kind=kind) + body))
    return build_from_files(files)


def defining(model: ApiModel, method: str, path: str) -> list[str]:
    """The pages of the operations that define a request (one, when the model chose)."""
    shape = PathTemplate.parse(path).shape
    return [
        operation.source.path
        for operation in model.operations
        if operation.method == method
        and any(t.shape == shape for t in operation.defined_templates)
    ]


def operation(model: ApiModel, page: str) -> Operation:
    return next(o for o in model.operations if o.source.path == page)


# ------------------------------------------------------------------------------ rule 1


def test_the_page_answering_the_type_the_path_addresses_wins() -> None:
    """An extension page documenting `GET /widgets/{id}/parts` to show `$expand` answers
    another type; the parts page wins though the other is richer and read first."""
    model = model_of(
        {
            "resources/widget.md": WIDGET,
            "resources/part.md": PART,
            "resources/extra.md": resource("extra", ""),
            "api/extra-get.md": api(["GET /widgets/{id}/parts"], "extra", examples=2),
            "api/widget-list-parts.md": api(["GET /widgets/{id}/parts"], "part collection"),
        }
    )
    assert defining(model, "GET", "/widgets/{id}/parts") == ["api/widget-list-parts.md"]
    assert operation(model, "api/extra-get.md").superseded == {
        "/widgets/{id}/parts": "widget-list-parts"
    }
    [choice] = request_choices(model)
    assert (choice.reason, choice.addressed) == (
        "the type the path addresses", "microsoft.graph.part"
    )


def test_a_list_where_the_path_names_one_item_ranks_last() -> None:
    model = model_of(
        {
            "resources/widget.md": WIDGET,
            "resources/part.md": PART,
            "api/a-list.md": api(["GET /widgets/{id}/parts/{id}"], "part collection", 3),
            "api/part-get.md": api(["GET /widgets/{id}/parts/{id}"], "part"),
        }
    )
    assert defining(model, "GET", "/widgets/{id}/parts/{id}") == ["api/part-get.md"]


def test_the_base_type_page_wins_over_a_derived_type_page() -> None:
    model = model_of(
        {
            "resources/widget.md": WIDGET,
            "resources/part.md": PART,
            "resources/gear.md": resource("gear", "|teeth|Int32|Teeth.|\n", base="part"),
            "api/gear-get.md": api(["GET /widgets/{id}/parts/{id}"], "gear", examples=2),
            "api/part-get.md": api(["GET /widgets/{id}/parts/{id}"], "part"),
        }
    )
    assert defining(model, "GET", "/widgets/{id}/parts/{id}") == ["api/part-get.md"]


# ------------------------------------------------------------------------------ rule 2


def test_the_resource_own_page_wins_over_a_product_area_variant() -> None:
    """`gizmo-widget.md` documents `microsoft.graph.widget` too (a product area's copy, as
    `intune-devices-user.md` is of user): its operation loses though read first and richer."""
    model = model_of(
        {
            "resources/widget.md": WIDGET,
            "resources/part.md": PART,
            "resources/gizmo-widget.md": (
                "## Methods\n\n|Method|Return type|Description|\n|:--|:--|:--|\n"
                "|[Get widget](../api/gizmo-widget-get.md)|x|Get.|\n\n"
                "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n"
                "|id|String|The identifier.|\n"
            ),
            "api/gizmo-widget-get.md": api(["GET /widgets/{widgetsId}"], "widget", 3, 2),
            "api/widget-get.md": api(["GET /widgets/{id}"], "widget", examples=1),
        }
    )
    # The variant page is read as the widget type (its title names it).
    widget = model.type_named("microsoft.graph.widget")
    assert widget is not None and widget.source.path == "resources/widget.md"
    assert defining(model, "GET", "/widgets/{id}") == ["api/widget-get.md"]
    [choice] = request_choices(model)
    assert choice.reason == "the resource's own page"
    assert [c.operation.source.path for c in choice.dropped] == ["api/gizmo-widget-get.md"]


def test_the_page_of_the_type_nearest_the_end_of_the_path_wins() -> None:
    """Both pages answer parts; the part page lists `part-list`, the widget page
    `widget-list-parts`: the part page is nearer the end of `/widgets/{id}/parts`."""
    model = model_of(
        {
            "resources/widget.md": WIDGET,
            "resources/part.md": resource("part", "", ("z-part-list",)),
            "api/widget-list-parts.md": api(["GET /widgets/{id}/parts"], "part collection"),
            "api/z-part-list.md": api(["GET /widgets/{id}/parts"], "part collection"),
        }
    )
    assert defining(model, "GET", "/widgets/{id}/parts") == ["api/z-part-list.md"]


# ------------------------------------------------------------------------------ rules 3, 4


def test_the_richer_page_wins_a_tie() -> None:
    model = model_of(
        {
            "resources/widget.md": WIDGET,
            "resources/part.md": PART,
            "api/a-reset.md": api(["POST /widgets/{id}/reset"]),
            "api/b-reset.md": api(["POST /widgets/{id}/reset"], examples=1, parameters=1),
        }
    )
    assert defining(model, "POST", "/widgets/{id}/reset") == ["api/b-reset.md"]
    [choice] = request_choices(model)
    assert choice.reason == "the richer page"


def test_the_first_page_read_wins_when_nothing_else_tells() -> None:
    model = model_of(
        {
            "api/b-reset.md": api(["POST /widgets/{id}/reset"]),
            "api/a-reset.md": api(["POST /widgets/{widget-id}/reset"]),
        }
    )
    assert defining(model, "POST", "/widgets/{id}/reset") == ["api/a-reset.md"]
    assert operation(model, "api/b-reset.md").superseded == {"/widgets/{id}/reset": "a-reset"}


# ------------------------------------------------------------------------------ what stays


def test_a_diagnostic_names_the_chosen_page_and_every_page_not_used() -> None:
    model = model_of(
        {
            "resources/widget.md": WIDGET,
            "resources/part.md": PART,
            "api/extra-get.md": api(["GET /widgets/{id}/parts"], "extra"),
            "api/part-list.md": api(["GET /widgets/{id}/parts", "GET /parts"], "part collection"),
            "api/widget-list-parts.md": api(["GET /widgets/{id}/parts"], "part collection"),
        }
    )
    [found] = [d for d in model.diagnostics if d.code == DUPLICATE_REQUEST.code]
    assert (found.path, found.line, found.severity) == ("api/part-list.md", 12, "info")
    assert "documented on 3 pages" in found.message
    assert "api/extra-get.md:12, api/widget-list-parts.md:12" in found.message
    # The chosen page keeps both its paths; the others keep theirs, marked.
    assert operation(model, "api/part-list.md").defined_paths == ["/widgets/{id}/parts", "/parts"]
    assert operation(model, "api/widget-list-parts.md").paths == ["/widgets/{id}/parts"]
    assert operation(model, "api/widget-list-parts.md").defined_paths == []


def test_paths_of_one_page_are_never_a_choice() -> None:
    model = model_of({"api/a.md": api(["POST /widgets/{id}/reset", "POST /widgets/{x}/reset"])})
    assert request_choices(model) == []
    assert model.operations[0].superseded == {}


def test_the_choice_is_in_the_json_contract() -> None:
    model = model_of(
        {"api/a.md": api(["POST /w/{id}/reset"]), "api/b.md": api(["POST /w/{x}/reset"])}
    )
    written = {o["id"]: o["superseded"] for o in to_json(model)["operations"]}
    assert written == {"a": {}, "b": {"/w/{x}/reset": "a"}}


# ------------------------------------------------------------------------------ the corpus


@pytest.fixture(scope="module", params=["v1.0", "beta"])
def corpus_model(request: pytest.FixtureRequest) -> ApiModel:
    folder = CORPUS / "api-reference" / request.param
    if not folder.is_dir():
        pytest.skip(f"the 2021 corpus is not at {folder}")
    return build_model([folder])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("method", "path", "page", "response"),
    [
        ("GET", "/users/{id}", "api/user-get.md", "microsoft.graph.user"),
        ("GET", "/users", "api/user-list.md", "microsoft.graph.user"),
        ("GET", "/me", "api/user-get.md", "microsoft.graph.user"),
        ("PATCH", "/users/{id}", "api/user-update.md", None),
        ("GET", "/me/messages", "api/user-list-messages.md", "microsoft.graph.message"),
    ],
)
def test_user_requests_are_defined_by_the_user_pages(
    corpus_model: ApiModel, method: str, path: str, page: str, response: str | None
) -> None:
    """The Intune pages (`intune-*-user-get.md`, whose example answers `{"value": {...}}`),
    the manager-expand and extension pages document these requests too; the user pages
    define them."""
    assert defining(corpus_model, method, path) == [page]
    chosen = operation(corpus_model, page)
    assert chosen.response.type == response


@pytest.mark.slow
def test_every_request_is_defined_once(corpus_model: ApiModel) -> None:
    defined: dict[tuple[str, str], list[str]] = {}
    documented: set[tuple[str, str]] = set()
    for op in corpus_model.operations:
        for template in op.templates:
            documented.add((op.method, template.shape))
        for template in {t.shape for t in op.defined_templates}:
            defined.setdefault((op.method, template), []).append(op.id)
    assert set(defined) == documented
    assert [k for k, ids in defined.items() if len(ids) > 1] == []
    noted = [d for d in corpus_model.diagnostics if d.code == DUPLICATE_REQUEST.code]
    assert len(noted) == len(request_choices(corpus_model)) > 200
