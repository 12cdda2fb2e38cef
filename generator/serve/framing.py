"""Reading a request body off the wire, bounded however the client frames it.

A body is framed by `Content-Length` (digits only, one value) or by
`Transfer-Encoding: chunked` (hex sizes only); never both, since a proxy and the mock could
disagree on where the body ends. Every way of getting past the cap is refused before the
bytes are buffered: a size over the cap, a negative or non-hex chunk size (`-1` would read to
the end of the stream), a sum of chunks over the cap. A body that ends before its framing
says (the client closed its side early) is refused rather than served half-read, and a
client that stops sending mid-body gets a 408 once the socket's read timeout passes.
"""

from __future__ import annotations

import re
from email.message import Message
from io import BufferedIOBase

from ..errors import BodyError as BodyError

MAX_BODY = 64 * 1024 * 1024
_DIGITS = re.compile(rb"[0-9]{1,20}")
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")
_LINE_LIMIT = 4096  # a chunk-size line or a trailer line


def read_body(headers: Message, stream: BufferedIOBase, max_body: int = MAX_BODY) -> bytes:
    """The request body `headers` announce, read from `stream`; raises BodyError."""
    encodings = [
        coding.strip().lower()
        for value in headers.get_all("Transfer-Encoding", [])
        for coding in value.split(",")
        if coding.strip()
    ]
    lengths = {value.strip() for value in headers.get_all("Content-Length", [])}
    if encodings:
        if lengths:
            raise _bad("A request may carry Transfer-Encoding or Content-Length, not both.")
        if encodings != ["chunked"]:
            raise BodyError(
                501, "NotImplemented", f"Transfer-Encoding {', '.join(encodings)} is not supported."
            )
        return _read_chunked(stream, max_body)
    if not lengths:
        return b""
    if len(lengths) > 1:
        raise _bad("Conflicting Content-Length headers.")
    text = lengths.pop()
    if not _DIGITS.fullmatch(text.encode("latin-1", "replace")):
        raise _bad(f"Invalid Content-Length {text[:40]!r}.")
    length = int(text)
    if length > max_body:
        raise _too_large(max_body)
    return _read_exactly(stream, length)


def _read_chunked(stream: BufferedIOBase, max_body: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        line = _read_line(stream)
        size_text = line.split(b";", 1)[0].strip()
        if not _HEX.fullmatch(size_text):
            raise _bad(f"Invalid chunk size {size_text[:40]!r}.")
        size = int(size_text, 16)
        if size == 0:
            while _read_line(stream):  # trailer fields, up to the empty line
                pass
            return b"".join(chunks)
        total += size
        if total > max_body:
            raise _too_large(max_body)
        chunks.append(_read_exactly(stream, size))
        if _read_line(stream):
            raise _bad("Chunk data is longer than its size.")


def _read_line(stream: BufferedIOBase) -> bytes:
    """One CRLF-terminated line without its ending; refuses an overlong or unended one."""
    line = stream.readline(_LINE_LIMIT + 1)
    if not line.endswith(b"\n"):
        if len(line) > _LINE_LIMIT:
            raise _bad("Chunk-size or trailer line too long.")
        raise _bad("The chunked request body ends before its last chunk.")
    return line.rstrip(b"\r\n")


def _read_exactly(stream: BufferedIOBase, size: int) -> bytes:
    data = stream.read(size)
    if len(data) < size:
        raise _bad(f"The request body ends after {len(data)} of {size} announced bytes.")
    return data


def _bad(message: str) -> BodyError:
    return BodyError(400, "BadRequest", message)


def _too_large(max_body: int) -> BodyError:
    return BodyError(
        413, "RequestEntityTooLarge", f"The request body is larger than {max_body} bytes."
    )
