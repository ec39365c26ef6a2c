"""Edits to papers one at a time or by the thousand: status, fields, notes, reading, files.

Each op records which aspects of which papers it changed, and the undoable
ones leave an exact inverse built from the rows as they found them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.sqlite import insert

from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.identity import normalize_arxiv_id, normalize_doi, title_key
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import Note, ReaderState, table_of, utcnow
from readinglist_gui.core.records import Status
from readinglist_gui.core.status_rules import promoted, status_for_note, status_for_reading
from readinglist_gui.core.writes.changes import Aspect
from readinglist_gui.core.writes.rows import PAPER, RestoreColumns, papers_label, snapshot_columns
from readinglist_gui.core.writes.writer import Tx

STATUS_COLUMNS = ("status", "status_manual", "status_changed_at", "updated_at")
"""What a status edit changes; ``updated_at`` moves with every update of a paper row."""
PDF_COLUMNS = ("pdf_path", "updated_at")
EDITABLE_FIELDS = frozenset({"title", "authors", "year", "venue", "abstract", "arxiv_id", "doi"})
FIELD_COLUMNS = (
    *sorted(EDITABLE_FIELDS),
    "title_key",
    "title_truncated",
    "user_edited",
    "updated_at",
)
NOTE = table_of(Note)
READER = table_of(ReaderState)


@dataclass(frozen=True, slots=True)
class SetStatus:
    """The user's choice: it sticks, and automation will not move it again."""

    ids: tuple[int, ...]
    status: Status
    at: dt.datetime | None = None
    """When the choice was made, if not now (UTC): history brought in from elsewhere."""

    @property
    def label(self) -> str:
        return f"Mark {papers_label(len(self.ids))} {self.status.value}"

    def apply(self, tx: Tx) -> None:
        before = snapshot_columns(tx, self.ids, STATUS_COLUMNS)
        tx.undo_with(RestoreColumns(before, STATUS_COLUMNS, Aspect.STATUS, self.label))
        when = utcnow() if self.at is None else self.at
        values = {"status": self.status.value, "status_manual": True, "status_changed_at": when}
        found = [paper_id for paper_id, _ in before]
        for chunk in chunks(found):
            tx.conn.execute(update(PAPER).where(PAPER.c.id.in_(chunk)).values(values))
        tx.record.changed(found, Aspect.STATUS)


@dataclass(frozen=True, slots=True)
class HandBackStatus:
    """Let automation move these papers' statuses again, as if never set by hand."""

    ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"Hand {papers_label(len(self.ids))} back to automatic progress"

    def apply(self, tx: Tx) -> None:
        before = snapshot_columns(tx, self.ids, STATUS_COLUMNS)
        tx.undo_with(RestoreColumns(before, STATUS_COLUMNS, Aspect.STATUS, self.label))
        found = [paper_id for paper_id, _ in before]
        for chunk in chunks(found):
            tx.conn.execute(update(PAPER).where(PAPER.c.id.in_(chunk)).values(status_manual=False))
        tx.record.changed(found, Aspect.STATUS)


@dataclass(frozen=True, slots=True)
class Promote:
    """An automatic proposal: forward only, never over a status set by hand."""

    paper_id: int
    proposed: Status
    label: str = "Update progress"

    def apply(self, tx: Tx) -> Status:
        return promote(tx, self.paper_id, self.proposed)


@dataclass(frozen=True, slots=True)
class SetNote:
    """Save a paper's note; text in it makes the paper noted. Returns the resulting status."""

    paper_id: int
    markdown: str
    label: str = "Edit note"

    def apply(self, tx: Tx) -> Status:
        _require(tx, self.paper_id)
        statement = insert(NOTE).values(
            paper_id=self.paper_id, markdown=self.markdown, updated_at=utcnow()
        )
        tx.conn.execute(
            statement.on_conflict_do_update(
                index_elements=["paper_id"],
                set_={"markdown": statement.excluded.markdown, "updated_at": utcnow()},
            )
        )
        tx.record.changed([self.paper_id], Aspect.NOTE)
        return promote(tx, self.paper_id, status_for_note(self.markdown))


@dataclass(frozen=True, slots=True)
class RecordReading:
    """Where the reader is; paging through an unread paper skims it."""

    paper_id: int
    page: int
    page_count: int
    pages_seen: int = 1
    label: str = "Remember the page"

    def apply(self, tx: Tx) -> Status:
        seen = tx.conn.execute(select(PAPER.c.pages_seen).where(PAPER.c.id == self.paper_id))
        before = seen.first()
        if before is None:
            raise LibraryError(f"no paper with id {self.paper_id}")
        count = max(self.page_count, 0)
        tx.conn.execute(
            update(PAPER)
            .where(PAPER.c.id == self.paper_id)
            .values(
                last_page=max(0, min(self.page, max(count - 1, 0))),
                page_count=count,
                pages_seen=max(before[0] or 0, min(self.pages_seen, count)),
            )
        )
        tx.record.changed([self.paper_id], Aspect.READER)
        return promote(tx, self.paper_id, status_for_reading(self.pages_seen))


