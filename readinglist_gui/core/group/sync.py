"""Init, join, sync and leave: the group's life as the command line and the app drive it.

``sync_once`` is what a background thread calls: it opens one connection,
pushes, pulls, closes, and raises ``GroupError`` with one line when it
cannot. Every local change it does not manage to push stays queued in the
change log (the push cursor only moves once the server has committed), so a
sync cut short at any point is simply run again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.engine import URL

from readinglist_gui.core import library_meta
from readinglist_gui.core.group import server_schema
from readinglist_gui.core.group.adopt import Adopt, Adopted
from readinglist_gui.core.group.connection import (
    GroupError,
    connected,
    server_url,
    stored_url,
    translated,
    with_password,
)
from readinglist_gui.core.group.link_ops import LinkGroup, UnlinkGroup
from readinglist_gui.core.group.local_tables import (
    FROM_GROUP,
    PULLED,
    GroupLink,
    read_int,
    read_link,
)
from readinglist_gui.core.group.pull import pull
from readinglist_gui.core.group.push import Pushed, push
from readinglist_gui.core.group.server_tables import check_group, current_role
from readinglist_gui.core.library import Library
from readinglist_gui.core.writes.change_log import PUSHED

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


@dataclass(slots=True)
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    added: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"sent {self.pushed:,} papers", f"received {self.pulled:,}"]
        if self.added:
            parts.append(f"{self.added:,} new here")
        if self.removed:
            parts.append(f"{self.removed:,} removed by the owner")
        return ", ".join(parts)


def link_of(library: Library) -> GroupLink:
    with library.engine.connect() as conn:
        link = read_link(conn)
    if link is None:
        raise GroupError(
            "this library is not in a reading group; `group init URL` or `group join URL` first"
        )
    return link


def init(library: Library, address: str) -> SyncReport:
    """Create a group in an empty database, owned by the connecting role, and push this library."""
    _refuse_if_linked(library)
    url = server_url(address)
    with translated(), connected(url) as server:
        role = current_role(server)
        with server.begin():
            exists = server.execute(
                text("SELECT to_regnamespace(:s)"), {"s": server_schema.SCHEMA}
            ).scalar()
            if exists is not None:
                raise GroupError(
                    "this database already holds a reading group; members `group join` it"
                )
            group_id = server_schema.create(server, role)
        link = GroupLink(stored_url(url), role, group_id, role)
        library.write(LinkGroup(link))
        return _sync(library, link, url, first=True)


def join(library: Library, address: str) -> SyncReport:
    """Link this library (empty or not) to an existing group, then sync with it."""
    _refuse_if_linked(library)
    url = server_url(address)
    with translated(), connected(url) as server:
        role = current_role(server)
        with server.begin():
            info = check_group(server, role)
    link = GroupLink(stored_url(url), role, info["group_id"], info["owner"])
    library.write(LinkGroup(link))
    return _sync(library, link, url)


def sync_once(library: Library, password: str | None = None) -> SyncReport:
    """Push this library's changes, then pull the group's; safe to call from any thread.

    Two calls for one library never overlap: the second waits for the first.
    ``password`` is one the app asked for this session, used and never kept.
    """
    link = link_of(library)
    return _sync(library, link, with_password(server_url(link.url), password))


def leave(library: Library) -> GroupLink:
    """Unlink the library from its group; the local library stays as it is."""
    link = link_of(library)
    library.write(UnlinkGroup(), origin=FROM_GROUP)
    return link


def _sync(library: Library, link: GroupLink, url: URL, *, first: bool = False) -> SyncReport:
    with _lock_for(library), translated(), connected(url) as server:
        role = current_role(server)
        if role != link.role:
            raise GroupError(
                f"this library is in the group as {link.role}, but the server knows you as {role}"
            )
        pushed = push_once(library, server, link, first=first)
        report = SyncReport(pushed=len(pushed.links) + len(pushed.unlinked))
        report.problems.extend(pushed.problems)
        if not first:
            done = pull_once(library, server, link)
            report.pulled, report.added, report.removed = done.papers, done.added, done.removed
        return report


def push_once(
    library: Library, server: Connection, link: GroupLink, *, first: bool = False
) -> Pushed:
    """Push alone, and adopt its outcome (a sync is this, then ``pull_once``).

    After the first push of a new group nothing is left to pull: the cursor
    moves past what this push itself wrote.
    """
    with library.engine.connect() as conn:
        cursor = library_meta.get(conn, PUSHED)
    with translated():
        full = cursor is None
        pushed = push(library.engine, server, link, int(cursor or 0), full=full, first=first)
    library.write(Adopt(pushed=pushed, pulled_through=pushed.server_seq), origin=FROM_GROUP)
    return pushed


def pull_once(library: Library, server: Connection, link: GroupLink) -> Adopted:
    """Pull alone: everything the group changed since this library's cursor, adopted."""
    with library.engine.connect() as conn:
        cursor = read_int(conn, PULLED)
    with translated():
        pulled = pull(server, link, cursor)
    return library.write(Adopt(pulled=pulled), origin=FROM_GROUP).value


def _refuse_if_linked(library: Library) -> None:
    with library.engine.connect() as conn:
        link = read_link(conn)
    if link is not None:
        raise GroupError(
            f"this library is already in a reading group ({link.url}); `group leave` it first"
        )


def _lock_for(library: Library) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(library.folder.resolve(), threading.Lock())
