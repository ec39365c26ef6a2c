"""SVG icons from ``resources/icons``, tinted to the current palette.

The line icons are drawn in ``currentColor`` (cut-outs in ``currentBackground``),
so one file serves light and dark themes: we substitute the palette's text and
window colours and rasterise at several sizes, which keeps them crisp on HiDPI
screens without shipping per-theme copies. Qt's SVG image plugin does the
drawing, so start-up does not pay for importing the QtSvg bindings.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QObject, QSize
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QImageReader, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton


def _resources() -> Path:
    """``resources/`` beside the package in a checkout or a bundle, else where pip put it."""
    beside = Path(__file__).resolve().parents[2] / "resources"
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / "readinglist-gui"


RESOURCES = _resources()
ICON_DIR = RESOURCES / "icons"
_LINE_SIZES = (16, 24, 32, 48)
"""Menu, toolbar and button sizes (16 to 24 px, twice that on HiDPI); others scale from these."""
_APP_SIZES = (32, 64, 128, 256)


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
    data = QByteArray(svg.encode("utf-8"))
    result = QIcon()
    for size in _LINE_SIZES if color else _APP_SIZES:
        buffer = QBuffer(data)
        reader = QImageReader(buffer, QByteArray(b"svg"))
        reader.setScaledSize(QSize(size, size))
        result.addPixmap(QPixmap.fromImage(reader.read()))
    return result
