"""The paper table's model: it holds only ids and pages rows in as they are seen.

A library of 100,000 papers is a list of 100,000 ints here; the rows themselves
are fetched from the core in blocks of ``BLOCK`` only when the view paints
them, and a few recent blocks are kept. Filtering and sorting are new queries
run by SQLite, never a proxy model over Python data.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.core.results import Page, PaperRow
from readinglist_gui.ui.library_view.columns import (
    COLUMNS,
    PAPER_ID_ROLE,
    PDF_STATE_ROLE,
    Column,
    cell_text,
    cell_tooltip,
    noted_background,
)
from readinglist_gui.ui.library_view.read_by import ReadByColumn
from readinglist_gui.ui.pdf_badge import STEPS, PdfState, badge

BLOCK = 200
"""Rows fetched per database round trip; a screenful or two."""

CACHED_BLOCKS = 8


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
        self.read_by = ReadByColumn(library)

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
        self.read_by.forget()
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
        self.read_by.forget()
        self.endResetModel()
        self.queryChanged.emit()

    def refresh_rows(self) -> None:
        """Forget cached rows so the visible ones are read again (statuses, tags changed)."""
        self._blocks.clear()
        self.read_by.forget()
        if self._total:
            last = self.index(self._total - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def show_status(self, rows: Iterable[int], status: Status) -> list[int]:
        """Show these rows' papers with ``status`` before it is stored; returns the rows changed.

        A status key must show within a frame; the write takes a few
        milliseconds more, and its change set reads the rows again anyway.
        Only rows held are changed: the others will be read as stored.
        """
        changed = []
        for row in rows:
            block = self._blocks.get(row - row % BLOCK)
            paper = block[row % BLOCK] if block is not None else None
            if block is not None and paper is not None and paper.status is not status:
                block[row % BLOCK] = replace(paper, status=status)
                changed.append(row)
        return changed

    def refresh_papers(self, ids: Iterable[int]) -> None:
        """Read these papers' rows again if they are held, and repaint just those rows.

        A deleted paper's row shows empty until the next result takes it away.
        """
        rows = self._held_rows()
        held = [paper_id for paper_id in ids if paper_id in rows]
        if len(held) > BLOCK:
            self.refresh_rows()
            return
        fresh = {paper.id: paper for paper in self._library.rows(held)} if held else {}
        self.read_by.forget(held)
        last = len(COLUMNS) - 1
        for paper_id in held:
            row = rows[paper_id]
            block = self._blocks.get(row - row % BLOCK)
            if block is not None:
                block[row % BLOCK] = fresh.get(paper_id)
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

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
        held = self._held_rows()
        return [pid for pid in ids if pid in held]

    def _held_rows(self) -> dict[int, int]:
        """Paper id → row for the rows held in blocks: a few blocks, whatever the result's size.

        A map of every row of a million-paper result costs a hundred milliseconds
        to build, and a write would rebuild it each time the result is taken in again.
        """
        held: dict[int, int] = {}
        for start in self._blocks:
            for offset, paper_id in enumerate(self._ids[start : start + BLOCK]):
                held[paper_id] = start + offset
        return held

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
        return self._value(row, Column(index.column()), role, index.row())

    def multiData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        roleDataSpan: QModelRoleDataSpan | QModelRoleData,
    ) -> None:
        """Every role the view asks of one cell in one call.

        Views paint a cell with some eight ``data`` calls, each a trip into
        Python that must win the interpreter lock; while download threads hold
        it, those trips are what made the window stall. One trip per cell.
        """
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            for item in _each(roleDataSpan):
                item.clearData()
            return
        column = Column(index.column())
        for item in _each(roleDataSpan):
            item.setData(self._value(row, column, item.role(), index.row()))

    def _value(self, row: PaperRow, column: Column, role: int, at: int) -> object:
        if column is Column.READ_BY and role != PAPER_ID_ROLE:
            if not self.read_by.has(row.id):
                start = at - at % BLOCK
                self.read_by.load(self._ids[start : start + BLOCK])
            return self.read_by.value(row.id, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_tooltip(row, column, self.pdf_state(row))
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
            return cell_text(row, column)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks become a new SQL ORDER BY, not an in-memory sort."""
        key = COLUMNS[Column(column)].sort
        if key is None:
            self.queryChanged.emit()  # the header shows the order that stays
            return
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


def _step(share: float | None) -> int:
    return -1 if share is None else round(share * STEPS)


def _each(span: QModelRoleDataSpan | QModelRoleData) -> Iterable[QModelRoleData]:
    """The roles asked for: PySide6 makes a span iterable, though its stubs do not say so."""
    if isinstance(span, QModelRoleData):
        return (span,)
    return cast("Iterable[QModelRoleData]", span)