@dataclass(frozen=True, slots=True)
class UpdateFields:
    """Hand edits to a paper's fields; imports and look-ups never overwrite them afterwards."""

    paper_id: int
    fields: tuple[tuple[str, Any], ...]
    label: str = "Edit paper"

    @classmethod
    def of(cls, paper_id: int, fields: Mapping[str, Any]) -> UpdateFields:
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise LibraryError(f"cannot edit {', '.join(sorted(unknown))}")
        return cls(paper_id, tuple(fields.items()))

    def apply(self, tx: Tx) -> None:
        before = snapshot_columns(tx, [self.paper_id], FIELD_COLUMNS)
        if not before:
            raise LibraryError(f"no paper with id {self.paper_id}")
        current = dict(zip(FIELD_COLUMNS, before[0][1], strict=True))
        values: dict[str, Any] = {}
        for name, value in self.fields:
            if name == "arxiv_id":
                value = normalize_arxiv_id(value) if value else None
            elif name == "doi":
                value = normalize_doi(value) if value else None
            elif name == "authors":
                value = [a.strip() for a in value if a.strip()]
            values[name] = value
        if "title" in values:
            values["title_key"] = title_key(values["title"])
            values["title_truncated"] = False
        values["user_edited"] = sorted(set(current["user_edited"]) | {n for n, _ in self.fields})
        values["updated_at"] = utcnow()
        _unique(tx, self.paper_id, values)
        tx.conn.execute(update(PAPER).where(PAPER.c.id == self.paper_id).values(values))
        tx.undo_with(RestoreColumns(before, FIELD_COLUMNS, Aspect.METADATA, self.label))
        tx.record.changed([self.paper_id], Aspect.METADATA)


@dataclass(frozen=True, slots=True)
class SetPdf:
    """Point a paper at a PDF in the library folder (relative path), or at none."""

    paper_id: int
    relative_path: str | None
    label: str = "Attach PDF"

    def apply(self, tx: Tx) -> None:
        before = snapshot_columns(tx, [self.paper_id], PDF_COLUMNS)
        if not before:
            raise LibraryError(f"no paper with id {self.paper_id}")
        tx.conn.execute(
            update(PAPER).where(PAPER.c.id == self.paper_id).values(pdf_path=self.relative_path)
        )
        tx.undo_with(RestoreColumns(before, PDF_COLUMNS, Aspect.FILE, self.label))
        tx.record.changed([self.paper_id], Aspect.FILE)


@dataclass(frozen=True, slots=True)
class SetReaderZoom:
    """How the reader shows a paper: a zoom factor, or a fit mode by name; None forgets it."""

    paper_id: int
    zoom: str | None
    label: str = "Remember the zoom"

    def apply(self, tx: Tx) -> None:
        if self.zoom is None:
            tx.conn.execute(delete(READER).where(READER.c.paper_id == self.paper_id))
        else:
            _require(tx, self.paper_id)
            statement = insert(READER).values(paper_id=self.paper_id, zoom=self.zoom)
            tx.conn.execute(
                statement.on_conflict_do_update(
                    index_elements=["paper_id"], set_={"zoom": statement.excluded.zoom}
                )
            )
        tx.record.changed([self.paper_id], Aspect.READER)


def promote(tx: Tx, paper_id: int, proposed: Status) -> Status:
    """Move the paper's status forward to ``proposed`` if the rules allow; returns its status."""
    row = tx.conn.execute(
        select(PAPER.c.status, PAPER.c.status_manual).where(PAPER.c.id == paper_id)
    ).first()
    if row is None:
        raise LibraryError(f"no paper with id {paper_id}")
    current = Status(row[0])
    new = promoted(current, bool(row[1]), proposed)
    if new is not current:
        tx.conn.execute(
            update(PAPER)
            .where(PAPER.c.id == paper_id)
            .values(status=new.value, status_changed_at=utcnow())
        )
        tx.record.changed([paper_id], Aspect.STATUS)
    return new


def _require(tx: Tx, paper_id: int) -> None:
    if tx.conn.execute(select(PAPER.c.id).where(PAPER.c.id == paper_id)).first() is None:
        raise LibraryError(f"no paper with id {paper_id}")


def _unique(tx: Tx, paper_id: int, values: Mapping[str, Any]) -> None:
    """Refuse an arXiv id or DOI another paper has: two rows for one paper are for the user to merge."""
    for name in ("arxiv_id", "doi"):
        value = values.get(name)
        if value is None:
            continue
        owner = tx.conn.execute(
            select(PAPER.c.id).where(PAPER.c[name] == value, PAPER.c.id != paper_id)
        ).scalar()
        if owner is not None:
            label = "arXiv id" if name == "arxiv_id" else "DOI"
            raise LibraryError(f"paper {owner} already has {label} {value}")
