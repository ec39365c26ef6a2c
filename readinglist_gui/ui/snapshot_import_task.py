"""An arXiv snapshot import in the background: a progress window with a Stop button.

The import itself is ``core.snapshot_import``: it reads the file a chunk at
a time and writes each chunk through the writer, whose change sets refresh
the window as papers arrive. Here it runs on a pool thread; its progress
reaches the GUI thread as a queued signal, and Stop sets the flag the import
looks at between chunks, so what was written stays and the report says so.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from readinglist_gui.core.importers.arxiv_snapshot import SnapshotFilter
from readinglist_gui.core.library import Library
from readinglist_gui.core.snapshot_import import SnapshotProgress, SnapshotReport, import_snapshot
from readinglist_gui.ui.background import TaskRunner

STEPS = 1000


class SnapshotImport(QObject):
    """One import of one or more snapshot files; ``finished`` carries the summed report."""

    progressed = Signal(float, str)
    """(share of the files read, what came of it so far); emitted from the worker."""
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, library: Library, tasks: TaskRunner, window: QWidget) -> None:
        super().__init__(window)
        self._library = library
        self._tasks = tasks
        self._stop = threading.Event()
        self.dialog = QProgressDialog("Reading the arXiv snapshot…", "Stop", 0, STEPS, window)
        self.dialog.setObjectName("snapshotProgress")
        self.dialog.setWindowTitle("Importing the arXiv snapshot")
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.stop)
        self.progressed.connect(self._show)

    def start(self, paths: list[Path], only: SnapshotFilter) -> None:
        library, stop = self._library, self._stop
        sizes = [path.stat().st_size for path in paths]
        total = sum(sizes) or 1

        def work() -> SnapshotReport:
            summed = SnapshotReport()
            before = 0
            for path, size in zip(paths, sizes, strict=True):

                def report(progress: SnapshotProgress, before: int = before) -> None:
                    self.progressed.emit(
                        (before + progress.read) / total,
                        f"{summed.added + progress.added:,} added, "
                        f"{summed.merged + progress.merged:,} merged, "
                        f"{summed.left_out + progress.left_out:,} left out by the filters",
                    )

                done = import_snapshot(
                    library, path, only=only, progress=report, cancelled=stop.is_set
                )
                summed.absorb(done)
                before += size
                if done.cancelled:
                    break
            return summed

        self.dialog.show()
        self._tasks.run(work, self._done, self._failed)

    def stop(self) -> None:
        """Stop after the chunk being written; the chunks written stay."""
        self._stop.set()
        self.dialog.setLabelText("Stopping after the chunk being written…")

    def _show(self, share: float, message: str) -> None:
        if not self._stop.is_set():
            self.dialog.setLabelText(f"Reading the arXiv snapshot…\n{message}")
        self.dialog.setValue(min(int(share * STEPS), STEPS - 1))

    def _done(self, report: SnapshotReport) -> None:
        self.dialog.close()
        self.finished.emit(report)
        self.deleteLater()

    def _failed(self, message: str) -> None:
        self.dialog.close()
        self.failed.emit(message)
        self.deleteLater()
