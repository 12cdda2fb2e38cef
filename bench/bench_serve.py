"""Benchmark: `graphdoc serve` on the 2021 v1.0 corpus under 2,000 documented requests.

Starts the mock in a subprocess on 127.0.0.1 (port 0), prints its startup time (process
start to the first successful request), then from this process sends N documented requests
over loopback (cycling through every operation's example requests, a few threads sharing one
httpx connection pool) and prints requests per second, p50/p99 latency and the error count.

A documented request is an example whose URL is on graph.microsoft.com and matches one of
its own operation's path templates, with a documented response status. An error is a
transport failure or a status other than the documented one. Requests the docs document
twice with different statuses (same method, URL, headers and body: e.g. a 200 and a 404
example of the same GET) cannot all be answered as documented; they are counted apart as
"ambiguous" and are not errors. Exit status 1 when there are errors.

    python bench/bench_serve.py [--corpus DIR] [--requests N] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
from graphdoc.model.build import build_model
from graphdoc.model.types import ApiModel
from graphdoc.serve.routes import Router, request_target, split_target

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "graph-docs-2021-07" / "api-reference" / "v1.0"
URL_LINE = re.compile(r"http://127\.0\.0\.1:\d+")
LOG_LINE = re.compile(r"^[A-Z]+ \S+ \d{3} [\d.]+ms")
STARTUP_TIMEOUT = 60.0
RUN_TIMEOUT = 300.0
_SKIPPED_HEADERS = frozenset({"content-length", "authorization", "host"})


@dataclass(frozen=True, slots=True)
class Call:
    operation: str
    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    content: bytes | None
    status: int
    ambiguous: bool = False


def documented_calls(model: ApiModel) -> tuple[list[Call], Counter[str]]:
    """Every documented request of the model, and why the other examples were left out."""
    calls: list[Call] = []
    left_out: Counter[str] = Counter()
    for operation in model.operations:
        own = Router([operation])
        for example in operation.examples:
            response = example.response
            if response is None or response.status is None:
                left_out["no documented response status"] += 1
                continue
            target = request_target(example.request.url)
            if target is None:
                left_out["URL on another host"] += 1
                continue
            encoded = httpx.URL("http://127.0.0.1" + target).raw_path.decode("ascii")
            path, _ = split_target(encoded)
            if own.resolve(example.request.method, path).route is None:
                left_out["URL matches none of its operation's templates"] += 1
                continue
            request = example.request
            headers = tuple(
                (name, value)
                for name, value in request.headers.items()
                if name.lower() not in _SKIPPED_HEADERS
            )
            content: bytes | None = None
            if request.body is not None:
                content = json.dumps(request.body).encode("utf-8")
            elif request.body_raw:
                content = request.body_raw.encode("utf-8")
            calls.append(
                Call(operation.id, request.method, target, headers, content, response.status)
            )
    return _mark_ambiguous(calls), left_out


def _mark_ambiguous(calls: list[Call]) -> list[Call]:
    statuses: dict[tuple[object, ...], set[int]] = {}
    for call in calls:
        statuses.setdefault(_request_key(call), set()).add(call.status)
    return [replace(call, ambiguous=len(statuses[_request_key(call)]) > 1) for call in calls]


def _request_key(call: Call) -> tuple[object, ...]:
    return (call.method, call.target, call.headers, call.content)


def start_server(corpus: Path, log_path: Path) -> tuple[subprocess.Popen[str], str, float]:
    """Start `graphdoc serve` and wait for its first successful answer; (process, url, s)."""
    command = [sys.executable, "-m", "graphdoc.serve", str(corpus), "--port", "0"]
    client = httpx.Client(timeout=5)
    started = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    assert process.stdout is not None
    found = None
    while found is None:
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"graphdoc serve exited early; see {log_path}")
        found = URL_LINE.search(line)
    base_url = found.group(0)
    with client:
        while time.perf_counter() - started < STARTUP_TIMEOUT:
            try:
                # Any Graph-format answer means the server is up: 404 for this path.
                if client.get(f"{base_url}/v1.0/$ready").status_code == 404:
                    break
            except httpx.TransportError:
                time.sleep(0.01)
    return process, base_url, time.perf_counter() - started


def run_load(
    base_url: str, calls: Sequence[Call], count: int, threads: int
) -> tuple[float, list[float], list[str], int]:
    """(wall seconds, latencies in s, error descriptions, ambiguous mismatches)."""
    limits = httpx.Limits(max_connections=threads, max_keepalive_connections=threads)
    latencies: list[float] = []
    errors: list[str] = []
    ambiguous = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + RUN_TIMEOUT

    with httpx.Client(base_url=base_url, limits=limits, timeout=10) as client:

        def send(index: int) -> None:
            nonlocal ambiguous
            if time.perf_counter() > deadline:
                with lock:
                    errors.append(f"#{index}: not sent, time budget spent")
                return
            call = calls[index % len(calls)]
            begun = time.perf_counter()
            problem: str | None = None
            try:
                response = client.request(
                    call.method, call.target, headers=list(call.headers), content=call.content
                )
                if response.status_code != call.status:
                    problem = (
                        f"{call.operation}: {call.method} {call.target} answered "
                        f"{response.status_code}, documented {call.status}: "
                        f"{response.text[:160]}"
                    )
            except httpx.HTTPError as error:
                problem = f"{call.operation}: {call.method} {call.target}: {error!r}"
            elapsed = time.perf_counter() - begun
            with lock:
                latencies.append(elapsed)
                if problem is not None:
                    if call.ambiguous:
                        ambiguous += 1
                    else:
                        errors.append(problem)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(send, range(count)))
        wall = time.perf_counter() - started
    return wall, latencies, errors, ambiguous


def stop_server(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return -9


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: corpus not found at {args.corpus}")
        return 0
    count = max(1, min(args.requests, 100_000))
    threads = max(1, min(args.threads, 32))

    built = time.perf_counter()
    model = build_model([args.corpus])
    calls, left_out = documented_calls(model)
    print(
        f"model: {len(model.operations)} operations, {len(calls)} documented requests "
        f"({sum(call.ambiguous for call in calls)} ambiguous) in "
        f"{time.perf_counter() - built:.2f}s"
    )
    for reason, number in left_out.most_common():
        print(f"  left out: {number} examples, {reason}")
    if not calls:
        print("no documented requests to send")
        return 1

    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "serve.log"
        process, base_url, startup = start_server(args.corpus, log_path)
        try:
            print(f"startup: {startup * 1000:.0f} ms to the first answer at {base_url}")
            wall, latencies, errors, ambiguous = run_load(base_url, calls, count, threads)
        finally:
            code = stop_server(process)
        logged = sum(1 for line in log_path.read_text().splitlines() if LOG_LINE.search(line))

    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    print(
        f"load: {count} requests, {threads} threads, {wall:.2f}s, "
        f"{count / wall:.0f} requests/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )
    print(f"errors: {len(errors)} (ambiguous documented requests answered otherwise: {ambiguous})")
    for problem in errors[:10]:
        print(f"  {problem}")
    print(f"server: {logged} requests logged, exit status {code} after SIGTERM")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
