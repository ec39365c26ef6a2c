"""The library's tables as typed SQLAlchemy models.

The schema itself is owned by the Alembic revisions in ``migrations/``; these
classes describe it for the ORM and must stay in step (``test_migrations``
compares them). Display labels (``tags_label``, ``place_label``) are stored
denormalised on ``Paper`` so the table can sort and show 100k rows without a
join per row; ``Library`` keeps them current on every write.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from readinglist_gui.core.records import LinkKind, Status


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def stored_time(value: dt.datetime | None) -> str | None:
    """A datetime as SQLAlchemy's SQLite ``DateTime`` stores it (microseconds always), for
    rows written through the driver's ``executemany`` (bulk imports, the change log)."""
    if value is None:
        return None
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )


def stored_date(value: dt.date | None) -> str | None:
    """A date as SQLAlchemy's SQLite ``Date`` stores it."""
    return None if value is None else value.isoformat()


def stored_list(values: list[str] | None) -> str:
    """A list of strings as ``StringList`` stores it."""
    return json.dumps(list(values or []), ensure_ascii=False)


class StringList(TypeDecorator[list[str]]):
    """A list of strings kept as a JSON array: authors have no life of their own."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[str] | None, dialect: Any) -> str:
        return stored_list(value)

    def process_result_value(self, value: str | None, dialect: Any) -> list[str]:
        return json.loads(value) if value else []


class RectList(TypeDecorator[tuple[tuple[float, float, float, float], ...]]):
    """Rectangles (x0, y0, x1, y1) in PDF points, kept as a JSON array of arrays."""

    impl = Text
    cache_ok = True

    def process_bind_param(
        self, value: tuple[tuple[float, float, float, float], ...] | None, dialect: Any
    ) -> str:
        return json.dumps([list(rect) for rect in value or ()])

    def process_result_value(
        self, value: str | None, dialect: Any
    ) -> tuple[tuple[float, float, float, float], ...]:
        rects = json.loads(value) if value else []
        return tuple((float(a), float(b), float(c), float(d)) for a, b, c, d in rects)


class Base(DeclarativeBase):
    pass


class Paper(Base):
    __tablename__ = "paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    title_key: Mapped[str] = mapped_column(Text, default="", index=True)
    title_truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    authors: Mapped[list[str]] = mapped_column(StringList, default=list)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    venue: Mapped[str] = mapped_column(Text, default="")
    abstract: Mapped[str] = mapped_column(Text, default="")
    arxiv_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    doi: Mapped[str | None] = mapped_column(String(255), unique=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=Status.UNREAD.value, index=True)
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status_manual: Mapped[bool] = mapped_column(Boolean, default=False)
    last_page: Mapped[int | None] = mapped_column(Integer)
    page_count: Mapped[int | None] = mapped_column(Integer)
    pages_seen: Mapped[int] = mapped_column(Integer, default=0)
    pdf_path: Mapped[str | None] = mapped_column(Text)
    user_edited: Mapped[list[str]] = mapped_column(StringList, default=list)
    tags_label: Mapped[str] = mapped_column(Text, default="", index=True)
    place_label: Mapped[str] = mapped_column(Text, default="", index=True)

    links: Mapped[list[Link]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="Link.id"
    )
    tags: Mapped[list[Tag]] = relationship(secondary="paper_tag", back_populates="papers")
    note: Mapped[Note | None] = relationship(back_populates="paper", cascade="all, delete-orphan")
    entries: Mapped[list[Entry]] = relationship(
        back_populates="paper", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_paper_status_added", "status", "added_at"),
        Index("ix_paper_authors", "authors"),
    )


class Link(Base):
    __tablename__ = "link"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default=LinkKind.OTHER.value)

    paper: Mapped[Paper] = relationship(back_populates="links")


class Tag(Base):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text, unique=True)
    color: Mapped[str | None] = mapped_column(String(16))

    papers: Mapped[list[Paper]] = relationship(secondary="paper_tag", back_populates="tags")


class PaperTag(Base):
    __tablename__ = "paper_tag"

    paper_id: Mapped[int] = mapped_column(
        ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index("ix_paper_tag_tag_paper", "tag_id", "paper_id"),)


class Note(Base):
    __tablename__ = "note"

    paper_id: Mapped[int] = mapped_column(
        ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
    )
    markdown: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    paper: Mapped[Paper] = relationship(back_populates="note")


class ReadingList(Base):
    __tablename__ = "reading_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    source: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    sections: Mapped[list[Section]] = relationship(
        back_populates="reading_list", cascade="all, delete-orphan", order_by="Section.position"
    )


class Section(Base):
    __tablename__ = "section"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("reading_list.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[dt.date | None] = mapped_column(Date)

    reading_list: Mapped[ReadingList] = relationship(back_populates="sections")


class Entry(Base):
    __tablename__ = "entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("reading_list.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"))
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    tldr: Mapped[str] = mapped_column(Text, default="")
    optional: Mapped[bool] = mapped_column(Boolean, default=False)

    paper: Mapped[Paper] = relationship(back_populates="entries")

    __table_args__ = (
        Index("ix_entry_list_position", "list_id", "position"),
        Index("ix_entry_section_position", "section_id", "position"),
    )


class ArxivDetails(Base):
    """What arXiv said about a paper beyond its own fields, and whether to stop asking."""

    __tablename__ = "arxiv_details"

    paper_id: Mapped[int] = mapped_column(
        ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int | None] = mapped_column(Integer)
    categories: Mapped[list[str]] = mapped_column(StringList, default=list)
    checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    not_on_arxiv: Mapped[bool] = mapped_column(Boolean, default=False)


class PdfFile(Base):
    """The checksum of a downloaded PDF, valid while the paper still points at ``path``."""

    __tablename__ = "pdf_file"

    paper_id: Mapped[int] = mapped_column(
        ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    source_url: Mapped[str] = mapped_column(Text, default="")
    downloaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ReviewCandidate(Base):
    """An arXiv paper that may be the one a title-only entry means, for the user to pick."""

    __tablename__ = "review_candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    arxiv_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(StringList, default=list)
    year: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)


class ChangeLog(Base):
    """One row per paper a write touched (or per library-wide change), in commit order.

    ``kinds`` holds the bits of ``writes.changes.Kind``. Windows read the rows
    other processes added since they last looked; the log is pruned as it ages.
    """

    __tablename__ = "change_log"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    paper_id: Mapped[int | None] = mapped_column(Integer)
    kinds: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class LibraryMeta(Base):
    """Library-wide values that have no table of their own."""

    __tablename__ = "library_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReaderState(Base):
    """How the reader last showed a paper: a zoom factor, or a fit mode by name."""

    __tablename__ = "reader_state"

    paper_id: Mapped[int] = mapped_column(
        ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
    )
    zoom: Mapped[str] = mapped_column(String(16))


class Highlight(Base):
    """A passage marked in a paper's PDF: where it is, what it says, and what the reader said.

    ``page`` counts from 0; ``rects`` are the marked lines in the page's
    coordinates (points, origin at the top left, as PyMuPDF reports words).
    Ids are never reused, so an undo that brings a highlight back can give it
    its old id whatever was highlighted since.
    """

    __tablename__ = "highlight"
    __table_args__ = (
        Index("ix_highlight_paper_page", "paper_id", "page"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id", ondelete="CASCADE"))
    page: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    rects: Mapped[tuple[tuple[float, float, float, float], ...]] = mapped_column(RectList)
    color: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PdfMarksRead(Base):
    """Which file's own marks and notes were taken in as the paper's highlights.

    They are taken in once per file (on attach, download, or the first time
    the reader opens a PDF an older version attached); a highlight deleted
    afterwards stays deleted, and the reader hides the file's own marks, so
    the paper's highlights are what it shows.
    """

    __tablename__ = "pdf_marks_read"

    paper_id: Mapped[int] = mapped_column(
        ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(Text)


class ReadingTime(Base):
    """Seconds spent reading a paper on one (local) day, as the reader measured them."""

    __tablename__ = "reading_time"
    __table_args__ = (Index("ix_reading_time_day", "day"),)

    paper_id: Mapped[int] = mapped_column(
        ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    seconds: Mapped[int] = mapped_column(Integer, default=0)


class StatusEvent(Base):
    """A paper's status as it became at one moment: the history progress charts are drawn from.

    The writer appends one whenever a write leaves a paper at a status other
    than its last event's (see ``core.statistics.events``); nothing else writes here.
    """

    __tablename__ = "status_event"
    __table_args__ = (
        Index("ix_status_event_paper_at", "paper_id", "at"),
        Index("ix_status_event_at", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(DateTime)


def table_of(model: type[Base]) -> Table:
    """A model's table, typed as one (``__table__`` is typed as any FROM clause)."""
    return Base.metadata.tables[model.__tablename__]
