"""A paper as the group shares it, a member's progress on it, and how two versions merge.

Both sides are reduced to the same plain, JSON-ready dicts: ``shared`` (the
fields every member sees) and ``mine`` (one member's progress and note).
The library keeps, per linked paper, both dicts as the server last had them
(the *base*). What differs between the library and its base is exactly what
this member changed since the last sync; that, and only that, is sent, and
merged field by field into whatever the server holds by then. So two members
editing different fields of a paper both keep their edit, and on one field
the later push (the higher server sequence) wins.

A paper met for the first time on both sides (a library joining a group that
already has it) merges by the import rules of ``core.merge``: what the group
has stays, the library only fills its gaps; tags and links are united.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from readinglist_gui.core.records import Status

Shared = dict[str, Any]
Mine = dict[str, Any]
SCALARS = ("title", "title_truncated", "authors", "year", "venue", "abstract", "arxiv_id", "doi")
MINE_GROUPS: dict[str, tuple[str, ...]] = {
    "status": ("status", "status_manual", "status_changed_at"),
    "reading": ("last_page", "page_count", "pages_seen"),
    "zoom": ("zoom",),
    "note": ("note",),
    "note_shared": ("note_shared",),
}
"""Fields of ``mine`` that travel together: a status and its by-hand flag are one choice."""
MINE_FIELDS = tuple(field for fields in MINE_GROUPS.values() for field in fields)
EMPTY_MINE: Mine = {
    "status": Status.UNREAD.value,
    "status_manual": False,
    "status_changed_at": None,
    "last_page": None,
    "page_count": None,
    "pages_seen": 0,
    "zoom": None,
    "note": "",
    "note_shared": False,
}
CONFLICT_MARK = (
    "\n\n---\n\n"
    "**Edited on two devices.** Both texts are kept: the one above came from "
    "another device, the one below from this one.\n\n"
)
"""Between the two texts of a note edited on two devices before either synced."""


def stamp(value: dt.datetime | None) -> str | None:
    """A timestamp as both sides store it: naive UTC, as text with microseconds."""
    return None if value is None else value.replace(tzinfo=None).isoformat(timespec="microseconds")


def unstamp(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def tag_keys(names: list[str]) -> dict[str, str]:
    return {" ".join(name.split()).casefold(): name for name in names}


def sorted_tags(names: list[str] | Any) -> list[str]:
    return sorted(tag_keys(list(names)).values(), key=str.casefold)


def shared_changes(local: Shared, base: Shared) -> list[str]:
    """The shared fields this library changed since it last synced."""
    changed = [name for name in SCALARS if local[name] != base[name]]
    if set(tag_keys(local["tags"])) != set(tag_keys(base["tags"])):
        changed.append("tags")
    if _link_map(local["links"]) != _link_map(base["links"]):
        changed.append("links")
    if local["pdf"] != base["pdf"]:
        changed.append("pdf")
    return changed


def merge_shared(server: Shared, local: Shared, base: Shared | None) -> Shared:
    """What the server should hold once this library's edits are merged into it."""
    merged = dict(server)
    if base is None:
        _fill_gaps(merged, local)
        return merged
    for name in SCALARS:
        if local[name] != base[name]:
            merged[name] = local[name]
    local_tags, base_tags = tag_keys(local["tags"]), tag_keys(base["tags"])
    tags = tag_keys(server["tags"])
    tags.update({k: v for k, v in local_tags.items() if k not in base_tags})
    for key in set(base_tags) - set(local_tags):
        tags.pop(key, None)
    merged["tags"] = sorted(tags.values(), key=str.casefold)
    local_links, base_links = _link_map(local["links"]), _link_map(base["links"])
    links = _link_map(server["links"])
    links.update({u: k for u, k in local_links.items() if base_links.get(u) != k})
    for url in set(base_links) - set(local_links):
        links.pop(url, None)
    merged["links"] = [[url, kind] for url, kind in links.items()]
    if local["pdf"] != base["pdf"]:
        merged["pdf"] = local["pdf"]
    return merged


def _fill_gaps(merged: Shared, local: Shared) -> None:
    """``core.merge.merge_into``'s rules, for a paper both sides had before they met."""
    if local["title"] and (
        not merged["title"] or (merged["title_truncated"] and not local["title_truncated"])
    ):
        merged["title"], merged["title_truncated"] = local["title"], local["title_truncated"]
    for name in ("authors", "venue", "abstract", "arxiv_id", "doi", "pdf"):
        if local[name] and not merged[name]:
            merged[name] = local[name]
    if local["year"] is not None and merged["year"] is None:
        merged["year"] = local["year"]
    tags = tag_keys(local["tags"])
    tags.update(tag_keys(merged["tags"]))
    merged["tags"] = sorted(tags.values(), key=str.casefold)
    links = _link_map(local["links"])
    links.update(_link_map(merged["links"]))
    merged["links"] = [[url, kind] for url, kind in links.items()]


def _link_map(links: list[list[str]] | list[tuple[str, str]]) -> dict[str, str]:
    return {url: kind for url, kind in links}


def merge_mine(server: Mine | None, local: Mine, base: Mine | None) -> Mine:
    """This member's progress once this device's changes are merged into the server's.

    With a base, each group of fields this device changed wins (it is the later
    write). Without one (a library joining with progress of its own), progress
    only moves forward, as automatic promotion does, and a note on both sides
    keeps both texts.
    """
    merged = dict(server if server is not None else EMPTY_MINE)
    for group, fields in MINE_GROUPS.items():
        if group == "note":
            continue
        if base is None:
            if not _ahead(group, local, merged):
                continue
        elif all(local[f] == base[f] for f in fields):
            continue
        for field in fields:
            merged[field] = local[field]
    merged["note"] = merge_note(
        merged["note"], local["note"], None if base is None else base["note"]
    )
    return merged


def _ahead(group: str, local: Mine, server: Mine) -> bool:
    if group == "status":
        if local["status_manual"] and not server["status_manual"]:
            return True
        return bool(Status(local["status"]).rank > Status(server["status"]).rank)
    if group == "reading":
        return server["last_page"] is None and local["last_page"] is not None
    if group == "zoom":
        return server["zoom"] is None and local["zoom"] is not None
    return bool(local["note_shared"]) and not server["note_shared"]


def merge_note(server: str, local: str, base: str | None) -> str:
    """A note edited here since the last sync, against what the server has now.

    If the server still has the text this device last saw, the edit simply
    replaces it. If another device changed it meanwhile, both texts are kept,
    the other device's first, and the seam says so: nothing is silently lost.
    """
    if local == (base if base is not None else "") or local == server:
        return server
    if server == (base if base is not None else "") or not server.strip():
        return local
    if not local.strip():
        return server
    if base is None and (local.strip() in server or server.strip() in local):
        return server if local.strip() in server else local
    return server.rstrip() + CONFLICT_MARK + local.lstrip()
