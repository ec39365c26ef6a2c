"""Colours and numbers of the charts, taken from the palette so light and dark both read well.

Ink, grid and background come from the widget's palette; each series has a
light-theme and a dark-theme colour (the dark ones lighter and less
saturated, so bars do not glare on a dark window). Skimmed and noted use the
hues of the status chips in the table, so a colour means the same thing
everywhere in the app.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QColor, QPalette

from readinglist_gui.ui.status_chip import is_dark

_SERIES = {
    # role: (light, dark)
    "skimmed": ("#e0a526", "#f2c65a"),
    "noted": ("#2f9e5b", "#63cf8b"),
    "reading": ("#3b78d8", "#76a8f5"),
    "remaining": ("#c2446a", "#f07f9f"),
    "plan": ("#7a808a", "#9aa1ab"),
}


def series_color(role: str, palette: QPalette) -> QColor:
    light, dark = _SERIES[role]
    return QColor(dark if is_dark(palette) else light)


def ink(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.WindowText)


def faint_ink(palette: QPalette) -> QColor:
    """Axis labels and ticks: the text colour, a step quieter."""
    color = QColor(ink(palette))
    color.setAlphaF(0.72)
    return color


def grid(palette: QPalette) -> QColor:
    color = QColor(ink(palette))
    color.setAlphaF(0.12)
    return color


def band(palette: QPalette, strength: float = 0.07) -> QColor:
    """A week's band shaded behind the plot: under the pointer, or this week."""
    color = QColor(palette.color(QPalette.ColorRole.Highlight))
    color.setAlphaF(strength * (2.2 if is_dark(palette) else 1.0))
    return color


def background(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Base)


def nice_ticks(top: float, wanted: int = 5, whole: bool = False) -> list[float]:
    """Round values from 0 to at least ``top``, about ``wanted`` of them (1, 2, 2.5 or 5
    times a power of ten); whole numbers only if ``whole`` (counts of papers)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / wanted
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole and step < 1:
        step = 1.0
    elif whole and step == 2.5 * power:
        step = 2 * power if power >= 1 else 1.0
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 6) for i in range(count + 1)]


def tick_text(value: float) -> str:
    return f"{value:g}"
