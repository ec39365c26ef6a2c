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

from sqlalchemy import select

from readinglist_gui.core.library import Library
from readinglist_gui.core.models import ArxivDetails, Paper, PdfFile
from readinglist_gui.core.writes.online import AttachPdfs, MarkChecked, RecordDetails

if TYPE_CHECKING:
    from readinglist_gui.core.arxiv_feed import ArxivEntry


@dataclass(frozen=True, slots=True)
class ArxivInfo:
    version: int | None
    categories: list[str]
    checked_at: dt.datetime | None
    not_on_arxiv: bool


def record_details(library: Library, found: Sequence[tuple[int, ArxivEntry]]) -> None:
    """Keep the latest version and categories arXiv reported, for each (paper id, entry)."""
    library.write(RecordDetails(tuple(found)))


def mark_checked(library: Library, paper_ids: Sequence[int]) -> None:
    """Remember a look-up that found nothing, so a routine fetch does not repeat it."""
    library.write(MarkChecked(tuple(paper_ids)))


def arxiv_info(library: Library, paper_id: int) -> ArxivInfo | None:
    with library.engine.connect() as conn:
        row = conn.execute(select(ArxivDetails).where(ArxivDetails.paper_id == paper_id)).first()
    if row is None:
        return None
    return ArxivInfo(row.version, list(row.categories), row.checked_at, row.not_on_arxiv)


def attach_pdfs(library: Library, downloads: Sequence[tuple[int, str, str, int, str]]) -> set[int]:
    """Point papers at downloaded PDFs (see ``writes.online.AttachPdfs``); returns those attached."""
    return library.write(AttachPdfs(tuple(downloads))).value


def pdf_sha256(library: Library, paper_id: int) -> str | None:
    """The checksum of the paper's PDF, if we downloaded the file it points at now."""
    with library.engine.connect() as conn:
        return conn.execute(
            select(PdfFile.sha256)
            .join(Paper, Paper.id == PdfFile.paper_id)
            .where(PdfFile.paper_id == paper_id, Paper.pdf_path == PdfFile.path)
        ).scalar()
