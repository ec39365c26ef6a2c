"""Server rows to the plain shapes of ``state`` and back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, select

from readinglist_gui.core.group import state
from readinglist_gui.core.group.server_tables import NOTE, PAPER, PROGRESS
from readinglist_gui.core.identity import title_key
from readinglist_gui.core.merge import chunks

SHARED_COLUMNS = (
    PAPER.c.id,
    PAPER.c.title,
    PAPER.c.title_truncated,
    PAPER.c.authors,
    PAPER.c.year,
    PAPER.c.venue,
    PAPER.c.abstract,
    PAPER.c.arxiv_id,
    PAPER.c.doi,
    PAPER.c.links,
    PAPER.c.tags,
    PAPER.c.pdf_sha256,
    PAPER.c.pdf_size,
    PAPER.c.added_at,
)
CHUNK = 2000


def shared_of(row: Sequence[Any]) -> state.Shared:
    """``SHARED_COLUMNS`` of a server row as a shared dict."""
    return {
        "title": row[1],
        "title_truncated": bool(row[2]),
        "authors": list(row[3] or []),
        "year": row[4],
        "venue": row[5],
        "abstract": row[6],
        "arxiv_id": row[7],
        "doi": row[8],
        "links": [list(link) for link in row[9] or []],
        "tags": state.sorted_tags(row[10] or []),
        "pdf": None if row[11] is None else [row[11], row[12]],
    }


def paper_values(shared: state.Shared) -> dict[str, Any]:
    """A shared dict as the server's paper columns."""
    pdf = shared["pdf"]
    return {
        "title": shared["title"],
        "title_key": title_key(shared["title"]),
        "title_truncated": shared["title_truncated"],
        "authors": shared["authors"],
        "year": shared["year"],
        "venue": shared["venue"],
        "abstract": shared["abstract"],
        "arxiv_id": shared["arxiv_id"],
        "doi": shared["doi"],
        "links": shared["links"],
        "tags": shared["tags"],
        "pdf_sha256": None if pdf is None else pdf[0],
        "pdf_size": None if pdf is None else pdf[1],
    }


def read_shared(conn: Connection, group_ids: Iterable[int]) -> dict[int, state.Shared]:
    found: dict[int, state.Shared] = {}
    for chunk in chunks(sorted(set(group_ids)), CHUNK):
        for row in conn.execute(select(*SHARED_COLUMNS).where(PAPER.c.id.in_(chunk))):
            found[row[0]] = shared_of(row)
    return found


def read_mine(conn: Connection, role: str, group_ids: Iterable[int]) -> dict[int, state.Mine]:
    """This role's progress and note on each paper that has either on the server."""
    found: dict[int, state.Mine] = {}
    p, n = PROGRESS.c, NOTE.c
    for chunk in chunks(sorted(set(group_ids)), CHUNK):
        for row in conn.execute(
            select(
                p.paper_id,
                p.status,
                p.status_manual,
                p.status_changed_at,
                p.last_page,
                p.page_count,
                p.pages_seen,
                p.zoom,
            ).where(p.member == role, p.paper_id.in_(chunk))
        ):
            mine = dict(state.EMPTY_MINE)
            mine.update(
                status=row[1],
                status_manual=bool(row[2]),
                status_changed_at=state.stamp(row[3]),
                last_page=row[4],
                page_count=row[5],
                pages_seen=row[6] or 0,
                zoom=row[7],
            )
            found[row[0]] = mine
        for paper_id, markdown, shared in conn.execute(
            select(n.paper_id, n.markdown, n.shared).where(n.member == role, n.paper_id.in_(chunk))
        ):
            mine = found.setdefault(paper_id, dict(state.EMPTY_MINE))
            mine.update(note=markdown, note_shared=bool(shared))
    return found


def progress_values(mine: state.Mine) -> dict[str, Any]:
    return {
        "status": mine["status"],
        "status_manual": mine["status_manual"],
        "status_changed_at": state.unstamp(mine["status_changed_at"]),
        "last_page": mine["last_page"],
        "page_count": mine["page_count"],
        "pages_seen": mine["pages_seen"],
        "zoom": mine["zoom"],
    }
