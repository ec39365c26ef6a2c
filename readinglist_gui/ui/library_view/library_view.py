"""The library view: the query on screen, the paper table showing it, and its counts.

Filter widgets only propose: the search box its text, the sidebar its
``SidebarFilters``. The view remembers the newest query they make
(``_wanted``) and hands it to a background ``QueryRunner``, whose results
replace what is on screen; the counts that come with them go out in
``countsShown`` for whoever shows them. It is also the window's
``ViewState``: the other parts read the query and the selection here.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, QPoint, QRect, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.core.results import Page
from readinglist_gui.core.writes import ChangeSet
from readinglist_gui.ui.library_view.download_marks import DownloadMarks
from readinglist_gui.ui.library_view.refresh import refresh_for
from readinglist_gui.ui.library_view.table_model import BLOCK, PaperTableModel
from readinglist_gui.ui.library_view.table_view import PaperTableView
from readinglist_gui.ui.online_jobs import JobProgress
from readinglist_gui.ui.query_runner import Counts, QueryRunner
from readinglist_gui.ui.search_box import SearchBox
from readinglist_gui.ui.view_state import SidebarFilters


class LibraryView(QObject):
    countsShown = Signal(object)
    """The ``Counts`` of the query on screen, once they have caught up with it."""
    emptyChanged = Signal(bool)
    """Whether the library itself (not just this result) is empty, with each counts."""
    selectionChanged = Signal(int)
    """How many papers are selected, as soon as the selection changes."""
    selectionSettled = Signal()
    """The selection, or the rows under it, stopped changing: time to show it in full."""
    openRequested = Signal(int)
    contextMenuRequested = Signal(QPoint)
    """A context menu for the selected papers, at this global position."""
    failed = Signal(str)

    def __init__(self, library: Library, window: QWidget) -> None:
        """``window`` parents the actions, so their shortcuts work anywhere in it."""
        super().__init__(window)
        self._library = library
        self.queries = QueryRunner(library, self)
        self.model = PaperTableModel(library, self, request=self._request_sort)
        self.table = PaperTableView(self.model)
        self.search = SearchBox()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.select_all_action = QAction("Select &All", window)
        self.select_all_action.setShortcut(QKeySequence(QKeySequence.StandardKey.SelectAll))
        self.select_all_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.select_all_action.triggered.connect(self.table.selectAll)
        self.table.addAction(self.select_all_action)
        self._marks = DownloadMarks(library, self.model, self.table, self)
        self._wanted = self.model.query()
        self._filters = SidebarFilters()
        self._ready = False
        self._started = False
        self._start_timer = QTimer(self, singleShot=True)
        self._start_timer.timeout.connect(self._first_query)
        self._in_group = False
        self._ask_lists = False
        self._ask_timer = QTimer(self, singleShot=True, interval=0)
        self._ask_timer.timeout.connect(self._ask_again)
        self._selection_timer = QTimer(self, singleShot=True, interval=0)
        self._selection_timer.timeout.connect(self._settle_selection)
        self._connect()

    def _connect(self) -> None:
        self.search.searchChanged.connect(lambda _text: self._refilter())
        self.search.scopeChanged.connect(lambda _scope: self._refilter())
        self.queries.pageReady.connect(self._show_page)
        self.queries.idsReady.connect(self._show_ids)
        self.queries.countsReady.connect(self._show_counts)
        self.queries.failed.connect(self.failed)
        self.model.idsWanted.connect(self.queries.hurry_ids)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionReplaced.connect(self._selection_changed)
        self.table.openRequested.connect(self.openRequested)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

    # -- the view state ---------------------------------------------------------------
    def query(self) -> PaperQuery:
        return self.model.query()

    def shown_count(self) -> int:
        return self.model.rowCount()

    def selected_ids(self) -> list[int]:
        return self.table.selected_ids()

    def current_id(self) -> int | None:
        return self.table.current_id()

    def is_settled(self) -> bool:
        """No typing waiting for its debounce and no query still running."""
        return (
            self._started
            and not self.search.is_pending()
            and self.queries.is_idle()
            and not self._ask_timer.isActive()
            and self.model.query() == self._wanted
        )

    # -- start-up ---------------------------------------------------------------------
    def restore_state(self, settings: QSettings) -> None:
        """The table's columns and sort, before the first page is read in that order."""
        self.table.restore_state(settings)
        self.table.show_group_column(self._in_group)

    def show_group_column(self, link: object) -> None:
        """Show "Read by" while the library is in a reading group (``link`` not None)."""
        self._in_group = link is not None
        self.table.show_group_column(self._in_group)
        self.model.refresh_rows()

    def save_state(self, settings: QSettings) -> None:
        self.table.save_state(settings)

    def show_first_page(self, filters: SidebarFilters) -> None:
        """Show the first screenful at once, as if it were all.

        The total, every id and the counts follow from the background query,
        which ``start_soon`` starts once the window is painted.
        """
        self._filters = filters
        self._wanted = filters.apply_to(self._wanted)
        first = self._library.head(self._wanted, BLOCK)
        self.model.show_first_page(self._wanted, Page(len(first), first))
        if not first:
            self.emptyChanged.emit(True)
        self._ready = True

    def start_soon(self, delay_ms: int) -> None:
        """Start the background query within ``delay_ms``, unless it has started."""
        if not self._started:
            self._start_timer.start(delay_ms)

    def _first_query(self) -> None:
        self._started = True
        self.queries.submit(self._wanted, lists=True)

    def close(self) -> None:
        self.queries.close()

    # -- asking -----------------------------------------------------------------------
    def set_filters(self, filters: SidebarFilters) -> None:
        self._filters = filters
        self._refilter()

    def show_status(self, ids: list[int], status: Status) -> None:
        """Paint the selected rows with their new status now, before the write runs.

        Painted at once rather than at the next event: the writer's thread
        is about to start and would make the paint wait for the interpreter.
        """
        if set(ids) != set(self.table.selected_ids()):
            return
        changed = self.model.show_status(self.table.selected_rows(), status)
        viewport = self.table.viewport()
        area = QRect()
        for row in changed:
            index = self.model.index(row, 0)
            area = area.united(
                self.table.visualRect(index).adjusted(-viewport.width(), 0, viewport.width(), 0)
            )
        if not area.isEmpty():
            viewport.repaint(area.intersected(viewport.rect()))

    def apply(self, changes: ChangeSet) -> None:
        """After a write: repaint the rows it changed now; ask again only if the result
        or its counts may differ (see ``refresh``).

        The query goes out once the event loop is idle, after the repaint: its
        worker would otherwise compete with the paint for the interpreter. Change
        sets arriving meanwhile join the same query.
        """
        refresh = refresh_for(changes, self._wanted)
        if changes.everything:
            self.model.refresh_rows()
        elif refresh.rows:
            self.model.refresh_papers(refresh.rows)
        if refresh.query and self._started:
            self._ask_lists = self._ask_lists or refresh.lists
            self._ask_timer.start()

    def write_failed(self) -> None:
        """A write did not happen: show the rows as they are stored."""
        self.model.refresh_rows()

    def _ask_again(self) -> None:
        lists, self._ask_lists = self._ask_lists, False
        self.queries.submit(self._wanted, lists=lists)

    def _refilter(self) -> None:
        query = self._filters.apply_to(replace(self._wanted, text=self.search.library_text()))
        if query != self._wanted:
            self._request_query(query)

    def _request_query(self, query: PaperQuery) -> None:
        """Ask for ``query``; ids and counts arrive in ``_show_ids`` and ``_show_counts``."""
        self._wanted = query
        if self._ready:
            self.queries.submit(query)

    def _request_sort(self, query: PaperQuery) -> None:
        """A header click: the newest filters (maybe not shown yet) in the clicked order."""
        self._request_query(replace(self._wanted, sort=query.sort, descending=query.descending))

    # -- showing ----------------------------------------------------------------------
    def _show_page(self, query: PaperQuery, page: Page) -> None:
        """The first rows of a new result; the same result again waits for its ids.

        Showing the page resets the table, so a query already on screen with
        the same total (an edit's refresh) keeps its selection and scroll
        position and is brought up to date in place by ``_show_ids``.
        """
        if query != self._wanted:
            return
        if query == self.model.query() and page.total == self.model.rowCount():
            return
        self.model.show_first_page(query, page)
        self._settle_selection()

    def _show_ids(self, query: PaperQuery, ids: list[int]) -> None:
        if query != self._wanted:
            return
        self.model.show_result(query, ids)
        self._settle_selection()

    def _show_counts(self, counts: Counts) -> None:
        if counts.query != self._wanted:
            return
        query = counts.query
        empty = not (query.text or query.tags) and not sum(counts.status_counts.values())
        self.emptyChanged.emit(empty)
        self.countsShown.emit(counts)

    def _selection_changed(self) -> None:
        """Say how many at once; show the selection in full once it settles."""
        self._count_selected(len(self.table.selected_rows()))
        self._selection_timer.start()

    def _settle_selection(self) -> None:
        self._selection_timer.stop()
        self._count_selected(len(self.table.selected_ids()))
        self.selectionSettled.emit()

    def _count_selected(self, selected: int) -> None:
        shown = self.model.rowCount()
        text = f"{shown:,} papers" if shown != 1 else "1 paper"
        if selected > 1:
            text += f" · {selected:,} selected"
        self.count_label.setText(text)
        self.selectionChanged.emit(selected)

    def _context_menu(self, pos: QPoint) -> None:
        if self.table.selected_ids():
            self.contextMenuRequested.emit(self.table.viewport().mapToGlobal(pos))

    # -- the window's hooks -----------------------------------------------------------
    def add_table_actions(self, actions: list[QAction]) -> None:
        """Actions whose shortcuts work while the table has the focus (status keys, Delete)."""
        for action in actions:
            self.table.addAction(action)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def fill_columns_menu(self, menu: QMenu) -> None:
        menu.clear()
        for action in self.table.column_actions(menu):
            menu.addAction(action)

    def job_started(self) -> None:
        self._marks.job_started()

    def show_job_progress(self, progress: JobProgress) -> None:
        self._marks.show(progress)

    def job_ended(self) -> None:
        self._marks.job_ended()
