"""The status bar's word on the full-text index: "Indexing 120 of 800 PDFs", with a stop button.

While a run goes the bar shows its progress and a Stop button; afterwards,
if PDFs could not be searched (encrypted, damaged, a scan without text), a
quiet button says how many, and opens the list with each one's reason. PDFs
that were fine leave nothing behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QToolButton,
    QWidget,
)

if TYPE_CHECKING:
    from readinglist_gui.core.fulltext.indexer import IndexProgress


class IndexIndicator(QWidget):
    cancelRequested = Signal()
    problemsRequested = Signal()
    """The user wants to see which PDFs could not be searched, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fulltextIndexStatus")
        self.label = QLabel(self)
        self.label.setObjectName("fulltextIndexLabel")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("fulltextIndexProgress")
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(90)
        self.bar.setMaximumHeight(12)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("fulltextIndexCancel")
        self.cancel_button.setText("Stop")
        self.cancel_button.setToolTip("Stop indexing; the next run goes on where this one stopped")
        self.cancel_button.setAccessibleName("Stop indexing the text of PDFs")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.problems_button = QToolButton(self)
        self.problems_button.setObjectName("fulltextProblems")
        self.problems_button.setAutoRaise(True)
        self.problems_button.clicked.connect(self.problemsRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(4)
        for widget in (self.label, self.bar, self.cancel_button, self.problems_button):
            layout.addWidget(widget)
        self._show_running(False)
        self.problems_button.hide()
        self.hide()

    def show_progress(self, progress: IndexProgress) -> None:
        """A run's progress; the first one of a run shows the widget."""
        self._show_running(True)
        self.label.setText(progress.message or f"Indexing {progress.done:,} PDFs")
        self.bar.setRange(0, max(progress.total, 1))
        self.bar.setValue(progress.done)
        self.show()

    def show_idle(self, unsearchable: int) -> None:
        """No run going; ``unsearchable`` PDFs could not be indexed (0 hides the word)."""
        self._show_running(False)
        if unsearchable:
            plural = "s" if unsearchable != 1 else ""
            self.problems_button.setText(f"{unsearchable:,} PDF{plural} not searchable")
            self.problems_button.setToolTip("Which PDFs the full-text search cannot read, and why")
            self.problems_button.show()
        else:
            self.problems_button.hide()
        self.setVisible(bool(unsearchable))

    def _show_running(self, running: bool) -> None:
        for widget in (self.label, self.bar, self.cancel_button):
            widget.setVisible(running)
        if running:
            self.problems_button.hide()


def show_problems(parent: QWidget, lines: Sequence[str]) -> None:
    """The PDFs the index could not read, one line each: title, then why."""
    box = QMessageBox(parent)
    box.setObjectName("fulltextProblemsBox")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("PDFs not searchable")
    count = len(lines)
    box.setText(
        f"{count:,} PDF{'s' if count != 1 else ''} could not be indexed, so the full-text "
        "search does not find words in them."
    )
    box.setInformativeText(
        "Encrypted or damaged files are skipped; scans without a text layer have no words "
        "to index (run them through OCR to make them searchable)."
    )
    box.setDetailedText("\n".join(lines))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.open()
