"""The ``change_log`` table: each commit's change set, written down for other readers.

A window learns of its own writes from the writer directly. What another
process committed — the command line importing while the app is open, or a
reading group's sync — it reads back from here: every row after the last one
it saw. Rows are appended inside the write's own transaction, so the log never
claims a change that did not commit, nor misses one that did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select

from readinglist_gui.core import library_meta
from readinglist_gui.core.models import ChangeLog, stored_time, table_of, utcnow
from readinglist_gui.core.writes.changes import Aspect, ChangeRecorder, ChangeSet, Scope

_ADDED = 1 << 12
_REMOVED = 1 << 13
_SCOPE_SHIFT = 16
LOG = table_of(ChangeLog)
READ_AT_MOST = 5000
"""Rows read back at once; beyond this many, the change is reported as of unknown extent.

A window would redo everything for such a change anyway (an import of
thousands of papers), and reading a long log costs more than redoing it.
"""
KEEP_FOR = dt.timedelta(days=30)
"""How long rows stay. A window that slept longer simply redoes everything."""
PUSHED = "change_log_pushed_seq"
"""``library_meta`` key: the newest row a reading group's sync has pushed to the server."""


@dataclass(frozen=True, slots=True)
class Appended:
    first: int
    last: int


def append(conn: Connection, recorder: ChangeRecorder) -> Appended | None:
    """Write the recorded changes as rows; returns the range of sequence numbers taken.

    Through the driver's ``executemany``: an import of many papers writes a row
    for each, and SQLAlchemy's per-row work would be most of the cost.
    """
    at = stored_time(utcnow())
    rows: list[tuple[int | None, int, str | None]] = []
    for paper_id, aspects in recorder.papers.items():
        kinds = int(aspects) | (_ADDED if paper_id in recorder.added else 0)
        rows.append((paper_id, kinds, at))
    rows.extend((i, _REMOVED, at) for i in sorted(recorder.removed))
    if recorder.scope:
        rows.append((None, int(recorder.scope) << _SCOPE_SHIFT, at))
    if not rows:
        return None
    before = latest(conn)
    cursor = conn.connection.cursor()
    try:
        cursor.executemany("INSERT INTO change_log (paper_id, kinds, at) VALUES (?, ?, ?)", rows)
    finally:
        cursor.close()
    return Appended(before + 1, latest(conn))


def rows_for(recorder: ChangeRecorder) -> int:
    """How many rows ``append`` writes for these changes (a sync skips its own echo by it)."""
    return len(recorder.papers) + len(recorder.removed) + (1 if recorder.scope else 0)


def latest(conn: Connection) -> int:
    """The sequence number of the newest row (0 for an empty log)."""
    return int(conn.execute(select(func.coalesce(func.max(LOG.c.seq), 0))).scalar_one())


def read_since(
    conn: Connection,
    seq: int,
    skip: frozenset[int] | set[int] = frozenset(),
    at_most: int | None = READ_AT_MOST,
) -> tuple[ChangeSet, int]:
    """Every change committed after ``seq`` (rows in ``skip`` left out) and the newest seq.

    A reading group's push passes ``at_most=None``: it needs every row, however many.
    """
    newest = latest(conn)
    if newest <= seq:
        return ChangeSet(), seq
    first_kept = conn.execute(select(func.min(LOG.c.seq))).scalar_one()
    too_many = at_most is not None and newest - seq > at_most + len(skip)
    if first_kept is None or first_kept > seq + 1 or too_many:
        return ChangeSet.unknown(), newest
    recorder = ChangeRecorder()
    statement = select(LOG.c.seq, LOG.c.paper_id, LOG.c.kinds).where(
        LOG.c.seq > seq, LOG.c.seq <= newest
    )
    for row_seq, paper_id, kinds in conn.execute(statement.order_by(LOG.c.seq)):
        if row_seq in skip:
            continue
        if paper_id is None:
            recorder.library(Scope(kinds >> _SCOPE_SHIFT))
        elif kinds & _REMOVED:
            recorder.remove([paper_id])
        elif kinds & _ADDED:
            recorder.add([paper_id])
        else:
            recorder.changed([paper_id], Aspect(kinds & int(Aspect.every())))
    return recorder.freeze(), newest


def prune(conn: Connection) -> int:
    """Drop rows older than ``KEEP_FOR``, but none a reading group's sync has yet to push.

    The newest row always stays, so sequence numbers keep rising after a prune.
    """
    condition = LOG.c.at < utcnow() - KEEP_FOR
    pushed = library_meta.get(conn, PUSHED)
    if pushed is not None:
        condition = condition & (LOG.c.seq <= int(pushed))
    return conn.execute(delete(LOG).where(condition, LOG.c.seq < latest(conn))).rowcount
