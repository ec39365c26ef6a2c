"""What online look-ups learned about papers beyond their own fields.

arXiv's version and categories, when a paper was last checked, and the
checksum of each downloaded PDF live in side tables of their own, so the
paper table stays as the importers and the user shape it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.dialects.sqlite import insert

from readinglist_gui.core.library import Library
from readinglist_gui.core.models import ArxivDetails, Paper, PdfFile, utcnow

if TYPE_CHECKING:
    from readinglist_gui.core.arxiv import ArxivEntry


@dataclass(frozen=True, slots=True)
class ArxivInfo:
    version: int | None
    categories: list[str]
    checked_at: dt.datetime | None
    not_on_arxiv: bool


def upsert_details(conn: Connection, paper_id: int, **values: object) -> None:
    """Set some arXiv details of a paper, creating its row on first use."""
    row = {"categories": [], "not_on_arxiv": False, **values}
    statement = insert(ArxivDetails).values(paper_id=paper_id, **row)
    conn.execute(statement.on_conflict_do_update(index_elements=["paper_id"], set_=values))


def record_details(library: Library, found: Sequence[tuple[int, ArxivEntry]]) -> None:
    """Keep the latest version and categories arXiv reported, for each (paper id, entry)."""
    now = utcnow()
    with library.engine.begin() as conn:
        for paper_id, entry in found:
            upsert_details(
                conn,
                paper_id,
                version=entry.version,
                categories=list(entry.categories),
                checked_at=now,
            )


def mark_checked(library: Library, paper_ids: Sequence[int]) -> None:
    """Remember a look-up that found nothing, so a routine fetch does not repeat it."""
    with library.engine.begin() as conn:
        for paper_id in paper_ids:
            upsert_details(conn, paper_id, checked_at=utcnow())


def arxiv_info(library: Library, paper_id: int) -> ArxivInfo | None:
    with library.engine.connect() as conn:
        row = conn.execute(select(ArxivDetails).where(ArxivDetails.paper_id == paper_id)).first()
    if row is None:
        return None
    return ArxivInfo(row.version, list(row.categories), row.checked_at, row.not_on_arxiv)


def attach_pdfs(library: Library, downloads: Sequence[tuple[int, str, str, int, str]]) -> set[int]:
    """Point papers at downloaded PDFs and keep their checksums, all in one transaction.

    Each item is (paper id, path relative to the library folder, sha256, size,
    source URL). The paper's ``pdf_path`` is written exactly as
    ``Library.set_pdf`` writes it. One transaction of three statements, each
    run for many rows at once, keeps a 200-PDF run from spending its time
    building statements while the GUI waits for the interpreter. Returns the
    ids of papers that still exist and now have their PDF.
    """
    if not downloads:
        return set()
    paper, pdf_file = Paper.__table__, PdfFile.__table__
    now = utcnow()
    with library.engine.begin() as conn:
        # The write comes first, so the check after it sees no deletion sneak in between.
        conn.execute(
            update(paper)
            .where(paper.c.id == bindparam("paper_id"))
            .values(pdf_path=bindparam("new_path")),
            [{"paper_id": item[0], "new_path": item[1]} for item in downloads],
        )
        asked = [item[0] for item in downloads]
        attached = set(conn.execute(select(paper.c.id).where(paper.c.id.in_(asked))).scalars())
        rows = [
            {
                "paper_id": paper_id,
                "path": path,
                "sha256": sha256,
                "size": size,
                "source_url": url,
                "downloaded_at": now,
            }
            for paper_id, path, sha256, size, url in downloads
            if paper_id in attached
        ]
        if rows:
            statement = insert(pdf_file)
            columns = ("path", "sha256", "size", "source_url", "downloaded_at")
            upsert = statement.on_conflict_do_update(
                index_elements=["paper_id"],
                set_={name: statement.excluded[name] for name in columns},
            )
            conn.execute(upsert, rows)
    return attached


def pdf_sha256(library: Library, paper_id: int) -> str | None:
    """The checksum of the paper's PDF, if we downloaded the file it points at now."""
    with library.engine.connect() as conn:
        return conn.execute(
            select(PdfFile.sha256)
            .join(Paper, Paper.id == PdfFile.paper_id)
            .where(PdfFile.paper_id == paper_id, Paper.pdf_path == PdfFile.path)
        ).scalar()
