"""The main window: wires the sidebar, search box, table and details pane to one query.

Filter widgets only propose a new ``PaperQuery``; the window remembers the
newest one (``_wanted``) and hands it to a background ``QueryRunner``, whose
results replace what is on screen. Edits go through a ``QUndoStack`` and then
refresh what they may have changed: the visible rows and details at once, the
result and the counts through the runner.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPaintEvent,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

import readinglist_gui
from readinglist_gui.core.files import write_atomic
from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import LinkKind, Status
from readinglist_gui.core.results import ImportReport, Page, PaperDetail, PaperRow
from readinglist_gui.ui import pdf_badge
from readinglist_gui.ui.background import TaskRunner
from readinglist_gui.ui.commands import (
    ID_CHUNK,
    DeleteCommand,
    EditContext,
    EditFieldsCommand,
    RenameTagCommand,
    SetStatusCommand,
    TagColorCommand,
    TagCommand,
)
from readinglist_gui.ui.details import DetailsPane
from readinglist_gui.ui.empty_state import EmptyState
from readinglist_gui.ui.icons import app_icon, icon, retint, set_themed_icon
from readinglist_gui.ui.job_status import JobStatus
from readinglist_gui.ui.online_jobs import FetchRequest, JobProgress, OnlineJobs
from readinglist_gui.ui.paper_table import BLOCK, PaperTableModel, PaperTableView
from readinglist_gui.ui.query_runner import Counts, QueryRunner
from readinglist_gui.ui.sample_library import load_sample
from readinglist_gui.ui.search_box import SearchBox
from readinglist_gui.ui.sidebar import ONLINE_ACTIONS, Sidebar
from readinglist_gui.ui.status_chip import LABELS

# Dialogs and the reader are imported where first opened: the start-up path
# never needs them, and their modules cost it about 10 ms.
if TYPE_CHECKING:
    from readinglist_gui.ui.dialogs.export_dialog import ExportChoice, ExportContext
    from readinglist_gui.ui.reader import ReaderTab

MARKS_PER_SNAPSHOT = 6
"""Title cells repainted per progress snapshot; a burst of finished downloads waits its turn."""
FIRST_QUERY_LATEST_MS = 250
"""After showing, the longest the counts wait for the window's first paint."""
ROW_READ_INTERVAL = 0.5
"""Seconds between reads of finished downloads' rows; the job attaches them about as often."""

EXPORT_FILTERS = {
    "json": "Reading list JSON (*.json)",
    "bibtex": "BibTeX (*.bib)",
    "csl-json": "CSL-JSON (*.json)",
    "markdown": "Markdown (*.md)",
    "html": "Web page (*.html)",
}


