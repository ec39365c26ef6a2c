"""The Statistics view: three charts of how the reading is going, kept up to date.

Why plain QPainter rather than a plotting library: three small charts (bars
per week, a line against a dashed plan) take a few hundred lines of drawing
that follow the palette exactly, print to SVG through ``QSvgGenerator``
(PySide6-Essentials), and cost nothing at start-up (this package is imported
when the view first opens, 25-70 ms here). Qt Charts lives in PySide6-Addons, a
second wheel the project does not install, whose themes would need every
colour set by hand to follow the palette. pyqtgraph needs numpy: measured
with ``python -X importtime`` on the development machine, numpy alone
imports in 200-400 ms and installs 45 MB, for interactivity (pan, zoom)
that weekly charts do not need. See the README ("Reading statistics").

The numbers are computed by ``core.statistics`` on a worker thread; the view
recomputes when a change set touches statuses, reading lists or reading
(debounced, and only once the view is shown again if it is hidden).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, QSize, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readinglist_gui.core.library import Library
from readinglist_gui.core.statistics.overview import Statistics, compute_statistics
from readinglist_gui.core.writes import Aspect, ChangeSet, Scope
from readinglist_gui.ui.background import TaskRunner
from readinglist_gui.ui.icons import icon, set_themed_icon
from readinglist_gui.ui.statistics import summaries
from readinglist_gui.ui.statistics.chart_data import (
    ChartData,
    activity_chart,
    burndown_chart,
    reading_chart,
)
from readinglist_gui.ui.statistics.chart_widget import ChartWidget
from readinglist_gui.ui.statistics.export import save_png, save_svg

SHOWN = Aspect.STATUS | Aspect.LISTS | Aspect.READER
"""What the charts are drawn from: statuses, list membership, time in the reader."""
REFRESH_AFTER_MS = 400
"""Reading sends a change every page or minute; the charts catch up once it pauses."""


class Card(QFrame):
    """A rounded panel in the palette's base colour around one chart.

    Painted rather than styled: a style sheet would freeze its children's
    palette, and the charts must follow a switch between light and dark.
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        border = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        border.setAlphaF(0.14)
        painter.setPen(QPen(border, 1))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        painter.end()


