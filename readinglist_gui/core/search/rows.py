"""The table's rows: which columns a row shows, and the SQL orders the table sorts by."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, select
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


def row_select() -> Select[Any]:
    return select(
        PAPER.c.id,
        PAPER.c.title,
        PAPER.c.authors,
        PAPER.c.year,
        PAPER.c.status,
        PAPER.c.tags_label,
        PAPER.c.place_label,
        PAPER.c.added_at,
        PAPER.c.last_page,
        PAPER.c.page_count,
        PAPER.c.pages_seen,
        PAPER.c.pdf_path.is_not(None).label("has_pdf"),
        PAPER.c.title_truncated,
    )


def row(r: Any) -> PaperRow:
    """A ``row_select`` row as a ``PaperRow``.

    Unpacked by position: reading a SQLAlchemy row's fields by name took three
    times as long, a millisecond for every page of 200.
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
        ", ".join(authors),
        year,
        Status(status),
        tags,
        place,
        added,
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
    for start in range(0, len(ids), ROWS_CHUNK):
        chunk = ids[start : start + ROWS_CHUNK]
        for r in conn.execute(row_select().where(PAPER.c.id.in_(chunk))):
            found[r[0]] = row(r)
    return [found[i] for i in ids if i in found]
