"""The client IR's decisions: the URL tree's steps and request names, path parameters, variant
choice, query options, bodies, results, and the rendered modules black formats. Small models
built here; specs/ and the corpus are exercised end to end in test_client_specs.py and
test_client_corpus.py."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from graphdoc.emit.python_client import (
    ClientIR,
    MethodIR,
    VariantIR,
    client_ir,
    match_variant,
    me_aliases,
    parse_template,
    singular,
)
from graphdoc.emit.render import client_files
from graphdoc.emit.url_tree import PathClassIR, StepIR
from graphdoc.format.black_format import format_source
from graphdoc.model.types import (
    ApiModel,
    Example,
    HttpRequest,
    HttpResponse,
    Member,
    Operation,
    Page,
    Parameter,
    Property,
    RequestBody,
    ResponseSpec,
    Source,
    TypeDef,
)

SRC = Source("api/x.md", 3)


# ------------------------------------------------------------------------------ builders


def prop(name: str, type_: str = "Edm.String", *, collection: bool = False) -> Property:
    return Property(name, type_, collection, False, None, False, False, f"The {name}.", SRC)


def entity(name: str, props: list[Property], base: str | None = None) -> TypeDef:
    return TypeDef(name, "entity", base, False, False, None, False, "", props, [], SRC)


def enum(name: str, *members: str) -> TypeDef:
    return TypeDef(
        name, "enum", None, False, False, None, False, "",
        [], [Member(m, None, "", SRC) for m in members], SRC,
    )


def response(status: int | None, body: Any = None, raw: str | None = None) -> HttpResponse:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    return HttpResponse(status, headers, body, raw, False, None, False, SRC)


def example(method: str, url: str, reply: HttpResponse | None = None, body: Any = None) -> Example:
    request = HttpRequest(method, url, {}, body, None, SRC)
    return Example("e", request, reply or response(200))


def op(
    op_id: str,
    method: str,
    *paths: str,
    status: int | None = 200,
    type_: str | None = None,
    collection: bool = False,
    body: RequestBody | None = None,
    parameters: list[Parameter] | None = None,
    examples: list[Example] | None = None,
) -> Operation:
    return Operation(
        id=op_id,
        title=op_id.replace("-", " ").capitalize(),
        method=method,
        paths=list(paths),
        parameters=parameters or [],
        request_body=body,
        response=ResponseSpec(status, type_, collection),
        permissions=[],
        examples=examples or [],
        source=Source(f"api/{op_id}.md", 10),
    )


CONTACT = entity(
    "microsoft.graph.contact",
    [prop("displayName"), prop("jobTitle"), prop("birthday", "Edm.DateTimeOffset")],
)
LICENSE = entity("microsoft.graph.assignedLicense", [prop("skuId", "Edm.Guid")])
USER = entity("microsoft.graph.user", [prop("displayName"), prop("jobTitle")])


def model(*operations: Operation, types: list[TypeDef] | None = None) -> ApiModel:
    pages = [Page(o.source.path, "api", o.title, "microsoft.graph", "apiPageType", "Does it.")
             for o in operations]
    types = types or [CONTACT, LICENSE, USER]
    return ApiModel(pages=pages, types=types, operations=list(operations))


def only(ir: ClientIR, op_id: str) -> MethodIR:
    return ir.methods[op_id]


def chains(ir: ClientIR, op_id: str) -> list[str]:
    """How a caller reaches each variant: `users.by_id({user_id}).contacts.list`."""
    return [route.chain() for route in ir.routes[op_id]]


def step_of(cls: PathClassIR, name: str) -> StepIR:
    return next(step for step in cls.steps if step.name == name)


CONTACT_PATHS = (
    "/me/contacts/{id}",
    "/users/{id | userPrincipalName}/contacts/{id}",
    "/me/contactFolders/{contactFolderId}/contacts/{id}",
)


# ------------------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("users", "user"),
        ("contact_folders", "contact_folder"),
        ("policies", "policy"),
        ("mailboxes", "mailbox"),
        ("children", "child"),
        ("status", "status"),
        ("me", "me"),
    ],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


@pytest.mark.parametrize(
    ("template", "pattern"),
    [
        ("/me/contacts/{id}", "/me/contacts/{contact_id:s}"),
        ("/users/{usersId}/contacts", "/users/{user_id:s}/contacts"),
        (
            "/users/{id | userPrincipalName}/contacts/{id}",
            "/users/{user_id_or_principal_name:s}/contacts/{contact_id:s}",
        ),
        (
            "/users/{user-id | user-principal-name}/chats",
            "/users/{user_id_or_principal_name:s}/chats",
        ),
        (
            "/me/contactFolders/{contactFolderId}/contacts",
            "/me/contactFolders/{contact_folder_id:s}/contacts",
        ),
        (
            "/workbook/worksheets/{id|name}/range",
            "/workbook/worksheets/{worksheet_id_or_name:s}/range",
        ),
        ("/teams/{team-id}/channels", "/teams/{team_id:s}/channels"),
        ("/teams/(team-id)/channels", "/teams/{team_id:s}/channels"),
        ("/me/drive/root:/{item-path}:/content", "/me/drive/root:/{item_path:a}:/content"),
        ("/reports/getX(period='{period_value}')", "/reports/getX(period='{period:q}')"),
        ("/reports/getX(date={date_value})", "/reports/getX(date={date:v})"),
        ("/roles/roleTemplateId={roleTemplateId}", "/roles/roleTemplateId={role_template_id:s}"),
        ("/{id}", "/{id:s}"),
        (
            "/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/assignments",
            "/classes/{class_id:s}/assignments",
        ),
        ("/me/messages/{id}/$value", "/me/messages/{message_id:s}/$value"),
    ],
)
def test_path_parameter_names(template: str, pattern: str) -> None:
    assert parse_template(template)[0] == pattern


def test_repeated_names_are_numbered_and_reserved_names_avoided() -> None:
    _, fields, _ = parse_template("/a/{id}/{id}/{body}/{headers}")
    names = [name for name, _, _ in fields]
    assert len(set(names)) == 4
    assert "body" not in names and "headers" not in names


def test_literal_function_arguments_documented_in_the_table_become_parameters() -> None:
    typed = {"startdatetime": Parameter("startDateTime", "function", "Edm.String", False, True,
                                        "", SRC)}
    pattern, fields, _ = parse_template(
        "/x/getActivities(startDateTime='2017-01-01',interval='day')", typed
    )
    assert pattern == "/x/getActivities(startDateTime='{start_date_time:q}',interval='day')"
    assert fields == [("start_date_time", "q", "startDateTime")]
    pattern, _, _ = parse_template("/x/getRecent(includeAll=includeAll-value)")
    assert pattern == "/x/getRecent(includeAll={include_all:v})"


def test_request_names_come_from_verbs_and_segments() -> None:
    function = Parameter("period", "function", "Edm.String", False, True, "", SRC)
    ir = client_ir(
        model(
            op("create-contact", "POST", "/me/contacts", type_="microsoft.graph.contact",
               body=RequestBody("microsoft.graph.contact", False, [])),
            op("list-contacts", "GET", "/me/contacts", type_="microsoft.graph.contact",
               collection=True),
            op("update-contact", "PATCH", "/me/contacts/{id}", type_="microsoft.graph.contact",
               body=RequestBody(None, False, [prop("jobTitle")])),
            op("delete-contact", "DELETE", "/me/contacts/{id}", status=204),
            op("photo-put", "PUT", "/me/photo/$value", status=204,
               body=RequestBody("Edm.Stream", False, [])),
            op("class-get", "GET", "/class/{id}", type_="microsoft.graph.contact"),
            op("2fa-get", "GET", "/2fa/{id}", type_="microsoft.graph.contact"),
            op("user-assignlicense", "POST", "/users/{id}/assignLicense",
               type_="microsoft.graph.user", body=RequestBody(None, False, [prop("x")])),
            op("members-users", "GET", "/groups/{id}/members/microsoft.graph.user",
               type_="microsoft.graph.user", collection=True),
            op("user-delta", "GET", "/users/delta", type_="microsoft.graph.user",
               collection=True),
            op("report-get", "GET", "/reports/getCounts", parameters=[function]),
            op("range", "GET", "/workbook/worksheets/{id|name}/range(address='{address}')"),
            op("item-content", "GET", "/me/drive/root:/{item-path}:/content"),
            op("role", "GET", "/roles/roleTemplateId={roleTemplateId}"),
            op("calendar-events", "GET", "/me/calendar/events", type_="microsoft.graph.contact",
               collection=True),
        ),
        "graph",
    )
    assert {op_id: chains(ir, op_id) for op_id in ir.methods} == {
        "create-contact": ["me.contacts.create"],
        "list-contacts": ["me.contacts.list"],
        "update-contact": ["me.contacts.by_id({contact_id}).update"],
        "delete-contact": ["me.contacts.by_id({contact_id}).delete"],
        "photo-put": ["me.photo.value.upload"],  # `$value`; a binary PUT uploads
        "class-get": ["class_.by_id({class_id}).get"],  # keywords escaped
        "2fa-get": ["n_2fa.by_id({p_2fa_id}).get"],  # no name starts with a digit
        # An action (a parameters body) and a function are methods of their parent.
        "user-assignlicense": ["users.by_id({user_id}).assign_license", "me.assign_license"],
        "members-users": ["groups.by_id({group_id}).members.as_user.list"],  # an OData cast
        "user-delta": ["users.delta"],
        "report-get": ["reports.get_counts", "reports.get_counts"],  # with and without period
        "range": ["workbook.worksheets.by_id({worksheet_id_or_name}).range"],
        "item-content": ["me.drive.root.by_path({item_path}).content"],
        "role": ["roles.by_role_template_id"],
        # `events` folds into a method of `calendar`, which stays a step.
        "calendar-events": ["me.calendar.events"],
    }
    (counts, with_period) = ir.routes["report-get"]
    assert (counts.arguments, with_period.arguments) == ([], [("period", "period")])
    assert ir.routes["range"][0].arguments == [("address", "address")]


# ------------------------------------------------------------------------------ variants


USER_NAVIGATION = entity(
    "microsoft.graph.user",
    [prop("calendar"), prop("contacts"), prop("events"), prop("mailFolders"), prop("messages")],
)


def test_each_collection_has_one_parameter_spelling_whatever_the_page_writes() -> None:
    ir = client_ir(
        model(
            op("get-contact", "GET", *CONTACT_PATHS, type_="microsoft.graph.contact"),
            op("list-contacts", "GET", "/users/{usersId}/contacts",
               type_="microsoft.graph.contact", collection=True),
            op("list-messages", "GET", "/users/{user-id}/mailFolders/{folder}/messages"),
            types=[CONTACT, USER_NAVIGATION],
        ),
        "graph",
    )
    assert chains(ir, "get-contact") == [
        "me.contacts.by_id({contact_id}).get",
        "users.by_id({user_id_or_principal_name}).contacts.by_id({contact_id}).get",
        "me.contact_folders.by_id({contact_folder_id}).contacts.by_id({contact_id}).get",
    ]
    # `{id | userPrincipalName}`, `{usersId}`, `{user-id}`: one `by_id(user_id)`.
    users = step_of(ir.root.cls, "users").target
    by_id = step_of(users, "by_id")
    assert [(f.name, f.required) for f in by_id.fields] == [("user_id", True)]
    # `/users/{id}/contacts` and `/me/contacts` have the same shape: one class.
    me = step_of(ir.root.cls, "me").target
    assert step_of(by_id.target, "contacts").target is step_of(me, "contacts").target
    folders = step_of(step_of(by_id.target, "mail_folders").target, "by_id")
    assert [f.name for f in folders.fields] == ["mail_folder_id"]
    files = client_files(ir)
    text = format_source(files["paths/users.py"])
    assert "def by_id(self, user_id: str) -> UserItemPath:" in text
    assert "def get(" in format_source(files["paths/contact_item.py"])


def test_each_variant_is_reached_at_its_own_node_with_no_numbered_name() -> None:
    ir = client_ir(
        model(op("user-list-events", "GET", "/me/calendar/events", "/me/events",
                 "/users/{id}/events", type_="microsoft.graph.contact", collection=True),
              types=[CONTACT, USER_NAVIGATION]),
        "graph",
    )
    assert chains(ir, "user-list-events") == [
        "me.calendar.events.list",
        "me.events.list",
        "users.by_id({user_id}).events.list",
    ]
    names = [e.name for c in [ir.root, *ir.paths] for e in c.cls.endpoints]
    names += [s.name for c in [ir.root, *ir.paths] for s in c.cls.steps]
    assert names and not [name for name in names if name[-1].isdigit()]


def test_users_paths_get_the_me_alias_only_where_the_page_lacks_it() -> None:
    ir = client_ir(
        model(
            op("list-contacts", "GET", "/users/{id | userPrincipalName}/contacts",
               type_="microsoft.graph.contact", collection=True),
            op("get-contact", "GET", *CONTACT_PATHS, type_="microsoft.graph.contact"),
            op("assign-license", "POST", "/users/{id}/assignLicense", "/groups/{id}/x"),
            op("list-messages", "GET", "/me/mailFolders/{folder}/messages",
               "/users/{id}/mailFolders/{id}/messages"),
        ),
        "graph",
    )
    listing = only(ir, "list-contacts")
    assert [v.template for v in listing.variants] == [
        "/users/{id | userPrincipalName}/contacts",
        "/me/contacts",
    ]
    assert listing.variants[1].derived and listing.variants[1].params == []
    assert listing.positional == [] and listing.optional == ["user_id_or_principal_name"]
    assert match_variant(listing.variants, "/me/contacts") == (listing.variants[1], {})
    assert chains(ir, "list-contacts")[1] == "me.contacts.list"
    # The `/me` path is documented (here with another placeholder spelling): no alias.
    assert [v.template for v in only(ir, "get-contact").variants] == list(CONTACT_PATHS)
    assert [v.template for v in only(ir, "list-messages").variants] == [
        "/me/mailFolders/{folder}/messages",
        "/users/{id}/mailFolders/{id}/messages",
    ]
    assert [v.pattern for v in only(ir, "assign-license").variants] == [
        "/users/{user_id:s}/assignLicense",
        "/groups/{group_id:s}/x",
        "/me/assignLicense",
    ]
    assert me_aliases(["/users/{id}", "/users/delta", "/usersX/{id}/a", "/users/{id}/a"]) == [
        "/me",
        "/me/a",
    ]


def test_a_request_another_operation_answers_is_routed_to_its_method() -> None:
    """`/me/checkMemberGroups` is the user page's `/me` alias and another page's own path:
    one method sends it, and the user page's examples are tested through it (GD503)."""
    body = RequestBody(None, False, [prop("groupIds", collection=True)])
    ir = client_ir(
        model(
            op("directoryobject-checkmembergroups", "POST", "/me/checkMemberGroups",
               "/directoryObjects/{id}/checkMemberGroups", body=body),
            op("user-checkmembergroups", "POST", "/users/{id}/checkMemberGroups", body=body),
        ),
        "graph",
    )
    me = step_of(ir.root.cls, "me").target
    assert [e.method.source.path for e in me.endpoints] == [
        "api/directoryobject-checkmembergroups.md"
    ]
    assert chains(ir, "user-checkmembergroups") == [
        "users.by_id({user_id}).check_member_groups",
        "me.check_member_groups",
    ]
    (note,) = [d for d in ir.diagnostics if d.code == "GD503"]
    assert "user-checkmembergroups: POST /me/checkMemberGroups" in note.message


