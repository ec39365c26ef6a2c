"""Where each page of a PDF sits in the view: one column of pages, ``GAP`` apart, at a zoom.

Pure geometry, in logical pixels before scrolling, so the view's scrolling,
hit-testing and zooming all agree on one layout (and it is testable alone).
PDF coordinates are points; at zoom 1.0 a point is a logical pixel.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QPointF, QRectF

from readinglist_gui.core.pdf import Rect

GAP = 12  # logical pixels between pages and around the column
MIN_ZOOM = 0.1
MAX_ZOOM = 8.0
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 6.0)
FIT_WIDTH = "width"
FIT_PAGE = "page"


def zoom_step(zoom: float, direction: int) -> float:
    """The next zoom step above (``direction`` 1) or below (-1) ``zoom``."""
    if direction > 0:
        return next((s for s in ZOOM_STEPS if s > zoom + 1e-3), MAX_ZOOM)
    return next((s for s in reversed(ZOOM_STEPS) if s < zoom - 1e-3), MIN_ZOOM)


class PageLayout:
    def __init__(self) -> None:
        self.zoom = 1.0
        self._sizes: list[tuple[float, float]] = []
        self.tops: list[float] = []
        """Each page's top edge."""
        self.content_width = 0.0
        self.height = 0.0

    def set_pages(self, sizes: list[tuple[float, float]]) -> None:
        """Lay out pages of these sizes (points); an empty list lays out nothing."""
        self._sizes = list(sizes)
        self._relayout()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self._relayout()

    def _relayout(self) -> None:
        self.tops = []
        if not self._sizes:
            self.content_width = self.height = 0.0
            return
        y = float(GAP)
        for _width, height in self._sizes:
            self.tops.append(y)
            y += height * self.zoom + GAP
        self.content_width = max(width for width, _ in self._sizes) * self.zoom + 2 * GAP
        self.height = y

    def page_rect(self, page: int, column_width: float) -> QRectF:
        """Where ``page`` sits, centred in a column ``column_width`` wide (or the content's)."""
        width, height = self._sizes[page]
        column = max(self.content_width, column_width)
        w, h = width * self.zoom, height * self.zoom
        return QRectF((column - w) / 2, self.tops[page], w, h)

    def visible_pages(self, top: float, height: float) -> list[int]:
        """The pages that show between ``top`` and ``top + height``."""
        if not self.tops:
            return []
        first = max(0, bisect.bisect_right(self.tops, top) - 1)
        last = max(first, bisect.bisect_left(self.tops, top + height) - 1)
        return list(range(first, min(last, len(self.tops) - 1) + 1))

    def page_at(self, y: float) -> int:
        """The page whose column slot holds ``y`` (the gap above a page belongs to it)."""
        return max(0, bisect.bisect_right(self.tops, y) - 1)

    def scroll_for(self, page: int, y: float) -> float:
        """The scroll offset that shows ``page`` at the top, ``y`` points down it (0: its top)."""
        offset = max(0.0, y * self.zoom - GAP) if y else -GAP / 2
        return self.tops[page] + offset

    def fit_zoom(self, mode: str, page: int, width: float, height: float) -> float:
        """The zoom at which the widest page fits ``width`` (and, for a page fit, ``page`` fits
        ``height`` too)."""
        widest = max(w for w, _ in self._sizes)
        zoom = (width - 2 * GAP) / widest
        if mode == FIT_PAGE:
            zoom = min(zoom, (height - 2 * GAP) / self._sizes[page][1])
        return max(zoom, MIN_ZOOM)


def box_on_page(page: QRectF, box: Rect, zoom: float) -> QRectF:
    """A PDF box (points on the page) where it shows on ``page`` as laid out."""
    x0, y0, x1, y1 = box
    return QRectF(page.x() + x0 * zoom, page.y() + y0 * zoom, (x1 - x0) * zoom, (y1 - y0) * zoom)


def point_on_page(page: QRectF, point: QPointF, zoom: float) -> QPointF:
    """A point in the view as PDF coordinates on ``page``."""
    return (point - page.topLeft()) / zoom
