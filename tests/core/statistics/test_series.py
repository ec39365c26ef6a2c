"""The series behind each chart, from libraries read along through the write path."""

from __future__ import annotations

import datetime as dt
import itertools

from reading_history import MONDAY_3_WEEKS_AGO, TODAY, WEEK, noon, with_history

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
    Status,
)
from readinglist_gui.core.statistics.overview import compute_statistics
from readinglist_gui.core.writes.paper_edits import SetStatus

UTC = dt.timedelta(0)


def test_papers_skimmed_and_noted_are_counted_in_their_weeks(library: Library) -> None:
    with_history(library)
    stats = compute_statistics(library, today=TODAY, offset=UTC)
    weeks = {w.monday: (w.skimmed, w.noted) for w in stats.activity}
    assert weeks[MONDAY_3_WEEKS_AGO] == (2, 0)
    assert weeks[MONDAY_3_WEEKS_AGO + WEEK] == (1, 1)
    assert weeks[MONDAY_3_WEEKS_AGO + 2 * WEEK] == (0, 0)
    assert weeks[MONDAY_3_WEEKS_AGO + 3 * WEEK] == (0, 1)
    assert stats.activity[-1].monday == dt.date(2026, 3, 16)
    mondays = [w.monday for w in stats.activity]
    assert all(b - a == WEEK for a, b in itertools.pairwise(mondays))
    assert sum(w.skimmed + w.noted for w in stats.activity) == 5
    assert not stats.empty


def test_a_week_follows_the_local_calendar(library: Library) -> None:
    paper = library.add_paper(PaperRecord(title="Late"))
    # Sunday 23:30 in UTC+2 is Sunday 21:30 UTC... and Monday 01:30 in UTC+4.
    library.write(SetStatus((paper,), Status.SKIMMED, at=dt.datetime(2026, 3, 15, 21, 30)))
    here = compute_statistics(library, today=TODAY, offset=dt.timedelta(hours=2))
    east = compute_statistics(library, today=TODAY, offset=dt.timedelta(hours=4))
    assert [w.monday for w in here.activity if w.skimmed] == [dt.date(2026, 3, 9)]
    assert [w.monday for w in east.activity if w.skimmed] == [dt.date(2026, 3, 16)]


def test_reading_time_is_summed_per_week(library: Library) -> None:
    with_history(library)
    stats = compute_statistics(library, today=TODAY, offset=UTC)
    seconds = {w.monday: w.seconds for w in stats.reading}
    assert seconds[MONDAY_3_WEEKS_AGO] == 30 * 60
    assert seconds[MONDAY_3_WEEKS_AGO + 3 * WEEK] == 60 * 60
    assert sum(seconds.values()) == 90 * 60
    assert [w.monday for w in stats.reading] == [w.monday for w in stats.activity]


def test_the_burn_down_counts_unread_entries_against_the_session_dates(library: Library) -> None:
    with_history(library)
    stats = compute_statistics(library, today=TODAY, offset=UTC)
    assert [c.name for c in stats.lists] == ["Course"]
    chart = stats.burndown
    assert chart is not None and chart.name == "Course" and chart.total == 6
    table = [(w.monday, w.remaining, w.planned) for w in chart.weeks]
    assert table == [
        (dt.date(2026, 2, 16), 6, 6),  # imported; nothing due yet
        (dt.date(2026, 2, 23), 4, 4),  # session 1 (Wed): 2 due, 2 skimmed
        (dt.date(2026, 3, 2), 3, 2),  # session 2: 4 due, 3 read
        (dt.date(2026, 3, 9), 3, 0),  # session 3: all due
        (dt.date(2026, 3, 16), 3, 0),  # this week: paper 6 is not in the course
    ]
    assert [heading for _, heading in chart.due] == ["Session 1", "Session 2", "Session 3"]


