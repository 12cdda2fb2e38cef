"""`graphdoc serve specs --port 0` as a separate process: startup time, logging, shutdown."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from graphdoc.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
URL_LINE = re.compile(r"http://127\.0\.0\.1:(\d+)")


def serve_command(*args: str) -> list[str]:
    """`python -m graphdoc serve` once the command is wired in, else the package's own main."""
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            build_parser().parse_args(["serve", "specs"])
    except SystemExit:
        return [sys.executable, "-m", "graphdoc.serve", *args]
    return [sys.executable, "-m", "graphdoc", "serve", *args]


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_starts_fast_logs_requests_and_stops_cleanly(tmp_path: Path, stop: signal.Signals) -> None:
    err_path = tmp_path / "stderr.txt"
    client = httpx.Client(timeout=5)  # built first: its SSL context is not startup time
    started = time.perf_counter()
    with err_path.open("w") as err:
        process = subprocess.Popen(
            serve_command("specs", "--port", "0"),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            # Ctrl-C as a terminal delivers it: a run started in the background of a shell
            # without job control (some CI launchers) inherits SIGINT ignored.
            preexec_fn=_sigint_default,
        )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = URL_LINE.search(line)
        assert found, line
        base_url = found.group(0)
        with client:
            response = client.get(f"{base_url}/v1.0/me/contacts")
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        print(f"\ngraphdoc serve specs: first successful request after {elapsed * 1000:.0f} ms")
        assert elapsed < 5.0  # the target is < 1 s; the bound is generous for slow CI
        process.send_signal(stop)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    log = err_path.read_text()
    assert re.search(r"^GET /v1\.0/me/contacts 200 \d+\.\dms list-contacts$", log, re.M), log
    assert "stopped" in log


def test_busy_port_exits_2(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            serve_command("specs", "--port", str(port)),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2
    assert "cannot listen" in result.stderr


def test_cli_arguments() -> None:
    import argparse

    from graphdoc.serve.cli import DEFAULT_PORT, add_commands

    parser = argparse.ArgumentParser(prog="graphdoc")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["serve", "specs"])
    assert (args.port, args.lenient, args.quiet, args.verbose) == (
        DEFAULT_PORT,
        False,
        False,
        False,
    )
    args = parser.parse_args(["serve", "a", "b", "--port", "0", "--lenient", "--quiet"])
    assert (args.paths, args.port, args.lenient, args.quiet) == (
        [Path("a"), Path("b")],
        0,
        True,
        True,
    )
    for bad in ("-1", "65536", "http"):
        with contextlib.redirect_stderr(io.StringIO()), pytest.raises(SystemExit):
            parser.parse_args(["serve", "specs", "--port", bad])
