"""What the reader needs to open a paper, read in one go, and where it keeps its view.

Opening a paper is on the user's clock, so the reader asks for exactly what
it shows (title, PDF, note, last page, zoom, highlights) on one connection
with plain statements, instead of the full ORM detail the details pane uses
(five queries and object loading, ~15 ms). The zoom lives in the library's
``reader_state`` table: per library, so ids that repeat across libraries
cannot collide, and gone with the paper.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from readinglist_gui.core import highlights
from readinglist_gui.core.highlights import Highlight
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import Link, Note, PdfMarksRead, ReaderState, table_of
from readinglist_gui.core.records import LinkKind, LinkRecord, Status
from readinglist_gui.core.writes.changes import Aspect
from readinglist_gui.core.writes.rows import PAPER
from readinglist_gui.core.writes.writer import Tx

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library

NOTE = table_of(Note)
LINK = table_of(Link)
READER = table_of(ReaderState)
MARKS_READ = table_of(PdfMarksRead)
ZOOM_CHARS = 16
"""The column's width: a fit mode's name or a factor such as ``1.25``."""


@dataclass(frozen=True, slots=True)
class ReaderOpening:
    """One paper as the reader opens it."""

    paper_id: int
    title: str
    pdf_path: Path | None
    pdf_relative: str | None
    """The PDF's path as the library keeps it, relative to its folder."""
    marks_read: bool
    """Whether the marks in this PDF were already taken in as highlights."""
    note: str
    status: Status
    last_page: int | None
    pages_seen: int
    zoom: str | None
    arxiv_id: str | None
    links: tuple[LinkRecord, ...]
    highlights: tuple[Highlight, ...]

    @property
    def has_pdf_source(self) -> bool:
        """Whether a download could find this paper's PDF: an arXiv id or a PDF link."""
        return bool(self.arxiv_id) or any(link.kind is LinkKind.PDF for link in self.links)


def read_opening(library: Library, paper_id: int) -> ReaderOpening | None:
    """The paper as the reader opens it, or None if there is no such paper."""
    statement = (
        select(
            PAPER.c.title,
            PAPER.c.pdf_path,
            PAPER.c.status,
            PAPER.c.last_page,
            PAPER.c.pages_seen,
            PAPER.c.arxiv_id,
            NOTE.c.markdown,
            READER.c.zoom,
            MARKS_READ.c.path,
        )
        .select_from(
            PAPER.outerjoin(NOTE, NOTE.c.paper_id == PAPER.c.id)
            .outerjoin(READER, READER.c.paper_id == PAPER.c.id)
            .outerjoin(MARKS_READ, MARKS_READ.c.paper_id == PAPER.c.id)
        )
        .where(PAPER.c.id == paper_id)
    )
    with library.engine.connect() as conn:
        row = conn.execute(statement).first()
        if row is None:
            return None
        links = conn.execute(
            select(LINK.c.url, LINK.c.kind).where(LINK.c.paper_id == paper_id).order_by(LINK.c.id)
        ).all()
        marked = highlights.of_paper(conn, paper_id)
    title, pdf, status, last_page, pages_seen, arxiv_id, note, zoom, marks_path = row
    return ReaderOpening(
        paper_id=paper_id,
        title=title or "",
        pdf_path=library.folder / pdf if pdf else None,
        pdf_relative=pdf or None,
        marks_read=bool(pdf) and marks_path == pdf,
        note=note or "",
        status=Status(status),
        last_page=last_page,
        pages_seen=pages_seen or 0,
        zoom=zoom,
        arxiv_id=arxiv_id,
        links=tuple(LinkRecord(url, LinkKind(kind)) for url, kind in links),
        highlights=tuple(marked),
    )


def warm_reads(library: Library) -> None:
    """Run the opening read once on some paper, so the first real one finds its statements
    compiled (SQLAlchemy caches them per process; compiling costs a few milliseconds)."""
    with library.engine.connect() as conn:
        some = conn.execute(select(PAPER.c.id).limit(1)).scalar()
    if some is not None:
        read_opening(library, some)


@dataclass(frozen=True, slots=True)
class AdoptZooms:
    """Zooms the reader kept outside the library, taken in for papers that have none here.

    Older versions kept each paper's zoom in the user's settings under the
    paper's id, which repeats between libraries; a zoom is only a view, so a
    guess that was another library's costs nothing. Returns how many were taken.
    """

    zooms: tuple[tuple[int, str], ...]
    label: str = "Remember the zoom"

    @classmethod
    def of(cls, zooms: Mapping[int, str]) -> AdoptZooms:
        return cls(tuple(sorted((i, z[:ZOOM_CHARS]) for i, z in zooms.items() if z)))

    def apply(self, tx: Tx) -> int:
        wanted = dict(self.zooms)
        papers: set[int] = set()
        for chunk in chunks(sorted(wanted)):
            papers.update(
                tx.conn.execute(select(PAPER.c.id).where(PAPER.c.id.in_(chunk))).scalars()
            )
            papers.difference_update(
                tx.conn.execute(
                    select(READER.c.paper_id).where(READER.c.paper_id.in_(chunk))
                ).scalars()
            )
        rows = [{"paper_id": i, "zoom": wanted[i]} for i in sorted(papers)]
        for batch in chunks(rows):
            tx.conn.execute(insert(READER), list(batch))
        tx.record.changed(papers, Aspect.READER)
        return len(rows)
