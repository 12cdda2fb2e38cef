"""Request/response examples of a page, paired.

A response pairs with the request(s) its annotation names, otherwise with the last request
still waiting for one. Bodies are parsed as JSON when they are JSON; when they are not, the
raw text stays in the model and a diagnostic says why.
"""

from __future__ import annotations

from ..diagnostics import (
    BODY_NOT_JSON,
    BODY_NOT_STRICT,
    BODY_PROBLEM,
    HTTP_BLOCK_NOTE,
    MALFORMED_REQUEST,
    MALFORMED_RESPONSE,
    RESPONSE_WITHOUT_REQUEST,
    SUPERSEDED_RESPONSE,
)
from ..read.blocks import Fence
from ..read.bodies import Body, read_body
from ..read.http import header, parse_request, parse_response
from ..read.page import AnnotatedFence, PageDoc
from .types import Example, HttpRequest, HttpResponse, Source


def _body_diagnostic(doc: PageDoc, line: int, problem: str | None, strict: bool) -> None:
    if problem is None:
        return
    if problem.startswith("not JSON"):
        doc.diagnose(line, BODY_NOT_JSON, f"example body is {problem}")
    elif strict:
        doc.diagnose(line, BODY_PROBLEM, f"example body: {problem}")
    else:
        doc.diagnose(line, BODY_NOT_STRICT, f"example body is not strict JSON ({problem})")


def _read_body(fence: Fence, text: str | None, headers: dict[str, str]) -> Body:
    """The body of an HTTP block, placed in the page: it is the block's text from where its
    stripped body starts, so lint can point at each key and value."""
    full = "\n".join(fence.lines)
    end = len(full.rstrip())
    start = end - len(text.strip()) if text else 0
    line, column = fence.line + 1, 1 + fence.indent
    if 0 < start <= end:
        line += full.count("\n", 0, start)
        column += start - (full.rfind("\n", 0, start) + 1)
    return read_body(text, header(headers, "Content-Type"), line, column, fence.indent)


def _request(doc: PageDoc, fenced: AnnotatedFence) -> HttpRequest | None:
    fence = fenced.fence
    parsed = parse_request(fence.lines)
    if parsed is None:
        doc.diagnose(
            fence.line, MALFORMED_REQUEST, "request block does not start with `METHOD URL`"
        )
        return None
    for note in parsed.notes:
        doc.diagnose(fence.line, HTTP_BLOCK_NOTE, f"request block: {note}")
    body = _read_body(fence, parsed.body, parsed.headers)
    _body_diagnostic(doc, fence.line, body.problem, body.strict)
    annotation = fenced.annotation.data if fenced.annotation else None
    return HttpRequest(
        method=parsed.method,
        url=parsed.url,
        headers=parsed.headers,
        body=body.value,
        body_raw=body.raw,
        source=Source(doc.path, fence.line),
        annotation=annotation,
        body_json=body.placed,
    )


def _response(doc: PageDoc, fenced: AnnotatedFence) -> HttpResponse | None:
    fence = fenced.fence
    parsed = parse_response(fence.lines)
    if parsed is None:
        doc.diagnose(
            fence.line, MALFORMED_RESPONSE, "response block does not start with a status line"
        )
        return None
    for note in parsed.notes:
        doc.diagnose(fence.line, HTTP_BLOCK_NOTE, f"response block: {note}")
    body = _read_body(fence, parsed.body, parsed.headers)
    _body_diagnostic(doc, fence.line, body.problem, body.strict)
    annotation = fenced.annotation
    type_name: str | None = None
    collection = False
    truncated = body.truncated
    if annotation is not None:
        type_name, collection = annotation.odata_type()
        truncated = truncated or annotation.flag("truncated")
    return HttpResponse(
        status=parsed.status,
        headers=parsed.headers,
        body=body.value,
        body_raw=body.raw,
        truncated=truncated,
        type=type_name,
        collection=collection,
        source=Source(doc.path, fence.line),
        annotation=annotation.data if annotation else None,
        body_json=body.placed,
    )


def opaque_url(request: HttpRequest) -> bool:
    """Whether the request's annotation marks its URL opaque (`"opaqueUrl": true`): a URL
    Graph hands out (a download or upload URL on another host), not a Graph request."""
    value = (request.annotation or {}).get("opaqueUrl")
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


def read_examples(doc: PageDoc) -> list[Example]:
    """Examples of the page, each request paired with the response that answers it.

    A response block annotated `ignored` (a 302 before the documented download, say) answers
    a request only until a response the page does mean comes; then it is superseded and
    named in a diagnostic.
    """
    examples: list[Example] = []
    waiting: list[Example] = []
    tentative: set[int] = set()  # ids of examples whose response came from an ignored block
    for fenced in doc.fences:
        if fenced.role == "request":
            request = _request(doc, fenced)
            if request is None:
                continue
            names = fenced.annotation.names() if fenced.annotation else []
            example = Example(names[0] if names else None, request, None)
            examples.append(example)
            waiting.append(example)
        elif fenced.role == "response":
            response = _response(doc, fenced)
            if response is None:
                continue
            weak = fenced.annotation is not None and fenced.annotation.block_type == "ignored"
            names = fenced.annotation.names() if fenced.annotation else []
            # A response whose `name` lists several requests answers each of them (drive-get.md).
            targets = [e for e in waiting if e.name is not None and e.name in names]
            if not targets and waiting:
                targets = [waiting[-1]]
            if not targets:
                doc.diagnose(
                    fenced.fence.line,
                    RESPONSE_WITHOUT_REQUEST,
                    "response example has no request before it to answer",
                )
                continue
            for target in targets:
                previous = target.response
                if previous is not None and id(target) in tentative:
                    doc.diagnose(
                        previous.source.line,
                        SUPERSEDED_RESPONSE,
                        f"response block annotated `ignored` is superseded by the response at "
                        f"line {fenced.fence.line}",
                    )
                    tentative.discard(id(target))
                target.response = response
                if weak:
                    tentative.add(id(target))
                else:
                    waiting.remove(target)
    return examples
