"""Edits on thousands of selected papers: one undoable step, quick, exact statuses back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.core.writes import ChangeSet
from readinglist_gui.ui.main_window import MainWindow

WindowFactory = Callable[[Path], MainWindow]


def test_marking_thousands_of_papers_is_one_write_and_undoable(
    qtbot: QtBot, big_library: Library, open_window: WindowFactory
) -> None:
    window = open_window(big_library.folder)
    before = {row.id: row.status for row in big_library.rows(big_library.ids())}
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.table.selected_ids()) == len(before)
    heard: list[ChangeSet] = []
    window.libraryChanged.connect(heard.append)

    qtbot.keyClick(window.table, Qt.Key.Key_3)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    assert big_library.status_counts(PaperQuery())[Status.NOTED] == len(before)
    assert [changes.ids() for changes in heard] == [set(before)]

    window.edits.undo_stack.undo()
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert {row.id: row.status for row in big_library.rows(big_library.ids())} == before


def test_tagging_thousands_of_papers_and_undo(
    qtbot: QtBot, big_library: Library, open_window: WindowFactory
) -> None:
    window = open_window(big_library.folder)
    window.table.selectAll()
    window.edits.add_tags(["topic-1", "batch"])
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert len(big_library.ids(PaperQuery(tags=("batch",)))) == 2_500
    window.edits.undo_stack.undo()
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert big_library.ids(PaperQuery(tags=("batch",))) == []
    assert len(big_library.ids(PaperQuery(tags=("topic-1",)))) == 500
