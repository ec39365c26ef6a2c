"""Marks on the rows whose PDF is coming down, while an online job runs.

A finished download keeps its mark until its row, read again, shows the PDF
attached. The job attaches finished downloads in batches, so their rows are
read again twice a second, on a worker: while the download threads hold the
interpreter, each step of a read on the GUI thread, and each repaint, waits
its turn. One repaint per paper when its mark goes is all it costs.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject

from readinglist_gui.core.library import Library
from readinglist_gui.core.results import PaperRow
from readinglist_gui.ui import pdf_badge
from readinglist_gui.ui.background import TaskRunner
from readinglist_gui.ui.library_view.table_model import PaperTableModel
from readinglist_gui.ui.library_view.table_view import PaperTableView
from readinglist_gui.ui.online_jobs import JobProgress

MARKS_PER_SNAPSHOT = 6
"""Title cells repainted per progress snapshot; a burst of finished downloads waits its turn."""
ROW_READ_INTERVAL = 0.5
"""Seconds between reads of finished downloads' rows; the job attaches them about as often."""


class DownloadMarks(QObject):
    def __init__(
        self,
        library: Library,
        model: PaperTableModel,
        table: PaperTableView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._model = model
        self._table = table
        self._row_reader = TaskRunner(parent=self)
        """Reads rows of finished downloads off the GUI thread while a job keeps SQLite busy."""
        self._reading_rows = False
        self._awaiting_pdf: dict[int, float] = {}
        """Papers on screen whose download ended (and when), until their rows are read again."""
        self._rows_read_at = 0.0
        self._job_running = False

    def job_started(self) -> None:
        self._job_running = True
        pdf_badge.prepare()

    def show(self, progress: JobProgress) -> None:
        """Mark rows whose PDF is coming down; a finished one keeps its mark until it is read."""
        now = time.monotonic()
        visible = self._table.visible_rows()
        for paper_id in self._model.cached_ids(progress.finished):
            if self._model.row_of(paper_id) in visible:
                self._awaiting_pdf.setdefault(paper_id, now)
        marks: dict[int, float | None] = dict.fromkeys(self._awaiting_pdf, 1.0)
        marks.update(progress.downloading)
        self._model.show_downloads(marks, visible, MARKS_PER_SNAPSHOT)
        if (
            self._awaiting_pdf
            and not self._reading_rows
            and now - self._rows_read_at >= ROW_READ_INTERVAL
        ):
            self._reading_rows = True
            self._rows_read_at = now
            library, ids = self._library, list(self._awaiting_pdf)
            self._row_reader.run(lambda: library.rows(ids), self._rows_read, self._rows_failed)

    def job_ended(self) -> None:
        """Every mark goes: the refresh after the job shows each row as it now is."""
        self._job_running = False
        self._model.show_downloads({})
        self._awaiting_pdf.clear()

    def _rows_read(self, rows: list[PaperRow]) -> None:
        """Attached PDFs lose their marks; so does a failed one once its batch has surely gone."""
        self._reading_rows = False
        if not self._job_running:
            return
        self._model.store_rows(rows)
        asked = self._rows_read_at
        for row in rows:
            ended = self._awaiting_pdf.get(row.id)
            if ended is not None and (row.has_pdf or asked - ended > 2 * ROW_READ_INTERVAL):
                del self._awaiting_pdf[row.id]

    def _rows_failed(self, _message: str) -> None:
        self._reading_rows = False
