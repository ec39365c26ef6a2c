"""The entry points: ``run_gui`` for the command line, ``create_main_window`` for tests and benches."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from readinglist_gui.app import run_gui
from readinglist_gui.core.library import Library
from readinglist_gui.ui.main_window import MainWindow


def test_run_gui_shows_the_library_and_returns_when_closed(
    qapp: QApplication, filled: Library
) -> None:
    seen: list[int] = []

    def close_windows() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.model.rowCount())
                widget.close()

    QTimer.singleShot(200, close_windows)
    assert run_gui(Path(filled.folder)) == 0
    assert seen == [4]
    assert qapp.applicationName() == "readinglist-gui"
    assert not qapp.windowIcon().isNull()
