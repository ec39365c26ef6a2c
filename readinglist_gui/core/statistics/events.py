"""Status history: the writer appends an event whenever a write moves a paper's status.

One hook in the writer's upkeep, rather than one line in every op that may
move a status (setting it by hand, promotion by notes or reading, undo,
imports, merges, the reading group's sync): after any write that touched a
paper's status, each such paper whose status now differs from its last event
gets a new event, inside the same transaction. A paper with no event counts
as unread since it was added.

The event is dated when the status was set (``status_changed_at``) if that is
later than the paper's last event, as for a status chosen here or by this
member on another machine of the group; otherwise (an undo puts back the old
stamp) it is dated now, so the events of a paper stay in the order they
happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Connection, DateTime, bindparam, text

from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import StatusEvent, table_of, utcnow

STATUS_EVENT = table_of(StatusEvent)

_APPEND = text(
    """
    INSERT INTO status_event (paper_id, status, at)
    SELECT id, status,
           CASE WHEN status_changed_at IS NOT NULL
                     AND (last_at IS NULL OR status_changed_at > last_at)
                THEN status_changed_at
                ELSE max(:now, coalesce(last_at, :now)) END
    FROM (
        SELECT p.id, p.status, p.status_changed_at,
               (SELECT e.status FROM status_event e WHERE e.paper_id = p.id
                ORDER BY e.at DESC, e.id DESC LIMIT 1) AS last_status,
               (SELECT max(e.at) FROM status_event e WHERE e.paper_id = p.id) AS last_at
        FROM paper p WHERE p.id IN :ids
    )
    WHERE coalesce(last_status, 'unread') != status
    ORDER BY id
    """
).bindparams(bindparam("now", type_=DateTime), bindparam("ids", expanding=True))


def record_status_events(
    conn: Connection, paper_ids: Iterable[int], now: dt.datetime | None = None
) -> int:
    """Append an event for each of ``paper_ids`` whose status moved; returns how many."""
    ids = sorted(set(paper_ids))
    moment = utcnow() if now is None else now
    appended = 0
    for chunk in chunks(ids):
        appended += conn.execute(_APPEND, {"now": moment, "ids": list(chunk)}).rowcount
    return appended
