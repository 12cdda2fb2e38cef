"""Path templates as the reference pages write them (forms taken from the 2021 corpus), and
the request spellings Graph addresses alike."""

from __future__ import annotations

import pytest
from graphdoc.model.paths import (
    PathTemplate,
    drive_spellings,
    find,
    request_spellings,
    shared_parts,
)


def kinds(template: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in PathTemplate.parse(template).segments]


def values(template: str, path: str) -> dict[str, str] | None:
    found = PathTemplate.parse(template).match(path)
    return None if found is None else found.by_name()


def test_segments_of_the_forms_syntax_blocks_use() -> None:
    assert kinds("/users/{id | userPrincipalName}/contacts") == [
        ("literal", "users"),
        ("parameter", "{id | userPrincipalName}"),
        ("literal", "contacts"),
    ]
    assert kinds(
        "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')"
        "/format/borders(<sideIndex>)"
    )[-4:] == [
        ("parameter", "{id|name}"),
        ("call", "range(address='<address>')"),
        ("literal", "format"),
        ("call", "borders(<sideIndex>)"),
    ]
    assert kinds("/directoryRoles/roleTemplateId={roleTemplateId}/members")[1] == (
        "pattern",
        "roleTemplateId={roleTemplateId}",
    )
    assert kinds("/drive/root:/{item-path}:/content") == [
        ("literal", "drive"),
        ("literal", "root"),
        ("address", "{item-path}"),
        ("literal", "content"),
    ]
    # Written outside the braces, the alternatives are still one value.
    assert kinds("/users/{user-id} | user-principal-name/chats")[1][0] == "parameter"
    members = PathTemplate.parse("/groups/{id}/members/microsoft.graph.user").segments
    assert members[-1].is_cast and not members[-2].is_cast


def test_parameters_and_where_they_stand() -> None:
    template = PathTemplate.parse(
        "/teams/(team-id)/channels/{channel-id}/messages/{message-id}"
    )
    assert [(p.name, p.spelling, p.context) for p in template.parameters] == [
        ("team-id", "(team-id)", "segment"),
        ("channel-id", "{channel-id}", "segment"),
        ("message-id", "{message-id}", "segment"),
    ]
    # An example id left in the syntax block is a parameter; the id is kept.
    guid = PathTemplate.parse("/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/members")
    assert [(p.context, p.literal) for p in guid.parameters] == [
        ("segment", "acdefc6b-2dc6-4e71-b1e9-6d9810ab1793")
    ]
    report = PathTemplate.parse("/reports/getEmailActivityCounts(period='{period_value}')")
    (call,) = [s for s in report.segments if s.kind == "call"]
    assert call.name == "getEmailActivityCounts"
    assert [(a.name, a.value) for a in call.arguments] == [("period", "'{period_value}'")]
    assert [(p.argument, p.quoted) for p in report.parameters] == [("period", True)]
    # A typed literal is one argument value, its placeholder inside it.
    zones = PathTemplate.parse(
        "/me/outlook/supportedTimeZones(TimeZoneStandard="
        "microsoft.graph.timeZoneStandard'{timezone_format}')"
    )
    (argument,) = zones.segments[-1].arguments
    assert argument.name == "TimeZoneStandard"
    assert argument.value == "microsoft.graph.timeZoneStandard'{timezone_format}'"
    assert [p.name for p in argument.parameters] == ["timezone_format"]
    # A literal argument value is a value too: the syntax shows an example of it.
    counts = PathTemplate.parse("/reports/getTeamsUserActivityCounts(period='D7')")
    assert [(p.argument, p.literal, p.quoted) for p in counts.parameters] == [
        ("period", "D7", True)
    ]
    rows = PathTemplate.parse("/me/drive/items/{id}/workbook/range/rowsAbove(count=n)")
    assert [(p.argument, p.literal, p.quoted) for p in rows.parameters][-1] == (
        "count", "n", False
    )


