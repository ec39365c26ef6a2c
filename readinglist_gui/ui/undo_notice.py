"""A status-bar note of what was just done, with a button that undoes it.

For a step that needs no report but should be easy to take back (opening the
sample library). The note goes once its step is no longer the last on the
undo stack, so its button never undoes anything else, and after a while.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

SHOWN_MS = 30_000


class UndoNotice(QWidget):
    def __init__(self, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoNotice")
        self._stack = stack
        self._index: int | None = None
        """The stack's index just after the step the button undoes."""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.label = QLabel(self)
        self.label.setObjectName("undoNoticeText")
        self.undo_button = QToolButton(self)
        self.undo_button.setObjectName("undoNoticeButton")
        self.undo_button.setText("Undo")
        self.undo_button.clicked.connect(self._undo)
        layout.addWidget(self.label)
        layout.addWidget(self.undo_button)
        self._timer = QTimer(self, singleShot=True, interval=SHOWN_MS)
        self._timer.timeout.connect(self.hide)
        stack.indexChanged.connect(self._stack_moved)
        self.hide()

    def show_for_last_step(self, text: str) -> None:
        """Say ``text`` about the step just pushed, offering to undo it."""
        self._show(text, self._stack.index())
        self.undo_button.setToolTip(f"Undo “{self._stack.undoText()}”")

    def show_text(self, text: str) -> None:
        """Say ``text`` about something that cannot be undone from here."""
        self._show(text, None)

    def _show(self, text: str, index: int | None) -> None:
        self._index = index
        self.label.setText(text)
        self.undo_button.setVisible(index is not None)
        self.show()
        self._timer.start()

    def _undo(self) -> None:
        self.hide()
        if self._stack.index() == self._index:
            self._stack.undo()

    def _stack_moved(self, index: int) -> None:
        if self._index is not None and index != self._index:
            self.hide()
