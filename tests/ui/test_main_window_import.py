"""First run and importing: the empty state, the sample library, the import report."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.sample_library import WITH_PDF

WindowFactory = Callable[[Path], MainWindow]


def test_an_empty_library_offers_import_and_the_sample(
    qtbot: QtBot, tmp_path: Path, open_window: WindowFactory
) -> None:
    window = open_window(tmp_path / "empty")
    assert window.stack.currentWidget() is window.empty_state
    sample = window.findChild(QPushButton, "emptySampleButton")
    assert window.findChild(QPushButton, "emptyImportButton").isVisible()

    with qtbot.waitSignal(window.importFinished, timeout=10000) as finished:
        qtbot.mouseClick(sample, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert finished.args[0].added > 20
    assert window.stack.currentWidget() is window.content_splitter
    assert window.model.rowCount() == finished.args[0].added
    lists = window.library.lists()
    assert len(lists) == 3
    assert any(section.date for info in lists for section in info.sections)
    assert window.sidebar.tags.tag_names()
    with_pdf = [pid for pid in window.library.ids() if window.library.pdf_path(pid)]
    assert len(with_pdf) == len(WITH_PDF)
    assert all(window.library.pdf_path(pid).is_file() for pid in with_pdf)


def test_the_sample_library_needs_no_report_and_can_be_undone(
    qtbot: QtBot, tmp_path: Path, open_window: WindowFactory
) -> None:
    window = open_window(tmp_path / "empty")
    with qtbot.waitSignal(window.importFinished, timeout=10000) as finished:
        window.empty_state.sample_button.click()
    qtbot.waitUntil(window.is_settled, timeout=5000)
    added = finished.args[0].added
    assert window.findChild(QMessageBox, "importReport") is None
    notice = window.findChild(QWidget, "undoNotice")
    assert notice.isVisible()
    assert f"{added} papers" in notice.findChild(QLabel, "undoNoticeText").text()

    qtbot.mouseClick(notice.findChild(QToolButton, "undoNoticeButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.is_settled() and window.model.rowCount() == 0, timeout=5000)
    assert window.library.ids() == []
    assert window.stack.currentWidget() is window.empty_state
    assert not notice.isVisible()

    window.edits.undo_stack.redo()
    qtbot.waitUntil(lambda: window.is_settled() and window.model.rowCount() == added, timeout=5000)
    with_pdf = [pid for pid in window.library.ids() if window.library.pdf_path(pid)]
    assert len(with_pdf) == len(WITH_PDF)


def test_import_runs_in_the_background_and_reports_problems(
    qtbot: QtBot, tmp_path: Path, open_window: WindowFactory
) -> None:
    source = tmp_path / "list.json"
    source.write_text(
        json.dumps(
            {
                "format": "readinglist-gui/1",
                "papers": [
                    {"title": "A Paper Worth Reading", "tags": ["fresh"]},
                    {"authors": ["Nobody"]},
                ],
            }
        ),
        encoding="utf-8",
    )
    window = open_window(tmp_path / "library")
    with qtbot.waitSignal(window.importFinished, timeout=10000) as finished:
        window.files.import_paths([source])
    qtbot.waitUntil(window.is_settled, timeout=5000)
    report = finished.args[0]
    assert report.added == 1
    assert len(report.problems) == 1
    assert window.model.rowCount() == 1
    box = window.findChild(QMessageBox, "importReport")
    assert box is not None and box.isVisible()
    assert "no title" in box.detailedText()
    assert window.sidebar.tags.tag_names() == ["fresh"]


def test_an_unreadable_file_is_reported_not_raised(
    qtbot: QtBot, tmp_path: Path, open_window: WindowFactory
) -> None:
    source = tmp_path / "gone.json"
    window = open_window(tmp_path / "library")
    with qtbot.waitSignal(window.importFailed, timeout=10000) as failed:
        window.files.import_paths([source])
    assert "gone.json" in failed.args[0]
    assert window.model.rowCount() == 0


def test_export_writes_the_papers_in_view(qtbot: QtBot, tmp_path: Path, window: MainWindow) -> None:
    target = tmp_path / "out.json"
    with qtbot.waitSignal(window.exportFinished, timeout=10000):
        window.files.export_to(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data["papers"]) == 4
    assert not list(tmp_path.glob(".out.json.*"))
