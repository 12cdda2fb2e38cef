"""The real `pre-commit` refuses a commit of a stub page, listing its placeholders, and takes
the finished page.

The hook repository is a snapshot of this working tree committed into a temporary git
repository (pre-commit clones hooks from committed history), used through
`.pre-commit-hooks.yaml` as any project would: `repo: <path>`, `rev: <sha>`,
`language: python`, so pre-commit pip-installs this project and its dependencies into an
environment of its own (about 10-60 s, depending on the pip cache; PyPI must be reachable).
Set GRAPHDOC_SKIP_PRECOMMIT=1 to skip.
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


def test_commit_refused_with_placeholders_then_accepted(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GITHUB_ACTIONS": "",
    }
    hooks = tmp_path / "graphdoc"
    hooks.mkdir()
    rev = _snapshot(hooks, env)

    docs = tmp_path / "docs"
    (docs / "api").mkdir(parents=True)
    shutil.copytree(SPECS / "resources", docs / "resources")
    (docs / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: graphdoc-lint\n",
        encoding="utf-8",
    )
    _git(docs, "init", "-q", env=env)
    _git(docs, "add", "-A", env=env)
    assert _git(docs, "commit", "-qm", "resources", env=env).returncode == 0
    installed = subprocess.run(
        [str(PRE_COMMIT), "install"], cwd=docs, env=env, capture_output=True, text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    stub = (SPECS / "api" / "create-contact.md").read_text(encoding="utf-8")
    page = docs / "api" / "create-contact.md"
    page.write_text(stub, encoding="utf-8")
    _git(docs, "add", "-A", env=env)
    refused = _git(docs, "commit", "-m", "stub page", env=env)
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
    assert _git(docs, "log", "--oneline", env=env).stdout.count("\n") == 1

    page.write_text(_finished(stub), encoding="utf-8")
    _git(docs, "add", "-A", env=env)
    accepted = _git(docs, "commit", "-m", "finished page", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "graphdoc lint" in accepted.stdout + accepted.stderr
    assert _git(docs, "log", "--oneline", env=env).stdout.count("\n") == 2
