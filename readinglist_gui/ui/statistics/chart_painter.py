"""Draws one chart with QPainter: axes, week ticks, bars, lines, legend, empty message.

A function of (painter, rectangle, palette, data), so the widget on screen,
the PNG and the SVG export are one drawing. Geometry that hover needs (which
week is under the pointer) comes from the same ``Layout``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen

from readinglist_gui.ui.statistics import chart_style as style
from readinglist_gui.ui.statistics.chart_data import ChartData, Kind, Series

PAD = 10.0
LEGEND_GAP = 18.0


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the plot sits in the chart's rectangle, and the scale of its y axis."""

    plot: QRectF
    ticks: list[float]

    @property
    def top(self) -> float:
        return self.ticks[-1] or 1.0

    def band_width(self, weeks: int) -> float:
        return self.plot.width() / max(weeks, 1)

    def x_of(self, index: int, weeks: int) -> float:
        """The middle of week ``index``'s band."""
        return self.plot.left() + (index + 0.5) * self.band_width(weeks)

    def y_of(self, value: float) -> float:
        return self.plot.bottom() - value / self.top * self.plot.height()

    def week_at(self, x: float, weeks: int) -> int | None:
        if weeks == 0 or not self.plot.left() <= x <= self.plot.right():
            return None
        return min(int((x - self.plot.left()) / self.band_width(weeks)), weeks - 1)


def layout(data: ChartData, rect: QRectF, font: QFont) -> Layout:
    metrics = QFontMetricsF(font)
    top = max((v for s in data.series for v in s.values if v is not None), default=0.0)
    values = [v for s in data.series for v in s.values if v is not None]
    ticks = style.nice_ticks(float(top), whole=all(float(v).is_integer() for v in values))
    label_width = max(metrics.horizontalAdvance(style.tick_text(t)) for t in ticks)
    left = rect.left() + PAD + metrics.height() + 6 + label_width + 6
    legend = metrics.height() + 10
    plot = QRectF(
        left,
        rect.top() + PAD + legend,
        rect.right() - PAD - 4 - left,
        rect.height() - 2 * PAD - legend - 2 * metrics.height() - 8,
    )
    return Layout(plot, ticks)


