"""The search field: search as you type, without a query per keystroke.

Typing restarts a short timer and only the pause runs the query, so a fast
typist costs one search, not one per letter; Esc clears the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from readinglist_gui.ui.icons import icon, set_themed_icon

DEBOUNCE_MS = 30


class SearchBox(QLineEdit):
    searchChanged = Signal(str)
    """The settled text, after the debounce."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setAccessibleName("Search papers")
        self.setPlaceholderText("Search titles, authors, abstracts, notes and tags  (Ctrl+F)")
        self.setClearButtonEnabled(True)
        set_themed_icon(
            self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition), "search"
        )
        self.setMinimumWidth(320)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.searchChanged.emit(self.text()))
        self.textChanged.connect(lambda _text: self._timer.start())

    def is_pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Run a pending search now (used before actions that depend on the result)."""
        if self._timer.isActive():
            self._timer.stop()
            self.searchChanged.emit(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.flush()
            return
        super().keyPressEvent(event)
