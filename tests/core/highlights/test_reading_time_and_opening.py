"""Reading time per day and per ISO week, and what the reader reads to open a paper."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from readinglist_gui.core.library import Library
from readinglist_gui.core.reader_state import AdoptZooms, read_opening
from readinglist_gui.core.reading_time import (
    AddReadingTime,
    WeekTotal,
    seconds_on,
    seconds_per_week,
)
from readinglist_gui.core.records import (
    HighlightRecord,
    LinkKind,
    LinkRecord,
    PaperRecord,
    Status,
)
from readinglist_gui.core.writes import AddHighlight, Aspect, SetReaderZoom


@pytest.fixture
def papers(library: Library) -> tuple[int, int]:
    first = library.add_paper(PaperRecord(title="One"))
    second = library.add_paper(PaperRecord(title="Two"))
    return first, second


def test_batches_add_up_per_paper_and_day(library: Library, papers: tuple[int, int]) -> None:
    first, second = papers
    monday = dt.date(2025, 3, 3)
    for seconds in (60, 45, 15):
        done = library.write(AddReadingTime(first, monday, seconds))
    assert done.value == 120
    assert done.changes.of(first) == Aspect.READER
    library.write(AddReadingTime(second, monday, 30))
    assert seconds_on(library, first, monday) == 120
    assert seconds_on(library, second, monday) == 30
    assert library.write(AddReadingTime(999, monday, 30)).value == 0, "a deleted paper gets none"
    assert library.write(AddReadingTime(first, monday, -5)).value == 0
    assert library.write(AddReadingTime(first, monday, 10**9)).value == 24 * 3600


def test_weeks_are_iso_weeks_with_empty_ones_counted_as_zero(
    library: Library, papers: tuple[int, int]
) -> None:
    first, second = papers
    # 2024-12-29 is a Sunday of ISO week 2024-52; 2024-12-30 starts week 2025-01.
    for day, paper, seconds in (
        (dt.date(2024, 12, 29), first, 100),
        (dt.date(2024, 12, 30), first, 200),
        (dt.date(2025, 1, 5), second, 300),
        (dt.date(2025, 1, 20), first, 400),
        (dt.date(2025, 2, 3), first, 999),
    ):
        library.write(AddReadingTime(paper, day, seconds))
    weeks = seconds_per_week(library, dt.date(2024, 12, 25), dt.date(2025, 1, 31))
    assert weeks == [
        WeekTotal(2024, 52, dt.date(2024, 12, 23), 100),
        WeekTotal(2025, 1, dt.date(2024, 12, 30), 500),
        WeekTotal(2025, 2, dt.date(2025, 1, 6), 0),
        WeekTotal(2025, 3, dt.date(2025, 1, 13), 0),
        WeekTotal(2025, 4, dt.date(2025, 1, 20), 400),
        WeekTotal(2025, 5, dt.date(2025, 1, 27), 0),
    ]
    only_first = seconds_per_week(library, dt.date(2024, 12, 30), dt.date(2025, 1, 5), [first])
    assert only_first == [WeekTotal(2025, 1, dt.date(2024, 12, 30), 200)]
    assert seconds_per_week(library, dt.date(2025, 2, 1), dt.date(2025, 1, 1)) == []


def test_the_opening_read_has_what_the_reader_shows(library: Library, tmp_path: Path) -> None:
    paper = library.add_paper(
        PaperRecord(
            title="Paged attention",
            note="my note",
            links=[LinkRecord("https://example.org/p.pdf", LinkKind.PDF)],
            last_page=4,
        )
    )
    library.write(SetReaderZoom(paper, "1.25"))
    library.write(AddHighlight(paper, HighlightRecord(3, "b", ((1.0, 50.0, 9.0, 60.0),))))
    library.write(AddHighlight(paper, HighlightRecord(1, "a", ((1.0, 90.0, 9.0, 99.0),))))
    library.write(AddHighlight(paper, HighlightRecord(1, "c", ((1.0, 10.0, 9.0, 20.0),))))
    opening = read_opening(library, paper)
    assert opening is not None
    assert (opening.title, opening.note, opening.status, opening.last_page, opening.zoom) == (
        "Paged attention",
        "my note",
        Status.NOTED,
        4,
        "1.25",
    )
    assert opening.pdf_path is None
    assert opening.has_pdf_source
    assert [h.text for h in opening.highlights] == ["c", "a", "b"], "page, then top of page"
    assert read_opening(library, 999) is None


def test_zooms_from_the_old_settings_fill_only_papers_without_one(
    library: Library, papers: tuple[int, int]
) -> None:
    first, second = papers
    library.write(SetReaderZoom(first, "page"))
    done = library.write(AdoptZooms.of({first: "1.5", second: "width", 999: "2.0"}))
    assert done.value == 1
    assert library.reader_zoom(first) == "page", "the library's own value wins"
    assert library.reader_zoom(second) == "width"
    assert done.changes.ids() == {second}