def test_function_parameters_without_parentheses_in_the_syntax_get_a_variant() -> None:
    parameter = Parameter("period", "function", "Edm.String", False, True, "", SRC)
    ir = client_ir(model(op("report-get", "GET", "/reports/getCounts", parameters=[parameter])),
                   "graph")
    method = only(ir, "report-get")
    assert [v.pattern for v in method.variants] == [
        "/reports/getCounts",
        "/reports/getCounts(period='{period:q}')",
    ]
    assert method.optional == ["period"]


def test_a_call_written_two_ways_sends_the_spelling_most_pages_write() -> None:
    ir = client_ir(
        model(
            op("a-protection", "GET", "/w/range(<address>)/protection"),
            op("b-get", "GET", "/w/range(address='<address>')"),
            op("c-format", "GET", "/w/range(address='<address>')/format"),
        ),
        "graph",
    )
    step = step_of(step_of(ir.root.cls, "w").target, "range")
    assert step.pieces == ['"/range(address=\'{address:q}\')"', '"/range({address:s})"']
    assert chains(ir, "a-protection") == ["w.range({address}).protection"]


def test_typed_path_parameters_from_the_function_table() -> None:
    parameter = Parameter("date", "function", "Edm.Date", False, True, "", SRC)
    ir = client_ir(model(op("report", "GET", "/reports/get(date={date_value})",
                            parameters=[parameter])), "graph")
    assert only(ir, "report").path_params["date"].annotation == "datetime.date"
    # A function named like a verb is a method of `reports`, folded once, typed.
    assert chains(ir, "report") == ["reports.get"]
    (endpoint,) = step_of(ir.root.cls, "reports").target.endpoints
    assert [(f.name, f.annotation, f.required) for f in endpoint.fields] == [
        ("date", "datetime.date", True)
    ]


