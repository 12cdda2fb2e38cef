"""The mock on the wire: a threading HTTP/1.1 server bound to 127.0.0.1 only.

* `MockServer(app, port)`: `http.server.ThreadingHTTPServer` on 127.0.0.1 (port 0 picks a
  free one); keep-alive, one thread per connection; one log line per request on `log`:
  `METHOD /path?query STATUS 0.4ms operation-id`. A connection that sends nothing for
  `idle_timeout` seconds is closed (mid-body: after a 408); bodies are read through
  `graphdoc.serve.framing`, capped at `max_body` bytes.
* `serving(model, port=0)`: context manager for tests, serving in a background thread;
  yields the base URL `http://127.0.0.1:<port>` (send paths with or without `/v1.0`).
* `run(paths, port=...)`: what `graphdoc serve` does: build the model, print the base URL
  on stdout, serve until Ctrl-C or SIGTERM, then shut down cleanly.
"""

from __future__ import annotations

import contextlib
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import TextIO

from ..diagnostics import DUPLICATE_REQUEST
from ..model.types import ApiModel
from .app import MockGraph, Request
from .errors import Reply, RequestIds, error_reply, internal_error
from .framing import MAX_BODY, BodyError, read_body

HOST = "127.0.0.1"  # loopback only, by design: never 0.0.0.0
IDLE_TIMEOUT = 30.0  # seconds a connection may send nothing before it is closed
# Control characters never reach a header line: a documented or echoed value holding CR/LF
# would otherwise split the reply (`/_graphdoc/redirect?to=%0d%0aSet-Cookie:...`).
_HEADER_UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_PROTOCOL_ERROR_CODES = {
    400: "BadRequest",
    408: "RequestTimeout",
    414: "RequestUriTooLong",
    431: "RequestHeaderFieldsTooLarge",
    501: "NotImplemented",
    505: "HttpVersionNotSupported",
}


class MockServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        app: MockGraph,
        port: int = 0,
        *,
        log: TextIO | None = None,
        idle_timeout: float = IDLE_TIMEOUT,
        max_body: int = MAX_BODY,
    ) -> None:
        self.app = app
        self.log = log
        self.idle_timeout = idle_timeout
        self.max_body = max_body
        self._log_lock = threading.Lock()
        super().__init__((HOST, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def write_log(self, line: str) -> None:
        if self.log is None:
            return
        with self._log_lock:
            try:
                self.log.write(line + "\n")
                self.log.flush()
            except (OSError, ValueError):
                pass  # a closed or broken log must not break serving


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: MockServer
    # Small replies on keep-alive connections: without TCP_NODELAY, Nagle's algorithm and
    # the peer's delayed ACK add ~40 ms to every request after the first.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)

    def version_string(self) -> str:
        return "graphdoc-mock"

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def log_message(self, format: str, *args: object) -> None:
        """Silence http.server's own access log; `_dispatch` writes ours."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol errors http.server detects itself (bad request line, unknown method...)."""
        ids = RequestIds.new(None)
        text = message or self.responses.get(code, ("Error",))[0]
        reply = error_reply(code, _PROTOCOL_ERROR_CODES.get(code, "BadRequest"), text, ids)
        reply.headers.append(("request-id", ids.request_id))
        self.close_connection = True
        if not hasattr(self, "command"):
            self.command = ""
        self._send(reply)
        self.server.write_log(f"{self.command or '-'} {getattr(self, 'path', '-')} {code} -")

    def _dispatch(self) -> None:
        started = time.perf_counter()
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            body = read_body(self.headers, self.rfile, self.server.max_body)
        except (BodyError, TimeoutError) as error:
            # The rest of the stream cannot be trusted to start a request: answer and close.
            ids = RequestIds.new(headers.get("client-request-id"))
            if isinstance(error, BodyError):
                reply = error_reply(error.status, error.code, error.message, ids)
            else:
                message = "The request body stopped arriving."
                reply = error_reply(408, "RequestTimeout", message, ids)
            reply.headers.append(("request-id", ids.request_id))
            reply.headers.append(("client-request-id", ids.client_request_id))
            self.close_connection = True
        else:
            request = Request(self.command, self.path, headers, body)
            try:
                reply = self.server.app.handle(request, self.server.base_url)
            except Exception as error:  # the mock answers, whatever went wrong inside it
                ids = RequestIds.new(headers.get("client-request-id"))
                reply = internal_error(f"graphdoc mock failed: {error!r}", ids)
        elapsed = (time.perf_counter() - started) * 1000
        suffix = f" {reply.operation}" if reply.operation else ""
        # Logged before the reply is sent, so a client that saw the reply finds the line.
        self.server.write_log(f"{self.command} {self.path} {reply.status} {elapsed:.1f}ms{suffix}")
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        """Status line, headers and body in one write (one TCP segment for small replies)."""
        reason = self.responses.get(reply.status, ("",))[0]
        lines = [
            f"{self.protocol_version} {reply.status} {reason}",
            f"Server: {self.version_string()}",
            f"Date: {self.date_time_string()}",
            *(
                f"{_HEADER_UNSAFE.sub('', name)}: {_HEADER_UNSAFE.sub('', value)}"
                for name, value in reply.headers
            ),
            f"Content-Length: {len(reply.body)}",
        ]
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        self.wfile.write(head if self.command == "HEAD" else head + reply.body)


@contextlib.contextmanager
def serving(
    model: ApiModel | MockGraph,
    port: int = 0,
    *,
    strict: bool = True,
    log: TextIO | None = None,
    idle_timeout: float = IDLE_TIMEOUT,
    max_body: int = MAX_BODY,
) -> Iterator[str]:
    """Serve `model` on 127.0.0.1 in a background thread; yields the base URL.

    `port=0` picks a free port. Pass `log=sys.stderr` to see one line per request.
    """
    app = model if isinstance(model, MockGraph) else MockGraph(model, strict=strict)
    server = MockServer(app, port, log=log, idle_timeout=idle_timeout, max_body=max_body)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def run(
    paths: Sequence[Path],
    *,
    port: int = 8000,
    strict: bool = True,
    quiet: bool = False,
    verbose: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`graphdoc serve`: exit 0 after Ctrl-C/SIGTERM, 2 when the port cannot be bound."""
    out = out or sys.stdout
    err = err or sys.stderr
    started = time.perf_counter()
    from ..model.build import build_model

    model = build_model(list(paths))
    app = MockGraph(model, strict=strict)
    try:
        server = MockServer(app, port, log=None if quiet else err)
    except OSError as error:
        print(f"graphdoc serve: cannot listen on {HOST}:{port}: {error}", file=err)
        return 2
    router = app.router
    examples = sum(1 for operation in model.operations for e in operation.examples if e.response)
    print(
        f"graphdoc serve: {len(model.operations)} operations, {len(router.routes)} routes, "
        f"{examples} example responses, ready in {time.perf_counter() - started:.2f}s",
        file=err,
    )
    chosen = [d for d in model.diagnostics if d.code == DUPLICATE_REQUEST.code]
    if chosen:
        print(
            f"graphdoc serve: {len(chosen)} requests are documented on several pages; each is "
            "served from the page the model chose"
            + ("" if verbose else " (--verbose lists them)"),
            file=err,
        )
        if verbose:
            for choice in chosen:
                print(f"  {choice.path}:{choice.line}: {choice.message}", file=err)
    print(f"Mock Graph listening on {server.base_url} (Ctrl-C to stop)", file=out, flush=True)
    err.flush()
    # Build the schema registry while waiting for the first request.
    threading.Thread(target=app.validator.warm_up, daemon=True).start()

    def stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        print("graphdoc serve: stopped", file=err, flush=True)
    return 0
