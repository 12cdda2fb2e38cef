"""graphdoc.model.api and .examples: operations and examples from small inline api pages."""

from __future__ import annotations

from pathlib import PurePosixPath

from graphdoc.model.build import SourceFile, build_from_files
from graphdoc.model.types import ApiModel

# Eight lines: a page body starts at line 9.
FRONT = "---\ntitle: {title}\ndoc_type: {kind}\n---\n# {title}\n\nNamespace: microsoft.graph\n\n"


def model_of(pages: dict[str, str]) -> ApiModel:
    files = []
    for path, body in sorted(pages.items()):
        title = PurePosixPath(path).stem
        kind = "apiPageType" if path.startswith("api/") else "resourcePageType"
        files.append(SourceFile(path, FRONT.format(title=title, kind=kind) + body))
    return build_from_files(files)


def test_several_methods_in_the_syntax_block_are_several_operations() -> None:
    model = model_of(
        {
            "api/photo-update.md": (
                "## HTTP request\n"
                '<!-- { "blockType": "ignored" } -->\n'
                "```http\n"
                "PUT /me/photo/$value\n"
                "PATCH /me/photo/$value\n"
                "PUT /users/{id | userPrincipalName}/photo/$value\n"
                "```\n"
                "## Permissions\n"
                "|Permission type|Permissions (from least to most privileged)|\n"
                "|:--|:--|\n|Application|User.ReadWrite.All|\n"
                "## Examples\n"
                '<!-- { "blockType": "request", "name": "update_photo" } -->\n'
                "```http\nPUT https://graph.microsoft.com/v1.0/me/photo/$value\n"
                "Content-type: image/jpeg\n\nBinary data for the image\n```\n"
                '<!-- { "blockType": "response" } -->\n'
                "```http\nHTTP/1.1 200 OK\n```\n"
            )
        }
    )
    put, patch = model.operations
    assert (put.id, put.method, put.paths) == (
        "photo-update",
        "PUT",
        ["/me/photo/$value", "/users/{id | userPrincipalName}/photo/$value"],
    )
    assert (patch.id, patch.method) == ("photo-update-2", "PATCH")
    assert patch.paths == ["/me/photo/$value"]
    assert [e.name for e in put.examples] == ["update_photo"]
    assert patch.examples == []
    assert len(put.permissions) == 1 and patch.permissions == []
    [example] = put.examples
    assert example.request.body is None
    assert example.request.body_raw == "Binary data for the image"
    assert example.response is not None and example.response.status == 200


def test_response_naming_several_requests_answers_each() -> None:
    body = "## Example\n"
    for name in ("by-id", "by-path"):
        body += (
            f'<!-- {{ "blockType": "request", "name": "{name}" }} -->\n'
            f"```http\nGET https://graph.microsoft.com/v1.0/drives/{name}\n```\n"
        )
    body += (
        '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.drive", '
        '"name": ["by-id", "by-path",] } -->\n'
        '```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{"id": "1"}\n```\n'
    )
    model = model_of({"api/drive-get.md": body})
    [operation] = model.operations
    assert operation.paths == ["/drives/by-id", "/drives/by-path"]
    first, second = operation.examples
    assert first.response is not None and second.response is not None
    assert first.response.source.line == second.response.source.line == 19
    assert first.response.body == {"id": "1"}
    assert not [d for d in model.diagnostics if d.code == "GD246"]


def test_unnamed_response_answers_the_last_request_waiting() -> None:
    model = model_of(
        {
            "api/thing-get.md": (
                "## HTTP request\n```http\nGET /things/{id}\n```\n"
                "## Example\n"
                "```http\nGET https://graph.microsoft.com/v1.0/things/1\n```\n"
                "```http\nHTTP/1.1 200 OK\n```\n"
                "```http\nHTTP/1.1 404 Not Found\n```\n"
            )
        }
    )
    [operation] = model.operations
    [example] = operation.examples
    assert example.response is not None and example.response.status == 200
    orphans = [(d.line, d.code) for d in model.diagnostics if d.code == "GD246"]
    assert orphans == [(20, "GD246")]  # the 404 block


