"""The Statistics view in the real window, on real libraries with a reading history."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton
from pytestqt.qtbot import QtBot
from reading_history import with_history

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
    Status,
)
from readinglist_gui.core.statistics.overview import Statistics
from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.statistics import StatisticsView
from readinglist_gui.ui.statistics.chart_painter import layout
from readinglist_gui.ui.statistics.export import save_png, save_svg

WindowFactory = Callable[[Path], MainWindow]
TIMEOUT = 10_000


def statistics_action(window: MainWindow) -> QAction:
    view_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"
    )
    return next(a for a in view_menu.actions() if a.text().replace("&", "") == "Statistics")


def opened(qtbot: QtBot, window: MainWindow, how: str = "menu") -> StatisticsView:
    """Open the view as a user would and wait for its first numbers."""
    with qtbot.waitSignal(window.tabs.currentChanged, timeout=TIMEOUT):
        if how == "menu":
            statistics_action(window).trigger()
        else:
            button = window.sidebar.findChild(QToolButton, "sidebarStatistics")
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    view = window.statistics
    assert view is not None and window.tabs.currentWidget() is view
    qtbot.waitUntil(lambda: view.statistics is not None, timeout=TIMEOUT)
    return view


def totals(view: StatisticsView) -> tuple[int, int, int]:
    stats = view.statistics
    assert isinstance(stats, Statistics)
    return (
        sum(w.skimmed for w in stats.activity),
        sum(w.noted for w in stats.activity),
        sum(w.seconds for w in stats.reading),
    )


def test_view_menu_opens_charts_of_the_library(
    qtbot: QtBot, library: Library, open_window: WindowFactory
) -> None:
    with_history(library, dt.date.today())
    window = open_window(library.folder)
    assert statistics_action(window).shortcut() == QKeySequence("Ctrl+Shift+S")
    view = opened(qtbot, window)
    assert not view.is_empty_shown()
    assert totals(view) == (3, 2, 90 * 60)
    activity = view.activity.data()
    assert [s.name for s in activity.series] == ["Skimmed", "Noted"]
    assert sum(v or 0 for v in activity.series[0].values) == 3
    burndown = view.burndown.data()
    assert [s.name for s in burndown.series] == ["Unread", "Plan"]
    assert burndown.series[0].values[0] == 6
    assert view.list_picker.currentText() == "Course (6)"
    assert "1 h 30 min" in view.summaries[view.reading].text()


def test_the_sidebar_entry_opens_the_same_tab_again(
    qtbot: QtBot, library: Library, open_window: WindowFactory
) -> None:
    with_history(library, dt.date.today())
    window = open_window(library.folder)
    view = opened(qtbot, window, how="sidebar")
    window.tabs.show_library()
    assert opened(qtbot, window, how="sidebar") is view
    assert window.tabs.count() == 2
    with qtbot.waitSignal(view.destroyed, timeout=TIMEOUT):
        window.tabs.close_tab(window.tabs.indexOf(view))
    assert window.statistics is None
    assert opened(qtbot, window).statistics is not None


def test_an_empty_library_says_there_is_no_reading_yet(
    qtbot: QtBot, library: Library, open_window: WindowFactory
) -> None:
    window = open_window(library.folder)
    view = opened(qtbot, window)
    assert view.is_empty_shown()
    assert view.empty_state.isVisible()
    assert not view.charts_page.isVisible()


def test_charts_follow_a_status_change(
    qtbot: QtBot, library: Library, open_window: WindowFactory
) -> None:
    ids = with_history(library, dt.date.today())
    window = open_window(library.folder)
    view = opened(qtbot, window)
    assert totals(view)[:2] == (3, 2)
    remaining_before = view.burndown.data().series[0].values
    with qtbot.waitSignal(view.refreshed, timeout=TIMEOUT):
        window.library.set_status([ids[3]], Status.SKIMMED)
    assert totals(view)[:2] == (4, 2)
    last = [v for v in view.burndown.data().series[0].values if v is not None][-1]
    assert last == [v for v in remaining_before if v is not None][-1] - 1


def test_a_hidden_view_catches_up_when_shown_again(
    qtbot: QtBot, library: Library, open_window: WindowFactory
) -> None:
    ids = with_history(library, dt.date.today())
    window = open_window(library.folder)
    view = opened(qtbot, window)
    window.tabs.show_library()
    window.library.set_status([ids[4]], Status.NOTED)
    qtbot.waitUntil(window.is_settled, timeout=TIMEOUT)
    assert totals(view)[:2] == (3, 2)
    with qtbot.waitSignal(view.refreshed, timeout=TIMEOUT):
        window.show_statistics()
    assert totals(view)[:2] == (3, 3)


def test_empty_first_then_data_once_something_is_read(
    qtbot: QtBot, library: Library, open_window: WindowFactory
) -> None:
    paper = library.add_paper(PaperRecord(title="Only"))
    window = open_window(library.folder)
    view = opened(qtbot, window)
    assert view.is_empty_shown()
    with qtbot.waitSignal(view.refreshed, timeout=TIMEOUT):
        window.library.set_note(paper, "Read it.")
    assert not view.is_empty_shown()
    assert totals(view)[:2] == (0, 1)


def test_hovering_a_week_names_its_exact_values(
    qtbot: QtBot, library: Library, open_window: WindowFactory
) -> None:
    with_history(library, dt.date.today())
    window = open_window(library.folder)
    view = opened(qtbot, window)
    chart = view.activity
    data = chart.data()
    index = next(i for i, v in enumerate(data.series[0].values) if v == 2)
    geometry = layout(data, QRectF(chart.rect()), chart.font())
    x = round(geometry.x_of(index, len(data.weeks)))
    text = chart.tooltip_at(QPoint(x, round(geometry.plot.center().y())))
    assert text is not None
    assert "Skimmed: 2" in text and "Noted: 0" in text
    assert text.startswith(f"Week of {data.weeks[index]:%a %d %b %Y}")
    reading = view.reading
    rdata = reading.data()
    rindex = next(i for i, v in enumerate(rdata.series[0].values) if v)
    rgeo = layout(rdata, QRectF(reading.rect()), reading.font())
    rtext = reading.tooltip_at(
        QPoint(round(rgeo.x_of(rindex, len(rdata.weeks))), round(rgeo.plot.center().y()))
    )
    assert rtext is not None and "Time reading: 30 min" in rtext
    assert chart.tooltip_at(QPoint(1, 1)) is None


def test_each_chart_exports_as_png_and_svg(
    qtbot: QtBot, library: Library, open_window: WindowFactory, tmp_path: Path
) -> None:
    with_history(library, dt.date.today())
    window = open_window(library.folder)
    view = opened(qtbot, window)
    for number, chart in enumerate(view.charts()):
        png = view.export(chart, tmp_path / f"chart{number}.png", "png")
        assert png is not None
        image = QImage(str(png))
        assert not image.isNull()
        assert image.size() == chart.size() * 2
        svg = view.export(chart, tmp_path / f"chart{number}.svg", "svg")
        assert svg is not None
        root = ET.parse(svg).getroot()
        assert root.tag.endswith("svg")
        assert root.get("viewBox") == f"0 0 {chart.width()} {chart.height()}"
        assert chart.name in svg.read_text(encoding="utf-8")
    fixed = save_png(view.activity, tmp_path / "fixed.png", QSize(400, 250), scale=1)
    assert QImage(str(fixed)).size() == QSize(400, 250)
    assert save_svg(view.activity, tmp_path / "fixed.svg", QSize(400, 250)).is_file()


def test_charts_are_drawn_in_the_palette(
    qtbot: QtBot, library: Library, open_window: WindowFactory, tmp_path: Path
) -> None:
    with_history(library, dt.date.today())
    window = open_window(library.folder)
    view = opened(qtbot, window)
    chart = view.activity
    for base in (QColor("#ffffff"), QColor("#242424")):
        palette = QPalette(chart.palette())
        palette.setColor(QPalette.ColorRole.Base, base)
        chart.setPalette(palette)
        image = QImage(str(save_png(chart, tmp_path / "p.png", scale=1)))
        assert image.pixelColor(2, 2) == base


def test_saving_where_it_cannot_says_so_in_one_line(
    qtbot: QtBot, library: Library, open_window: WindowFactory, tmp_path: Path
) -> None:
    window = open_window(library.folder)
    view = opened(qtbot, window)
    shown: list[str] = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        shown.append(str(args[2]))
        return QMessageBox.StandardButton.Ok

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QMessageBox, "warning", answer)
        missing = tmp_path / "no" / "such" / "folder" / "chart.png"
        assert view.export(view.activity, missing, "png") is None
    assert shown and "chart.png" in shown[0] and "\n" not in shown[0]
    assert not missing.exists()


def test_charts_follow_the_application_switching_to_dark(
    qtbot: QtBot, library: Library, open_window: WindowFactory
) -> None:
    with_history(library, dt.date.today())
    window = open_window(library.folder)
    view = opened(qtbot, window)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QPalette(app.palette())
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Base, QColor("#242424"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#323232"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(
            lambda: all(
                c.palette().color(QPalette.ColorRole.Base) == QColor("#242424")
                for c in view.charts()
            ),
            timeout=TIMEOUT,
        )
    finally:
        app.setPalette(before)


def test_the_list_picker_chooses_the_burn_down(
    qtbot: QtBot, library: Library, open_window: WindowFactory
) -> None:
    with_history(library, dt.date.today())
    library.import_batch(
        RecordBatch(
            papers=[PaperRecord(title="A"), PaperRecord(title="B"), PaperRecord(title="C")],
            lists=[
                ListRecord(
                    "Another list",
                    sections=[SectionRecord("All", entries=[EntryRecord(i) for i in range(3)])],
                )
            ],
        )
    )
    window = open_window(library.folder)
    view = opened(qtbot, window)
    picker = view.list_picker
    assert [picker.itemText(i) for i in range(picker.count())] == [
        "Another list (3)",
        "Course (6)",
    ]
    assert picker.currentText() == "Course (6)"  # the list with a plan comes first
    with qtbot.waitSignal(view.refreshed, timeout=TIMEOUT):
        picker.setCurrentIndex(0)
    stats = view.statistics
    assert stats is not None and stats.burndown is not None
    assert stats.burndown.name == "Another list"
    assert picker.currentText() == "Another list (3)"
    assert [s.name for s in view.burndown.data().series] == ["Unread"]
