"""The model as JSON, in the contract of `docs/model-contract.md` (version 1).

Fields keep their contract names; fields beyond the contract are added, never repurposed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .types import (
    ApiModel,
    Diagnostic,
    Example,
    HttpRequest,
    HttpResponse,
    Member,
    Operation,
    Page,
    Parameter,
    Permission,
    Property,
    Source,
    TypeDef,
)

CONTRACT_VERSION = 1


def _source(source: Source) -> dict[str, Any]:
    return {"path": source.path, "line": source.line}


def _property(prop: Property) -> dict[str, Any]:
    return {
        "name": prop.name,
        "type": prop.type,
        "collection": prop.collection,
        "navigation": prop.navigation,
        "nullable": prop.nullable,
        "read_only": prop.read_only,
        "required": prop.required,
        "description": prop.description,
        "source": _source(prop.source),
        "type_text": prop.type_text,
        "type_inferred": prop.type_inferred,
        "values": [_member(member) for member in prop.values],
        "alternatives": list(prop.alternatives),
    }


def _member(member: Member) -> dict[str, Any]:
    return {
        "name": member.name,
        "value": member.value,
        "description": member.description,
        "source": _source(member.source),
    }


def _type(type_def: TypeDef) -> dict[str, Any]:
    return {
        "name": type_def.name,
        "kind": type_def.kind,
        "base": type_def.base,
        "base_evidence": type_def.base_evidence,
        "abstract": type_def.abstract,
        "open": type_def.open,
        "key": type_def.key,
        "inferred": type_def.inferred,
        "flags": type_def.flags,
        "description": type_def.description,
        "properties": [_property(prop) for prop in type_def.properties],
        "members": [_member(member) for member in type_def.members],
        "instance_annotations": [_property(prop) for prop in type_def.instance_annotations],
        "methods": [
            {
                "name": method.name,
                "return_type": method.return_type,
                "description": method.description,
                "link": method.link,
                "source": _source(method.source),
            }
            for method in type_def.methods
        ],
        "source": _source(type_def.source),
    }


def _parameter(parameter: Parameter) -> dict[str, Any]:
    return {
        "name": parameter.name,
        "in": parameter.in_,
        "type": parameter.type,
        "collection": parameter.collection,
        "required": parameter.required,
        "description": parameter.description,
        "value": parameter.value,
        "source": _source(parameter.source),
    }


def _permission(permission: Permission) -> dict[str, Any]:
    return {
        "kind": permission.kind,
        "scopes": permission.scopes,
        "label": permission.label,
        "source": _source(permission.source),
    }


def _request(request: HttpRequest) -> dict[str, Any]:
    return {
        "method": request.method,
        "url": request.url,
        "headers": request.headers,
        "body": request.body,
        "body_raw": request.body_raw,
        "annotation": request.annotation,
        "source": _source(request.source),
    }


def _response(response: HttpResponse) -> dict[str, Any]:
    return {
        "status": response.status,
        "headers": response.headers,
        "body": response.body,
        "body_raw": response.body_raw,
        "truncated": response.truncated,
        "type": response.type,
        "collection": response.collection,
        "annotation": response.annotation,
        "source": _source(response.source),
    }


def _example(example: Example) -> dict[str, Any]:
    return {
        "name": example.name,
        "request": _request(example.request),
        "response": _response(example.response) if example.response else None,
    }


def _operation(operation: Operation) -> dict[str, Any]:
    body = operation.request_body
    return {
        "id": operation.id,
        "title": operation.title,
        "method": operation.method,
        "paths": operation.paths,
        "parameters": [_parameter(parameter) for parameter in operation.parameters],
        "request_body": None
        if body is None
        else {
            "type": body.type,
            "collection": body.collection,
            "properties": [_property(prop) for prop in body.properties],
            "media_types": body.media_types,
        },
        "response": {
            "status": operation.response.status,
            "type": operation.response.type,
            "collection": operation.response.collection,
        },
        "permissions": [_permission(permission) for permission in operation.permissions],
        "examples": [_example(example) for example in operation.examples],
        "errors": [
            {"cells": row.cells, "source": _source(row.source)} for row in operation.errors
        ],
        "source": _source(operation.source),
        "superseded": operation.superseded,
    }


def _page(page: Page) -> dict[str, Any]:
    return {
        "path": page.path,
        "kind": page.kind,
        "title": page.title,
        "namespace": page.namespace,
        "doc_type": page.doc_type,
        "tables": [
            {
                "section": table.section,
                "role": table.role,
                "header": table.header,
                "rows": [{"cells": row.cells, "line": row.line} for row in table.rows],
                "source": _source(table.source),
            }
            for table in page.tables
        ],
        "examples": [_example(example) for example in page.examples],
    }


def _diagnostic(diagnostic: Diagnostic) -> dict[str, Any]:
    result: dict[str, Any] = {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "code": diagnostic.code,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
    }
    if diagnostic.table_row:
        result["table_row"] = True
    return result


def _sections(model: ApiModel) -> list[tuple[str, Sequence[Any], Callable[[Any], Any]]]:
    """The contract's lists in order: key, model objects, their JSON form."""
    return [
        ("pages", model.pages, _page),
        ("types", model.types, _type),
        ("operations", model.operations, _operation),
        ("diagnostics", model.diagnostics, _diagnostic),
    ]


def to_json(model: ApiModel) -> dict[str, Any]:
    """The whole model as one JSON-ready object."""
    document: dict[str, Any] = {"graphdoc_model": CONTRACT_VERSION}
    for key, items, convert in _sections(model):
        document[key] = [convert(item) for item in items]
    return document


def write_json(model: ApiModel, stream: TextIO) -> None:
    """The model as JSON text with one page, type, operation or diagnostic per line.

    The same document as `to_json`, laid out so that each record is one line (greppable,
    diffable) and encoded without indentation: json's C encoder only runs without it, and
    the pure-Python one it falls back to took twice as long as reading the pages.
    """
    encode = _record_encoder()
    stream.write(f'{{\n"graphdoc_model": {CONTRACT_VERSION}')
    for key, items, convert in _sections(model):
        stream.write(f',\n"{key}": [')
        for position, item in enumerate(items):
            stream.write(",\n" if position else "\n")
            stream.write("".join(encode(convert(item), 0)))
        stream.write("\n]" if items else "]")
    stream.write("\n}\n")


def _record_encoder() -> Callable[[Any, int], Sequence[str]]:
    """json's C encoder as `json.dumps(record, ensure_ascii=False)` sets it up, made once
    rather than per record, and without the check for circular references (a record is a
    tree of fresh dicts and lists): the same text, a seventh faster."""
    from json import encoder

    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator in this Python: the ordinary route
        return lambda record, _: list(plain.iterencode(record))
    return make(  # type: ignore[no-any-return]
        None, plain.default, encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
