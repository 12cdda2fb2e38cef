"""Which example pairs become cases the harness checks, and how a case names its defect.

A request to another host is no example of its Graph operation (`host` page defect), unless
the page marks its URL opaque (`"opaqueUrl": true`: a download or upload URL Graph hands
out): that one is checked and noted, not called and not blamed.
"""

from __future__ import annotations

from graphdoc.emit import python_tests  # its `tests_ir` is no test to collect
from graphdoc.emit.python_client import client_ir

from tests.model.test_api import model_of

_PAGE = (
    "## HTTP request\n```http\nPUT /me/drive/items/{item-id}/content\n```\n"
    "## Examples\n"
    '<!-- { "blockType": "request", "name": "upload" } -->\n'
    "```http\nPUT https://graph.microsoft.com/v1.0/me/drive/items/1/content\n"
    "Content-Type: text/plain\n\nThe contents.\n```\n"
    '<!-- { "blockType": "response" } -->\n```http\nHTTP/1.1 204 No Content\n```\n'
    '<!-- { "blockType": "request", "name": "upload-range", "opaqueUrl": true } -->\n'
    "```http\nPUT https://sn3302.up.1drv.com/up/fe6987415ace\nContent-Range: bytes 0-2/3\n"
    "\nabc\n```\n"
    '<!-- { "blockType": "response" } -->\n```http\nHTTP/1.1 204 No Content\n```\n'
    '<!-- { "blockType": "request", "name": "upload-elsewhere" } -->\n'
    "```http\nPUT https://files.example.com/upload/1\n\nabc\n```\n"
    '<!-- { "blockType": "response" } -->\n```http\nHTTP/1.1 204 No Content\n```\n'
)


def test_an_opaque_url_is_checked_and_noted_another_host_is_a_page_defect() -> None:
    model = model_of({"api/driveitem-put-content.md": _PAGE})
    ir = python_tests.tests_ir(model, client_ir(model, "graph"), ())
    cases = {case.data["example"]: case for module in ir.modules for case in module.cases}
    assert cases["upload"].data["defect"] is None and cases["upload"].call is not None
    opaque = cases["upload-range"]
    assert opaque.data["defect"] is None and opaque.call is None
    assert any("opaqueUrl" in remark for remark in opaque.data["remarks"])
    elsewhere = cases["upload-elsewhere"].data["defect"]
    assert elsewhere is not None and elsewhere.startswith("host: ")


_SEND = (
    "## HTTP request\n```http\nPOST /me/sendMail\n```\n"
    "## Request headers\n|Name|Description|\n|:--|:--|\n"
    "|Content-Type|Required. Use `application/json` for a JSON object and `text/plain` for "
    "MIME content.|\n"
    "## Request body\n|Parameter|Type|Description|\n|:--|:--|:--|\n"
    "|saveToSentItems|Boolean|Whether to save the message.|\n"
    "## Examples\n"
    '<!-- { "blockType": "request", "name": "send-json" } -->\n'
    "```http\nPOST https://graph.microsoft.com/v1.0/me/sendMail\n"
    'Content-Type: application/json\n\n{"saveToSentItems": true}\n```\n'
    '<!-- { "blockType": "response" } -->\n```http\nHTTP/1.1 202 Accepted\n```\n'
    '<!-- { "blockType": "request", "name": "send-mime" } -->\n'
    "```http\nPOST https://graph.microsoft.com/v1.0/me/sendMail\n"
    "Content-Type: text/plain\n\nRnJvbTogQWxleA==\n```\n"
    '<!-- { "blockType": "response" } -->\n```http\nHTTP/1.1 202 Accepted\n```\n'
    '<!-- { "blockType": "request", "name": "send-csv" } -->\n'
    "```http\nPOST https://graph.microsoft.com/v1.0/me/sendMail\n"
    "Content-Type: text/csv\n\na,b\n```\n"
    '<!-- { "blockType": "response" } -->\n```http\nHTTP/1.1 202 Accepted\n```\n'
)


def test_a_body_in_another_documented_media_type_is_checked_not_blamed() -> None:
    model = model_of({"api/user-sendmail.md": _SEND})
    [operation] = model.operations
    assert operation.request_body is not None
    assert operation.request_body.media_types == ["application/json", "text/plain"]
    ir = python_tests.tests_ir(model, client_ir(model, "graph"), ())
    cases = {case.data["example"]: case for module in ir.modules for case in module.cases}
    assert cases["send-json"].call is not None
    mime = cases["send-mime"]
    assert mime.call is None and mime.data["defect"] is None
    assert any("text/plain body the page documents" in r for r in mime.data["remarks"])
    assert "as" not in mime.data["request"]  # no typed body to blame it on
    # A media type the page does not name is still the page's defect, found by the harness.
    csv = cases["send-csv"]
    assert csv.call is not None and csv.data["request"]["as"] == "parameters"
