"""A reading list's burn-down: entries still unread at the end of each week, against the plan.

The plan comes from the list's section dates (a course's session dates, a
blog's posting days): an entry is due by its section's date. A section
without a date shares the date of the dated section before it (a course's
second heading on the same day), or failing that the one after it; entries
outside any section are due with the last date. A list with no dated section
has no plan, only its progress.

Progress is counted from the status history per entry, in SQL: each event
that moves an entry's paper out of unread (or back) is a step of -1 (or +1)
in its week, and the weekly sums are added up from the total. The total is
today's: entries have no date of their own, so an entry added later counts
as if it had always been there.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass

from sqlalchemy import Connection, func, select, text

from readinglist_gui.core.models import Entry, ReadingList, Section, table_of
from readinglist_gui.core.statistics.weeks import day_of, local_day, monday_of, mondays

ENTRY = table_of(Entry)
SECTION = table_of(Section)
READING_LIST = table_of(ReadingList)
MAX_WEEKS = 104
"""A list older than two years shows its last two."""

_STEPS = text(
    """
    WITH moved AS (
        SELECT e.at AS at,
               (e.status != 'unread') AS done,
               coalesce(lag(e.status != 'unread') OVER (
                   PARTITION BY n.id ORDER BY e.at, e.id), 0) AS was
        FROM entry n JOIN status_event e ON e.paper_id = n.paper_id
        WHERE n.list_id = :list_id
    )
    SELECT date(at, :shift, '-6 days', 'weekday 1') AS monday, sum(done - was)
    FROM moved WHERE done != was GROUP BY monday
    """
)


@dataclass(frozen=True, slots=True)
class ListChoice:
    """A reading list the burn-down can be drawn for."""

    id: int
    name: str
    entries: int
    dated: bool
    """Whether any section has a date, so there is a plan to compare with."""


@dataclass(frozen=True, slots=True)
class BurndownWeek:
    monday: dt.date
    remaining: int | None
    """Entries unread at the end of the week; None for weeks still to come."""
    planned: int | None
    """Entries the plan leaves unread by the end of the week; None without a plan."""


@dataclass(frozen=True, slots=True)
class Burndown:
    list_id: int
    name: str
    total: int
    weeks: list[BurndownWeek]
    due: list[tuple[dt.date, str]]
    """Each dated section's date and heading, in date order, for marks along the axis."""


def list_choices(conn: Connection) -> list[ListChoice]:
    """Every reading list by name, with its size and whether it has a plan."""
    sizes: dict[int, int] = {
        int(list_id): int(count)
        for list_id, count in conn.execute(
            select(ENTRY.c.list_id, func.count()).group_by(ENTRY.c.list_id)
        )
    }
    dated = {
        row[0]
        for row in conn.execute(
            select(SECTION.c.list_id).where(SECTION.c.date.is_not(None)).distinct()
        )
    }
    return [
        ListChoice(list_id, name, sizes.get(list_id, 0), list_id in dated)
        for list_id, name in conn.execute(
            select(READING_LIST.c.id, READING_LIST.c.name).order_by(READING_LIST.c.name)
        )
    ]


def burndown(
    conn: Connection, list_id: int, today: dt.date, offset: dt.timedelta
) -> Burndown | None:
    """The list's weekly progress and plan, or None if there is no such list."""
    head = conn.execute(
        select(READING_LIST.c.name, READING_LIST.c.imported_at).where(READING_LIST.c.id == list_id)
    ).first()
    if head is None:
        return None
    name, imported_at = head
    due_dates, due = _due_dates(conn, list_id)
    total = len(due_dates)
    steps = {
        day_of(monday): int(step)
        for monday, step in conn.execute(
            _STEPS, {"list_id": list_id, "shift": f"{int(offset.total_seconds()):+d} seconds"}
        )
    }
    # From the import (or the first date due): reading done before counts as done from the start.
    start = min([local_day(imported_at, offset), *(d for d in due_dates if d)])
    end = max([today, *(d for d in due_dates if d)])
    weeks = mondays(start, end)[-MAX_WEEKS:]
    done = sum(step for monday, step in steps.items() if monday < weeks[0])
    planned_days = sorted(d for d in due_dates if d is not None)
    current = monday_of(today)
    series = []
    for monday in weeks:
        done += steps.get(monday, 0)
        sunday = monday + dt.timedelta(days=6)
        planned = total - bisect_right(planned_days, sunday) if planned_days else None
        remaining = total - done if monday <= current else None
        series.append(BurndownWeek(monday, remaining, planned))
    return Burndown(list_id, name, total, series, due)


def _due_dates(
    conn: Connection, list_id: int
) -> tuple[list[dt.date | None], list[tuple[dt.date, str]]]:
    """Each entry's due date (None without a plan), and the dated sections."""
    sections = conn.execute(
        select(SECTION.c.id, SECTION.c.date, SECTION.c.heading)
        .where(SECTION.c.list_id == list_id)
        .order_by(SECTION.c.position)
    ).all()
    dated = [date for _, date, _ in sections if date is not None]
    section_date: dict[int | None, dt.date | None] = {}
    previous: dt.date | None = None
    for position, (section_id, date, _) in enumerate(sections):
        if date is not None:
            previous = date
        following = next((d for _, d, _ in sections[position:] if d is not None), None)
        section_date[section_id] = previous or following
    section_date[None] = max(dated) if dated else None
    counts = conn.execute(
        select(ENTRY.c.section_id, func.count())
        .where(ENTRY.c.list_id == list_id)
        .group_by(ENTRY.c.section_id)
    )
    due_dates: list[dt.date | None] = []
    for section_id, count in counts:
        due_dates.extend([section_date.get(section_id)] * int(count))
    marks = sorted((date, heading) for _, date, heading in sections if date is not None)
    return due_dates, marks