def _variant(template: str) -> VariantIR:
    pattern, _, path = parse_template(template)
    return VariantIR(template, pattern, [], path.text)


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("/me/contacts/AAMk%3D", {"contact_id": "AAMk%3D"}),
        ("/users/adele@contoso.com/contacts/x", {"user_id_or_principal_name": "adele@contoso.com",
                                                 "contact_id": "x"}),
        ("/ME/Contacts/x", {"contact_id": "x"}),
    ],
)
def test_match_variant(path: str, values: dict[str, str]) -> None:
    variants = [_variant(t) for t in CONTACT_PATHS]
    found = match_variant(variants, path)
    assert found is not None and found[1] == values


def test_match_variant_reads_key_syntax_addressing_and_quoted_arguments() -> None:
    def variant(template: str) -> list[VariantIR]:
        return [_variant(template)]

    found = match_variant(variant("/workbook/worksheets/{id|name}/range"),
                          "/workbook/worksheets('Sheet1')/range")
    assert found is not None and found[1] == {"worksheet_id_or_name": "Sheet1"}
    found = match_variant(variant("/me/drive/root:/{item-path}:/content"),
                          "/me/drive/root:/a/b c.txt:/content")
    assert found is not None and found[1] == {"item_path": "a/b c.txt"}
    found = match_variant(variant("/x/search(q='{text}')"), "/x/search(q='it''s')")
    assert found is not None and found[1] == {"q": "it's"}
    assert match_variant(variant("/me/contacts"), "/me/events") is None


