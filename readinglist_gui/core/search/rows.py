"""The table's rows: which columns a row shows, and the SQL orders the table sorts by."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, select
from sqlalchemy.sql.elements import UnaryExpression

from readinglist_gui.core.models import Entry, Paper
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import Status
from readinglist_gui.core.results import PaperRow

PAPER = Paper.__table__
"""The tables as Core, not ORM entities: every statement here returns plain rows,
and Core statements compile without the ORM's compile state, so the first page
on start-up shows without first configuring every mapper of the models."""
ENTRY = Entry.__table__

_SORT_COLUMNS = {
    SortKey.TITLE: PAPER.c.title_key,
    SortKey.AUTHORS: PAPER.c.authors,
    SortKey.YEAR: PAPER.c.year,
    SortKey.STATUS: PAPER.c.status,
    SortKey.TAGS: PAPER.c.tags_label,
    SortKey.PLACE: PAPER.c.place_label,
    SortKey.ADDED: PAPER.c.added_at,
}
"""Orders kept by an index of ``paper`` each (ties broken by id, which every index holds)."""


def in_list_order(query: PaperQuery) -> bool:
    """Whether the query sorts by its reading list's own order, which no index keeps."""
    return query.sort is SortKey.POSITION and query.list_id is not None


def order_by(query: PaperQuery) -> list[UnaryExpression[object]]:
    """The display order: the sort key, then the id, both in the query's direction.

    Ascending, SQLite puts NULL years first; descending, last.
    """
    key: ColumnElement[Any]
    if in_list_order(query):
        key = (
            select(func.min(ENTRY.c.position))
            .where(and_(ENTRY.c.paper_id == PAPER.c.id, ENTRY.c.list_id == query.list_id))
            .scalar_subquery()
        )
    else:
        key = _SORT_COLUMNS.get(query.sort, PAPER.c.added_at)
    if query.descending:
        return [key.desc(), PAPER.c.id.desc()]
    return [key.asc(), PAPER.c.id.asc()]


@lru_cache(maxsize=64)
def sorted_ids_sql(sort: SortKey, descending: bool) -> str:
    """Every paper's id in an indexed display order, as SQL to walk (``plan.PagePlan.WALK``)."""
    query = PaperQuery(sort=sort, descending=descending)
    statement = select(PAPER.c.id).order_by(*order_by(query))
    return str(statement.compile(compile_kwargs={"literal_binds": True}))


ROW_COLUMNS = (
    "id, title, authors, year, status, tags_label, place_label, added_at, last_page, "
    "page_count, pages_seen, pdf_path IS NOT NULL, title_truncated"
)


@lru_cache(maxsize=64)
def page_sql(sort: SortKey, descending: bool) -> str:
    """A page of rows in an indexed display order (``LIMIT ? OFFSET ?``), nothing filtering."""
    ordered = sorted_ids_sql(sort, descending)
    return ordered.replace("SELECT paper.id", f"SELECT {ROW_COLUMNS}", 1) + " LIMIT ? OFFSET ?"


def row(r: Any) -> PaperRow:
    """A row of ``ROW_COLUMNS`` as the driver returns it, as a ``PaperRow``.

    Read through the driver's cursor and unpacked by position: SQLAlchemy's
    result processing cost a millisecond for every page of 200 rows.
    """
    (
        paper_id,
        title,
        authors,
        year,
        status,
        tags,
        place,
        added,
        last_page,
        page_count,
        pages_seen,
        has_pdf,
        title_truncated,
    ) = r
    return PaperRow(
        paper_id,
        title,
        ", ".join(json.loads(authors)) if authors else "",
        year,
        Status(status),
        tags,
        place,
        dt.datetime.fromisoformat(added),
        last_page,
        page_count,
        pages_seen or 0,
        bool(has_pdf),
        bool(title_truncated),
    )


ROWS_CHUNK = 500
"""Ids per ``IN (...)`` list when reading rows: well inside SQLite's parameter limit."""


def rows_of(conn: Connection, ids: list[int]) -> list[PaperRow]:
    """Rows for these ids, in the order given (missing ids are left out)."""
    found: dict[int, PaperRow] = {}
    cursor = conn.connection.cursor()
    try:
        for start in range(0, len(ids), ROWS_CHUNK):
            chunk = ids[start : start + ROWS_CHUNK]
            cursor.execute(
                f"SELECT {ROW_COLUMNS} FROM paper WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for r in cursor.fetchall():
                found[r[0]] = row(r)
    finally:
        cursor.close()
    return [found[i] for i in ids if i in found]
