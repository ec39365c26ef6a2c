"""Entry point of the desktop app: builds the QApplication and wires the core into the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.library import Library
from readinglist_gui.ui.icons import app_icon
from readinglist_gui.ui.main_window import MainWindow

APP_NAME = "readinglist-gui"


def create_main_window(library_dir: Path, *, settings: QSettings | None = None) -> MainWindow:
    """Open the library and build its window; needs an existing ``QApplication``.

    ``settings`` lets tests and benchmarks keep window state out of the user's
    configuration; by default the platform's per-user settings are used. The
    caller closes ``window.library`` when done with the window. The first page
    is in the table at once; counts, ids and lists are read in the background
    once the window shows.
    """
    library = Library.open(Path(library_dir))
    return MainWindow(library, settings if settings is not None else QSettings())


def run_gui(library_dir: Path) -> int:
    """Run the app on ``library_dir`` until the last window closes; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("Reading List")
    app.setDesktopFileName(APP_NAME)
    app.setWindowIcon(app_icon())
    try:
        window = create_main_window(library_dir)
    except LibraryError as exc:
        QMessageBox.critical(None, "Cannot open library", str(exc))
        return 1
    window.show()
    try:
        return app.exec()
    finally:
        window.library.close()
