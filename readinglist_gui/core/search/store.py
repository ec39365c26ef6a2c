"""The search index's tables and the sets read from them, cached between reads.

Every filter the sidebar and the search box offer is answered from a set of
paper ids kept as a compressed bitmap (``pyroaring``): one per status, per
tag, per indexed word, and per stored prefix (see ``plan``). Loading a set is
one row and a memcpy, and intersecting or counting sets of a million papers
takes microseconds, where reading the same ids out of SQLite costs about
half a microsecond each (``bench/results``). The sets are derived data:
triggers note which papers changed (``sqlite_backend.record_search_changes``)
and ``upkeep.catch_up`` folds those changes in, in the writer's transaction.

A read runs in one transaction, so the sets it loads and the rows it reads
are one state of the library. Sets stay cached between reads while the
index's generation (the highest version of any set) shows nothing changed;
when it moves, only the sets written since are dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from pyroaring import BitMap
from sqlalchemy import Connection

from readinglist_gui.core.records import Status

TABLES = (
    "CREATE TABLE search_set (name TEXT PRIMARY KEY, version INTEGER NOT NULL, "
    "papers BLOB NOT NULL)",
    "CREATE INDEX search_set_version ON search_set (version, name)",
    "CREATE TABLE search_stale (paper_id INTEGER PRIMARY KEY, old_text TEXT)",
    "CREATE TABLE search_moved (paper_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, "
    "PRIMARY KEY (paper_id, tag_id)) WITHOUT ROWID",
)
"""``search_set`` holds the sets; ``search_stale`` the papers whose words changed since
they were folded in, with the text they had (NULL: none, a new paper);
``search_moved`` the papers whose status (``tag_id`` 0) or a tag changed."""

WORD, PREFIX, STATUS, TAG = "w:", "p:", "s:", "t:"
"""Set names: a word's papers, a stored prefix's, a status's, a tag's (by id)."""
GENERATION = "#"
"""A row rewritten by every catch-up, so that the highest version never goes back
when the set that held it is dropped (readers trust their cache up to it)."""
NEXT_AFTER_WORD = "w;"
"""The first name after every word's set, for range scans."""


def status_name(status: Status) -> str:
    return STATUS + status.value


def tag_name(tag_id: int) -> str:
    return TAG + str(tag_id)


def load(blob: bytes) -> BitMap:
    return BitMap.deserialize(blob)


def fetch(conn: Connection, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` through the driver's own cursor, in ``conn``'s transaction: the
    index's statements are plain, and SQLAlchemy's per-statement work would be most of
    their cost (a tenth of a millisecond each, several per keystroke)."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a read transaction sees of the index before it reads any set."""

    generation: int
    pending: bool
    """Whether changes wait to be folded in: sets must then be corrected (``upkeep``)."""


class SetCache:
    """Sets loaded for earlier reads, valid while the generation they were read at stands.

    Shared by every thread reading the library; a read of an older state than
    the newest one seen (a long read overtaken by a write) bypasses it.
    """

    def __init__(self, budget_bytes: int) -> None:
        self._budget = budget_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[BitMap | None, int]] = OrderedDict()
        self._bytes = 0
        self._generation = -1
        self._under: dict[str, list[str]] = {}
        self._prefixes: frozenset[str] | None = None

    def snapshot(self, conn: Connection) -> Snapshot:
        """Open the read's view of the index and drop what it shows changed."""
        ((generation, stale, moved),) = fetch(
            conn,
            "SELECT (SELECT coalesce(max(version), 0) FROM search_set), "
            "EXISTS (SELECT 1 FROM search_stale), EXISTS (SELECT 1 FROM search_moved)",
        )
        with self._lock:
            seen = self._generation
            if seen < 0 and not self._entries:
                self._generation = seen = generation  # nothing cached yet, nothing to drop
        if generation > seen:
            changed = [
                name
                for (name,) in fetch(conn, "SELECT name FROM search_set WHERE version > ?", (seen,))
            ]
            with self._lock:
                if self._generation == seen:
                    for name in changed:
                        self._drop(name)
                    self._under.clear()
                    self._prefixes = None
                    self._generation = generation
        return Snapshot(generation, bool(stale or moved))

    def get(self, conn: Connection, snapshot: Snapshot, name: str) -> BitMap | None:
        """The stored set called ``name`` in the read's state; None when there is none."""
        return self.get_many(conn, snapshot, [name])[name]

    def get_many(
        self, conn: Connection, snapshot: Snapshot, names: list[str]
    ) -> dict[str, BitMap | None]:
        """Several stored sets, those not cached read with one statement."""
        found: dict[str, BitMap | None] = {}
        current = self._current(snapshot)
        if current:
            with self._lock:
                for name in names:
                    if name in self._entries:
                        self._entries.move_to_end(name)
                        found[name] = self._entries[name][0]
        missing = [name for name in names if name not in found]
        read: dict[str, bytes] = {}
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            read.update(
                fetch(
                    conn,
                    f"SELECT name, papers FROM search_set WHERE name IN ({','.join('?' * len(chunk))})",
                    tuple(chunk),
                )
            )
        for name in missing:
            blob = read.get(name)
            found[name] = None if blob is None else load(blob)
        if current and missing:
            with self._lock:
                if self._generation == snapshot.generation:
                    for name in missing:
                        if name not in self._entries:
                            size = len(read.get(name, b""))
                            self._entries[name] = (found[name], size)
                            self._bytes += size
                    while self._bytes > self._budget and len(self._entries) > 1:
                        self._drop(next(iter(self._entries)))
        return found

    def words_under(self, conn: Connection, snapshot: Snapshot, prefix: str) -> list[str]:
        """Names of the sets of the indexed words that begin with ``prefix``."""
        current = self._current(snapshot)
        if current:
            with self._lock:
                if prefix in self._under:
                    return self._under[prefix]
        names = [
            name
            for (name,) in fetch(
                conn,
                "SELECT name FROM search_set WHERE name >= ? AND name < ?",
                (WORD + prefix, WORD + prefix + "\U0010ffff"),
            )
        ]
        if current:
            with self._lock:
                if self._generation == snapshot.generation:
                    self._under[prefix] = names
        return names

    def stored_prefixes(self, conn: Connection, snapshot: Snapshot) -> frozenset[str]:
        """Every prefix whose set is stored (see ``plan.stores_prefix``)."""
        current = self._current(snapshot)
        if current:
            with self._lock:
                if self._prefixes is not None:
                    return self._prefixes
        found = frozenset(
            name[len(PREFIX) :]
            for (name,) in fetch(
                conn, "SELECT name FROM search_set WHERE name >= ? AND name < ?", (PREFIX, "p;")
            )
        )
        if current:
            with self._lock:
                if self._generation == snapshot.generation:
                    self._prefixes = found
        return found

    def _current(self, snapshot: Snapshot) -> bool:
        with self._lock:
            return snapshot.generation == self._generation

    def _drop(self, name: str) -> None:
        entry = self._entries.pop(name, None)
        if entry is not None:
            self._bytes -= entry[1]
