"""The paper table: a model that holds only ids and pages rows in as they are seen.

A library of 100,000 papers is a list of 100,000 ints here; the rows themselves
are fetched from the core in blocks of ``BLOCK`` only when the view paints
them, and a few recent blocks are kept. Filtering and sorting are new queries
run by SQLite, never a proxy model over Python data.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import Status
from readinglist_gui.core.results import Page, PaperRow
from readinglist_gui.ui.pdf_badge import STEPS, PdfState, badge
from readinglist_gui.ui.status_chip import StatusChipDelegate, is_dark

BLOCK = 200
"""Rows fetched per database round trip; a screenful or two."""

CACHED_BLOCKS = 8


class Column(IntEnum):
    TITLE = 0
    AUTHORS = 1
    YEAR = 2
    STATUS = 3
    TAGS = 4
    PLACE = 5
    ADDED = 6


@dataclass(frozen=True, slots=True)
class _ColumnSpec:
    label: str
    sort: SortKey
    width: int


COLUMNS: dict[Column, _ColumnSpec] = {
    Column.TITLE: _ColumnSpec("Title", SortKey.TITLE, 220),
    Column.AUTHORS: _ColumnSpec("Authors", SortKey.AUTHORS, 130),
    Column.YEAR: _ColumnSpec("Year", SortKey.YEAR, 52),
    Column.STATUS: _ColumnSpec("Status", SortKey.STATUS, 88),
    Column.TAGS: _ColumnSpec("Tags", SortKey.TAGS, 110),
    Column.PLACE: _ColumnSpec("Reading list", SortKey.PLACE, 110),
    Column.ADDED: _ColumnSpec("Added", SortKey.ADDED, 92),
}

PAPER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PDF_STATE_ROLE = Qt.ItemDataRole.UserRole + 2
"""The title's ``PdfState``: what the mark before it says."""


def column_for_sort(key: SortKey) -> Column | None:
    for column, spec in COLUMNS.items():
        if spec.sort is key:
            return column
    return None


