"""The PDF view a reader uses: scrolling pages, plus find, links, text selection and keys.

The pages themselves (layout, zoom, rendering) are ``PageScrollArea``'s; this
adds what a reader does with them. Find searches the whole document on the
render thread, nearest pages first, and hits stream in; links inside the
document jump, web links open in the browser, and anything else is refused.
Highlights are drawn over their pages; what highlighting does (menus, keys,
writes) is the reader tab's, which the view tells of selections and right
clicks.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QWidget

from readinglist_gui.core.highlights import COLORS, Highlight
from readinglist_gui.core.pdf import PageLink, Rect, Word
from readinglist_gui.core.records import HighlightColor
from readinglist_gui.ui.plain_text import plain_tooltip
from readinglist_gui.ui.reader.find_results import FindResults
from readinglist_gui.ui.reader.page_cache import DEFAULT_BUDGET
from readinglist_gui.ui.reader.page_layout import FIT_PAGE, FIT_WIDTH, GAP, point_on_page
from readinglist_gui.ui.reader.page_painter import PageMarks
from readinglist_gui.ui.reader.page_scroll_area import PageScrollArea
from readinglist_gui.ui.reader.text_selection import TextSelection

__all__ = ["FIT_PAGE", "FIT_WIDTH", "GAP", "PdfView"]

SAFE_SCHEMES = ("http", "https")


class PdfView(PageScrollArea):
    """The pages, and find, links, selection and keys on them."""

    find_status = Signal(int, int, bool)  # current hit (1-based, 0 = none), total, finished
    selection_changed = Signal(bool)  # whether any text is selected now
    context_menu_requested = Signal(QPoint, object)  # global position, the Highlight under it
    highlight_clicked = Signal(object)  # Highlight

    def __init__(self, parent: QWidget | None = None, cache_budget: int = DEFAULT_BUDGET) -> None:
        super().__init__(parent, cache_budget)
        self.setObjectName("pdfView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self._selection = TextSelection()
        self._found = FindResults()
        self._press: tuple[QPointF, PageLink | None] | None = None
        self._highlights: dict[int, list[tuple[Highlight, QColor]]] = {}
        self._chosen: int | None = None
        self._had_selection = False
        self._thread.page_words.connect(self._on_page_words)
        self._thread.search_hits.connect(self._on_search_hits)
        self._thread.search_finished.connect(self._on_search_finished)
        self._pending_find: tuple[tuple[str, ...], int] | None = None
        self.document_opened.connect(self._find_when_opened)

    def _reset(self) -> None:
        super()._reset()
        self._pending_find = None
        self._selection.reset()
        self._announce_selection()
        self._found.restart(searching=False)

    def _marks(self, page: int) -> PageMarks:
        selection = self._selection.boxes() if self._selection.page == page else []
        on_page = self._highlights.get(page, [])
        marked = [(rect, color) for highlight, color in on_page for rect in highlight.rects]
        chosen = [
            rect
            for highlight, _ in on_page
            if highlight.id == self._chosen
            for rect in highlight.rects
        ]
        return PageMarks(self._found.on_page(page), selection, marked, chosen)

    def _on_page_words(self, page: int, words: list[Word]) -> None:
        if self._info is None:
            return
        self._selection.add_words(page, words)
        self._announce_selection()
        self.viewport().update()

    def _announce_selection(self) -> None:
        has = bool(self._selection.boxes())
        if has != self._had_selection:
            self._had_selection = has
            self.selection_changed.emit(has)

    # ------------------------------------------------------------- highlights

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """Draw these highlights (the paper's, as stored) over their pages."""
        self._highlights = {}
        for highlight in highlights:
            red, green, blue = COLORS[HighlightColor(highlight.color)]
            color = QColor.fromRgbF(red, green, blue)
            self._highlights.setdefault(highlight.page, []).append((highlight, color))
        self.viewport().update()

    def choose_highlight(self, highlight_id: int | None) -> None:
        """Outline one highlight (the one chosen in the Highlights panel), or none."""
        self._chosen = highlight_id
        self.viewport().update()

    def highlight_at(self, point: QPointF) -> Highlight | None:
        """The highlight under a viewport point, if any (the topmost, the newest)."""
        located = self._page_at(point)
        if located is None:
            return None
        page, at = located
        for highlight, _ in reversed(self._highlights.get(page, [])):
            for x0, y0, x1, y1 in highlight.rects:
                if x0 <= at.x() <= x1 and y0 <= at.y() <= y1:
                    return highlight
        return None

    def selected_lines(self) -> tuple[int, list[Rect]] | None:
        """The selection's page and one rectangle per selected line, or None."""
        page = self._selection.page
        boxes = self._selection.line_boxes()
        return None if page is None or not boxes else (page, boxes)

    def clear_selection(self) -> None:
        self._selection.clear()
        self._announce_selection()
        self.viewport().update()

    def reveal(self, page: int, top: float) -> None:
        """Show ``top`` (points down ``page``) a little below the top of the view."""
        self.go_to_page(page, max(top - 36, 0.0))

    # ------------------------------------------------------------------- find

    def find_text(self, text: str) -> None:
        """Search the whole document, nearest pages first; hits stream in as they are found."""
        self._pending_find = None
        self._find((text,), self.current_page)

    def find_terms(self, terms: Sequence[str], page: int) -> None:
        """Go to ``page`` (zero-based) and mark every one of ``terms`` found, that page's
        first: how a full-text search result opens. Waits for the document if it is
        still opening."""
        self.go_to_page(page)
        if self._info is None:
            self._pending_find = (tuple(terms), page)
            return
        self._pending_find = None
        self._find(tuple(terms), page)

    def _find(self, terms: tuple[str, ...], start: int) -> None:
        generation = self._found.restart(searching=any(term.strip() for term in terms))
        self.viewport().update()
        if self._info is None:
            self.find_status.emit(0, 0, True)
            return
        start = min(max(start, 0), self.page_count - 1)
        pages = list(range(start, self.page_count)) + list(range(start))
        self.find_status.emit(0, 0, self._found.finished)
        self._thread.search(terms, generation, pages)

    def _find_when_opened(self) -> None:
        if self._pending_find is not None:
            terms, page = self._pending_find
            self._pending_find = None
            self._find(terms, page)

    def clear_find(self) -> None:
        self.find_text("")

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
        top, bottom = rect.y() + y0 * self.zoom, rect.y() + y1 * self.zoom
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
        self._announce_selection()
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
            at = point_on_page(self._view_rect(page), point, self.zoom)
            self._selection.drag_to(at.x(), at.y())
            self.viewport().update()
            return
        link = self._link_at(point)
        if link is not None:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            self.viewport().setToolTip(plain_tooltip(link.uri or f"Page {(link.page or 0) + 1}"))
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
            highlight = self.highlight_at(event.position()) if link is None else None
            if highlight is not None:
                self.highlight_clicked.emit(highlight)
        self._announce_selection()

    def mouseDoubleClickEvent(self, event) -> None:
        located = self._page_at(event.position())
        if located is not None:
            page, at = located
            self._selection.select_word_at(page, at.x(), at.y())
            self._announce_selection()
            self.viewport().update()

    def contextMenuEvent(self, event) -> None:
        highlight = self.highlight_at(QPointF(event.pos()))
        self.context_menu_requested.emit(event.globalPos(), highlight)
        event.accept()

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
            self.set_zoom(self.zoom * 1.0015 ** event.angleDelta().y(), event.position())
            event.accept()
        else:
            super().wheelEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                anchor = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                self.set_zoom(self.zoom * pinch.scaleFactor(), QPointF(anchor))
                event.accept()
                return True
        if event.type() == QEvent.Type.NativeGesture and (
            event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.set_zoom(self.zoom * (1.0 + event.value()), event.position())
            return True
        return super().viewportEvent(event)
