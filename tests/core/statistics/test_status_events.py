"""The writer keeps the status history: one event per status a write moved a paper to."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import select

from readinglist_gui.core.database import create_sqlite_engine, upgrade
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord, RecordBatch, Status
from readinglist_gui.core.statistics.events import STATUS_EVENT
from readinglist_gui.core.writes import DeletePapers, UndoOf
from readinglist_gui.core.writes.paper_edits import SetStatus


def events(library: Library) -> list[tuple[int, str]]:
    with library.engine.connect() as conn:
        rows = conn.execute(
            select(STATUS_EVENT.c.paper_id, STATUS_EVENT.c.status).order_by(
                STATUS_EVENT.c.at, STATUS_EVENT.c.id
            )
        )
        return [(int(p), str(s)) for p, s in rows]


def test_each_way_a_status_moves_leaves_one_event(library: Library) -> None:
    report = library.import_batch(
        RecordBatch(papers=[PaperRecord(title="A"), PaperRecord(title="B")])
    )
    a, b = report.paper_ids
    assert events(library) == []
    library.set_status([a], Status.SKIMMED)
    library.set_status([a], Status.SKIMMED)  # no move, no event
    library.set_note(b, "A thought.")  # promotion by a note
    library.record_reading(a, 3, 10, pages_seen=5)  # already skimmed: stays
    library.clear_manual_status([a])  # no move
    assert events(library) == [(a, "skimmed"), (b, "noted")]


def test_undo_appends_the_status_it_puts_back_after_the_one_it_undoes(library: Library) -> None:
    paper = library.add_paper(PaperRecord(title="A"))
    past = dt.datetime(2025, 5, 1, 9)
    library.write(SetStatus((paper,), Status.SKIMMED, at=past))
    done = library.submit(SetStatus((paper,), Status.NOTED))
    done.result()
    library.write(UndoOf(done, "mark"))
    assert events(library) == [(paper, "skimmed"), (paper, "noted"), (paper, "skimmed")]


def test_a_status_brought_in_by_an_import_is_an_event(library: Library) -> None:
    library.import_batch(
        RecordBatch(
            papers=[
                PaperRecord(title="Read", status=Status.NOTED, note="n"),
                PaperRecord(title="Unread"),
            ]
        )
    )
    assert [status for _, status in events(library)] == ["noted"]


def test_deleting_a_paper_takes_its_events_and_undo_brings_them_back(library: Library) -> None:
    paper = library.add_paper(PaperRecord(title="A"))
    library.set_status([paper], Status.NOTED)
    done = library.submit(DeletePapers((paper,)))
    done.result()
    assert events(library) == []
    library.write(UndoOf(done, "delete"))
    assert events(library) == [(paper, "noted")]


def test_older_libraries_get_one_event_per_paper_that_is_not_unread(tmp_path: Path) -> None:
    path = tmp_path / "old" / "library.sqlite3"
    path.parent.mkdir()
    engine = create_sqlite_engine(path)
    upgrade(engine, "0010")
    engine.dispose()
    rows = [
        (1, "noted", "2025-01-06 10:00:00.000000", "2025-02-01 00:00:00.000000"),
        (2, "skimmed", None, "2025-01-15 08:00:00.000000"),
        (3, "unread", None, "2025-01-20 08:00:00.000000"),
    ]
    with sqlite3.connect(path) as raw:
        for paper_id, status, changed, updated in rows:
            raw.execute(
                "INSERT INTO paper (id, title, title_key, abstract, added_at, updated_at, status, "
                "status_changed_at) VALUES (?, 'T', 't', '', ?, ?, ?, ?)",
                (paper_id, updated, updated, status, changed),
            )
    raw.close()
    with Library.open(path.parent) as library, library.engine.connect() as conn:
        found = conn.execute(
            select(STATUS_EVENT.c.paper_id, STATUS_EVENT.c.status, STATUS_EVENT.c.at).order_by(
                STATUS_EVENT.c.paper_id
            )
        ).all()
    assert [tuple(r) for r in found] == [
        (1, "noted", dt.datetime(2025, 1, 6, 10)),
        (2, "skimmed", dt.datetime(2025, 1, 15, 8)),
    ]
