"""`Paged` / `AsyncPaged`: what generated list and delta methods return, over MockTransport."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from graphdoc.runtime.graph_runtime import (
    AsyncGraphTransport,
    AsyncPaged,
    GraphTransport,
    Page,
    Paged,
)

BASE = "https://graph.microsoft.com/v1.0"
DELTA = f"{BASE}/users/delta()?$deltatoken=round-2"


class Pages:
    """A collection served as three pages (2, 1 and 2 items) reached through absolute
    nextLinks; `delta=True` ends the last page with a deltaLink. Remembers every request."""

    def __init__(self, *, delta: bool = False) -> None:
        self.delta = delta
        self.seen: list[httpx.Request] = []
        self.pages = {
            "/v1.0/users": ("page2", [{"id": "1"}, {"id": "2"}]),
            "/v1.0/page2": ("page3", [{"id": "3"}]),
            "/v1.0/page3": (None, [{"id": "4"}, {"id": "5"}]),
        }

    @staticmethod
    def link(name: str) -> str:
        return f"{BASE}/{name}?$skiptoken=t-{name}"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        following, items = self.pages[request.url.path]
        body: dict[str, Any] = {"value": items}
        if following is not None:
            body["@odata.nextLink"] = self.link(following)
        elif self.delta:
            body["@odata.deltaLink"] = DELTA
        return httpx.Response(200, json=body)

    def sync(self) -> GraphTransport:
        return GraphTransport(
            lambda: "token", http_client=httpx.Client(transport=httpx.MockTransport(self))
        )

    def asynchronous(self) -> AsyncGraphTransport:
        return AsyncGraphTransport(
            lambda: "token", http_client=httpx.AsyncClient(transport=httpx.MockTransport(self))
        )


def ids(item: dict[str, Any]) -> str:
    return str(item["id"])


def paged(server: Pages, limit: int | None = None) -> Paged[str]:
    return Paged(server.sync(), "/users", params={"$top": 2}, parse=ids, limit=limit)


@pytest.mark.parametrize(
    ("limit", "items", "requests"),
    [
        (None, ["1", "2", "3", "4", "5"], 3),
        (1, ["1"], 1),
        (2, ["1", "2"], 1),  # the limit ends with the first page: page 2 is never asked for
        (4, ["1", "2", "3", "4"], 3),
    ],
)
def test_limit_stops_early_and_requests_no_page_beyond_it(
    limit: int | None, items: list[str], requests: int
) -> None:
    server = Pages()
    assert list(paged(server, limit)) == items
    assert len(server.seen) == requests


def test_nothing_is_sent_before_iteration_and_top_stays_the_callers() -> None:
    server = Pages()
    collection = paged(server, 3)
    assert server.seen == [] and collection.next_link is None
    assert list(collection) == ["1", "2", "3"]
    assert [str(request.url) for request in server.seen] == [
        f"{BASE}/users?%24top=2",  # the page size is the caller's $top, sent once
        Pages.link("page2"),  # a nextLink is followed verbatim
    ]
    # Each iteration walks from the first page again.
    assert list(collection) == ["1", "2", "3"]
    assert len(server.seen) == 4


def test_pages_carry_their_raw_next_links() -> None:
    server = Pages()
    collection = paged(server)
    pages = list(collection.pages())
    assert pages == [
        Page(["1", "2"], Pages.link("page2"), None),
        Page(["3"], Pages.link("page3"), None),
        Page(["4", "5"], None, None),
    ]
    assert collection.next_link is None  # the end was reached


def test_pages_honour_the_limit_and_keep_the_link_to_resume_from() -> None:
    server = Pages()
    collection = paged(server, 4)
    pages = collection.pages()
    first = next(pages)
    assert first.items == ["1", "2"] and collection.next_link == Pages.link("page2")
    rest = list(pages)
    assert [page.items for page in rest] == [["3"], ["4"]]  # the last page is cut
    # The page as served had no nextLink: the cut page's link is the served one.
    assert rest[-1].next_link is None and collection.next_link is None
    cut = list(paged(Pages(), 2).pages())
    assert cut == [Page(["1", "2"], Pages.link("page2"), None)]


def test_delta_link_surfaces_once_the_last_page_is_read() -> None:
    server = Pages(delta=True)
    collection = Paged(server.sync(), "/users", parse=ids)
    pages = collection.pages()
    next(pages)
    assert collection.delta_link is None
    *_, last = pages
    assert last.delta_link == DELTA and collection.delta_link == DELTA
    # A round stopped by its limit never reaches the delta link.
    limited = Paged(server.sync(), "/users", parse=ids, limit=3)
    assert list(limited) == ["1", "2", "3"] and limited.delta_link is None


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "3"])
def test_limit_must_be_a_positive_int_or_none(bad: Any) -> None:
    server = Pages()
    with pytest.raises(ValueError, match=r"limit must be a positive number of items.*got"):
        Paged(server.sync(), "/users", parse=ids, limit=bad)
    with pytest.raises(ValueError, match="limit must be a positive number of items"):
        AsyncPaged(server.asynchronous(), "/users", parse=ids, limit=bad)
    assert server.seen == []


def test_a_repeated_next_link_is_refused() -> None:
    loop = {"value": [{"id": "1"}], "@odata.nextLink": f"{BASE}/again"}
    transport = GraphTransport(
        lambda: "token",
        http_client=httpx.Client(
            transport=httpx.MockTransport(lambda request: httpx.Response(200, json=loop))
        ),
    )
    with pytest.raises(ValueError, match="repeats"):
        list(Paged(transport, "/users", parse=ids))
    assert list(Paged(transport, "/users", parse=ids, limit=2)) == ["1", "1"]


def test_async_paged_limits_pages_and_delta_link() -> None:
    server = Pages(delta=True)

    async def run() -> tuple[list[str], list[Page[str]], str | None, str | None]:
        async with server.asynchronous() as transport:
            limited = AsyncPaged(transport, "/users", params={"$top": 2}, parse=ids, limit=2)
            items = [item async for item in limited]
            collection = AsyncPaged(transport, "/users", parse=ids)
            pages = [page async for page in collection.pages()]
            return items, pages, limited.next_link, collection.delta_link

    items, pages, resume, delta = asyncio.run(run())
    assert items == ["1", "2"]
    assert resume == Pages.link("page2")
    assert [page.items for page in pages] == [["1", "2"], ["3"], ["4", "5"]]
    assert [page.next_link for page in pages] == [Pages.link("page2"), Pages.link("page3"), None]
    assert pages[-1].delta_link == delta == DELTA
    assert len(server.seen) == 1 + 3  # the limited walk asked for one page only
