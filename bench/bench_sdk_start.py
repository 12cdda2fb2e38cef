"""Benchmark: cold start of the generated v1.0 SDK beside msgraph-sdk, in one run.

The scenario, the same for both, each in a fresh interpreter with bytecode already
compiled (as after `pip install`): import the package, build a client, load the `User`
and `Contact` models, prepare one request (`GET /users/{id}`: `client.users.by_id(...)` in
both; msgraph-sdk builds its `RequestInformation`, graphdoc's client sends it to an
in-process `httpx.MockTransport`, so graphdoc also pays for sending and parsing).
Printed: the median wall time of `--repeat` runs, process start included, and the peak
resident memory the process reports, beside `python -c pass` measured the same way.

msgraph-sdk lives in a virtual environment of its own (`--msgraph-venv`, created and
installed from PyPI on first use and kept for later runs); graphdoc's package is generated
from the 2021 v1.0 pages into a temporary folder (unformatted: formatting does not change
what an import costs) and imported from there by this project's interpreter.

    python bench/bench_sdk_start.py [--corpus DIR] [--repeat N] [--msgraph-venv DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "graph-docs-2021-07" / "api-reference" / "v1.0"
DEFAULT_VENV = Path.home() / ".cache" / "graphdoc-bench" / "msgraph-sdk"
MSGRAPH = "msgraph-sdk==1.*"

# Each script prints the peak resident set size of its own process, in KiB (Linux).
PEAK = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"

MSGRAPH_SCRIPT = f"""
from azure.core.credentials import AccessToken
from msgraph import GraphServiceClient
from msgraph.generated.models.contact import Contact
from msgraph.generated.models.user import User

class Credential:
    def get_token(self, *scopes, **options):
        return AccessToken("token", 4102444800)

client = GraphServiceClient(credentials=Credential(), scopes=["https://graph.microsoft.com/.default"])
request = client.users.by_user_id("adele@contoso.com").to_get_request_information()
assert request.http_method is not None and User and Contact
{PEAK}
"""

# The generated client's surface: Graph's URL tree, as a user writes it.
GRAPHDOC_SCRIPT = f"""
import httpx
from graph_v1 import GraphClient
from graph_v1.models.contact import Contact
from graph_v1.models.user import User

def reply(request):
    return httpx.Response(200, json={{"id": "1", "displayName": "Adele"}})

http = httpx.Client(transport=httpx.MockTransport(reply))
client = GraphClient(lambda: "token", http_client=http)
user = client.users.by_id("adele@contoso.com").get()
assert isinstance(user, User) and Contact
{PEAK}
"""


def _msgraph_python(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating {venv} with {MSGRAPH} (once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", MSGRAPH],
            check=True,
        )
        subprocess.run([str(python), "-m", "compileall", "-q", str(venv / "lib")], check=False)
    return python


def _generated(corpus: Path, out: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "graphdoc",
            "generate",
            str(corpus),
            "-o",
            str(out),
            "--no-format",
            "--no-cache",
            "--package",
            "graph_v1",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(out)], check=True)
    return out


def _measure(python: Path, script: str, cwd: Path, repeat: int) -> tuple[float, float]:
    """(median wall seconds, median peak MiB) of `repeat` fresh processes."""
    walls: list[float] = []
    peaks: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(
            [str(python), "-c", script], cwd=cwd, capture_output=True, text=True, check=False
        )
        walls.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise SystemExit(f"{python} failed:\n{result.stderr}")
        peaks.append(int(result.stdout.split()[-1]) / 1024)
    return statistics.median(walls), statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--msgraph-venv", type=Path, default=DEFAULT_VENV)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")
    msgraph = _msgraph_python(args.msgraph_venv)
    with tempfile.TemporaryDirectory() as temp:
        out = _generated(args.corpus, Path(temp))
        rows = [
            ("python -c pass (this venv)", *_measure(Path(sys.executable), PEAK, out, args.repeat)),
            ("python -c pass (msgraph venv)", *_measure(msgraph, PEAK, out, args.repeat)),
            ("msgraph-sdk", *_measure(msgraph, MSGRAPH_SCRIPT, out, args.repeat)),
            (
                "graphdoc v1.0 package",
                *_measure(Path(sys.executable), GRAPHDOC_SCRIPT, out, args.repeat),
            ),
        ]
    print(f"cold start, median of {args.repeat} fresh processes")
    for label, seconds, mib in rows:
        print(f"  {label:<32} {seconds:6.3f} s  {mib:6.1f} MiB peak")
    ours, theirs = rows[3], rows[2]
    print(
        f"  -> graphdoc / msgraph-sdk: {ours[1] / theirs[1]:.2f}x time, "
        f"{ours[2] / theirs[2]:.2f}x memory (target <= 1.00 each)"
    )


if __name__ == "__main__":
    main()