class PaperTableModel(QAbstractTableModel):
    """Rows of the current ``PaperQuery``, fetched lazily by id."""

    queryChanged = Signal()
    idsWanted = Signal()
    """A row past the first page was asked for before the result's ids arrived."""

    def __init__(
        self,
        library: Library,
        parent: QObject | None = None,
        request: Callable[[PaperQuery], None] | None = None,
    ) -> None:
        """``request`` runs queries the model asks for (header sorts); default: right here."""
        super().__init__(parent)
        self._library = library
        self._request = request or self.set_query
        self._query = PaperQuery()
        self._ids: list[int] = []
        self._total = 0
        """Rows shown; more than ``len(_ids)`` while only the first page is known."""
        self._row_of: dict[int, int] | None = None
        self._blocks: OrderedDict[int, list[PaperRow | None]] = OrderedDict()
        self._downloads: dict[int, float | None] = {}
        self._unpainted: set[int] = set()
        self._ids_asked = False
        """Papers whose mark changed but whose title cell waits for its repaint."""

    # -- query -----------------------------------------------------------------
    def query(self) -> PaperQuery:
        return self._query

    def set_query(self, query: PaperQuery) -> None:
        """Run ``query`` on this thread and show its result; asked again, read its rows afresh."""
        again = query == self._query
        self.show_result(query, self._library.ids(query))
        if again:
            self.refresh_rows()

    def show_result(self, query: PaperQuery, ids: list[int]) -> None:
        """Show ``ids`` as the result of ``query``.

        The same papers again (after an edit, or the rest of a first page) are
        taken in place, keeping selection, scroll position and the rows already
        read; anything else is a new result and the only reason for a reset.
        """
        if query == self._query and len(ids) == self._total:
            known, self._ids = self._ids, ids
            self._row_of = None
            if ids[: len(known)] != known:
                self.refresh_rows()
            elif len(known) < len(ids):
                # Rows past the first page may have been drawn empty while they waited.
                last = self.index(len(ids) - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(len(known), 0), last)
            return
        self.beginResetModel()
        self._query = query
        self._ids = ids
        self._total = len(ids)
        self._row_of = None
        self._blocks.clear()
        self.endResetModel()
        self.queryChanged.emit()

    def show_first_page(self, query: PaperQuery, page: Page) -> None:
        """Show a query's first rows before all its ids are known (a quick start-up).

        ``show_result`` for the same query later fills in the remaining ids
        without a reset, as long as the total has not changed.
        """
        self.beginResetModel()
        self._query = query
        self._ids_asked = False
        self._ids = [row.id for row in page.rows]
        self._total = page.total
        self._row_of = None
        self._blocks.clear()
        self._blocks[0] = list(page.rows[:BLOCK])
        self.endResetModel()
        self.queryChanged.emit()

    def refresh_rows(self) -> None:
        """Forget cached rows so the visible ones are read again (statuses, tags changed)."""
        self._blocks.clear()
        if self._total:
            last = self.index(self._total - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def show_downloads(
        self,
        downloads: Mapping[int, float | None],
        visible: range | None = None,
        limit: int | None = None,
    ) -> None:
        """Mark the papers whose PDF is coming down (paper id → share received, if known).

        Only title cells whose mark changed are repainted, at most ``limit``
        of them per call (the rest on the next calls), and nothing is read
        from the database: while download threads keep the interpreter busy,
        each cell painted is a wait for it, and a burst of finished downloads
        would otherwise freeze the window for a moment.
        """
        before, self._downloads = self._downloads, dict(downloads)
        self._unpainted.update(before.keys() - self._downloads.keys())
        self._unpainted.update(
            pid
            for pid, share in self._downloads.items()
            if pid not in before or _step(before[pid]) != _step(share)
        )
        rows = {pid: row for pid in self._unpainted if (row := self.row_of(pid)) is not None}
        shown = sorted(
            (pid for pid, row in rows.items() if visible is None or row in visible),
            key=rows.__getitem__,
        )
        painted = shown if limit is None else shown[:limit]
        for paper_id in painted:
            self._title_changed(paper_id)
        self._unpainted.intersection_update(shown)
        self._unpainted.difference_update(painted)

    def cached_ids(self, ids: Iterable[int]) -> list[int]:
        """Those of ``ids`` whose rows are held here, i.e. worth reading again after a change."""
        return [
            pid
            for pid in ids
            if (row := self.row_of(pid)) is not None and row - row % BLOCK in self._blocks
        ]

    def store_rows(self, rows: Iterable[PaperRow]) -> None:
        """Keep rows a worker read again after their downloads, without repainting.

        The caller's next ``show_downloads`` takes their marks away and so
        repaints exactly those title cells: a change announced across cells
        makes the view repaint all it shows, which a download run cannot
        afford. Anything else that changed shows with the refresh after the job.
        """
        for paper in rows:
            row = self.row_of(paper.id)
            block = self._blocks.get(row - row % BLOCK) if row is not None else None
            if row is not None and block is not None:
                block[row % BLOCK] = paper

    def _title_changed(self, paper_id: int) -> None:
        row = self.row_of(paper_id)
        if row is not None:
            index = self.index(row, Column.TITLE)
            self.dataChanged.emit(index, index)

    def pdf_state(self, row: PaperRow) -> PdfState:
        if row.id in self._downloads:
            return PdfState.DOWNLOADING
        return PdfState.AVAILABLE if row.has_pdf else PdfState.NONE

    def ids(self) -> list[int]:
        return self._ids

    def paper_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, paper_id: int) -> int | None:
        """The row showing ``paper_id``; the reverse map is built on first use only."""
        if self._row_of is None:
            self._row_of = {pid: row for row, pid in enumerate(self._ids)}
        return self._row_of.get(paper_id)

    # -- Qt model --------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[Column(section)].label
        if role == Qt.ItemDataRole.TextAlignmentRole and Column(section) is Column.YEAR:
            # Numbers sit right-aligned, and so does their heading.
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        row = self.row(index.row())
        if row is None:
            return None
        return self._value(row, Column(index.column()), role)

    def multiData(
        self, index: QModelIndex | QPersistentModelIndex, roleDataSpan: QModelRoleDataSpan
    ) -> None:
        """Every role the view asks of one cell in one call.

        Views paint a cell with some eight ``data`` calls, each a trip into
        Python that must win the interpreter lock; while download threads hold
        it, those trips are what made the window stall. One trip per cell.
        """
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            for item in roleDataSpan:
                item.clearData()
            return
        column = Column(index.column())
        for item in roleDataSpan:
            item.setData(self._value(row, column, item.role()))

    def _value(self, row: PaperRow, column: Column, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column, self.pdf_state(row))
        if role == Qt.ItemDataRole.BackgroundRole and row.status is Status.NOTED:
            return noted_background()
        if role == PAPER_ID_ROLE:
            return row.id
        if column is Column.TITLE:
            if role == Qt.ItemDataRole.DecorationRole:
                return badge(self.pdf_state(row), self._downloads.get(row.id))
            if role == PDF_STATE_ROLE:
                return self.pdf_state(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.YEAR:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _display(row, column)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks become a new SQL ORDER BY, not an in-memory sort."""
        key = COLUMNS[Column(column)].sort
        descending = order == Qt.SortOrder.DescendingOrder
        if key is self._query.sort and descending == self._query.descending:
            return
        self._request(replace(self._query, sort=key, descending=descending))

    # -- lazy rows -------------------------------------------------------------
    def row(self, row: int) -> PaperRow | None:
        """The row's paper; None for a paper deleted since the query ran, or not known yet."""
        if row >= len(self._ids):
            if row < self._total and not self._ids_asked:
                self._ids_asked = True
                self.idsWanted.emit()
            return None
        start = row - row % BLOCK
        block = self._blocks.get(start)
        if block is None:
            wanted = self._ids[start : start + BLOCK]
            found = {paper.id: paper for paper in self._library.rows(wanted)}
            block = [found.get(paper_id) for paper_id in wanted]
            self._blocks[start] = block
            if len(self._blocks) > CACHED_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(start)
        return block[row - start]

    def cached_rows(self) -> int:
        """How many rows are held in memory; tests use it to prove laziness."""
        return sum(len(block) for block in self._blocks.values())


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _display(row: PaperRow, column: Column) -> str:
    match column:
        case Column.TITLE:
            return row.title or "(untitled)"
        case Column.AUTHORS:
            return row.authors
        case Column.YEAR:
            return str(row.year) if row.year else ""
        case Column.STATUS:
            return row.status.value
        case Column.TAGS:
            return row.tags
        case Column.PLACE:
            return row.place
        case Column.ADDED:
            return row.added.strftime("%Y-%m-%d")


def _step(share: float | None) -> int:
    return -1 if share is None else round(share * STEPS)


_PDF_NOTES = {
    PdfState.NONE: "",
    PdfState.AVAILABLE: "\nPDF available offline",
    PdfState.DOWNLOADING: "\nPDF downloading…",
}


def _tooltip(row: PaperRow, column: Column, pdf: PdfState) -> str | None:
    if column is Column.TITLE:
        suffix = "\n(title was truncated in the source list)" if row.title_truncated else ""
        return f"{row.title}{suffix}{_PDF_NOTES[pdf]}" if row.title else None
    if column in (Column.AUTHORS, Column.TAGS, Column.PLACE):
        return _display(row, column) or None
    return None


def noted_background() -> QColor:
    """A soft green wash, like the highlighter green of published reading lists."""
    if is_dark(QGuiApplication.palette()):
        return QColor(60, 140, 90, 60)
    return QColor(120, 200, 140, 55)


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
        if len(ranges) == 1:
            return list(range(ranges[0].top(), ranges[0].bottom() + 1))
        rows: set[int] = set()
        for selected in ranges:
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
        if column is Column.TITLE:
            return
        self.setColumnHidden(column, not shown)

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
        """
        super().resizeEvent(event)
        if not self._title_fits_width or self.viewport().width() <= 0:
            return
        header = self.horizontalHeader()
        others = sum(
            spec.width
            for column, spec in COLUMNS.items()
            if column is not Column.TITLE and not header.isSectionHidden(column)
        )
        room = self.viewport().width() - others
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
