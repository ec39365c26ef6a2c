"""Online work from the window: the Online menu's actions, their jobs, and what they report.

Jobs run on ``OnlineJobs``; this part turns the user's requests (on the
selection, a reading list or one reader's paper) into jobs, keeps the menu in
step with the queue, and reports the end of each job: ``jobEnded`` for the
window to refresh what the job changed, then a status-bar line and, when
papers failed, a report. Settling a "Needs review" paper is here too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from readinglist_gui.core.fetch_stage import Stage
from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.ui.icons import set_themed_icon
from readinglist_gui.ui.job_status import JobStatus
from readinglist_gui.ui.online_jobs import FetchRequest, OnlineJobs
from readinglist_gui.ui.query_runner import Counts
from readinglist_gui.ui.stage_words import STAGE_WORDS
from readinglist_gui.ui.view_state import ViewState


class OnlineActions(QObject):
    jobStarted = Signal()
    jobProgressed = Signal(object)
    """A ``JobProgress`` of the running job."""
    jobEnded = Signal()
    """A job finished, failed or stopped offline: what it wrote is in the library now."""
    showReviewRequested = Signal()
    statusMessage = Signal(str, int)
    """(text, milliseconds) for the status bar; empty text clears it."""

    def __init__(self, library: Library, view: ViewState, window: QWidget) -> None:
        """``window`` parents the actions, the job status and the reports."""
        super().__init__(window)
        self._library = library
        self._view = view
        self._window = window
        self._review_ids: frozenset[int] = frozenset()
        self.jobs = OnlineJobs(library, self)
        self.job_status = JobStatus(self.jobs, window)

        self.download_action = self._action(
            STAGE_WORDS[Stage.PDFS].action, lambda: self.download_pdfs(), "download"
        )
        self.download_action.setToolTip(
            "Download the selected papers' PDFs from arXiv or their links"
        )
        self.fetch_details_action = self._action(
            STAGE_WORDS[Stage.METADATA].action, lambda: self.fetch_details()
        )
        self.find_arxiv_action = self._action("Find on &arXiv", lambda: self.find_on_arxiv())
        self.find_arxiv_action.setToolTip("Look up the selected title-only papers on arXiv")
        self.review_action = self._action("&Review arXiv Matches…", self._review_current)
        self.show_review_action = self._action(
            "Show Papers That &Need Review", self.showReviewRequested.emit
        )
        self.retry_action = self._action("&Try Again", self.jobs.retry)
        self.retry_action.setEnabled(False)
        self.cancel_action = self._action("&Cancel Online Jobs", self.jobs.cancel)
        self.cancel_action.setEnabled(False)

        self.jobs.started.connect(self._job_started)
        self.jobs.progressed.connect(self.jobProgressed)
        self.jobs.finished.connect(self._job_finished)
        self.jobs.failed.connect(self._job_failed)
        self.jobs.offline.connect(lambda _request, _message: self.retry_action.setEnabled(True))
        self.jobs.busyChanged.connect(self._busy)

    def _action(self, text: str, slot: Callable[[], object], icon_name: str = "") -> QAction:
        action = QAction(text, self._window)
        if icon_name:
            set_themed_icon(action, icon_name)
        action.triggered.connect(slot)
        return action

    def selection_actions(self) -> list[QAction]:
        """What applies to the selected papers, in the order menus list them."""
        return [self.download_action, self.fetch_details_action, self.find_arxiv_action]

    # -- requests -----------------------------------------------------------------------
    def download_pdfs(self, ids: list[int] | None = None) -> None:
        """Bring down the PDFs of these papers (the selection by default) for offline reading."""
        self._for_papers(Stage.PDFS, ids)

    def fetch_details(self, ids: list[int] | None = None) -> None:
        """Fill authors, abstracts and years from arXiv for these papers (the selection)."""
        self._for_papers(Stage.METADATA, ids)

    def find_on_arxiv(self, ids: list[int] | None = None) -> None:
        """Look up title-only papers (of the selection) on arXiv by their titles."""
        self._for_papers(Stage.TITLES, ids)

    def fetch_for_list(self, stage: Stage, list_id: int, section_id: int | None = None) -> None:
        """Run ``stage`` for a reading list, or one section of it."""
        info = next((i for i in self._library.lists() if i.id == list_id), None)
        if info is None:
            return
        name = info.name
        if section_id is None:
            self.jobs.submit(FetchRequest.for_stage(stage, f"“{name}”", list_name=name))
            return
        heading = next((s.heading for s in info.sections if s.id == section_id), "")
        query = PaperQuery(list_id=list_id, section_id=section_id)
        self.jobs.submit(FetchRequest.for_stage(stage, f"“{heading or name}”", query=query))

    def download_for_reader(self, paper_id: int) -> None:
        self.jobs.submit(FetchRequest.for_stage(Stage.PDFS, "this paper", paper_ids=(paper_id,)))

    def _for_papers(self, stage: Stage, ids: list[int] | None) -> None:
        chosen = self._view.selected_ids() if ids is None else ids
        if chosen:
            label = "1 paper" if len(chosen) == 1 else f"{len(chosen):,} papers"
            self.jobs.submit(FetchRequest.for_stage(stage, label, paper_ids=tuple(chosen)))

    # -- review -------------------------------------------------------------------------
    def review_paper(self, paper_id: int) -> QDialog:
        """Open the review of one "Needs review" paper (settling it is a write like any other)."""
        from readinglist_gui.ui.dialogs.review_dialog import ReviewDialog

        dialog = ReviewDialog(self._library, paper_id, self._window)
        dialog.open()
        return dialog

    def _review_current(self) -> None:
        paper_id = self._view.current_id()
        if paper_id is not None:
            self.review_paper(paper_id)

    def show_counts(self, counts: Counts) -> None:
        """The papers waiting for review, when they came with the counts (with the lists)."""
        if counts.review_ids is not None:
            self._review_ids = frozenset(counts.review_ids)
            self.show_review_action.setEnabled(bool(counts.review_ids))
            self._enable_review()

    def selection_changed(self, selected: int) -> None:
        for action in self.selection_actions():
            action.setEnabled(selected > 0)
        self._enable_review(selected)

    def _enable_review(self, selected: int | None = None) -> None:
        if selected is None:
            selected = len(self._view.selected_ids())
        current = self._view.current_id() if selected == 1 else None
        self.review_action.setEnabled(current in self._review_ids)

    # -- the queue ----------------------------------------------------------------------
    def shutdown(self) -> None:
        """Cancel every job and close the connections (the window is closing)."""
        self.jobs.shutdown()

    def _job_started(self, _request: FetchRequest) -> None:
        self.retry_action.setEnabled(False)
        self.jobStarted.emit()

    def _busy(self, busy: bool) -> None:
        self.cancel_action.setEnabled(busy or self.jobs.is_waiting_offline())

    def _job_finished(self, request: FetchRequest, summary: object) -> None:
        from readinglist_gui.core.fetch_report import FetchSummary
        from readinglist_gui.ui.dialogs.fetch_report import fetch_report_box

        assert isinstance(summary, FetchSummary)
        self.jobEnded.emit()
        if summary.offline:
            return
        self.statusMessage.emit(f"{request.label}: {summary.text()}", 15000)
        if summary.failures:
            fetch_report_box(self._library, request.label, summary, self._window).open()

    def _job_failed(self, request: FetchRequest, message: str) -> None:
        self.jobEnded.emit()
        self.statusMessage.emit("", 0)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            request.label,
            f"{request.label} failed: {message}",
            parent=self._window,
        )
        box.setObjectName("onlineJobFailed")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the label names a list or section
        box.open()
