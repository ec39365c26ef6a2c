"""The entry points: ``run_gui`` for the command line, ``create_main_window`` for tests and benches."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
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


def run_fresh(
    script: str, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``script`` in a fresh Python on this checkout, offscreen, as the app starts."""
    source = Path(readinglist_gui.__file__).parents[1]
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(source),
            **(env or {}),
        },
    )


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
    result = run_fresh(SHOW_WINDOW, str(filled.folder), str(tmp_path / "window.ini"))
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "readinglist_gui.ui.main_window" in loaded
    assert sorted(loaded.intersection(LOADED_WHEN_USED)) == []


START_FROM_COMMAND_LINE = """
import gc, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from readinglist_gui import cli

assert "sqlalchemy" not in sys.modules
app = QApplication([])
while_loading = []
gc.callbacks.append(
    lambda phase, info: phase == "start"
    and "sqlalchemy" in sys.modules
    and while_loading.append(gc.get_freeze_count() == 0)
)

deadline = time.monotonic() + 60

def report_and_close():  # once the app lets go of the collector, however slow the start
    if not gc.isenabled() and time.monotonic() < deadline:
        return
    poll.stop()
    from readinglist_gui.ui.main_window import MainWindow

    print(sum(while_loading), gc.isenabled(), gc.get_freeze_count() > 0)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.close()

poll = QTimer()
poll.timeout.connect(report_and_close)
poll.start(20)
sys.exit(cli.main(["--library", sys.argv[1]]))
"""


def test_the_app_started_from_the_command_line_collects_only_once_it_shows(
    filled: Library, tmp_path: Path
) -> None:
    """The command line holds the garbage collector from the moment SQLAlchemy and the
    GUI's modules start to load until the window is built (``collector_hold``); once the
    window is up, what exists is frozen and collections run again."""
    # run_gui keeps window state in the user's settings: here, in a home of the test's own.
    home = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = run_fresh(START_FROM_COMMAND_LINE, str(filled.folder), env=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "True", "True"]
