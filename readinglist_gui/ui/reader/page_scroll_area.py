"""Pages of an open PDF in one continuous scroll, drawn from a render thread.

The scroll area never calls PyMuPDF. It lays pages out from their sizes
(``PageLayout``), tells the render thread which pages are visible (plus one
either side) at which scale, and paints whatever the cache holds
(``page_painter``) — an older, blurrier rendering of a page stands in while
the crisp one is on its way, so zooming never flashes white. What a reader
does with the pages (find, links, selecting text, keys) is ``PdfView``'s.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from readinglist_gui.core.pdf import PageLink
from readinglist_gui.ui.reader.page_cache import DEFAULT_BUDGET, PageCache
from readinglist_gui.ui.reader.page_layout import (
    FIT_PAGE,
    FIT_WIDTH,
    MAX_ZOOM,
    MIN_ZOOM,
    PageLayout,
    point_on_page,
    zoom_step,
)
from readinglist_gui.ui.reader.page_painter import (
    PageMarks,
    paint_desk,
    paint_message,
    paint_page,
)
from readinglist_gui.ui.reader.render_thread import DocumentInfo, RenderThread

# Threads whose view is gone but which are still finishing their current page;
# holding them here keeps Python from destroying a running QThread.
_retiring: set[RenderThread] = set()


def _retire(thread: RenderThread) -> None:
    if not shiboken6.isValid(thread) or not thread.isRunning():
        return
    _retiring.add(thread)
    thread.finished.connect(lambda: _retiring.discard(thread))
    thread.request_stop()


class PageScrollArea(QAbstractScrollArea):
    """Continuous-scroll pages; emits ``page_rendered(page)`` when a crisp page is shown."""

    page_rendered = Signal(int)
    current_page_changed = Signal(int)  # zero-based
    zoom_changed = Signal(float)
    document_opened = Signal(object)  # DocumentInfo
    document_failed = Signal(str, bool)  # message, whether a password would help
    file_marks = Signal(object)  # list[HighlightRecord] read from the file, when asked for

    def __init__(self, parent: QWidget | None = None, cache_budget: int = DEFAULT_BUDGET) -> None:
        super().__init__(parent)
        # Always there, so the page area keeps its width when a document arrives: a scroll
        # bar appearing then would change the fitted zoom and waste the first rendering.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setSingleStep(40)

        self._thread = RenderThread()
        self._thread.opened.connect(self._on_opened)
        self._thread.failed.connect(self._on_failed)
        self._thread.rendered.connect(self._on_rendered)
        self._thread.page_links.connect(self._on_page_links)
        self._thread.page_sizes_measured.connect(self._on_sizes_measured)
        self._thread.file_marks.connect(self.file_marks)
        self._thread.start()
        thread = self._thread
        self.destroyed.connect(lambda: _retire(thread))

        self._cache = PageCache(cache_budget)
        self._info: DocumentInfo | None = None
        self._path: Path | None = None
        self._read_marks = False
        self._message = ""
        self._layout = PageLayout()
        self._fit: str | None = None
        self._dark = False
        self._pending_target: tuple[int, float] | None = None
        self._current = 0
        self._announced: set[tuple[int, float]] = set()
        self._links: dict[int, list[PageLink]] = {}
        """Each page's links, which arrive with its first rendering."""

        self._request_timer = QTimer(self)
        self._request_timer.setSingleShot(True)
        self._request_timer.timeout.connect(self._send_requests)

    # ----------------------------------------------------------------- document

    def open(self, path: Path, password: str | None = None, read_marks: bool = False) -> None:
        """Start opening ``path``; ``document_opened`` or ``document_failed`` follows, and
        with ``read_marks`` later ``file_marks`` with the file's own marks."""
        self._reset()
        self._path = Path(path)
        self._message = "Opening…"
        self.viewport().update()
        first = self._pending_target[0] if self._pending_target else 0
        self._read_marks = read_marks
        self._thread.open_document(self._path, password, first, read_marks)

    def unlock(self, password: str) -> None:
        if self._path is not None:
            self.open(self._path, password, self._read_marks)

    def shutdown(self) -> None:
        """Stop the render thread now; the view shows nothing afterwards."""
        self._thread.stop()

    @property
    def info(self) -> DocumentInfo | None:
        return self._info

    @property
    def page_count(self) -> int:
        return self._info.page_count if self._info else 0

    @property
    def message(self) -> str:
        return self._message

    @property
    def cache(self) -> PageCache:
        return self._cache

    def _reset(self) -> None:
        self._info = None
        self._cache.clear()
        self._announced.clear()
        self._links.clear()
        self._layout.set_pages([])
        self._thread.want([], [])

    def _on_opened(self, info: DocumentInfo) -> None:
        self._info = info
        self._message = ""
        self._relayout()
        self._apply_fit()
        target = self._pending_target or (0, 0.0)
        self._pending_target = None
        self._current = -1
        self.go_to_page(*target)
        self._update_current_page()
        self._send_requests()  # directly: the first page is what the reader waits for
        self.viewport().update()
        self.document_opened.emit(info)

    def _on_sizes_measured(self, sizes: list[tuple[float, float]]) -> None:
        """The true sizes of a long document's pages, which showed with guessed ones."""
        if self._info is None or len(sizes) != self._info.page_count:
            return
        old = self._info.page_sizes
        self._info = replace(self._info, page_sizes=sizes, measured=True)
        changed = [
            page for page, (was, now) in enumerate(zip(old, sizes, strict=True)) if was != now
        ]
        if not changed:
            return
        for page in changed:
            for key in self._cache.discard_page(page):
                self._announced.discard(key)
        page = self.current_page
        top = self._view_rect(page).y()
        self._relayout()
        if self._fit:
            self._apply_fit()
        else:
            # Keep the page being read where it was on screen.
            self.verticalScrollBar().setValue(round(self.page_rect(page).y() - top))
        self.viewport().update()
        self._schedule_requests()

    def _on_failed(self, message: str, needs_password: bool) -> None:
        self._reset()
        self._message = message
        self._relayout()
        self.viewport().update()
        self.document_failed.emit(message, needs_password)

    # ------------------------------------------------------------------- layout

    def _relayout(self) -> None:
        """Lay the pages out again (a new document, zoom or size) and fit the scroll bars."""
        self._layout.set_pages(self._info.page_sizes if self._info is not None else [])
        viewport = self.viewport()
        vertical = self.verticalScrollBar()
        vertical.setPageStep(viewport.height())
        vertical.setRange(0, max(0, round(self._layout.height) - viewport.height()))
        horizontal = self.horizontalScrollBar()
        horizontal.setPageStep(viewport.width())
        horizontal.setRange(0, max(0, round(self._layout.content_width) - viewport.width()))

    def page_rect(self, page: int) -> QRectF:
        """Where ``page`` sits in content coordinates (logical pixels, before scrolling)."""
        return self._layout.page_rect(page, float(self.viewport().width()))

    def _view_rect(self, page: int) -> QRectF:
        return self.page_rect(page).translated(
            -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        )

    def visible_pages(self) -> list[int]:
        return self._layout.visible_pages(
            self.verticalScrollBar().value(), self.viewport().height()
        )

    def _page_at(self, point: QPointF) -> tuple[int, QPointF] | None:
        """The page under a viewport point, and the point in that page's PDF coordinates."""
        for page in self.visible_pages():
            rect = self._view_rect(page)
            if rect.contains(point):
                return page, point_on_page(rect, point, self.zoom)
        return None

    # ------------------------------------------------------------- navigation

    @property
    def current_page(self) -> int:
        return max(self._current, 0)

    def go_to_page(self, page: int, y: float = 0.0) -> None:
        """Show ``page`` (zero-based) at the top, scrolled to ``y`` points down the page."""
        if self._info is None:
            self._pending_target = (page, y)
            return
        page = min(max(page, 0), self._info.page_count - 1)
        self.verticalScrollBar().setValue(round(self._layout.scroll_for(page, y)))
        self._update_current_page()

    def _update_current_page(self) -> None:
        if not self._layout.tops:
            return
        vertical = self.verticalScrollBar()
        if vertical.maximum() > 0 and vertical.value() >= vertical.maximum():
            page = len(self._layout.tops) - 1
        else:
            page = self._layout.page_at(vertical.value() + self.viewport().height() * 0.4)
        if page != self._current:
            self._current = page
            self.current_page_changed.emit(page)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()
        self._update_current_page()
        self._schedule_requests()

    # ------------------------------------------------------------------- zoom

    @property
    def zoom(self) -> float:
        return self._layout.zoom

    @property
    def fit_mode(self) -> str | None:
        return self._fit

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``zoom`` (1.0 = one point per logical pixel), keeping ``anchor`` still."""
        self._fit = None
        self._zoom_to(zoom, anchor)

    def _zoom_to(self, zoom: float, anchor: QPointF | None = None) -> None:
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        if abs(zoom - self.zoom) < 1e-4:
            return
        if anchor is None:
            anchor = QPointF(self.viewport().width() / 2, 0.0)
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        held = self._page_at(anchor) if self._info else None
        if held is None and self._info:
            page = self.current_page
            rect = self._view_rect(page)
            held = page, point_on_page(rect, anchor, self.zoom)
        self._layout.set_zoom(zoom)
        self._relayout()
        if held is not None:
            page, point = held
            rect = self.page_rect(page)
            horizontal.setValue(round(rect.x() + point.x() * zoom - anchor.x()))
            vertical.setValue(round(rect.y() + point.y() * zoom - anchor.y()))
        self.viewport().update()
        self._schedule_requests()
        self.zoom_changed.emit(zoom)

    def zoom_in(self) -> None:
        self.set_zoom(zoom_step(self.zoom, 1))

    def zoom_out(self) -> None:
        self.set_zoom(zoom_step(self.zoom, -1))

    def fit_width(self) -> None:
        self._fit = FIT_WIDTH
        self._apply_fit()

    def fit_page(self) -> None:
        self._fit = FIT_PAGE
        self._apply_fit()

    def _apply_fit(self) -> None:
        if self._fit is None or self._info is None:
            return
        page = self.current_page
        viewport = self.viewport()
        self._zoom_to(self._layout.fit_zoom(self._fit, page, viewport.width(), viewport.height()))
        self.go_to_page(page)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()
        if self._fit:
            self._apply_fit()
        self._update_current_page()
        self._schedule_requests()

    # --------------------------------------------------------------- rendering

    def render_scale(self) -> float:
        return round(self.zoom * self.devicePixelRatioF(), 3)

    def _schedule_requests(self) -> None:
        if self._info is not None and not self._request_timer.isActive():
            self._request_timer.start(0)

    def _send_requests(self) -> None:
        """Ask for visible pages nearest the middle first; the ones just off screen only after.

        Neighbours wait until every visible page is in, so the render thread is
        never busy with an unseen page while the GUI thread paints a seen one.
        """
        if self._info is None:
            return
        visible = self.visible_pages()
        if not visible:
            return
        middle = (visible[0] + visible[-1]) / 2
        scale = self.render_scale()
        renders = [
            (page, scale)
            for page in sorted(visible, key=lambda page: abs(page - middle))
            if (page, scale) not in self._cache
        ]
        if not renders:
            neighbours = (visible[-1] + 1, visible[0] - 1)
            renders = [
                (page, scale)
                for page in neighbours
                if 0 <= page < self.page_count and (page, scale) not in self._cache
            ]
        links = [page for page in visible if page not in self._links]
        self._thread.want(renders, links)

    def _on_rendered(self, page: int, scale: float, image: QImage) -> None:
        self._thread.received(page, scale)
        if self._info is None or image.isNull():
            return
        current = self.render_scale()
        keep = {(p, current) for p in self.visible_pages()}
        for key in self._cache.put((page, scale), image, keep):
            self._announced.discard(key)
        self._schedule_requests()
        if page in self.visible_pages():
            if scale == current and not self._announced:
                # The very first crisp page: paint now rather than on the next update tick.
                self.viewport().repaint()
            else:
                self.viewport().update()

    def _on_page_links(self, page: int, links: list[PageLink]) -> None:
        if self._info is not None:
            self._links[page] = links

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        area = self.viewport().rect()
        paint_desk(painter, area, self.palette(), self._dark)
        if self._info is None:
            paint_message(painter, area, self._message, self.palette(), self._dark)
            painter.end()
            return
        scale = self.render_scale()
        shown = []
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for page in self.visible_pages():
            image = self._cache.get((page, scale))
            if image is not None and (page, scale) not in self._announced:
                self._announced.add((page, scale))
                shown.append(page)
            paint_page(
                painter,
                self._view_rect(page),
                image if image is not None else self._cache.any_for_page(page),
                dark=self._dark,
                zoom=self.zoom,
                marks=self._marks(page),
            )
        painter.end()
        for page in shown:
            self.page_rendered.emit(page)

    # ---------------------------------------------------------------- display

    @property
    def dark(self) -> bool:
        return self._dark

    def set_dark(self, dark: bool) -> None:
        """Invert pages for reading at night; highlights keep their usual colours."""
        self._dark = dark
        self.viewport().update()

    def _marks(self, page: int) -> PageMarks:
        """What is marked on ``page``; a plain scroll area marks nothing."""
        return PageMarks()