@pytest.mark.parametrize(
    ("template", "path", "bound"),
    [
        ("/users/{id | userPrincipalName}/contacts", "/users/adele@contoso.com/contacts",
         {"id | userPrincipalName": "adele@contoso.com"}),
        # Case-insensitive literals, a trailing slash either way.
        ("/users/{id | userPrincipalName}/", "/USERS/48d3", {"id | userPrincipalName": "48d3"}),
        ("/directoryRoles/roleTemplateId={roleTemplateId}",
         "/directoryRoles/roleTemplateId=62e90394-69f5", {"roleTemplateId": "62e90394-69f5"}),
        ("/reports/getEmailActivityCounts(period='{period_value}')",
         "/reports/getEmailActivityCounts(period='D7')", {"period_value": "D7"}),
        ("/x/search(q='{text}')", "/x/search(q='it''s')", {"text": "it's"}),
        ("/reports/getTeamsUserActivityCounts(period='D7')",
         "/reports/getTeamsUserActivityCounts(period='D30')", {"period": "D30"}),
        ("/me/outlook/supportedTimeZones(TimeZoneStandard="
         "microsoft.graph.timeZoneStandard'{timezone_format}')",
         "/me/outlook/supportedTimeZones(TimeZoneStandard="
         "microsoft.graph.timeZoneStandard'Iana')", {"timezone_format": "Iana"}),
        ("/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')",
         "/me/drive/items/01AB/workbook/worksheets/Sheet1/range(address='A1:B2')",
         {"id": "01AB", "id|name": "Sheet1", "address": "A1:B2"}),
        # Path-based addressing holds slashes, up to the `:/` that closes it.
        ("/drive/root:/{item-path}:/content", "/drive/root:/Folder A/b.txt:/content",
         {"item-path": "Folder A/b.txt"}),
        ("/me/drive/root:/{item-path}", "/me/drive/root:/a/b.txt:/children", None),
        ("/me/drive/items/{parent-id}:/{filename}:/content",
         "/me/drive/items/01AB:/new.txt:/content", {"parent-id": "01AB", "filename": "new.txt"}),
        # OData key syntax is a segment; a key may end in `=` (base64 ids).
        ("/workbook/worksheets/{id|name}/range", "/workbook/worksheets('Sheet1')/range",
         {"id|name": "Sheet1"}),
        ("/me/messages/{id}", "/me/messages('AAMkAGE1M2_as77AACHsLrBBBA=')",
         {"id": "AAMkAGE1M2_as77AACHsLrBBBA="}),
        # As sent first: an encoded slash stays inside its segment.
        ("/me/activities/{appActivityId}", "/me/activities/%2Farticle%3F12345",
         {"appActivityId": "%2Farticle%3F12345"}),
        ("/teams/(team-id)/channels", "/teams/t1/channels", {"team-id": "t1"}),
        # `delta()` and `delta` are the same call.
        ("/users/delta()", "/users/delta", {}),
        ("/users/delta", "/users/delta()", {}),
        ("/me/contacts", "/me/events", None),
        ("/users/{id}/contacts", "/users/1/contacts/2", None),
    ],
)
def test_match_binds_parameters(template: str, path: str, bound: dict[str, str] | None) -> None:
    assert values(template, path) == bound


def test_a_bare_function_name_matches_a_call_it_does_not_read() -> None:
    template = PathTemplate.parse("/me/onenote/notebooks/getRecentNotebooks")
    found = template.match(
        "/me/onenote/notebooks/getRecentNotebooks(includePersonalNotebooks=true)"
    )
    assert found is not None and not found.exact
    plain = template.match("/me/onenote/notebooks/getRecentNotebooks")
    assert plain is not None and plain.exact
    # Key syntax is not a call: `messages('id')` is `messages/id`.
    assert PathTemplate.parse("/me/messages").match("/me/messages('x')") is None


def test_me_alias_and_shape() -> None:
    alias = PathTemplate.parse("/users/{id | userPrincipalName}/contacts").me_alias()
    assert alias is not None and alias.text == "/me/contacts"
    assert PathTemplate.parse("/users/{id}").me_alias() == PathTemplate.parse("/me")
    for no_alias in ("/users/delta", "/usersX/{id}/a", "/users/me/messages", "/me/events"):
        assert PathTemplate.parse(no_alias).me_alias() is None
    assert PathTemplate.parse("/users/{id}/Contacts/").shape == "/users/{}/contacts"
    assert (
        PathTemplate.parse("/users/{id}").shape == PathTemplate.parse("/users/{userId}").shape
    )


