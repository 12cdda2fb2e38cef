"""Route matching on the template forms found in the reference pages (doc-format §5.1)."""

from __future__ import annotations

import pytest
from graphdoc.serve.routes import Router, request_target, split_path, split_target

from tests.serve.helpers import operation


def _resolve(router: Router, method: str, target: str) -> str | None:
    path, _ = split_target(target)
    route = router.resolve(method, path).route
    return None if route is None else route.operation.id


def _split(path: str) -> list[tuple[str, str]]:
    return [(token.kind, token.text) for token in split_path(path)]


def test_split_keeps_braces_parentheses_and_addresses_whole() -> None:
    assert _split("/users/{id | userPrincipalName}/contacts") == [
        ("segment", "users"),
        ("segment", "{id | userPrincipalName}"),
        ("segment", "contacts"),
    ]
    assert _split("/a/f(ep: ep/id eq 'x/y')/b") == [
        ("segment", "a"),
        ("segment", "f(ep: ep/id eq 'x/y')"),
        ("segment", "b"),
    ]
    assert _split("/drive/root:/folder/a b.txt:/content") == [
        ("segment", "drive"),
        ("segment", "root"),
        ("address", "folder/a b.txt"),
        ("segment", "content"),
    ]
    # A colon inside a call is not path-based addressing.
    assert _split("/w/range(address='A1:/B2')") == [
        ("segment", "w"),
        ("segment", "range(address='A1:/B2')"),
    ]


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://graph.microsoft.com/v1.0/me/contacts?$top=2", "/v1.0/me/contacts?$top=2"),
        ("https://graph.microsoft.com/V1.0/me", "/V1.0/me"),
        ("graph.microsoft.com/me", "/me"),
        ("me/events", "/me/events"),
        ("/me/events", "/me/events"),
        ("https://bot.contoso.com/callback", None),
    ],
)
def test_request_target(url: str, target: str | None) -> None:
    assert request_target(url) == target


ROUTER = Router(
    [
        operation("get-user", "GET", "/users/{id | userPrincipalName}"),
        operation("list-contacts", "GET", "/users/{id|userPrincipalName}/contacts"),
        operation("contacts-delta", "GET", "/users/{id}/contacts/delta"),
        operation("get-contact", "GET", "/users/{id}/contacts/{contact-id}"),
        operation(
            "worksheet-range",
            "GET",
            "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='{address}')",
        ),
        operation("role-by-template", "GET", "/directoryRoles/roleTemplateId={roleTemplateId}"),
        operation("get-role", "GET", "/directoryRoles/{id}"),
        operation(
            "email-counts", "GET", "/reports/getEmailActivityCounts(period='{period_value}')"
        ),
        operation(
            "email-detail",
            "GET",
            "/reports/getEmailActivityUserDetail(period='{period_value}')",
            "/reports/getEmailActivityUserDetail(date={date_value})",
        ),
        operation("put-content", "PUT", "/drive/root:/{item-path}:/content"),
        operation("get-by-path", "GET", "/drives/{drive-id}/root:/{item-path}"),
        operation("upload-new", "PUT", "/me/drive/items/{parent-id}:/{filename}:/content"),
        operation("site-by-path", "GET", "/sites/{hostname}:/{server-relative-path}"),
        operation("members-users", "GET", "/groups/{id}/members/microsoft.graph.user"),
        operation("members", "GET", "/groups/{id}/members"),
        operation("channel-message", "GET", "/teams/(team-id)/channels/{channel-id}"),
        operation("user-delta", "GET", "/users/delta()"),
        operation("recent", "GET", "/me/onenote/notebooks/getRecentNotebooks"),
        operation("get-notebook", "GET", "/me/onenote/notebooks/{id}"),
    ]
)


