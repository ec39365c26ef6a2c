"""The main window: a frame that lays out the window's parts, their menus, and wires them.

Each part owns one concern and its widgets:

- ``LibraryView``: the query on screen, the paper table, the search box and the
  counts; it is also the ``ViewState`` the other parts read the selection from;
- ``Sidebar``: the status, reading-list and tag filters with their counts;
- ``SelectionDetails``: the details pane, for the selected paper or papers;
- ``ReaderTabs``: the library tab and one reader per open paper;
- ``EditActions``: edits by hand, as undoable commands;
- ``OnlineActions``: arXiv look-ups and PDF downloads in the background;
- ``FileActions``: import, export, backup, and the sample library;
- ``StatisticsView``: weekly charts of reading, opened as a tab when asked for.

Parts never reach into each other's widgets: they ask through signals, which
are connected here. Every write's change set, whoever made it (an edit here,
a background job, another process), arrives through the ``ChangeRelay`` in
``_library_changed``, the one place it fans out to the parts that show it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.results import ImportReport
from readinglist_gui.core.writes import ChangeSet, Done
from readinglist_gui.ui.change_relay import ChangeRelay
from readinglist_gui.ui.edit_actions import EditActions
from readinglist_gui.ui.empty_state import EmptyState
from readinglist_gui.ui.file_actions import FileActions, local_paths
from readinglist_gui.ui.fulltext import FulltextUi
from readinglist_gui.ui.group import GroupUi
from readinglist_gui.ui.icons import app_icon, retint
from readinglist_gui.ui.library_view import LibraryView
from readinglist_gui.ui.online_actions import OnlineActions
from readinglist_gui.ui.query_runner import Counts
from readinglist_gui.ui.read_only import lock_editing
from readinglist_gui.ui.reader_tabs import ReaderTabs
from readinglist_gui.ui.selection_details import SelectionDetails
from readinglist_gui.ui.sidebar import Sidebar
from readinglist_gui.ui.window_chrome import (
    build_menus,
    build_status_bar,
    build_toolbar,
    table_menu,
)

if TYPE_CHECKING:
    from readinglist_gui.ui.statistics import StatisticsView

FIRST_QUERY_LATEST_MS = 250
"""After showing, the longest the counts wait for the window's first paint."""


