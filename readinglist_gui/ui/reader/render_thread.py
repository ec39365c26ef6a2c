"""The one thread that touches a PDF: it opens it, renders pages, reads text and searches.

PyMuPDF is not thread-safe, so rather than guarding a shared document with a
lock (which would stall the GUI behind a slow render) the document lives
entirely on this thread and the GUI only ever sees plain results. The GUI does
not queue render requests; it *replaces* the list of pages it wants, so pages
that scrolled out of view while waiting are never rendered at all.

Opening is on the reader's clock. A long document is shown before every page
has been measured (measuring means loading each page: 50 ms for 1,500 pages):
the pages not yet measured are taken to be the size of the first, and the
true sizes follow once the first pages are drawn. The first page of a newly
opened document is drawn in one piece rather than in bands: the reader is
waiting for exactly that page, and banding an image-heavy page decodes its
images once per band (twice the time for a scanned page).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

from readinglist_gui.core.pdf import (
    OutlineItem,
    PdfDocument,
    PdfError,
    PdfPasswordRequired,
    Rect,
    open_pdf,
)
from readinglist_gui.core.pdf_annotations import document_highlights, hide_marks

MEASURED_AT_OPEN = 40
"""Pages measured before a document shows; the rest are measured after its first pages."""
MEASURED_PER_STEP = 100
"""Pages measured between two renders, so scrolling never waits long behind measuring."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    page_count: int
    page_sizes: list[tuple[float, float]]
    outline: list[OutlineItem]
    repaired: bool
    measured: bool = True
    """False while some page sizes are guesses (``RenderThread.page_sizes_measured`` follows)."""


@dataclass(slots=True)
class _Work:
    open_path: Path | None = None
    password: str | None = None
    wanted: list[tuple[int, float]] = field(default_factory=list)
    links_wanted: list[int] = field(default_factory=list)
    words_wanted: list[int] = field(default_factory=list)
    search_terms: tuple[str, ...] = ()
    search_generation: int = 0
    search_pages: list[int] = field(default_factory=list)
    measure_from: int | None = None
    marks_wanted: bool = False
    first_page: int = 0
    read_marks: bool = False
    stopping: bool = False


def _yield_gil() -> None:
    """Let the GUI thread run: PyMuPDF keeps the GIL for as long as each call lasts."""
    time.sleep(0)


