"""Papers skimmed and noted per week, from the status history.

A paper counts once per week and status however often it went back and
forth; a paper skimmed on Monday and noted on Friday counts in both series,
since both happened that week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, distinct, func, select

from readinglist_gui.core.records import Status
from readinglist_gui.core.statistics.events import STATUS_EVENT
from readinglist_gui.core.statistics.weeks import day_of, mondays, week_of

COUNTED = (Status.SKIMMED, Status.NOTED)


@dataclass(frozen=True, slots=True)
class StatusWeek:
    """How many papers reached each status in one week (Monday to Sunday)."""

    monday: dt.date
    skimmed: int
    noted: int


def status_per_week(
    conn: Connection, first: dt.date, last: dt.date, offset: dt.timedelta
) -> list[StatusWeek]:
    """Every week from ``first``'s to ``last``'s, in order; weeks without reading count 0."""
    weeks = mondays(first, last)
    if not weeks:
        return []
    # A margin of a day each side covers any UTC offset; the weeks outside are dropped below.
    start = dt.datetime.combine(weeks[0] - dt.timedelta(days=1), dt.time())
    end = dt.datetime.combine(weeks[-1] + dt.timedelta(days=8), dt.time())
    monday = week_of(STATUS_EVENT.c.at, offset).label("monday")
    statement = (
        select(monday, STATUS_EVENT.c.status, func.count(distinct(STATUS_EVENT.c.paper_id)))
        .where(
            STATUS_EVENT.c.at >= start,
            STATUS_EVENT.c.at < end,
            STATUS_EVENT.c.status.in_([s.value for s in COUNTED]),
        )
        .group_by(monday, STATUS_EVENT.c.status)
    )
    counts: dict[tuple[dt.date, str], int] = {}
    for week, status, count in conn.execute(statement):
        counts[(day_of(week), status)] = int(count)
    return [
        StatusWeek(
            week,
            counts.get((week, Status.SKIMMED.value), 0),
            counts.get((week, Status.NOTED.value), 0),
        )
        for week in weeks
    ]


def first_event_day(conn: Connection) -> dt.datetime | None:
    """When the earliest status left unread, if any did."""
    found = conn.execute(
        select(func.min(STATUS_EVENT.c.at)).where(STATUS_EVENT.c.status != Status.UNREAD.value)
    ).scalar()
    return found if isinstance(found, dt.datetime) else None
