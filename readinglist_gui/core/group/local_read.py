"""This library's papers as the group sees them: shared fields and this member's progress.

Read in bulk, a chunk of ids per statement, so a first push of 10,000 papers
is a handful of queries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from readinglist_gui.core.group import state
from readinglist_gui.core.group.local_tables import GROUP_NOTE_SHARE, GROUP_PAPER
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import (
    Link,
    Note,
    Paper,
    PaperTag,
    PdfFile,
    ReaderState,
    Tag,
    table_of,
)

PAPER = table_of(Paper)
LINK = table_of(Link)
NOTE = table_of(Note)
PAPER_TAG = table_of(PaperTag)
TAG = table_of(Tag)
PDF = table_of(PdfFile)
READER = table_of(ReaderState)


@dataclass(slots=True)
class LocalPaper:
    """One local paper as the group sees it."""

    paper_id: int
    shared: state.Shared
    mine: state.Mine
    added_at: str | None


@dataclass(frozen=True, slots=True)
class Base:
    """What the server held of a linked paper after this library's last sync."""

    group_id: int
    shared: state.Shared
    mine: state.Mine


def read_papers(conn: Connection, ids: Iterable[int]) -> dict[int, LocalPaper]:
    """Every existing paper of ``ids``, read in chunks."""
    found: dict[int, LocalPaper] = {}
    for chunk in chunks(sorted(set(ids))):
        found.update(_read_chunk(conn, chunk))
    return found


def _read_chunk(conn: Connection, chunk: Sequence[int]) -> dict[int, LocalPaper]:
    p = PAPER.c
    papers: dict[int, LocalPaper] = {}
    for row in conn.execute(
        select(
            p.id,
            p.title,
            p.title_truncated,
            p.authors,
            p.year,
            p.venue,
            p.abstract,
            p.arxiv_id,
            p.doi,
            p.added_at,
            p.status,
            p.status_manual,
            p.status_changed_at,
            p.last_page,
            p.page_count,
            p.pages_seen,
        ).where(p.id.in_(chunk))
    ):
        shared: state.Shared = {
            "title": row[1],
            "title_truncated": bool(row[2]),
            "authors": list(row[3]),
            "year": row[4],
            "venue": row[5],
            "abstract": row[6],
            "arxiv_id": row[7],
            "doi": row[8],
            "links": [],
            "tags": [],
            "pdf": None,
        }
        mine: state.Mine = {
            "status": row[10],
            "status_manual": bool(row[11]),
            "status_changed_at": state.stamp(row[12]),
            "last_page": row[13],
            "page_count": row[14],
            "pages_seen": row[15] or 0,
            "zoom": None,
            "note": "",
            "note_shared": False,
        }
        papers[row[0]] = LocalPaper(row[0], shared, mine, state.stamp(row[9]))
    if not papers:
        return papers
    present = list(papers)
    for paper_id, url, kind in conn.execute(
        select(LINK.c.paper_id, LINK.c.url, LINK.c.kind)
        .where(LINK.c.paper_id.in_(present))
        .order_by(LINK.c.id)
    ):
        papers[paper_id].shared["links"].append([url, kind])
    for paper_id, name in conn.execute(
        select(PAPER_TAG.c.paper_id, TAG.c.name)
        .join(TAG, TAG.c.id == PAPER_TAG.c.tag_id)
        .where(PAPER_TAG.c.paper_id.in_(present))
    ):
        papers[paper_id].shared["tags"].append(name)
    for paper in papers.values():
        paper.shared["tags"] = state.sorted_tags(paper.shared["tags"])
    for paper_id, sha256, size in conn.execute(
        select(PDF.c.paper_id, PDF.c.sha256, PDF.c.size).where(PDF.c.paper_id.in_(present))
    ):
        papers[paper_id].shared["pdf"] = [sha256, size]
    for paper_id, zoom in conn.execute(
        select(READER.c.paper_id, READER.c.zoom).where(READER.c.paper_id.in_(present))
    ):
        papers[paper_id].mine["zoom"] = zoom
    for paper_id, markdown in conn.execute(
        select(NOTE.c.paper_id, NOTE.c.markdown).where(NOTE.c.paper_id.in_(present))
    ):
        papers[paper_id].mine["note"] = markdown
    for (paper_id,) in conn.execute(
        select(GROUP_NOTE_SHARE.c.paper_id).where(GROUP_NOTE_SHARE.c.paper_id.in_(present))
    ):
        papers[paper_id].mine["note_shared"] = True
    return papers


def read_bases(conn: Connection, ids: Iterable[int]) -> dict[int, Base]:
    """The bases of those of ``ids`` linked to the group (deleted papers' included)."""
    found: dict[int, Base] = {}
    g = GROUP_PAPER.c
    for chunk in chunks(sorted(set(ids))):
        for paper_id, group_id, shared, mine in conn.execute(
            select(g.paper_id, g.group_id, g.shared_base, g.mine_base).where(g.paper_id.in_(chunk))
        ):
            found[paper_id] = Base(group_id, json.loads(shared), json.loads(mine))
    return found


def local_ids_of(conn: Connection, group_ids: Iterable[int]) -> dict[int, int]:
    """Local paper id by group paper id, for those linked here."""
    found: dict[int, int] = {}
    g = GROUP_PAPER.c
    for chunk in chunks(sorted(set(group_ids))):
        found.update(
            (group_id, paper_id)
            for group_id, paper_id in conn.execute(
                select(g.group_id, g.paper_id).where(g.group_id.in_(chunk))
            )
        )
    return found


def all_paper_ids(conn: Connection) -> list[int]:
    return list(conn.execute(select(PAPER.c.id).order_by(PAPER.c.id)).scalars())


def dumps(value: Any) -> str:
    """Compact JSON; keys in the order the dicts were built, which is always the same."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
