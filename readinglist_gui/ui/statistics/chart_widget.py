"""One chart on screen: paints its data, names the week under the pointer, offers export.

Hovering shades the week and shows a tooltip with the exact values (reading
time to the minute, the sessions due that week); the context menu saves the
chart as PNG or SVG (see ``export``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from readinglist_gui.ui.statistics.chart_data import ChartData
from readinglist_gui.ui.statistics.chart_painter import layout, paint_chart


class ChartWidget(QWidget):
    exportRequested = Signal(str)
    """"png" or "svg": the user asked to save this chart in that format."""

    def __init__(self, name: str, data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        """What the chart shows, for tooltips and the file name offered on export."""
        self._data = data
        self._hover: int | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(360, 220)
        self.setAccessibleName(name)

    def data(self) -> ChartData:
        return self._data

    def set_data(self, data: ChartData) -> None:
        self._data = data
        self._hover = None
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(720, 280)

    def paint_into(self, painter: QPainter, rect: QRectF, hover: int | None = None) -> None:
        """The chart as on screen, into any painter (a PNG image, an SVG generator)."""
        paint_chart(painter, rect, self.palette(), self.font(), self._data, hover)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.paint_into(painter, QRectF(self.rect()), self._hover)
        painter.end()

    def tooltip_at(self, position: QPoint) -> str | None:
        """The exact values of the week under ``position`` (None outside the plot)."""
        data = self._data
        if data.empty:
            return None
        weeks = len(data.weeks)
        index = layout(data, QRectF(self.rect()), self.font()).week_at(position.x(), weeks)
        if index is None:
            return None
        monday = data.weeks[index]
        lines = [f"Week of {monday:%a %d %b %Y}"]
        lines += [f"{s.name}: {s.text(index)}" for s in data.series]
        if index in data.notes:
            lines.append(data.notes[index])
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position().toPoint()
        text = self.tooltip_at(position)
        data = self._data
        hover = (
            None
            if text is None
            else layout(data, QRectF(self.rect()), self.font()).week_at(
                position.x(), len(data.weeks)
            )
        )
        if hover != self._hover:
            self._hover = hover
            self.update()
        if text is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.addAction("Save Chart as PNG…", lambda: self.exportRequested.emit("png"))
        menu.addAction("Save Chart as SVG…", lambda: self.exportRequested.emit("svg"))
        menu.exec(event.globalPos())