@pytest.mark.parametrize(
    ("path", "spellings"),
    [
        (
            "/me/drive/root/children",
            ["/me/drive/items/root/children", "/drive/root/children", "/drive/items/root/children"],
        ),
        ("/me/drive/root", ["/me/drive/items/root", "/drive/root", "/drive/items/root"]),
        ("/drive/items/1/workbook/comments", ["/me/drive/items/1/workbook/comments"]),
        ("/drives/b!x/root/children", ["/drives/b!x/items/root/children"]),
        ("/sites/s1/drive/root/workbook", ["/sites/s1/drive/items/root/workbook"]),
        ("groups/g/drive/root", ["/groups/g/drive/items/root"]),
        # `root` before path-based addressing too; the path inside is never re-spelled,
        # and `rootFolder` is another segment.
        (
            "/me/drive/root:/a/root/b.txt:/content",
            [
                "/me/drive/items/root:/a/root/b.txt:/content",
                "/drive/root:/a/root/b.txt:/content",
                "/drive/items/root:/a/root/b.txt:/content",
            ],
        ),
        ("/me/drive/rootFolder", ["/drive/rootFolder"]),
        ("/me/drives", []),
        ("/me/events", []),
        ("/users/u/drive/items/1", []),
    ],
)
def test_drive_spellings(path: str, spellings: list[str]) -> None:
    assert drive_spellings(path) == spellings


def test_request_spellings_in_order() -> None:
    found = request_spellings("/groups/g/members/microsoft.graph.user/$count")
    assert [(s.path, s.cast, s.count) for s in found] == [
        ("/groups/g/members/microsoft.graph.user/$count", None, False),
        ("/groups/g/members", "microsoft.graph.user", True),
    ]
    found = request_spellings("/drive/items/1/children/microsoft.graph.driveItem")
    assert [(s.path, s.aliased, s.cast) for s in found] == [
        ("/drive/items/1/children/microsoft.graph.driveItem", False, None),
        ("/drive/items/1/children", False, "microsoft.graph.driveItem"),
        ("/me/drive/items/1/children/microsoft.graph.driveItem", True, None),
        ("/me/drive/items/1/children", True, "microsoft.graph.driveItem"),
    ]


def test_find_tries_the_me_alias_and_the_spellings() -> None:
    templates = [
        PathTemplate.parse("/users/{id | userPrincipalName}/memberOf"),
        PathTemplate.parse("/me/drive/items/{item-id}/children"),
    ]
    found = find(templates, "/me/memberOf/microsoft.graph.group/$count")
    assert found is not None
    spelling, match = found
    assert (spelling.path, spelling.count, match.template.text) == ("/me/memberOf", True,
                                                                    "/me/memberOf")
    found = find(templates, "/drive/root/children")
    assert found is not None and found[1].by_name() == {"item-id": "root"}
    assert find(templates, "/me/events") is None


def test_templates_kept_share_equal_parts_and_stay_equal() -> None:
    texts = [
        "/users/{id}/contacts/{contactId}",
        "/users/{id}/contacts",
        "/users/{id | userPrincipalName}/calendar/events",
        "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')",
        "/me/drive/root:/{item-path}:/children",
    ]
    parsed = {text: PathTemplate.parse(text) for text in texts}
    kept = shared_parts(parsed)
    assert kept == parsed
    for text, template in kept.items():
        original = parsed[text]
        assert (template.segments, template.tails, template.shape) == (
            original.segments, original.tails, original.shape,
        )
        assert [p for s in template.segments for p in s.parameters] == [
            p for s in original.segments for p in s.parameters
        ]
    first, second = kept[texts[0]], kept[texts[1]]
    assert first.segments[0] is second.segments[0]  # `users` at the same place
    assert first.parameters[0] is second.parameters[0]  # `{id}`, the same span
