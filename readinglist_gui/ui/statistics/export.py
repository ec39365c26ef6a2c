"""Save a chart as PNG or SVG, drawn by the same code as on screen.

The PNG is rendered at twice the chart's size by default, crisp on HiDPI
screens and in slides. The SVG comes from ``QSvgGenerator`` (QtSvg ships in
PySide6-Essentials, which the project installs); its bindings are imported
only when a chart is saved, so start-up does not pay for them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QImage, QImageWriter, QPainter

from readinglist_gui.ui.statistics.chart_widget import ChartWidget


def save_png(chart: ChartWidget, path: Path, size: QSize | None = None, scale: float = 2.0) -> Path:
    """Write the chart at ``size`` (its size on screen by default) times ``scale``, in pixels."""
    logical = size or chart.size()
    image = QImage(
        round(logical.width() * scale),
        round(logical.height() * scale),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(scale)
    painter = QPainter(image)
    chart.paint_into(painter, QRectF(0, 0, logical.width(), logical.height()))
    painter.end()
    writer = QImageWriter(str(path), QByteArray(b"png"))
    if not writer.write(image):
        raise OSError(f"Could not write {path}: {writer.errorString()}")
    return path


def save_svg(chart: ChartWidget, path: Path, size: QSize | None = None) -> Path:
    """Write the chart as an SVG of ``size`` (its size on screen by default)."""
    from PySide6.QtSvg import QSvgGenerator

    if not path.parent.is_dir():
        raise OSError(f"Could not write {path}: no such folder")
    logical = size or chart.size()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(logical)
    generator.setViewBox(QRectF(0, 0, logical.width(), logical.height()))
    generator.setTitle(chart.name)
    generator.setDescription(f"{chart.name}, from Reading List")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"Could not write {path}")
    chart.paint_into(painter, QRectF(0, 0, logical.width(), logical.height()))
    painter.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"Could not write {path}")
    return path


def save_chart(chart: ChartWidget, path: Path) -> Path:
    """By the file's extension: ``.svg`` as SVG, anything else as PNG."""
    if path.suffix.lower() == ".svg":
        return save_svg(chart, path)
    return save_png(chart, path.with_suffix(".png") if not path.suffix else path)
