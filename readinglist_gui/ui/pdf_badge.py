"""The small mark before a paper's title: its PDF is here, or is coming down.

Drawn rather than loaded, since a download's mark changes with its progress;
progress is rounded to eighths so at most a handful of pixmaps ever exist.
Every row gets a mark (an empty one when there is nothing to say) so titles
stay aligned.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap

SIZE = 32
"""Drawn at twice the 16 px it is shown at, so it stays sharp on HiDPI screens."""
STEPS = 8


class PdfState(StrEnum):
    NONE = ""
    AVAILABLE = "pdf"
    DOWNLOADING = "downloading"


def badge(state: PdfState, share: float | None = None) -> QIcon:
    """The mark for ``state``; ``share`` (0..1, or None when unknown) fills a download's ring.

    Selected rows get the mark in the selection's text colour, since the
    accent colour is the selection's background.
    """
    palette = QGuiApplication.palette()
    ink = palette.color(QPalette.ColorRole.Text).name()
    accent = palette.color(QPalette.ColorRole.Highlight).name()
    selected = palette.color(QPalette.ColorRole.HighlightedText).name()
    if state is PdfState.DOWNLOADING:
        step = -1 if share is None else max(0, min(STEPS, round(share * STEPS)))
        return _downloading(step, ink, accent, selected)
    if state is PdfState.AVAILABLE:
        return _available(ink, selected)
    return _blank()


_PAGE = [
    QPointF(x, y)
    for x, y in ((20, 5), (8, 5), (8, 27), (25, 27), (25, 10), (20, 5), (20, 10), (25, 10))
]
"""A page with its top-right corner folded, on the 32 px canvas."""


def prepare() -> None:
    """Draw every download mark now, before a job's threads compete with the window for time."""
    badge(PdfState.DOWNLOADING)
    for step in range(STEPS + 1):
        badge(PdfState.DOWNLOADING, step / STEPS)


def _canvas() -> QPixmap:
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    return pixmap


@cache
def _blank() -> QIcon:
    return QIcon(_canvas())


@cache
def _available(ink: str, selected: str) -> QIcon:
    """A page with a folded corner, quiet: most rows of a read-offline library carry it."""
    icon = QIcon(_page(ink))
    icon.addPixmap(_page(selected), QIcon.Mode.Selected)
    return icon


def _page(ink: str) -> QPixmap:
    pixmap = _canvas()
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(ink)
    color.setAlphaF(0.55)
    pen = QPen(color, 2.4)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.drawPolyline(_PAGE)
    painter.end()
    return pixmap


@cache
def _downloading(step: int, ink: str, accent: str, selected: str) -> QIcon:
    """A ring filling clockwise with the share received; a dashed ring while the size is unknown."""
    icon = QIcon(_ring(step, ink, accent))
    icon.addPixmap(_ring(step, selected, selected), QIcon.Mode.Selected)
    return icon


def _ring(step: int, ink: str, accent: str) -> QPixmap:
    pixmap = _canvas()
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ring = QRectF(5, 5, 22, 22)
    track = QColor(ink)
    track.setAlphaF(0.25)
    pen = QPen(track, 3.5)
    if step < 0:
        pen.setColor(QColor(accent))
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawEllipse(ring)
    if step > 0:
        fill = QPen(QColor(accent), 3.5)
        fill.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(fill)
        painter.drawArc(ring, 90 * 16, -int(360 * 16 * step / STEPS))
    arrow = QPen(QColor(accent), 2.6)
    arrow.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(arrow)
    painter.drawLine(16, 10, 16, 21)
    painter.drawLine(12, 17, 16, 21)
    painter.drawLine(20, 17, 16, 21)
    painter.end()
    return pixmap
