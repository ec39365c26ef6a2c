"""Window layout survives a restart: columns, sort, splitters, tag mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.ui.library_view.columns import COLUMNS, Column
from readinglist_gui.ui.library_view.table_model import PaperTableModel
from readinglist_gui.ui.library_view.table_view import PaperTableView
from readinglist_gui.ui.main_window import MainWindow

WindowFactory = Callable[[Path], MainWindow]


def test_columns_sort_and_tag_mode_survive_a_restart(
    qtbot: QtBot, filled: Library, open_window: WindowFactory
) -> None:
    first = open_window(filled.folder)
    table = first.table
    header = table.horizontalHeader()
    table.set_column_shown(Column.AUTHORS, False)
    table.set_column_shown(Column.ADDED, True)
    header.resizeSection(Column.TITLE, 333)
    header.moveSection(header.visualIndex(Column.YEAR), 0)
    first.model.sort(Column.YEAR, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(first.is_settled, timeout=5000)
    first.sidebar.tags.set_mode("any")
    first.resize(780, 560)  # inside the offscreen screen, so restoring needs no clamping
    first.splitter.setSizes([200, 560])
    first.content_splitter.setSizes([380, 180])
    sizes = first.splitter.sizes(), first.content_splitter.sizes()
    size = first.size()
    first.close()

    second = open_window(filled.folder)
    qtbot.waitUntil(second.is_settled, timeout=5000)
    table = second.table
    header = table.horizontalHeader()
    assert table.isColumnHidden(Column.AUTHORS)
    assert not table.isColumnHidden(Column.ADDED)
    assert header.sectionSize(Column.TITLE) == 333
    assert header.visualIndex(Column.YEAR) == 0
    assert second.query().sort is SortKey.YEAR
    assert second.query().descending is False
    assert header.sortIndicatorSection() == Column.YEAR
    years = [second.model.row(r).year for r in range(second.model.rowCount())]
    assert years == sorted(years)
    assert second.sidebar.tags.mode() == "any"
    assert second.size() == size
    assert (second.splitter.sizes(), second.content_splitter.sizes()) == sizes


def test_the_title_column_cannot_be_hidden(window: MainWindow) -> None:
    window.table.set_column_shown(Column.TITLE, False)
    assert not window.table.isColumnHidden(Column.TITLE)
    actions = window.table.column_actions(window.columns_menu)
    assert [a.text() for a in actions if not a.isEnabled()] == ["Title"]
    authors = next(a for a in actions if a.text() == "Authors")
    authors.setChecked(False)
    assert window.table.isColumnHidden(Column.AUTHORS)


def test_on_a_first_start_the_title_takes_the_spare_width(
    qtbot: QtBot, filled: Library, settings_path: Path
) -> None:
    model = PaperTableModel(filled)
    model.set_query(PaperQuery())
    table = PaperTableView(model)
    qtbot.addWidget(table)
    table.restore_state(QSettings(str(settings_path), QSettings.Format.IniFormat))
    table.resize(1000, 400)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    shown = [c for c in Column if not table.isColumnHidden(c)]
    assert sum(header.sectionSize(c) for c in shown) == table.viewport().width()
    assert header.sectionSize(Column.TITLE) > COLUMNS[Column.TITLE].width
    assert header.sectionSize(shown[-1]) == COLUMNS[shown[-1]].width
    assert not table.horizontalScrollBar().isVisible()

    header.resizeSection(Column.TITLE, 240)
    table.resize(1100, 400)
    qtbot.waitUntil(lambda: header.sectionSize(shown[-1]) > COLUMNS[shown[-1]].width)
    assert header.sectionSize(Column.TITLE) == 240, "a width the user chose is kept"
