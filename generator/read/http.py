"""HTTP blocks: syntax lines, example requests and example responses.

Real blocks put a blank line between the request line and the headers, omit the blank line
before the body, drop the HTTP version from status lines and carry binary, CSV or MIME
bodies. This module splits a block into start line, headers and body text; deciding
whether the body is JSON is `graphdoc.read.bodies`' job.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS")
REQUEST_LINE = re.compile(r"^(GET|POST|PATCH|PUT|DELETE|HEAD|OPTIONS)\s*(\S.*)$")
STATUS_LINE = re.compile(r"^HTTP(?:/\d(?:\.\d)?)?\s+(\d{3})\b\s*(.*)$")
_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s*(.*)$")
_VERSION_SUFFIX = re.compile(r"\s+HTTP/\d(?:\.\d)?\s*$")
_VERSION_PREFIX = re.compile(r"^HTTP/\d(?:\.\d)?\s+")
_HOST = re.compile(r"^https?://[^/\s]+", re.IGNORECASE)
_VERSION_SEGMENT = re.compile(r"^/(v1\.0|beta|\{version\}|\{api-version\})(?=/|$|\?)", re.I)
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://([^/?#]*)(.*)$", re.DOTALL)
# The hosts of Microsoft Graph's national and test clouds.
GRAPH_HOSTS = frozenset(
    {
        "graph.microsoft.com",
        "canary.graph.microsoft.com",
        "graph.microsoft.us",
        "dod-graph.microsoft.us",
        "graph.microsoft.de",
        "microsoftgraph.chinacloudapi.cn",
    }
)


@dataclass(slots=True)
class RequestText:
    method: str
    url: str
    headers: dict[str, str]
    body: str | None
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ResponseText:
    status: int
    reason: str
    headers: dict[str, str]
    body: str | None
    notes: list[str] = field(default_factory=list)


def first_content_line(lines: list[str]) -> str:
    for line in lines:
        if line.strip():
            return line.strip()
    return ""


def looks_like_request(lines: list[str]) -> bool:
    first = first_content_line(lines)
    return bool(REQUEST_LINE.match(first)) and not first.startswith("HTTP")


def looks_like_response(lines: list[str]) -> bool:
    return bool(STATUS_LINE.match(first_content_line(lines)))


def _split_headers(lines: list[str], notes: list[str]) -> tuple[dict[str, str], str | None]:
    """Headers until the body starts; tolerate a missing blank line before the body."""
    headers: dict[str, str] = {}
    index = 0
    # A blank line right after the start line, then headers (Intune action pages).
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index > 0 and index < len(lines) and not _HEADER.match(lines[index].strip()):
        body = "\n".join(lines[index:]).strip("\n")
        return headers, body or None
    if 0 < index < len(lines):
        notes.append("blank line between the start line and the headers")
    while index < len(lines):
        stripped = lines[index].strip()
        if not stripped:
            index += 1
            # A header after the blank line (e.g. `Prefer:` in delta pages) is still a header.
            following = index
            while following < len(lines) and not lines[following].strip():
                following += 1
            if following < len(lines):
                candidate = lines[following].strip()
                match = _HEADER.match(candidate)
                rest_blank = all(not line.strip() for line in lines[following + 1 :])
                if match and rest_blank and not candidate.startswith(("{", "[")):
                    headers[match.group(1)] = match.group(2).strip()
                    notes.append("header after the blank line")
                    return headers, None
            break
        match = _HEADER.match(stripped)
        if not match or stripped.startswith(("{", "[", '"')):
            notes.append("no blank line before the body")
            break
        headers[match.group(1)] = match.group(2).strip()
        index += 1
    body = "\n".join(lines[index:]).strip("\n")
    return headers, body if body.strip() else None


def parse_request(lines: list[str]) -> RequestText | None:
    """Parse a request block; None when its first line is not a request line."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return None
    match = REQUEST_LINE.match(lines[index].strip())
    if not match:
        return None
    notes: list[str] = []
    target = _VERSION_PREFIX.sub("", match.group(2).strip())
    target = _VERSION_SUFFIX.sub("", target).strip()
    if match.group(2) and not lines[index].strip()[len(match.group(1))].isspace():
        notes.append("no space between the method and the URL")
    headers, body = _split_headers(lines[index + 1 :], notes)
    return RequestText(match.group(1), target, headers, body, notes)


def parse_response(lines: list[str]) -> ResponseText | None:
    """Parse a response block; None when its first line is not a status line."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return None
    first = lines[index].strip()
    match = STATUS_LINE.match(first)
    if not match:
        return None
    notes: list[str] = []
    if not first.startswith("HTTP/"):
        notes.append("status line without an HTTP version")
    headers, body = _split_headers(lines[index + 1 :], notes)
    return ResponseText(int(match.group(1)), match.group(2).strip(), headers, body, notes)


def is_placeholder_target(path: str) -> bool:
    """Whether a request target (`path_of`) is text standing in for a URL: emphasis marks
    (`** Collection URI for x not found`, a stub converter's) cannot be part of a Graph
    URL's path."""
    return "*" in path


def addresses_content(path: str) -> bool:
    """Whether a request path addresses an item's raw content rather than the item itself:
    OData's `/$value`, and the `/content` of files, attachments and pages."""
    return path.rstrip("/").rsplit("/", 1)[-1].lower() in ("$value", "content")


def path_of(url: str) -> str:
    """A request target without scheme, host, API version or query: `/me/contacts`."""
    path = _HOST.sub("", url.strip())
    path = path.split("?", 1)[0].strip()
    if path and not path.startswith("/"):
        path = "/" + path
    path = _VERSION_SEGMENT.sub("", path)
    return path or "/"


def request_target(url: str) -> str | None:
    """The path and query a documented request URL sends to Graph; None for other hosts.

    Accepts the forms found in examples: absolute Graph URLs, `graph.microsoft.com/...`
    without a scheme, paths with or without a leading slash. The version stays in the path.
    """
    url = url.strip()
    absolute = _ABSOLUTE.match(url)
    if absolute:
        if absolute.group(1).lower() not in GRAPH_HOSTS:
            return None
        rest = absolute.group(2)
    elif url.lower().startswith("graph.microsoft.com"):
        rest = url[len("graph.microsoft.com") :]
    else:
        rest = url
    if not rest.startswith("/"):
        rest = "/" + rest
    return rest


def header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup (`Content-type` and `Content-Type` both occur)."""
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def media_type(headers: Mapping[str, str]) -> str:
    """The Content-Type's media type, lower-cased and without parameters ("" when absent)."""
    return (header(headers, "content-type") or "").split(";", 1)[0].strip().lower()
