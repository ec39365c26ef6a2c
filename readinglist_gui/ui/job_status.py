"""The status bar's view of online jobs: what runs, how far it got, and a way to stop it.

It only shows what ``OnlineJobs`` reports and turns its two buttons into
calls back; when arXiv cannot be reached it says so and offers to try again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from readinglist_gui.ui.online_jobs import FetchRequest, JobProgress, OnlineJobs
from readinglist_gui.ui.plain_text import plain_tooltip
from readinglist_gui.ui.stage_words import STAGE_WORDS

MESSAGE_CHARS = 60


class JobStatus(QWidget):
    def __init__(self, jobs: OnlineJobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobStatus")
        self._jobs = jobs
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.label = QLabel(self)
        self.label.setObjectName("jobLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # it names papers and lists
        self.bar = QProgressBar(self)
        self.bar.setObjectName("jobProgress")
        self.bar.setMaximumWidth(160)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("jobCancel")
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop the online job; whatever finished is kept")
        self.retry_button = QToolButton(self)
        self.retry_button.setObjectName("jobRetry")
        self.retry_button.setText("Try again")
        self.retry_button.setToolTip("Run the waiting online jobs again")
        for widget in (self.label, self.bar, self.cancel_button, self.retry_button):
            layout.addWidget(widget)
        self.cancel_button.clicked.connect(self._cancel)
        self.retry_button.clicked.connect(jobs.retry)
        jobs.started.connect(self._started)
        jobs.progressed.connect(self.show_progress)
        jobs.offline.connect(self._offline)
        jobs.busyChanged.connect(self._busy)
        self.hide()

    def _started(self, request: FetchRequest) -> None:
        self.label.setText(f"{request.label}…")
        self.label.setToolTip("")
        self.bar.setRange(0, 0)
        self.bar.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.retry_button.hide()
        self.show()

    def show_progress(self, progress: JobProgress) -> None:
        stage = STAGE_WORDS[progress.stage].progress if progress.stage else "Starting"
        text = f"{stage}: {progress.done:,}/{progress.total:,}"
        if progress.message and progress.done < progress.total:
            message = progress.message
            if len(message) > MESSAGE_CHARS:
                message = message[: MESSAGE_CHARS - 1] + "…"
            text += f" · {message}"
        self.label.setText(text)
        self.label.setToolTip(plain_tooltip(progress.message))
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(progress.done)
        else:
            self.bar.setRange(0, 0)

    def _offline(self, _request: FetchRequest, message: str) -> None:
        self.label.setText(f"Offline: {message.split(';')[0]}")
        self.label.setToolTip(plain_tooltip(message))
        self.bar.hide()
        self.cancel_button.show()
        self.cancel_button.setToolTip("Give up the waiting online jobs")
        self.retry_button.show()
        self.show()

    def _busy(self, busy: bool) -> None:
        if not busy and not self._jobs.is_waiting_offline():
            self.hide()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
        self._jobs.cancel()
