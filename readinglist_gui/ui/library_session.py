"""The app's hold on one library: open it (restoring a backup first if it must), watch it,
and put a backup in its place while the app runs.

A library that cannot be opened because its file is damaged, empty or not
a library at all is not a dead end: the user is told what is wrong in one
sentence and offered its automatic backups. Restoring while a window is open
closes that window and its library first (another program, or this one,
must not go on writing into the file that is set aside), then opens the
restored library in a new window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from readinglist_gui.core.storage_errors import RECOVERABLE_FROM_BACKUP, LibraryError
from readinglist_gui.ui.library_health import START_AFTER_MS, LibraryHealth
from readinglist_gui.ui.main_window import MainWindow

# The restore dialog is imported when first needed: most runs never restore anything.


class LibrarySession(QObject):
    """Opens ``folder`` in a window and keeps the health watch and restores going."""

    def __init__(
        self,
        folder: Path,
        settings: QSettings | None = None,
        *,
        check_after_ms: int = START_AFTER_MS,
    ) -> None:
        super().__init__()
        self.folder = folder
        self._settings = settings
        self._check_after_ms = check_after_ms
        self.window: MainWindow | None = None

    def open(self) -> bool:
        """Show the library's window; False when it cannot be opened (the user was told why)."""
        from readinglist_gui.app import create_main_window

        while True:
            try:
                window = create_main_window(self.folder, settings=self._settings)
            except LibraryError as error:
                if not self._offer_restore(error):
                    return False
                continue
            break
        self.window = window
        health = LibraryHealth.of(window)
        assert health is not None
        health.restoreRequested.connect(self._restore_from_window)
        window.show()
        health.start_after(self._check_after_ms)
        return True

    def close(self) -> None:
        """Stop the background check and release the library (the app is quitting)."""
        window, self.window = self.window, None
        if window is None:
            return
        health = LibraryHealth.of(window)
        if health is not None:
            health.stop()
        if window.isVisible():
            window.close()
        window.library.close()

    def _offer_restore(self, error: LibraryError) -> bool:
        """The library cannot be opened: say why, and offer the backups if that can help."""
        if error.problem not in RECOVERABLE_FROM_BACKUP:
            QMessageBox.critical(None, "Cannot open library", f"{error}.")
            return False
        box = QMessageBox(QMessageBox.Icon.Critical, "Cannot open library", f"{error}.")
        box.setObjectName("libraryCannotOpen")
        box.setInformativeText(
            "An automatic backup can be put in its place; the file will be kept aside."
        )
        restore = box.addButton("Restore from Backup…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is not restore:
            return False
        return self._restore(str(error), None)

    def _restore_from_window(self) -> None:
        window = self.window
        if window is None:
            return
        health = LibraryHealth.of(window)
        reason = health.banner.text.text() if health is not None and health.has_banner() else ""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        from readinglist_gui.ui.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.folder, window, reason)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return
        backup = dialog.chosen()
        assert backup is not None
        app.setQuitOnLastWindowClosed(False)
        try:
            self.close()
            self._put_in_place(backup.path, backup.describe(), None)
            if not self.open():
                app.quit()
        finally:
            app.setQuitOnLastWindowClosed(True)

    def _restore(self, reason: str, parent: QWidget | None) -> bool:
        from readinglist_gui.ui.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.folder, parent, reason)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        backup = dialog.chosen()
        return backup is not None and self._put_in_place(backup.path, backup.describe(), parent)

    def _put_in_place(self, backup: Path, described: str, parent: QWidget | None) -> bool:
        from readinglist_gui.core.recovery import Restored, restore_in_place
        from readinglist_gui.ui.restore_dialog import run_with_progress

        folder = self.folder

        def attempt() -> object:
            try:
                return restore_in_place(folder, backup)
            except LibraryError as error:
                return error

        result, unexpected = run_with_progress(
            parent, f"Restoring the backup of {described}…", attempt
        )
        if isinstance(result, Restored):
            return True
        message = str(result) if result is not None else unexpected
        QMessageBox.warning(parent, "Restore failed", f"The backup was not restored: {message}.")
        return False
