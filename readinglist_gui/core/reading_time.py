"""Time spent reading: seconds per paper per day, written in batches, summed per ISO week.

The reader measures time actually spent reading (see ``ui.reader.reading_clock``)
and hands it over a minute or so at a time; one row per paper and day keeps the
table small however long people read, and enough for any chart by day, week or
paper. Days are the reader's local calendar days: reading at 23:50 counts for
the evening it happened in, wherever the computer thinks UTC is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert

from readinglist_gui.core.models import ReadingTime, table_of
from readinglist_gui.core.writes.changes import Aspect
from readinglist_gui.core.writes.rows import PAPER
from readinglist_gui.core.writes.writer import Tx

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library

READING_TIME = table_of(ReadingTime)
MAX_SECONDS_A_DAY = 24 * 60 * 60


@dataclass(frozen=True, slots=True)
class AddReadingTime:
    """Add seconds to a paper's day; a paper deleted meanwhile simply gets none."""

    paper_id: int
    day: dt.date
    seconds: int
    label: str = "Record reading time"

    def apply(self, tx: Tx) -> int:
        """Returns the day's total for the paper (0 if the paper is gone)."""
        exists = tx.conn.execute(select(PAPER.c.id).where(PAPER.c.id == self.paper_id)).first()
        seconds = min(max(int(self.seconds), 0), MAX_SECONDS_A_DAY)
        if exists is None or seconds == 0:
            return 0
        statement = insert(READING_TIME).values(
            paper_id=self.paper_id, day=self.day, seconds=seconds
        )
        total = func.min(READING_TIME.c.seconds + statement.excluded.seconds, MAX_SECONDS_A_DAY)
        tx.conn.execute(
            statement.on_conflict_do_update(
                index_elements=["paper_id", "day"], set_={"seconds": total}
            )
        )
        tx.record.changed([self.paper_id], Aspect.READER)
        return int(
            tx.conn.execute(
                select(READING_TIME.c.seconds).where(
                    READING_TIME.c.paper_id == self.paper_id, READING_TIME.c.day == self.day
                )
            ).scalar_one()
        )


@dataclass(frozen=True, slots=True)
class WeekTotal:
    """Seconds read in one ISO week (Monday to Sunday)."""

    year: int
    week: int
    monday: dt.date
    seconds: int


def seconds_per_week(
    library: Library,
    first: dt.date,
    last: dt.date,
    paper_ids: Iterable[int] | None = None,
) -> list[WeekTotal]:
    """Every ISO week from the one holding ``first`` to the one holding ``last``, in order,
    with the seconds read on those days (of ``paper_ids`` only, if given); weeks without
    reading count 0, so a chart's axis has no holes."""
    if last < first:
        return []
    statement = (
        select(READING_TIME.c.day, func.sum(READING_TIME.c.seconds))
        .where(READING_TIME.c.day >= first, READING_TIME.c.day <= last)
        .group_by(READING_TIME.c.day)
    )
    if paper_ids is not None:
        statement = statement.where(READING_TIME.c.paper_id.in_(sorted(set(paper_ids))))
    totals: dict[dt.date, int] = {}
    with library.engine.connect() as conn:
        for day, seconds in conn.execute(statement):
            monday = day - dt.timedelta(days=day.weekday())
            totals[monday] = totals.get(monday, 0) + int(seconds or 0)
    weeks: list[WeekTotal] = []
    monday = first - dt.timedelta(days=first.weekday())
    while monday <= last:
        year, week, _ = monday.isocalendar()
        weeks.append(WeekTotal(year, week, monday, totals.get(monday, 0)))
        monday += dt.timedelta(days=7)
    return weeks


def seconds_on(library: Library, paper_id: int, day: dt.date) -> int:
    """Seconds read in one paper on one day."""
    with library.engine.connect() as conn:
        found = conn.execute(
            select(READING_TIME.c.seconds).where(
                READING_TIME.c.paper_id == paper_id, READING_TIME.c.day == day
            )
        ).scalar()
    return int(found or 0)
