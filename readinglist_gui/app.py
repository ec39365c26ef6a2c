"""Entry point of the desktop app: builds the QApplication and wires the core into the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from readinglist_gui import collector_hold
from readinglist_gui.core.library import Library
from readinglist_gui.core.storage_errors import translated
from readinglist_gui.ui.icons import app_icon
from readinglist_gui.ui.library_health import LibraryHealth
from readinglist_gui.ui.library_session import LibrarySession
from readinglist_gui.ui.main_window import MainWindow

APP_NAME = "readinglist-gui"


def create_main_window(library_dir: Path, *, settings: QSettings | None = None) -> MainWindow:
    """Open the library and build its window; needs an existing ``QApplication``.

    ``settings`` lets tests and benchmarks keep window state out of the user's
    configuration; by default the platform's per-user settings are used. The
    caller closes ``window.library`` when done with the window; a library that
    cannot be opened or read raises ``LibraryError`` saying why. The first page
    is in the table at once; counts, ids and lists are read in the background
    once the window shows. A read-only library's window says so in its banner
    and has editing turned off (``LibraryHealth``); the background check of
    the file is started by the app's ``LibrarySession``, not here.
    """
    library = Library.open(Path(library_dir))
    try:
        with translated(library.database_path):  # a damaged table fails the first page
            window = MainWindow(library, settings if settings is not None else QSettings())
    except BaseException:
        library.close()
        raise
    LibraryHealth(window)
    return window


def run_gui(library_dir: Path) -> int:
    """Run the app on ``library_dir`` until the last window closes; returns the exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("Reading List")
    app.setDesktopFileName(APP_NAME)
    app.setWindowIcon(app_icon())
    session = LibrarySession(Path(library_dir))
    if not session.open():
        return 1
    QTimer.singleShot(0, collector_hold.release)  # held by the command line while it started
    try:
        return app.exec()
    finally:
        session.close()
