"""Highlight writes on a real library: change sets, exact undo, and deleted papers coming back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from readinglist_gui.core import highlights
from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.library import Library
from readinglist_gui.core.models import Highlight as HighlightRow
from readinglist_gui.core.models import table_of
from readinglist_gui.core.reading_time import AddReadingTime, seconds_on
from readinglist_gui.core.records import HighlightColor, HighlightRecord, PaperRecord
from readinglist_gui.core.writes import (
    AddHighlight,
    Aspect,
    DeleteHighlights,
    DeletePapers,
    EditHighlight,
    ImportHighlights,
    UndoOf,
)
from readinglist_gui.core.writes.rows import dependents

PASSAGE = HighlightRecord(
    page=2,
    text="quick brown fox",
    rects=((94.0, 108.5, 170.25, 123.0), (72.0, 128.0, 155.5, 143.0)),
    color=HighlightColor.GREEN,
    comment="a thought",
)


@pytest.fixture
def paper(library: Library) -> int:
    return library.add_paper(PaperRecord(title="Paged attention"))


def rows(library: Library) -> list[dict[str, Any]]:
    """Every highlight row exactly as stored."""
    table = table_of(HighlightRow)
    with library.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(table.c.id))]


def stored(library: Library, paper_id: int) -> list[highlights.Highlight]:
    with library.engine.connect() as conn:
        return highlights.of_paper(conn, paper_id)


def test_add_stores_every_field_and_says_what_changed(library: Library, paper: int) -> None:
    done = library.write(AddHighlight(paper, PASSAGE))
    assert done.changes.of(paper) == Aspect.HIGHLIGHTS
    [found] = stored(library, paper)
    assert found.id == done.value
    assert (found.page, found.text, found.rects, found.color, found.comment) == (
        2,
        "quick brown fox",
        PASSAGE.rects,
        HighlightColor.GREEN,
        "a thought",
    )
    assert abs(found.created - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(
        minutes=1
    )


def test_add_edit_delete_each_undo_and_redo_exactly(library: Library, paper: int) -> None:
    empty = rows(library)
    added = library.submit(AddHighlight(paper, PASSAGE))
    added.result()
    after_add = rows(library)
    edited = library.submit(EditHighlight(added.result().value, HighlightColor.PINK, "changed"))
    edited.result()
    after_edit = rows(library)
    assert after_edit[0]["color"] == "pink" and after_edit[0]["comment"] == "changed"
    deleted = library.submit(DeleteHighlights((added.result().value,)))
    deleted.result()
    assert rows(library) == empty

    undo_delete = library.submit(UndoOf(deleted, "delete"))
    undo_delete.result()
    assert rows(library) == after_edit, "back with its id, colour, comment and time"
    undo_edit = library.submit(UndoOf(edited, "edit"))
    undo_edit.result()
    assert rows(library) == after_add
    undo_add = library.submit(UndoOf(added, "add"))
    undo_add.result()
    assert rows(library) == empty
    library.submit(UndoOf(undo_add, "redo add")).result()
    assert rows(library) == after_add


def test_ids_are_never_reused_so_an_undo_can_restore_its_id(library: Library, paper: int) -> None:
    first = library.write(AddHighlight(paper, PASSAGE))
    deleted = library.submit(DeleteHighlights((first.value,)))
    deleted.result()
    other = HighlightRecord(0, "elsewhere", ((1.0, 1.0, 50.0, 10.0),))
    second = library.write(AddHighlight(paper, other)).value
    assert second != first.value
    library.submit(UndoOf(deleted, "delete")).result()
    assert sorted(h.id for h in stored(library, paper)) == sorted([first.value, second])


def test_the_same_passage_twice_is_refused_and_imports_skip_it(
    library: Library, paper: int
) -> None:
    library.write(AddHighlight(paper, PASSAGE))
    nudged = HighlightRecord(
        2,
        "quick brown fox",
        tuple((x0 + 0.4, y0, x1, y1 - 0.3) for x0, y0, x1, y1 in PASSAGE.rects),
    )
    with pytest.raises(LibraryError, match="already highlighted"):
        library.write(AddHighlight(paper, nudged))
    on_another_page = HighlightRecord(3, PASSAGE.text, PASSAGE.rects)
    imported = library.write(ImportHighlights(paper, (nudged, on_another_page, on_another_page)))
    assert len(imported.value) == 1
    assert [h.page for h in stored(library, paper)] == [2, 3]


def test_a_highlight_on_a_missing_paper_is_refused(library: Library) -> None:
    with pytest.raises(LibraryError, match="no paper"):
        library.write(AddHighlight(999, PASSAGE))


def test_deleting_a_paper_and_undoing_brings_highlights_and_reading_time_back(
    library: Library, paper: int
) -> None:
    assert {"highlight", "reading_time"} <= {table.name for table in dependents()}
    library.write(AddHighlight(paper, PASSAGE))
    library.write(AddReadingTime(paper, dt.date(2025, 3, 4), 600))
    before = rows(library)
    deleted = library.submit(DeletePapers((paper,)))
    deleted.result()
    assert rows(library) == []
    assert seconds_on(library, paper, dt.date(2025, 3, 4)) == 0
    library.submit(UndoOf(deleted, "delete")).result()
    assert rows(library) == before
    assert seconds_on(library, paper, dt.date(2025, 3, 4)) == 600