class MainWindow(QMainWindow):
    importFinished = Signal(object)
    """An ``ImportReport`` once a background import is in the library."""
    importFailed = Signal(str)
    exportFinished = Signal(str)
    backupFinished = Signal(str)
    countsUpdated = Signal()
    """The sidebar counts caught up with the query on screen (benchmarks wait for it)."""

    def __init__(
        self, library: Library, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self._library = library
        self._settings = settings
        self._readers: dict[int, ReaderTab] = {}
        self.setWindowTitle("Reading List")
        self.setWindowIcon(app_icon())
        self.undo_stack = QUndoStack(self)
        self._edits = EditContext(library, self._after_edit)
        self.tasks = TaskRunner(parent=self)
        self.queries = QueryRunner(library, self)
        self.online = OnlineJobs(library, self)
        self._row_reader = TaskRunner(parent=self)
        """Reads rows of finished downloads off the GUI thread while a job keeps SQLite busy."""
        self._reading_rows = False
        self._awaiting_pdf: dict[int, float] = {}
        """Papers on screen whose download ended (and when), until their rows are read again."""
        self._rows_read_at = 0.0
        self._readers_without_pdf: set[int] = set()
        self._ready = False

        self.model = PaperTableModel(library, self, request=self._request_sort)
        self._wanted = self.model.query()
        self.table = PaperTableView(self.model)
        self.sidebar = Sidebar()
        self.details = DetailsPane()
        self.search = SearchBox()
        self.empty_state = EmptyState()
        self._build_layout()
        self._build_toolbar()
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self._build_tab_order()
        self._connect()

        self.sidebar.tags.set_mode(
            "any" if settings.value("sidebar/tagMode", "all") == "any" else "all"
        )
        self.table.restore_state(settings)
        self._wanted = self.sidebar.apply_to(self._wanted)
        # Start-up shows the first screenful at once, as if it were all; the
        # total, every id and the sidebar counts follow from the background
        # query once it is painted.
        first = library.head(self._wanted, BLOCK)
        self.model.show_first_page(self._wanted, Page(len(first), first))
        if not first:
            self.stack.setCurrentWidget(self.empty_state)
        self._ready = True
        self._queries_started = False
        self._start_queries = QTimer(self, singleShot=True)
        self._start_queries.timeout.connect(self._first_query)
        self._restore_geometry()

    # -- public surface ----------------------------------------------------------
    @property
    def library(self) -> Library:
        return self._library

    def query(self) -> PaperQuery:
        """The query on screen (a newer one may still be running)."""
        return self.model.query()

    def is_settled(self) -> bool:
        """No typing waiting for its debounce and no query still running."""
        return (
            self._queries_started
            and not self.search.is_pending()
            and self.queries.is_idle()
            and self.model.query() == self._wanted
        )

    def open_paper(self, paper_id: int) -> None:
        """Open the paper in a reader tab (or switch to its tab if it is open)."""
        existing = self._readers.get(paper_id)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            return
        detail = self._library.paper(paper_id)
        if detail is None:
            return
        # Imported here: the reader pulls in PyMuPDF, which the start-up path never needs.
        from readinglist_gui.ui.reader import ReaderTab

        reader = ReaderTab(self._library, paper_id, settings=self._settings)
        reader.progress_changed.connect(lambda _paper_id: self._reader_timer.start())
        reader.download_requested.connect(self._download_for_reader)
        if detail.pdf_path is None or not detail.pdf_path.exists():
            self._readers_without_pdf.add(paper_id)
            reader.set_download_available(_has_pdf_source(detail))
        self._readers[paper_id] = reader
        title = detail.title or "(untitled)"
        index = self.tabs.addTab(reader, title if len(title) <= 28 else title[:27] + "…")
        self.tabs.setTabToolTip(index, title)
        self.tabs.tabBar().setTabButton(
            index, QTabBar.ButtonPosition.RightSide, self._close_button(reader)
        )
        self.tabs.setCurrentIndex(index)

    def _close_button(self, tab: QWidget) -> QToolButton:
        """A quiet close button in the palette's ink: styles without an icon theme
        (Fusion on a bare X server) otherwise draw a red box on every reader tab."""
        button = QToolButton(self.tabs)
        button.setAutoRaise(True)
        button.setFixedSize(18, 18)
        button.setIconSize(QSize(14, 14))
        set_themed_icon(button, "close")
        button.setToolTip("Close (Ctrl+W)")
        button.setAccessibleName("Close this paper")
        button.clicked.connect(lambda: self._close_tab(self.tabs.indexOf(tab)))
        return button

    def set_status(self, status: Status) -> None:
        """Mark the selected papers, as one undoable step."""
        ids = self.table.selected_ids()
        if ids:
            self.undo_stack.push(SetStatusCommand(self._edits, ids, status))

    def add_tags(self, names: list[str]) -> None:
        ids = self.table.selected_ids()
        if ids and names:
            self.undo_stack.push(TagCommand(self._edits, ids, names, add=True))

    def delete_selected(self) -> None:
        ids = self.table.selected_ids()
        if ids:
            self.undo_stack.push(DeleteCommand(self._edits, ids))

    def import_paths(self, paths: list[Path]) -> None:
        """Read and import files on a worker thread; ``importFinished`` reports back."""
        from readinglist_gui.core.importers import read_paths

        library = self._library

        def work() -> ImportReport:
            return library.import_batch(read_paths(paths))

        self.statusBar().showMessage(f"Importing {len(paths)} file(s)…")
        self.tasks.run(work, self._import_done, self._import_failed)

    def export_to(
        self, path: Path, query: PaperQuery | None = None, choice: ExportChoice | None = None
    ) -> None:
        """Export in the background: ``choice`` (format, papers, title), or the view as JSON."""
        from readinglist_gui.core.exporters import export
        from readinglist_gui.ui.dialogs.export_dialog import ExportChoice

        library = self._library
        if choice is None:
            choice = ExportChoice("json", self.query() if query is None else query, "", False)

        def work() -> str:
            text = export(
                library, choice.format, choice.query, notes=choice.notes, title=choice.title
            )
            write_atomic(path, text.encode("utf-8"))
            return str(path)

        self.statusBar().showMessage(f"Exporting to {path.name}…")
        self.tasks.run(work, self._export_done, self._task_failed)

    def back_up(self, archive: Path) -> None:
        """Write the whole library (database and PDFs) to one .zip file, in the background."""
        from readinglist_gui.core.backup import back_up

        folder = self._library.folder

        def work() -> str:
            summary = back_up(folder, archive)
            megabytes = summary.bytes / 1048576
            return f"Backed up to {archive} ({summary.pdfs} PDFs, {megabytes:.1f} MB)"

        self.statusBar().showMessage(f"Backing up the library to {archive.name}…")
        self.tasks.run(work, self._backup_done, self._task_failed)

    # -- online ------------------------------------------------------------------------
    def download_pdfs(self, ids: list[int] | None = None) -> None:
        """Bring down the PDFs of these papers (the selection by default) for offline reading."""
        self._online_for_selection("pdfs", ids)

    def fetch_details(self, ids: list[int] | None = None) -> None:
        """Fill authors, abstracts and years from arXiv for these papers (the selection)."""
        self._online_for_selection("metadata", ids)

    def find_on_arxiv(self, ids: list[int] | None = None) -> None:
        """Look up title-only papers (of the selection) on arXiv by their titles."""
        self._online_for_selection("titles", ids)

    def fetch_for_list(self, action: str, list_id: int, section_id: int | None = None) -> None:
        """Run an online ``action`` ("pdfs", "metadata", "titles") for a list or one section."""
        info = next((i for i in self._library.lists() if i.id == list_id), None)
        if info is None:
            return
        name = info.name
        if section_id is None:
            self.online.submit(_request(action, f"“{name}”", list_name=name))
            return
        heading = next((s.heading for s in info.sections if s.id == section_id), "")
        query = PaperQuery(list_id=list_id, section_id=section_id)
        self.online.submit(_request(action, f"“{heading or name}”", query=query))

    def review_paper(self, paper_id: int) -> QDialog:
        """Open the review of one "Needs review" paper; the library refreshes once it is settled."""
        from readinglist_gui.ui.dialogs.review_dialog import ReviewDialog

        dialog = ReviewDialog(self._library, paper_id, self)
        dialog.accepted.connect(self._after_edit)
        dialog.open()
        return dialog

    def _online_for_selection(self, action: str, ids: list[int] | None) -> None:
        chosen = self.table.selected_ids() if ids is None else ids
        if chosen:
            label = "1 paper" if len(chosen) == 1 else f"{len(chosen):,} papers"
            self.online.submit(_request(action, label, paper_ids=tuple(chosen)))

    # -- building ----------------------------------------------------------------
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
        self.stack.addWidget(self.empty_state)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 1070])
        self.sidebar.setMinimumWidth(180)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setTabBarAutoHide(True)
        self.tabs.addTab(self.splitter, icon("library"), "Library")
        for side in (
            self.tabs.tabBar().ButtonPosition.RightSide,
            self.tabs.tabBar().ButtonPosition.LeftSide,
        ):
            self.tabs.tabBar().setTabButton(0, side, None)
        self.setCentralWidget(self.tabs)

    def _build_tab_order(self) -> None:
        """Tab walks the window left to right: search, filters, papers, details."""
        chain = [
            self.search,
            self.sidebar.tree,
            self.sidebar.tags.filter_box(),
            self.sidebar.tags.view(),
            self.table,
            *self.details.status_buttons.values(),
            self.details.tags,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.table.setFocus()

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar = toolbar
        self.addToolBar(toolbar)

    def _action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            set_themed_icon(action, icon_name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(
            "&Import…", self._choose_import, QKeySequence.StandardKey.Open, "import"
        )
        self.import_action.setToolTip("Import reading lists (Ctrl+O)")
        self.export_action = self._action("&Export…", self._choose_export, "Ctrl+Shift+E", "export")
        self.close_tab_action = self._action(
            "&Close Tab", self._close_current_tab, QKeySequence.StandardKey.Close
        )
        self.backup_action = self._action("&Back Up Library…", self._choose_backup)
        self.download_action = self._action(
            ONLINE_ACTIONS["pdfs"], lambda: self.download_pdfs(), None, "download"
        )
        self.download_action.setToolTip(
            "Download the selected papers' PDFs from arXiv or their links"
        )
        self.fetch_details_action = self._action(
            ONLINE_ACTIONS["metadata"], lambda: self.fetch_details()
        )
        self.find_arxiv_action = self._action("Find on &arXiv", lambda: self.find_on_arxiv())
        self.find_arxiv_action.setToolTip("Look up the selected title-only papers on arXiv")
        self.review_action = self._action("&Review arXiv Matches…", self._review_current)
        self.show_review_action = self._action("Show Papers That &Need Review", self._show_review)
        self.retry_action = self._action("&Try Again", self.online.retry)
        self.retry_action.setEnabled(False)
        self.cancel_online_action = self._action("&Cancel Online Jobs", self.online.cancel)
        self.cancel_online_action.setEnabled(False)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.find_action = self._action("&Find", self._focus_search, QKeySequence.StandardKey.Find)
        self.status_actions: dict[Status, QAction] = {}
        for number, status in enumerate(Status, start=1):
            action = self._action(
                f"Mark as {LABELS[status]}",
                lambda _checked=False, s=status: self.set_status(s),
                str(number),
                status.value,
            )
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(action)
            self.status_actions[status] = action
        self.tag_action = self._action("Add &Tags…", self._ask_tags, "Ctrl+T", "tag")
        self.edit_action = self._action("&Edit Paper…", self._edit_current, "F2", "edit")
        self.open_action = self._action("&Open Paper", self._open_current, None, "open")
        self.delete_action = self._action(
            "&Delete", self.delete_selected, QKeySequence.StandardKey.Delete, "delete"
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.delete_action)
        self.select_all_action = self._action(
            "Select &All", self.table.selectAll, QKeySequence.StandardKey.SelectAll
        )
        self.select_all_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.select_all_action)
        self.sidebar_action = self._action("&Sidebar", self.sidebar.setVisible, "Ctrl+Shift+L")
        self.details_action = self._action("&Details Pane", self.details.setVisible, "Ctrl+Shift+D")
        for action in (self.sidebar_action, self.details_action):
            action.setCheckable(True)
            action.setChecked(True)
        self.about_action = self._action("&About Reading List", self._about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

        self.toolbar.addAction(self.import_action)
        self.toolbar.addSeparator()
        for action in self.status_actions.values():
            self.toolbar.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred
        )
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.search)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_tab_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.select_all_action)
        edit_menu.addSeparator()
        for action in self.status_actions.values():
            edit_menu.addAction(action)
        edit_menu.addAction(self.tag_action)
        edit_menu.addAction(self.edit_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.delete_action)
        online_menu = bar.addMenu("&Online")
        for action in (self.download_action, self.fetch_details_action, self.find_arxiv_action):
            online_menu.addAction(action)
        online_menu.addSeparator()
        online_menu.addAction(self.review_action)
        online_menu.addAction(self.show_review_action)
        online_menu.addSeparator()
        online_menu.addAction(self.retry_action)
        online_menu.addAction(self.cancel_online_action)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.sidebar_action)
        view_menu.addAction(self.details_action)
        self.columns_menu = view_menu.addMenu("&Columns")
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        view_menu.addSeparator()
        view_menu.addAction(self.open_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)

    def _build_status_bar(self) -> None:
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.progress = QProgressBar()
        self.progress.setObjectName("backgroundProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.job_status = JobStatus(self.online, self)
        self.statusBar().addPermanentWidget(self.job_status)
        # A job's controls must not make the bar taller: that would lay out and
        # repaint the whole window just as the job's threads start.
        self.statusBar().setMinimumHeight(self.job_status.sizeHint().height())
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.count_label)

    def _connect(self) -> None:
        self.search.searchChanged.connect(lambda _text: self._filters_changed())
        self.sidebar.changed.connect(self._filters_changed)
        self.sidebar.tags.renameRequested.connect(self._rename_tag)
        self.sidebar.tags.mergeRequested.connect(self.rename_tag)
        self.sidebar.tags.colorRequested.connect(self._color_tag)
        self.queries.pageReady.connect(self._show_page)
        self.model.idsWanted.connect(self.queries.hurry_ids)
        self.queries.idsReady.connect(self._show_ids)
        self.queries.countsReady.connect(self._show_counts)
        self.queries.failed.connect(self._task_failed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionReplaced.connect(self._selection_changed)
        self.table.openRequested.connect(self.open_paper)
        self.details.statusRequested.connect(self.set_status)
        self.details.tagsEdited.connect(self._tags_edited)
        self.details.openRequested.connect(self.open_paper)
        self.details.editRequested.connect(self._edit_paper)
        self.empty_state.importRequested.connect(self._choose_import)
        self.empty_state.sampleRequested.connect(self.open_sample_library)
        self.tasks.busyChanged.connect(self.progress.setVisible)
        self.sidebar.tree.onlineRequested.connect(
            lambda action, scope: self.fetch_for_list(action, *scope)
        )
        self.online.progressed.connect(self._job_progress)
        self.online.finished.connect(self._job_finished)
        self.online.failed.connect(self._job_failed)
        self.online.offline.connect(lambda _request, _message: self.retry_action.setEnabled(True))
        self.online.started.connect(self._job_started)
        self.online.busyChanged.connect(self._online_busy)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self._selection_timer = QTimer(self)
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(0)
        self._selection_timer.timeout.connect(self._show_selection)
        self._reader_timer = QTimer(self)
        self._reader_timer.setSingleShot(True)
        self._reader_timer.setInterval(250)
        self._reader_timer.timeout.connect(self._after_edit)

    # -- reacting ------------------------------------------------------------------
    def _filters_changed(self) -> None:
        query = self.sidebar.apply_to(replace(self._wanted, text=self.search.text()))
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
        self._show_selection()

    def _show_ids(self, query: PaperQuery, ids: list[int]) -> None:
        if query != self._wanted:
            return
        self.model.show_result(query, ids)
        self._show_selection()

    def _show_counts(self, counts: Counts) -> None:
        if counts.query != self._wanted:
            return
        self.sidebar.tree.set_status_counts(counts.status_counts)
        self.sidebar.tags.set_counts(counts.tag_counts)
        if counts.lists is not None:
            self.sidebar.tree.set_lists(counts.lists)
            self.details.set_tag_names([tag.name for tag in counts.tag_counts])
        if counts.review_ids is not None:
            self.sidebar.tree.set_review_ids(counts.review_ids)
            self.show_review_action.setEnabled(bool(counts.review_ids))
            self._update_selection_actions(len(self.table.selected_rows()))
        query = counts.query
        empty = not (query.text or query.tags) and not sum(counts.status_counts.values())
        self.stack.setCurrentWidget(self.empty_state if empty else self.content_splitter)
        self.countsUpdated.emit()

    def _after_edit(self) -> None:
        """After an edit: visible rows and details now, ids and counts from a fresh query."""
        self.model.refresh_rows()
        self._show_selection()
        self.queries.submit(self._wanted, lists=True)

    def _selection_changed(self) -> None:
        """Enable actions at once; fill the details pane once the selection settles."""
        self._update_selection_actions(len(self.table.selected_rows()))
        self._selection_timer.start()

    def _update_selection_actions(self, selected: int) -> None:
        for action in (
            *self.status_actions.values(),
            self.tag_action,
            self.delete_action,
            self.download_action,
            self.fetch_details_action,
            self.find_arxiv_action,
        ):
            action.setEnabled(selected > 0)
        for action in (self.edit_action, self.open_action):
            action.setEnabled(selected == 1)
        current = self.table.current_id() if selected == 1 else None
        self.review_action.setEnabled(current in self.sidebar.tree.review_ids())
        shown = self.model.rowCount()
        text = f"{shown:,} papers" if shown != 1 else "1 paper"
        if selected > 1:
            text += f" · {selected:,} selected"
        self.count_label.setText(text)

    def _show_selection(self) -> None:
        self._selection_timer.stop()
        ids = self.table.selected_ids()
        selected = len(ids)
        self._update_selection_actions(selected)
        shown = self.model.rowCount()
        if not ids:
            self.details.show_nothing()
            return
        if selected == 1:
            detail = self._library.paper(ids[0])
            if detail is None:
                self.details.show_nothing()
            else:
                self.details.show_paper(detail)
            return
        if selected == shown:
            scope = self.model.query()
        elif selected <= ID_CHUNK:
            scope = PaperQuery(ids=tuple(ids))
        else:
            # Too many loose ids for one query; the pane still edits, it just cannot summarise.
            self.details.show_selection(selected, set(), [])
            return
        statuses = {s for s, n in self._library.status_counts(scope).items() if n}
        if scope.statuses:
            statuses &= set(scope.statuses)
        common = [tag.name for tag in self._library.tag_counts(scope) if tag.count == selected]
        self.details.show_selection(selected, statuses, common)

    def _tags_edited(self, added: list[str], removed: list[str]) -> None:
        ids = self.table.selected_ids()
        if not ids:
            return
        self.undo_stack.beginMacro("Edit tags")
        if added:
            self.undo_stack.push(TagCommand(self._edits, ids, added, add=True))
        if removed:
            self.undo_stack.push(TagCommand(self._edits, ids, removed, add=False))
        self.undo_stack.endMacro()

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag everywhere; a name that already exists merges the two (undoable)."""
        if not new.strip() or new.strip() == old:
            return
        chosen = self.sidebar.tags.selected_tags()
        self.undo_stack.push(RenameTagCommand(self._edits, old, new))
        if old in chosen:
            self.sidebar.tags.select_tags(new.strip() if name == old else name for name in chosen)

    def set_tag_color(self, name: str, color: str | None) -> None:
        self.undo_stack.push(TagColorCommand(self._edits, name, color))

    def _rename_tag(self, old: str) -> None:
        new, ok = QInputDialog.getText(self, "Rename tag", f"New name for “{old}”:", text=old)
        if ok:
            self.rename_tag(old, new)

    def _color_tag(self, name: str) -> None:
        color = QColorDialog.getColor(parent=self, title=f"Colour for “{name}”")
        if color.isValid():
            self.set_tag_color(name, color.name())

    def _ask_tags(self) -> None:
        if not self.table.selected_ids():
            return
        text, ok = QInputDialog.getText(self, "Add tags", "Tags (comma-separated):")
        if ok:
            from readinglist_gui.ui.details import split_tags

            self.add_tags(split_tags(text))

    def _edit_current(self) -> None:
        paper_id = self.table.current_id()
        if paper_id is not None:
            self._edit_paper(paper_id)

    def _edit_paper(self, paper_id: int) -> None:
        detail = self._library.paper(paper_id)
        if detail is None:
            return
        from readinglist_gui.ui.dialogs.edit_paper import EditPaperDialog

        dialog = EditPaperDialog(detail, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.update_paper(paper_id, **dialog.changed_fields())

    def update_paper(self, paper_id: int, **fields: object) -> None:
        """Edit a paper's fields by hand, as one undoable step."""
        if fields:
            self.undo_stack.push(EditFieldsCommand(self._edits, paper_id, fields))

    def _open_current(self) -> None:
        paper_id = self.table.current_id()
        if paper_id is not None:
            self.open_paper(paper_id)

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _table_menu(self, pos) -> None:
        if not self.table.selected_ids():
            return
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        for action in self.status_actions.values():
            menu.addAction(action)
        menu.addAction(self.tag_action)
        menu.addAction(self.edit_action)
        menu.addSeparator()
        menu.addAction(self.download_action)
        menu.addAction(self.fetch_details_action)
        menu.addAction(self.find_arxiv_action)
        if self.review_action.isEnabled():
            menu.addAction(self.review_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        for action in self.table.column_actions(self.columns_menu):
            self.columns_menu.addAction(action)

    def _close_current_tab(self) -> None:
        self._close_tab(self.tabs.currentIndex())

    def _close_tab(self, index: int) -> None:
        if index == 0:
            return
        widget = self.tabs.widget(index)
        self.tabs.removeTab(index)
        for paper_id, reader in list(self._readers.items()):
            if reader is widget:
                del self._readers[paper_id]
                self._readers_without_pdf.discard(paper_id)
        widget.close()
        widget.deleteLater()

    # -- import / export -------------------------------------------------------------
    def _choose_import(self) -> None:
        """Open the Import dialog, which previews a dry run before anything is written."""
        # Imported on first use: the dialog brings every importer, which start-up never needs.
        from readinglist_gui.ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self._library, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._import_done)
        dialog.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Lists, exports and folders dropped anywhere on the window are imported."""
        paths = _local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def export_context(self) -> ExportContext:
        """What the export dialog offers: the query, list and selection on screen now."""
        from readinglist_gui.ui.dialogs.export_dialog import ExportContext

        query = self.query()
        title = ""
        if query.list_id is not None:
            info = next((i for i in self._library.lists() if i.id == query.list_id), None)
            if info is not None:
                title = info.name
                section = next((s for s in info.sections if s.id == query.section_id), None)
                if section is not None and section.heading:
                    title = f"{info.name} — {section.heading}"
        return ExportContext(query, title, tuple(self.table.selected_ids()))

    def _choose_export(self) -> None:
        from readinglist_gui.core.exporters import FORMATS
        from readinglist_gui.ui.dialogs.export_dialog import ExportDialog

        dialog = ExportDialog(self.export_context(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        suggested = _file_stem(choice.title if choice.query is not None else "library")
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export",
            suggested + FORMATS[choice.format],
            f"{EXPORT_FILTERS[choice.format]};;All files (*)",
        )
        if name:
            self.export_to(Path(name), choice=choice)

    def _choose_backup(self) -> None:
        default = f"readinglist-backup-{dt.date.today().isoformat()}.zip"
        name, _ = QFileDialog.getSaveFileName(
            self, "Back up library", default, "Library backup (*.zip)"
        )
        if name:
            self.back_up(Path(name))

    def _backup_done(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.backupFinished.emit(message)

    # -- online jobs -------------------------------------------------------------------
    def _review_current(self) -> None:
        paper_id = self.table.current_id()
        if paper_id is not None:
            self.review_paper(paper_id)

    def _show_review(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.sidebar.tree.select_review()

    def _download_for_reader(self, paper_id: int) -> None:
        reader = self._readers.get(paper_id)
        if reader is not None:
            reader.set_download_available(False)
        self.online.submit(_request("pdfs", "this paper", paper_ids=(paper_id,)))

    def _job_started(self, _request: FetchRequest) -> None:
        self.retry_action.setEnabled(False)
        pdf_badge.prepare()

    def _online_busy(self, busy: bool) -> None:
        self.cancel_online_action.setEnabled(busy or self.online.is_waiting_offline())

    def _job_progress(self, progress: JobProgress) -> None:
        """Mark rows whose PDF is coming down; a finished one keeps its mark until it is read.

        The job attaches finished downloads in batches, so their rows are read
        again twice a second, on a worker: while the download threads hold the
        interpreter, each step of a read on this thread, and each repaint,
        waits its turn. One repaint per paper when its mark goes is all it costs.
        """
        now = time.monotonic()
        visible = self.table.visible_rows()
        for paper_id in self.model.cached_ids(progress.finished):
            if self.model.row_of(paper_id) in visible:
                self._awaiting_pdf.setdefault(paper_id, now)
        marks: dict[int, float | None] = dict.fromkeys(self._awaiting_pdf, 1.0)
        marks.update(progress.downloading)
        self.model.show_downloads(marks, visible, MARKS_PER_SNAPSHOT)
        if (
            self._awaiting_pdf
            and not self._reading_rows
            and now - self._rows_read_at >= ROW_READ_INTERVAL
        ):
            self._reading_rows = True
            self._rows_read_at = now
            library, ids = self._library, list(self._awaiting_pdf)
            self._row_reader.run(lambda: library.rows(ids), self._rows_read, self._rows_failed)

    def _rows_read(self, rows: list[PaperRow]) -> None:
        """Attached PDFs lose their marks; so does a failed one once its batch has surely gone."""
        self._reading_rows = False
        if self.online.running() is None:
            return
        self.model.store_rows(rows)
        asked = self._rows_read_at
        for row in rows:
            ended = self._awaiting_pdf.get(row.id)
            if ended is not None and (row.has_pdf or asked - ended > 2 * ROW_READ_INTERVAL):
                del self._awaiting_pdf[row.id]

    def _rows_failed(self, _message: str) -> None:
        self._reading_rows = False

    def _job_finished(self, request: FetchRequest, summary: object) -> None:
        from readinglist_gui.core.fetch import FetchSummary
        from readinglist_gui.ui.dialogs.fetch_report import fetch_report_box

        assert isinstance(summary, FetchSummary)
        self.model.show_downloads({})
        self._awaiting_pdf.clear()
        self._reload_readers()
        self._after_edit()
        if summary.offline:
            return
        self.statusBar().showMessage(f"{request.label}: {summary.text()}", 15000)
        if summary.failures:
            fetch_report_box(self._library, request.label, summary, self).open()

    def _job_failed(self, request: FetchRequest, message: str) -> None:
        self._reload_readers()
        self.statusBar().clearMessage()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            request.label,
            f"{request.label} failed: {message}",
            parent=self,
        )
        box.setObjectName("onlineJobFailed")
        box.open()

    def _reload_readers(self) -> None:
        """Readers that were waiting for a PDF open it now if a job brought it down."""
        for paper_id in list(self._readers_without_pdf):
            reader = self._readers.get(paper_id)
            if reader is None:
                self._readers_without_pdf.discard(paper_id)
                continue
            if self._library.pdf_path(paper_id) is not None:
                self._readers_without_pdf.discard(paper_id)
                reader.reload_pdf()
            else:
                reader.set_download_available(True)

    def _import_done(self, report: ImportReport) -> None:
        self.statusBar().showMessage(f"Imported: {report.summary()}", 8000)
        self._after_edit()
        from readinglist_gui.ui.dialogs.import_report import import_report_box

        box = import_report_box(report, self)
        box.open()
        self.importFinished.emit(report)

    def _import_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        box = QMessageBox(QMessageBox.Icon.Warning, "Import failed", message, parent=self)
        box.setObjectName("importFailed")
        box.open()
        self.importFailed.emit(message)

    def _export_done(self, path: str) -> None:
        self.statusBar().showMessage(f"Exported to {path}", 8000)
        self.exportFinished.emit(path)

    def _task_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "Something went wrong", message)

    def open_sample_library(self) -> None:
        """Load the bundled sample into this (empty) library so every feature has data."""
        library = self._library
        self.statusBar().showMessage("Loading the sample library…")
        self.tasks.run(lambda: load_sample(library), self._import_done, self._import_failed)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Reading List",
            f"<b>Reading List</b> {readinglist_gui.__version__}<br>"
            "A calm, offline-first reading tracker for research papers.<br><br>"
            f"Library: {self._library.folder}<br><br>"
            "To restore a backup, run <code>readinglist-gui restore BACKUP.zip FOLDER</code> "
            "(into a new, empty folder), then open that folder with "
            "<code>readinglist-gui --library FOLDER</code>.",
        )

    # -- persistence -------------------------------------------------------------------
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
            ("mainWindow/sidebarSplitter", self.sidebar.splitter),
        ]

    def save_settings(self) -> None:
        settings = self._settings
        settings.setValue("mainWindow/geometry", self.saveGeometry())
        for key, splitter in self._splitters():
            settings.setValue(key, splitter.saveState())
        settings.setValue("sidebar/tagMode", self.sidebar.tags.mode())
        self.table.save_state(settings)
        settings.sync()

    def changeEvent(self, event: QEvent) -> None:
        """Follow a switch between light and dark: line icons are drawn in the palette's colour."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            retint(self)
            self.sidebar.tree.retint()
            self.tabs.setTabIcon(0, icon("library"))
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """Start the background query at the latest a moment after the window shows,
        should its first paint never reach ``paintEvent`` (children may cover it)."""
        super().showEvent(event)
        if not self._queries_started:
            self._start_queries.start(FIRST_QUERY_LATEST_MS)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Start the background query once the first page is on screen.

        Started before, the worker's Python competes with the first paint for
        the GIL: at 100k papers that paint took 65-80 ms instead of 20-30.
        """
        super().paintEvent(event)
        if not self._queries_started:
            self._start_queries.start(0)

    def _first_query(self) -> None:
        self._queries_started = True
        self.queries.submit(self._wanted, lists=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        for reader in self._readers.values():
            reader.close()
        self.save_settings()
        self.online.shutdown()
        self.tasks.wait()
        self.queries.close()
        super().closeEvent(event)


_ACTION_LABELS = {
    "pdfs": "Downloading PDFs of {}",
    "metadata": "Fetching details of {}",
    "titles": "Finding {} on arXiv",
}


def _request(action: str, what: str, **scope: object) -> FetchRequest:
    """The job for an online ``action`` on ``what`` (a phrase for the status bar)."""
    return FetchRequest(
        label=_ACTION_LABELS[action].format(what),
        pdfs=action == "pdfs",
        metadata=action == "metadata",
        resolve_titles=action == "titles",
        **scope,  # type: ignore[arg-type]
    )


def _has_pdf_source(detail: PaperDetail) -> bool:
    """Whether a download could find this paper's PDF: an arXiv id or a PDF link."""
    return bool(detail.arxiv_id) or any(link.kind is LinkKind.PDF for link in detail.links)


def _file_stem(title: str) -> str:
    """A file name suggestion from a title: letters, digits and dashes only."""
    words = "".join(c if c.isalnum() else " " for c in title.casefold()).split()
    return "-".join(words)[:60] or "export"


def _local_paths(data: QMimeData) -> list[Path]:
    """The local files and folders in a drag; anything else (web links, text) is not ours."""
    if not data.hasUrls():
        return []
    urls = data.urls()
    if not all(url.isLocalFile() for url in urls):
        return []
    return [Path(url.toLocalFile()) for url in urls]
