"""The twenty-five nasty pages of doc-format.md §11, read from the 2021 corpus.

Every value asserted here was read off the page itself (line numbers are the page's own).
Most tests build the model from the single page, so paths in the model are the file name;
the ones that need cross-page resolution build a whole `resources` folder once per module.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel, Diagnostic, Example, Operation, TypeDef
from graphdoc.read.bodies import read_body
from graphdoc.read.http import parse_response
from graphdoc.read.page import PageDoc, read_page

from tests.corpus.census import CORPUS

API_REFERENCE = CORPUS / "graph-docs-2021-07" / "api-reference"


def page_file(relative: str) -> Path:
    path = API_REFERENCE / relative
    if not path.is_file():
        pytest.skip(f"corpus not found at {path}")
    return path


def folder(relative: str) -> Path:
    path = API_REFERENCE / relative
    if not path.is_dir():
        pytest.skip(f"corpus not found at {path}")
    return path


def model_of(relative: str) -> ApiModel:
    return build_model([page_file(relative)])


def doc_of(relative: str) -> PageDoc:
    path = page_file(relative)
    return read_page(path.read_text(encoding="utf-8"), path.name)


def only_operation(model: ApiModel) -> Operation:
    assert len(model.operations) == 1, [op.id for op in model.operations]
    return model.operations[0]


def type_of(model: ApiModel, name: str) -> TypeDef:
    found = model.type_named(name)
    assert found is not None, f"{name} not in {[t.name for t in model.types]}"
    assert found.name == name
    return found


def codes_at(model: ApiModel, line: int, path: str | None = None) -> list[str]:
    return [
        d.code for d in model.diagnostics if d.line == line and (path is None or d.path == path)
    ]


def diagnostics(model: ApiModel, code: str) -> list[Diagnostic]:
    return [d for d in model.diagnostics if d.code == code]


def example_named(operation: Operation, name: str) -> Example:
    found = [e for e in operation.examples if e.name == name]
    assert len(found) == 1, [e.name for e in operation.examples]
    return found[0]


@pytest.fixture(scope="module")
def v1_resources() -> ApiModel:
    return build_model([folder("v1.0/resources")])


@pytest.fixture(scope="module")
def beta_tree() -> ApiModel:
    """beta/resources plus drive-get.md: paths are `resources/x.md` and `api/drive-get.md`."""
    return build_model([folder("beta/resources"), page_file("beta/api/drive-get.md")])


# 1. v1.0/resources/contact.md ------------------------------------------------------------

CONTACT_PROPERTIES = [
    "assistantName", "birthday", "businessAddress", "businessHomePage", "businessPhones",
    "categories", "changeKey", "children", "companyName", "createdDateTime", "department",
    "displayName", "emailAddresses", "fileAs", "generation", "givenName", "homeAddress",
    "homePhones", "id", "imAddresses", "initials", "jobTitle", "lastModifiedDateTime", "manager",
    "middleName", "mobilePhone", "nickName", "officeLocation", "otherAddress", "parentFolderId",
    "personalNotes", "profession", "spouseName", "surname", "title", "yomiCompanyName",
    "yomiGivenName", "yomiSurname",
]  # fmt: skip


def test_contact_holds_every_property_row_including_those_after_manager(
    v1_resources: ApiModel,
) -> None:
    contact = type_of(v1_resources, "microsoft.graph.contact")
    properties = [p for p in contact.properties if not p.navigation]
    # The Properties table has 38 rows, lines 47-84; `manager` (line 70) has no trailing pipe.
    assert [p.name for p in properties] == CONTACT_PROPERTIES
    assert [p.source.line for p in properties] == list(range(47, 85))
    assert all(p.source.path == "contact.md" for p in properties)
    by_name = {p.name: p for p in properties}
    manager = by_name["manager"]
    assert (manager.type, manager.collection) == ("Edm.String", False)
    assert manager.description == "The name of the contact's manager."
    after_manager = [p.name for p in properties if p.source.line > 70]
    assert after_manager == CONTACT_PROPERTIES[CONTACT_PROPERTIES.index("manager") + 1 :]
    assert len(after_manager) == 14
    expected = {
        "birthday": ("Edm.DateTimeOffset", False),
        "businessAddress": ("microsoft.graph.physicalAddress", False),
        "businessPhones": ("Edm.String", True),
        "emailAddresses": ("microsoft.graph.emailAddress", True),
        "yomiSurname": ("Edm.String", False),
        "id": ("Edm.String", False),
    }
    for name, (type_name, collection) in expected.items():
        assert (by_name[name].type, by_name[name].collection) == (type_name, collection), name
    assert by_name["id"].read_only
    assert not [code for code in codes_at(v1_resources, 70, "contact.md") if code.startswith("GD3")]


def test_contact_relationships_base_and_key(v1_resources: ApiModel) -> None:
    contact = type_of(v1_resources, "microsoft.graph.contact")
    navigation = [(p.name, p.type, p.collection) for p in contact.properties if p.navigation]
    assert navigation == [
        ("extensions", "microsoft.graph.extension", True),
        ("multiValueExtendedProperties", "microsoft.graph.multiValueLegacyExtendedProperty", True),
        ("photo", "microsoft.graph.profilePhoto", False),
        (
            "singleValueExtendedProperties",
            "microsoft.graph.singleValueLegacyExtendedProperty",
            True,
        ),
    ]
    assert contact.base == "microsoft.graph.outlookItem"
    assert (contact.kind, contact.key, contact.inferred) == ("entity", "id", False)


# 2. beta/api/accesspackage-list-incompatibleaccesspackages.md ----------------------------


def test_unclosed_request_fence_is_diagnosed_and_the_request_still_read() -> None:
    model = model_of("beta/api/accesspackage-list-incompatibleaccesspackages.md")
    [unclosed] = [d for d in diagnostics(model, "GD220")]
    assert (unclosed.line, unclosed.severity) == (65, "error")
    assert "line 80" in unclosed.message and "line 93" in unclosed.message
    operation = only_operation(model)
    assert (operation.method, operation.paths) == (
        "GET",
        ["/identityGovernance/entitlementManagement/accessPackage/{id}/incompatibleAccessPackages"],
    )
    assert (operation.response.status, operation.response.collection) == (200, True)
    assert len(operation.permissions) == 3
    [example] = operation.examples
    assert example.name == "get_incompatibleaccesspackages"
    assert example.request.source.line == 65
    assert example.request.url.endswith("/accessPackages/{id}/incompatibleAccessPackages")
    # The response heading, its annotation and its block were swallowed by the open fence.
    assert example.response is None
    assert example.request.body is None
    assert example.request.body_raw is not None
    assert example.request.body_raw.startswith("### Response")
    assert '"blockType": "response"' in example.request.body_raw
    assert "GD241" in codes_at(model, 65)


def test_unclosed_fence_leaves_the_page_annotation_readable() -> None:
    doc = doc_of("beta/api/accesspackage-list-incompatibleaccesspackages.md")
    assert doc.page_annotation is not None
    assert doc.page_annotation.line == 97
    assert doc.page_annotation.data["description"] == "List incompatibleAccessPackages"
    request_fence = next(f for f in doc.fences if f.fence.line == 65)
    assert (request_fence.fence.closed, request_fence.fence.end_line) == (True, 93)


# 3. beta/api/drive-get.md ----------------------------------------------------------------

DRIVE_REQUESTS = [
    "get-drive-default",
    "get-drive-by-user",
    "get-drive-by-group",
    "get-drive-by-site-id",
    "get-drive-by-id",
]


def test_drive_get_list_name_with_trailing_comma_answers_every_request() -> None:
    doc = doc_of("beta/api/drive-get.md")
    response = next(f for f in doc.fences if f.role == "response")
    assert response.annotation is not None
    assert response.fence.line == 228
    assert sorted(response.annotation.names()) == sorted(DRIVE_REQUESTS)
    assert "trailing comma" in response.annotation.repairs
    model = model_of("beta/api/drive-get.md")
    assert "GD202" in codes_at(model, 226)
    operation = only_operation(model)
    assert [e.name for e in operation.examples] == DRIVE_REQUESTS
    for example in operation.examples:
        assert example.response is not None, example.name
        assert (example.response.status, example.response.source.line) == (200, 228)
        assert example.response.type == "microsoft.graph.drive"
        assert example.response.body["driveType"] == "business"


def test_drive_get_scenario_sections_give_paths_and_path_parameters() -> None:
    model = model_of("beta/api/drive-get.md")
    operation = only_operation(model)
    assert operation.method == "GET"
    assert operation.paths == [
        "/me/drive",
        "/users/{idOrUserPrincipalName}/drive",
        "/groups/{groupId}/drive",
        "/sites/{siteId}/drive",
        "/drives/{driveId}",
    ]
    assert "GD251" in codes_at(model, 10)
    path_parameters = [(p.name, p.source.line) for p in operation.parameters if p.in_ == "path"]
    # `_idOrUserPrincipalName_` is written in italics.
    assert path_parameters == [
        ("idOrUserPrincipalName", 102),
        ("groupId", 140),
        ("siteId", 178),
        ("driveId", 216),
    ]
    assert [p.kind for p in operation.permissions] == [
        "delegated-work", "delegated-personal", "application",
    ]  # fmt: skip


def test_drive_get_reference_style_links_are_resolved(beta_tree: ApiModel) -> None:
    doc = doc_of("beta/api/drive-get.md")
    assert doc.scanned.reference_links == {
        "drive-resource": "../resources/drive.md",
        "odata-query-parameters": "/graph/query-parameters",
    }
    operation = next(op for op in beta_tree.operations if op.id == "drive-get")
    # "returns a [Drive resource][drive-resource]": the type comes through the definition.
    assert (operation.response.status, operation.response.type) == (200, "microsoft.graph.drive")
    assert not [
        d for d in beta_tree.diagnostics if d.path == "api/drive-get.md" and d.code == "GD410"
    ]


def test_reference_style_type_cells_resolve_across_case(beta_tree: ApiModel) -> None:
    # columndefinition.md row 58: `[personOrGroupColumn][]`, defined as personorgroupcolumn.md
    # while the file is personOrGroupColumn.md.
    column = type_of(beta_tree, "microsoft.graph.columnDefinition")
    [person] = [p for p in column.properties if p.name == "personOrGroup"]
    assert person.type == "microsoft.graph.personOrGroupColumn"
    assert "GD401" in codes_at(beta_tree, 58, "resources/columndefinition.md")


# 4. beta/api/driveitem-createuploadsession.md --------------------------------------------


def test_create_upload_session_front_matter_and_syntax() -> None:
    doc = doc_of("beta/api/driveitem-createuploadsession.md")
    # `title: driveItem: createUploadSession` has an unquoted colon that breaks YAML.
    assert doc.scanned.front_matter.get("title") == "driveItem: createUploadSession"
    assert doc.scanned.front_matter.malformed == []
    model = model_of("beta/api/driveitem-createuploadsession.md")
    # Only the POST lines are syntax; the PUT under "Handle upload errors" is an example.
    operation = only_operation(model)
    assert operation.method == "POST"
    assert operation.paths == [
        "/drives/{driveId}/items/{itemId}/createUploadSession",
        "/groups/{groupId}/drive/items/{itemId}/createUploadSession",
        "/me/drive/items/{itemId}/createUploadSession",
        "/sites/{siteId}/drive/items/{itemId}/createUploadSession",
        "/users/{userId}/drive/items/{itemId}/createUploadSession",
    ]
    assert not diagnostics(model, "GD250")
    # The `## Parameters` table's header row has no trailing pipe.
    function = [(p.name, p.type) for p in operation.parameters if p.in_ == "function"]
    assert function == [
        ("item", "microsoft.graph.driveItemUploadableProperties"),
        ("deferCommit", "Edm.Boolean"),
    ]
    headers = [(p.name, p.value) for p in operation.parameters if p.in_ == "header"]
    assert headers == [("if-match", "etag")]


def test_create_upload_session_examples_use_several_methods_and_keep_binary_raw() -> None:
    model = model_of("beta/api/driveitem-createuploadsession.md")
    operation = only_operation(model)
    examples = {e.name: e for e in operation.examples}
    assert set(examples) == {
        "upload-fragment-create-session",
        "upload-fragment-piece",
        "upload-fragment-final",
        "commit-upload",
        "upload-fragment-cancel",
        "upload-fragment-resume",
        "explicit-upload-commit",
    }
    assert {e.request.method for e in operation.examples} == {"POST", "PUT", "DELETE", "GET"}
    piece = examples["upload-fragment-piece"]
    assert piece.request.body is None
    assert piece.request.body_raw == "<bytes 0-25 of the file>"
    assert piece.request.headers == {"Content-Length": "26", "Content-Range": "bytes 0-25/128"}
    assert piece.request.annotation is not None and piece.request.annotation["opaqueUrl"] is True
    assert piece.response is not None and piece.response.status == 202
    assert examples["upload-fragment-final"].request.body_raw == "<final bytes of the file>"
    for line in (157, 229):
        assert "GD241" in codes_at(model, line)
    commit = examples["explicit-upload-commit"]
    assert (commit.request.method, commit.request.url) == ("PUT", "/me/drive/root:/{path_to_file}")
    assert commit.request.headers["If-Match"] == "{etag or ctag}"
    assert commit.request.body["@microsoft.graph.sourceUrl"] == "{upload session URL}"
    cancel = examples["upload-fragment-cancel"]
    assert cancel.response is not None and cancel.response.status == 204
    # The 409 conflict block stands alone under its own H2: no request to pair with.
    assert "GD246" in codes_at(model, 277)


# 5. beta/resources/enums-callrecords.md --------------------------------------------------


def test_enums_callrecords_single_column_tables() -> None:
    model = model_of("beta/resources/enums-callrecords.md")
    names = [t.name for t in model.types]
    assert names == [
        f"microsoft.graph.callRecords.{name}"
        for name in (
            "callType", "clientPlatform", "failureStage", "mediaStreamDirection", "modality",
            "networkConnectionType", "productFamily", "pstnCallDurationSource", "serviceRole",
            "userFeedbackRating", "wifiBand", "wifiRadioType",
        )
    ]  # fmt: skip
    assert all(t.kind == "enum" and not t.properties for t in model.types)
    call_type = type_of(model, "microsoft.graph.callRecords.callType")
    assert [(m.name, m.value, m.source.line) for m in call_type.members] == [
        ("unknown", None, 18),
        ("groupCall", None, 19),
        ("peerToPeer", None, 20),
        ("unknownFutureValue", None, 21),
    ]
    assert len(type_of(model, "microsoft.graph.callRecords.serviceRole").members) == 22
    duration = type_of(model, "microsoft.graph.callRecords.pstnCallDurationSource")
    assert [m.name for m in duration.members] == ["microsoft", "operator"]
    assert model.pages[0].kind == "enum"
    assert not [d for d in model.diagnostics if d.severity != "info"]


def test_enums_callrecords_namespace_annotation() -> None:
    doc = doc_of("beta/resources/enums-callrecords.md")
    assert doc.namespace == "microsoft.graph.callRecords"
    assert doc.page_annotation is not None
    assert doc.page_annotation.data == {
        "type": "#page.annotation",
        "namespace": "microsoft.graph.callRecords",
    }


# 6. beta/resources/printercapabilities.md ------------------------------------------------


def test_printercapabilities_mismatched_delimiter_table_is_read_and_diagnosed() -> None:
    model = model_of("beta/resources/printercapabilities.md")
    mismatches = [(d.line, d.severity) for d in diagnostics(model, "GD302")]
    assert mismatches == [(50, "warning"), (58, "warning")]
    feed = type_of(model, "microsoft.graph.printerFeedOrientation")
    assert feed.kind == "enum"
    assert [(m.name, m.value, m.source.line) for m in feed.members] == [
        ("longEdgeFirst", 0, 52),
        ("shortEdgeFirst", 1, 53),
        ("unknownFutureValue", 2, 54),
    ]
    assert feed.members[2].description == "Evolvable enumeration sentinel value. Do not use."
    quality = type_of(model, "microsoft.graph.printQuality")
    assert [m.name for m in quality.members] == ["low", "medium", "high", "unknownFutureValue"]


def test_printercapabilities_type_stays_complex_with_enum_typed_properties() -> None:
    model = model_of("beta/resources/printercapabilities.md")
    capabilities = type_of(model, "microsoft.graph.printerCapabilities")
    assert (capabilities.kind, capabilities.members) == ("complex", [])
    assert len(capabilities.properties) == 26
    by_name = {p.name: p for p in capabilities.properties}
    assert (by_name["feedOrientations"].type, by_name["feedOrientations"].collection) == (
        "microsoft.graph.printerFeedOrientation",
        True,
    )
    assert by_name["orientations"].type == "microsoft.graph.printOrientation"
    assert type_of(model, "microsoft.graph.printOrientation").kind == "enum"
    assert by_name["dpis"].type == "Edm.Int32" and by_name["dpis"].collection
    unresolved = {d.line for d in diagnostics(model, "GD410")}
    assert unresolved == {29}  # integerRange lives on another page


# 7. v1.0/api/authentication-list-methods.md ----------------------------------------------


def test_authentication_list_methods_header_narrower_than_delimiter() -> None:
    model = model_of("v1.0/api/authentication-list-methods.md")
    assert [d.line for d in diagnostics(model, "GD302")] == [32]
    operation = only_operation(model)
    assert [(p.kind, p.source.line) for p in operation.permissions] == [
        ("delegated-work", 26),
        ("delegated-personal", 27),
        ("application", 28),
        ("delegated-work", 34),
        ("delegated-personal", 35),
        ("application", 36),
    ]
    assert operation.permissions[5].scopes == [
        "UserAuthenticationMethod.Read.All",
        "UserAuthenticationMethod.ReadWrite.All",
    ]
    assert operation.permissions[2].scopes == []  # "Not supported."
    assert operation.paths == [
        "/me/authentication/methods",
        "/users/{id | userPrincipalName}/authentication/methods",
    ]
    assert (operation.response.status, operation.response.collection) == (200, True)


# 8. v1.0/resources/invitation.md ---------------------------------------------------------


def test_invitation_escaped_pipe_and_html_cell() -> None:
    model = model_of("v1.0/resources/invitation.md")
    invitation = type_of(model, "microsoft.graph.invitation")
    [email] = [p for p in invitation.properties if p.name == "invitedUserEmailAddress"]
    assert email.source.line == 36
    assert email.type == "Edm.String"
    assert "<li>Pipe (`|`)</li>" in email.description
    assert "\\|" not in email.description
    assert email.description.endswith(
        "This includes at the beginning or end of the name.</li></ul>"
    )
    assert email.required
    assert not [c for c in codes_at(model, 36) if c.startswith("GD3")]


def test_invitation_link_missing_its_closing_parenthesis(v1_resources: ApiModel) -> None:
    # Row 37: `[invitedUserMessageInfo](invitedusermessageinfo.md` has no `)`.
    invitation = type_of(v1_resources, "microsoft.graph.invitation")
    [info] = [p for p in invitation.properties if p.name == "invitedUserMessageInfo"]
    assert info.type == "microsoft.graph.invitedUserMessageInfo"
    assert "GD312" in codes_at(v1_resources, 37, "invitation.md")
    assert "GD410" not in codes_at(v1_resources, 37, "invitation.md")
    assert [p.name for p in invitation.properties if p.navigation] == ["invitedUser"]


# 9. beta/resources/personOrGroupColumn.md ------------------------------------------------


def test_person_or_group_column_pipe_in_code_span() -> None:
    model = model_of("beta/resources/personOrGroupColumn.md")
    assert model.pages[0].path == "personOrGroupColumn.md"
    column = type_of(model, "microsoft.graph.personOrGroupColumn")
    assert [(p.name, p.type) for p in column.properties] == [
        ("allowMultipleSelection", "Edm.Boolean"),
        ("displayAs", "Edm.String"),
        ("chooseFromType", "Edm.String"),
    ]
    # `## displayAs values` lists the values of the String property `displayAs` (the
    # service has no enum of that name): they stay on the property.
    display_as = next(p for p in column.properties if p.name == "displayAs")
    assert len(display_as.values) == 18
    account = display_as.values[0]
    assert (account.name, account.source.line) == ("account", 43)
    assert "`i:0#.f|membership|jane@contoso.com`" in account.description
    [repair] = [d for d in diagnostics(model, "GD301") if d.line == 43]
    assert "code span" in repair.message
    assert [t.name for t in model.types] == ["microsoft.graph.personOrGroupColumn"]


# 10. beta/api/intune-deviceconfig-windowsdeliveryoptimizationconfiguration-create.md -------

DELIVERY = "beta/api/intune-deviceconfig-windowsdeliveryoptimizationconfiguration-create.md"


def test_intune_continuation_lines_continue_the_description_cell() -> None:
    model = model_of(DELIVERY)
    operation = only_operation(model)
    assert operation.request_body is not None
    properties = operation.request_body.properties
    # 34 lines between 52 and 85, six of which continue the row above.
    assert len(properties) == 28
    assert all(" " not in p.name for p in properties)
    by_name = {p.name: p for p in properties}
    restrict = by_name["restrictPeerSelectionBy"]
    assert restrict.source.line == 64
    assert restrict.description == (
        "Specifies to restrict peer selection via selected option. Option 1 (Subnet mask) only "
        "applies to Delivery Optimization modes Download Mode LAN (1) and Group (2). Possible "
        "values are: `notConfigured`, `subnetMask`."
    )
    assert restrict.type == "microsoft.graph.deliveryOptimizationRestrictPeerSelectionByOptions"
    foreground = by_name["foregroundDownloadFromHttpDelayInSeconds"]
    assert foreground.type == "Edm.Int64"
    assert foreground.description.endswith(
        "Specifying 0 sets Delivery Optimization to manage this setting using the cloud "
        "service. Valid values 0 to 86400"
    )
    continued = [(d.line, d.table_row) for d in diagnostics(model, "GD307")]
    assert continued == [(line, True) for line in (65, 67, 71, 74, 76, 78)]
    assert not diagnostics(model, "GD305")


# 11. beta/api/intune-deviceconfig-ioscustomconfiguration-create.md -----------------------

IOS_CUSTOM = "beta/api/intune-deviceconfig-ioscustomconfiguration-create.md"


def test_unescaped_pipe_in_prose_is_folded_into_the_description() -> None:
    model = model_of(IOS_CUSTOM)
    operation = only_operation(model)
    assert operation.request_body is not None
    properties = {p.name: p for p in operation.request_body.properties}
    assert len(properties) == 14
    assert (
        properties["payloadFileName"].description == "Payload file name (*.mobileconfig | *.xml)."
    )
    assert properties["payloadFileName"].type == "Edm.String"
    assert properties["payload"].type == "Edm.Binary"
    [folded] = [d for d in diagnostics(model, "GD301") if d.line == 64]
    assert "folded into the last column" in folded.message


def test_unannotated_intune_examples_are_extracted() -> None:
    operation = only_operation(model_of(IOS_CUSTOM))
    assert operation.paths == [
        "/deviceManagement/deviceConfigurations",
        "/deviceManagement/deviceConfigurations/{deviceConfigurationId}"
        "/microsoft.graph.windowsDomainJoinConfiguration/networkAccessConfigurations",
    ]
    [example] = operation.examples
    assert example.name is None
    assert example.request.annotation is None
    assert (example.request.method, example.request.source.line) == ("POST", 76)
    assert example.request.body["payload"] == "cGF5bG9hZA=="
    assert example.response is not None
    assert (example.response.status, example.response.source.line) == (201, 119)
    assert example.response.annotation is None
    assert example.response.body["@odata.type"] == "#microsoft.graph.iosCustomConfiguration"
    assert (operation.response.status, operation.response.type) == (
        201,
        "microsoft.graph.iosCustomConfiguration",
    )
    assert [p.kind for p in operation.permissions] == [
        "delegated-work", "delegated-personal", "application",
    ]  # fmt: skip


# 12. beta/resources/call.md --------------------------------------------------------------


def test_call_row_without_leading_pipe() -> None:
    model = model_of("beta/resources/call.md")
    call = type_of(model, "microsoft.graph.call")
    lines = [p.source.line for p in call.properties]
    assert lines == [*range(71, 97), 102, 103, 104]
    by_name = {p.name: p for p in call.properties}
    participant = by_name["myParticipantId"]
    assert (participant.source.line, participant.type) == (85, "Edm.String")
    assert participant.description == "Read-only."
    assert participant.read_only


def test_call_enum_type_cells_resolve_to_qualified_enums(beta_tree: ApiModel) -> None:
    call = type_of(beta_tree, "microsoft.graph.call")
    by_name = {p.name: p for p in call.properties}
    for name in ("activeModalities", "requestedModalities"):
        assert by_name[name].type_text == "modality collection"
        assert (by_name[name].type, by_name[name].collection) == ("microsoft.graph.modality", True)
    assert type_of(beta_tree, "microsoft.graph.modality").kind == "enum"
    assert by_name["direction"].type == "microsoft.graph.callDirection"
    assert by_name["state"].type == "microsoft.graph.callState"
    # `routingPolicy collection collection`: the doubled word still makes one collection.
    assert (by_name["routingPolicies"].type, by_name["routingPolicies"].collection) == (
        "microsoft.graph.routingPolicy",
        True,
    )
    assert type_of(beta_tree, "microsoft.graph.routingPolicy").kind == "enum"
    # `[appHostedMediaConfig](...) or [serviceHostedMediaConfig](...)`: a union, typed by
    # the alternatives' common base; the cell is still flagged as more than one type.
    assert by_name["mediaConfig"].type == "microsoft.graph.mediaConfig"
    assert by_name["mediaConfig"].alternatives == [
        "microsoft.graph.appHostedMediaConfig", "microsoft.graph.serviceHostedMediaConfig"
    ]
    assert "GD312" in codes_at(beta_tree, 80, "resources/call.md")
    assert not [
        d for d in beta_tree.diagnostics if d.path == "resources/call.md" and d.code == "GD410"
    ]


# 13. beta/resources/parentalcontrolsettings.md -------------------------------------------


def test_html_table_inside_a_property_cell() -> None:
    model = model_of("beta/resources/parentalcontrolsettings.md")
    settings = type_of(model, "microsoft.graph.parentalControlSettings")
    assert [(p.name, p.type, p.collection) for p in settings.properties] == [
        ("countriesBlockedForMinors", "Edm.String", True),
        ("legalAgeGroupRule", "Edm.String", False),
    ]
    rule = settings.properties[1].description
    assert rule.startswith("Specifies the legal age group rule")
    assert "<table><tr><th>Value</th><th>Description</th></tr>" in rule
    assert rule.endswith("<td>Blocks minors from using the app.</td></tr></table>")
    assert not model.diagnostics


# 14. beta/api/team-get.md ----------------------------------------------------------------


def test_blockquote_directly_under_a_table_ends_it() -> None:
    model = model_of("beta/api/team-get.md")
    operation = only_operation(model)
    assert [p.source.line for p in operation.permissions] == [23, 24, 25]
    application = operation.permissions[2]
    assert application.kind == "application"
    # `TeamSettings.Read.Group*`: the asterisk points at the note under the table.
    assert application.scopes[:2] == ["TeamSettings.Read.Group", "TeamSettings.ReadWrite.Group"]
    assert len(application.scopes) == 9
    assert not any(26 in (d.line,) for d in model.diagnostics)
    [example] = operation.examples
    assert example.name == "get_team"
    assert example.response is not None and example.response.type == "microsoft.graph.team"


# 15. beta/api/unifiedrolemanagementpolicyrule-update.md ----------------------------------


def test_commented_out_example_is_not_extracted_and_fences_balance() -> None:
    doc = doc_of("beta/api/unifiedrolemanagementpolicyrule-update.md")
    assert [(f.fence.line, f.fence.end_line, f.role) for f in doc.fences] == [
        (30, 33, "syntax"),
        (67, 78, "request"),
        (106, 109, "response"),
    ]
    assert all(f.fence.closed for f in doc.fences)
    assert doc.page_annotation is None  # the commented JSON is not a page annotation
    model = model_of("beta/api/unifiedrolemanagementpolicyrule-update.md")
    assert not diagnostics(model, "GD220")
    assert [d.line for d in diagnostics(model, "GD205")] == [110]
    operation = only_operation(model)
    assert operation.paths == [
        "/policies/roleManagementPolicies/{unifiedRoleManagementPolicyId}/rules/"
        "{unifiedRoleManagementPolicyRuleId}",
        "/policies/roleManagementPolicies/{unifiedRoleManagementPolicyId}/effectiveRules/"
        "{unifiedRoleManagementPolicyRuleId}",
    ]
    [example] = operation.examples
    assert example.response is not None
    assert (example.response.status, example.response.body, example.response.body_raw) == (
        204,
        None,
        None,
    )
    assert operation.request_body is not None
    assert [p.name for p in operation.request_body.properties] == ["id", "target"]


# 16. v1.0/api/rangeformat-update.md ------------------------------------------------------


def test_page_annotation_with_raw_newlines_in_suppressions() -> None:
    doc = doc_of("v1.0/api/rangeformat-update.md")
    annotation = doc.page_annotation
    assert annotation is not None
    assert (annotation.line, annotation.end_line, annotation.strict) == (567, 577, False)
    assert "raw control character in a string" in annotation.repairs
    [suppression] = annotation.data["suppressions"]
    assert suppression.startswith("Error: update_rangeformat_font_three/underline:\n")
    assert "Expected type String but actual was Single." in suppression
    model = model_of("v1.0/api/rangeformat-update.md")
    assert "GD202" in codes_at(model, 567)


def test_rangeformat_update_many_examples() -> None:
    operation = only_operation(model_of("v1.0/api/rangeformat-update.md"))
    assert operation.method == "PATCH"
    assert len(operation.paths) == 6
    assert (
        "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')/format"
        in (operation.paths)
    )
    names = [e.name for e in operation.examples]
    assert names == [
        f"update_rangeformat{suffix}{number}"
        for number in ("", "_two", "_three")
        for suffix in ("", "_font", "_fill")
    ]
    response_types = [e.response.type if e.response else None for e in operation.examples]
    assert response_types == [
        f"microsoft.graph.workbookRange{kind}"
        for _ in range(3)
        for kind in ("Format", "Font", "Fill")
    ]
    assert all(e.response is not None and e.response.status == 200 for e in operation.examples)
    font_three = example_named(operation, "update_rangeformat_font_three")
    assert font_three.request.body == {"underline": "Single", "color": "#FFFFFF", "size": 26}
    assert operation.request_body is not None
    assert [p.name for p in operation.request_body.properties] == [
        "columnWidth", "horizontalAlignment", "rowHeight", "verticalAlignment", "wrapText",
    ]  # fmt: skip


# 17. beta/api/governanceroleassignment-list.md -------------------------------------------


def test_annotation_attaches_across_a_heading_and_ellipsis_is_truncation() -> None:
    doc = doc_of("beta/api/governanceroleassignment-list.md")
    request = next(f for f in doc.fences if f.role == "request")
    assert request.fence.line == 81
    assert request.annotation is not None and request.annotation.line == 75
    model = model_of("beta/api/governanceroleassignment-list.md")
    operation = only_operation(model)
    assert operation.paths == [
        "/privilegedAccess/azureResources/resources/{resourceId}/roleAssignments",
        "/privilegedAccess/azureResources/roleAssignments",
    ]
    [example] = operation.examples
    assert example.name == "get_governanceroleassignments"
    response = example.response
    assert response is not None and response.truncated
    assert (response.type, response.collection) == (
        "microsoft.graph.governanceRoleAssignment",
        True,
    )
    assert [item["id"] for item in response.body["value"]] == [
        "20f4157d-5837-4356-9630-ebd3a832f227",
        "e327f4be-42a0-47a2-8579-0a39b025b394",
    ]
    [warning] = [d for d in diagnostics(model, "GD243") if d.line == 91]
    assert "ellipsis truncation" in warning.message
    # The `...` alone marks the body truncated, whatever the annotation says.
    fence = next(f for f in doc.fences if f.role == "response")
    parsed = parse_response(fence.fence.lines)
    assert parsed is not None
    body = read_body(parsed.body, parsed.headers.get("Content-type"))
    assert body.truncated and body.json and not body.strict


# 18. beta/api/event-delta.md -------------------------------------------------------------


def test_indented_annotations_and_fences_in_lists() -> None:
    doc = doc_of("beta/api/event-delta.md")
    syntax = [f for f in doc.fences if f.role == "syntax"]
    assert [f.fence.line for f in syntax] == [56, 66, 76, 86, 114, 121, 129]
    assert all(f.fence.indent == 2 for f in syntax)
    assert all(f.annotation is not None and f.annotation.block_type == "ignored" for f in syntax)
    assert syntax[0].fence.lines[0] == "GET /me/events/delta "
    operation = only_operation(model_of("beta/api/event-delta.md"))
    assert len(operation.paths) == 13
    assert operation.paths[:2] == [
        "/me/events/delta",
        "/users/{id | userPrincipalName}/events/delta",
    ]
    assert operation.paths[-1] == "/groups/{id}/calendarView"
    # The group-calendar syntax sits in a commented-out section.
    assert "/groups/{id}/events/delta" not in operation.paths


def test_event_delta_examples() -> None:
    model = model_of("beta/api/event-delta.md")
    operation = only_operation(model)
    assert [e.name for e in operation.examples] == [
        "event_delta_events",
        "event_delta_calendarview",
    ]
    first = operation.examples[0]
    # `Prefer:` comes after a blank line, yet it is a header, not a body.
    assert first.request.headers == {"Prefer": "odata.maxpagesize=1"}
    assert first.request.body_raw is None
    # The response is indented with U+202F NARROW NO-BREAK SPACEs.
    assert first.response is not None
    assert first.response.body["value"][0]["type"] == "singleInstance"
    [warning] = [d for d in diagnostics(model, "GD243") if d.line == 206]
    assert "non-breaking space" in warning.message
    query = [p.name for p in operation.parameters if p.in_ == "query"]
    assert query == ["startDateTime", "endDateTime", "$deltatoken", "$skiptoken"]


# 19. beta/api/calendar-get.md ------------------------------------------------------------


def test_prose_between_annotation_and_syntax_fence() -> None:
    doc = doc_of("beta/api/calendar-get.md")
    first = doc.fences[0]
    assert (first.fence.line, first.role) == (37, "syntax")
    assert first.annotation is not None and first.annotation.line == 35
    model = model_of("beta/api/calendar-get.md")
    operation = only_operation(model)
    assert operation.paths == [
        "/me/calendar",
        "/users/{id | userPrincipalName}/calendar",
        "/groups/{id}/calendar",
        "/me/calendars/{id}",
        "/users/{id | userPrincipalName}/calendars/{id}",
        "/me/calendarGroups/{id}/calendars/{id}",
        "/users/{id | userPrincipalName}/calendarGroups/{id}/calendars/{id}",
    ]
    # The permission table is a matrix (Calendar x permission type): kept verbatim.
    assert operation.permissions == []
    [matrix] = model.pages[0].tables
    assert matrix.header[0] == "Calendar"
    assert [row.line for row in matrix.rows] == [30, 31]


# 20. beta/api/intune-mam-managedappprotection-targetapps.md ------------------------------


def test_blank_line_between_request_line_and_headers() -> None:
    model = model_of("beta/api/intune-mam-managedappprotection-targetapps.md")
    operation = only_operation(model)
    [example] = operation.examples
    request = example.request
    assert request.source.line == 64
    assert request.headers == {"Content-type": "application/json", "Content-length": "336"}
    assert request.body["apps"][0]["version"] == "Version value"
    [note] = [d for d in diagnostics(model, "GD244") if d.line == 64]
    assert "blank line between the start line and the headers" in note.message
    assert example.response is not None and example.response.status == 204
    assert operation.request_body is not None
    [apps] = operation.request_body.properties
    assert (apps.name, apps.type, apps.collection) == (
        "apps",
        "microsoft.graph.managedMobileApp",
        True,
    )
    assert operation.response.status == 204


# 21. beta/api/event-post-attachments.md --------------------------------------------------


def test_status_lines_without_http_version() -> None:
    model = model_of("beta/api/event-post-attachments.md")
    operation = only_operation(model)
    # The groups path is commented out under the syntax block.
    assert operation.paths == [
        "/me/events/{id}/attachments",
        "/users/{id | userPrincipalName}/events/{id}/attachments",
    ]
    assert [e.name for e in operation.examples] == [
        "create_file_attachment_from_event_beta",
        "create_item_attachment_from_event",
        "create_reference_attachment_from_event",
    ]
    responses = [e.response for e in operation.examples]
    assert [(r.status, r.source.line) for r in responses if r is not None] == [
        (201, 112),
        (201, 180),
        (201, 254),
    ]
    assert [r.type for r in responses if r is not None] == [
        "microsoft.graph.fileAttachment",
        "microsoft.graph.itemAttachment",
        "microsoft.graph.referenceAttachment",
    ]
    versionless = [d.line for d in diagnostics(model, "GD244") if "HTTP version" in d.message]
    assert versionless == [112, 180, 254]
    assert operation.request_body is not None
    assert operation.request_body.type == "microsoft.graph.attachment"


# 22. beta/api/reportroot-getemailactivitycounts.md ---------------------------------------


def test_function_call_path_302_and_csv_body() -> None:
    model = model_of("beta/api/reportroot-getemailactivitycounts.md")
    operation = only_operation(model)
    assert operation.paths == ["/reports/getEmailActivityCounts(period='{period_value}')"]
    assert operation.response.status == 302
    [period] = [p for p in operation.parameters if p.in_ == "function"]
    assert (period.name, period.type) == ("period", "Edm.String")
    csv, json_example = operation.examples
    assert csv.name == "reportroot_getemailactivitycounts_csv"
    assert csv.request.url.endswith("getEmailActivityCounts(period='D7')?$format=text/csv")
    assert csv.response is not None
    assert csv.response.body is None
    assert (
        csv.response.body_raw == "Report Refresh Date,Send,Receive,Read,Report Date,Report Period"
    )
    assert csv.response.type == "Edm.Stream"
    [note] = [d for d in diagnostics(model, "GD241") if d.line == 120]
    assert "application/octet-stream" in note.message
    assert json_example.response is not None
    assert json_example.response.type == "microsoft.graph.emailActivitySummary"
    assert json_example.response.body["value"][0]["send"] == 504


# 23. beta/api/page-update.md -------------------------------------------------------------


def test_single_quoted_json_array_body() -> None:
    model = model_of("beta/api/page-update.md")
    operation = only_operation(model)
    [example] = operation.examples
    assert example.request.body == [
        {
            "target": "#para-id",
            "action": "insert",
            "position": "before",
            "content": '<img src="image-url-or-part-name" alt="image-alt-text" />',
        },
        {"target": "#list-id", "action": "append", "content": "<li>new-page-content</li>"},
    ]
    [warning] = [d for d in diagnostics(model, "GD243") if d.line == 55]
    assert "single quotes" in warning.message
    # "supply an array of [patchContentCommand](...) objects"
    assert operation.request_body is not None
    assert (operation.request_body.type, operation.request_body.collection) == (
        "microsoft.graph.patchContentCommand",
        True,
    )
    assert operation.response.status == 204


# 24. beta/api/workforceintegration-post.md -----------------------------------------------


def test_smart_quotes_and_unbalanced_braces() -> None:
    model = model_of("beta/api/workforceintegration-post.md")
    operation = only_operation(model)
    assert [e.request.source.line for e in operation.examples] == [65, 135, 184]
    third = operation.examples[2]
    # `"method": "GET”,` and `"url": “/shifts/...”`
    assert third.request.body == {
        "requests": [
            {
                "id": "{shiftId}",
                "method": "GET",
                "url": "/shifts/{shiftId}/requestableShifts?requestType={requestType}"
                "&startDateTime={startDateTime}&endDateTime={endDateTime}",
            }
        ]
    }
    [smart] = [d for d in diagnostics(model, "GD243") if d.line == 184]
    assert "smart quotes" in smart.message
    # The response's `"body": { "SHFT_...", "SHFT_..." }` is not JSON at all: kept raw.
    assert third.response is not None
    assert third.response.body is None
    assert third.response.body_raw is not None
    assert '"SHFT_6548f642-cbc1-4228-8621-054327576457"' in third.response.body_raw
    [broken] = [d for d in diagnostics(model, "GD243") if d.line == 200]
    assert "unreadable JSON" in broken.message


# 25. beta/api/application-post-calls.md --------------------------------------------------


def test_application_post_calls_many_examples_with_trailing_commas() -> None:
    path = page_file("beta/api/application-post-calls.md")
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1455
    model = model_of("beta/api/application-post-calls.md")
    operation = only_operation(model)
    assert operation.paths == ["/app/calls", "/communications/calls"]
    assert len(operation.examples) == 16
    named = [e.name for e in operation.examples if e.name]
    assert named == [
        "create-call-service-hosted-media-1",
        "create-call-app-hosted-media",
        "join-meeting-service-hosted-media",
        "join-meeting-app-hosted-media",
        "join-channel-meeting-service-hosted-media",
        "join-channel-meeting-as-guest-service-hosted-media",
        "create-call-service-hosted-media-2",
        "create-call-service-hosted-media-3",
    ]
    notifications = [
        e for e in operation.examples if e.request.url == "https://bot.contoso.com/callback"
    ]
    assert len(notifications) == 6
    trailing = sorted(d.line for d in diagnostics(model, "GD243") if "trailing comma" in d.message)
    # e.g. `"blob": "<Media Session Configuration>",` closing `mediaConfig` at line 926.
    assert trailing == [122, 355, 569, 634, 913, 965, 1022, 1150, 1213, 1309, 1373]
    for example in operation.examples:
        response = example.response
        if response is not None:
            assert response.status == 201
            assert isinstance(response.body, dict), response.source.line


def test_application_post_calls_example_blocks_holding_whole_requests() -> None:
    # Examples 6-8 annotate full HTTP requests with `"blockType": "example"`.
    operation = only_operation(model_of("beta/api/application-post-calls.md"))
    lines = {e.request.source.line: e for e in operation.examples}
    for line, name in (
        (913, "join-meeting-app-hosted-media"),
        (965, "join-channel-meeting-service-hosted-media"),
        (1022, "join-channel-meeting-as-guest-service-hosted-media"),
    ):
        example = lines[line]
        assert example.name == name
        assert example.request.method == "POST"
        assert example.request.url == "https://graph.microsoft.com/beta/communications/calls"
        assert isinstance(example.request.body, dict)
        assert example.request.body["@odata.type"] == "#microsoft.graph.call"
