"""One open paper: the PDF (or a way to get one) beside its notes and highlights.

The tab is self-contained so the window only has to construct it, ``load`` a
paper into it and close it. What must outlive it — the note, the reading
position, the zoom, highlights, time spent reading, the PDF file — goes to the
library, always submitted and never waited for (``PaperWrites``,
``HighlightActions``); only the splitter and the dark mode, which belong to the
person rather than the paper, stay in QSettings.

A tab can be built before anyone knows which paper it will show (the window
keeps one ready while idle, see ``ReaderTabs``): everything about a paper
arrives in ``load``, from one read of the library (``read_opening``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from readinglist_gui.core import highlights
from readinglist_gui.core.reader_state import ReaderOpening, read_opening
from readinglist_gui.core.records import HighlightRecord, Status
from readinglist_gui.core.writes import Aspect, ChangeSet
from readinglist_gui.core.writes.highlight_edits import TakeInFileMarks
from readinglist_gui.ui.background import TaskRunner
from readinglist_gui.ui.reader.highlight_actions import HighlightActions
from readinglist_gui.ui.reader.missing_pdf import MissingPdfPanel
from readinglist_gui.ui.reader.notes_editor import NotesPane
from readinglist_gui.ui.reader.paper_writes import PaperWrites
from readinglist_gui.ui.reader.pdf_pane import PdfPane
from readinglist_gui.ui.reader.pdf_view import FIT_PAGE, FIT_WIDTH
from readinglist_gui.ui.reader.reading_clock import ReadingClock
from readinglist_gui.ui.reader.render_thread import DocumentInfo
from readinglist_gui.ui.reader.write_relay import listen_on_gui_thread

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library

__all__ = ["MissingPdfPanel", "ReaderTab"]

SPLITTER_KEY = "reader/splitter"
DARK_KEY = "reader/dark"
SEEN_AFTER_MS = 1000
"""How long a page must stay in view to count as read, so flicking past does not."""
RECORD_DELAY_MS = 500

_WEB_SCHEMES = ("http", "https")


def zoom_text(fit: str | None, zoom: float) -> str:
    """How the library keeps a view's zoom: a fit mode by name, or the factor."""
    return fit or f"{zoom:.3f}".rstrip("0").rstrip(".")