class MainWindow(QMainWindow):
    importFinished = Signal(object)
    """An ``ImportReport`` once a background import is in the library."""
    importFailed = Signal(str)
    exportFinished = Signal(str)
    backupFinished = Signal(str)
    countsUpdated = Signal()
    """The sidebar counts caught up with the query on screen (benchmarks wait for it)."""
    libraryChanged = Signal(object)
    """A ``ChangeSet`` once every part has taken it in (tests and benchmarks wait for it)."""
    busyChanged = Signal(bool)
    """Whether an import, export or backup is running in the background."""
    readFailed = Signal(str)
    """A query could not be answered (the library file may be damaged)."""

    def __init__(
        self, library: Library, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.setWindowTitle("Reading List")
        self.setWindowIcon(app_icon())
        self._library = library
        self._settings = settings

        self.library_view = view = LibraryView(library, self)
        self.sidebar = Sidebar()
        self.selection_details = SelectionDetails(library, view, self)
        self.edits = EditActions(library, view, self)
        self.online_actions = OnlineActions(library, view, self)
        self.files = FileActions(library, view, self)
        self.relay = ChangeRelay(library, self)
        self.group = GroupUi(library, view, self)
        self.fulltext = FulltextUi(library, view.search, self)
        self._empty_state: EmptyState | None = None
        """Made when the library is first seen empty (most windows never show it)."""
        self.statistics: StatisticsView | None = None
        """Made when first asked for; closing its tab deletes it."""
        # The widgets on screen that tests, benchmarks and screenshots drive.
        self.model, self.table, self.search = view.model, view.table, view.search
        self.details = self.selection_details.pane
        self._build_layout()
        self._build_actions()
        self.toolbar = build_toolbar(self)
        self.columns_menu = build_menus(self)
        build_status_bar(self)
        self._build_tab_order()
        self._connect()

        self.sidebar.restore_state(settings)
        view.restore_state(settings)
        view.show_first_page(self.sidebar.filters())
        self.fulltext.set_filters(self.sidebar.filters())
        self._restore_geometry()

    # -- what the window answers for itself ----------------------------------------------
    @property
    def library(self) -> Library:
        return self._library

    def query(self) -> PaperQuery:
        """The query on screen (a newer one may still be running)."""
        return self.library_view.query()

    def is_settled(self) -> bool:
        """No write waiting or unannounced, no typing waiting for its debounce, no query
        (of the library or of the PDFs' text) running."""
        return (
            self.relay.is_idle()
            and self.library_view.is_settled()
            and self.selection_details.is_settled()
            and not self.fulltext.is_searching()
        )

    @property
    def empty_state(self) -> EmptyState:
        """What an empty library shows instead of the table, made when first asked for."""
        if self._empty_state is None:
            self._empty_state = page = EmptyState()
            page.importRequested.connect(self.files.choose_import)
            page.sampleRequested.connect(self.files.open_sample_library)
            self.stack.addWidget(page)
        return self._empty_state

    def open_paper(self, paper_id: int) -> None:
        """Open the paper in a reader tab (or switch to its tab if it is open)."""
        self.tabs.open_paper(paper_id)

    def show_statistics(self) -> StatisticsView:
        """Open the Statistics tab (or switch to it)."""
        from readinglist_gui.ui.statistics import StatisticsView

        if self.statistics is None:
            self.statistics = view = StatisticsView(self._library)
            view.failed.connect(self._show_failure)
            view.destroyed.connect(self._statistics_closed)
        self.tabs.open_page(self.statistics, "Statistics", "statistics")
        return self.statistics

    def _statistics_closed(self) -> None:
        self.statistics = None

    def lock_editing(self, notice: str) -> None:
        """Turn off everything that would change the library: it can only be read."""
        lock_editing(self, notice)

    # -- where every write ends ------------------------------------------------------------
    def _library_changed(self, changes: ChangeSet) -> None:
        """A write's change set: each part that shows the library redoes what it concerns."""
        self.library_view.apply(changes)
        self.selection_details.apply(changes)
        self.tabs.apply(changes)
        if self.statistics is not None:
            self.statistics.apply(changes)
        self.fulltext.apply(changes)
        self.libraryChanged.emit(changes)

    def _job_ended(self) -> None:
        self.library_view.job_ended()
        self.tabs.reload_waiting()

    def _sample_opened(self, done: Done[ImportReport]) -> None:
        added = done.value.added
        self.edits.keep_import(
            done, "Open the sample library", f"Opened the sample library: {added} papers"
        )

    # -- building ------------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.content_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.content_splitter.setObjectName("contentSplitter")
        self.content_splitter.setChildrenCollapsible(False)
        self.content_splitter.addWidget(self.table)
        self.content_splitter.addWidget(self.details)
        self.content_splitter.setStretchFactor(0, 1)
        self.content_splitter.setStretchFactor(1, 0)
        self.content_splitter.setSizes([790, 300])
        self.stack = QStackedWidget()
        self.stack.setObjectName("centerStack")
        self.stack.addWidget(self.content_splitter)
        self._empty = False
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 1070])
        self.sidebar.setMinimumWidth(180)
        self.tabs = ReaderTabs(
            self._library, self._settings, self.library_view, self.splitter, self
        )
        self.setCentralWidget(self.tabs)

    def _build_tab_order(self) -> None:
        """Tab walks the window left to right: search (and its full-text results, once
        made), filters, papers, details."""
        chain = [
            self.search,
            *self.sidebar.focus_chain(),
            self.table,
            *self.details.focus_chain(),
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.table.setFocus()

    def _action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        """The window's own actions; the parts bring theirs."""
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.find_action = self._action("&Find", self._focus_search, QKeySequence.StandardKey.Find)
        self.sidebar_action = self._action("&Sidebar", self.sidebar.setVisible, "Ctrl+Shift+L")
        self.details_action = self._action("&Details Pane", self.details.setVisible, "Ctrl+Shift+D")
        for action in (self.sidebar_action, self.details_action):
            action.setCheckable(True)
            action.setChecked(True)
        self.statistics_action = self._action("S&tatistics", self.show_statistics, "Ctrl+Shift+S")
        self.about_action = self._action("&About Reading List", self._about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.library_view.add_table_actions(self.edits.table_actions())

    def _connect(self) -> None:
        view, sidebar, pane, tabs = self.library_view, self.sidebar, self.details, self.tabs
        edits, online, files = self.edits, self.online_actions, self.files
        # Filters propose; the library view asks for the query and hands out its counts.
        sidebar.filtersChanged.connect(lambda: view.set_filters(sidebar.filters()))
        view.emptyChanged.connect(self._show_empty_state)
        view.countsShown.connect(self._counts_shown)
        view.selectionChanged.connect(self._selection_changed)
        view.selectionSettled.connect(self.selection_details.show_selection)
        view.openRequested.connect(tabs.open_paper)
        view.contextMenuRequested.connect(lambda at: table_menu(self, at))
        view.failed.connect(self._show_failure)
        view.failed.connect(self.readFailed)
        # Requests from the sidebar and the details pane; the empty state's where it is made.
        sidebar.onlineRequested.connect(online.fetch_for_list)
        sidebar.tagRenameRequested.connect(edits.ask_tag_name)
        sidebar.tagMergeRequested.connect(edits.rename_tag)
        sidebar.tagColorRequested.connect(edits.ask_tag_color)
        sidebar.statisticsRequested.connect(self.show_statistics)
        edits.tagRenamed.connect(sidebar.follow_tag_rename)
        pane.statusRequested.connect(edits.set_status)
        pane.tagsEdited.connect(edits.edit_tags)
        pane.openRequested.connect(tabs.open_paper)
        pane.editRequested.connect(edits.edit_paper)
        # Online jobs and readers.
        online.jobStarted.connect(view.job_started)
        online.jobProgressed.connect(view.show_job_progress)
        online.jobEnded.connect(self._job_ended)
        online.showReviewRequested.connect(self._show_review)
        online.statusMessage.connect(self._status_message)
        tabs.downloadRequested.connect(online.download_for_reader)
        # Every write, whoever made it.
        self.relay.changed.connect(self._library_changed)
        edits.failed.connect(self._show_failure)
        edits.failed.connect(lambda _message: view.write_failed())
        files.importFinished.connect(self.importFinished)
        files.sampleOpened.connect(self._sample_opened)
        # Files in and out.
        files.importFailed.connect(self.importFailed)
        files.exportFinished.connect(self.exportFinished)
        files.backupFinished.connect(self.backupFinished)
        files.failed.connect(self._show_failure)
        files.tasks.busyChanged.connect(self.busyChanged)
        files.statusMessage.connect(self._status_message)
        # The reading group: syncs once the window settled; "Read by" while in a group.
        self.countsUpdated.connect(self.group.window_settled)
        self.libraryChanged.connect(self.group.apply)
        self.group.linkChanged.connect(view.show_group_column)
        view.show_group_column(self.group.link)
        self.group.statusMessage.connect(self._status_message)
        self.group.failed.connect(self._show_failure)
        # Full text: indexing once settled and after attaching; the "Text of PDFs" scope.
        fulltext = self.fulltext
        sidebar.filtersChanged.connect(lambda: fulltext.set_filters(sidebar.filters()))
        self.countsUpdated.connect(fulltext.window_settled)
        fulltext.activeChanged.connect(lambda _active: self._show_center())
        fulltext.search_action.triggered.connect(self._focus_search)
        fulltext.openRequested.connect(tabs.open_paper)
        fulltext.statusMessage.connect(self._status_message)
        fulltext.failed.connect(self._show_failure)

    # -- reacting ------------------------------------------------------------------------
    def _counts_shown(self, counts: Counts) -> None:
        self.tabs.library_busy()
        self.sidebar.show_counts(counts)
        self.selection_details.show_counts(counts)
        self.online_actions.show_counts(counts)
        self.countsUpdated.emit()

    def _show_empty_state(self, empty: bool) -> None:
        self._empty = empty
        self._show_center()

    def _show_center(self) -> None:
        """Full-text results, the empty library's welcome, or the table with details."""
        if self.fulltext.active:
            results = self.fulltext.results
            if self.stack.indexOf(results) < 0:  # made when the scope is first chosen
                self.stack.addWidget(results)
                QWidget.setTabOrder(self.search, results)
            self.stack.setCurrentWidget(results)
        else:
            self.stack.setCurrentWidget(self.empty_state if self._empty else self.content_splitter)

    def _selection_changed(self, selected: int) -> None:
        self.edits.selection_changed(selected)
        self.online_actions.selection_changed(selected)
        self.tabs.selection_changed(selected)

    def _focus_search(self) -> None:
        self.tabs.show_library()
        self.library_view.focus_search()

    def _show_review(self) -> None:
        self.tabs.show_library()
        self.sidebar.show_review()

    def _status_message(self, text: str, milliseconds: int) -> None:
        if text:
            self.statusBar().showMessage(text, milliseconds)
        else:
            self.statusBar().clearMessage()

    def _show_failure(self, message: str) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "Something went wrong", message)

    def _about(self) -> None:
        from readinglist_gui.ui.dialogs.about import show_about

        show_about(self, self._library.folder)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Lists, exports and folders dropped anywhere on the window are imported."""
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files.import_paths(paths)

    # -- persistence and lifetime --------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self._settings.value("mainWindow/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1320, 820)
        for key, splitter in self._splitters():
            state = self._settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)

    def _splitters(self) -> list[tuple[str, QSplitter]]:
        return [
            ("mainWindow/splitter", self.splitter),
            ("mainWindow/contentSplitter", self.content_splitter),
        ]

    def save_settings(self) -> None:
        settings = self._settings
        settings.setValue("mainWindow/geometry", self.saveGeometry())
        for key, splitter in self._splitters():
            settings.setValue(key, splitter.saveState())
        self.sidebar.save_state(settings)
        self.library_view.save_state(settings)
        settings.sync()

    def changeEvent(self, event: QEvent) -> None:
        """Follow a switch between light and dark: line icons are drawn in the palette's colour."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            retint(self)
            self.sidebar.retint()
            self.tabs.retint()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """Start the background query at the latest a moment after the window shows,
        should its first paint never reach ``paintEvent`` (children may cover it)."""
        super().showEvent(event)
        self.library_view.start_soon(FIRST_QUERY_LATEST_MS)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Start the background query once the first page is on screen.

        Started before, the worker's Python competes with the first paint for
        the GIL: at 100k papers that paint took 65-80 ms instead of 20-30.
        """
        super().paintEvent(event)
        self.library_view.start_soon(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tabs.close_readers()
        self.save_settings()
        self.online_actions.shutdown()
        self.files.close()
        self.group.close()
        self.fulltext.close()
        self.relay.close()
        self.library_view.close()
        super().closeEvent(event)
