"""The mock's decisions without sockets: example choice, synthesised replies, body checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel, RequestBody, Source, TypeDef
from graphdoc.serve.app import MockGraph, Request
from graphdoc.serve.errors import Reply

from tests.serve.helpers import example, model, operation, prop

BASE = "http://127.0.0.1:9"
SPECS = Path(__file__).resolve().parents[2] / "specs"


def handle(app: MockGraph, method: str, target: str, body: Any = None, **headers: str) -> Reply:
    content = b"" if body is None else json.dumps(body).encode()
    lowered = {name.replace("_", "-").lower(): value for name, value in headers.items()}
    return app.handle(Request(method, target, lowered, content), BASE)


def payload(reply: Reply) -> Any:
    return json.loads(reply.body)


def test_example_with_the_same_concrete_ids_is_chosen() -> None:
    app = MockGraph(
        model(
            operation(
                "get-user",
                "GET",
                "/users/{id | userPrincipalName}",
                examples=[
                    example(
                        "by_id", "GET", "https://graph.microsoft.com/v1.0/users/1", body={"id": "1"}
                    ),
                    example("by_upn", "GET", "/users/adele@contoso.com", body={"id": "2"}),
                ],
            )
        )
    )
    assert payload(handle(app, "GET", "/v1.0/users/adele@contoso.com")) == {"id": "2"}
    assert payload(handle(app, "GET", "/users/1")) == {"id": "1"}
    # No concrete match: the first example.
    assert payload(handle(app, "GET", "/users/someone-else")) == {"id": "1"}


def test_me_alias_prefers_the_example_with_the_same_url() -> None:
    app = MockGraph(
        model(
            operation(
                "list-contacts",
                "GET",
                "/users/{id | userPrincipalName}/contacts",
                examples=[
                    example("by_user", "GET", "/users/1/contacts", body={"value": [{"id": "u"}]}),
                    example("by_me", "GET", "/v1.0/me/contacts", body={"value": [{"id": "me"}]}),
                ],
            )
        )
    )
    assert payload(handle(app, "GET", "/v1.0/me/contacts")) == {"value": [{"id": "me"}]}
    assert payload(handle(app, "GET", "/users/1/contacts")) == {"value": [{"id": "u"}]}


def test_me_examples_of_users_only_pages_answer_on_a_documented_me_route() -> None:
    app = MockGraph(
        model(
            operation(
                "get-message",
                "GET",
                "/me/messages/{id}",
                examples=[example("a", "GET", "/me/messages/1", body={"id": "1"})],
            ),
            operation(
                "get-extension",
                "GET",
                "/users/{id}/messages/{id}",
                examples=[example("b", "GET", "/me/messages/2", body={"id": "2"})],
            ),
        )
    )
    assert app.router.duplicates == []
    assert payload(handle(app, "GET", "/me/messages/2")) == {"id": "2"}
    assert payload(handle(app, "GET", "/me/messages/1")) == {"id": "1"}


def test_request_headers_and_bodies_tell_examples_apart() -> None:
    app = MockGraph(
        model(
            operation(
                "update-alert",
                "PATCH",
                "/security/alerts/{id}",
                examples=[
                    example("minimal", "PATCH", "/security/alerts/{id}", status=204, headers={}),
                    example(
                        "representation",
                        "PATCH",
                        "/security/alerts/{id}",
                        body={"status": "resolved"},
                        request_headers={"Prefer": "return=representation"},
                    ),
                ],
            ),
            operation(
                "create-app",
                "POST",
                "/mobileApps",
                examples=[
                    example(
                        "a",
                        "POST",
                        "/mobileApps",
                        status=201,
                        request_body={"x": 1},
                        body={"id": "a"},
                    ),
                    example(
                        "b",
                        "POST",
                        "/mobileApps",
                        status=201,
                        request_body={"x": 2},
                        body={"id": "b"},
                    ),
                ],
            ),
        )
    )
    assert handle(app, "PATCH", "/security/alerts/1", {}).status == 204
    preferred = handle(app, "PATCH", "/security/alerts/1", {}, prefer="return=representation")
    assert preferred.status == 200
    assert payload(handle(app, "POST", "/mobileApps", {"x": 2})) == {"id": "b"}


def test_duplicate_routes_pool_examples_and_serve_the_first_operation() -> None:
    app = MockGraph(
        model(
            operation(
                "android-create",
                "POST",
                "/deviceAppManagement/mobileApps",
                status=201,
                examples=[
                    example(
                        "android",
                        "POST",
                        "/deviceAppManagement/mobileApps",
                        status=201,
                        request_body={"@odata.type": "#a"},
                        body={"kind": "android"},
                    )
                ],
            ),
            operation(
                "win32-create",
                "POST",
                "/deviceAppManagement/mobileApps",
                status=201,
                examples=[
                    example(
                        "win32",
                        "POST",
                        "/deviceAppManagement/mobileApps",
                        status=201,
                        request_body={"@odata.type": "#w"},
                        body={"kind": "win32"},
                    )
                ],
            ),
        )
    )
    assert payload(
        handle(app, "POST", "/deviceAppManagement/mobileApps", {"@odata.type": "#w"})
    ) == {"kind": "win32"}
    reply = handle(app, "POST", "/deviceAppManagement/mobileApps", {"@odata.type": "#other"})
    assert (reply.operation, payload(reply)) == ("android-create", {"kind": "android"})


def test_non_json_bodies_are_served_verbatim() -> None:
    app = MockGraph(
        model(
            operation(
                "count",
                "GET",
                "/users/$count",
                examples=[
                    example(
                        "count",
                        "GET",
                        "/users/$count",
                        body_raw="893",
                        headers={"Content-Type": "text/plain"},
                    ),
                ],
            ),
            operation(
                "report",
                "GET",
                "/reports/getEmailActivityCounts(period='{period_value}')",
                status=302,
                examples=[
                    example(
                        "report",
                        "GET",
                        "/reports/getEmailActivityCounts(period='D7')",
                        status=302,
                        headers={
                            "Content-Type": "text/plain",
                            "Location": "https://reports.office.com/x",
                        },
                    ),
                ],
            ),
        )
    )
    reply = handle(app, "GET", "/v1.0/users/$count")
    assert (reply.status, reply.body, reply.header("content-type")) == (200, b"893", "text/plain")
    redirect = handle(app, "GET", "/reports/getEmailActivityCounts(period='D30')")
    assert redirect.status == 302
    # Moved onto the mock, so a client following redirects stays on loopback.
    location = redirect.header("location")
    assert location == f"{BASE}/_graphdoc/redirect?to=https%3A%2F%2Freports.office.com%2Fx"
    assert redirect.body == b""
    followed = handle(app, "GET", location[len(BASE) :])
    assert followed.status == 200
    assert followed.header("content-location") == "https://reports.office.com/x"


@pytest.mark.parametrize(
    ("kwargs", "status", "body"),
    [
        ({"status": 204}, 204, None),
        ({"status": None}, 200, None),  # GET default, no type: no body
        ({"response_type": "microsoft.graph.contact", "collection": True}, 200, {"value": []}),
        (
            {"response_type": "microsoft.graph.contact"},
            200,
            {"@odata.type": "#microsoft.graph.contact"},
        ),
        ({"response_type": "Edm.Boolean"}, 200, {"value": False}),
        ({"response_type": "Edm.String"}, 200, {"value": ""}),
        ({"response_type": "microsoft.graph.unknownThing"}, 200, {}),
    ],
)
def test_operations_without_examples_get_a_minimal_reply(
    kwargs: dict[str, Any], status: int, body: Any
) -> None:
    contact = TypeDef(
        "microsoft.graph.contact",
        "entity",
        None,
        False,
        False,
        "id",
        False,
        "",
        [],
        [],
        Source("r", 1),
    )
    api = ApiModel(types=[contact], operations=[operation("op", "GET", "/things", **kwargs)])
    reply = handle(MockGraph(api), "GET", "/things")
    assert reply.status == status
    if body is None:
        assert reply.body == b""
    else:
        assert payload(reply) == body
        assert reply.header("content-type") == "application/json"


def test_post_and_delete_default_statuses() -> None:
    app = MockGraph(
        model(
            operation("create", "POST", "/things", status=None, response_type="microsoft.graph.x"),
            operation("remove", "DELETE", "/things/{id}", status=None),
        )
    )
    assert handle(app, "POST", "/things").status == 201
    assert handle(app, "DELETE", "/things/1").status == 204


def test_paging_drops_delta_link_until_the_last_page() -> None:
    documented = {
        "value": [{"id": "1"}, {"id": "2"}, {"id": "3"}],
        "@odata.deltaLink": "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x",
    }
    app = MockGraph(
        model(
            operation(
                "delta",
                "GET",
                "/users/delta",
                examples=[example("d", "GET", "/users/delta", body=documented)],
            )
        )
    )
    pages = []
    target = "/v1.0/users/delta?$top=2"
    while True:
        page = payload(handle(app, "GET", target))
        pages.append(page)
        link = page.get("@odata.nextLink")
        if link is None:
            break
        assert link.startswith(BASE + "/v1.0/users/delta?")
        assert "@odata.deltaLink" not in page
        target = link[len(BASE) :]
    assert [[item["id"] for item in page["value"]] for page in pages] == [["1", "2"], ["3"]]
    assert pages[-1]["@odata.deltaLink"] == documented["@odata.deltaLink"]


def test_documented_top_gets_the_documented_page() -> None:
    documented = {"value": [{"id": "1"}, {"id": "2"}, {"id": "3"}]}
    app = MockGraph(
        model(
            operation(
                "list",
                "GET",
                "/things",
                examples=[example("l", "GET", "/things?$top=2", body=documented)],
            )
        )
    )
    # The docs' request and response disagree; the documented request still gets its body.
    assert payload(handle(app, "GET", "/things?$top=2")) == documented
    assert len(payload(handle(app, "GET", "/things?$top=1"))["value"]) == 1


def test_absolute_form_request_target() -> None:
    app = MockGraph(
        model(
            operation("me", "GET", "/me", examples=[example("me", "GET", "/me", body={"id": "me"})])
        )
    )
    assert payload(handle(app, "GET", "http://127.0.0.1:9/v1.0/me")) == {"id": "me"}


def test_parameter_table_bodies() -> None:
    body = RequestBody(
        None,
        False,
        [
            prop("addLicenses", "microsoft.graph.assignedLicense", collection=True, required=True),
            prop("removeLicenses", "Edm.Guid", collection=True, required=True),
        ],
    )
    license_type = TypeDef(
        "microsoft.graph.assignedLicense",
        "complex",
        None,
        False,
        False,
        None,
        False,
        "",
        [prop("skuId", "Edm.Guid"), prop("disabledPlans", "Edm.Guid", collection=True)],
        [],
        Source("r", 1),
    )
    api = ApiModel(
        types=[license_type],
        operations=[operation("assign", "POST", "/me/assignLicense", request_body=body)],
    )
    app = MockGraph(api)
    good = {
        "addLicenses": [{"skuId": "45715bb8-13f9-4bf6-927f-ef96c102d394"}],
        "removeLicenses": [],
    }
    assert handle(app, "POST", "/me/assignLicense", good).status == 200
    cases = [
        ({"addLicenses": []}, "$"),  # removeLicenses is required
        ({**good, "removeLicenses": ["not-a-guid"]}, "$.removeLicenses[0]"),
        ({**good, "addLicenses": [{"skuId": 5}]}, "$.addLicenses[0].skuId"),
        ({**good, "addLicenses": {"skuId": "x"}}, "$.addLicenses"),
        ({**good, "extra": 1}, "$.extra"),
    ]
    for bad, target in cases:
        reply = handle(app, "POST", "/me/assignLicense", bad)
        assert reply.status == 400, bad
        details = payload(reply)["error"]["details"]
        assert target in [detail["target"] for detail in details], (bad, details)
    # Annotations are always accepted.
    assert handle(app, "POST", "/me/assignLicense", {**good, "x@odata.bind": "y"}).status == 200


def test_documented_example_bodies_are_trusted_even_when_they_break_the_schema() -> None:
    api = build_model([SPECS])
    app = MockGraph(api)
    create = next(op for op in api.operations if op.id == "create-contact")
    documented = create.examples[0].request.body
    assert documented["isFavorite"] == "Boolean"  # a placeholder from the generated stub
    assert handle(app, "POST", "/users/{usersId}/contacts", documented).status == 201
    changed = {**documented, "fileAs": "Someone"}
    reply = handle(app, "POST", "/users/{usersId}/contacts", changed)
    assert reply.status == 400
    targets = [detail["target"] for detail in payload(reply)["error"]["details"]]
    assert "$.isFavorite" in targets


def test_every_reply_carries_request_ids() -> None:
    app = MockGraph(model(operation("me", "GET", "/me")))
    for target in ("/me", "/nothing"):
        reply = handle(app, "GET", target, client_request_id="c-1")
        assert reply.header("client-request-id") == "c-1"
        assert reply.header("request-id")


def test_bodies_declared_as_something_else_are_not_checked() -> None:
    send_mail = RequestBody(None, False, [prop("message", "Edm.String", required=True)])
    app = MockGraph(
        model(
            operation(
                "publish",
                "POST",
                "/appCatalogs/teamsApps",
                request_body=RequestBody(None, False, []),
            ),
            operation("send", "POST", "/me/sendMail", status=202, request_body=send_mail),
        )
    )
    zipped = Request(
        "POST", "/appCatalogs/teamsApps", {"content-type": "application/zip"}, b"PK\x03\x04\xff\xfe"
    )
    assert app.handle(zipped, BASE).status == 200
    mime = Request("POST", "/me/sendMail", {"content-type": "text/plain"}, b"RnJvbTogQWxleA==")
    assert app.handle(mime, BASE).status == 202
    # Without a Content-Type, a documented JSON body is expected and checked.
    bare = Request("POST", "/me/sendMail", {}, b"RnJvbTogQWxleA==")
    assert app.handle(bare, BASE).status == 400
    assert handle(app, "POST", "/me/sendMail", {"other": 1}).status == 400
    assert handle(app, "POST", "/me/sendMail", {"message": "hi"}).status == 202
