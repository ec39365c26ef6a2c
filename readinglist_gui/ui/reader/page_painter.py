"""How the PDF view draws: each page's rendering, the dark reading mode, and marks on top.

Marks (find hits, the text selection) keep their usual colours in dark mode,
so they are drawn after the page is inverted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette

from readinglist_gui.core.pdf import Rect
from readinglist_gui.ui.reader.page_layout import box_on_page

_HIT = QColor(255, 214, 0, 110)
_CURRENT_HIT = QColor(255, 120, 0, 150)
_SELECTION = QColor(40, 110, 255, 80)
_DARK_PAPER = QColor(28, 28, 30)
_DARK_DESK = QColor(62, 62, 68)
"""Around dark pages: lighter than the paper, so each page's edges stay visible."""
_DARK_INK = QColor(220, 220, 220)


@dataclass(frozen=True, slots=True)
class PageMarks:
    """What is marked on one page, in PDF points."""

    hits: list[tuple[Rect, bool]] = field(default_factory=list)
    """Find hits, each with whether it is the current one."""
    selection: list[Rect] = field(default_factory=list)
    """The selected words."""


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
    for box, current in marks.hits:
        painter.fillRect(box_on_page(rect, box, zoom), _CURRENT_HIT if current else _HIT)
    for box in marks.selection:
        painter.fillRect(box_on_page(rect, box, zoom), _SELECTION)
