"""Spellings of one Graph request path that Graph itself addresses alike.

Pages document one spelling and their examples often send another; the mock and the
example tests need to know they are the same resource, or every such example looks like a
defect it is not. The equivalences are Graph's, written in the OneDrive addressing docs:

* `/drive` is the signed-in user's drive, `/me/drive`;
* `root` after a drive (`/me/drive/root`, `/drives/{id}/root`) is an item like any other,
  `items/root`.

`/me` as `/users/{id}` is not a rewrite of one path into another (an id would have to be
made up): the mock adds `/me` routes and the clients `/me` variants for those templates.
Path-based addressing (`root:/a/b.txt:`) is not rewritten: it names an item by a path no
id can stand for.
"""

from __future__ import annotations

import re

# How a documented path template marks a value (`{id}`, `<id>`) and an example id left in
# it (a GUID): the mock's routes and the generated clients must read templates alike, or a
# client would send a path the mock does not route.
TEMPLATE_PLACEHOLDER = re.compile(r"\{[^{}]*\}|<[^<>]*>")
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

_DRIVE_ROOT = re.compile(r"(^|/)(drive|drives/[^/]+)/root(?=/|$)", re.IGNORECASE)
_USER_DRIVE = re.compile(r"^/me/drive(?=/|$)", re.IGNORECASE)
_DRIVE = re.compile(r"^/drive(?=/|$)", re.IGNORECASE)


def graph_spellings(path: str) -> list[str]:
    """Other spellings of `path` (version and query removed) naming the same resource.

    In the order to try them: the root item first, then the other drive prefix. `path`
    itself is not included; an empty list when Graph knows no other spelling.
    """
    path = "/" + path.lstrip("/")
    as_item = _DRIVE_ROOT.sub(r"\1\2/items/root", path)
    found: list[str] = []
    for spelling in (as_item, _swap_drive_prefix(path), _swap_drive_prefix(as_item)):
        if spelling is not None and spelling != path and spelling not in found:
            found.append(spelling)
    return found


def _swap_drive_prefix(path: str) -> str | None:
    """`/drive/...` ↔ `/me/drive/...`; None when `path` starts with neither."""
    if _USER_DRIVE.match(path):
        return path[len("/me") :]
    if _DRIVE.match(path):
        return "/me" + path
    return None
