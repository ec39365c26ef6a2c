"""The library's read side: every question the window, the command line and exports ask.

Each method reads in one transaction of its own, so the sets it takes from
the index (``store``) and the rows it reads describe one state of the
library. ``plan`` says which index answers what; this module carries it out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyroaring import BitMap
from sqlalchemy import Connection, Engine, Select, bindparam, case, func, literal_column, select

from readinglist_gui.core.models import Entry, Paper, ReadingList, Section
from readinglist_gui.core.query import PaperQuery, tag_keys
from readinglist_gui.core.records import Status
from readinglist_gui.core.results import ListInfo, PaperRow, SectionInfo, TagCount, View
from readinglist_gui.core.search import plan, rows
from readinglist_gui.core.search.plan import PagePlan
from readinglist_gui.core.search.store import (
    PREFIX,
    WORD,
    SetCache,
    Snapshot,
    fetch,
    status_name,
    tag_name,
)
from readinglist_gui.core.search.upkeep import Pending
from readinglist_gui.core.search.words import distinct_words, words


class Interrupted(Exception):
    """A read abandoned because its caller said the answer is no longer wanted."""


Stop = Callable[[], bool] | None


@lru_cache(maxsize=4096)
def _tag_words(name: str) -> frozenset[str]:
    return frozenset(distinct_words([name]))


class _Read:
    """One read transaction's access to the index: sets as they stand in it."""

    def __init__(self, conn: Connection, cache: SetCache) -> None:
        self.conn = conn
        self.cache = cache
        self.snapshot: Snapshot = cache.snapshot(conn)
        self._pending: Pending | None = None
        self._tags: list[tuple[int, str, str | None, str]] | None = None

    def set(self, name: str) -> BitMap:
        """The set called ``name``; never change it in place (it may be cached)."""
        return self.sets([name])[0]

    def sets(self, names: list[str]) -> list[BitMap]:
        stored = self.cache.get_many(self.conn, self.snapshot, names)
        if self.snapshot.pending:
            pending = self.pending()
            return [pending.correct(name, stored[name]) for name in names]
        return [found if (found := stored[name]) is not None else BitMap() for name in names]

    def pending(self) -> Pending:
        if self._pending is None:
            prefixes = self.cache.stored_prefixes(self.conn, self.snapshot)
            self._pending = Pending.read(self.conn, prefixes)
        return self._pending

    def statuses(self) -> dict[Status, BitMap]:
        return dict(zip(Status, self.sets([status_name(s) for s in Status]), strict=True))

    def tags(self) -> list[tuple[int, str, str | None]]:
        """(id, name, colour) of every tag in sidebar order."""
        return [(tag_id, name, color) for tag_id, name, color, _ in self._tag_rows()]

    def tag_ids(self, keys: list[str]) -> list[int]:
        """The ids of the tags with these keys (``query.tag_keys``) that exist."""
        wanted = set(keys)
        return [tag_id for tag_id, _, _, key in self._tag_rows() if key in wanted]

    def _tag_rows(self) -> list[tuple[int, str, str | None, str]]:
        if self._tags is None:
            self._tags = fetch(
                self.conn, "SELECT id, name, color, name_key FROM tag ORDER BY name_key"
            )
        return self._tags

    def prefix(self, typed: str) -> BitMap:
        """The papers a typed word finds (``plan``: search text)."""
        if typed in self.cache.stored_prefixes(self.conn, self.snapshot):
            parts = [self.set(PREFIX + typed)]
        else:
            names = self.cache.words_under(self.conn, self.snapshot, typed)
            if self.snapshot.pending:
                names = sorted(set(names) | set(self.pending().new_words(typed)))
            parts = self.sets(names)
        parts += self.sets(
            [
                tag_name(tag_id)
                for tag_id, name, _ in self.tags()
                if any(word.startswith(typed) for word in _tag_words(name))
            ]
        )
        return BitMap.union(BitMap(), *parts)


@dataclass(frozen=True, slots=True)
class Matches:
    """A query's filters as sets; None where a filter is not set."""

    scope: BitMap | None
    """Search text, tags and selection together."""
    listed: BitMap | None
    statused: BitMap | None

    def papers(self, *, statuses: bool = True, lists: bool = True) -> BitMap | None:
        """The papers all the filters (less those set aside) match; None for every paper."""
        parts = [
            part
            for part in (
                self.scope,
                self.listed if lists else None,
                self.statused if statuses else None,
            )
            if part is not None
        ]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else parts[0].intersection(*parts[1:])


