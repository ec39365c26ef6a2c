"""Fixtures for driving the real main window on a real library in ``tmp_path``.

Window state goes to an INI file in ``tmp_path``, never to the user's settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from readinglist_gui.app import create_main_window
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord, RecordBatch, Status
from readinglist_gui.ui.main_window import MainWindow

WindowFactory = Callable[[Path], MainWindow]


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


def build_window(qtbot: QtBot, library_dir: Path, settings_path: Path) -> MainWindow:
    """A window built the way the app builds it, not shown yet."""
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    window = create_main_window(library_dir, settings=settings)
    qtbot.addWidget(window)
    return window


@pytest.fixture
def open_window(qtbot: QtBot, settings_path: Path) -> Iterator[WindowFactory]:
    """Open windows the way the app does; each is closed and its library released."""
    opened: list[MainWindow] = []

    def factory(library_dir: Path) -> MainWindow:
        window = build_window(qtbot, library_dir, settings_path)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(window.is_settled, timeout=5000)
        opened.append(window)
        return window

    yield factory
    for window in opened:
        window.close()
        window.library.close()


@pytest.fixture
def unshown_window(qtbot: QtBot, filled: Library, settings_path: Path) -> Iterator[MainWindow]:
    """The window on the shared small library, built but left for the test to show."""
    window = build_window(qtbot, filled.folder, settings_path)
    yield window
    window.close()
    window.library.close()


@pytest.fixture
def window(filled: Library, open_window: WindowFactory) -> MainWindow:
    """The main window on the shared small sample library."""
    return open_window(filled.folder)


BIG = 2_500
"""Papers in ``big_library``: enough for many blocks, small enough to build quickly."""


@pytest.fixture
def big_library(library: Library) -> Library:
    library.import_batch(numbered_batch(BIG))
    return library


def numbered_batch(count: int) -> RecordBatch:
    """``count`` distinct papers with predictable years, statuses and tags."""
    statuses = list(Status)
    papers = [
        PaperRecord(
            title=f"Paper number {n:05d} on efficient inference",
            authors=[f"Author {n % 37}"],
            year=1990 + n % 35,
            tags=[f"topic-{n % 5}"],
            status=statuses[n % 3],
        )
        for n in range(count)
    ]
    return RecordBatch(papers=papers)