def test_response_type_and_status_from_prose_with_a_reference_link() -> None:
    model = model_of(
        {
            "api/column-list.md": (
                "## HTTP request\n```http\nGET /sites/{site-id}/columns\n```\n"
                "## Response\n"
                "If successful, this method returns a `200 OK` response code and a collection of "
                "[columnDefinition][] objects in the response body.\n\n"
                "[columnDefinition]: ../resources/columndefinition.md\n"
            ),
            "resources/columnDefinition.md": (
                "## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|x|\n"
            ),
        }
    )
    [operation] = model.operations
    assert (operation.response.status, operation.response.type, operation.response.collection) == (
        200,
        "microsoft.graph.columnDefinition",
        True,
    )
    # The definition's target differs from the file name in case only.
    [case] = [d for d in model.diagnostics if d.code == "GD401"]
    assert (case.path, case.line) == ("api/column-list.md", 14)  # the prose line


def test_request_body_type_from_prose() -> None:
    model = model_of(
        {
            "api/page-update.md": (
                "## HTTP request\n```http\nPATCH /me/onenote/pages/{id}/content\n```\n"
                "## Request body\n"
                "In the request body, supply an array of "
                "[patchContentCommand](../resources/patchcontentcommand.md) objects.\n"
            ),
            "api/contact-post.md": (
                "## HTTP request\n```http\nPOST /me/contacts\n```\n"
                "## Request body\n"
                "In the request body, supply a JSON representation of "
                "[contact](../resources/contact.md) object.\n"
            ),
        }
    )
    bodies = {op.id: op.request_body for op in model.operations}
    page_body, contact_body = bodies["page-update"], bodies["contact-post"]
    assert page_body is not None and contact_body is not None
    assert (page_body.type, page_body.collection) == ("microsoft.graph.patchContentCommand", True)
    assert (contact_body.type, contact_body.collection) == ("microsoft.graph.contact", False)


def test_page_without_syntax_takes_paths_from_examples() -> None:
    model = model_of(
        {
            "api/drive-get.md": (
                "## Get current user's OneDrive\n"
                '<!-- { "blockType": "request", "name": "get-drive-default" } -->\n'
                "```msgraph-interactive\nGET /me/drive\n```\n"
            )
        }
    )
    [operation] = model.operations
    assert operation.paths == ["/me/drive"]
    assert [(d.line, d.code) for d in model.diagnostics] == [(5, "GD251")]


def test_api_page_without_any_request() -> None:
    model = model_of({"api/overview.md": "Just prose.\n|a|b|\n|-|-|\n|1|2|\n"})
    assert model.operations == []
    assert [(d.line, d.code) for d in model.diagnostics] == [(5, "GD252")]
    [table] = model.pages[0].tables
    assert [row.line for row in table.rows] == [12]


def test_a_case_only_name_clash_blames_no_file_the_link_names_exactly() -> None:
    """`Website.md` and `website.md` side by side: a link to `website.md` names a file that
    exists as written. Before, GD401 said it differed in case from `Website.md` (the first
    read); a link matching neither names both."""
    table = "## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|{row}|\n"
    model = model_of(
        {
            "resources/contact.md": table.format(
                row="site|[website](website.md)|x|\n|other|[website](WEBSITE.md)|y"
            ),
            "resources/Website.md": table.format(row="address|String|x"),
            "resources/website.md": table.format(row="address|String|x"),
        }
    )
    blamed = [d for d in model.diagnostics if d.code == "GD401"]
    assert len(blamed) == 1, [d.message for d in blamed]
    assert blamed[0].message == (
        "link `WEBSITE.md` differs in case from the file `resources/Website.md` or "
        "`resources/website.md`"
    )