class ReaderTab(QWidget):
    """The reader for one paper; closing it (or hiding it) saves everything."""

    download_requested = Signal(int)  # paper id: the arXiv downloader answers this
    progress_changed = Signal(int)  # paper id: status, note or reading position changed

    def __init__(
        self,
        library: Library,
        paper_id: int | None = None,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        origin: object = None,
    ) -> None:
        """Without ``paper_id`` the tab waits for ``load``; ``origin`` marks its writes."""
        super().__init__(parent)
        self.setObjectName("readerTab")
        self.setAcceptDrops(True)
        self.library = library
        self.paper_id = 0
        self._settings = settings if settings is not None else QSettings()
        self._origin = origin if origin is not None else self
        self._opening: ReaderOpening | None = None
        self._seen: set[int] = set()
        self._pdf_failed = False
        self._closed = False
        self._stop_listening: Callable[[], None] | None = None
        self.status = Status.UNREAD

        self.pdf = PdfPane(self)
        self.view = self.pdf.view
        self.missing = MissingPdfPanel(self)
        self.pdf_stack = QStackedWidget(self)
        self.pdf_stack.addWidget(self.pdf)
        self.pdf_stack.addWidget(self.missing)
        self.notes = NotesPane(self)
        self.editor = self.notes.editor
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

        self.writes = PaperWrites(library, self._origin, self)
        self.highlighting = HighlightActions(library, self.view, self.notes, self._origin, self)
        self.clock = ReadingClock(self)
        self.clock.watch(
            self.view.viewport(), self.view, self.editor, self.notes.highlights.list, self.notes
        )
        self._attaching = TaskRunner(parent=self)
        self._seen_timer = self._single_shot(SEEN_AFTER_MS, self._mark_seen)
        self._record_timer = self._single_shot(RECORD_DELAY_MS, self._record_reading)
        self._wire()
        self.pdf.dark_action.setChecked(bool(self._settings.value(DARK_KEY, False, type=bool)))
        if paper_id is not None:
            opening = read_opening(library, paper_id)
            if opening is None:
                raise KeyError(f"no paper with id {paper_id}")
            self.load(opening)

    def _single_shot(self, msec: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msec)
        timer.timeout.connect(slot)
        return timer

    def _wire(self) -> None:
        self.editor.save_requested.connect(self.writes.save_note)
        self.writes.status_changed.connect(self._status)
        self.writes.note_failed.connect(self._note_failed)
        self.writes.note_saved.connect(self.save_error.hide)
        self.clock.spent.connect(self.writes.add_reading_time)
        self.highlighting.saved.connect(self._show_notice)
        self.notes.preview.page_link_activated.connect(self.view.go_to_page)
        self.view.current_page_changed.connect(self._page_changed)
        self.view.document_opened.connect(self._opened)
        self.view.document_failed.connect(self._failed)
        self.view.file_marks.connect(self._take_in_marks)
        self.view.verticalScrollBar().valueChanged.connect(self.clock.sign_of_life)
        self.pdf.dark_action.toggled.connect(lambda on: self._settings.setValue(DARK_KEY, on))
        self.missing.attach_button.clicked.connect(self._choose_pdf)
        self.missing.download_button.clicked.connect(
            lambda: self.download_requested.emit(self.paper_id)
        )
        self.missing.link_button.clicked.connect(self.open_link)
        page_link = QShortcut(QKeySequence("Ctrl+Shift+P"), self)
        page_link.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        page_link.activated.connect(self.insert_page_link)

    # -------------------------------------------------------------- the paper

    def load(self, opening: ReaderOpening) -> None:
        """Show this paper: its note, highlights and PDF, where the reader left it."""
        self._opening = opening
        self.paper_id = opening.paper_id
        self._seen = set()
        self.status = opening.status
        self.writes.start(opening.paper_id, opening.zoom)
        self.editor.set_note(opening.note)
        self.save_error.hide()
        self.highlighting.load(opening.paper_id, list(opening.highlights))
        self.missing.link_button.setEnabled(self._web_link() is not None)
        self._listen()
        self._load_pdf()

    def _listen(self) -> None:
        """Hear of changes to this paper's highlights, whoever made them (undo included)."""
        if self._stop_listening is not None:
            self._stop_listening()
        paper_id = self.paper_id

        def concerns(changes: ChangeSet) -> bool:
            return bool(changes.of(paper_id) & Aspect.HIGHLIGHTS)

        self._stop_listening = listen_on_gui_thread(
            self.library, self, concerns, self._highlights_changed
        )

    def _highlights_changed(self, _changes: ChangeSet) -> None:
        with self.library.engine.connect() as conn:
            marked = highlights.of_paper(conn, self.paper_id)
        self.highlighting.show(marked)

    # ---------------------------------------------------------------- the PDF

    def _load_pdf(self) -> None:
        opening = self._opening
        path = opening.pdf_path if opening is not None else None
        if opening is None or path is None or not path.exists():
            self.pdf_stack.setCurrentWidget(self.missing)
            return
        self.pdf_stack.setCurrentWidget(self.pdf)
        self._pdf_failed = False
        self._restore_view()
        self.pdf.open(path, read_marks=not opening.marks_read)

    def _restore_view(self) -> None:
        assert self._opening is not None
        saved = self._opening.zoom
        if saved == FIT_PAGE:
            self.view.fit_page()
        elif saved and saved != FIT_WIDTH:
            try:
                self.view.set_zoom(float(saved))
            except ValueError:
                self.view.fit_width()
        else:
            self.view.fit_width()
        if self._opening.last_page:
            self.view.go_to_page(self._opening.last_page)

    def show_found(self, page: int, terms: Sequence[str]) -> None:
        """Show ``page`` (zero-based) with ``terms`` marked on it, in the find bar too: a
        full-text search result being opened."""
        if terms:
            self.pdf.find_bar.show_terms(terms)
            self.view.find_terms(terms, page)
        else:
            self.view.go_to_page(page)

    def reload_pdf(self) -> None:
        """Look again for the PDF, e.g. after the arXiv downloader has stored one."""
        fresh = read_opening(self.library, self.paper_id)
        if fresh is not None and self._opening is not None:
            self._opening = replace(
                self._opening,
                pdf_path=fresh.pdf_path,
                pdf_relative=fresh.pdf_relative,
                marks_read=fresh.marks_read,
            )
            self._load_pdf()

    def set_download_available(self, available: bool) -> None:
        self.missing.download_button.setEnabled(available)

    def attach(self, source: Path) -> None:
        """Check ``source`` and copy it in as this paper's PDF, with the highlights in it.

        Copying and checking happen off the GUI thread; the PDF shows once it is
        in, or the reason it is not appears under the buttons.
        """
        from readinglist_gui.core.attachments import attach_file
        from readinglist_gui.core.pdf import PdfError

        library, paper_id, source = self.library, self.paper_id, Path(source)

        def work() -> str:
            try:
                attach_file(library, paper_id, source, str(paper_id))
            except PdfError as error:
                return f"Could not attach {source.name}: {error}"
            except OSError as error:
                return f"Could not attach {source.name}: {error.strerror or error}"
            return ""

        self._attaching.run(work, self._attached, self._attached)

    def _attached(self, problem: str) -> None:
        if problem:
            self.missing.message.setText(problem)
            if self.pdf_stack.currentWidget() is self.pdf:
                self._show_notice(problem)
            return
        self.missing.message.clear()
        self.reload_pdf()
        self.progress_changed.emit(self.paper_id)

    def _show_notice(self, text: str) -> None:
        self.pdf.notice.setText(text)
        self.pdf.notice.show()

    def _choose_pdf(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Attach a PDF", "", "PDF files (*.pdf)")
        if name:
            self.attach(Path(name))

    def _web_link(self) -> QUrl | None:
        """The paper's first web link, or its arXiv abstract page when it has none."""
        if self._opening is None:
            return None
        for link in self._opening.links:
            url = QUrl(link.url)
            if url.scheme().lower() in _WEB_SCHEMES and url.host():
                return url
        if self._opening.arxiv_id:
            return QUrl(f"https://arxiv.org/abs/{self._opening.arxiv_id}")
        return None

    def open_link(self) -> None:
        url = self._web_link()
        if url is not None:
            QDesktopServices.openUrl(url)

    def _accepts_drops(self) -> bool:
        return self.pdf_stack.currentWidget() is self.missing or self._pdf_failed

    def dragEnterEvent(self, event: Any) -> None:
        urls = event.mimeData().urls()
        if self._accepts_drops() and len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        urls = event.mimeData().urls()
        if self._accepts_drops() and len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.attach(Path(urls[0].toLocalFile()))

    def _opened(self, info: DocumentInfo) -> None:
        self._pdf_failed = False
        self._page_changed(self.view.current_page)

    def _failed(self, message: str, needs_password: bool) -> None:
        self._pdf_failed = not needs_password

    def _take_in_marks(self, marks: list[HighlightRecord]) -> None:
        """A PDF attached before highlights existed: its own marks become highlights, once."""
        opening = self._opening
        if opening is None or opening.pdf_relative is None or opening.marks_read:
            return
        self._opening = replace(opening, marks_read=True)
        item = (opening.paper_id, opening.pdf_relative, tuple(marks))
        with suppress(RuntimeError):
            self.library.submit(TakeInFileMarks((item,)), origin=self._origin)

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
        before = self._opening.pages_seen if self._opening is not None else 0
        return max(before, len(self._seen))

    def _record_reading(self) -> None:
        self._record_timer.stop()
        if self.view.page_count:
            self.writes.record_reading(
                self.view.current_page, self.view.page_count, self.pages_seen
            )

    def _status(self, status: Status) -> None:
        self.status = status
        self.progress_changed.emit(self.paper_id)

    # --------------------------------------------------------------- notes

    def _note_failed(self, message: str) -> None:
        self.save_error.setText(message)
        self.save_error.show()
        self.editor.mark_unsaved()

    def insert_page_link(self) -> None:
        if self.view.page_count:
            self.notes.show_editor()
            self.editor.insert_page_link(self.view.current_page + 1)

    # ---------------------------------------------------------- lifecycle

    def save_now(self) -> None:
        """Hand the note, the reading position, the zoom and reading time to the library now.

        Submitted, never waited for: hiding a tab (switching to another) must not
        wait for the library however busy it is.
        """
        if self._opening is None:
            return
        self.editor.flush()
        if self._record_timer.isActive():
            self._record_reading()
        self._settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        if self.view.page_count:
            self.writes.remember_zoom(zoom_text(self.view.fit_mode, self.view.zoom))
        self.clock.flush()

    def event(self, event: QEvent) -> bool:
        # The main window owns Ctrl+F for its search box; inside a reader it finds in the PDF.
        # Ctrl+Z and its redo undo highlight edits here unless a text box takes them first.
        if event.type() == QEvent.Type.ShortcutOverride and _reader_key(event):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and _reader_key(event):
            if event.matches(QKeySequence.StandardKey.Find):  # type: ignore[attr-defined]
                if self.pdf_stack.currentWidget() is self.pdf:
                    self.pdf.find_bar.open_bar()
            elif event.matches(QKeySequence.StandardKey.Undo):  # type: ignore[attr-defined]
                self.highlighting.undo_stack.undo()
            else:
                self.highlighting.undo_stack.redo()
            return True
        return super().event(event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._opening is not None:
            self.clock.start()

    def hideEvent(self, event: Any) -> None:
        if not self._closed:
            self.save_now()
            self.clock.stop()
        super().hideEvent(event)

    def closeEvent(self, event: Any) -> None:
        if not self._closed:
            self.clock.stop()
            self.save_now()
            self._closed = True
            if self._stop_listening is not None:
                self._stop_listening()
                self._stop_listening = None
            self.view.shutdown()
        super().closeEvent(event)


def _reader_key(event: Any) -> bool:
    return any(
        event.matches(key)
        for key in (
            QKeySequence.StandardKey.Find,
            QKeySequence.StandardKey.Undo,
            QKeySequence.StandardKey.Redo,
        )
    )