def paint_chart(
    painter: QPainter,
    rect: QRectF,
    palette: QPalette,
    font: QFont,
    data: ChartData,
    hover: int | None = None,
) -> None:
    """The whole chart inside ``rect``, background included (exports need it)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    painter.fillRect(rect, style.background(palette))
    if data.empty:
        _empty(painter, rect, palette, data.empty_text)
        painter.restore()
        return
    geometry = layout(data, rect, font)
    weeks = len(data.weeks)
    for index, strength in ((data.current, 0.06), (hover, 0.14)):
        if index is not None:
            width = geometry.band_width(weeks)
            shade = QRectF(
                geometry.plot.left() + index * width,
                geometry.plot.top(),
                width,
                geometry.plot.height(),
            )
            painter.fillRect(shade, style.band(palette, strength))
    _y_axis(painter, geometry, palette, data.y_label)
    _x_axis(painter, geometry, palette, data)
    bars = [s for s in data.series if s.kind is Kind.BAR]
    for position, series in enumerate(bars):
        _bars(painter, geometry, palette, series, weeks, position, len(bars))
    for series in data.series:
        if series.kind is Kind.STEP:
            _step(painter, geometry, palette, series, weeks)
    for series in data.series:
        if series.kind is Kind.LINE:
            _line(painter, geometry, palette, series, weeks)
    _legend(painter, rect, palette, data.series)
    painter.restore()


def _empty(painter: QPainter, rect: QRectF, palette: QPalette, text: str) -> None:
    painter.setPen(style.faint_ink(palette))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


def _y_axis(painter: QPainter, geometry: Layout, palette: QPalette, label: str) -> None:
    metrics = QFontMetricsF(painter.font())
    plot = geometry.plot
    for tick in geometry.ticks:
        y = geometry.y_of(tick)
        painter.setPen(QPen(style.grid(palette), 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(style.faint_ink(palette))
        text = style.tick_text(tick)
        box = QRectF(plot.left() - 6 - 200, y - metrics.height() / 2, 200, metrics.height())
        painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
    painter.save()
    painter.translate(plot.left() - 12 - _label_room(geometry, metrics), plot.center().y())
    painter.rotate(-90)
    painter.setPen(style.faint_ink(palette))
    painter.drawText(
        QRectF(-plot.height() / 2, -metrics.height(), plot.height(), metrics.height()),
        Qt.AlignmentFlag.AlignCenter,
        label,
    )
    painter.restore()


def _label_room(geometry: Layout, metrics: QFontMetricsF) -> float:
    return max(metrics.horizontalAdvance(style.tick_text(t)) for t in geometry.ticks)


def _x_axis(painter: QPainter, geometry: Layout, palette: QPalette, data: ChartData) -> None:
    metrics = QFontMetricsF(painter.font())
    plot = geometry.plot
    weeks = len(data.weeks)
    width = geometry.band_width(weeks)
    painter.setPen(QPen(style.faint_ink(palette), 1))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    every = _label_every(data.weeks, width, metrics)
    for index, monday in enumerate(data.weeks):
        x = plot.left() + index * width
        labelled = index % every == 0
        painter.drawLine(
            QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + (5 if labelled else 3))
        )
        if labelled:
            text = f"{monday:%b} {monday.day}"
            painter.drawText(
                QRectF(
                    x - 2, plot.bottom() + 6, metrics.horizontalAdvance(text) + 8, metrics.height()
                ),
                Qt.AlignmentFlag.AlignLeft,
                text,
            )
    if index_note := [i for i in data.notes if 0 <= i < weeks]:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.series_color("plan", palette))
        for index in index_note:
            x = geometry.x_of(index, weeks)
            painter.drawPolygon(
                [
                    QPointF(x, plot.bottom() - 6),
                    QPointF(x - 4, plot.bottom()),
                    QPointF(x + 4, plot.bottom()),
                ]
            )
    years = (
        f"{data.weeks[0]:%Y}"
        if data.weeks[0].year == data.weeks[-1].year
        else (f"{data.weeks[0]:%Y} to {data.weeks[-1]:%Y}")
    )
    painter.setPen(style.faint_ink(palette))
    painter.drawText(
        QRectF(plot.left(), plot.bottom() + 6 + metrics.height(), plot.width(), metrics.height()),
        Qt.AlignmentFlag.AlignHCenter,
        f"Week starting ({years})",
    )


def _label_every(weeks: Sequence[dt.date], width: float, metrics: QFontMetricsF) -> int:
    """Label every n-th week so the dates never touch (1, 2, 4, 8… weeks apart)."""
    room = metrics.horizontalAdvance("Sep 30") + 12
    every = 1
    while every * width < room and every < len(weeks):
        every *= 2
    return every


def _bars(
    painter: QPainter,
    geometry: Layout,
    palette: QPalette,
    series: Series,
    weeks: int,
    position: int,
    count: int,
) -> None:
    width = geometry.band_width(weeks)
    inner = width * 0.72
    gap = min(2.0, inner * 0.08) if count > 1 else 0.0
    bar = (inner - gap * (count - 1)) / count
    color = style.series_color(series.role, palette)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    for index, value in enumerate(series.values):
        if not value:
            continue
        left = geometry.plot.left() + index * width + (width - inner) / 2 + position * (bar + gap)
        top = geometry.y_of(value)
        shape = QRectF(left, top, bar, geometry.plot.bottom() - top)
        radius = min(3.0, bar / 3)
        path = QPainterPath()
        path.addRoundedRect(shape.adjusted(0, 0, 0, radius), radius, radius)
        painter.save()
        painter.setClipRect(shape)
        painter.drawPath(path)
        painter.restore()


def _line(
    painter: QPainter, geometry: Layout, palette: QPalette, series: Series, weeks: int
) -> None:
    color = style.series_color(series.role, palette)
    points = [
        QPointF(geometry.x_of(i, weeks), geometry.y_of(v))
        for i, v in enumerate(series.values)
        if v is not None
    ]
    if not points:
        return
    fill = QPainterPath(QPointF(points[0].x(), geometry.plot.bottom()))
    for point in points:
        fill.lineTo(point)
    fill.lineTo(QPointF(points[-1].x(), geometry.plot.bottom()))
    fill.closeSubpath()
    under = color.lighter(100)
    under.setAlphaF(0.14)
    painter.fillPath(fill, under)
    painter.setPen(
        QPen(color, 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    )
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolyline(points)
    painter.setBrush(QBrush(color))
    painter.setPen(QPen(style.background(palette), 1.5))
    radius = 3.6 if geometry.band_width(weeks) >= 10 else 2.2
    for point in points:
        painter.drawEllipse(point, radius, radius)


def _step(
    painter: QPainter, geometry: Layout, palette: QPalette, series: Series, weeks: int
) -> None:
    width = geometry.band_width(weeks)
    path = QPainterPath()
    started = False
    for index, value in enumerate(series.values):
        if value is None:
            started = False
            continue
        y = geometry.y_of(value)
        left = geometry.plot.left() + index * width
        if not started:
            path.moveTo(QPointF(left, y))
            started = True
        else:
            path.lineTo(QPointF(left, y))
        path.lineTo(QPointF(left + width, y))
    pen = QPen(style.series_color(series.role, palette), 1.8, Qt.PenStyle.DashLine)
    pen.setDashPattern([4.0, 3.0])
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def _legend(painter: QPainter, rect: QRectF, palette: QPalette, series: Sequence[Series]) -> None:
    metrics = QFontMetricsF(painter.font())
    height = metrics.height()
    widths = [height + 6 + metrics.horizontalAdvance(s.name) for s in series]
    x = rect.right() - PAD - sum(widths) - LEGEND_GAP * (len(series) - 1)
    y = rect.top() + PAD
    for item, width in zip(series, widths, strict=True):
        color = style.series_color(item.role, palette)
        swatch = QRectF(x, y + height * 0.2, height * 0.9, height * 0.6)
        if item.kind is Kind.BAR:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(swatch, 2, 2)
        else:
            pen = QPen(color, 2.4 if item.kind is Kind.LINE else 1.8)
            if item.kind is Kind.STEP:
                pen.setStyle(Qt.PenStyle.DashLine)
                pen.setDashPattern([3.0, 2.0])
            painter.setPen(pen)
            middle = swatch.center().y()
            painter.drawLine(QPointF(swatch.left(), middle), QPointF(swatch.right(), middle))
        painter.setPen(style.ink(palette))
        painter.drawText(
            QRectF(x + height + 6, y, width, height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            item.name,
        )
        x += width + LEGEND_GAP
