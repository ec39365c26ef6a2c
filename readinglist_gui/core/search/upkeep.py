"""Keeping the search sets in step with the papers: what changed, folded in.

Triggers (``sqlite_backend.record_search_changes``) note every paper whose
words, status or tags change, whoever writes: this process, the command
line, another program. ``catch_up`` folds those notes into the stored sets
in the writer's own transaction, so readers see sets and papers of one state.
Until then a reader corrects the sets it uses with ``Pending``: each noted
paper is taken out of every set and put back where it now belongs.

Rebuilding is catching up with every paper noted as new, so the index is
built by exactly the code that keeps it.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pyroaring import BitMap
from sqlalchemy import Connection

from readinglist_gui.core.records import Status
from readinglist_gui.core.search import plan
from readinglist_gui.core.search.store import (
    GENERATION,
    NEXT_AFTER_WORD,
    PREFIX,
    STATUS,
    TAG,
    WORD,
    load,
    status_name,
    tag_name,
)
from readinglist_gui.core.search.words import distinct_words

T = TypeVar("T")
READ_AT_ONCE = 500
"""Sets read with one statement (SQLite allows 32,766 parameters; 500 names keep it short)."""
WRITE_AT_ONCE = 1000
"""Sets buffered before one ``executemany`` writes them."""
_TEXT = (
    "SELECT p.id, p.title, p.authors, p.abstract, n.markdown FROM paper p "
    "LEFT JOIN note n ON n.paper_id = p.id WHERE p.id IN ({})"
)


def paper_words(
    title: str | None, authors: str | None, abstract: str | None, note: str | None
) -> set[str]:
    """The words a paper is found by: its title, authors' names, abstract and note."""
    names = json.loads(authors) if authors else []
    return distinct_words([title or "", *names, abstract or "", note or ""])


@dataclass(slots=True)
class Pending:
    """Changes noted but not yet folded in, as corrections to the stored sets."""

    reworded: BitMap = field(default_factory=BitMap)
    """Papers whose words changed: out of every word and prefix set, back where ``added`` says."""
    added: dict[str, BitMap] = field(default_factory=dict)
    """Per word or prefix set, the papers of ``reworded`` that belong to it now."""
    restatused: BitMap = field(default_factory=BitMap)
    statuses: dict[str, BitMap] = field(default_factory=dict)
    retagged: dict[int, BitMap] = field(default_factory=dict)
    tagged: dict[int, BitMap] = field(default_factory=dict)

    @classmethod
    def read(cls, conn: Connection, prefixes: frozenset[str]) -> Pending:
        """Every noted change, as it stands in this transaction (a reader's view)."""
        pending = cls()
        stale = list(conn.exec_driver_sql("SELECT paper_id FROM search_stale").scalars())
        pending.reworded = BitMap(stale)
        for chunk in _chunks(stale):
            for paper_id, *text in conn.exec_driver_sql(
                _TEXT.format(",".join("?" * len(chunk))), tuple(chunk)
            ):
                pending.add_words(paper_id, paper_words(*text), prefixes)
        pending.read_moves(conn)
        return pending

    def add_words(self, paper_id: int, words: Iterable[str], prefixes: frozenset[str]) -> None:
        stored: set[str] = set()
        for word in words:
            self.added.setdefault(WORD + word, BitMap()).add(paper_id)
            stored.update(word[:n] for n in range(1, len(word) + 1) if word[:n] in prefixes)
        for prefix in stored:
            self.added.setdefault(PREFIX + prefix, BitMap()).add(paper_id)

    def read_moves(self, conn: Connection) -> None:
        """Current statuses and tags of the papers whose status or tags were noted."""
        for paper_id, status in conn.exec_driver_sql(
            "SELECT m.paper_id, p.status FROM search_moved m LEFT JOIN paper p "
            "ON p.id = m.paper_id WHERE m.tag_id = 0"
        ):
            self.restatused.add(paper_id)
            if status is not None:
                self.statuses.setdefault(STATUS + status, BitMap()).add(paper_id)
        for paper_id, tag_id, carried in conn.exec_driver_sql(
            "SELECT m.paper_id, m.tag_id, t.paper_id IS NOT NULL FROM search_moved m "
            "LEFT JOIN paper_tag t ON t.paper_id = m.paper_id AND t.tag_id = m.tag_id "
            "WHERE m.tag_id != 0"
        ):
            self.retagged.setdefault(tag_id, BitMap()).add(paper_id)
            if carried:
                self.tagged.setdefault(tag_id, BitMap()).add(paper_id)

    def new_words(self, prefix: str) -> list[str]:
        """Names of word sets with additions, for words beginning with ``prefix``."""
        start = WORD + prefix
        return [name for name in self.added if name.startswith(start)]

    def correct(self, name: str, stored: BitMap | None) -> BitMap:
        """The set called ``name`` as it is now, given the stored one."""
        papers = BitMap() if stored is None else stored
        removed: BitMap | None
        added: BitMap | None
        if name.startswith((WORD, PREFIX)):
            removed, added = self.reworded, self.added.get(name)
        elif name.startswith(STATUS):
            removed, added = self.restatused, self.statuses.get(name)
        else:
            tag_id = int(name[len(TAG) :])
            removed, added = self.retagged.get(tag_id), self.tagged.get(tag_id)
        if removed:
            papers = papers - removed
        return papers | added if added else papers


