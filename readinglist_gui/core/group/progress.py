"""Who in the group has read what, from what the last pull brought: no network involved.

``read_by`` is what a "read by 3 of 5" column asks for the rows it shows;
``progress`` is the whole table ``group progress`` prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from readinglist_gui.core.group.local_read import PAPER
from readinglist_gui.core.group.local_tables import (
    GROUP_NOTE,
    GROUP_PAPER,
    GROUP_PROGRESS,
    MEMBERS,
    read_json,
    read_link,
)
from readinglist_gui.core.library import Library
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.records import Status


@dataclass(frozen=True, slots=True)
class ReadBy:
    """Which members have read a paper (any status but unread), out of how many."""

    readers: tuple[str, ...]
    members: int

    @property
    def label(self) -> str:
        return f"read by {len(self.readers)} of {self.members}"


@dataclass(frozen=True, slots=True)
class SharedNote:
    author: str
    markdown: str


def members(conn: Connection) -> list[str]:
    """The group's members as last pulled (this member included, first pull or not)."""
    link = read_link(conn)
    if link is None:
        return []
    found: list[str] = read_json(conn, MEMBERS, [])
    return sorted(set(found) | {link.role})


def statuses(conn: Connection, ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Each member's status per paper of ``ids`` (papers not in the group left out)."""
    link = read_link(conn)
    if link is None:
        return {}
    everyone = members(conn)
    found: dict[int, dict[str, str]] = {}
    for chunk in chunks(sorted(set(ids))):
        for paper_id, status in conn.execute(
            select(PAPER.c.id, PAPER.c.status)
            .join(GROUP_PAPER, GROUP_PAPER.c.paper_id == PAPER.c.id)
            .where(PAPER.c.id.in_(chunk))
        ):
            found[paper_id] = dict.fromkeys(everyone, Status.UNREAD.value) | {link.role: status}
        for paper_id, member, status in conn.execute(
            select(
                GROUP_PROGRESS.c.paper_id, GROUP_PROGRESS.c.member, GROUP_PROGRESS.c.status
            ).where(GROUP_PROGRESS.c.paper_id.in_(chunk))
        ):
            if paper_id in found and member in found[paper_id]:
                found[paper_id][member] = status
    return found


def read_by(library: Library, ids: Iterable[int]) -> dict[int, ReadBy]:
    """ "Read by" for each paper of ``ids`` in the group: cheap enough for a table's page."""
    with library.engine.connect() as conn:
        total = len(members(conn))
        return {
            paper_id: ReadBy(
                tuple(m for m, s in sorted(per.items()) if s != Status.UNREAD.value), total
            )
            for paper_id, per in statuses(conn, ids).items()
        }


def shared_notes(library: Library, paper_id: int) -> list[SharedNote]:
    """The notes other members share on a paper, by author: read-only here."""
    with library.engine.connect() as conn:
        rows = conn.execute(
            select(GROUP_NOTE.c.author, GROUP_NOTE.c.markdown)
            .where(GROUP_NOTE.c.paper_id == paper_id)
            .order_by(GROUP_NOTE.c.author)
        )
        return [SharedNote(author, markdown) for author, markdown in rows]


def progress(library: Library) -> list[dict[str, Any]]:
    """Per paper in the group: id, arXiv id, title and every member's status."""
    with library.engine.connect() as conn:
        rows = conn.execute(
            select(PAPER.c.id, PAPER.c.arxiv_id, PAPER.c.title)
            .join(GROUP_PAPER, GROUP_PAPER.c.paper_id == PAPER.c.id)
            .order_by(PAPER.c.id)
        ).all()
        per = statuses(conn, [row[0] for row in rows])
    return [
        {"id": pid, "arxiv_id": arxiv_id, "title": title, "members": per.get(pid, {})}
        for pid, arxiv_id, title in rows
    ]
