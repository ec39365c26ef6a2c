"""SVG icons from ``resources/icons``, tinted to the current palette.

The line icons are drawn in ``currentColor`` (cut-outs in ``currentBackground``),
so one file serves light and dark themes: we substitute the palette's text and
window colours and rasterise at each size a widget asks for, which keeps them
crisp on HiDPI screens without shipping per-theme copies. Qt's SVG image plugin
does the drawing, so start-up does not pay for importing the QtSvg bindings.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QObject, QRect, QRectF, QSize
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImageReader,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractButton, QApplication, QStyleOption


def _resources() -> Path:
    """``resources/`` beside the package in a checkout or a bundle, else where pip put it."""
    beside = Path(__file__).resolve().parents[2] / "resources"
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / "readinglist-gui"


RESOURCES = _resources()
ICON_DIR = RESOURCES / "icons"


def icon(name: str) -> QIcon:
    """The icon ``name`` (file stem), drawn in the palette's text colour."""
    palette = QGuiApplication.palette()
    ink = palette.color(QPalette.ColorRole.WindowText).name()
    return _icon(name, ink, palette.color(QPalette.ColorRole.Window).name())


_NAME_PROPERTY = "themedIcon"


def set_themed_icon(target: QAction | QAbstractButton, name: str) -> None:
    """Give ``target`` the icon ``name`` and remember it, so ``retint`` can redraw it."""
    target.setProperty(_NAME_PROPERTY, name)
    target.setIcon(icon(name))


def retint(root: QObject) -> None:
    """Redraw every themed icon under ``root`` in the current palette (after a theme switch)."""
    targets: list[QAction | QAbstractButton] = [
        *root.findChildren(QAction),
        *root.findChildren(QAbstractButton),
    ]
    for target in targets:
        name = target.property(_NAME_PROPERTY)
        if name:
            target.setIcon(icon(str(name)))


def app_icon() -> QIcon:
    """The full-colour application icon."""
    return _icon("app", "", "")


@cache
def _icon(name: str, color: str, background: str) -> QIcon:
    svg = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
    if color:
        svg = svg.replace("currentColor", color).replace("currentBackground", background)
    return QIcon(_SvgEngine(QByteArray(svg.encode("utf-8"))))


def _rasterise(data: QByteArray, size: QSize) -> QPixmap:
    buffer = QBuffer(data)  # the reader does not own its device: keep it alive here
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(size)
    return QPixmap.fromImage(reader.read())


class _SvgEngine(QIconEngine):
    """Draws an SVG at each pixel size asked for, once.

    A window paints few of an icon's sizes, most of its menus' icons not at
    all before they open, and only some platforms ask for the window icon;
    drawing four sizes of every icon up front cost start-up about 14 ms.
    """

    def __init__(self, data: QByteArray) -> None:
        super().__init__()
        self._data = data
        self._drawn: dict[tuple[int, int, bool], QPixmap] = {}

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        disabled = mode is QIcon.Mode.Disabled
        key = (size.width(), size.height(), disabled)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = _rasterise(self._data, size)
            if disabled:
                style = QApplication.style()
                drawn = style.generatedIconPixmap(mode, drawn, QStyleOption())
            self._drawn[key] = drawn
        return drawn

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Draw the pixmap of as many pixels as ``rect`` covers on the device.

        The size comes from the painter's device transform, which holds the
        device pixel ratio: asking for ``painter.device()`` would make PySide
        load every widget class it has not loaded yet (10-15 ms) the first
        time an item view or a line edit paints an icon, in the first paint.
        """
        size = painter.deviceTransform().mapRect(QRectF(rect)).size().toSize()
        painter.drawPixmap(rect, self.pixmap(size, mode, state))

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._data)
