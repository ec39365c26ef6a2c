"""How the PDF view draws: each page's rendering, the dark reading mode, and marks on top.

Marks (highlights, find hits, the text selection) keep their usual colours in
dark mode, so they are drawn after the page is inverted. On a light page a
highlight multiplies the paper's white into its colour and leaves the ink
black, as a highlighter pen does; on a dark page it is a translucent wash,
since multiplying would darken the light ink instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen

from readinglist_gui.core.pdf import Rect
from readinglist_gui.ui.reader.page_layout import box_on_page

_HIT = QColor(255, 214, 0, 110)
_CURRENT_HIT = QColor(255, 120, 0, 150)
_SELECTION = QColor(40, 110, 255, 80)
_DARK_PAPER = QColor(28, 28, 30)
_DARK_DESK = QColor(62, 62, 68)
"""Around dark pages: lighter than the paper, so each page's edges stay visible."""
_DARK_INK = QColor(220, 220, 220)
_DARK_WASH = 0.4
"""Opacity of a highlight's colour over a dark page."""
_CHOSEN_EDGE = QColor(20, 20, 20)
_CHOSEN_EDGE_DARK = QColor(235, 235, 235)


@dataclass(frozen=True, slots=True)
class PageMarks:
    """What is marked on one page, in PDF points."""

    hits: list[tuple[Rect, bool]] = field(default_factory=list)
    """Find hits, each with whether it is the current one."""
    selection: list[Rect] = field(default_factory=list)
    """The selected words."""
    highlights: list[tuple[Rect, QColor]] = field(default_factory=list)
    """The lines of each highlight on the page, with its colour."""
    chosen: list[Rect] = field(default_factory=list)
    """The lines of the highlight chosen in the Highlights panel, outlined."""


def paint_desk(painter: QPainter, area: QRect, palette: QPalette, dark: bool) -> None:
    """The background the pages lie on."""
    painter.fillRect(area, _DARK_DESK if dark else palette.color(QPalette.ColorRole.Mid))


def paint_message(
    painter: QPainter, area: QRect, message: str, palette: QPalette, dark: bool
) -> None:
    """A message in place of pages ("Opening…", why the file cannot be shown)."""
    painter.setPen(_DARK_INK if dark else palette.color(QPalette.ColorRole.WindowText))
    painter.drawText(
        area.adjusted(24, 24, -24, -24),
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
        message,
    )


def paint_page(
    painter: QPainter,
    rect: QRectF,
    image: QImage | None,
    *,
    dark: bool,
    zoom: float,
    marks: PageMarks,
) -> None:
    """One page at ``rect``: its image (white until one arrives), then its marks on top."""
    if image is not None:
        painter.drawImage(rect, image)
    else:
        painter.fillRect(rect, Qt.GlobalColor.white)
    if dark:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
        painter.fillRect(rect, Qt.GlobalColor.white)
        # Lift pure black to a soft dark grey: easier on the eyes than #000.
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Lighten)
        painter.fillRect(rect, _DARK_PAPER)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    _paint_highlights(painter, rect, zoom, marks, dark)
    for box, current in marks.hits:
        painter.fillRect(box_on_page(rect, box, zoom), _CURRENT_HIT if current else _HIT)
    for box in marks.selection:
        painter.fillRect(box_on_page(rect, box, zoom), _SELECTION)


def _paint_highlights(
    painter: QPainter, page: QRectF, zoom: float, marks: PageMarks, dark: bool
) -> None:
    if not marks.highlights and not marks.chosen:
        return
    painter.save()
    if dark:
        painter.setOpacity(_DARK_WASH)
    else:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
    for box, color in marks.highlights:
        painter.fillRect(box_on_page(page, box, zoom), color)
    painter.restore()
    if marks.chosen:
        painter.save()
        pen = QPen(_CHOSEN_EDGE_DARK if dark else _CHOSEN_EDGE)
        pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for box in marks.chosen:
            painter.drawRect(box_on_page(page, box, zoom).adjusted(-1.5, -1.5, 1.5, 1.5))
        painter.restore()
