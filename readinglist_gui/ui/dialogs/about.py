"""Help → About: the version, the library on screen, and how to restore a backup."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

import readinglist_gui


def show_about(parent: QWidget, library_folder: Path) -> None:
    QMessageBox.about(
        parent,
        "About Reading List",
        f"<b>Reading List</b> {readinglist_gui.__version__}<br>"
        "A calm, offline-first reading tracker for research papers.<br><br>"
        f"Library: {escape(str(library_folder))}<br><br>"
        "To restore a backup, run <code>readinglist-gui restore BACKUP.zip FOLDER</code> "
        "(into a new, empty folder), then open that folder with "
        "<code>readinglist-gui --library FOLDER</code>.",
    )
