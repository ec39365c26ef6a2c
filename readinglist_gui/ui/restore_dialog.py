"""Choosing an automatic backup to put in place of a damaged library, and putting it there.

The list says what a person needs to choose: when each backup was made and
how many papers it holds. Reading that opens every backup, so it happens on
a worker; so does the restore itself, which copies a file that may be large,
behind a busy indicator that keeps the window painted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from readinglist_gui.core.auto_backup import BackupInfo, backups_folder, list_backups
from readinglist_gui.ui.background import TaskRunner

T = TypeVar("T")
_BACKUP_ROLE = Qt.ItemDataRole.UserRole


class RestoreDialog(QDialog):
    """Lists the library's automatic backups, newest first and chosen; ``chosen()`` after OK."""

    backupsShown = Signal(int)
    """The list is filled (with this many backups)."""

    def __init__(
        self, library_folder: Path, parent: QWidget | None = None, reason: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from Backup")
        self.setMinimumWidth(520)
        self._folder = library_folder
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        if reason:
            problem = QLabel(reason, self)
            problem.setObjectName("restoreReason")
            problem.setWordWrap(True)
            font = problem.font()
            font.setBold(True)
            problem.setFont(font)
            layout.addWidget(problem)
        about = QLabel(
            "Each backup is a whole copy of the library file, checked when it was made. "
            "The file it replaces is kept beside it as library.damaged-….sqlite3: nothing is "
            "deleted. Changes made after the backup are not in it.",
            self,
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        self.backups = QListWidget(self)
        self.backups.setObjectName("restoreBackups")
        self.backups.setAccessibleName("Automatic backups")
        self.backups.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.backups, 1)
        self.status = QLabel("Reading the backups…", self)
        self.status.setObjectName("restoreStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.backups.currentItemChanged.connect(self._current_changed)
        self._reader = TaskRunner(QThreadPool(self), self)
        self._reader.run(lambda: list_backups(library_folder), self._show, self._failed)

    def chosen(self) -> BackupInfo | None:
        """The backup to restore: the current row, when it is one that can be read."""
        item = self.backups.currentItem()
        value = item.data(_BACKUP_ROLE) if item is not None else None
        return value if isinstance(value, BackupInfo) and value.papers is not None else None

    def done(self, result: int) -> None:
        self._reader.wait()
        super().done(result)

    def _show(self, backups: list[BackupInfo]) -> None:
        for info in backups:
            megabytes = info.bytes / 2**20
            item = QListWidgetItem(f"{info.created:%a} {info.describe()}  ·  {megabytes:,.1f} MB")
            item.setData(_BACKUP_ROLE, info)
            if info.papers is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.backups.addItem(item)
        readable = [row for row in range(self.backups.count()) if self._usable(row)]
        if readable:
            self.backups.setCurrentRow(readable[0])
            self.status.setText(f"Backups are kept in {backups_folder(self._folder)}.")
        else:
            self.status.setText(
                f"No automatic backup was found in {backups_folder(self._folder)}. "
                "A backup .zip can be restored into a new folder with "
                "“readinglist-gui restore FILE.zip FOLDER”."
            )
        self.backupsShown.emit(len(backups))

    def _usable(self, row: int) -> bool:
        item = self.backups.item(row)
        return bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.restore_button.setEnabled(current is not None and self.chosen() is not None)

    def _failed(self, message: str) -> None:
        self.status.setText(f"The backups could not be read: {message}")
        self.backupsShown.emit(0)


def run_with_progress(
    parent: QWidget | None, label: str, work: Callable[[], T]
) -> tuple[T | None, str | None]:
    """Run ``work`` on a worker behind a busy indicator; returns (result, None) or (None, error).

    Waits in a local event loop, so windows keep painting and the caller can
    go on as if the call were synchronous (a restore before any window exists).
    """
    progress = QProgressDialog(label, "", 0, 0, parent)
    progress.setObjectName("restoreProgress")
    progress.setWindowTitle("Reading List")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(300)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def finished(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(message: str) -> None:
        outcome["error"] = message
        loop.quit()

    # Worker and pool belong to the dialog: a pool of its own, made and dropped here,
    # crashed PySide when it was freed with the function's other locals.
    runner = TaskRunner(QThreadPool(progress), progress)
    runner.run(work, finished, failed)
    if not outcome:
        loop.exec()
    runner.wait()
    progress.close()
    progress.setParent(None)  # ours now: gone on return
    return outcome.get("result"), outcome.get("error")