def test_a_converter_placeholder_is_no_path_but_the_operation_stays() -> None:
    # A stub converter writes this where it found no URL (Intune partner-integration pages,
    # multiTenantOrganization stubs); the operation keeps its method, body and response.
    placeholder = "** Collection URI for microsoft.graph.joinRequest not found"
    model = model_of(
        {
            "api/joinrequest-create.md": (
                "## HTTP request\n"
                '<!-- { "blockType": "ignored" } -->\n'
                f"```http\nPOST {placeholder}\n```\n"
                "## Request body\n"
                "|Property|Type|Description|\n|:--|:--|:--|\n|role|String|The role.|\n"
                "## Response\n"
                "If successful, this method returns a `201 Created` response code and a "
                "[joinRequest](../resources/joinrequest.md) object in the response body.\n"
                "## Examples\n"
                '<!-- { "blockType": "request", "name": "create_joinrequest" } -->\n'
                f"```http\nPOST https://graph.microsoft.com/beta{placeholder}\n"
                'Content-Type: application/json\n\n{"role": "String"}\n```\n'
            ),
            "api/joinrequest-list.md": (  # no syntax block: the example's line is read
                '<!-- { "blockType": "request", "name": "list_joinrequests" } -->\n'
                f"```http\nGET https://graph.microsoft.com/beta/{placeholder}\n```\n"
            ),
        }
    )
    create, listed = sorted(model.operations, key=lambda o: o.id)
    assert (create.method, create.paths) == ("POST", [])
    assert create.request_body is not None
    assert [p.name for p in create.request_body.properties] == ["role"]
    assert create.response.status == 201
    assert [e.name for e in create.examples] == ["create_joinrequest"]
    assert (listed.method, listed.paths) == ("GET", [])
    found = [(d.path, d.line, d.code) for d in model.diagnostics if d.code == "GD253"]
    assert found == [
        ("api/joinrequest-create.md", 12, "GD253"),
        ("api/joinrequest-list.md", 10, "GD253"),
    ]


def test_a_response_annotation_in_the_services_namespace_names_the_graph_type() -> None:
    model = model_of(
        {
            "resources/member.md": "## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n"
            "|tenantId|String|The tenant.|\n",
            "api/member-list.md": (
                "## HTTP request\n```http\nGET /tenants\n```\n"
                '<!-- { "blockType": "request", "name": "list_members" } -->\n'
                "```http\nGET https://graph.microsoft.com/beta/tenants\n```\n"
                "<!-- {\n"
                '  "blockType": "response",\n'
                '  "@odata.type": "Collection(Microsoft.DirectoryServices.member)"\n'
                "}\n-->\n"
                '```http\nHTTP/1.1 200 OK\n\n{"value": [{"tenantId": "x"}]}\n```\n'
            ),
        }
    )
    [operation] = model.operations
    [example] = operation.examples
    assert example.response is not None
    assert (example.response.type, example.response.collection) == (
        "microsoft.graph.member", True
    )
    assert [d.code for d in model.diagnostics if d.code.startswith("GD41")] == ["GD411"]


def item_and_content_pages() -> dict[str, str]:
    """message-get.md in small: `GET /me/messages/{id}` answers the message, `.../$value`
    its MIME."""
    return {
        "resources/message.md": "## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n"
        "|subject|String|The subject.|\n",
        "api/message-get.md": (
            "## HTTP request\n```http\nGET /me/messages/{id}\n```\n"
            "```http\nGET /me/messages/{id}/$value\n```\n"
            "## Permissions\n"
            "|Permission type|Permissions (from least to most privileged)|\n"
            "|:--|:--|\n|Application|Mail.Read|\n"
            "## Response\n"
            "If successful, this method returns a `200 OK` response code and a "
            "[message](../resources/message.md) object in the response body.\n"
            "## Examples\n"
            '<!-- { "blockType": "request", "name": "get_message" } -->\n'
            "```http\nGET https://graph.microsoft.com/v1.0/me/messages/AAM=\n```\n"
            '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.message" } -->\n'
            '```http\nHTTP/1.1 200 OK\n\n{"subject": "Hi"}\n```\n'
            '<!-- { "blockType": "request", "name": "get_mime" } -->\n'
            "```http\nGET https://graph.microsoft.com/v1.0/me/messages/AAM=/$value\n```\n"
            '<!-- { "blockType": "response" } -->\n'
            "```http\nHTTP/1.1 200 OK\nContent-Type: text/plain\n\nFrom: Alex\n```\n"
        ),
    }


def test_an_item_and_its_raw_content_are_two_operations() -> None:
    model = model_of(item_and_content_pages())
    item, content = sorted(model.operations, key=lambda o: o.id)
    assert (item.id, item.paths) == ("message-get", ["/me/messages/{id}"])
    assert (content.id, content.paths) == ("message-get-2", ["/me/messages/{id}/$value"])
    assert [e.name for e in item.examples] == ["get_message"]
    assert [e.name for e in content.examples] == ["get_mime"]
    assert item.response.type == "microsoft.graph.message"
    assert len(item.permissions) == len(content.permissions) == 1  # the tables serve both