@pytest.mark.parametrize(
    ("method", "target", "expected"),
    [
        # `{id | userPrincipalName}` with spaces, `{id|userPrincipalName}` without.
        ("GET", "/users/adele@contoso.com", "get-user"),
        ("GET", "/users/%7Bid%20%7C%20userPrincipalName%7D", "get-user"),
        ("GET", "/users/48d31887/contacts", "list-contacts"),
        # Literal segments are case-insensitive; the most literal template wins.
        ("GET", "/USERS/48d31887/Contacts/Delta", "contacts-delta"),
        ("GET", "/users/48d31887/contacts/AAMk=", "get-contact"),
        # Version prefixes are accepted and stripped; query strings ignored.
        ("GET", "/v1.0/users/1/contacts?$top=2&$select=id", "list-contacts"),
        ("GET", "/beta/users/1", "get-user"),
        # `{id|name}` and a function segment with a quoted placeholder argument.
        (
            "GET",
            "/me/drive/items/01AB/workbook/worksheets/Sheet1/range(address='A1:B2')",
            "worksheet-range",
        ),
        # Key segment `name={placeholder}` beats a bare placeholder.
        ("GET", "/directoryRoles/roleTemplateId=62e90394-69f5", "role-by-template"),
        ("GET", "/directoryRoles/62e90394-69f5", "get-role"),
        # Function segments match the name with any arguments.
        ("GET", "/reports/getEmailActivityCounts(period='D7')", "email-counts"),
        ("GET", "/reports/getemailactivitycounts(period='D180')", "email-counts"),
        ("GET", "/reports/getEmailActivityUserDetail(date=2021-07-01)", "email-detail"),
        # Path-based addressing: anything up to the next `:`.
        ("PUT", "/drive/root:/FolderA/FileB.txt:/content", "put-content"),
        ("PUT", "/v1.0/drive/root:/a%20b.txt:/content", "put-content"),
        ("GET", "/drives/b!xyz/root:/Documents/report.docx", "get-by-path"),
        ("PUT", "/me/drive/items/01AB:/new.txt:/content", "upload-new"),
        ("GET", "/sites/contoso.sharepoint.com:/sites/Marketing", "site-by-path"),
        # Casts are literal segments; a more literal template wins over a shorter one.
        ("GET", "/groups/g1/members/microsoft.graph.user", "members-users"),
        ("GET", "/groups/g1/members", "members"),
        # Fallbacks: `/$count` and casts after a documented collection.
        ("GET", "/groups/g1/members/$count", "members"),
        ("GET", "/groups/g1/members/microsoft.graph.group/$count", "members"),
        # `(team-id)` written in parentheses is a placeholder.
        ("GET", "/teams/t1/channels/c1", "channel-message"),
        # `name()` accepts the bare name; a bare documented name accepts a call.
        ("GET", "/users/delta", "user-delta"),
        ("GET", "/users/delta()", "user-delta"),
        # A bare function name called with arguments beats a placeholder.
        (
            "GET",
            "/me/onenote/notebooks/getRecentNotebooks(includePersonalNotebooks=true)",
            "recent",
        ),
        ("GET", "/me/onenote/notebooks/1-abc", "get-notebook"),
        # OData key syntax `users('id')`.
        ("GET", "/users('adele@contoso.com')/contacts", "list-contacts"),
        # Unknown routes.
        ("GET", "/users/1/contacts/2/extra", None),
        ("GET", "/nothing", None),
        ("GET", "/", None),
        ("GET", "/drive/root:/a.txt:/content", None),
    ],
)
def test_route_matching(method: str, target: str, expected: str | None) -> None:
    assert _resolve(ROUTER, method, target) == expected


def test_other_method_reports_allowed_methods() -> None:
    resolution = ROUTER.resolve("DELETE", "/users/1/contacts")
    assert resolution.route is None
    assert resolution.allowed == ("GET",)


def test_me_is_the_users_alias_where_the_page_documents_no_me_path() -> None:
    router = Router(
        [
            operation("get-user", "GET", "/users/{id | userPrincipalName}"),
            operation("list-contacts", "GET", "/users/{id | userPrincipalName}/contacts"),
            operation("create-contact", "POST", "/me/contacts"),
            operation("me-events", "GET", "/me/events"),
            operation("list-events", "GET", "/users/{id}/events"),
        ]
    )
    # `/me/X` with no `/me` template for the method: `/users/{id}/X`.
    assert _resolve(router, "GET", "/v1.0/me") == "get-user"
    assert _resolve(router, "GET", "/me/contacts?$top=2") == "list-contacts"
    assert _resolve(router, "POST", "/me/contacts") == "create-contact"
    # With the other spellings Graph accepts.
    assert _resolve(router, "GET", "/me/contacts/$count") == "list-contacts"
    # A documented `/me` template wins; `/users/me` is no alias of anything.
    assert _resolve(router, "GET", "/me/events") == "me-events"
    assert _resolve(router, "GET", "/me/nothing") is None
    resolution = router.resolve("DELETE", "/me/contacts")
    assert resolution.route is None
    assert resolution.allowed == ("GET", "POST")
    # The request's own tokens are kept (examples are chosen by them).
    assert [token.text for token in router.resolve("GET", "/me/contacts").tokens] == [
        "me",
        "contacts",
    ]


