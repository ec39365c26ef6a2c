"""Opening papers from the table: one reader tab per paper, the library tab always first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar, QToolButton
from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.ui.library_view.columns import Column
from readinglist_gui.ui.main_window import MainWindow


def test_enter_opens_a_reader_tab_once_per_paper(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    paper_id = filled.ids(PaperQuery(text="residual"))[0]
    window.table.select_ids([paper_id])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert window.tabs.count() == 2
    reader = window.tabs.currentWidget()
    assert reader.paper_id == paper_id
    assert window.tabs.tabToolTip(1) == "Deep Residual Learning for Image Recognition"

    window.tabs.setCurrentIndex(0)
    window.open_paper(paper_id)
    assert window.tabs.count() == 2
    assert window.tabs.currentWidget() is reader

    window.tabs.tabCloseRequested.emit(0)
    assert window.tabs.count() == 2
    window.tabs.tabCloseRequested.emit(1)
    assert window.tabs.count() == 1


def test_changes_made_in_a_reader_show_in_the_table(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    paper_id = filled.ids(PaperQuery(text="residual"))[0]
    window.open_paper(paper_id)
    reader = window.tabs.currentWidget()
    reader.editor.setPlainText("Skip connections make deep nets trainable.")
    reader.save_now()
    row = window.model.row_of(paper_id)
    qtbot.waitUntil(
        lambda: window.model.index(row, Column.STATUS).data() == Status.NOTED.value, timeout=5000
    )


def test_a_reader_tab_closes_from_its_own_button(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    first, second = filled.ids()[:2]
    window.open_paper(first)
    window.open_paper(second)
    bar = window.tabs.tabBar()
    assert bar.tabButton(0, QTabBar.ButtonPosition.RightSide) is None, "Library stays"
    button = bar.tabButton(1, QTabBar.ButtonPosition.RightSide)
    assert isinstance(button, QToolButton)
    assert button.accessibleName() and not button.icon().isNull()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.tabs.count() == 2
    assert window.tabs.widget(1).paper_id == second
