"""Everything the Statistics view shows, computed in one read: the series behind each chart.

The view asks for this on a worker thread and draws what comes back; a
library of any size answers with a few hundred numbers (see
``bench/statistics.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from readinglist_gui.core.models import ReadingTime, table_of
from readinglist_gui.core.reading_time import WeekTotal, seconds_per_week
from readinglist_gui.core.statistics.activity import StatusWeek, first_event_day, status_per_week
from readinglist_gui.core.statistics.burndown import Burndown, ListChoice, burndown, list_choices
from readinglist_gui.core.statistics.weeks import local_day, local_offset, monday_of

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library

READING_TIME = table_of(ReadingTime)
MAX_WEEKS = 52
"""The activity and reading-time charts show at most the last year, week by week."""
MIN_WEEKS = 8
"""A history of a few days still gets an axis with some weeks of context."""


@dataclass(frozen=True, slots=True)
class Statistics:
    today: dt.date
    activity: list[StatusWeek]
    reading: list[WeekTotal]
    lists: list[ListChoice]
    burndown: Burndown | None
    """The chosen list's (or the first list's) burn-down; None without lists."""

    @property
    def empty(self) -> bool:
        """Nothing read yet: no paper left unread, no time spent in the reader."""
        return not any(w.skimmed or w.noted for w in self.activity) and not any(
            w.seconds for w in self.reading
        )


def compute_statistics(
    library: Library,
    list_id: int | None = None,
    today: dt.date | None = None,
    offset: dt.timedelta | None = None,
) -> Statistics:
    """The series of every chart; ``list_id`` picks the burn-down (the first list by default)."""
    shift = local_offset() if offset is None else offset
    with library.engine.connect() as conn:
        now = today or local_day(dt.datetime.now(dt.UTC).replace(tzinfo=None), shift)
        earliest = [now]
        first_status = first_event_day(conn)
        if first_status is not None:
            earliest.append(local_day(first_status, shift))
        first_reading = conn.execute(select(func.min(READING_TIME.c.day))).scalar()
        if isinstance(first_reading, dt.date):
            earliest.append(first_reading)
        start = max(min(earliest), monday_of(now) - dt.timedelta(weeks=MAX_WEEKS - 1))
        start = min(start, monday_of(now) - dt.timedelta(weeks=MIN_WEEKS - 1))
        activity = status_per_week(conn, start, now, shift)
        choices = list_choices(conn)
        chosen = list_id if any(c.id == list_id for c in choices) else _default(choices)
        chart = None if chosen is None else burndown(conn, chosen, now, shift)
    reading = seconds_per_week(library, start, now)
    return Statistics(now, activity, reading, choices, chart)


def _default(choices: list[ListChoice]) -> int | None:
    """The first list with a plan and entries, else the first with entries, else none."""
    planned = [c for c in choices if c.dated and c.entries]
    filled = [c for c in choices if c.entries]
    for found in (planned, filled, choices):
        if found:
            return found[0].id
    return None
