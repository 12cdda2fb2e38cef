"""Operations from api pages.

An api page documents one operation per HTTP method in its syntax block (usually just
one), reachable through every path the block lists; a method whose lines address both an
item and its raw content (`/$value`, `/content`) is two operations, the item's and the
content's (their responses differ: JSON, bytes). Its tables give permissions, headers,
query, path and function parameters, and the request body; its Response prose gives the
status and the returned type; its examples come from `graphdoc.model.examples`.
"""

from __future__ import annotations

import posixpath
import re

from ..diagnostics import (
    NO_REQUEST,
    NO_SYNTAX_BLOCK,
    PLACEHOLDER_TARGET,
    SYNTAX_LINE_NOT_REQUEST,
)
from ..read.http import REQUEST_LINE, addresses_content, is_placeholder_target, path_of
from ..read.page import PageDoc
from ..read.typecell import TypeCell, parse_type_cell
from .examples import read_examples
from .resource import PendingRefs, keep_raw
from .rows import (
    PendingType,
    columns_of,
    parameter_from_row,
    permission_from_row,
    property_from_row,
)
from .types import (
    ErrorRow,
    Example,
    Operation,
    Parameter,
    Permission,
    Property,
    RequestBody,
    ResponseSpec,
    Source,
)

_STATUS = re.compile(r"`\s*(\d{3})\b[^`]*`")
# An inline link `[text](target)` or a reference-style one `[text][ref]` / `[text][]`.
_LINKED_TYPE = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)|\[([^\]]+)\]\[([^\]]*)\]")
_COLLECTION_WORDS = re.compile(r"collection of|collection\b|\barray of", re.IGNORECASE)
_PARAMETER_KINDS = {"headers": "header", "query": "query", "path": "path", "function": "function"}

PendingParameters = list[tuple[Parameter, PendingType]]


def operation_ids(path: str, taken: set[str]) -> str:
    """A stable id from the page's file name, unique within the model."""
    stem = posixpath.splitext(posixpath.basename(path))[0].lower()
    candidate = stem
    number = 2
    while candidate in taken:
        candidate = f"{stem}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def _syntax_lines(doc: PageDoc) -> list[tuple[str, str, int]]:
    """(method, path, line) for every request line of the page's syntax blocks."""
    found: list[tuple[str, str, int]] = []
    for fenced in doc.fences:
        if fenced.role != "syntax":
            continue
        for offset, line in enumerate(fenced.fence.lines, start=1):
            text = line.strip()
            if not text:
                continue
            match = REQUEST_LINE.match(text)
            number = fenced.fence.line + offset
            if match is None:
                if text.lower() not in ("or",):
                    doc.diagnose(
                        number, SYNTAX_LINE_NOT_REQUEST,
                        f"line in an HTTP syntax block is not a request: `{text[:60]}`",
                    )
                continue
            found.append((match.group(1), _target(doc, match.group(2), number), number))
    return found


def _target(doc: PageDoc, url: str, line: int) -> str:
    """The path a request line documents; "" (the method without a path) for a target
    that is a converter's placeholder text, named in a diagnostic."""
    path = path_of(url)
    if not is_placeholder_target(path):
        return path
    doc.diagnose(
        line, PLACEHOLDER_TARGET,
        f"request target `{url.strip()[:80]}` is not a URL; no path taken from it",
    )
    return ""


def _type_links(text: str, references: dict[str, str]) -> list[tuple[re.Match[str], TypeCell]]:
    """The links of a prose line as type cells; reference-style ones resolved through the
    page's `[ref]: target` definitions (`[Drive resource][drive-resource]` in drive-get.md).

    A reference-style link is read as the inline link `[label](target)` it stands for, not
    by `parse_type_cell` with the references: that looks the key up after cleaning the cell
    and takes the target whole, where a target such as `ms428806(v=office.15)` must read the
    way an inline link does (columndefinition.md).
    """
    found: list[tuple[re.Match[str], TypeCell]] = []
    for link in _LINKED_TYPE.finditer(text):
        cell = link.group(0)  # `[label](target)` as written for an inline link
        label = link.group(3)
        if label is not None:
            target = references.get((link.group(4) or label).strip().lower())
            if not target:
                continue
            cell = f"[{label}]({target})"
        found.append((link, parse_type_cell(cell)))
    return found


def _response_spec(
    doc: PageDoc, examples: list[Example], pending: list[tuple[ResponseSpec, PendingType]]
) -> ResponseSpec:
    spec = ResponseSpec(status=None, type=None, collection=False)
    for text in doc.texts:
        if text.section != "response":
            continue
        if spec.status is None:
            status = _STATUS.search(text.text)
            if status:
                spec.status = int(status.group(1))
        if spec.type is None:
            for link, cell in _type_links(text.text, doc.scanned.reference_links):
                target = cell.target or ""
                if "/resources/" in target or (target.endswith(".md") and "/api/" not in target):
                    if not cell.understood:
                        continue
                    spec.type = cell.name
                    before = text.text[: link.start()]
                    after = text.text[link.end() : link.end() + 20]
                    spec.collection = bool(
                        _COLLECTION_WORDS.search(before[-40:]) or _COLLECTION_WORDS.search(after)
                    )
                    pending.append((spec, PendingType(cell, doc.path, doc.namespace, text.line)))
                    break
    for example in examples:
        response = example.response
        if response is None:
            continue
        if spec.status is None:
            spec.status = response.status
        if spec.type is None and response.type:
            spec.type = response.type
            spec.collection = response.collection
    return spec