class RenderThread(QThread):
    """Owns one :class:`PdfDocument`; every signal is delivered queued on the GUI thread."""

    opened = Signal(object)  # DocumentInfo
    failed = Signal(str, bool)  # message, whether a password would help
    rendered = Signal(int, float, QImage)  # page, requested scale, image
    page_links = Signal(int, object)  # page, list[PageLink]
    page_words = Signal(int, object)  # page, list[Word]
    search_hits = Signal(int, int, object)  # generation, page, list of rects
    search_finished = Signal(int)  # generation
    page_sizes_measured = Signal(object)  # every page's size, once guessed ones were wrong
    file_marks = Signal(object)  # list[HighlightRecord]: the file's own marks and notes

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._condition = threading.Condition()
        self._work = _Work()
        self._document: PdfDocument | None = None
        self._unreceived: set[tuple[int, float]] = set()
        self._sizes: list[tuple[float, float]] = []
        self._fresh = False
        self._unmeasured = False
        self._unread_marks = False
        self._hidden: set[int] = set()
        """Pages whose own marks are hidden from rendering (the reader draws highlights)."""

    def open_document(
        self,
        path: Path,
        password: str | None = None,
        first_page: int = 0,
        read_marks: bool = False,
    ) -> None:
        """Open ``path``; ``first_page`` is the page the view will show first. With
        ``read_marks`` the file's own marks are read (``file_marks``) once it shows."""
        with self._condition:
            self._work.open_path = Path(path)
            self._work.password = password
            self._work.first_page = first_page
            self._work.read_marks = read_marks
            self._work.measure_from = None
            self._work.marks_wanted = False
            self._work.wanted = []
            self._work.links_wanted = []
            self._work.words_wanted = []
            self._unreceived.clear()
            self._work.search_pages = []
            self._condition.notify()

    def want(self, renders: list[tuple[int, float]], links: list[int]) -> None:
        """Replace what should be rendered next, most important first; older wishes are dropped."""
        with self._condition:
            self._work.wanted = [key for key in renders if key not in self._unreceived]
            self._work.links_wanted = list(links)
            self._condition.notify()

    def received(self, page: int, scale: float) -> None:
        """The GUI has a rendering; until it says so, asking again would render it twice."""
        with self._condition:
            self._unreceived.discard((page, scale))

    def want_words(self, page: int) -> None:
        """Words of ``page``, before anything else: the reader is pressing the mouse on it.

        Words are only read on demand because a page's words are thousands of
        small objects, and making them for every page scrolled past would keep
        Python's garbage collector (and with it the GIL) busy.
        """
        with self._condition:
            if page not in self._work.words_wanted:
                self._work.words_wanted.append(page)
            self._condition.notify()

    def search(self, terms: Sequence[str], generation: int, pages: list[int]) -> None:
        """Search ``pages`` in that order for each of ``terms`` (a find bar's text, or the
        words of a full-text search); a newer search cancels this one between pages."""
        wanted = tuple(term for term in terms if term.strip())
        with self._condition:
            self._work.search_terms = wanted
            self._work.search_generation = generation
            self._work.search_pages = list(pages) if wanted else []
            self._condition.notify()
        if not wanted:
            self.search_finished.emit(generation)

    def request_stop(self) -> None:
        """Ask the thread to finish after its current page, without waiting for it."""
        with self._condition:
            self._work.stopping = True
            self._condition.notify()

    def stop(self) -> None:
        self.request_stop()
        self.wait()

    def run(self) -> None:
        try:
            while self._step():
                pass
        finally:
            if self._document is not None:
                self._document.close()
                self._document = None

    def _step(self) -> bool:
        """Take the most urgent piece of work and do it outside the lock; False means stop."""
        with self._condition:
            work = self._work
            while not (
                work.stopping
                or work.open_path
                or (
                    self._document
                    and (
                        work.wanted
                        or work.measure_from is not None
                        or work.marks_wanted
                        or work.links_wanted
                        or work.words_wanted
                        or work.search_pages
                    )
                )
            ):
                self._condition.wait()
            if work.stopping:
                return False
            if work.open_path is not None:
                path, password = work.open_path, work.password
                work.open_path = work.password = None
                task = partial(self._open, path, password, work.first_page, work.read_marks)
            elif work.words_wanted:
                task = partial(self._read_words, work.words_wanted.pop(0))
            elif work.wanted:
                key = work.wanted.pop(0)
                self._unreceived.add(key)
                task = partial(self._render, *key)
            elif work.measure_from is not None:
                start, work.measure_from = work.measure_from, None
                task = partial(self._measure, start)
            elif work.marks_wanted:
                work.marks_wanted = False
                task = partial(self._read_marks)
            elif work.links_wanted:
                task = partial(self._read_links, work.links_wanted.pop(0))
            else:
                page = work.search_pages.pop(0)
                last = not work.search_pages
                task = partial(self._search, page, work.search_terms, work.search_generation, last)
        task()
        return True

    def _open(self, path: Path, password: str | None, first_page: int, read_marks: bool) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None
        try:
            document = open_pdf(path, password)
            count = document.page_count
            if count <= MEASURED_AT_OPEN:
                sizes = document.page_sizes(_yield_gil)
            else:
                sizes = [document.page_size(number) for number in range(MEASURED_AT_OPEN)]
                sizes += [sizes[0]] * (count - MEASURED_AT_OPEN)
                shown = min(max(first_page, 0), count - 1)
                sizes[shown] = document.page_size(shown)
            # The view gets its own list: this thread goes on filling in ``sizes``.
            info = DocumentInfo(
                count, list(sizes), document.outline(), document.repaired, count <= MEASURED_AT_OPEN
            )
        except PdfPasswordRequired as error:
            self.failed.emit(str(error), True)
            return
        except PdfError as error:
            self.failed.emit(str(error), False)
            return
        self._document = document
        self._sizes = sizes
        self._fresh = True
        self._unmeasured = not info.measured
        self._unread_marks = read_marks
        self._hidden.clear()
        self.opened.emit(info)

    def _measure(self, start: int) -> None:
        """Measure the next pages of a long document; say so once every page is measured."""
        assert self._document is not None
        end = min(start + MEASURED_PER_STEP, self._document.page_count)
        for number in range(start, end):
            if number % 25 == 24:
                _yield_gil()
            self._sizes[number] = self._document.page_size(number)
        if end < self._document.page_count:
            with self._condition:
                if self._work.open_path is None:
                    self._work.measure_from = end
            return
        self.page_sizes_measured.emit(list(self._sizes))

    def _render(self, page: int, scale: float) -> None:
        assert self._document is not None
        whole, self._fresh = self._fresh, False
        if page not in self._hidden:
            self._hidden.add(page)
            hide_marks(self._document, page)
        try:
            raster = self._document.render(page, scale, pause=None if whole else _yield_gil)
        except (PdfError, RuntimeError, ValueError):
            image = QImage()
        else:
            image = QImage(
                raster.samples,
                raster.width,
                raster.height,
                raster.stride,
                QImage.Format.Format_RGB888,
            ).convertToFormat(QImage.Format.Format_RGB32)
            # Converted here, once, because RGB32 blits straight onto the screen while
            # RGB888 would be converted again on the GUI thread at every paint.
        self.rendered.emit(page, scale, image)
        if whole and (self._unmeasured or self._unread_marks):
            # The reader has the page it waited for: now measure the rest, read the marks.
            with self._condition:
                if self._work.open_path is None:
                    if self._unmeasured:
                        self._work.measure_from = MEASURED_AT_OPEN
                    self._work.marks_wanted = self._unread_marks
            self._unmeasured = self._unread_marks = False

    def _read_marks(self) -> None:
        assert self._document is not None
        _yield_gil()
        self.file_marks.emit(document_highlights(self._document))

    def _read_links(self, page: int) -> None:
        assert self._document is not None
        try:
            links = self._document.links(page)
        except (RuntimeError, ValueError):
            links = []
        self.page_links.emit(page, links)

    def _read_words(self, page: int) -> None:
        assert self._document is not None
        try:
            words = self._document.words(page)
        except (RuntimeError, ValueError):
            words = []
        self.page_words.emit(page, words)

    def _search(self, page: int, terms: tuple[str, ...], generation: int, last: bool) -> None:
        assert self._document is not None
        _yield_gil()
        hits: list[Rect] = []
        for term in terms:
            try:
                hits.extend(self._document.search(page, term))
            except (RuntimeError, ValueError):
                continue
        if hits:
            self.search_hits.emit(generation, page, hits)
        if last:
            self.search_finished.emit(generation)
