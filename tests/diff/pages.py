"""Hand-made doc pages for tests that compare two generations of a tree: a few resources, an
enum and two api pages, small enough to read, each rule's edit a one-line change."""

from __future__ import annotations

from pathlib import Path

FRONT = (
    "---\ntitle: {title}\ndescription: x\ndoc_type: {kind}\n---\n\n"
    "# {title}\n\nNamespace: microsoft.graph\n\n"
)


def resource(
    name: str, rows: list[str], *, base: str | None = None, prose: str = "A thing."
) -> str:
    text = FRONT.format(title=f"{name} resource type", kind="resourcePageType") + prose + "\n\n"
    if base:
        text += f"Inherits from [{base}]({base.lower()}.md).\n\n"
    text += "## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n"
    return text + "".join(f"|{row}|\n" for row in rows)


def enum(name: str, members: list[str]) -> str:
    text = FRONT.format(title=f"{name} enum type", kind="enumPageType")
    text += "## Members\n\n|Member|Description|\n|:---|:---|\n"
    return text + "".join(f"|{member}|The {member} value.|\n" for member in members)


def api(
    title: str, method: str, path: str, *, returns: str, params: list[str] | None = None
) -> str:
    text = FRONT.format(title=title, kind="apiPageType")
    text += f"## HTTP request\n\n```http\n{method} {path}\n```\n\n"
    if params:
        text += "## Function parameters\n\n|Parameter|Type|Description|\n|:---|:---|:---|\n"
        text += "".join(f"|{row}|\n" for row in params)
    text += "\n## Response\n\nIf successful, this method returns a `200 OK` response code "
    text += f"and a {returns} in the response body.\n"
    return text


BASE_TREE = {
    "resources/widget.md": resource(
        "widget",
        [
            "id|String|The key.",
            "size|Int32|Size.",
            "color|String|Color.",
            "tags|String collection|Tags.",
        ],
    ),
    "resources/gadget.md": resource("gadget", ["id|String|The key.", "name|String|Name."]),
    "resources/part.md": resource("part", ["name|String|Name."], base="gadget"),
    "resources/shade.md": enum("shade", ["light", "dark"]),
    "api/widget-get.md": api(
        "Get widget", "GET", "/widgets/{id}", returns="[widget](../resources/widget.md) object"
    ),
    "api/widget-measure.md": api(
        "widget: measure",
        "GET",
        "/widgets/{id}/measure(unit='{unit}')",
        returns="[widget](../resources/widget.md) object",
        params=["unit|String|The unit. Required."],
    ),
}


def write_pages(root: Path, tree: dict[str, str]) -> Path:
    for relative, text in tree.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root