# A media type as a Content-Type row writes it: `application/json`, `text/plain`,
# `application/vnd.ms-excel`, `multipart/form-data`.
_MEDIA_TYPE = re.compile(
    r"\b(?:application|text|image|audio|video|multipart|message)/[a-z0-9][\w.+-]*", re.I
)


def _documented_media(parameters: list[Parameter]) -> list[str]:
    """The media types the Content-Type header row names, in its Value column or its
    description ("Use `application/json` for a JSON object and `text/plain` for MIME
    content"), lower case, in order."""
    found: list[str] = []
    for parameter in parameters:
        if parameter.in_ != "header" or parameter.name.strip().lower() != "content-type":
            continue
        for text in (parameter.value or "", parameter.description):
            for match in _MEDIA_TYPE.finditer(text):
                media = match.group(0).lower().rstrip(".")
                if media not in found:
                    found.append(media)
    return found


def _request_body_type(
    doc: PageDoc, pending: list[tuple[RequestBody, PendingType]], body: RequestBody
) -> None:
    for text in doc.texts:
        if text.section != "request body":
            continue
        lowered = text.text.lower()
        links = _type_links(text.text, doc.scanned.reference_links)
        if not links or "supply" not in lowered:
            continue
        link, cell = links[0]
        before = text.text[: link.start()][-40:]
        # "supply a JSON representation of [x]", or "supply an array of [x] objects".
        if "representation" in lowered or _COLLECTION_WORDS.search(before):
            body.type = cell.name
            body.collection = bool(_COLLECTION_WORDS.search(before))
            pending.append((body, PendingType(cell, doc.path, doc.namespace, text.line)))
            return


def operations_from_page(
    doc: PageDoc,
    taken: set[str],
    refs: PendingRefs,
    parameter_refs: PendingParameters,
    body_refs: list[tuple[RequestBody, PendingType]],
    response_refs: list[tuple[ResponseSpec, PendingType]],
) -> list[Operation]:
    """The page's operations; tables the model has no place for are kept raw."""
    examples = read_examples(doc)
    syntax = _syntax_lines(doc)
    if not syntax:
        for example in examples:
            line = example.request.source.line
            syntax.append((example.request.method, _target(doc, example.request.url, line), line))
        if syntax:
            doc.diagnose(
                doc.title_line, NO_SYNTAX_BLOCK, "no HTTP syntax block; paths taken from examples"
            )
    if not syntax:
        if doc.kind == "api":
            doc.diagnose(doc.title_line, NO_REQUEST, "api page documents no request")
        for table in doc.tables:
            keep_raw(doc, table)
        return []
    # One operation per method, and per kind of path: a method whose lines address both an
    # item and its raw content (`/me/messages/{id}` and `.../{id}/$value`) is two requests
    # with two responses (the item's JSON, the content's bytes).
    lines = [(method, addresses_content(path), path, line) for method, path, line in syntax]
    groups: list[tuple[str, bool]] = []
    for method, content, _, _ in lines:
        if (method, content) not in groups:
            groups.append((method, content))
    methods = [method for method, _ in groups]
    # The Response prose ("returns a message object") describes the item, not its content.
    described = next((i for i, (m, c) in enumerate(groups) if m == methods[0] and not c), 0)
    permissions: list[Permission] = []
    parameters: list[Parameter] = []
    body_properties: list[Property] = []
    errors: list[ErrorRow] = []
    for table in doc.tables:
        kind = table.kind
        if kind == "permissions" and table.table.columns[:1] == ["permission type"]:
            for row in table.table.rows:
                permission = permission_from_row(doc, row)
                if permission is not None:
                    permissions.append(permission)
        elif kind in _PARAMETER_KINDS:
            columns = columns_of(table.table)
            for row in table.table.rows:
                parameter = parameter_from_row(
                    doc, row, columns, _PARAMETER_KINDS[kind], parameter_refs  # type: ignore[arg-type]
                )
                if parameter is not None:
                    parameters.append(parameter)
        elif kind == "body":
            columns = columns_of(table.table)
            for row in table.table.rows:
                prop = property_from_row(doc, row, columns, navigation=False, pending=refs)
                if prop is not None:
                    body_properties.append(prop)
        elif kind == "errors":
            errors.extend(
                ErrorRow(row.cells, Source(doc.path, row.line)) for row in table.table.rows
            )
        else:
            keep_raw(doc, table)
    operations: list[Operation] = []
    for index, (method, content) in enumerate(groups):
        own = [(path, line) for m, c, path, line in lines if (m, c) == (method, content)]
        paths = list(dict.fromkeys(path for path, _ in own if path))
        first_line = own[0][1]
        split = methods.count(method) > 1
        own_examples = [
            e for e in examples
            if e.request.method == method
            and (not split or addresses_content(path_of(e.request.url)) == content)
        ]
        if index == 0:
            own_examples += [e for e in examples if e.request.method not in methods]
        # The page's tables describe its first method, both of its requests when it has two.
        tabled = method == methods[0]
        body = None
        if index == 0 and (body_properties or method in ("POST", "PATCH", "PUT")):
            body = RequestBody(
                type=None, collection=False, properties=body_properties,
                media_types=_documented_media(parameters),
            )
            _request_body_type(doc, body_refs, body)
        response = _response_spec(doc, own_examples, response_refs if index == described else [])
        operations.append(
            Operation(
                id=operation_ids(doc.path, taken),
                title=doc.title,
                method=method,
                paths=paths,
                parameters=list(parameters) if tabled else [],
                request_body=body,
                response=response,
                permissions=list(permissions) if tabled else [],
                examples=own_examples,
                source=Source(doc.path, first_line),
                errors=list(errors) if tabled else [],
            )
        )
    return operations
