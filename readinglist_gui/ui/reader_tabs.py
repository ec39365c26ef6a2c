"""The window's tabs: the library first and always, then one reader per open paper.

Opening a paper is on the user's clock, so what can be done before the
double-click is: once the window has been quiet for a moment (no query
answered for ``WARM_AFTER_MS``), or a single paper is selected, the reader's
modules and PyMuPDF are imported on a worker thread, and a reader tab is built, hidden, at the size it will have. ``open_paper``
then reads the paper in one go (``read_opening``), loads it into that tab
and shows it; the next spare tab is built a moment after.

Readers write the note, the reading position and the status themselves,
submitted and never waited for; the window hears those writes as change sets,
like any other, so the table and counts catch up. A reader without a PDF can
ask for one (``downloadRequested``); it opens the PDF once a job brought it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabBar, QTabWidget, QToolButton, QWidget

from readinglist_gui.core.library import Library
from readinglist_gui.core.writes import Aspect, ChangeSet
from readinglist_gui.ui.background import TaskRunner
from readinglist_gui.ui.icons import icon, set_themed_icon
from readinglist_gui.ui.plain_text import plain_tooltip
from readinglist_gui.ui.view_state import ViewState

# The reader is imported in the background once the window is idle, or where the
# first paper opens: it pulls in PyMuPDF, which the start-up path never needs.
if TYPE_CHECKING:
    from readinglist_gui.ui.reader import ReaderTab

TITLE_CHARS = 28
"""A tab's title is cut to this; its tooltip has the whole title."""
WARM_AFTER_MS = 1500
"""How long the window must be quiet (no query answered) before the reader is made ready."""
SELECTED_WARM_MS = 300
"""After a single paper is selected, when the reader is made ready (a double-click may follow)."""
SPARE_AFTER_MS = 400
"""After a paper opens, when the next spare reader is built (its first page is in by then)."""
LEGACY_ZOOMS = "reader/papers"
"""Where older versions kept each paper's zoom, in the user's settings (see ``AdoptZooms``)."""


def _warm_reader(library: Library) -> None:
    """On a worker thread: load the reader's modules (and PyMuPDF, ~0.15 s), set MuPDF up,
    and compile the statements that open a paper."""
    import readinglist_gui.ui.reader.reader_tab  # noqa: F401
    from readinglist_gui.core import pdf
    from readinglist_gui.core.reader_state import warm_reads

    pdf.warm_up()
    warm_reads(library)


