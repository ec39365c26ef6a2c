"""Calendar weeks as the charts count them: Monday to Sunday, on the reader's local calendar.

Events are stored in UTC; a status set at 23:30 on a Sunday evening belongs
to that week, not to the next one, so SQL shifts each time by the local UTC
offset before finding its Monday. (One offset for the whole history: a
daylight-saving change moves events within an hour of midnight by a day at
most, which no weekly chart can show.)
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def mondays(first: dt.date, last: dt.date) -> list[dt.date]:
    """The Monday of every week from the one holding ``first`` to the one holding ``last``."""
    found: list[dt.date] = []
    monday = monday_of(first)
    while monday <= last:
        found.append(monday)
        monday += dt.timedelta(days=7)
    return found


def local_offset() -> dt.timedelta:
    """How far the local clock is ahead of UTC right now."""
    return dt.timedelta(seconds=-time.altzone if time.localtime().tm_isdst > 0 else -time.timezone)


def local_day(moment: dt.datetime, offset: dt.timedelta) -> dt.date:
    """The local calendar day of a UTC time."""
    return (moment + offset).date()


def week_of(column: ColumnElement[Any], offset: dt.timedelta) -> ColumnElement[str]:
    """SQL for the local Monday (``YYYY-MM-DD``) of the week holding the UTC time ``column``.

    SQLite's ``weekday 1`` moves forward to the next Monday unless already on
    one; stepping back six days first lands on the Monday of the same week.
    """
    shift = f"{int(offset.total_seconds()):+d} seconds"
    return func.date(column, shift, "-6 days", "weekday 1")


def day_of(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
