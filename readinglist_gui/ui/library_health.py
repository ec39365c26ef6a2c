"""Watching over the library file from the app: read-only mode, background checks, backups.

Opening a library already glanced at its header and read its schema (the
quick check, proportionate to any size of file). A while after the window
is up, one job on a thread of its own reads the whole file: the day's
automatic backup when one is due, whose copy is then checked page by page
(the copy is page for page the library, so that is the full check), or
else SQLite's integrity check of the library itself. Either only reads the
library, which in WAL mode never blocks a write, and it waits for imports
and downloads to finish before it starts. Damage found shows in the banner,
with "Restore from Backup…".

The window knows nothing about backups: it offers ``busyChanged``,
``readFailed`` and ``lock_editing``, and shows the banner this makes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QToolBar

from readinglist_gui.core.database import DATABASE_NAME, is_read_only
from readinglist_gui.core.storage_errors import LibraryError, Problem
from readinglist_gui.ui.background import TaskRunner

# Checks and backups are imported by the worker that runs them, off the start-up path.
if TYPE_CHECKING:
    from readinglist_gui.core.auto_backup import BackupInfo
    from readinglist_gui.core.integrity import CheckResult
    from readinglist_gui.ui.library_banner import LibraryBanner
    from readinglist_gui.ui.main_window import MainWindow

START_AFTER_MS = 8000
"""How long after the window shows the full check starts: start-up and the first
queries have the disk and both cores to themselves."""
RETRY_AFTER_MS = 5000
"""How long a check waits when the window is busy importing or downloading."""
SUSPECT_EVERY_S = 60.0
"""A failed read brings the check forward at most this often."""
READ_ONLY_NOTICE = "This library is read-only: changes cannot be saved."


class LibraryHealth(QObject):
    """The banner, the read-only lock and the background check of one window's library."""

    restoreRequested = Signal()
    checked = Signal(object)
    """A ``CheckResult`` once the background check is done, whole or not."""
    backedUp = Signal(object)
    """A ``BackupInfo`` once the day's automatic backup is made."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("libraryHealth")
        self._window = window
        self._folder = window.library.folder
        self.read_only = is_read_only(window.library.engine)
        self._banner: LibraryBanner | None = None
        self._stop = threading.Event()
        self._busy = False
        self._window_working = False
        self._runner: TaskRunner | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._begin)
        self._started = False
        self._suspected_at = -SUSPECT_EVERY_S
        window.busyChanged.connect(self._window_busy)
        window.readFailed.connect(self._suspect)
        window.importFailed.connect(self._suspect)
        if self.read_only:
            self.banner.show_read_only(str(window.library.database_path))
            window.lock_editing(READ_ONLY_NOTICE)

    @classmethod
    def of(cls, window: MainWindow) -> LibraryHealth | None:
        return window.findChild(cls, "libraryHealth")

    @property
    def banner(self) -> LibraryBanner:
        """Made when first needed: a healthy, writable library's start-up never builds it."""
        if self._banner is None:
            from readinglist_gui.ui.library_banner import LibraryBanner

            self._banner = LibraryBanner()
            self._banner.restoreRequested.connect(self.restoreRequested)
            _put_above_tabs(self._window, self._banner)
        return self._banner

    def has_banner(self) -> bool:
        """Whether the banner is showing (without building one to ask)."""
        return self._banner is not None and self._banner.isVisible()

    def start_after(self, delay_ms: int = START_AFTER_MS) -> None:
        """Schedule the background check (and the day's backup), once, ``delay_ms`` from now."""
        self._started = True
        self._timer.start(delay_ms)

    def _suspect(self, _message: str) -> None:
        """A read or an import failed: check the file now rather than later, in case it is
        damaged (at most once a minute, and only once the app has started watching)."""
        now = time.monotonic()
        if not self._started or self._busy or now - self._suspected_at < SUSPECT_EVERY_S:
            return
        self._suspected_at = now
        self._timer.start(0)

    def stop(self) -> None:
        """Abandon a check under way and wait for the job to end (before closing the library)."""
        self._timer.stop()
        self._stop.set()
        if self._runner is not None:
            self._runner.wait()

    def _window_busy(self, busy: bool) -> None:
        self._window_working = busy

    def _begin(self) -> None:
        if self._window_working or not self._window.online_actions.jobs.is_idle():
            self._timer.start(RETRY_AFTER_MS)
            return
        self._busy = True
        if self._runner is None:
            self._runner = TaskRunner(QThreadPool(self), self)
        folder, read_only, stop = self._folder, self.read_only, self._stop
        self._runner.run(lambda: _examine(folder, read_only, stop), self._done, self._failed)

    def _done(self, found: Examined) -> None:
        self._busy = False
        if found.made is not None:
            self._window.statusBar().showMessage(
                f"Automatic backup made ({found.made.describe()})", 8000
            )
            self.backedUp.emit(found.made)
        elif found.note:
            self._window.statusBar().showMessage(found.note, 15000)
        if found.check is None:
            return
        if not found.check.ok:
            headline, details = damage_words(found.check)
            self.banner.show_damage(headline, details, restorable=found.restorable)
        self.checked.emit(found.check)

    def _failed(self, message: str) -> None:
        self._busy = False
        if not self._stop.is_set():
            self._window.statusBar().showMessage(f"The library could not be checked: {message}")


