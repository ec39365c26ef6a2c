"""Values from untrusted structured files, made into what a record may hold.

JSON exports can put anything anywhere: a number where a list of tags belongs,
a 400-digit year, a lone UTF-16 surrogate that SQLite cannot encode. Readers
take every field through these functions, which give the expected type or
nothing, and ``make_storable`` checks a finished batch once more, so whatever a
reader missed still cannot make the import fail when it is written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from readinglist_gui.core.records import PaperRecord, Problem, RecordBatch

YEARS = range(1, 10_000)
"""Years a date can carry; anything else is a typo or an attack, not a publication year."""
MAX_PAGE = 1_000_000
"""More pages than any PDF has; a bigger page number cannot be true."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def text(value: Any) -> str:
    """A string as it is, a number written out, anything else empty."""
    if isinstance(value, str):
        return clean_string(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value) if isinstance(value, int) and abs(value) < 10**20 else ""
    return ""


def clean_string(value: str) -> str:
    """Lone surrogates (from JSON ``\\ud800`` escapes) cannot be stored; they become U+FFFD."""
    if value.isascii() or _SURROGATE.search(value) is None:
        return value
    return _SURROGATE.sub("\ufffd", value)


def strings(value: Any) -> list[str]:
    """A list of non-blank strings; a lone string is a list of one, anything else none."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [item for item in (text(v) for v in value) if item.strip()]


def dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def integer(value: Any, valid: range) -> int | None:
    """An integer within ``valid``; booleans, floats and strings are not integers here."""
    if isinstance(value, int) and not isinstance(value, bool) and value in valid:
        return value
    return None


def year(value: Any) -> int | None:
    return integer(value, YEARS)


def page(value: Any) -> int | None:
    return integer(value, range(MAX_PAGE + 1))


def naive_utc(value: dt.datetime | None) -> dt.datetime | None:
    """The library stores UTC without a zone, so times with one are converted."""
    if value is None or value.tzinfo is None:
        return value
    try:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    except OverflowError:
        return None


def datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return naive_utc(dt.datetime.fromisoformat(value))
    except ValueError:
        return None


def date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def make_storable(batch: RecordBatch, source: str) -> None:
    """Drop numbers no column can hold and zones the library does not keep, saying so."""
    for paper in batch.papers:
        _check_numbers(paper, batch, source)
        if paper.added is not None and paper.added.tzinfo is not None:
            paper.added = naive_utc(paper.added)
    for reading_list in batch.lists:
        if reading_list.imported_at is not None and reading_list.imported_at.tzinfo is not None:
            reading_list.imported_at = naive_utc(reading_list.imported_at)
    count = len(batch.papers)
    for reading_list in batch.lists:
        for section in reading_list.sections:
            kept = [entry for entry in section.entries if 0 <= entry.paper < count]
            if len(kept) != len(section.entries):
                section.entries[:] = kept


def _check_numbers(paper: PaperRecord, batch: RecordBatch, source: str) -> None:
    if paper.year is not None and paper.year not in YEARS:
        batch.problems.append(
            Problem(f"{_name(paper)}: year {_short(paper.year)} left out", source=source)
        )
        paper.year = None
    for name in ("last_page", "page_count"):
        value = getattr(paper, name)
        if value is not None and not 0 <= value <= MAX_PAGE:
            label = name.replace("_", " ")
            batch.problems.append(
                Problem(f"{_name(paper)}: {label} {_short(value)} left out", source=source)
            )
            setattr(paper, name, None)


def _name(paper: PaperRecord) -> str:
    return repr(paper.title[:60]) if paper.title else (paper.arxiv_id or paper.doi or "a paper")


def _short(number: int) -> str:
    """Python refuses to print integers past 4,300 digits, and nobody wants to read them."""
    if abs(number) < 10**30:
        return str(number)
    return f"of about {int(number.bit_length() * 0.30103)} digits"
