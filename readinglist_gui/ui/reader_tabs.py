"""The window's tabs: the library first and always, then one reader per open paper.

Readers write the note, the reading position and the status themselves;
``readingProgressed`` tells the window (a quarter of a second after the last
of a burst) so the table and counts catch up. A reader without a PDF can ask
for one (``downloadRequested``); it opens the PDF once a job brought it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabBar, QTabWidget, QToolButton, QWidget

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import LinkKind
from readinglist_gui.core.results import PaperDetail
from readinglist_gui.core.writes import Aspect, ChangeSet
from readinglist_gui.ui.icons import icon, set_themed_icon
from readinglist_gui.ui.plain_text import plain_tooltip
from readinglist_gui.ui.view_state import ViewState

# The reader is imported where the first paper opens: it pulls in PyMuPDF,
# which the start-up path never needs.
if TYPE_CHECKING:
    from readinglist_gui.ui.reader import ReaderTab

TITLE_CHARS = 28
"""A tab's title is cut to this; its tooltip has the whole title."""
PROGRESS_DELAY_MS = 250


class ReaderTabs(QTabWidget):
    readingProgressed = Signal()
    """Readers wrote a status, a note or a reading position (a burst arrives as one)."""
    downloadRequested = Signal(int)
    """The reader of this paper asks for its PDF to be downloaded."""

    def __init__(
        self,
        library: Library,
        settings: QSettings,
        view: ViewState,
        library_page: QWidget,
        window: QWidget,
    ) -> None:
        """``library_page`` is the first tab; ``window`` parents the actions."""
        super().__init__()
        self.setObjectName("tabs")
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setTabBarAutoHide(True)
        self._library = library
        self._settings = settings
        self._view = view
        self._readers: dict[int, ReaderTab] = {}
        self._read_only = False
        self._without_pdf: set[int] = set()
        self.addTab(library_page, icon("library"), "Library")
        for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
            self.tabBar().setTabButton(0, side, None)
        self.tabCloseRequested.connect(self.close_tab)
        self._progress_timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(self.readingProgressed)

        self.open_action = QAction("&Open Paper", window)
        set_themed_icon(self.open_action, "open")
        self.open_action.triggered.connect(self.open_current)
        self.close_tab_action = QAction("&Close Tab", window)
        self.close_tab_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        self.close_tab_action.triggered.connect(lambda: self.close_tab(self.currentIndex()))

    def open_paper(self, paper_id: int) -> None:
        """Open the paper in a reader tab (or switch to its tab if it is open)."""
        existing = self._readers.get(paper_id)
        if existing is not None:
            self.setCurrentWidget(existing)
            return
        detail = self._library.paper(paper_id)
        if detail is None:
            return
        from readinglist_gui.ui.reader import ReaderTab

        reader = ReaderTab(self._library, paper_id, settings=self._settings)
        reader.progress_changed.connect(lambda _paper_id: self._progress_timer.start())
        reader.download_requested.connect(self._download_requested)
        if detail.pdf_path is None or not detail.pdf_path.exists():
            self._without_pdf.add(paper_id)
            reader.set_download_available(_has_pdf_source(detail))
        reader.editor.setReadOnly(self._read_only)
        self._readers[paper_id] = reader
        title = detail.title or "(untitled)"
        cut = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
        index = self.addTab(reader, cut)
        self.setTabToolTip(index, plain_tooltip(title))
        self.tabBar().setTabButton(
            index, QTabBar.ButtonPosition.RightSide, self._close_button(reader)
        )
        self.setCurrentIndex(index)

    def set_read_only(self) -> None:
        """Notes in reader tabs, open now or later, can be read but not typed into."""
        self._read_only = True
        for reader in self._readers.values():
            reader.editor.setReadOnly(True)

    def open_current(self) -> None:
        paper_id = self._view.current_id()
        if paper_id is not None:
            self.open_paper(paper_id)

    def selection_changed(self, selected: int) -> None:
        self.open_action.setEnabled(selected == 1)

    def show_library(self) -> None:
        self.setCurrentIndex(0)

    def close_tab(self, index: int) -> None:
        """Close a reader (saving it); the library tab stays."""
        if index <= 0:
            return
        widget = self.widget(index)
        self.removeTab(index)
        for paper_id, reader in list(self._readers.items()):
            if reader is widget:
                del self._readers[paper_id]
                self._without_pdf.discard(paper_id)
        if widget is not None:
            widget.close()
            widget.deleteLater()

    def close_readers(self) -> None:
        """Save and close every reader (the window is closing)."""
        for reader in self._readers.values():
            reader.close()

    def apply(self, changes: ChangeSet) -> None:
        """A deleted paper's tab closes; a reader waiting for its PDF opens one that came."""
        for paper_id in [p for p in self._readers if p in changes.removed]:
            self.close_tab(self.indexOf(self._readers[paper_id]))
        if changes.everything or self._without_pdf & changes.ids(Aspect.FILE):
            self.reload_waiting()

    def reload_waiting(self) -> None:
        """Readers that were waiting for a PDF open it now if a job brought it down."""
        for paper_id in list(self._without_pdf):
            reader = self._readers.get(paper_id)
            if reader is None:
                self._without_pdf.discard(paper_id)
                continue
            if self._library.pdf_path(paper_id) is not None:
                self._without_pdf.discard(paper_id)
                reader.reload_pdf()
            else:
                reader.set_download_available(True)

    def retint(self) -> None:
        self.setTabIcon(0, icon("library"))

    def _download_requested(self, paper_id: int) -> None:
        reader = self._readers.get(paper_id)
        if reader is not None:
            reader.set_download_available(False)
        self.downloadRequested.emit(paper_id)

    def _close_button(self, tab: QWidget) -> QToolButton:
        """A quiet close button in the palette's ink: styles without an icon theme
        (Fusion on a bare X server) otherwise draw a red box on every reader tab."""
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.setFixedSize(18, 18)
        button.setIconSize(QSize(14, 14))
        set_themed_icon(button, "close")
        button.setToolTip("Close (Ctrl+W)")
        button.setAccessibleName("Close this paper")
        button.clicked.connect(lambda: self.close_tab(self.indexOf(tab)))
        return button


def _has_pdf_source(detail: PaperDetail) -> bool:
    """Whether a download could find this paper's PDF: an arXiv id or a PDF link."""
    return bool(detail.arxiv_id) or any(link.kind is LinkKind.PDF for link in detail.links)