class ReaderTabs(QTabWidget):
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
        self._spare: tuple[ReaderTab, QToolButton] | None = None
        self._warming = False
        self._warmed_once = False
        self._closing = False
        self._painted_once = False
        self._legacy_zooms: dict[int, str] | None = None
        self._tasks = TaskRunner(parent=self)
        self.addTab(library_page, icon("library"), "Library")
        for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
            self.tabBar().setTabButton(0, side, None)
        self.tabCloseRequested.connect(self.close_tab)
        self._warm_timer = QTimer(self, singleShot=True, interval=WARM_AFTER_MS)
        self._warm_timer.timeout.connect(self.warm_up)
        self._spare_timer = QTimer(self, singleShot=True, interval=SPARE_AFTER_MS)
        self._spare_timer.timeout.connect(self.warm_up)

        self.open_action = QAction("&Open Paper", window)
        set_themed_icon(self.open_action, "open")
        self.open_action.triggered.connect(self.open_current)
        self.close_tab_action = QAction("&Close Tab", window)
        self.close_tab_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        self.close_tab_action.triggered.connect(lambda: self.close_tab(self.currentIndex()))

    # -------------------------------------------------------------- opening

    def open_paper(self, paper_id: int, page: int | None = None, find: Sequence[str] = ()) -> None:
        """Open the paper in a reader tab (or switch to its tab if it is open); with
        ``page`` (1-based) at that page, with the words ``find`` marked on it."""
        existing = self._readers.get(paper_id)
        if existing is not None:
            self.setCurrentWidget(existing)
            if page is not None:
                existing.show_found(page - 1, find)
            return
        # Loaded when warming the reader up, or here by a paper opened before (start-up time).
        from readinglist_gui.core.reader_state import read_opening

        opening = read_opening(self._library, paper_id)
        if opening is None:
            return
        legacy = self._legacy_zoom(paper_id)
        if opening.zoom is None and legacy is not None:
            opening = replace(opening, zoom=legacy)
        reader, button = self._spare or self._new_reader()
        self._spare = None
        reader.load(opening)
        if page is not None:
            reader.show_found(page - 1, find)
        if opening.pdf_path is None or not opening.pdf_path.exists():
            self._without_pdf.add(paper_id)
            reader.set_download_available(opening.has_pdf_source)
        reader.editor.setReadOnly(self._read_only)
        self._readers[paper_id] = reader
        title = opening.title or "(untitled)"
        cut = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
        index = self.addTab(reader, cut)
        self.setTabToolTip(index, plain_tooltip(title))
        self.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, button)
        button.show()
        self.setCurrentIndex(index)
        self._spare_timer.start()

    def open_page(self, page: QWidget, title: str, icon_name: str) -> None:
        """Show one of the window's own pages (Statistics) as a tab; closing it deletes it."""
        index = self.indexOf(page)
        if index < 0:
            index = self.addTab(page, icon(icon_name), title)
            self.tabBar().setTabButton(
                index, QTabBar.ButtonPosition.RightSide, self._close_button(page)
            )
        self.setCurrentIndex(index)

    def _new_reader(self) -> tuple[ReaderTab, QToolButton]:
        """A reader tab waiting for its paper, with the button that will close it."""
        from readinglist_gui.ui.reader import ReaderTab

        reader = ReaderTab(self._library, settings=self._settings, origin=self, parent=self)
        reader.hide()
        reader.download_requested.connect(self._download_requested)
        return reader, self._close_button(reader)

    # ------------------------------------------------------------- warming

    def warm_up(self) -> None:
        """Make the next open fast: import the reader off the GUI thread, then build a spare
        reader tab at the size it will show at. Does nothing if one is ready or on its way."""
        if self._spare is not None or self._warming or self._closing:
            return
        self._warming = True
        library = self._library
        self._tasks.run(lambda: _warm_reader(library), self._build_spare, self._build_spare)

    def _build_spare(self, _result: Any) -> None:
        self._warming = False
        if self._spare is not None or self._closing:
            return
        spare, button = self._new_reader()
        button.hide()
        page = self.widget(0)
        spare.resize(page.size() if page is not None else self.size())
        spare.ensurePolished()
        layout = spare.layout()
        if layout is not None:
            layout.activate()
        if not self._painted_once:
            # Painting the reader once (fonts, style, icons) is what a first tab would pay.
            self._painted_once = True
            spare.grab()
        self._spare = (spare, button)
        self._adopt_legacy_zooms()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._warmed_once:
            self._warmed_once = True
            self._warm_timer.start()

    def selection_changed(self, selected: int) -> None:
        """One paper selected: it may be opened next, so get ready soon."""
        self.open_action.setEnabled(selected == 1)
        if selected == 1 and self._spare is None and not self._warming and self._warmed_once:
            self._warm_timer.start(SELECTED_WARM_MS)

    def library_busy(self) -> None:
        """The library view answered a query (the user is typing or clicking): warming up
        now would compete with the next keystroke, so wait for a quiet moment."""
        if self._warm_timer.isActive():
            self._warm_timer.start(WARM_AFTER_MS)

    # ------------------------------------------------------- older zooms

    def _legacy_zoom(self, paper_id: int) -> str | None:
        if self._legacy_zooms is None:
            self._adopt_legacy_zooms()
        return (self._legacy_zooms or {}).get(paper_id)

    def _adopt_legacy_zooms(self) -> None:
        """Take zooms older versions kept in the settings into the library, once; the keys are
        dropped once the library has them (for every paper: ids repeat across libraries)."""
        if self._legacy_zooms is not None:
            return
        settings = self._settings
        settings.beginGroup(LEGACY_ZOOMS)
        found: dict[int, str] = {}
        for key in settings.childGroups():
            value = settings.value(f"{key}/zoom")
            if key.isdigit() and isinstance(value, str | float | int) and str(value):
                found[int(key)] = str(value)
        settings.endGroup()
        self._legacy_zooms = found
        if not found:
            settings.remove(LEGACY_ZOOMS)
            return
        from readinglist_gui.core.reader_state import AdoptZooms
        from readinglist_gui.ui.reader.write_relay import when_written

        try:
            future = self._library.submit(AdoptZooms.of(found))
        except RuntimeError:
            return
        when_written(future, self, lambda _done: settings.remove(LEGACY_ZOOMS))

    # ---------------------------------------------------------------- tabs

    def set_read_only(self) -> None:
        """Notes in reader tabs, open now or later, can be read but not typed into."""
        self._read_only = True
        for reader in self._readers.values():
            reader.editor.setReadOnly(True)

    def open_current(self) -> None:
        paper_id = self._view.current_id()
        if paper_id is not None:
            self.open_paper(paper_id)

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
        self._closing = True
        self._warm_timer.stop()
        self._spare_timer.stop()
        for reader in self._readers.values():
            reader.close()
        if self._spare is not None:
            self._spare[0].close()
            self._spare = None

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
