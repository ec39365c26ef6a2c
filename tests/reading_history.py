"""A library with weeks of reading behind it, made through the write path with set times.

Statuses are set with ``SetStatus(at=...)`` and reading time with
``AddReadingTime``, exactly as the app writes them, only dated in the past.
"""

from __future__ import annotations

import datetime as dt

from readinglist_gui.core.library import Library
from readinglist_gui.core.reading_time import AddReadingTime
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
    Status,
)
from readinglist_gui.core.writes.paper_edits import SetStatus

TODAY = dt.date(2026, 3, 18)
"""A Wednesday: the week of 2026-03-16 is the current one."""
WEEK = dt.timedelta(weeks=1)
MONDAY_3_WEEKS_AGO = dt.date(2026, 2, 23)


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12))


def course_batch(today: dt.date = TODAY) -> RecordBatch:
    """Six papers in a course of three dated sessions of two papers, and one stray paper."""
    start = weeks_before(today, 3)
    papers = [PaperRecord(title=f"Paper {n}", year=2020 + n) for n in range(7)]
    sessions = [
        SectionRecord(
            f"Session {n + 1}",
            date=start + n * WEEK + dt.timedelta(days=2),
            entries=[EntryRecord(2 * n), EntryRecord(2 * n + 1)],
        )
        for n in range(3)
    ]
    course = ListRecord(
        "Course", source="course.txt", imported_at=noon(start - WEEK), sections=sessions
    )
    return RecordBatch(papers=papers, lists=[course])


def weeks_before(today: dt.date, weeks: int) -> dt.date:
    """The Monday ``weeks`` weeks before the one holding ``today``."""
    return today - dt.timedelta(days=today.weekday()) - weeks * WEEK


def with_history(library: Library, today: dt.date = TODAY) -> list[int]:
    """The course library, read along: returns the papers' ids in batch order.

    Three weeks ago papers 0 and 1 were skimmed, two weeks ago paper 0 was
    noted and paper 2 skimmed, this week paper 6 (not in the course) was
    noted; reading time 30 min three weeks ago and 45 + 15 min this week.
    """
    ids = library.import_batch(course_batch(today)).paper_ids
    three, two, this = (weeks_before(today, n) for n in (3, 2, 0))
    marks = [
        ([ids[0], ids[1]], Status.SKIMMED, noon(three)),
        ([ids[0]], Status.NOTED, noon(two + dt.timedelta(days=1))),
        ([ids[2]], Status.SKIMMED, noon(two + dt.timedelta(days=3))),
        ([ids[6]], Status.NOTED, noon(this)),
    ]
    for chosen, status, at in marks:
        library.write(SetStatus(tuple(chosen), status, at=at))
    library.write(AddReadingTime(ids[0], three + dt.timedelta(days=1), 30 * 60))
    library.write(AddReadingTime(ids[2], this, 45 * 60))
    library.write(AddReadingTime(ids[6], this + dt.timedelta(days=1), 15 * 60))
    return ids
