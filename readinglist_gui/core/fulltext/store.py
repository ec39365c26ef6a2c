"""The writes of the page index, as ops the library's one writer runs.

Reading a PDF takes far longer than storing its pages, so the indexer reads
outside any transaction and hands the writer a batch of finished PDFs at a
time. A batch only stores what still holds when it runs: a paper deleted, or
pointed at another file, while its PDF was being read is left out.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select

from readinglist_gui.core.fulltext.extraction import Extraction
from readinglist_gui.core.fulltext.sqlite_pages import PageIndex
from readinglist_gui.core.fulltext.tables import PDF_TEXT, forget
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import Paper, table_of, utcnow
from readinglist_gui.core.writes.changes import Aspect
from readinglist_gui.core.writes.writer import Tx

PAPER = table_of(Paper)
MISSING = -1
"""Size and time recorded for a file that could not be found."""


@dataclass(frozen=True, slots=True)
class FileStamp:
    """Which file was read: the paper's ``pdf_path`` then, and the file's size and time.

    Size and modification time rather than a checksum: comparing them costs one
    ``stat`` per PDF, so an index with nothing new is checked in milliseconds,
    where hashing 1,000 PDFs would read every byte of them again.
    """

    path: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, relative: str, file: Path | None) -> FileStamp:
        if file is None:
            return cls(relative, MISSING, MISSING)
        try:
            found = os.stat(file)
        except OSError:
            return cls(relative, MISSING, MISSING)
        return cls(relative, found.st_size, found.st_mtime_ns)


@dataclass(frozen=True, slots=True)
class PdfText:
    """One PDF read: whose, which file, and what came of it."""

    paper_id: int
    stamp: FileStamp
    extraction: Extraction


@dataclass(frozen=True, slots=True)
class StorePdfTexts:
    """Put PDFs' pages in the index, replacing what it held for those papers.

    Returns the ids stored. Not undoable: the index is derived from the files.
    """

    texts: tuple[PdfText, ...]
    label: str = "Index the text of PDFs"

    def apply(self, tx: Tx) -> list[int]:
        kept = _still_pointing(tx, self.texts)
        if not kept:
            return []
        ids = [text.paper_id for text in kept]
        forget(tx.conn, ids)
        now = utcnow()
        for text in kept:
            PageIndex.store(tx.conn, text.paper_id, text.extraction.pages)
        rows = [
            {
                "paper_id": text.paper_id,
                "path": text.stamp.path,
                "size": text.stamp.size,
                "mtime_ns": text.stamp.mtime_ns,
                "state": text.extraction.state.value,
                "reason": text.extraction.reason,
                "pages": text.extraction.page_count,
                "text_pages": len(text.extraction.pages),
                "chars": sum(len(body) for _, body in text.extraction.pages),
                "read_at": now,
            }
            for text in kept
        ]
        tx.conn.execute(insert(PDF_TEXT), rows)
        tx.record.changed(ids, Aspect.FULLTEXT)
        return ids


@dataclass(frozen=True, slots=True)
class ForgetPdfTexts:
    """Drop the pages and records of these papers (their PDF is gone); returns how many had any."""

    ids: tuple[int, ...]
    label: str = "Forget the text of PDFs"

    def apply(self, tx: Tx) -> int:
        forgotten = forget(tx.conn, self.ids)
        tx.record.changed(forgotten, Aspect.FULLTEXT)
        return len(forgotten)


def _still_pointing(tx: Tx, texts: Sequence[PdfText]) -> list[PdfText]:
    """The texts whose paper still exists and still points at the file that was read."""
    current: dict[int, str | None] = {}
    for chunk in chunks(sorted({text.paper_id for text in texts})):
        statement = select(PAPER.c.id, PAPER.c.pdf_path).where(PAPER.c.id.in_(chunk))
        current.update((paper_id, path) for paper_id, path in tx.conn.execute(statement))
    latest = {text.paper_id: text for text in texts}
    return [text for text in latest.values() if current.get(text.paper_id) == text.stamp.path]
