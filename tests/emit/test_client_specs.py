"""The generated clients for specs/ against `graphdoc serve`, over real HTTP: create, get,
list (paging over two pages and more), update (None sent as JSON null, UNSET left out) and
delete, each through `GraphClient` and `AsyncGraphClient`; and the generated example
tests, which must all pass (the committed ones are what the project's test command runs).

What the server received is read from an httpx event hook on the client's own
`http_client`, so the assertions are about bytes on the wire, not about our intentions.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from graphdoc.emit.generate import GenerateOptions, GenerateResult, generate
from graphdoc.model.build import build_model
from graphdoc.serve.server import serving

from tests.emit.support import ROOT, imported

SPECS = ROOT / "specs"
COMMITTED = ROOT / "generated"
PACKAGE = "graph_beta"
CONTACT_ID = (
    "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqM"
    "bYjsT5e-T7KzowPTAAAAAAEOAAAiIsqMbYjsT5e-T7KzowPTAAAYbvZDAAA="
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GenerateResult:
    out = tmp_path_factory.mktemp("clients")
    options = GenerateOptions(
        paths=(SPECS,), output=out / "generated", cache_dir=out / "cache", workers=2
    )
    return generate(options)


@pytest.fixture(scope="module")
def package(generated: GenerateResult) -> Iterator[ModuleType]:
    with imported(generated.root.parent, generated.package) as module:
        yield module


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with serving(build_model([SPECS])) as url:
        yield url


@dataclass
class Wire:
    """Requests as sent: method, path with query, and the JSON body (None when empty)."""

    seen: list[tuple[str, str, Any]] = field(default_factory=list)
    replies: list[httpx.Response] = field(default_factory=list)

    def record(self, request: httpx.Request) -> None:
        content = request.read()
        body = json.loads(content) if content else None
        self.seen.append((request.method, request.url.raw_path.decode(), body))

    async def arecord(self, request: httpx.Request) -> None:
        self.record(request)

    def reply(self, response: httpx.Response) -> None:
        self.replies.append(response)

    async def areply(self, response: httpx.Response) -> None:
        self.reply(response)


def _sync(package: ModuleType, url: str, wire: Wire, **options: Any) -> Any:
    client_module = __import__(f"{package.__name__}.client", fromlist=["GraphClient"])
    hooks = {"request": [wire.record], "response": [wire.reply]}
    http = httpx.Client(event_hooks=hooks, **options)
    return client_module.GraphClient(lambda: "token", base_url=f"{url}/beta", http_client=http)


def _async(package: ModuleType, url: str, wire: Wire, **options: Any) -> Any:
    client_module = __import__(f"{package.__name__}.client", fromlist=["AsyncGraphClient"])
    hooks = {"request": [wire.arecord], "response": [wire.areply]}
    http = httpx.AsyncClient(event_hooks=hooks, **options)
    return client_module.AsyncGraphClient(lambda: "token", base_url=f"{url}/beta", http_client=http)


# ------------------------------------------------------------------------------ get


def test_get_reaches_every_variant(package: ModuleType, mock_url: str) -> None:
    from graph_beta import Contact

    wire = Wire()
    client = _sync(package, mock_url, wire)
    contact = client.me.contacts.by_id(CONTACT_ID).get(select=["displayName", "emailAddresses"])
    assert isinstance(contact, Contact) and contact.display_name == "Adele Vance"
    assert contact.email_addresses[1].other_label == "Book club"
    client.users.by_id("adele@contoso.com").contacts.by_id(CONTACT_ID).get()
    folder = client.me.contact_folders.by_id("F1").child_folders.by_id("C/2")
    folder.contacts.by_id(CONTACT_ID).get()
    encoded = CONTACT_ID.replace("=", "%3D")
    assert [path for _, path, _ in wire.seen] == [
        f"/beta/me/contacts/{encoded}?%24select=displayName%2CemailAddresses",
        f"/beta/users/adele%40contoso.com/contacts/{encoded}",
        f"/beta/me/contactFolders/F1/childFolders/C%2F2/contacts/{encoded}",
    ]
    assert not hasattr(client.me, "child_folders")  # childFolders need a folder
    with pytest.raises(ValueError, match="empty"):
        client.me.contacts.by_id("").get()
    assert len(wire.seen) == 3  # refused before sending


def test_get_async(package: ModuleType, mock_url: str) -> None:
    async def run() -> list[str]:
        wire = Wire()
        async with _async(package, mock_url, wire) as client:
            first = await client.me.contacts.by_id(CONTACT_ID).get()
            second = await client.users.by_id("u1").contacts.by_id(CONTACT_ID).get()
        assert [path.split("/")[2] for _, path, _ in wire.seen] == ["me", "users"]
        return [first.display_name, second.display_name]

    assert asyncio.run(run()) == ["Adele Vance", "Adele Vance"]


# ------------------------------------------------------------------------------ list


def test_list_follows_next_links_over_pages(package: ModuleType, mock_url: str) -> None:
    wire = Wire()
    client = _sync(package, mock_url, wire)
    names = [contact.display_name for contact in client.me.contacts.list(top=1)]
    assert names == ["Adele Vance", "Alex Wilber"]
    pages = [path for _, path, _ in wire.seen]
    assert len(pages) >= 3  # one item a page, then the empty page after the documented link
    assert "$skiptoken=graphdoc-1-1" in pages[1]
    # Nothing is sent before iteration starts.
    before = len(wire.seen)
    items = client.users.by_id("u1").contacts.list(top=1)
    assert len(wire.seen) == before
    assert next(iter(items)).display_name == "Adele Vance"
    assert wire.seen[before][1].startswith("/beta/users/u1/contacts?")


def test_list_limit_stops_early_and_pages_keep_their_links(
    package: ModuleType, mock_url: str
) -> None:
    wire = Wire()
    client = _sync(package, mock_url, wire)
    assert [c.display_name for c in client.me.contacts.list(top=1, limit=1)] == ["Adele Vance"]
    assert len(wire.seen) == 1  # the limit is reached on the first page: no second request
    pages = list(client.me.contacts.list(top=1).pages())
    assert [len(page.items) for page in pages[:2]] == [1, 1]
    assert pages[0].next_link is not None and "$skiptoken=graphdoc-1-1" in pages[0].next_link
    assert pages[-1].next_link is None


def test_list_async_pages_too(package: ModuleType, mock_url: str) -> None:
    async def run() -> tuple[list[str | None], int]:
        wire = Wire()
        async with _async(package, mock_url, wire) as client:
            names = [contact.display_name async for contact in client.me.contacts.list(top=1)]
        return names, len(wire.seen)

    names, requests = asyncio.run(run())
    assert names == ["Adele Vance", "Alex Wilber"]
    assert requests >= 3


# ------------------------------------------------------------------------------ update


def test_update_sends_null_for_none_and_leaves_unset_out(
    package: ModuleType, mock_url: str
) -> None:
    from graph_beta import UNSET, Contact
    from graph_beta.models import Phone, PhoneType

    wire = Wire()
    client = _sync(package, mock_url, wire)
    change = Contact(
        job_title="Director of Operations",
        middle_name=None,
        phones=[Phone(type_=PhoneType.BUSINESS, number="+1 425 555 0167")],
    )
    assert change.nick_name is UNSET
    updated = client.me.contacts.by_id(CONTACT_ID).update(change)
    assert isinstance(updated, Contact) and updated.job_title == "Director of Operations"
    method, _, body = wire.seen[-1]
    assert method == "PATCH"
    assert body == {
        "jobTitle": "Director of Operations",
        "middleName": None,
        "phones": [{"type": "business", "number": "+1 425 555 0167"}],
    }

    async def run() -> Any:
        async with _async(package, mock_url, wire) as aclient:
            return await aclient.me.contacts.by_id(CONTACT_ID).update(Contact(initials=None))

    assert asyncio.run(run()).job_title == "Director of Operations"
    assert wire.seen[-1][2] == {"initials": None}


# ------------------------------------------------------------------------------ delete


def test_delete_returns_none(package: ModuleType, mock_url: str) -> None:
    wire = Wire()
    assert _sync(package, mock_url, wire).me.contacts.by_id(CONTACT_ID).delete() is None

    async def run() -> Any:
        async with _async(package, mock_url, wire) as client:
            return await client.users.by_id("u1").contacts.by_id(CONTACT_ID).delete()

    assert asyncio.run(run()) is None
    seen = [(method, path.split("/")[2]) for method, path, _ in wire.seen]
    assert seen == [("DELETE", "me"), ("DELETE", "users")]


# ------------------------------------------------------------------------------ create


def test_create_sends_the_contact_and_reads_the_reply(package: ModuleType, mock_url: str) -> None:
    """The page's example reply is a stub (`"createdDateTime": "String (timestamp)"`): the
    mock fills it with values built from the contact's schema, so the typed client returns
    a Contact, sync and async, by `/users/{id}` and by Graph's `/me` alias. The mock stores
    what is created: each create gets a fresh id."""
    from graph_beta import Contact

    wire = Wire()
    new = Contact(given_name="Pavel", surname="Bansky", birthday=None)
    client = _sync(package, mock_url, wire)
    created = client.users.by_id("u1").contacts.create(new)
    assert wire.seen == [
        ("POST", "/beta/users/u1/contacts",
         {"givenName": "Pavel", "surname": "Bansky", "birthday": None}),
    ]
    assert wire.replies[0].headers["X-Graphdoc-Placeholders"] == "32"
    assert isinstance(created, Contact) and uuid.UUID(created.id).version == 4
    assert created.created_date_time == datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
    assert (created.wedding_anniversary, created.is_favorite) == (datetime.date(2021, 1, 1), True)
    # The page documents `/users/{usersId}/contacts` only; `/me` is Graph's alias.
    assert client.me.contacts.create(new).id not in (created.id, None)
    assert wire.seen[-1][:2] == ("POST", "/beta/me/contacts")

    async def run() -> Any:
        async with _async(package, mock_url, wire) as client:
            return await client.users.by_id("u1").contacts.create(new)

    again = asyncio.run(run())
    assert again.id != created.id and dataclasses.replace(again, id=created.id) == created
    assert wire.seen[-1] == wire.seen[0]


# ------------------------------------------------------------------------------ example tests


def _run_examples(tests: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", str(tests)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=300,
        check=False,
    )


def test_generated_example_tests_pass(generated: GenerateResult) -> None:
    """Generated into a temporary folder, which records no spec folder: GRAPHDOC_SPECS."""
    result = _run_examples(generated.root / "tests", {"GRAPHDOC_SPECS": str(SPECS)})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout
    assert "exercised with schema-built values because the page's example uses placeholders" in (
        result.stdout
    )


def test_committed_example_tests_pass() -> None:
    """The project's test command runs the committed example tests through this test; they
    start `graphdoc serve` on specs/ themselves (recorded as `../../../specs`)."""
    conftest = (COMMITTED / PACKAGE / "tests" / "conftest.py").read_text(encoding="utf-8")
    assert 'SPECS: tuple[str, ...] = ("../../../specs",)' in conftest
    result = _run_examples(COMMITTED / PACKAGE / "tests", {})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    for name in ("create_contact_1", "get_contact_1", "list_contacts_1", "update_contact_1",
                 "delete_contact_1"):
        assert f"PASSED generated/{PACKAGE}/tests/" in result.stdout and name in result.stdout


def test_example_tests_fail_loudly_on_a_broken_example(
    generated: GenerateResult, tmp_path: Path
) -> None:
    """A case that breaks its schema fails as a named page defect, not silently."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(generated.root, copy / PACKAGE)
    cases = copy / PACKAGE / "tests" / "cases" / "me.json"
    data = json.loads(cases.read_text())
    data["get-contact-1"]["response"]["body"]["birthday"] = 1985
    cases.write_text(json.dumps(data))
    result = _run_examples(copy / PACKAGE / "tests", {"GRAPHDOC_SPECS": str(SPECS)})
    assert result.returncode == 1
    assert "page defect (response-schema)" in result.stdout
    assert "4 passed" in result.stdout
