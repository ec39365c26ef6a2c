"""The PDF itself: pages stacked in one continuous scroll, drawn from a render thread.

The view never calls PyMuPDF. It lays pages out from their sizes, tells the
render thread which pages are visible (plus one either side) at which scale,
and paints whatever the cache holds — an older, blurrier rendering of a page
stands in while the crisp one is on its way, so zooming never flashes white.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from readinglist_gui.core.pdf import PageLink, Rect, Word
from readinglist_gui.ui.reader.find_results import FindResults
from readinglist_gui.ui.reader.page_cache import DEFAULT_BUDGET, PageCache
from readinglist_gui.ui.reader.render_thread import DocumentInfo, RenderThread
from readinglist_gui.ui.reader.text_selection import TextSelection

GAP = 12  # logical pixels between pages and around the column
MIN_ZOOM = 0.1
MAX_ZOOM = 8.0
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 6.0)
FIT_WIDTH = "width"
FIT_PAGE = "page"
SAFE_SCHEMES = ("http", "https")

_HIT = QColor(255, 214, 0, 110)
_CURRENT_HIT = QColor(255, 120, 0, 150)
_SELECTION = QColor(40, 110, 255, 80)
_DARK_PAPER = QColor(28, 28, 30)
_DARK_DESK = QColor(62, 62, 68)
"""Around dark pages: lighter than the paper, so each page's edges stay visible."""

# Threads whose view is gone but which are still finishing their current page;
# holding them here keeps Python from destroying a running QThread.
_retiring: set[RenderThread] = set()


def _retire(thread: RenderThread) -> None:
    if not shiboken6.isValid(thread) or not thread.isRunning():
        return
    _retiring.add(thread)
    thread.finished.connect(lambda: _retiring.discard(thread))
    thread.request_stop()


