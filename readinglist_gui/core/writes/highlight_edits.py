"""Highlights made, changed, deleted and imported, each with its exact inverse.

Undo puts back what the write found: a deleted highlight returns with its
id, colour, comment and creation time; an edit restores the colour and
comment it replaced. Imports (a JSON exchange file, the annotations of an
attached PDF) add only what the paper does not already have, so the same file
twice adds nothing twice (``highlights.same_place``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as upsert

from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.highlights import HIGHLIGHT, same_place
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import PdfMarksRead, table_of, utcnow
from readinglist_gui.core.records import HighlightColor, HighlightRecord
from readinglist_gui.core.writes.changes import Aspect
from readinglist_gui.core.writes.rows import PAPER
from readinglist_gui.core.writes.writer import Tx


def _row(paper_id: int, record: HighlightRecord) -> dict[str, Any]:
    return {
        "paper_id": paper_id,
        "page": record.page,
        "text": record.text,
        "rects": record.rects,
        "color": HighlightColor(record.color).value,
        "comment": record.comment,
        "created_at": record.created or utcnow(),
    }


def store_highlights(tx: Tx, paper_id: int, records: Sequence[HighlightRecord]) -> list[int]:
    """Add the records the paper does not already have (same page, same lines); new ids."""
    if not records:
        return []
    existing = [
        (page, rects)
        for page, rects in tx.conn.execute(
            select(HIGHLIGHT.c.page, HIGHLIGHT.c.rects).where(HIGHLIGHT.c.paper_id == paper_id)
        )
    ]
    added: list[int] = []
    for record in records:
        if not record.rects or any(
            same_place(record.page, record.rects, page, rects) for page, rects in existing
        ):
            continue
        result = tx.conn.execute(insert(HIGHLIGHT).values(_row(paper_id, record)))
        key = result.inserted_primary_key
        assert key is not None
        added.append(int(key[0]))
        existing.append((record.page, record.rects))
    if added:
        tx.record.changed([paper_id], Aspect.HIGHLIGHTS)
    return added


MARKS_READ = table_of(PdfMarksRead)


def remember_marks_read(tx: Tx, paper_id: int, path: str) -> None:
    """Say that the marks of the file at ``path`` (relative) are the paper's highlights now."""
    statement = upsert(MARKS_READ).values(paper_id=paper_id, path=path)
    tx.conn.execute(
        statement.on_conflict_do_update(
            index_elements=["paper_id"], set_={"path": statement.excluded.path}
        )
    )


def _require_paper(tx: Tx, paper_id: int) -> None:
    if tx.conn.execute(select(PAPER.c.id).where(PAPER.c.id == paper_id)).first() is None:
        raise LibraryError(f"no paper with id {paper_id}")


@dataclass(frozen=True, slots=True)
class AddHighlight:
    """Highlight a passage; returns the new highlight's id (or the one already there)."""

    paper_id: int
    highlight: HighlightRecord
    label: str = "Highlight"

    def apply(self, tx: Tx) -> int:
        _require_paper(tx, self.paper_id)
        added = store_highlights(tx, self.paper_id, [self.highlight])
        if not added:
            raise LibraryError("that passage is already highlighted")
        tx.undo_with(DeleteHighlights(tuple(added), "Remove highlight"))
        return added[0]


@dataclass(frozen=True, slots=True)
class ImportHighlights:
    """Highlights found in a file, added where the paper lacks them; returns the new ids."""

    paper_id: int
    highlights: tuple[HighlightRecord, ...]
    label: str = "Import highlights"

    def apply(self, tx: Tx) -> list[int]:
        _require_paper(tx, self.paper_id)
        added = store_highlights(tx, self.paper_id, self.highlights)
        tx.undo_with(DeleteHighlights(tuple(added), "Remove imported highlights"))
        return added


@dataclass(frozen=True, slots=True)
class TakeInFileMarks:
    """The marks and notes of papers' PDFs, taken in once per file, for many papers at once.

    Each item is (paper id, the PDF's path relative to the library, its marks);
    a paper that has another file by now is left alone. Returns the new ids.
    """

    items: tuple[tuple[int, str, tuple[HighlightRecord, ...]], ...]
    label: str = "Take in the PDF's highlights"

    def apply(self, tx: Tx) -> list[int]:
        added: list[int] = []
        for paper_id, path, highlights in self.items:
            current = tx.conn.execute(
                select(PAPER.c.pdf_path).where(PAPER.c.id == paper_id)
            ).first()
            if current is None or current[0] != path:
                continue
            added += store_highlights(tx, paper_id, highlights)
            remember_marks_read(tx, paper_id, path)
        return added


@dataclass(frozen=True, slots=True)
class EditHighlight:
    """Change a highlight's colour or comment (None leaves it as it is)."""

    highlight_id: int
    color: HighlightColor | None = None
    comment: str | None = None
    label: str = "Edit highlight"

    def apply(self, tx: Tx) -> None:
        before = tx.conn.execute(
            select(HIGHLIGHT.c.paper_id, HIGHLIGHT.c.color, HIGHLIGHT.c.comment).where(
                HIGHLIGHT.c.id == self.highlight_id
            )
        ).first()
        if before is None:
            raise LibraryError("that highlight no longer exists")
        paper_id, color, comment = before
        values: dict[str, str] = {}
        if self.color is not None:
            values["color"] = HighlightColor(self.color).value
        if self.comment is not None:
            values["comment"] = self.comment
        if values:
            tx.conn.execute(
                update(HIGHLIGHT).where(HIGHLIGHT.c.id == self.highlight_id).values(values)
            )
        tx.undo_with(EditHighlight(self.highlight_id, HighlightColor(color), comment, self.label))
        tx.record.changed([paper_id], Aspect.HIGHLIGHTS)


@dataclass(frozen=True, slots=True)
class DeleteHighlights:
    """Delete highlights; undo brings each back as it was, id and all."""

    ids: tuple[int, ...]
    label: str = "Delete highlight"

    def apply(self, tx: Tx) -> int:
        rows: list[dict[str, Any]] = []
        for chunk in chunks(sorted(set(self.ids))):
            found = tx.conn.execute(select(HIGHLIGHT).where(HIGHLIGHT.c.id.in_(chunk)))
            rows.extend(dict(row._mapping) for row in found)
            tx.conn.execute(delete(HIGHLIGHT).where(HIGHLIGHT.c.id.in_(chunk)))
        tx.undo_with(RestoreHighlights(tuple(rows), self.label))
        tx.record.changed(_papers(rows), Aspect.HIGHLIGHTS)
        return len(rows)


@dataclass(frozen=True, slots=True)
class RestoreHighlights:
    """Highlights back as a snapshot holds them (those whose paper still exists)."""

    rows: tuple[dict[str, Any], ...]
    label: str = "Restore highlights"

    def apply(self, tx: Tx) -> int:
        papers = _papers(self.rows)
        present: set[int] = set()
        for chunk in chunks(papers):
            present.update(
                tx.conn.execute(select(PAPER.c.id).where(PAPER.c.id.in_(chunk))).scalars()
            )
        kept = [row for row in self.rows if row["paper_id"] in present]
        for batch in chunks(kept):
            tx.conn.execute(insert(HIGHLIGHT), list(batch))
        tx.undo_with(DeleteHighlights(tuple(row["id"] for row in kept), self.label))
        tx.record.changed({row["paper_id"] for row in kept}, Aspect.HIGHLIGHTS)
        return len(kept)


def _papers(rows: Iterable[dict[str, Any]]) -> list[int]:
    return sorted({row["paper_id"] for row in rows})
