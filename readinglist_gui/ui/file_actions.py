"""Files in and out of the library: import, export, back up, and the sample library.

Every one runs in the background and reports through signals: an import
with ``importFinished`` (the window refreshes every part, and a report box
says what came in and what did not), an export or backup with a line in the
status bar. The sample library needs no report: the window offers to undo
it instead (``sampleOpened``). Exports are written under a temporary name and
renamed, so a failed one leaves no half file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressBar, QWidget

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.results import ImportReport
from readinglist_gui.core.writes import Done
from readinglist_gui.ui.background import TaskRunner
from readinglist_gui.ui.icons import set_themed_icon
from readinglist_gui.ui.view_state import ViewState

# Dialogs are imported where first opened: the start-up path never needs them.
if TYPE_CHECKING:
    from readinglist_gui.core.importers.arxiv_snapshot import SnapshotFilter
    from readinglist_gui.core.snapshot_import import SnapshotReport
    from readinglist_gui.ui.dialogs.export_dialog import ExportChoice, ExportContext


class FileActions(QObject):
    importFinished = Signal(object)
    """An ``ImportReport`` once a background import is in the library."""
    importFailed = Signal(str)
    sampleOpened = Signal(object)
    """The ``Done`` of the sample's import, whose undo takes it back."""
    """The ``ImportReport`` of the sample library, just loaded (it gets no report box)."""
    exportFinished = Signal(str)
    backupFinished = Signal(str)
    failed = Signal(str)
    """An export or backup could not be written."""
    statusMessage = Signal(str, int)
    """(text, milliseconds) for the status bar; empty text clears it."""

    def __init__(self, library: Library, view: ViewState, window: QWidget) -> None:
        """``window`` parents the actions and the dialogs."""
        super().__init__(window)
        self._library = library
        self._view = view
        self._window = window
        self.tasks = TaskRunner(parent=self)
        self.progress = QProgressBar()
        """Shown while an import, export or backup runs."""
        self.progress.setObjectName("backgroundProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.tasks.busyChanged.connect(self.progress.setVisible)
        self.import_action = QAction("&Import…", window)
        set_themed_icon(self.import_action, "import")
        self.import_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.import_action.setToolTip("Import reading lists (Ctrl+O)")
        self.import_action.triggered.connect(self.choose_import)
        self.export_action = QAction("&Export…", window)
        set_themed_icon(self.export_action, "export")
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.triggered.connect(self.choose_export)
        self.backup_action = QAction("&Back Up Library…", window)
        self.backup_action.triggered.connect(self.choose_backup)

    def close(self) -> None:
        """Wait for a background import, export or backup to finish (the window is closing)."""
        self.tasks.wait()

    # -- in -----------------------------------------------------------------------------
    def choose_import(self) -> None:
        """Open the Import dialog, which previews a dry run before anything is written."""
        # Imported on first use: the dialog brings every importer, which start-up never needs.
        from readinglist_gui.ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self._library, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._import_done)
        dialog.snapshotChosen.connect(self.import_snapshot)
        dialog.open()

    def import_paths(self, paths: list[Path]) -> None:
        """Read and import files on a worker thread; ``importFinished`` reports back."""
        from readinglist_gui.core.importers import read_paths
        from readinglist_gui.core.snapshot_import import snapshot_files

        snapshots = snapshot_files(paths)
        if snapshots is not None:
            self.import_snapshot(snapshots)
            return
        library = self._library

        def work() -> ImportReport:
            return library.import_batch(read_paths(paths))

        self.statusMessage.emit(f"Importing {len(paths)} file(s)…", 0)
        self.tasks.run(work, self._import_done, self._import_failed)

    def import_snapshot(self, paths: list[Path], only: SnapshotFilter | None = None) -> None:
        """Stream arXiv snapshot files in, a chunk at a time, with a progress window and Stop."""
        from readinglist_gui.core.importers.arxiv_snapshot import SnapshotFilter
        from readinglist_gui.ui.snapshot_import_task import SnapshotImport

        task = SnapshotImport(self._library, self.tasks, self._window)
        task.finished.connect(self._snapshot_done)
        task.failed.connect(self._import_failed)
        self.statusMessage.emit("Importing the arXiv snapshot…", 0)
        task.start(paths, only or SnapshotFilter())

    def _snapshot_done(self, report: SnapshotReport) -> None:
        from readinglist_gui.ui.dialogs.import_report import snapshot_report_box

        summary = report.summary()
        if report.cancelled:
            summary = f"stopped; kept what was written before the stop: {summary}"
        self.statusMessage.emit(f"arXiv snapshot: {summary}", 8000)
        self.importFinished.emit(
            ImportReport(added=report.added, merged=report.merged, problems=report.problems)
        )
        snapshot_report_box(report, self._window).open()

    def open_sample_library(self) -> None:
        """Load the bundled sample into this (empty) library so every feature has data."""
        from readinglist_gui.ui.sample_library import load_sample  # off the start-up path

        library = self._library
        self.statusMessage.emit("Loading the sample library…", 0)
        self.tasks.run(lambda: load_sample(library), self._sample_done, self._import_failed)

    def _import_done(self, report: ImportReport) -> None:
        self.statusMessage.emit(f"Imported: {report.summary()}", 8000)
        self.importFinished.emit(report)
        from readinglist_gui.ui.dialogs.import_report import import_report_box

        import_report_box(report, self._window).open()

    def _sample_done(self, done: Done[ImportReport]) -> None:
        """A sample needs no report: the papers on screen say it all."""
        self.statusMessage.emit("", 0)
        self.importFinished.emit(done.value)
        self.sampleOpened.emit(done)

    def _import_failed(self, message: str) -> None:
        self.statusMessage.emit("", 0)
        box = QMessageBox(QMessageBox.Icon.Warning, "Import failed", message, parent=self._window)
        box.setObjectName("importFailed")
        box.setTextFormat(Qt.TextFormat.PlainText)  # it quotes file names and their content
        box.open()
        self.importFailed.emit(message)

    # -- out ----------------------------------------------------------------------------
    def export_context(self) -> ExportContext:
        """What the export dialog offers: the query, list and selection on screen now."""
        from readinglist_gui.ui.dialogs.export_dialog import ExportContext

        query = self._view.query()
        title = ""
        if query.list_id is not None:
            info = next((i for i in self._library.lists() if i.id == query.list_id), None)
            if info is not None:
                title = info.name
                section = next((s for s in info.sections if s.id == query.section_id), None)
                if section is not None and section.heading:
                    title = f"{info.name} — {section.heading}"
        return ExportContext(query, title, tuple(self._view.selected_ids()))

    def choose_export(self) -> None:
        from readinglist_gui.core.exporters import FORMATS
        from readinglist_gui.ui.dialogs.export_dialog import ExportDialog

        dialog = ExportDialog(self.export_context(), self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        spec = FORMATS[choice.format]
        suggested = _file_stem(choice.title if choice.query is not None else "library")
        name, _ = QFileDialog.getSaveFileName(
            self._window, "Export", suggested + spec.suffix, f"{spec.file_filter};;All files (*)"
        )
        if name:
            self.export_to(Path(name), choice=choice)

    def export_to(
        self, path: Path, query: PaperQuery | None = None, choice: ExportChoice | None = None
    ) -> None:
        """Export in the background: ``choice`` (format, papers, title), or the view as JSON."""
        from readinglist_gui.core.exporters import export
        from readinglist_gui.core.files import write_atomic
        from readinglist_gui.ui.dialogs.export_dialog import ExportChoice

        library = self._library
        if choice is None:
            choice = ExportChoice("json", self._view.query() if query is None else query, "", False)

        def work() -> str:
            text = export(
                library, choice.format, choice.query, notes=choice.notes, title=choice.title
            )
            write_atomic(path, text.encode("utf-8"))
            return str(path)

        self.statusMessage.emit(f"Exporting to {path.name}…", 0)
        self.tasks.run(work, self._export_done, self._failed)

    def _export_done(self, path: str) -> None:
        self.statusMessage.emit(f"Exported to {path}", 8000)
        self.exportFinished.emit(path)

    def choose_backup(self) -> None:
        default = f"readinglist-backup-{dt.date.today().isoformat()}.zip"
        name, _ = QFileDialog.getSaveFileName(
            self._window, "Back up library", default, "Library backup (*.zip)"
        )
        if name:
            self.back_up(Path(name))

    def back_up(self, archive: Path) -> None:
        """Write the whole library (database and PDFs) to one .zip file, in the background."""
        from readinglist_gui.core.backup import back_up

        folder = self._library.folder

        def work() -> str:
            summary = back_up(folder, archive)
            megabytes = summary.bytes / 1048576
            return f"Backed up to {archive} ({summary.pdfs} PDFs, {megabytes:.1f} MB)"

        self.statusMessage.emit(f"Backing up the library to {archive.name}…", 0)
        self.tasks.run(work, self._backup_done, self._failed)

    def _backup_done(self, message: str) -> None:
        self.statusMessage.emit(message, 10000)
        self.backupFinished.emit(message)

    def _failed(self, message: str) -> None:
        self.statusMessage.emit("", 0)
        self.failed.emit(message)


def local_paths(data: QMimeData) -> list[Path]:
    """The local files and folders in a drag; anything else (web links, text) is not ours."""
    if not data.hasUrls():
        return []
    urls = data.urls()
    if not all(url.isLocalFile() for url in urls):
        return []
    return [Path(url.toLocalFile()) for url in urls]


def _file_stem(title: str) -> str:
    """A file name suggestion from a title: letters, digits and dashes only."""
    words = "".join(c if c.isalnum() else " " for c in title.casefold()).split()
    return "-".join(words)[:60] or "export"
