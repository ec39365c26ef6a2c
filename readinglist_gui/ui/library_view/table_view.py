"""The paper table widget: SQL sorting from the header, a column chooser, cheap selections.

Selections are read and written as row ranges, never cell by cell, so that
selecting all of 100,000 papers stays instant; the layout of the columns is
remembered between runs.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from readinglist_gui.core.query import PaperQuery
from readinglist_gui.ui.library_view.columns import COLUMNS, Column, column_for_sort
from readinglist_gui.ui.library_view.table_model import PaperTableModel
from readinglist_gui.ui.status_chip import StatusChipDelegate


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class PaperTableView(QTableView):
    """The table widget: SQL sorting from the header, a column chooser, and remembered layout."""

    openRequested = Signal(int)
    selectionReplaced = Signal()
    """The selection was swapped in one go (``selectionChanged`` is not emitted then)."""

    SETTINGS_KEY = "paperTable/header"

    def __init__(self, model: PaperTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperTable")
        self.setAccessibleName("Papers")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.setItemDelegateForColumn(Column.STATUS, StatusChipDelegate(self))

        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        for column, spec in COLUMNS.items():
            header.resizeSection(column, spec.width)
        self._title_fits_width = False
        self._fitting = False
        header.sectionResized.connect(self._section_resized)
        self.setColumnHidden(Column.ADDED, True)
        self._in_group = False
        self.setColumnHidden(Column.READ_BY, True)
        # Show the model's order first: enabling sorting sorts by the indicator.
        self._show_sort(model.query())
        self.setSortingEnabled(True)
        model.queryChanged.connect(lambda: self._show_sort(model.query()))
        self.doubleClicked.connect(self._open_index)

    def paper_model(self) -> PaperTableModel:
        model = self.model()
        assert isinstance(model, PaperTableModel)
        return model

    def selected_rows(self) -> list[int]:
        """Selected rows in order, read from the selection's ranges.

        ``QItemSelectionModel.selectedRows`` asks the model about every cell
        and takes a second for 10,000 rows; the ranges are a handful of pairs.
        """
        ranges = self.selectionModel().selection()
        if ranges.size() == 1:
            only = ranges.at(0)
            return list(range(only.top(), only.bottom() + 1))
        rows: set[int] = set()
        for n in range(ranges.size()):
            selected = ranges.at(n)
            rows.update(range(selected.top(), selected.bottom() + 1))
        return sorted(rows)

    def selected_ids(self) -> list[int]:
        """Selected papers in table order."""
        ids = self.paper_model().ids()
        return [ids[row] for row in self.selected_rows() if row < len(ids)]

    def current_id(self) -> int | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row()):
            return None
        return self.paper_model().paper_id(index.row())

    def select_ids(self, ids: Sequence[int]) -> None:
        """Select the given papers that are in the current result, the first one current."""
        model = self.paper_model()
        rows = sorted(r for r in (model.row_of(pid) for pid in ids) if r is not None)
        ranges = QItemSelection()
        last_column = len(COLUMNS) - 1
        for start, stop in _runs(rows):
            ranges.select(model.index(start, 0), model.index(stop, last_column))
        self._replace_selection(ranges)
        if rows:
            first = model.index(rows[0], 0)
            self.selectionModel().setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(first)

    def selectAll(self) -> None:
        """Select every row as one range (Ctrl+A on 100,000 rows stays instant)."""
        model = self.paper_model()
        rows = model.rowCount()
        if rows:
            last = model.index(rows - 1, len(COLUMNS) - 1)
            self._replace_selection(QItemSelection(model.index(0, 0), last))

    def _replace_selection(self, ranges: QItemSelection) -> None:
        """Swap the selection without Qt's per-cell handling of ``selectionChanged``.

        The view's own reaction to a selection of N rows visits every cell (a
        second for 100,000 rows); we only need a repaint and one notice.
        """
        selection = self.selectionModel()
        blocked = selection.blockSignals(True)
        selection.select(ranges, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.blockSignals(blocked)
        self.viewport().update()
        self.selectionReplaced.emit()

    def visible_rows(self) -> range:
        """The rows the viewport shows now (partly shown ones included)."""
        top = self.rowAt(0)
        if top < 0:
            return range(0)
        bottom = self.rowAt(self.viewport().height() - 1)
        return range(top, (bottom if bottom >= 0 else self.model().rowCount() - 1) + 1)

    def is_column_shown(self, column: Column) -> bool:
        return not self.isColumnHidden(column)

    def set_column_shown(self, column: Column, shown: bool) -> None:
        if column is Column.TITLE or (column is Column.READ_BY and not self._in_group):
            return
        self.setColumnHidden(column, not shown)

    def show_group_column(self, in_group: bool) -> None:
        """The "Read by" column: shown for a library in a reading group, offered only there."""
        self._in_group = in_group
        self.paper_model().read_by.enabled = in_group
        self.setColumnHidden(Column.READ_BY, not in_group)

    # -- persistence -----------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(self.SETTINGS_KEY, self.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        """Restore widths, order, hidden columns and sort, and re-query in that order."""
        state = settings.value(self.SETTINGS_KEY)
        if not isinstance(state, QByteArray) or not self.horizontalHeader().restoreState(state):
            self._title_fits_width = True
            return
        self.setColumnHidden(Column.TITLE, False)
        header = self.horizontalHeader()
        section = header.sortIndicatorSection()
        if 0 <= section < len(COLUMNS):
            self.paper_model().sort(section, header.sortIndicatorOrder())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a first start the title takes the room the other columns leave.

        Fixed default widths either leave a gap or push the table into a
        horizontal scroll bar, depending on the window. Once the user resizes a
        column the widths are theirs, and are remembered as they left them.

        The event is the viewport's (a scroll area's resize events are): its
        size is the viewport's, read without ``viewport()``, whose first call
        makes PySide load every widget class it has not yet loaded (10-15 ms
        of start-up).
        """
        super().resizeEvent(event)
        width = event.size().width()
        if not self._title_fits_width or width <= 0:
            return
        header = self.horizontalHeader()
        others = sum(
            spec.width
            for column, spec in COLUMNS.items()
            if column is not Column.TITLE and not header.isSectionHidden(column)
        )
        room = width - others
        self._fitting = True
        header.resizeSection(Column.TITLE, max(COLUMNS[Column.TITLE].width, room))
        self._fitting = False

    def _section_resized(self, column: int) -> None:
        """A column resized by hand ends the fitting; the stretched last one is Qt's doing."""
        header = self.horizontalHeader()
        visible = [
            header.logicalIndex(v)
            for v in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(v))
        ]
        if not self._fitting and visible and column != visible[-1]:
            self._title_fits_width = False

    # -- internals -------------------------------------------------------------
    def _show_sort(self, query: PaperQuery) -> None:
        column = column_for_sort(query.sort)
        header = self.horizontalHeader()
        header.blockSignals(True)
        if column is None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            order = (
                Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicator(column, order)
        header.blockSignals(False)

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setTitle("Columns")
        for action in self.column_actions(menu):
            menu.addAction(action)
        menu.exec(self.horizontalHeader().mapToGlobal(pos))

    def column_actions(self, parent: QMenu) -> list[QAction]:
        """Checkable show/hide actions, one per column; the title always stays."""
        actions = []
        for column, spec in COLUMNS.items():
            if column is Column.READ_BY and not self._in_group:
                continue
            action = QAction(spec.label, parent)
            action.setCheckable(True)
            action.setChecked(self.is_column_shown(column))
            action.setEnabled(column is not Column.TITLE)
            action.toggled.connect(
                lambda shown, column=column: self.set_column_shown(column, shown)
            )
            actions.append(action)
        return actions

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRequested.emit(self.paper_model().paper_id(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            paper_id = self.current_id()
            if paper_id is not None:
                self.openRequested.emit(paper_id)
                return
        super().keyPressEvent(event)