def test_an_entry_taken_back_to_unread_counts_again(library: Library) -> None:
    ids = with_history(library)
    library.write(SetStatus((ids[1],), Status.UNREAD, at=noon(TODAY)))
    stats = compute_statistics(library, today=TODAY, offset=UTC)
    assert stats.burndown is not None
    assert stats.burndown.weeks[-1].remaining == 4
    assert stats.burndown.weeks[-2].remaining == 3


def test_weeks_to_come_have_a_plan_and_no_progress(library: Library) -> None:
    sessions = [
        SectionRecord("Intro"),
        SectionRecord("Day 1", date=dt.date(2026, 3, 25), entries=[EntryRecord(0)]),
        SectionRecord("Same day", entries=[EntryRecord(1)]),
        SectionRecord("Day 2", date=dt.date(2026, 4, 1), entries=[EntryRecord(2)]),
    ]
    batch = RecordBatch(
        papers=[PaperRecord(title=f"P{n}") for n in range(3)],
        lists=[ListRecord("Ahead", imported_at=noon(TODAY), sections=sessions)],
    )
    library.import_batch(batch)
    chart = compute_statistics(library, today=TODAY, offset=UTC).burndown
    assert chart is not None
    assert [(w.monday.isoformat(), w.remaining, w.planned) for w in chart.weeks] == [
        ("2026-03-16", 3, 3),
        ("2026-03-23", None, 1),
        ("2026-03-30", None, 0),
    ]


def test_a_list_without_dates_has_progress_and_no_plan(library: Library) -> None:
    batch = RecordBatch(
        papers=[PaperRecord(title="P")],
        lists=[
            ListRecord(
                "Undated",
                imported_at=noon(TODAY),
                sections=[SectionRecord("All", entries=[EntryRecord(0)])],
            )
        ],
    )
    library.import_batch(batch)
    stats = compute_statistics(library, today=TODAY, offset=UTC)
    assert stats.lists[0].dated is False
    assert stats.burndown is not None
    assert [(w.remaining, w.planned) for w in stats.burndown.weeks] == [(1, None)]


def test_an_empty_library_has_empty_series(library: Library) -> None:
    stats = compute_statistics(library, today=TODAY, offset=UTC)
    assert stats.empty
    assert stats.lists == [] and stats.burndown is None
    assert len(stats.activity) == 8
    assert all(w.skimmed == w.noted == 0 for w in stats.activity)
    assert all(w.seconds == 0 for w in stats.reading)


def test_a_named_list_is_chosen_and_an_unknown_one_falls_back(library: Library) -> None:
    with_history(library)
    batch = RecordBatch(
        papers=[PaperRecord(title="Z")],
        lists=[ListRecord("Another", sections=[SectionRecord("S", entries=[EntryRecord(0)])])],
    )
    library.import_batch(batch)
    choices = {c.name: c.id for c in compute_statistics(library, today=TODAY).lists}
    chosen = compute_statistics(library, list_id=choices["Another"], today=TODAY)
    assert chosen.burndown is not None and chosen.burndown.name == "Another"
    fallback = compute_statistics(library, list_id=9999, today=TODAY)
    assert fallback.burndown is not None and fallback.burndown.name == "Course"


def test_papers_read_before_the_list_came_count_as_done_from_its_first_week(
    library: Library,
) -> None:
    batch = RecordBatch(
        papers=[PaperRecord(title="Old"), PaperRecord(title="New")],
        lists=[
            ListRecord(
                "Later",
                imported_at=noon(TODAY),
                sections=[SectionRecord("S", entries=[EntryRecord(0), EntryRecord(1)])],
            )
        ],
    )
    old, _ = library.import_batch(batch).paper_ids
    library.write(SetStatus((old,), Status.NOTED, at=noon(TODAY - dt.timedelta(days=40))))
    chart = compute_statistics(library, today=TODAY, offset=UTC).burndown
    assert chart is not None
    assert [(w.monday, w.remaining) for w in chart.weeks] == [(dt.date(2026, 3, 16), 1)]
