"""A PDF becomes a paper's: copied into the library, with the highlights already in it.

Whether the file came from the user (``attach``, the reader's "Attach a PDF…")
or from arXiv (``fetch``), the marks and notes other readers left in it are
read once it is in the library, and join the paper's highlights; the same file
again adds nothing twice. Reading them never makes an attach fail: a file whose
annotations cannot be read is attached with none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import update

from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.pdf import PdfError, attach_pdf
from readinglist_gui.core.records import HighlightRecord
from readinglist_gui.core.writes.changes import Aspect
from readinglist_gui.core.writes.highlight_edits import (
    TakeInFileMarks,
    remember_marks_read,
    store_highlights,
)
from readinglist_gui.core.writes.rows import PAPER
from readinglist_gui.core.writes.writer import Tx

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library


@dataclass(frozen=True, slots=True)
class Attached:
    path: Path
    highlights: int
    """Highlights the file brought that the paper did not have."""


@dataclass(frozen=True, slots=True)
class AttachPdf:
    """Point a paper at its new PDF and take in the file's highlights, in one transaction."""

    paper_id: int
    relative_path: str
    highlights: tuple[HighlightRecord, ...] = ()
    label: str = "Attach PDF"

    def apply(self, tx: Tx) -> list[int]:
        changed = tx.conn.execute(
            update(PAPER).where(PAPER.c.id == self.paper_id).values(pdf_path=self.relative_path)
        )
        if changed.rowcount == 0:
            raise LibraryError(f"no paper with id {self.paper_id}")
        tx.record.changed([self.paper_id], Aspect.FILE)
        added = store_highlights(tx, self.paper_id, self.highlights)
        remember_marks_read(tx, self.paper_id, self.relative_path)
        return added


def file_highlights(path: Path) -> list[HighlightRecord]:
    """The highlights in a PDF; none when its annotations cannot be read (encrypted, damaged)."""
    from readinglist_gui.core.pdf_annotations import read_highlights

    try:
        return read_highlights(path)
    except (PdfError, OSError):
        return []


def attach_file(library: Library, paper_id: int, source: Path, stem: str) -> Attached:
    """Copy ``source`` in as the paper's PDF (``<pdfs>/<stem>.pdf``) with its highlights.

    Raises :class:`PdfError` for a file that is not a usable PDF and ``OSError``
    when copying fails; waits for the write, so call it off the GUI thread.
    """
    target = attach_pdf(library.pdf_dir, Path(source), stem)
    relative = target.relative_to(library.folder).as_posix()
    found = file_highlights(target)
    added = library.write(AttachPdf(paper_id, relative, tuple(found))).value
    return Attached(target, len(added))


def import_file_highlights(library: Library, files: Sequence[tuple[int, Path]]) -> int:
    """Take in the highlights of papers' newly stored PDFs (downloads); returns how many.

    Most downloads have none, and a quick look says so; only files with marks
    are read in full, and written in one transaction. A file without marks is
    not recorded: the reader looks again when it first opens it, at no cost to
    the download.
    """
    from readinglist_gui.core.pdf_annotations import has_marks

    items = tuple(
        (paper_id, path.relative_to(library.folder).as_posix(), tuple(file_highlights(path)))
        for paper_id, path in files
        if has_marks(path)
    )
    if not items:
        return 0
    return len(library.write(TakeInFileMarks(items)).value)