def matches(read: _Read, query: PaperQuery) -> Matches:
    """Each filter of ``query`` from its index (``plan``)."""
    scope: list[BitMap] = []
    if query.ids is not None:
        scope.append(BitMap(query.ids))
    for typed in dict.fromkeys(words(query.text)):
        scope.append(read.prefix(typed))
    keys = tag_keys(query.tags)
    if keys:
        found = read.tag_ids(keys)
        tagged = [read.set(tag_name(tag_id)) for tag_id in found]
        if query.tag_mode == "any":
            scope.append(BitMap.union(BitMap(), *tagged))
        elif len(found) < len(set(keys)):
            scope.append(BitMap())
        else:
            scope.extend(tagged)
    listed = None
    if query.section_id is not None or query.list_id is not None:
        entry = Entry.__table__.c
        where = (
            entry.section_id == query.section_id
            if query.section_id is not None
            else entry.list_id == query.list_id
        )
        listed = BitMap(read.conn.execute(select(entry.paper_id).where(where)).scalars())
    statused = None
    if query.statuses:
        statused = BitMap.union(BitMap(), *(read.set(status_name(s)) for s in query.statuses))
    whole = None
    if scope:
        whole = scope[0] if len(scope) == 1 else scope[0].intersection(*scope[1:])
    return Matches(whole, listed, statused)


class Search:
    """Answers queries for one library; one per ``Library``, shared by its threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache = SetCache(plan.CACHE_BYTES)

    @contextmanager
    def reading(self) -> Iterator[_Read]:
        """One read transaction, begun before anything is read: the index's statements
        go through the driver's cursor, which would otherwise read outside it."""
        with self.engine.connect() as conn, conn.begin():
            yield _Read(conn, self._cache)

    def view(
        self, query: PaperQuery, offset: int = 0, limit: int = 200, *, sidebar: bool = False
    ) -> View:
        """One page of rows with the total and every count (see ``plan``).

        With ``sidebar`` the status counts also set the reading-list filter
        aside, because the sidebar offers statuses and lists as alternatives.
        """
        with self.reading() as read:
            found = matches(read, query)
            statuses = read.statuses()
            chosen = found.papers()
            page = _page(read, query, chosen, statuses, offset, limit)
            return View(
                _total(chosen, statuses),
                page,
                _status_counts(found.papers(statuses=False, lists=not sidebar), statuses),
                _tag_counts(read, chosen),
            )

    def count(self, query: PaperQuery) -> int:
        with self.reading() as read:
            return _total(matches(read, query).papers(), read.statuses())

    def page(self, query: PaperQuery, offset: int, limit: int) -> tuple[int, list[PaperRow]]:
        with self.reading() as read:
            chosen = matches(read, query).papers()
            statuses = read.statuses()
            return _total(chosen, statuses), _page(read, query, chosen, statuses, offset, limit)

    def head(self, query: PaperQuery, limit: int) -> list[PaperRow]:
        """The first rows without counting anything; an unfiltered library reads no set."""
        with self.reading() as read:
            if _unfiltered(query):
                return _page(read, query, None, None, 0, limit)
            chosen = matches(read, query).papers()
            return _page(read, query, chosen, read.statuses(), 0, limit)

    def ids(self, query: PaperQuery, stop: Stop = None) -> list[int]:
        """Every matching id in display order; ``stop`` is asked between chunks."""
        with self.reading() as read:
            chosen = None if _unfiltered(query) else matches(read, query).papers()
            statuses = None if chosen is None else read.statuses()
            return _ordered(read, query, chosen, statuses, 0, None, stop)

    def stream(self, query: PaperQuery, chunk: int = 1000) -> Iterator[list[PaperRow]]:
        """Every matching row in display order, ``chunk`` at a time, from one state of
        the library: memory holds the ids and one chunk of rows, never every row."""
        with self.reading() as read:
            chosen = None if _unfiltered(query) else matches(read, query).papers()
            statuses = None if chosen is None else read.statuses()
            ids = _ordered(read, query, chosen, statuses, 0, None, None)
            for start in range(0, len(ids), chunk):
                yield rows.rows_of(read.conn, ids[start : start + chunk])

    def rows(self, ids: list[int]) -> list[PaperRow]:
        with self.engine.connect() as conn:
            return rows.rows_of(conn, ids)

    def status_counts(self, query: PaperQuery) -> dict[Status, int]:
        """Counts per status for the query, its own status filter set aside."""
        with self.reading() as read:
            return _status_counts(matches(read, query).papers(statuses=False), read.statuses())

    def tag_counts(self, query: PaperQuery) -> list[TagCount]:
        with self.reading() as read:
            return _tag_counts(read, matches(read, query).papers())

    def warm(self, stop: Stop = None) -> None:
        """Load the status and tag sets, which every view counts with, before they are asked."""
        with self.reading() as read:
            read.statuses()
            for tag_id, _, _ in read.tags():
                if stop is not None and stop():
                    return
                read.set(tag_name(tag_id))

    def lists(self) -> list[ListInfo]:
        """Reading lists with their sections and progress (read = not unread)."""
        with self.engine.connect() as conn:
            per_list = _progress_by(conn, Entry.list_id)
            per_section = _progress_by(conn, Entry.section_id)
            sections: dict[int, list[SectionInfo]] = {}
            for s in conn.execute(select(Section).order_by(Section.list_id, Section.position)):
                total, done = per_section.get(s.id, (0, 0))
                sections.setdefault(s.list_id, []).append(
                    SectionInfo(s.id, s.heading, s.date, total, done)
                )
            result = []
            for rl in conn.execute(select(ReadingList).order_by(ReadingList.name)):
                total, done = per_list.get(rl.id, (0, 0))
                result.append(
                    ListInfo(
                        rl.id,
                        rl.name,
                        rl.source,
                        rl.imported_at,
                        total,
                        done,
                        sections.get(rl.id, []),
                    )
                )
            return result