class PdfView(QAbstractScrollArea):
    """Continuous-scroll PDF view; emits ``page_rendered(page)`` when a crisp page is shown."""

    page_rendered = Signal(int)
    current_page_changed = Signal(int)  # zero-based
    zoom_changed = Signal(float)
    document_opened = Signal(object)  # DocumentInfo
    document_failed = Signal(str, bool)  # message, whether a password would help
    find_status = Signal(int, int, bool)  # current hit (1-based, 0 = none), total, finished

    def __init__(self, parent: QWidget | None = None, cache_budget: int = DEFAULT_BUDGET) -> None:
        super().__init__(parent)
        self.setObjectName("pdfView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setSingleStep(40)

        self._thread = RenderThread()
        self._thread.opened.connect(self._on_opened)
        self._thread.failed.connect(self._on_failed)
        self._thread.rendered.connect(self._on_rendered)
        self._thread.page_links.connect(self._on_page_links)
        self._thread.page_words.connect(self._on_page_words)
        self._thread.search_hits.connect(self._on_search_hits)
        self._thread.search_finished.connect(self._on_search_finished)
        self._thread.start()
        thread = self._thread
        self.destroyed.connect(lambda: _retire(thread))

        self._cache = PageCache(cache_budget)
        self._info: DocumentInfo | None = None
        self._path: Path | None = None
        self._message = ""
        self._zoom = 1.0
        self._fit: str | None = None
        self._dark = False
        self._tops: list[float] = []
        self._content_width = 0.0
        self._pending_target: tuple[int, float] | None = None
        self._current = 0
        self._announced: set[tuple[int, float]] = set()
        self._links: dict[int, list[PageLink]] = {}
        self._selection = TextSelection()
        self._found = FindResults()
        self._press: tuple[QPointF, PageLink | None] | None = None

        self._request_timer = QTimer(self)
        self._request_timer.setSingleShot(True)
        self._request_timer.timeout.connect(self._send_requests)

    # ----------------------------------------------------------------- document

    def open(self, path: Path, password: str | None = None) -> None:
        """Start opening ``path``; ``document_opened`` or ``document_failed`` follows."""
        self._reset()
        self._path = Path(path)
        self._message = "Opening…"
        self.viewport().update()
        self._thread.open_document(self._path, password)

    def unlock(self, password: str) -> None:
        if self._path is not None:
            self.open(self._path, password)

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
        self._selection.reset()
        self._found.restart(searching=False)
        self._tops = []
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

    def _on_failed(self, message: str, needs_password: bool) -> None:
        self._reset()
        self._message = message
        self._relayout()
        self.viewport().update()
        self.document_failed.emit(message, needs_password)

    # ------------------------------------------------------------------- layout

    def _relayout(self) -> None:
        self._tops = []
        if self._info is None:
            self._content_width = 0.0
            self._update_scroll_ranges(0.0)
            return
        y = float(GAP)
        widest = 0.0
        for width, height in self._info.page_sizes:
            self._tops.append(y)
            y += height * self._zoom + GAP
            widest = max(widest, width)
        self._content_width = widest * self._zoom + 2 * GAP
        self._update_scroll_ranges(y)

    def _update_scroll_ranges(self, height: float) -> None:
        viewport = self.viewport()
        vertical = self.verticalScrollBar()
        vertical.setPageStep(viewport.height())
        vertical.setRange(0, max(0, round(height) - viewport.height()))
        horizontal = self.horizontalScrollBar()
        horizontal.setPageStep(viewport.width())
        horizontal.setRange(0, max(0, round(self._content_width) - viewport.width()))

    def page_rect(self, page: int) -> QRectF:
        """Where ``page`` sits in content coordinates (logical pixels, before scrolling)."""
        assert self._info is not None
        width, height = self._info.page_sizes[page]
        column = max(self._content_width, float(self.viewport().width()))
        w, h = width * self._zoom, height * self._zoom
        return QRectF((column - w) / 2, self._tops[page], w, h)

    def _view_rect(self, page: int) -> QRectF:
        return self.page_rect(page).translated(
            -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        )

    def visible_pages(self) -> list[int]:
        if not self._tops:
            return []
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        last = max(first, bisect.bisect_left(self._tops, bottom) - 1)
        return list(range(first, min(last, len(self._tops) - 1) + 1))

    def _page_at(self, point: QPointF) -> tuple[int, QPointF] | None:
        """The page under a viewport point, and the point in that page's PDF coordinates."""
        for page in self.visible_pages():
            rect = self._view_rect(page)
            if rect.contains(point):
                return page, (point - rect.topLeft()) / self._zoom
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
        offset = max(0.0, y * self._zoom - GAP) if y else -GAP / 2
        self.verticalScrollBar().setValue(round(self._tops[page] + offset))
        self._update_current_page()

    def _update_current_page(self) -> None:
        if not self._tops:
            return
        vertical = self.verticalScrollBar()
        if vertical.maximum() > 0 and vertical.value() >= vertical.maximum():
            page = len(self._tops) - 1
        else:
            probe = vertical.value() + self.viewport().height() * 0.4
            page = max(0, bisect.bisect_right(self._tops, probe) - 1)
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
        return self._zoom

    @property
    def fit_mode(self) -> str | None:
        return self._fit

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``zoom`` (1.0 = one point per logical pixel), keeping ``anchor`` still."""
        self._fit = None
        self._zoom_to(zoom, anchor)

    def _zoom_to(self, zoom: float, anchor: QPointF | None = None) -> None:
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        if abs(zoom - self._zoom) < 1e-4:
            return
        if anchor is None:
            anchor = QPointF(self.viewport().width() / 2, 0.0)
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        held = self._page_at(anchor) if self._info else None
        if held is None and self._info:
            page = self.current_page
            rect = self._view_rect(page)
            held = page, (anchor - rect.topLeft()) / self._zoom
        self._zoom = zoom
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
        self.set_zoom(next((s for s in ZOOM_STEPS if s > self._zoom + 1e-3), MAX_ZOOM))

    def zoom_out(self) -> None:
        self.set_zoom(next((s for s in reversed(ZOOM_STEPS) if s < self._zoom - 1e-3), MIN_ZOOM))

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
        height = self._info.page_sizes[page][1]
        widest = max(w for w, _ in self._info.page_sizes)
        viewport = self.viewport()
        zoom = (viewport.width() - 2 * GAP) / widest
        if self._fit == FIT_PAGE:
            zoom = min(zoom, (viewport.height() - 2 * GAP) / height)
        self._zoom_to(max(zoom, MIN_ZOOM))
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
        return round(self._zoom * self.devicePixelRatioF(), 3)

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

    def _on_page_words(self, page: int, words: list[Word]) -> None:
        if self._info is None:
            return
        self._selection.add_words(page, words)
        self.viewport().update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        background = _DARK_DESK if self._dark else self.palette().color(QPalette.Mid)
        painter.fillRect(self.viewport().rect(), background)
        if self._info is None:
            painter.setPen(
                QColor(220, 220, 220) if self._dark else self.palette().color(QPalette.WindowText)
            )
            painter.drawText(
                self.viewport().rect().adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._message,
            )
            return
        scale = self.render_scale()
        shown = []
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for page in self.visible_pages():
            rect = self._view_rect(page)
            image = self._cache.get((page, scale))
            if image is not None:
                painter.drawImage(rect, image)
                if (page, scale) not in self._announced:
                    self._announced.add((page, scale))
                    shown.append(page)
            elif (stand_in := self._cache.any_for_page(page)) is not None:
                painter.drawImage(rect, stand_in)
            else:
                painter.fillRect(rect, Qt.GlobalColor.white)
            if self._dark:
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
                painter.fillRect(rect, Qt.GlobalColor.white)
                # Lift pure black to a soft dark grey: easier on the eyes than #000.
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Lighten)
                painter.fillRect(rect, _DARK_PAPER)
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            self._paint_marks(painter, page, rect)
        painter.end()
        for page in shown:
            self.page_rendered.emit(page)

    def _paint_marks(self, painter: QPainter, page: int, rect: QRectF) -> None:
        def to_view(box: Rect) -> QRectF:
            x0, y0, x1, y1 = box
            return QRectF(
                rect.x() + x0 * self._zoom,
                rect.y() + y0 * self._zoom,
                (x1 - x0) * self._zoom,
                (y1 - y0) * self._zoom,
            )

        for box, current in self._found.on_page(page):
            painter.fillRect(to_view(box), _CURRENT_HIT if current else _HIT)
        if self._selection.page == page:
            for box in self._selection.boxes():
                painter.fillRect(to_view(box), _SELECTION)

    # ---------------------------------------------------------------- display

    @property
    def dark(self) -> bool:
        return self._dark

    def set_dark(self, dark: bool) -> None:
        """Invert pages for reading at night; highlights keep their usual colours."""
        self._dark = dark
        self.viewport().update()

    # ------------------------------------------------------------------- find

    def find(self, text: str) -> None:
        """Search the whole document, nearest pages first; hits stream in as they are found."""
        generation = self._found.restart(searching=bool(text.strip()))
        self.viewport().update()
        if self._info is None:
            self.find_status.emit(0, 0, True)
            return
        start = self.current_page
        pages = list(range(start, self.page_count)) + list(range(start))
        self.find_status.emit(0, 0, self._found.finished)
        self._thread.search(text, generation, pages)

    def clear_find(self) -> None:
        self.find("")

    @property
    def hits(self) -> list[tuple[int, Rect]]:
        return self._found.all()

    @property
    def current_hit(self) -> int:
        return self._found.index

    def _on_search_hits(self, generation: int, page: int, boxes: list[Rect]) -> None:
        if generation != self._found.generation:
            return
        if self._found.add(page, boxes):
            self._reveal_hit()
        elif page in self.visible_pages():
            self.viewport().update()
        self._emit_find_status()

    def _on_search_finished(self, generation: int) -> None:
        if generation == self._found.generation:
            self._found.finished = True
            self._emit_find_status()

    def _emit_find_status(self) -> None:
        self.find_status.emit(self._found.index + 1, self._found.total, self._found.finished)

    def find_next(self) -> None:
        if self._found.step(1):
            self._reveal_hit()
            self._emit_find_status()

    def find_previous(self) -> None:
        if self._found.step(-1):
            self._reveal_hit()
            self._emit_find_status()

    def _reveal_hit(self) -> None:
        """Scroll the current hit into view unless it already is."""
        current = self._found.current
        if current is None:
            return
        page, (_, y0, _, y1) = current
        rect = self._view_rect(page)
        top, bottom = rect.y() + y0 * self._zoom, rect.y() + y1 * self._zoom
        if top < 0 or bottom > self.viewport().height():
            vertical = self.verticalScrollBar()
            vertical.setValue(round(vertical.value() + top - self.viewport().height() / 3))
        self.viewport().update()

    # ------------------------------------------------------- links and text

    def _link_at(self, point: QPointF) -> PageLink | None:
        located = self._page_at(point)
        if located is None:
            return None
        page, at = located
        for link in self._links.get(page, []):
            x0, y0, x1, y1 = link.rect
            if x0 <= at.x() <= x1 and y0 <= at.y() <= y1:
                return link
        return None

    def follow_link(self, link: PageLink) -> bool:
        """Jump inside the document or open a web link; anything else is refused."""
        if link.page is not None:
            self.go_to_page(link.page, link.y)
            return True
        url = QUrl(link.uri or "")
        if url.scheme().lower() in SAFE_SCHEMES and url.host():
            return QDesktopServices.openUrl(url)
        return False

    def has_links(self, page: int) -> bool:
        """Whether the links of ``page`` have arrived (they follow its first render)."""
        return page in self._links

    def links_on_page(self, page: int) -> list[PageLink]:
        return list(self._links.get(page, []))

    def selected_text(self) -> str:
        return self._selection.text()

    def copy(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._info is None:
            super().mousePressEvent(event)
            return
        point = event.position()
        self._press = (point, self._link_at(point))
        self._selection.clear()
        located = self._page_at(point)
        if located is not None and self._press[1] is None:
            page, at = located
            self._selection.press(page, at.x(), at.y())
            if not self._selection.has_words(page):
                self._thread.want_words(page)
        self.viewport().update()

    def mouseMoveEvent(self, event) -> None:
        point = event.position()
        page = self._selection.dragging_page
        if self._press is not None and page is not None:
            at = (point - self._view_rect(page).topLeft()) / self._zoom
            self._selection.drag_to(at.x(), at.y())
            self.viewport().update()
            return
        link = self._link_at(point)
        if link is not None:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            self.viewport().setToolTip(link.uri or f"Page {(link.page or 0) + 1}")
        else:
            self.viewport().unsetCursor()
            self.viewport().setToolTip("")

    def mouseReleaseEvent(self, event) -> None:
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        start, link = press
        moved = (event.position() - start).manhattanLength() > 4
        if link is not None and not moved and self._link_at(event.position()) == link:
            self.follow_link(link)
        if not moved:
            self._selection.clear()
            self.viewport().update()

    def mouseDoubleClickEvent(self, event) -> None:
        located = self._page_at(event.position())
        if located is not None:
            page, at = located
            self._selection.select_word_at(page, at.x(), at.y())
            self.viewport().update()

    # ------------------------------------------------------------ keys, wheel

    def keyPressEvent(self, event) -> None:
        key, modifiers = event.key(), event.modifiers()
        control = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.set_zoom(1.0)
        elif key == Qt.Key.Key_1 and control:
            self.fit_width()
        elif key == Qt.Key.Key_2 and control:
            self.fit_page()
        elif key == Qt.Key.Key_Home:
            self.go_to_page(0)
        elif key == Qt.Key.Key_End:
            self.go_to_page(self.page_count - 1)
        elif key == Qt.Key.Key_Space:
            step = -1 if modifiers & Qt.KeyboardModifier.ShiftModifier else 1
            vertical = self.verticalScrollBar()
            vertical.setValue(vertical.value() + step * (vertical.pageStep() - 40))
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self._zoom * 1.0015 ** event.angleDelta().y(), event.position())
            event.accept()
        else:
            super().wheelEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                anchor = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                self.set_zoom(self._zoom * pinch.scaleFactor(), QPointF(anchor))
                event.accept()
                return True
        if event.type() == QEvent.Type.NativeGesture and (
            event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.set_zoom(self._zoom * (1.0 + event.value()), event.position())
            return True
        return super().viewportEvent(event)