def catch_up(conn: Connection) -> None:
    """Fold every noted change into the stored sets; call it in each write's transaction.

    Cost follows the papers noted: a status or a note is a few sets rewritten;
    an import of many papers tokenises each once. When the papers reworded are
    a large part of the library, which prefixes to store is decided afresh.
    """
    stale = conn.exec_driver_sql("SELECT count(*) FROM search_stale").scalar_one()
    moved = conn.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM search_moved)").scalar_one()
    if not stale and not moved:
        return
    version = conn.exec_driver_sql(
        "SELECT coalesce(max(version), 0) + 1 FROM search_set"
    ).scalar_one()
    prefixes = _stored_prefixes(conn)
    writes = _Writes(conn, version)
    if stale:
        _fold_words(conn, prefixes, writes)
    if moved:
        pending = Pending()
        pending.read_moves(conn)
        for status in Status:
            writes.apply(status_name(status), pending)
        for tag_id in pending.retagged:
            writes.apply(tag_name(tag_id), pending)
    conn.exec_driver_sql("DELETE FROM search_stale")
    conn.exec_driver_sql("DELETE FROM search_moved")
    size = conn.exec_driver_sql("SELECT count(*) FROM paper").scalar_one()
    if stale >= max(plan.REPLAN_FROM, plan.REPLAN_SHARE * size):
        _replan_prefixes(conn, writes)
    writes.put(GENERATION, BitMap([version]))
    writes.flush()


def rebuild(conn: Connection) -> None:
    """Build every set afresh from the papers: all of them noted as new, then caught up.

    The generation row stays, so versions keep rising for readers already open."""
    conn.exec_driver_sql("DELETE FROM search_set WHERE name != ?", (GENERATION,))
    for table in ("search_stale", "search_moved"):
        conn.exec_driver_sql(f"DELETE FROM {table}")
    conn.exec_driver_sql("INSERT INTO search_stale (paper_id) SELECT id FROM paper")
    conn.exec_driver_sql("INSERT INTO search_moved SELECT id, 0 FROM paper")
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO search_moved SELECT paper_id, tag_id FROM paper_tag"
    )
    catch_up(conn)


