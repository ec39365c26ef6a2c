"""What the index knows about each PDF: which file it read, and what came of it.

One row per paper whose PDF has been read, whatever the outcome: indexed, no
text layer, or skipped with a reason. The file's path, size and modification
time say whether the PDF on disk is still the one that was read, so bringing
the index up to date compares rows with ``stat`` results and reads only what
changed.

The table is derived data, like the pages themselves, and deliberately not an
ORM model: undoing a paper's deletion restores the paper's own rows from a
snapshot of every model table that hangs from it, and must not bring back a
row saying "indexed" for pages that were dropped. A restored paper has no row
here, so the indexer reads its PDF again.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    select,
)

from readinglist_gui.core.fulltext.sqlite_pages import PageIndex
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import Paper, table_of


class TextState(StrEnum):
    INDEXED = "indexed"
    """Its pages with text are in the index (a note in ``reason`` may name unreadable pages)."""
    NO_TEXT = "no_text"
    """Readable, but no page has a text layer (a scan without OCR): nothing to search."""
    SKIPPED = "skipped"
    """Not read (encrypted, damaged, missing, too slow or too big); ``reason`` says why."""


METADATA = MetaData()
PDF_TEXT = Table(
    "pdf_text",
    METADATA,
    Column(
        "paper_id",
        Integer,
        ForeignKey(table_of(Paper).c.id, ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("path", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("mtime_ns", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("text_pages", Integer, nullable=False),
    Column("chars", Integer, nullable=False),
    Column("read_at", DateTime, nullable=False),
)
"""``path`` is the paper's ``pdf_path`` when read; ``size`` and ``mtime_ns`` are the
file's (-1 when it could not be found); ``pages`` the PDF's page count,
``text_pages`` how many of them are in the index, ``chars`` their characters."""


def forget(connection: Connection, paper_ids: Iterable[int]) -> list[int]:
    """Drop what the index holds for these papers; returns those that had anything.

    Looks the papers up in ``pdf_text`` first: most writes that call this (new
    papers, a download) concern papers the index has never seen, and a range
    delete from the index costs more than a primary-key look-up.
    """
    known: list[int] = []
    for chunk in chunks(sorted(set(paper_ids))):
        known.extend(
            connection.execute(
                select(PDF_TEXT.c.paper_id).where(PDF_TEXT.c.paper_id.in_(chunk))
            ).scalars()
        )
    if known:
        PageIndex.forget(connection, known)
        for chunk in chunks(known):
            connection.execute(delete(PDF_TEXT).where(PDF_TEXT.c.paper_id.in_(chunk)))
    return known


def forget_deleted(connection: Connection, paper_ids: Iterable[int]) -> None:
    """Drop the pages of deleted papers: their ``pdf_text`` rows went with them (the
    foreign key cascades), so there is nothing to look up first."""
    ids = sorted(set(paper_ids))
    PageIndex.forget(connection, ids)
    for chunk in chunks(ids):
        connection.execute(delete(PDF_TEXT).where(PDF_TEXT.c.paper_id.in_(chunk)))


def indexed_pages(connection: Connection) -> int:
    """How many pages the index holds."""
    return int(
        connection.execute(select(func.coalesce(func.sum(PDF_TEXT.c.text_pages), 0))).scalar_one()
    )
