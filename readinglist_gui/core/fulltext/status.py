"""How far the page index has got, from the database alone (no file is looked at).

For the UI's status line and the Text-of-PDFs scope: how many PDFs are
indexed, without text or skipped, how many were never read, and the reasons.
Which PDFs changed on disk since they were read only ``Indexer.pending`` can
tell, since that takes a ``stat`` of each file.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from readinglist_gui.core.fulltext.indexer import Problem
from readinglist_gui.core.fulltext.store import PAPER
from readinglist_gui.core.fulltext.tables import PDF_TEXT, TextState
from readinglist_gui.core.library import Library


@dataclass(frozen=True, slots=True)
class IndexStatus:
    pdfs: int
    """Papers with a PDF."""
    indexed: int
    no_text: int
    skipped: int
    pages: int
    """Pages in the index."""

    @property
    def unread(self) -> int:
        """PDFs never read (new since the last run); changed ones are not counted."""
        return self.pdfs - self.indexed - self.no_text - self.skipped


def index_status(library: Library) -> IndexStatus:
    with library.engine.connect() as conn:
        pdfs = conn.execute(
            select(func.count()).select_from(PAPER).where(PAPER.c.pdf_path.is_not(None))
        ).scalar_one()
        counts = {
            TextState(state): (count, pages)
            for state, count, pages in conn.execute(
                select(PDF_TEXT.c.state, func.count(), func.sum(PDF_TEXT.c.text_pages))
                .join(PAPER, PAPER.c.id == PDF_TEXT.c.paper_id)
                .where(PAPER.c.pdf_path == PDF_TEXT.c.path)
                .group_by(PDF_TEXT.c.state)
            )
        }
    indexed, pages = counts.get(TextState.INDEXED, (0, 0))
    return IndexStatus(
        pdfs=pdfs,
        indexed=indexed,
        no_text=counts.get(TextState.NO_TEXT, (0, 0))[0],
        skipped=counts.get(TextState.SKIPPED, (0, 0))[0],
        pages=int(pages or 0),
    )


def unread_pdfs(library: Library) -> int:
    """PDFs the index has never read (or read under another path)."""
    return index_status(library).unread


def problems(library: Library) -> list[Problem]:
    """Every PDF skipped or without text, and indexed ones with a note, by paper id."""
    with library.engine.connect() as conn:
        rows = conn.execute(
            select(PDF_TEXT.c.paper_id, PDF_TEXT.c.state, PDF_TEXT.c.reason)
            .where(PDF_TEXT.c.reason != "")
            .order_by(PDF_TEXT.c.paper_id)
        ).all()
    return [Problem(paper_id, TextState(state), reason) for paper_id, state, reason in rows]
