"""The entry points: ``run_gui`` for the command line, ``create_main_window`` for tests and benches."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import readinglist_gui
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


LOADED_WHEN_USED = (
    "readinglist_gui.core.merge",
    "readinglist_gui.core.writes.importing",
    "readinglist_gui.core.writes.upkeep",
    "readinglist_gui.core.snapshot",
    "readinglist_gui.core.reader_state",
    "readinglist_gui.core.fulltext.indexer",
    "readinglist_gui.core.fulltext.search",
    "readinglist_gui.ui.fulltext.results_view",
    "readinglist_gui.ui.fulltext.text_search",
    "readinglist_gui.ui.sample_library",
)
"""Code for writes, imports, exports, the reader and the text of PDFs: none of it is
needed to show a library, and start-up must stay within 1.5x a bare window."""

SHOW_WINDOW = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from readinglist_gui.app import create_main_window
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = create_main_window(sys.argv[1], settings=settings)
window.show()
print(" ".join(name for name in sys.modules if name.startswith("readinglist_gui")))
window.close()
window.library.close()
"""


def test_showing_a_library_loads_no_code_that_only_later_actions_need(
    filled: Library, tmp_path: Path
) -> None:
    """In a fresh process, as the app starts: the window is built and shown (the first
    paint follows) without loading what a write, an import, an export, a reader or a
    search of the PDFs' text needs; each loads when first used."""
    source = Path(readinglist_gui.__file__).parents[1]
    result = subprocess.run(
        [sys.executable, "-c", SHOW_WINDOW, str(filled.folder), str(tmp_path / "window.ini")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(source)},
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "readinglist_gui.ui.main_window" in loaded
    assert sorted(loaded.intersection(LOADED_WHEN_USED)) == []
