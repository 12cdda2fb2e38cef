"""The real `pre-commit`, with the hooks set up as the README says, in two scratch
repositories: one of pages only (graphdoc-lint) and one of pages plus the SDK generated from
them (graphdoc-lint and graphdoc-generate-check, pointed at their folders by `args`). Each
passes clean pages and refuses a TODO placeholder and an unreadable page; the second also
refuses pages whose SDK was not regenerated.

The hook repository is a snapshot of this working tree committed into a temporary git
repository (pre-commit clones hooks from committed history), used through
`.pre-commit-hooks.yaml` as any project would: `repo: <path>`, `rev: <sha>`,
`language: python`, so pre-commit pip-installs this project and its dependencies into an
environment of its own, once for the module (about 10-60 s, depending on the pip cache; an
index or wheel folder must be reachable). Set GRAPHDOC_SKIP_PRECOMMIT=1 to skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lint.conftest import ROOT, SPECS

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
pytestmark = [
    pytest.mark.precommit,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed"),
    pytest.mark.skipif(
        os.environ.get("GRAPHDOC_SKIP_PRECOMMIT") == "1", reason="GRAPHDOC_SKIP_PRECOMMIT=1"
    ),
]


def _git(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False,
        timeout=600,
    )


def _snapshot(target: Path, env: dict[str, str]) -> str:
    """This working tree (tracked and untracked, minus ignored files) as a one-commit repo."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, env=env,
        capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q", env=env)
    _git(target, "add", "-A", env=env)
    assert _git(target, "commit", "-qm", "snapshot", env=env).returncode == 0
    return _git(target, "rev-parse", "HEAD", env=env).stdout.strip()


def _finished(stub: str) -> str:
    """The seed page with its placeholders filled in."""
    text = stub.replace(
        '"**TODO: Provide Github Name. See [topic-level metadata reference]'
        '(https://msgo.azurewebsites.net/add/document/guidelines/metadata.html#topic-level-metadata)**"',
        '"kevinbellinger"',
    )
    text = re.sub(r'ms\.prod: ".*"', 'ms.prod: "outlook"', text)
    text = text.replace("**TODO: Provide applicable permissions.**", "Contacts.ReadWrite")
    text = text.replace("**TODO: Add Description**", "A property of the contact.")
    text = text.replace('"create_contact_from_"', '"create_contact_from_user"')
    text = text.replace('"String (timestamp)"', '"2021-07-16T10:00:00Z"')
    text = text.replace('"Date"', '"2010-06-05"').replace('"Boolean"', "true")
    return text.replace('"String"', '"Sample text"')


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_HOME": str(home),  # shared: the hook environment is installed once
        "GITHUB_ACTIONS": "",
    }


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """This working tree as a hook repository: its path and commit."""
    folder = tmp_path_factory.mktemp("graphdoc")
    return folder, _snapshot(folder, env)