# ------------------------------------------------------------------------------ options


def test_query_options_follow_the_shape_and_the_page() -> None:
    table = [Parameter("startDateTime", "query", "Edm.DateTimeOffset", False, True, "", SRC),
             Parameter("\\$filter", "query", "Edm.String", False, False, "", SRC)]
    ir = client_ir(
        model(
            op("list", "GET", "/me/contacts", type_="microsoft.graph.contact", collection=True,
               parameters=table),
            op("get", "GET", "/me/contacts/{id}", type_="microsoft.graph.contact",
               examples=[example("GET", "https://graph.microsoft.com/v1.0/me/contacts/1?ids=a")]),
            op("delete", "DELETE", "/me/contacts/{id}", status=204),
        ),
        "graph",
    )
    listed = {q.name: (q.wire, q.annotation) for q in only(ir, "list").query}
    assert listed["top"] == ("$top", "int | None")
    assert listed["count"] == ("$count", "bool | None")
    assert listed["filter"] == ("$filter", "str | None")
    assert listed["start_date_time"] == ("startDateTime", "datetime.datetime | None")
    assert {q.name for q in only(ir, "get").query} == {"select", "expand", "ids"}
    assert only(ir, "delete").query == []
    assert only(ir, "list").cast == "cast" and only(ir, "get").cast is None