def _unfiltered(query: PaperQuery) -> bool:
    return query == PaperQuery(sort=query.sort, descending=query.descending)


def _total(chosen: BitMap | None, statuses: dict[Status, BitMap]) -> int:
    return len(chosen) if chosen is not None else sum(len(s) for s in statuses.values())


def _status_counts(within: BitMap | None, statuses: dict[Status, BitMap]) -> dict[Status, int]:
    if within is None:
        return {status: len(papers) for status, papers in statuses.items()}
    return {status: within.intersection_cardinality(papers) for status, papers in statuses.items()}


def _tag_counts(read: _Read, within: BitMap | None) -> list[TagCount]:
    counts = []
    tags = read.tags()
    for (tag_id, name, color), papers in zip(
        tags, read.sets([tag_name(t) for t, _, _ in tags]), strict=True
    ):
        count = len(papers) if within is None else within.intersection_cardinality(papers)
        counts.append(TagCount(tag_id, name, color, count))
    return counts


def _page(
    read: _Read,
    query: PaperQuery,
    chosen: BitMap | None,
    statuses: dict[Status, BitMap] | None,
    offset: int,
    limit: int,
) -> list[PaperRow]:
    if chosen is None and not rows.in_list_order(query):
        sql = rows.page_sql(query.sort, query.descending)
        return [rows.row(r) for r in fetch(read.conn, sql, (limit, offset))]
    return rows.rows_of(read.conn, _ordered(read, query, chosen, statuses, offset, limit, None))


def _ordered(
    read: _Read,
    query: PaperQuery,
    chosen: BitMap | None,
    statuses: dict[Status, BitMap] | None,
    offset: int,
    limit: int | None,
    stop: Stop,
) -> list[int]:
    """Ids ``offset`` to ``offset + limit`` (all when None) of ``chosen`` in display order."""
    library = _total(None, statuses) if statuses is not None else 0
    wanted = (offset + limit) if limit is not None else library
    how = plan.page_plan(
        None if chosen is None else len(chosen),
        library,
        wanted,
        indexed=not rows.in_list_order(query),
    )
    if how is PagePlan.SORT:
        assert chosen is not None
        return _sorted(read.conn, query, chosen, offset, limit)
    sql = rows.sorted_ids_sql(query.sort, query.descending)
    cursor = read.conn.connection.cursor()
    try:
        cursor.execute(sql)
        size = plan.IDS_CHUNK
        if chosen is not None and limit is not None:
            size = plan.walk_chunk(len(chosen), library, wanted)
        found: list[int] = []
        while batch := cursor.fetchmany(size):
            if stop is not None and stop():
                raise Interrupted
            if chosen is None:
                found.extend([paper_id for (paper_id,) in batch])
            else:
                found.extend([paper_id for (paper_id,) in batch if paper_id in chosen])
            if limit is not None and len(found) >= wanted:
                break
            size = plan.IDS_CHUNK if limit is None else size
    finally:
        cursor.close()
    return found[offset:] if limit is None else found[offset:wanted]


def _sorted(
    conn: Connection, query: PaperQuery, chosen: BitMap, offset: int, limit: int | None
) -> list[int]:
    """Look up each of ``chosen`` (a JSON array SQLite reads as a table) and sort them."""
    if not chosen:
        return []
    listed: Select[Any] = select(literal_column("value")).select_from(
        func.json_each(bindparam("ids"))
    )
    statement = (
        select(Paper.__table__.c.id)
        .where(Paper.__table__.c.id.in_(listed))
        .order_by(*rows.order_by(query))
        .offset(offset)
    )
    if limit is not None:
        statement = statement.limit(limit)
    ids = "[" + ",".join(map(str, chosen)) + "]"
    return list(conn.execute(statement, {"ids": ids}).scalars())


def _progress_by(conn: Connection, group: Any) -> dict[int, tuple[int, int]]:
    """(papers, papers read) per list or per section; read means not unread."""
    read = case((Paper.status != Status.UNREAD.value, Entry.paper_id), else_=None)
    statement = (
        select(group, func.count(func.distinct(Entry.paper_id)), func.count(func.distinct(read)))
        .join(Paper, Paper.id == Entry.paper_id)
        .group_by(group)
    )
    return {key: (total, done) for key, total, done in conn.execute(statement)}


__all__ = ["WORD", "Interrupted", "Matches", "Search"]