class _Writes:
    """Stored sets rewritten at one new version, each only if it changed.

    Sets are read by the hundred and written by the thousand through the
    driver's cursor: an import brings tens of thousands of new words, and a
    statement per word through SQLAlchemy cost more than the sets themselves.
    Writes wait in a buffer, flushed before any read and by ``flush``.
    """

    def __init__(self, conn: Connection, version: int) -> None:
        self.conn = conn
        self.version = version
        self._rows: list[tuple[str, int, bytes]] = []

    def stored(self, name: str) -> BitMap | None:
        return self.stored_many([name])[name]

    def stored_many(self, names: list[str]) -> dict[str, BitMap | None]:
        self.flush()
        found: dict[str, BitMap | None] = dict.fromkeys(names)
        cursor = self.conn.connection.cursor()
        try:
            for chunk in _chunks(names, READ_AT_ONCE):
                cursor.execute(
                    f"SELECT name, papers FROM search_set WHERE name IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
                found.update((name, load(blob)) for name, blob in cursor.fetchall())
        finally:
            cursor.close()
        return found

    def apply(self, name: str, pending: Pending) -> None:
        before = self.stored(name)
        self.put(name, pending.correct(name, before), before)

    def put(self, name: str, papers: BitMap, before: BitMap | None = None) -> None:
        if before is not None and papers == before:
            return
        if before is None and not papers:
            return
        papers.run_optimize()
        self._rows.append((name, self.version, papers.serialize()))
        if len(self._rows) >= WRITE_AT_ONCE:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        cursor = self.conn.connection.cursor()
        try:
            cursor.executemany(
                "INSERT INTO search_set (name, version, papers) VALUES (?, ?, ?) ON CONFLICT "
                "(name) DO UPDATE SET version = excluded.version, papers = excluded.papers",
                self._rows,
            )
        finally:
            cursor.close()
        self._rows.clear()

    def drop(self, name: str) -> None:
        self.flush()
        self.conn.exec_driver_sql("DELETE FROM search_set WHERE name = ?", (name,))


def _fold_words(conn: Connection, prefixes: frozenset[str], writes: _Writes) -> None:
    """Move each reworded paper from the sets of the words it had to those it has.

    Papers are read a chunk at a time and each chunk's changes are kept as
    sets, so memory holds one chunk's words and the sets, never a list entry
    per paper and word (a million new papers: ~100 MB rather than ~2 GB).
    Only the sets of words and prefixes some reworded paper had or has are
    read and rewritten.
    """
    removed: defaultdict[str, BitMap] = defaultdict(BitMap)
    added: defaultdict[str, BitMap] = defaultdict(BitMap)
    added_under: defaultdict[str, BitMap] = defaultdict(BitMap)
    touched: set[str] = set()
    reworded = BitMap()
    prefixes_of = _PrefixesOf(prefixes)
    for chunk in _stale_chunks(conn):
        changes: tuple[defaultdict[str, list[int]], ...] = tuple(
            defaultdict(list) for _ in range(3)
        )
        gone, came, under = changes
        for paper_id, old_text, *text in chunk:
            new = paper_words(*text) if text[0] is not None else set()
            fresh = new
            if old_text:  # a new paper (an import's) had no words: the short way
                old = paper_words(*json.loads(old_text))
                left = old - new
                for word in left:
                    gone[word].append(paper_id)
                touched |= prefixes_of.union(left)
                fresh = new - old
            for word in fresh:
                came[word].append(paper_id)
            if prefixes:
                now_under = prefixes_of.union(new)
                for prefix in now_under:
                    under[prefix].append(paper_id)
                touched |= now_under
        reworded.update(row[0] for row in chunk)
        for lists, sets in zip(changes, (removed, added, added_under), strict=True):
            for name, ids in lists.items():
                sets[name] |= BitMap(ids)
        if len(removed) + len(added) >= plan.FOLD_WORDS:
            _write_words(writes, removed, added)
    _write_words(writes, removed, added)
    for prefixes_read in _chunks(sorted(touched), READ_AT_ONCE):
        befores = writes.stored_many([PREFIX + prefix for prefix in prefixes_read])
        for prefix in prefixes_read:
            before = befores[PREFIX + prefix]
            now = (BitMap() if before is None else before) - reworded
            writes.put(PREFIX + prefix, now | added_under.get(prefix, BitMap()), before)


def _write_words(writes: _Writes, removed: dict[str, BitMap], added: dict[str, BitMap]) -> None:
    """Write the word sets changed so far and forget the changes. Each paper is folded
    once, so sets written again later only gain and lose other papers."""
    for words in _chunks(sorted(removed.keys() | added.keys()), READ_AT_ONCE):
        befores = writes.stored_many([WORD + word for word in words])
        for word in words:
            before = befores[WORD + word]
            now = BitMap() if before is None else before - removed.get(word, BitMap())
            writes.put(WORD + word, now | added.get(word, BitMap()), before)
    removed.clear()
    added.clear()


class _PrefixesOf:
    """The stored prefixes each word begins with, worked out once per word."""

    def __init__(self, prefixes: frozenset[str]) -> None:
        self._prefixes = prefixes
        self._known: dict[str, tuple[str, ...]] = {}

    def union(self, words: Iterable[str]) -> set[str]:
        found: set[str] = set()
        if not self._prefixes:
            return found
        for word in words:
            known = self._known.get(word)
            if known is None:
                known = self._known[word] = tuple(
                    word[:n] for n in range(1, len(word) + 1) if word[:n] in self._prefixes
                )
            found.update(known)
        return found


def _replan_prefixes(conn: Connection, writes: _Writes) -> None:
    """Store exactly the prefixes ``plan.stores_prefix`` asks for, each the union of its
    words' sets.

    Two passes over the words in name order, neither holding the list of words:
    a library of a million arXiv papers indexes millions of them (most in one
    paper only), and their prefixes would take gigabytes as one table.
    """
    writes.flush()  # the sets are read straight from the table below
    wanted = _wanted_prefixes(_word_sizes(conn))
    for prefix in _stored_prefixes(conn) - wanted:
        writes.drop(PREFIX + prefix)
    unions: defaultdict[str, BitMap] = defaultdict(BitMap)
    batch: list[tuple[str, list[str]]] = []
    for name, _size in itertools.chain(_word_sizes(conn), [("", 0)]):
        word = name[len(WORD) :]
        found = [word[:n] for n in range(1, len(word) + 1) if word[:n] in wanted]
        if found:
            batch.append((name, found))
        if batch and (len(batch) >= READ_AT_ONCE or not name):
            sets = writes.stored_many([stored for stored, _found in batch])
            for stored, prefixes in batch:
                papers = sets[stored]
                assert papers is not None
                for prefix in prefixes:
                    unions[prefix] |= papers
            batch.clear()
    for batch_names in _chunks(sorted(unions), READ_AT_ONCE):
        befores = writes.stored_many([PREFIX + prefix for prefix in batch_names])
        for prefix in batch_names:
            writes.put(PREFIX + prefix, unions[prefix], befores[PREFIX + prefix])


def _word_sizes(conn: Connection) -> Iterator[tuple[str, int]]:
    """(set name, bytes) of every indexed word, in name order, read as it goes."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(
            "SELECT name, length(papers) FROM search_set WHERE name >= ? AND name < ? "
            "ORDER BY name",
            (WORD, NEXT_AFTER_WORD),
        )
        while rows := cursor.fetchmany(READ_AT_ONCE):
            yield from ((name, size) for name, size in rows)
    finally:
        cursor.close()


def _wanted_prefixes(words: Iterable[tuple[str, int]]) -> frozenset[str]:
    """The prefixes ``plan.stores_prefix`` keeps, from the words in name order.

    In that order the words of a prefix are neighbours, so each prefix's tally
    is closed as soon as a word no longer begins with it: memory holds the
    prefixes of one word, not of every word.
    """
    wanted: set[str] = set()
    open_tallies: list[list[int]] = []
    previous = ""
    for name, size in words:
        word = name[len(WORD) :]
        shared = 0
        for a, b in zip(previous, word, strict=False):
            if a != b:
                break
            shared += 1
        while len(open_tallies) > shared:
            count, total = open_tallies.pop()
            if plan.stores_prefix(count, total):
                wanted.add(previous[: len(open_tallies) + 1])
        open_tallies.extend([0, 0] for _ in range(len(word) - len(open_tallies)))
        for tally in open_tallies:
            tally[0] += 1
            tally[1] += size
        previous = word
    while open_tallies:
        count, total = open_tallies.pop()
        if plan.stores_prefix(count, total):
            wanted.add(previous[: len(open_tallies) + 1])
    return frozenset(wanted)


def _stored_prefixes(conn: Connection) -> frozenset[str]:
    return frozenset(
        name[len(PREFIX) :]
        for name in conn.exec_driver_sql(
            "SELECT name FROM search_set WHERE name >= ? AND name < ?", (PREFIX, "p;")
        ).scalars()
    )


def _stale_chunks(conn: Connection) -> Iterator[list[tuple[Any, ...]]]:
    """(paper id, old text, title, authors, abstract, note) of the reworded papers, by
    chunks in id order; the paper's fields are NULL once it is deleted."""
    last = -1
    while True:
        chunk = conn.exec_driver_sql(
            "SELECT s.paper_id, s.old_text, p.title, p.authors, p.abstract, n.markdown "
            "FROM search_stale s LEFT JOIN paper p ON p.id = s.paper_id "
            "LEFT JOIN note n ON n.paper_id = s.paper_id WHERE s.paper_id > ? "
            "ORDER BY s.paper_id LIMIT ?",
            (last, plan.FOLD_CHUNK),
        ).all()
        if not chunk:
            return
        last = chunk[-1][0]
        yield [tuple(row) for row in chunk]


def _chunks(values: list[T], size: int = 500) -> Iterator[list[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
