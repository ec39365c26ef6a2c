"""One open paper: the PDF (or a way to get one) beside its notes.

The tab is self-contained so the main window only has to construct it and
close it. It talks to the library for the three things that must outlive it —
the note, the reading position and the PDF file — and keeps view-only state
(zoom, splitter sizes, dark mode) in QSettings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from readinglist_gui.core.pdf import PdfError, attach_pdf
from readinglist_gui.core.records import Status
from readinglist_gui.ui.reader.notes_editor import NotesPane
from readinglist_gui.ui.reader.pdf_pane import PdfPane
from readinglist_gui.ui.reader.pdf_view import FIT_PAGE, FIT_WIDTH
from readinglist_gui.ui.reader.render_thread import DocumentInfo

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library

SPLITTER_KEY = "reader/splitter"
DARK_KEY = "reader/dark"
SEEN_AFTER_MS = 1000
"""How long a page must stay in view to count as read, so flicking past does not."""
RECORD_DELAY_MS = 500

_WEB_SCHEMES = ("http", "https")


def _view_key(paper_id: int) -> str:
    return f"reader/papers/{paper_id}/zoom"


class MissingPdfPanel(QWidget):
    """What a paper without a local PDF shows: ways to get one, calmly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("missingPdf")
        title = QLabel("<h3>No PDF for this paper yet</h3>", self)
        hint = QLabel("Attach a file, drop a PDF here, or fetch it from arXiv.", self)
        self.download_button = QPushButton("Download from arXiv", self)
        self.download_button.setObjectName("downloadPdfButton")
        self.download_button.setEnabled(False)
        self.attach_button = QPushButton("Attach a PDF…", self)
        self.attach_button.setObjectName("attachPdfButton")
        self.link_button = QPushButton("Open link", self)
        self.link_button.setObjectName("openLinkButton")
        self.message = QLabel(self)
        self.message.setObjectName("missingPdfMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.download_button, self.attach_button, self.link_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (title, hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(2)


class ReaderTab(QWidget):
    """The reader for one paper; closing it (or hiding it) saves everything."""

    download_requested = Signal(int)  # paper id: the arXiv downloader answers this
    progress_changed = Signal(int)  # paper id: status, note or reading position changed

    def __init__(
        self,
        library: Library,
        paper_id: int,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("readerTab")
        self.setAcceptDrops(True)
        self.library = library
        self.paper_id = paper_id
        self._settings = settings if settings is not None else QSettings()
        detail = library.paper(paper_id)
        if detail is None:
            raise KeyError(f"no paper with id {paper_id}")
        self._detail = detail
        self._seen: set[int] = set()
        self._pdf_failed = False
        self._closed = False
        self.status: Status = detail.status

        self.pdf = PdfPane(self)
        self.view = self.pdf.view
        self.missing = MissingPdfPanel(self)
        self.pdf_stack = QStackedWidget(self)
        self.pdf_stack.addWidget(self.pdf)
        self.pdf_stack.addWidget(self.missing)
        self.notes = NotesPane(self)
        self.editor = self.notes.editor
        self.editor.set_note(detail.note)
        self.save_error = QLabel(self)
        self.save_error.setObjectName("noteSaveError")
        self.save_error.setWordWrap(True)
        self.save_error.hide()
        notes_side = QWidget(self)
        notes_layout = QVBoxLayout(notes_side)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(self.save_error)
        notes_layout.addWidget(self.notes, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("readerSplitter")
        self.splitter.addWidget(self.pdf_stack)
        self.splitter.addWidget(notes_side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = self._settings.value(SPLITTER_KEY)
        if not (isinstance(state, QByteArray) and self.splitter.restoreState(state)):
            self.splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._seen_timer = self._single_shot(SEEN_AFTER_MS, self._mark_seen)
        self._record_timer = self._single_shot(RECORD_DELAY_MS, self._record_reading)
        self._wire()
        self.pdf.dark_action.setChecked(self._settings.value(DARK_KEY, False, type=bool))
        self._load_pdf()

    def _single_shot(self, msec: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msec)
        timer.timeout.connect(slot)
        return timer

    def _wire(self) -> None:
        self.editor.save_requested.connect(self._save_note)
        self.notes.preview.page_link_activated.connect(self.view.go_to_page)
        self.view.current_page_changed.connect(self._page_changed)
        self.view.document_opened.connect(self._opened)
        self.view.document_failed.connect(self._failed)
        self.pdf.dark_action.toggled.connect(lambda on: self._settings.setValue(DARK_KEY, on))
        self.missing.attach_button.clicked.connect(self._choose_pdf)
        self.missing.download_button.clicked.connect(
            lambda: self.download_requested.emit(self.paper_id)
        )
        self.missing.link_button.clicked.connect(self.open_link)
        self.missing.link_button.setEnabled(self._web_link() is not None)
        page_link = QShortcut(QKeySequence("Ctrl+Shift+P"), self)
        page_link.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        page_link.activated.connect(self.insert_page_link)

    # ---------------------------------------------------------------- the PDF

    def _load_pdf(self) -> None:
        path = self._detail.pdf_path
        if path is None or not path.exists():
            self.pdf_stack.setCurrentWidget(self.missing)
            return
        self.pdf_stack.setCurrentWidget(self.pdf)
        self._pdf_failed = False
        self._restore_view()
        self.pdf.open(path)

    def _restore_view(self) -> None:
        saved = self._settings.value(_view_key(self.paper_id))
        if saved == FIT_WIDTH:
            self.view.fit_width()
        elif saved == FIT_PAGE:
            self.view.fit_page()
        else:
            try:
                self.view.set_zoom(float(saved))
            except (TypeError, ValueError):
                self.view.fit_width()
        if self._detail.last_page:
            self.view.go_to_page(self._detail.last_page)

    def reload_pdf(self) -> None:
        """Look again for the PDF, e.g. after the arXiv downloader has stored one."""
        detail = self.library.paper(self.paper_id)
        if detail is not None:
            self._detail = detail
            self._load_pdf()

    def set_download_available(self, available: bool) -> None:
        self.missing.download_button.setEnabled(available)

    def attach(self, source: Path) -> bool:
        """Check ``source`` and copy it into the library as this paper's PDF."""
        try:
            target = attach_pdf(self.library.pdf_dir, Path(source), str(self.paper_id))
        except (PdfError, OSError) as error:
            message = str(error) if isinstance(error, PdfError) else error.strerror or str(error)
            self.missing.message.setText(f"Could not attach {Path(source).name}: {message}")
            if self.pdf_stack.currentWidget() is self.pdf:
                self.pdf.notice.setText(self.missing.message.text())
                self.pdf.notice.show()
            return False
        self.library.set_pdf(self.paper_id, target.relative_to(self.library.folder).as_posix())
        self.missing.message.clear()
        self.reload_pdf()
        self.progress_changed.emit(self.paper_id)
        return True

    def _choose_pdf(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Attach a PDF", "", "PDF files (*.pdf)")
        if name:
            self.attach(Path(name))

    def _web_link(self) -> QUrl | None:
        """The paper's first web link, or its arXiv abstract page when it has none."""
        for link in self._detail.links:
            url = QUrl(link.url)
            if url.scheme().lower() in _WEB_SCHEMES and url.host():
                return url
        if self._detail.arxiv_id:
            return QUrl(f"https://arxiv.org/abs/{self._detail.arxiv_id}")
        return None

    def open_link(self) -> None:
        url = self._web_link()
        if url is not None:
            QDesktopServices.openUrl(url)

    def _accepts_drops(self) -> bool:
        return self.pdf_stack.currentWidget() is self.missing or self._pdf_failed

    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if self._accepts_drops() and len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if self._accepts_drops() and len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.attach(Path(urls[0].toLocalFile()))

    def _opened(self, info: DocumentInfo) -> None:
        self._pdf_failed = False
        self._page_changed(self.view.current_page)

    def _failed(self, message: str, needs_password: bool) -> None:
        self._pdf_failed = not needs_password

    # ----------------------------------------------------------- progress

    def _page_changed(self, page: int) -> None:
        self._seen_timer.start()
        self._record_timer.start()

    def _mark_seen(self) -> None:
        if self.view.page_count:
            self._seen.add(self.view.current_page)
            self._record_timer.start()

    @property
    def pages_seen(self) -> int:
        return max(self._detail.pages_seen, len(self._seen))

    def _record_reading(self) -> None:
        self._record_timer.stop()
        if not self.view.page_count:
            return
        try:
            status = self.library.record_reading(
                self.paper_id, self.view.current_page, self.view.page_count, self.pages_seen
            )
        except SQLAlchemyError:
            return  # the position is a convenience; the next page turn tries again
        self._status(status)

    def _status(self, status: Status) -> None:
        self.status = status
        self.progress_changed.emit(self.paper_id)

    # --------------------------------------------------------------- notes

    def _save_note(self, markdown: str) -> None:
        try:
            status = self.library.set_note(self.paper_id, markdown)
        except SQLAlchemyError as error:
            self.save_error.setText(
                f"The note could not be saved yet ({error.__class__.__name__})."
            )
            self.save_error.show()
            self.editor.mark_unsaved()
            return
        self.save_error.hide()
        self._status(status)

    def insert_page_link(self) -> None:
        if self.view.page_count:
            self.notes.show_editor()
            self.editor.insert_page_link(self.view.current_page + 1)

    # ---------------------------------------------------------- lifecycle

    def save_now(self) -> None:
        """Write the note, the reading position and the view settings right away."""
        self.editor.flush()
        if self._record_timer.isActive():
            self._record_reading()
        self._settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        if self.view.page_count:
            fit = self.view.fit_mode
            self._settings.setValue(_view_key(self.paper_id), fit or self.view.zoom)

    def event(self, event) -> bool:
        # The main window owns Ctrl+F for its search box; inside a reader it finds in the PDF.
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(
            QKeySequence.StandardKey.Find
        ):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and event.matches(QKeySequence.StandardKey.Find):
            if self.pdf_stack.currentWidget() is self.pdf:
                self.pdf.find_bar.open_bar()
            return True
        return super().event(event)

    def hideEvent(self, event) -> None:
        self.save_now()
        super().hideEvent(event)

    def closeEvent(self, event) -> None:
        if not self._closed:
            self._closed = True
            self.save_now()
            self.view.shutdown()
        super().closeEvent(event)
