"""Everything that only SQLite has: pragmas, the FTS5 text index, online backup, a trigger.

A shared library on PostgreSQL needs its own versions of these things and
nothing else; the rest of the core speaks dialect-neutral SQLAlchemy. Keep any
new SQLite-only trick here, behind ``TextIndex`` and the functions below.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Select, column, event, insert, select, table, text

BUSY_TIMEOUT_MS = 5000
WRITE_OPTION = "readinglist_write"
"""Execution option of connections that write: their transactions begin IMMEDIATE."""
_CHUNK = 500
SAMPLE = 2000
"""Newest matches of a search looked at to estimate how much of the library it matches."""
_SURVEYED = 10 * SAMPLE
"""Papers counted at most beside the sample: shares down to a tenth are estimated."""
_TOKEN = re.compile(r"\w+", re.UNICODE)
_TERM = re.compile(r'"(\w+)"\*')
_PLAIN_QUERY = re.compile(r'"[A-Za-z0-9]+"\*(?: "[A-Za-z0-9]+"\*)*')
"""Prefix terms the tokenizer keeps whole, letter for letter (it splits at ``_``)."""


def configure(engine: Engine) -> None:
    """Set the pragmas every connection needs and let SQLAlchemy own transactions.

    pysqlite's own implicit BEGIN fires late and never for DDL, so we switch it
    off and emit BEGIN ourselves: transactions then mean what the code says. A
    connection marked with ``WRITE_OPTION`` (the writer's, a migration's) begins
    IMMEDIATE: it takes the write lock first, waiting up to the busy timeout
    for another process to finish. A deferred transaction that read first and
    then tried to write would instead be refused at once if another process
    had written meanwhile, whatever the timeout.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("PRAGMA cache_size = -32000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def backup(source: Path, destination: Path) -> None:
    """Copy a live database consistently (WAL included) with SQLite's online backup."""
    tmp = destination.with_name(destination.name + ".part")
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(destination)


def mirror_statuses(connection: Connection, marks: Mapping[str, str]) -> None:
    """Copy every change of ``paper.status`` into ``paper_facet`` as its mark, whoever makes it.

    A trigger rather than application code, so that no write path (the reader
    promoting a paper, a bulk edit, another process) can leave the sidebar's
    status counts behind the papers. ``marks`` maps each status to its mark.
    """
    cases = " ".join(f"WHEN '{status}' THEN char({ord(mark)})" for status, mark in marks.items())
    connection.exec_driver_sql(
        "CREATE TRIGGER IF NOT EXISTS paper_facet_status AFTER UPDATE OF status ON paper "
        f"BEGIN UPDATE paper_facet SET status_mark = CASE NEW.status {cases} END "
        "WHERE paper_id = NEW.id; END"
    )


def match_query(user_text: str) -> str | None:
    """Turn whatever the user typed into an FTS5 query that cannot be malformed.

    Every word becomes a quoted prefix term, so operators, quotes and brackets
    in the input are just characters; all words must match (search-as-you-type
    narrows as the user types).
    """
    tokens = _TOKEN.findall(user_text)
    if not tokens:
        return None
    return " ".join(f'"{token}"*' for token in tokens)


@dataclass(frozen=True, slots=True)
class Survey:
    """What a glance at a search's newest matches says about all of them."""

    size: int
    """How many papers the library holds."""
    share: float
    """The fraction of the library the search is estimated to match."""
    exact: int | None
    """The number of matches, when the glance saw every one of them."""

    @property
    def mostly(self) -> bool:
        """Whether the search likely matches more than half of the library."""
        return self.share > 0.5


@dataclass(frozen=True, slots=True)
class TextMatches:
    """A search evaluated into a temporary table: its matches, or when they are
    most of the library, the few papers it leaves out."""

    ids: Select[Any]
    inverted: bool
    """True when ``ids`` are the papers that do *not* match."""
    matched: int
    """How many papers match."""


class TextIndex:
    """Full-text index over title, authors, abstract, notes and tags (FTS5).

    The index is maintained by ``Library`` for the papers each write touched,
    rather than by triggers, so a bulk import refreshes it once, in bulk.
    Every paper also carries one constant word in a sixth column, so that
    "every paper NOT the search" is an index query: the complement of a search
    that matches nearly everything costs a few milliseconds that way, against
    tens for writing out its tens of thousands of matches.
    """

    TABLE = "paper_fts"
    HITS = "readinglist_hits"
    SEARCHED = ("title", "authors", "abstract", "notes", "tags")
    EVERY = "readinglisteverypaper"
    PREFIXES = (1, 2, 3)
    """Prefix lengths the index keeps lists for; longer prefixes merge the lists of
    every word they begin, which for a short common one takes milliseconds."""

    @classmethod
    def create(cls, connection: Connection) -> None:
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {cls.TABLE} USING fts5("
            f"{', '.join(cls.SEARCHED)}, every, "
            "tokenize = 'unicode61 remove_diacritics 2', "
            f"prefix = '{' '.join(map(str, cls.PREFIXES))}')"
        )

    @classmethod
    def drop(cls, connection: Connection) -> None:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {cls.TABLE}")

    @classmethod
    def rebuild(cls, connection: Connection) -> None:
        connection.exec_driver_sql(f"DELETE FROM {cls.TABLE}")
        connection.exec_driver_sql(cls._insert_sql(""))

    @classmethod
    def refresh(cls, connection: Connection, paper_ids: Iterable[int]) -> None:
        """Re-read the indexed text of these papers (deleted ones simply vanish)."""
        ids = sorted(set(paper_ids))
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            connection.exec_driver_sql(
                f"DELETE FROM {cls.TABLE} WHERE rowid IN ({marks})", tuple(chunk)
            )
            connection.exec_driver_sql(cls._insert_sql(f"WHERE p.id IN ({marks})"), tuple(chunk))

    @classmethod
    def _insert_sql(cls, where: str) -> str:
        return (
            f"INSERT INTO {cls.TABLE}(rowid, {', '.join(cls.SEARCHED)}, every) "
            "SELECT p.id, p.title, p.authors, p.abstract, coalesce(n.markdown, ''), p.tags_label, "
            f"'{cls.EVERY}' FROM paper p LEFT JOIN note n ON n.paper_id = p.id {where}"
        )

    @classmethod
    def matches(
        cls, fts_query: str, *, inverted: bool = False, within: tuple[int, int] | None = None
    ) -> Select[Any]:
        """The ids (as ``id``) of the papers the search matches, or with ``inverted``
        of those it leaves out, read straight from the index; ``within`` bounds the
        ids, which the index reads as a range of itself."""
        searched = cls._searched(fts_query)
        expression = f'"{cls.EVERY}" NOT ({searched})' if inverted else searched
        index = table(cls.TABLE, column("rowid"))
        found = select(index.c.rowid.label("id")).where(
            text(f"{cls.TABLE} MATCH :fts").bindparams(fts=expression)
        )
        return found if within is None else found.where(index.c.rowid.between(*within))

    @classmethod
    def _searched(cls, fts_query: str) -> str:
        """The query kept off the constant word's column, when it could match that word.

        The column filter costs a fifth of evaluating a broad prefix search, since
        it makes SQLite read where in each paper every match is, so it is left out
        when the query is only plain ASCII prefixes of which none begins the word
        (one with an accent or an underscore might, once the tokenizer is done).
        """
        if _PLAIN_QUERY.fullmatch(fts_query) and not any(
            cls.EVERY.startswith(term.lower()) for term in _TERM.findall(fts_query)
        ):
            return fts_query
        return f"{{{' '.join(cls.SEARCHED)}}} : ({fts_query})"

    @classmethod
    def reads_directly(cls, fts_query: str) -> bool:
        """Whether every term of the search is a prefix the index keeps a list for,
        so that evaluating it again, say over another range of ids, costs no merge."""
        terms = _TERM.findall(fts_query)
        return bool(terms) and all(len(term) <= max(cls.PREFIXES) for term in terms)

    @classmethod
    def search(
        cls, connection: Connection, fts_query: str, survey: Survey | None = None
    ) -> TextMatches:
        """Evaluate the search once into a temporary table.

        Rows, totals and every count of one request then read the table instead
        of running the full-text search again. A search ``survey`` says matches
        most of the library is stored as the papers it leaves out. The number of
        matches falls out of filling the table, so the search is not also
        counted: counting cost as much as a third of the whole request.
        """
        inverted = survey is not None and survey.mostly
        connection.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {cls.HITS} (id INTEGER PRIMARY KEY)"
        )
        connection.exec_driver_sql(f"DELETE FROM temp.{cls.HITS}")
        hits = table(cls.HITS, column("id"), schema="temp")
        found = cls.matches(fts_query, inverted=inverted)
        stored = connection.execute(insert(hits).from_select(["id"], found)).rowcount
        ids = select(hits.c.id)
        if inverted:
            assert survey is not None
            return TextMatches(ids, True, survey.size - stored)
        return TextMatches(ids, False, stored)

    @classmethod
    def survey(cls, connection: Connection, fts_query: str, library_size: int) -> Survey:
        """Estimate the share of the library a search matches, in well under a millisecond.

        Judged from its newest ``SAMPLE`` matches against the papers added
        since the oldest of them, both read from the index and both bounded:
        counting every match costs up to ten milliseconds (and counting papers
        in the wide ``paper`` table, tens). Below a tenth of the library the
        estimate is only an upper bound. A wrong estimate only costs time,
        never correctness: every plan built on it answers the same.
        """
        oldest, seen = connection.execute(
            text(
                f"SELECT min(rowid), count(*) FROM (SELECT rowid FROM {cls.TABLE} "
                f"WHERE {cls.TABLE} MATCH :fts ORDER BY rowid DESC LIMIT {SAMPLE})"
            ),
            {"fts": cls._searched(fts_query)},
        ).one()
        if seen < SAMPLE:
            return Survey(library_size, seen / max(library_size, 1), seen)
        since = connection.execute(
            text(
                f"SELECT count(*) FROM (SELECT rowid FROM {cls.TABLE} WHERE {cls.TABLE} "
                f"MATCH :every AND rowid >= :oldest LIMIT {_SURVEYED})"
            ),
            {"every": f'"{cls.EVERY}"', "oldest": oldest},
        ).scalar_one()
        return Survey(library_size, seen / max(since, 1), None)


class ChangeWatch:
    """Tells whether anyone — this process or another — has committed since the last look.

    ``PRAGMA data_version`` moves whenever a connection other than the asking
    one commits; a private connection that never writes therefore sees every
    commit, ours through the pool and the command line's alike.
    """

    def __init__(self, path: Path, *, uri: str | None = None) -> None:
        """``uri`` opens the file as a read-only library's engine does, instead of ``path``."""
        self._connection = sqlite3.connect(
            uri or path, uri=uri is not None, check_same_thread=False, isolation_level=None
        )
        self._lock = threading.Lock()

    def version(self) -> int:
        with self._lock:
            return self._connection.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._connection.close()