# ------------------------------------------------------------------------------ bodies


def test_request_bodies() -> None:
    table = [prop("addLicenses", "microsoft.graph.assignedLicense", collection=True),
             prop("removeLicenses", "Edm.Guid", collection=True)]
    ir = client_ir(
        model(
            op("create", "POST", "/me/contacts", status=201, type_="microsoft.graph.contact",
               body=RequestBody("microsoft.graph.contact", False, [])),
            op("update", "PATCH", "/me/contacts/{id}", type_="microsoft.graph.contact",
               body=RequestBody(None, False, [prop("jobTitle")])),
            op("user-update", "PATCH", "/users/{id}", status=204,
               body=RequestBody(None, False, [prop("jobTitle")])),
            op("user-assignlicense", "POST", "/users/{id}/assignLicense",
               type_="microsoft.graph.user", body=RequestBody(None, False, table)),
            op("photo-put", "PUT", "/me/photo/$value", status=204,
               body=RequestBody("Edm.Stream", False, [])),
        ),
        "graph",
    )
    create = only(ir, "create").body
    assert create is not None and (create.kind, create.annotation) == ("model", "Contact")
    update = only(ir, "update").body
    assert update is not None and update.annotation == "Contact"  # a partial contact
    user_update = only(ir, "user-update").body
    assert user_update is not None and user_update.annotation == "User"  # from the page name
    action = only(ir, "user-assignlicense").body
    assert action is not None and action.kind == "parameters"
    assert action.annotation == "UserAssignlicenseParameters"
    binary = only(ir, "photo-put").body
    assert binary is not None and (binary.name, binary.annotation) == ("content", "bytes | str")
    parameters = ir.parameters[0]
    assert [f.attribute for f in parameters.fields] == ["add_licenses", "remove_licenses"]
    assert parameters.fields[1].annotation == "list[uuid.UUID] | Unset | None"