def _repository(folder: Path, config: str, env: dict[str, str]) -> None:
    (folder / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(folder, "init", "-q", env=env)


def _install(folder: Path, env: dict[str, str]) -> None:
    installed = subprocess.run(
        [str(PRE_COMMIT), "install"], cwd=folder, env=env, capture_output=True, text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr


def _commit(folder: Path, message: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    _git(folder, "add", "-A", env=env)
    return _git(folder, "commit", "-m", message, env=env)


def _commits(folder: Path, env: dict[str, str]) -> int:
    return _git(folder, "log", "--oneline", env=env).stdout.count("\n")


def test_commit_refused_with_placeholders_then_accepted(
    tmp_path: Path, env: dict[str, str], hooks: tuple[Path, str]
) -> None:
    repo, rev = hooks
    docs = tmp_path / "docs"
    (docs / "api").mkdir(parents=True)
    shutil.copytree(SPECS / "resources", docs / "resources")
    _repository(
        docs, f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: graphdoc-lint\n",
        env,
    )
    assert _commit(docs, "resources", env).returncode == 0  # before the hook is installed
    _install(docs, env)

    stub = (SPECS / "api" / "create-contact.md").read_text(encoding="utf-8")
    page = docs / "api" / "create-contact.md"
    page.write_text(stub, encoding="utf-8")
    refused = _commit(docs, "stub page", env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "graphdoc lint" in output and "Failed" in output
    assert (
        "api/create-contact.md:4:10: error GDL101 placeholder `**TODO: Provide Github Name"
        in output
    )
    assert "api/create-contact.md:20:37: error GDL101" in output
    assert "api/create-contact.md:97:11: warning GDL106" in output
    assert output.count(": error GDL101 ") == 43
    assert _commits(docs, env) == 1

    page.write_text(_finished(stub), encoding="utf-8")
    accepted = _commit(docs, "finished page", env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "graphdoc lint" in accepted.stdout + accepted.stderr
    assert _commits(docs, env) == 2

    # An unreadable page (saved as UTF-16 by an editor) is refused, naming its encoding.
    page.write_bytes(_finished(stub).encode("utf-16"))
    refused = _commit(docs, "utf-16 page", env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "api/create-contact.md:1:1: error GDL003 UTF-16 LE with a byte-order mark" in output
    assert _commits(docs, env) == 2


# The setup README.md documents for a repository that holds pages and the SDK made from them.
SDK_CONFIG = """repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: graphdoc-lint
        files: ^docs/
      - id: graphdoc-generate-check
        args: [docs/v1.0, --output, sdk]
"""


def _generate(folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "graphdoc", "generate", "docs/v1.0", "--output", "sdk"],
        cwd=folder, capture_output=True, text=True, check=False, timeout=600,
    )
    assert done.returncode == 0, done.stderr


def test_pages_and_their_sdk(tmp_path: Path, env: dict[str, str], hooks: tuple[Path, str]) -> None:
    repo, rev = hooks
    project = tmp_path / "project"
    pages = project / "docs" / "v1.0"
    shutil.copytree(SPECS, pages)
    finished = _finished((SPECS / "api" / "create-contact.md").read_text(encoding="utf-8"))
    (pages / "api" / "create-contact.md").write_text(finished, encoding="utf-8")
    _repository(project, SDK_CONFIG.format(repo=repo, rev=rev), env)
    _install(project, env)

    # Pages without their SDK: the check says what is missing, without a package-sized diff.
    refused = _commit(project, "pages alone", env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "sdk/graph_v1 does not exist" in output, output
    assert len(output.splitlines()) < 30

    _generate(project)
    accepted = _commit(project, "pages and sdk", env)
    output = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, output
    assert "graphdoc generated output is current" in output and "Passed" in output
    assert _commits(project, env) == 1
    assert not _git(project, "status", "--porcelain", env=env).stdout  # the cache is ignored

    # A page changed, the SDK not regenerated: refused with the diff of what would change.
    website = pages / "resources" / "website.md"
    website.write_text(
        website.read_text(encoding="utf-8").replace("The URL of the web site.", "Its URL."),
        encoding="utf-8",
    )
    refused = _commit(project, "stale sdk", env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "+++ b/graph_v1/models/website.py" in output and "Its URL." in output
    _generate(project)
    accepted = _commit(project, "regenerated", env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    # A placeholder and an unreadable page are refused here too.
    contact = pages / "resources" / "contact.md"
    text = contact.read_text(encoding="utf-8")
    contact.write_text(text + "\nTODO: Add Description\n", encoding="utf-8")
    refused = _commit(project, "placeholder", env)
    assert refused.returncode != 0 and ": error GDL101 " in refused.stdout + refused.stderr
    contact.write_bytes(text.replace("e", "\xe9", 1).encode("latin-1"))
    refused = _commit(project, "latin-1", env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0 and ": error GDL003 not UTF-8" in output, output
    assert _commits(project, env) == 2
