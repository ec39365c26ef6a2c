"""What the user is looking at, as a value, and the SQL that finds and counts it.

``PaperQuery`` is immutable so views can compare, store and undo it; turning
it into SQL happens here and only here, so the GUI, the command line and the
benchmarks all filter, sort and count the same way.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    exists,
    func,
    intersect,
    select,
)
from sqlalchemy.sql.elements import UnaryExpression

from readinglist_gui.core.models import Entry, Paper, PaperTag, Tag
from readinglist_gui.core.records import Status
from readinglist_gui.core.results import PaperRow
from readinglist_gui.core.sqlite_backend import Survey, TextIndex, match_query

PAPER = Paper.__table__
"""The tables as Core, not ORM entities: every statement here returns plain rows,
and Core statements compile without the ORM's compile state, so the first page
on start-up shows without first configuring every mapper of the models."""
ENTRY = Entry.__table__
PAPER_TAG = PaperTag.__table__
TAG = Tag.__table__


class SortKey(StrEnum):
    TITLE = "title"
    AUTHORS = "authors"
    YEAR = "year"
    STATUS = "status"
    TAGS = "tags"
    PLACE = "place"
    ADDED = "added"
    POSITION = "position"


@dataclass(frozen=True, slots=True)
class PaperQuery:
    """A filter and an order; empty fields mean "no restriction"."""

    text: str = ""
    tags: tuple[str, ...] = ()
    tag_mode: Literal["all", "any"] = "all"
    statuses: frozenset[Status] = field(default_factory=frozenset)
    list_id: int | None = None
    section_id: int | None = None
    sort: SortKey = SortKey.ADDED
    descending: bool = True
    ids: tuple[int, ...] | None = None


_SORT_COLUMNS = {
    SortKey.TITLE: PAPER.c.title_key,
    SortKey.AUTHORS: PAPER.c.authors,
    SortKey.YEAR: PAPER.c.year,
    SortKey.STATUS: PAPER.c.status,
    SortKey.TAGS: PAPER.c.tags_label,
    SortKey.PLACE: PAPER.c.place_label,
    SortKey.ADDED: PAPER.c.added_at,
}


def tag_keys(names: tuple[str, ...]) -> list[str]:
    return [name.strip().casefold() for name in names if name.strip()]


class Criteria:
    """A query resolved once against one connection, reusable for rows and every count.

    Tag names are looked up once and the text search is evaluated once (into a
    temporary table), however many statements the caller then runs. A search
    its ``survey`` says matches most of the library is kept as the papers it
    leaves out (``text_misses``), which are few.
    """

    def __init__(
        self, connection: Connection, query: PaperQuery, survey: Survey | None = None
    ) -> None:
        self.query = query
        self.text_hits: Select[Any] | None = None
        self.text_misses: Select[Any] | None = None
        self.text_matched: int | None = None
        fts = match_query(query.text)
        if fts is not None:
            found = TextIndex.search(connection, fts, survey)
            if found.inverted:
                self.text_misses = found.ids
            else:
                self.text_hits = found.ids
            self.text_matched = found.matched
        keys = tag_keys(query.tags)
        self.tag_ids: list[int] = []
        self.impossible = False
        if keys:
            self.tag_ids = list(
                connection.execute(select(TAG.c.id).where(TAG.c.name_key.in_(keys))).scalars()
            )
            missing = len(self.tag_ids) < len(set(keys))
            self.impossible = missing if query.tag_mode == "all" else not self.tag_ids

    def without_statuses(self) -> Criteria:
        """These criteria with the status filter set aside; the evaluated search is kept."""
        changed = copy.copy(self)
        changed.query = replace(self.query, statuses=frozenset())
        return changed

    def outside_lists(self) -> Criteria:
        """These criteria without the reading-list filter; the evaluated search is kept."""
        changed = copy.copy(self)
        changed.query = replace(self.query, list_id=None, section_id=None)
        return changed

    def listed(self) -> bool:
        return self.query.list_id is not None or self.query.section_id is not None

    def list_members(self) -> Select[Any]:
        """Ids of the papers in the chosen reading list or section."""
        query = self.query
        if query.section_id is not None:
            return select(ENTRY.c.paper_id).where(ENTRY.c.section_id == query.section_id)
        return select(ENTRY.c.paper_id).where(ENTRY.c.list_id == query.list_id)

    def only_statuses(self) -> bool:
        """True when nothing but (at most) a status filters: the views worth caching."""
        query = self.query
        return (
            self.text_matched is None
            and not self.tag_ids
            and not self.impossible
            and query.ids is None
            and query.list_id is None
            and query.section_id is None
        )

    def only_text(self) -> bool:
        """True when the search is the only filter: its count is then the total."""
        if self.text_matched is None or self.query.statuses:
            return False
        return all(found is self.text_hits for found in self._sets())

    def left_out(self) -> Select[Any] | None:
        """The papers these criteria leave out, when that set is at hand: a search
        matching most of the library and nothing else filtering."""
        return self.text_misses if self.only_text() else None

    def matching(self, *, ignore_statuses: bool = False) -> Select[Any] | None:
        """The matching paper ids as one set expression; None when nothing filters.

        Every filter is a set of ids read from an index (text hits, a list's
        entries, a tag's papers, a status), so totals and counts intersect those
        sets without touching the wide paper rows at all.
        """
        found = self._intersection(ignore_statuses=ignore_statuses)
        if self.text_misses is None:
            return found
        found = select(PAPER.c.id) if found is None else found
        return found.where(found.selected_columns[0].not_in(self.text_misses))

    def _intersection(self, *, ignore_statuses: bool = True) -> Select[Any] | None:
        """The filters' sets as one, the search's left-out papers aside."""
        sets = self._sets(ignore_statuses=ignore_statuses)
        if len(sets) > 1:
            return select(intersect(*sets).subquery().c[0])
        return sets[0] if sets else None

    def _sets(self, *, ignore_statuses: bool = True) -> list[Select[Any]]:
        """Each filter's set of ids, the search's left-out papers aside."""
        query = self.query
        sets: list[Select[Any]] = []
        if self.impossible:
            sets.append(select(PAPER.c.id).where(PAPER.c.id.is_(None)))
        if query.ids is not None:
            ids = bindparam("ids", list(query.ids), expanding=True, literal_execute=True)
            sets.append(select(PAPER.c.id).where(PAPER.c.id.in_(ids)))
        if self.text_hits is not None:
            sets.append(self.text_hits)
        if query.statuses and not ignore_statuses:
            sets.append(select(PAPER.c.id).where(self.status_condition()))
        if self.listed():
            sets.append(self.list_members())
        if self.tag_ids and query.tag_mode == "any":
            tagged = select(PAPER_TAG.c.paper_id).where(PAPER_TAG.c.tag_id.in_(self.tag_ids))
            sets.append(tagged.distinct())
        elif self.tag_ids and not self.impossible:
            sets.append(self._carrying_all_tags())
        return sets

    def _carrying_all_tags(self) -> Select[Any]:
        """Papers with every chosen tag: one tag's papers, each checked for the others.

        Intersecting one set per tag reads every tag's papers in full; checking
        the first tag's papers for the others is one primary-key probe each,
        and stops at the first tag a paper lacks (twenty tags at 100k papers: a
        view took 65 ms, now about 30).
        """
        first, *others = self.tag_ids
        links = PAPER_TAG
        papers = select(links.c.paper_id).where(links.c.tag_id == first)
        for tag_id in others:
            other = links.alias()
            papers = papers.where(
                exists().where(other.c.paper_id == links.c.paper_id, other.c.tag_id == tag_id)
            )
        return papers

    def where(
        self, *, ignore_statuses: bool = False, scan: bool = False
    ) -> list[ColumnElement[bool]]:
        """WHERE clauses over ``paper`` selecting the matches.

        With ``scan`` the test is written ``id + 0 IN (...)`` so the planner
        walks the sort index and stops after one page, instead of fetching every
        match and sorting it: the right plan once a filter matches thousands.
        Papers a broad search leaves out are tested directly, a probe into a
        small table.
        """
        where: list[ColumnElement[bool]] = []
        if self.query.statuses and not ignore_statuses:
            where.append(self.status_condition())
        key = (PAPER.c.id + 0) if scan else PAPER.c.id
        found = self._intersection()
        if found is not None:
            where.append(key.in_(found))
        if self.text_misses is not None:
            where.append(key.not_in(self.text_misses))
        return where

    def status_condition(self) -> ColumnElement[bool]:
        return status_in(self.query.statuses)


def status_in(statuses: frozenset[Status]) -> ColumnElement[bool]:
    """Status is a column of the paper row itself: tested there, it lets the
    (status, added) index serve filter and order at once."""
    return PAPER.c.status.in_(sorted(s.value for s in statuses))


def order_by(query: PaperQuery) -> list[UnaryExpression[object]]:
    if query.sort is SortKey.POSITION and query.list_id is not None:
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


DRIVE_LIMIT = 2000
"""Above this many matches, walk the sort index rather than sort every match."""

COUNT_DRIVE_LIMIT = 20_000
"""Up to this many papers left out by a filter, count them and subtract from the library."""


def count(conn: Connection, criteria: Criteria) -> int:
    """Count from the index sets alone when no status is asked, else from the status index."""
    if criteria.only_text():
        assert criteria.text_matched is not None
        return criteria.text_matched
    if criteria.query.statuses:
        statement = select(func.count()).select_from(PAPER).where(*criteria.where())
        return conn.execute(statement).scalar_one()
    matching = criteria.matching()
    if matching is None:
        return conn.execute(select(func.count()).select_from(PAPER)).scalar_one()
    return conn.execute(select(func.count()).select_from(matching.subquery())).scalar_one()


def walks_sort_index(conn: Connection, criteria: Criteria, total: int | None = None) -> bool:
    """Whether to walk the sort index testing each paper (a broad filter) rather
    than sort every match (a narrow one); ``total`` saves counting when known.

    With nothing but a status filtering there is no set to test, so the walk is
    the plan at any size and no count is needed: on an unfiltered library a
    count reads a whole index, some 50 ms at 100k papers from a cold disk.
    """
    if criteria.only_statuses():
        return True
    return (count(conn, criteria) if total is None else total) > DRIVE_LIMIT


def page_rows(
    conn: Connection, criteria: Criteria, offset: int, limit: int, *, scan: bool
) -> list[PaperRow]:
    """Rows ``offset`` to ``offset + limit`` in display order; ``scan`` as ``walks_sort_index``."""
    statement = (
        row_select()
        .where(*criteria.where(scan=scan))
        .order_by(*order_by(criteria.query))
        .offset(offset)
        .limit(limit)
    )
    return [row(r) for r in conn.execute(statement)]


def ordered_rows(conn: Connection, ids: list[int], query: PaperQuery) -> list[PaperRow]:
    """Rows of these papers (a page's worth) in the query's display order."""
    if not ids:
        return []
    statement = row_select().where(PAPER.c.id.in_(ids)).order_by(*order_by(query))
    return [row(r) for r in conn.execute(statement)]


def row_select():
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