def test_results() -> None:
    body = {"value": [{"displayName": "A"}]}
    ir = client_ir(
        model(
            op("delete", "DELETE", "/a/{id}", status=204),
            op("get", "GET", "/a/{id}", type_="microsoft.graph.contact"),
            op("list", "GET", "/a", type_="microsoft.graph.contact", collection=True),
            op("post-list", "POST", "/a/getMany", type_="microsoft.graph.contact",
               collection=True),
            op("content", "GET", "/a/{id}/content"),
            op("report", "GET", "/reports/x", status=302, type_="microsoft.graph.report"),
            op("update", "PATCH", "/a/{id}", status=204, type_="microsoft.graph.contact",
               examples=[example("PATCH", "/a/1", response(200, {"displayName": "A"}))]),
            op("untyped", "POST", "/a/do", examples=[example("POST", "/a/do", response(200, {}))]),
            op("annotated", "GET", "/b", type_="microsoft.graph.contact",
               examples=[example("GET", "/b", _collection(response(200, body)))]),
        ),
        "graph",
    )
    kinds = {op_id: (method.result.kind, method.result.annotation)
             for op_id, method in ir.methods.items()}
    assert kinds == {
        "delete": ("none", "None"),
        "get": ("model", "Contact"),
        "list": ("iterator", "Paged[Contact]"),
        "post-list": ("list", "_List[Contact]"),  # `list` is a method name in the class
        "content": ("bytes", "bytes"),
        "report": ("bytes", "bytes"),
        "update": ("optional", "Contact | None"),
        "untyped": ("any", "Any"),
        "annotated": ("iterator", "Paged[Contact]"),
    }
    assert only(ir, "list").result.async_annotation == "AsyncPaged[Contact]"


def _collection(reply: HttpResponse) -> HttpResponse:
    reply.collection = True
    return reply


# ------------------------------------------------------------------------------ layout


