"""Small model builders for the mock server tests."""

from __future__ import annotations

from typing import Any

from graphdoc.model.types import (
    ApiModel,
    Example,
    HttpRequest,
    HttpResponse,
    Operation,
    Property,
    RequestBody,
    ResponseSpec,
    Source,
)

SOURCE = Source("api/test.md", 1)


def operation(
    op_id: str,
    method: str,
    *paths: str,
    status: int | None = 200,
    response_type: str | None = None,
    collection: bool = False,
    request_body: RequestBody | None = None,
    examples: list[Example] | None = None,
) -> Operation:
    return Operation(
        id=op_id,
        title=op_id,
        method=method,
        paths=list(paths),
        parameters=[],
        request_body=request_body,
        response=ResponseSpec(status, response_type, collection),
        permissions=[],
        examples=examples or [],
        source=SOURCE,
    )


def example(
    name: str,
    method: str,
    url: str,
    *,
    status: int | None = 200,
    body: Any = None,
    body_raw: str | None = None,
    request_body: Any = None,
    request_headers: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Example:
    response = HttpResponse(
        status=status,
        headers=headers if headers is not None else {"Content-Type": "application/json"},
        body=body,
        body_raw=body_raw,
        truncated=False,
        type=None,
        collection=False,
        source=SOURCE,
    )
    request = HttpRequest(
        method=method,
        url=url,
        headers=request_headers or {},
        body=request_body,
        body_raw=None,
        source=SOURCE,
    )
    return Example(name, request, response)


def prop(
    name: str, type_name: str, *, collection: bool = False, required: bool = False
) -> Property:
    return Property(
        name=name,
        type=type_name,
        collection=collection,
        navigation=False,
        nullable=None,
        read_only=False,
        required=required,
        description="",
        source=SOURCE,
    )


def model(*operations: Operation) -> ApiModel:
    return ApiModel(operations=list(operations))
