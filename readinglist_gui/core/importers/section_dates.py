"""Dates written in headings and schedules, in the two orders lists use.

Only full dates count: a month heading like ``June 2025`` names a period, not a
day, so it stays a heading without a date rather than inventing the 1st.
"""

from __future__ import annotations

import datetime as dt
import re

_US = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")


def date_in(text: str) -> dt.date | None:
    """The first valid ``MM/DD/YYYY`` or ``YYYY-MM-DD`` date in ``text``."""
    for match in _ISO.finditer(text):
        found = _date(int(match[1]), int(match[2]), int(match[3]))
        if found:
            return found
    for match in _US.finditer(text):
        found = _date(int(match[3]), int(match[1]), int(match[2]))
        if found:
            return found
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