def test_rendered_modules_compile_and_black_keeps_their_meaning() -> None:
    ir = client_ir(
        model(
            op("get-contact", "GET", *CONTACT_PATHS, type_="microsoft.graph.contact"),
            op("user-assignlicense", "POST", "/users/{id}/assignLicense",
               type_="microsoft.graph.user",
               body=RequestBody(None, False, [prop("addLicenses", "microsoft.graph.assignedLicense",
                                                   collection=True)])),
        ),
        "graph",
    )
    files = client_files(ir)
    assert {"client.py", "paths/_base.py", "paths/_root.py", "paths/me.py", "paths/users.py",
            "parameters/__init__.py", "parameters/user_assignlicense.py"} <= set(files)
    # An action is a method of its parent node that sends to its own segment.
    action = format_source(files["paths/user_item.py"])
    assert 'def assign_license(' in action and 'path = self._path + "/assignLicense"' in action
    for name, text in files.items():
        formatted = format_source(text, name)
        assert ast.dump(ast.parse(text)) == ast.dump(ast.parse(formatted)), name
        assert format_source(formatted, name) == formatted, name


# ------------------------------------------------------------------------------ runtime


@pytest.fixture(scope="module")
def base() -> ModuleType:
    """paths/_base.py, as shipped (copied verbatim from generator/runtime/)."""
    return importlib.import_module("graphdoc.runtime.paths._base")


def test_path_picks_the_variant_the_given_parameters_name(base: Any) -> None:
    paths = (
        "/me/contacts/{contact_id:s}",
        "/users/{user_id:s}/contacts/{contact_id:s}",
        "/me/drive/root:/{item_path:a}:/content",
        "/reports/get(period='{period:q}',date={date:v})",
    )
    assert base._path(paths, contact_id="a/b", user_id=None) == "/me/contacts/a%2Fb"
    assert base._path(paths, contact_id="c", user_id="u@x") == "/users/u%40x/contacts/c"
    assert base._path(paths, item_path="a/b c.txt") == "/me/drive/root:/a/b%20c.txt:/content"
    import datetime

    assert base._path(paths, period="it's", date=datetime.date(2021, 7, 1)) == (
        "/reports/get(period='it%27%27s',date=2021-07-01)"
    )
    with pytest.raises(ValueError, match="user_id"):
        base._path(paths, user_id="u")
    with pytest.raises(ValueError, match="empty"):
        base._path(paths, contact_id="")


def test_text_spells_values_as_graph_does(base: Any) -> None:
    import datetime

    assert base._text(None) is None
    assert base._text(True) == "true"
    assert base._text(["a", "b"]) == "a,b"
    assert base._text(datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)) == "2021-01-01T00:00:00Z"
    assert base._cast("/groups/1/members", "#microsoft.graph.user") == (
        "/groups/1/members/microsoft.graph.user"
    )
    assert base._binary(None) == {"Content-Type": "application/octet-stream"}
    assert base._binary({"content-type": "image/png"}) == {"content-type": "image/png"}


def test_template_folder_holds_every_client_template() -> None:
    folder = Path(__file__).resolve().parents[2] / "templates"
    for name in ("client.py.jinja", "path.py.jinja", "paths_init.py.jinja",
                 "parameters_init.py.jinja", "tests_conftest.py.jinja", "tests_module.py.jinja",
                 "tests_init.py.jinja"):
        assert (folder / name).is_file(), name
    # Support modules that are plain Python are no templates: they live, checked, in runtime/.
    runtime = Path(__file__).resolve().parents[2] / "generator" / "runtime"
    for name in ("paths/_base.py", "tests/_support.py"):
        assert (runtime / name).is_file(), name
        assert not (folder / f"{Path(name).name.lstrip('_')}.jinja").exists()


def test_an_item_answers_its_model_and_its_raw_content_bytes() -> None:
    # One page, two requests: `client.me.messages.by_id(i).get()` gives the message, not
    # bytes because the page also documents `/$value`.
    from tests.model.test_api import item_and_content_pages, model_of

    methods = client_ir(model_of(item_and_content_pages()), "graph").methods
    assert methods["message-get"].result.kind == "model"
    assert methods["message-get"].result.type_name == "microsoft.graph.message"
    assert methods["message-get-2"].result.kind == "bytes"