@dataclass(frozen=True, slots=True)
class Examined:
    """What the background job found: the check, the backup made, and any note on the backup."""

    check: CheckResult | None
    made: BackupInfo | None = None
    note: str = ""
    restorable: bool = False
    """Whether a readable backup exists, for a damaged library (read on the worker too)."""


def _examine(folder: Path, read_only: bool, stop: threading.Event) -> Examined:
    """The worker's part: the due backup (its check is the library's), or a check alone."""
    from readinglist_gui.core import auto_backup
    from readinglist_gui.core.integrity import full_check

    note, made, check = "", None, None
    try:
        if not read_only and auto_backup.is_due(folder):
            try:
                outcome = auto_backup.make_backup(folder, interrupted=stop.is_set)
            except LibraryError as exc:
                note = f"No automatic backup today: {exc}"
            else:
                check, made = outcome.check, outcome.made
                note = f"No automatic backup today: {outcome.skipped}" if check is None else ""
        if check is None:
            check = full_check(folder / DATABASE_NAME, interrupted=stop.is_set)
    except InterruptedError:
        return Examined(None)
    restorable = not check.ok and any(
        info.papers is not None for info in auto_backup.list_backups(folder)
    )
    return Examined(check, made, note, restorable)


def damage_words(check: CheckResult) -> tuple[str, str]:
    """A sentence on what a failed check means, and SQLite's own findings for the curious."""
    details = "\n".join(check.problems[:12])
    if check.kind is Problem.DAMAGED and not check.problems[0].startswith(str(check.path)):
        count = len(check.problems)
        found = f"{count} problem{'s' if count != 1 else ''}"
        return f"The library file is damaged: SQLite's integrity check found {found}.", details
    return f"{check.problems[0]}.", details


def _put_above_tabs(window: MainWindow, banner: LibraryBanner) -> None:
    """Show the banner in a row of its own under the toolbar, across the whole window.

    A toolbar area rather than a new parent for the tabs: reparenting them
    would break the window's tab order, and a bar leaves the window untouched.
    """
    bar = QToolBar("Library status", window)
    bar.setObjectName("libraryBannerBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)
    bar.setContentsMargins(0, 0, 0, 0)
    bar.setStyleSheet("QToolBar#libraryBannerBar { border: 0; padding: 0; spacing: 0; }")
    held = bar.addWidget(banner)  # in a toolbar, the action shows and hides the widget
    bar.setVisible(False)

    def follow(visible: bool) -> None:
        held.setVisible(visible)
        bar.setVisible(visible)

    banner.visibilityChanged.connect(follow)
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