class StatisticsView(QWidget):
    refreshed = Signal(object)
    """The ``Statistics`` now on screen (tests and screenshots wait for it)."""
    failed = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsView")
        self._picture: QLabel | None = None
        self._library = library
        self._tasks = TaskRunner(parent=self)
        self._running = False
        self._again = False
        self._stale = True
        self.statistics: Statistics | None = None
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_AFTER_MS)
        self._timer.timeout.connect(self.refresh)

        empty = ChartData([], [], "", "")
        self.activity = ChartWidget("Papers skimmed and noted per week", empty)
        self.reading = ChartWidget("Time spent reading per week", empty)
        self.burndown = ChartWidget("Reading list progress", empty)
        self.list_picker = QComboBox()
        self.list_picker.setObjectName("statisticsListPicker")
        self.list_picker.setAccessibleName("Reading list to chart")
        self.list_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.list_picker.currentIndexChanged.connect(lambda _index: self.refresh())
        self.summaries: dict[ChartWidget, QLabel] = {}

        grid = QGridLayout()
        grid.setContentsMargins(24, 14, 24, 16)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        grid.addWidget(self._heading(), 0, 0, 1, 2)
        grid.addWidget(self._card(self.activity), 1, 0)
        grid.addWidget(self._card(self.reading), 1, 1)
        grid.addWidget(self._card(self.burndown, self.list_picker), 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(2, 1)
        page = QWidget()
        page.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.empty_state = self._empty_state()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(scroll)
        self.stack.addWidget(self.empty_state)
        self.charts_page = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        for chart in self.charts():
            chart.exportRequested.connect(lambda kind, c=chart: self.ask_export(c, kind))

    def charts(self) -> list[ChartWidget]:
        return [self.activity, self.reading, self.burndown]

    def is_empty_shown(self) -> bool:
        return self.stack.currentWidget() is self.empty_state

    # -- keeping up ----------------------------------------------------------------------
    def apply(self, changes: ChangeSet) -> None:
        """A write's change set: recompute soon if it touched what the charts show."""
        if not changes.touches(SHOWN, Scope.LISTS):
            return
        if self.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def refresh(self) -> None:
        """Recompute every chart on a worker thread (once more after, if asked meanwhile)."""
        self._stale = False
        if self._running:
            self._again = True
            return
        self._running = True
        list_id = self.list_picker.currentData()
        library = self._library
        self._tasks.run(
            lambda: compute_statistics(library, list_id if isinstance(list_id, int) else None),
            self._show,
            self._failed,
        )

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the empty state's picture in the new ink after a switch to dark or light."""
        if event.type() == QEvent.Type.PaletteChange:
            self._draw_picture()
        super().changeEvent(event)

    def _draw_picture(self) -> None:
        if self._picture is not None:
            pixmap = icon("statistics").pixmap(QSize(64, 64), self.devicePixelRatioF())
            self._picture.setPixmap(pixmap)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _show(self, statistics: Statistics) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.refresh()
        self.statistics = statistics
        self._fill_picker(statistics)
        today = statistics.today
        self.activity.set_data(activity_chart(statistics.activity, today))
        self.reading.set_data(reading_chart(statistics.reading, today))
        self.burndown.set_data(burndown_chart(statistics.burndown, today))
        lines = {
            self.activity: summaries.activity(statistics.activity),
            self.reading: summaries.reading(statistics.reading),
            self.burndown: summaries.burndown(statistics.burndown, today),
        }
        for chart, line in lines.items():
            self.summaries[chart].setText(line)
            self.summaries[chart].setToolTip(line)
        nothing = statistics.empty and not any(c.entries for c in statistics.lists)
        self.stack.setCurrentWidget(self.empty_state if nothing else self.charts_page)
        self.refreshed.emit(statistics)

    def _failed(self, message: str) -> None:
        self._running = False
        self.failed.emit(message)

    def _fill_picker(self, statistics: Statistics) -> None:
        chosen = None if statistics.burndown is None else statistics.burndown.list_id
        blocked = self.list_picker.blockSignals(True)
        self.list_picker.clear()
        for choice in statistics.lists:
            self.list_picker.addItem(f"{choice.name} ({choice.entries})", choice.id)
        index = self.list_picker.findData(chosen)
        self.list_picker.setCurrentIndex(index)
        self.list_picker.setVisible(bool(statistics.lists))
        self.list_picker.blockSignals(blocked)

    # -- export --------------------------------------------------------------------------
    def ask_export(self, chart: ChartWidget, kind: str) -> None:
        """Ask where to save ``chart`` as ``kind`` ("png" or "svg"), then save it."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        stem = chart.name.lower().replace(" ", "-")
        name, _ = QFileDialog.getSaveFileName(
            self,
            f"Save Chart as {kind.upper()}",
            str(Path(folder or Path.home()) / f"{stem}.{kind}"),
            "PNG image (*.png)" if kind == "png" else "SVG image (*.svg)",
        )
        if name:
            self.export(chart, Path(name), kind)

    def export(self, chart: ChartWidget, path: Path, kind: str) -> Path | None:
        """Save ``chart`` at ``path``; a failure is said in one line, nothing else happens."""
        try:
            if kind == "svg":
                return save_svg(chart, path.with_suffix(".svg"))
            return save_png(chart, path.with_suffix(".png"))
        except OSError as exc:
            QMessageBox.warning(self, "Could not save the chart", str(exc))
            return None

    # -- building ------------------------------------------------------------------------
    def _heading(self) -> QWidget:
        title = QLabel("Reading statistics")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        note = QLabel("Week by week, from your library. Nothing leaves this computer.")
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(title)
        layout.addWidget(note)
        return box

    def _card(self, chart: ChartWidget, extra: QWidget | None = None) -> QFrame:
        card = Card()
        card.setObjectName("statisticsCard")
        title = QLabel(chart.name)
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.12)
        title.setFont(font)
        summary = QLabel("")
        # One line, cut short in a narrow window rather than widening the page.
        summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.summaries[chart] = summary
        button = QToolButton()
        button.setText("Export")
        button.setToolTip(f"Save “{chart.name}” as an image")
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        set_themed_icon(button, "export")
        menu = QMenu(button)
        menu.addAction("Save as PNG…", lambda: self.ask_export(chart, "png"))
        menu.addAction("Save as SVG…", lambda: self.ask_export(chart, "svg"))
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        top = QHBoxLayout()
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(title)
        words.addWidget(summary)
        top.addLayout(words, 1)
        if extra is not None:
            top.addWidget(extra, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.addLayout(top)
        layout.addWidget(chart, 1)
        chart.setMinimumHeight(215)
        return card

    def _empty_state(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        self._picture = picture = QLabel()
        self._draw_picture()
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture.setEnabled(False)
        layout.addWidget(picture)
        heading = QLabel("No reading yet…")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Skim a paper, write a note, or spend a few minutes in the reader, and your "
            "weeks will show up here: papers read, time spent reading, and how each reading "
            "list is going against its dates."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMinimumWidth(380)
        text.setMaximumWidth(480)
        text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addStretch(3)
        return page
