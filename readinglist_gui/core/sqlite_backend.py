"""Everything that only SQLite has: pragmas, online backup, triggers.

A shared library on PostgreSQL needs its own versions of these things and
nothing else; the rest of the core speaks dialect-neutral SQL. Keep any new
SQLite-only trick here, behind the functions below.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from sqlalchemy import Connection, Engine, event

BUSY_TIMEOUT_MS = 5000
WRITE_OPTION = "readinglist_write"
"""Execution option of connections that write: their transactions begin IMMEDIATE."""


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


def insert_many(connection: Connection, statement: str, rows: Iterable[Sequence[object]]) -> None:
    """Run ``statement`` (``?`` placeholders) once per row through the driver, in the
    connection's transaction. For bulk imports: their values are already in stored form,
    so SQLAlchemy's per-row processing is skipped, and rows may come from a generator,
    so no list of every row is held."""
    driver = connection.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):
        raise TypeError(f"insert_many writes to SQLite, not {type(driver).__name__}")
    driver.executemany(statement, rows)


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


_OLD_TEXT = "json_array({p}.title, {p}.authors, {p}.abstract, {note})"
"""A paper's indexed text as ``core.search.upkeep`` reads it back: title, authors, abstract, note."""

SEARCH_TRIGGERS = {
    "search_paper_added": "AFTER INSERT ON paper BEGIN "
    "INSERT OR IGNORE INTO search_stale (paper_id, old_text) VALUES (NEW.id, NULL); "
    "INSERT OR IGNORE INTO search_moved VALUES (NEW.id, 0); END",
    # BEFORE: the note is still there, not yet removed by the cascade.
    "search_paper_removed": "BEFORE DELETE ON paper BEGIN "
    "INSERT OR IGNORE INTO search_stale VALUES (OLD.id, "
    + _OLD_TEXT.format(p="OLD", note="(SELECT markdown FROM note WHERE paper_id = OLD.id)")
    + "); INSERT OR IGNORE INTO search_moved VALUES (OLD.id, 0); END",
    "search_paper_reworded": "AFTER UPDATE OF title, authors, abstract ON paper "
    "WHEN OLD.title IS NOT NEW.title OR OLD.authors IS NOT NEW.authors "
    "OR OLD.abstract IS NOT NEW.abstract BEGIN "
    "INSERT OR IGNORE INTO search_stale VALUES (OLD.id, "
    + _OLD_TEXT.format(p="OLD", note="(SELECT markdown FROM note WHERE paper_id = OLD.id)")
    + "); END",
    "search_paper_status": "AFTER UPDATE OF status ON paper WHEN OLD.status IS NOT NEW.status "
    "BEGIN INSERT OR IGNORE INTO search_moved VALUES (NEW.id, 0); END",
    "search_note_added": "AFTER INSERT ON note BEGIN "
    "INSERT OR IGNORE INTO search_stale SELECT id, "
    + _OLD_TEXT.format(p="paper", note="NULL")
    + " FROM paper WHERE id = NEW.paper_id; END",
    "search_note_changed": "AFTER UPDATE OF markdown ON note "
    "WHEN OLD.markdown IS NOT NEW.markdown BEGIN "
    "INSERT OR IGNORE INTO search_stale SELECT id, "
    + _OLD_TEXT.format(p="paper", note="OLD.markdown")
    + " FROM paper WHERE id = OLD.paper_id; END",
    "search_note_removed": "AFTER DELETE ON note BEGIN "
    "INSERT OR IGNORE INTO search_stale SELECT id, "
    + _OLD_TEXT.format(p="paper", note="OLD.markdown")
    + " FROM paper WHERE id = OLD.paper_id; END",
    "search_tag_added": "AFTER INSERT ON paper_tag BEGIN "
    "INSERT OR IGNORE INTO search_moved VALUES (NEW.paper_id, NEW.tag_id); END",
    "search_tag_removed": "AFTER DELETE ON paper_tag BEGIN "
    "INSERT OR IGNORE INTO search_moved VALUES (OLD.paper_id, OLD.tag_id); END",
    "search_tag_moved": "AFTER UPDATE ON paper_tag BEGIN "
    "INSERT OR IGNORE INTO search_moved VALUES (OLD.paper_id, OLD.tag_id); "
    "INSERT OR IGNORE INTO search_moved VALUES (NEW.paper_id, NEW.tag_id); END",
}
"""What each trigger notes for the search index (``core.search.upkeep``): papers whose
words changed, with the text they had until then, and papers whose status or tags did.
``INSERT OR IGNORE`` keeps the first text noted, the one the index still holds."""


def record_search_changes(connection: Connection) -> None:
    """Have the database note every change the search index must follow, whoever makes it.

    Triggers rather than application code, so that no write path (a bulk
    import, the reader promoting a paper, another program) can leave the
    index behind the papers; ``catch_up`` then folds the notes in.
    """
    _make_triggers(connection, SEARCH_TRIGGERS)


_NOTED_BY_ROW = ("search_paper_added", "search_tag_added")
"""The triggers ``new_papers_noted_in_bulk`` stands in for."""


@contextlib.contextmanager
def new_papers_noted_in_bulk(connection: Connection, first: int, last: int) -> Iterator[None]:
    """Note papers ``first``..``last``, inserted with their tags inside this block, for the
    search index in three statements after them rather than by a trigger per row: the
    triggers were about 40% of inserting 116,000 papers and their tags.

    Nothing but those papers and their ``paper_tag`` rows may be inserted inside (a
    note's trigger, for one, expects its paper noted already). The triggers are
    dropped and made again inside the write's own transaction: no other connection
    ever sees them gone, and a failure that rolls the write back restores them.
    """
    _drop_triggers(connection, _NOTED_BY_ROW)
    try:
        yield
        span = (first, last)
        connection.exec_driver_sql(
            "INSERT OR IGNORE INTO search_stale (paper_id, old_text) "
            "SELECT id, NULL FROM paper WHERE id BETWEEN ? AND ?",
            span,
        )
        connection.exec_driver_sql(
            "INSERT OR IGNORE INTO search_moved SELECT id, 0 FROM paper WHERE id BETWEEN ? AND ?",
            span,
        )
        connection.exec_driver_sql(
            "INSERT OR IGNORE INTO search_moved SELECT paper_id, tag_id FROM paper_tag "
            "WHERE paper_id BETWEEN ? AND ?",
            span,
        )
    finally:
        _make_triggers(connection, _NOTED_BY_ROW)


def drop_search_triggers(connection: Connection) -> None:
    _drop_triggers(connection, SEARCH_TRIGGERS)


def _make_triggers(connection: Connection, names: Iterable[str]) -> None:
    for name in names:
        connection.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {SEARCH_TRIGGERS[name]}")


def _drop_triggers(connection: Connection, names: Iterable[str]) -> None:
    for name in names:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


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
            return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._connection.close()