def test_drive_spellings_graph_addresses_alike() -> None:
    router = Router(
        [
            operation("list-children", "GET", "/me/drive/items/{item-id}/children",
                      "/drives/{drive-id}/items/{item-id}/children"),
            operation("get-item", "GET", "/drives/{drive-id}/items/{item-id}"),
            operation("list-comments", "GET", "/me/drive/items/{id}/workbook/comments"),
            operation("get-content", "GET", "/drive/items/{item-id}/content"),
            operation("get-by-path", "GET", "/me/drive/root:/{item-path}"),
            operation("recent", "GET", "/me/drive/recent"),
        ]
    )
    # `root` is an item: `.../drive/root` ≡ `.../drive/items/root`.
    assert _resolve(router, "GET", "/v1.0/me/drive/root/children") == "list-children"
    assert _resolve(router, "GET", "/drives/b!x/root") == "get-item"
    # `/drive` is the signed-in user's drive, both ways.
    assert _resolve(router, "GET", "/drive/items/1/workbook/comments") == "list-comments"
    assert _resolve(router, "GET", "/me/drive/items/1/content") == "get-content"
    assert _resolve(router, "GET", "/drive/root/children") == "list-children"
    # Documented spellings win; path addressing is never rewritten.
    assert _resolve(router, "GET", "/me/drive/recent") == "recent"
    assert _resolve(router, "GET", "/me/drive/root:/a/b.txt") == "get-by-path"
    assert _resolve(router, "GET", "/me/drive/root:/a/b.txt:/children") is None
    # What is matched is reported with the request's own tokens.
    resolution = router.resolve("GET", "/me/drive/root/children")
    assert [token.text for token in resolution.tokens] == ["me", "drive", "root", "children"]
    assert router.resolve("DELETE", "/drive/root/children").allowed == ("GET",)


def test_a_literal_guid_in_a_template_is_a_placeholder() -> None:
    # educationassignment-delete.md's syntax block writes example ids where `{id}` belongs;
    # the generated clients read them as parameters, so the mock must route other ids.
    router = Router(
        [
            operation(
                "delete-assignment",
                "DELETE",
                "/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/assignments/"
                "cf6005fc-9e13-44a2-a6ac-a53322006454",
            ),
            operation("get-class", "GET", "/education/classes/{id}"),
        ]
    )
    assert _resolve(router, "DELETE", "/education/classes/11/assignments/22") == (
        "delete-assignment"
    )
    assert _resolve(router, "GET", "/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793") == (
        "get-class"
    )


def test_version_template_forms_are_stripped() -> None:
    router = Router(
        [
            operation("a", "GET", "https://graph.microsoft.com/v1.0/me/events"),
            operation("b", "GET", "/{version}/me/calendar"),
            operation("c", "GET", "me/todo/lists?$top=1"),
        ]
    )
    assert _resolve(router, "GET", "/me/events") == "a"
    assert _resolve(router, "GET", "/v1.0/me/calendar") == "b"
    assert _resolve(router, "GET", "/me/todo/lists") == "c"


def test_same_template_in_two_operations_is_served_by_the_first() -> None:
    router = Router(
        [
            operation("first", "POST", "/deviceAppManagement/mobileApps"),
            operation("second", "POST", "/deviceAppManagement/mobileApps"),
            # Same template up to placeholder names.
            operation("third", "POST", "/deviceappmanagement/MobileApps"),
        ]
    )
    route = router.resolve("POST", "/deviceAppManagement/mobileApps").route
    assert route is not None
    assert route.operation.id == "first"
    assert [op.id for op in route.shadowed] == ["second", "third"]
    assert [(d.kept, d.dropped) for d in router.duplicates] == [
        ("first", "second"),
        ("first", "third"),
    ]


def test_alternatives_in_one_operation_are_not_duplicates() -> None:
    router = Router([operation("x", "GET", "/users/{id}", "/users/{userId}")])
    assert router.duplicates == []
    assert len(router.routes) == 1
