"""graphdoc.model.build: pages into one model; types documented on several pages merged."""

from __future__ import annotations

from pathlib import Path

from graphdoc.model.build import SourceFile, build_from_files, build_model, load
from graphdoc.model.types import ApiModel


def resource(title: str, body: str, description: str = "x") -> str:
    return (
        f"---\ntitle: {title} resource type\ndescription: {description}\n"
        f"doc_type: resourcePageType\n---\n# {title} resource type\n\n"
        "Namespace: microsoft.graph\n\n" + body
    )


def properties(*rows: str) -> str:
    return "## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n" + "".join(
        f"{row}\n" for row in rows
    )


def build(pages: dict[str, str]) -> ApiModel:
    return build_from_files([SourceFile(path, text) for path, text in sorted(pages.items())])


USER_BASE = '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.user", '
USER_BASE += '"baseType": "microsoft.graph.directoryObject", "keyProperty": "id" } -->\n'
USER_BASE += '```json\n{"id": "String"}\n```\n'


def test_the_page_named_after_a_type_leads_its_merge() -> None:
    # v1.0: intune-devices-user.md sorts before user.md; user.md still documents the user.
    model = build(
        {
            "resources/intune-devices-user.md": resource(
                "user",
                properties("|id|String|Key of the entity.|", "|deviceEnrollmentLimit|Int32|x|"),
                description="Not yet documented",
            ),
            "resources/user.md": resource(
                "user",
                properties("|id|String|The unique identifier.|", "|givenName|String|x|")
                + USER_BASE,
                description="Represents an Azure AD user account.",
            ),
            "resources/directoryobject.md": resource(
                "directoryObject", properties("|id|String|x|")
            ),
        }
    )
    user = model.type_named("microsoft.graph.user")
    assert user is not None
    assert user.source.path == "resources/user.md"
    assert user.description == "Represents an Azure AD user account."
    assert user.base == "microsoft.graph.directoryObject"
    assert (user.kind, user.key) == ("entity", "id")
    assert [(p.name, p.source.path, p.source.line) for p in user.properties] == [
        ("id", "resources/user.md", 13),
        ("givenName", "resources/user.md", 14),
        ("deviceEnrollmentLimit", "resources/intune-devices-user.md", 14),
    ]
    [repeat] = [d for d in model.diagnostics if d.code == "GD420"]
    assert (repeat.path, repeat.line, repeat.table_row) == (
        "resources/intune-devices-user.md",
        13,
        True,
    )
    assert "also documented at resources/user.md:13" in repeat.message


def test_base_named_on_a_folded_page_is_kept() -> None:
    model = build(
        {
            "resources/a-thing.md": resource("thing", properties("|a|String|x|") + (
                '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.thing", '
                '"baseType": "microsoft.graph.entity" } -->\n```json\n{}\n```\n'
            )),
            "resources/b-thing.md": resource("thing", properties("|b|String|x|")),
            "resources/entity.md": resource("entity", properties("|id|String|x|")),
        }
    )
    thing = model.type_named("microsoft.graph.thing")
    assert thing is not None
    assert thing.base == "microsoft.graph.entity"
    assert [p.name for p in thing.properties] == ["a", "b"]


def test_conflicting_types_are_diagnosed() -> None:
    model = build(
        {
            "resources/a-thing.md": resource("thing", properties("|size|Int32|x|")),
            "resources/b-thing.md": resource("thing", properties("|size|Int64|x|")),
        }
    )
    [conflict] = [d for d in model.diagnostics if d.code == "GD420"]
    assert conflict.path == "resources/b-thing.md"
    assert "with another type (Int64 vs Int32)" in conflict.message


def test_paths_are_relative_to_the_input_root(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir()
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "thing.md").write_text(
        resource("thing", properties("|a|String|x|")), encoding="utf-8"
    )
    (tmp_path / "api" / "thing-get.md").write_text(
        "---\ntitle: Get thing\ndoc_type: apiPageType\n---\n# Get thing\n"
        "## HTTP request\n```http\nGET /things/{id}\n```\n",
        encoding="utf-8",
    )
    whole = build_model([tmp_path])
    assert [page.path for page in whole.pages] == ["api/thing-get.md", "resources/thing.md"]
    single = build_model([tmp_path / "api" / "thing-get.md"])
    assert [page.path for page in single.pages] == ["thing-get.md"]
    missing = build_model([tmp_path / "nope"])
    assert [(d.code, d.severity) for d in missing.diagnostics] == [("GD003", "error")]


def test_undecodable_files_become_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "binary.md").write_bytes(b"\x00\x01")
    (tmp_path / "latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "crlf.md").write_bytes(b"---\r\ntitle: x\r\n---\r\n# x\r\n")
    assert load(tmp_path / "binary.md", tmp_path).problem is not None
    latin = load(tmp_path / "latin1.md", tmp_path)
    assert latin.text is None and latin.problem is not None and latin.problem.code == "GD002"
    assert load(tmp_path / "crlf.md", tmp_path).text == "---\ntitle: x\n---\n# x\n"
    model = build_model([tmp_path])
    assert {page.path: page.kind for page in model.pages} == {
        "binary.md": "unknown",
        "crlf.md": "unknown",
        "latin1.md": "unknown",
    }
    assert sorted(d.code for d in model.diagnostics if d.severity == "error") == ["GD001", "GD002"]


def test_an_ignored_response_answers_until_a_documented_one_supersedes_it() -> None:
    page = (
        "---\ntitle: Get report\ndoc_type: apiPageType\n---\n# Get report\n\n"
        "## HTTP request\n\n```http\nGET /reports/x\n```\n\n## Example\n\n"
        '<!-- { "blockType": "request", "name": "get_x" } -->\n'
        "```http\nGET https://graph.microsoft.com/v1.0/reports/x\n```\n\n"
        '<!-- { "blockType": "ignored" } -->\n'
        "```http\nHTTP/1.1 302 Found\nLocation: https://example.com/x\n```\n\n"
        '<!-- { "blockType": "response", "@odata.type": "stream" } -->\n'
        "```http\nHTTP/1.1 200 OK\nContent-Type: application/octet-stream\n\na,b\n```\n"
    )
    from graphdoc.model.build import SourceFile, build_from_files

    model = build_from_files([SourceFile("api/get-x.md", page)])
    [example] = model.operations[0].examples
    assert example.response is not None and example.response.status == 200
    [superseded] = [d for d in model.diagnostics if d.code == "GD247"]
    assert superseded.line == 21
