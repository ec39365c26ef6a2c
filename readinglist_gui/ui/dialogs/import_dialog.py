"""The Import dialog: pick files or a folder, or paste a list, see what it brings, then import.

The preview is a real dry run of the import (parsed on a worker and merged
inside a transaction that is rolled back), so the numbers it shows — new
papers, papers already in the library, sections, problems — are exactly what
pressing Import will do. An arXiv metadata snapshot is the exception: it is
millions of papers, so the preview shows its first ones and the filters
(categories, first year) it will be read with, and Import hands it to
``FileActions.import_snapshot``, which streams it in the background.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from readinglist_gui.core.importers import FORMATS, read_paths, read_string
from readinglist_gui.core.importers.arxiv_snapshot import SnapshotFilter, parse_line
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import RecordBatch
from readinglist_gui.core.results import ImportReport
from readinglist_gui.core.snapshot_import import snapshot_files
from readinglist_gui.ui.background import TaskRunner

PREVIEW_DELAY_MS = 300
"""Pause after the last keystroke in the paste box before previewing."""
PREVIEW_TITLES = 200
FILE_FILTER = (
    "Reading lists ("
    + " ".join(sorted({f"*{suffix}" for f in FORMATS for suffix in f.suffixes}))
    + ");;All files (*)"
)
PASTED = "pasted text"
SNAPSHOT_PREVIEW_LINES = 20_000
"""Lines of a snapshot read for its preview: enough to find papers of most filters."""


@dataclass(frozen=True, slots=True)
class Preview:
    generation: int
    """Which request this answers; answers to superseded requests are dropped."""
    batch: RecordBatch
    report: ImportReport
    snapshot: bool = False
    """The first papers of arXiv snapshot files, which are imported by streaming them."""


class ImportDialog(QDialog):
    imported = Signal(object)
    """The ``ImportReport`` once the import is in the library."""
    snapshotChosen = Signal(list, object)
    """(paths, ``SnapshotFilter``): arXiv snapshot files to stream in; the dialog closes."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle("Import a reading list")
        self.resize(720, 560)
        self._library = library
        self._tasks = TaskRunner(parent=self)
        self._paths: list[Path] = []
        self._preview: Preview | None = None
        self._generation = 0

        choose_files = QPushButton("Files…")
        choose_files.clicked.connect(self._choose_files)
        choose_folder = QPushButton("Folder…")
        choose_folder.clicked.connect(self._choose_folder)
        self.format_box = QComboBox()
        self.format_box.setAccessibleName("Format")
        self.format_box.addItem("Detect automatically", None)
        for known in FORMATS:
            self.format_box.addItem(known.label, known.name)
        self.format_box.currentIndexChanged.connect(self._schedule_preview)
        self.source_label = QLabel("Choose files or a folder, or paste a list below.")
        self.source_label.setWordWrap(True)

        self.paste_box = QPlainTextEdit()
        self.paste_box.setObjectName("importPasteBox")
        self.paste_box.setAccessibleName("Pasted list")
        self.paste_box.setPlaceholderText(
            "Paste a Markdown list, BibTeX, arXiv ids or links, a course schedule…"
        )
        self.paste_box.textChanged.connect(self._pasted)
        self._paste_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._paste_timer.timeout.connect(self._schedule_preview)

        self.categories = QLineEdit()
        self.categories.setObjectName("snapshotCategories")
        self.categories.setAccessibleName("Categories")
        self.categories.setPlaceholderText("every category, or e.g. cs.LG cs.CL")
        self.categories.textChanged.connect(self._paste_timer.start)
        self.since = QSpinBox()
        self.since.setObjectName("snapshotSince")
        self.since.setAccessibleName("First posted in or after")
        self.since.setRange(1990, 2100)
        self.since.setSpecialValueText("any year")
        self.since.setMinimum(1990)
        self.since.setValue(1990)
        self.since.valueChanged.connect(self._paste_timer.start)
        self.snapshot_filters = QWidget()
        filters = QHBoxLayout(self.snapshot_filters)
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(QLabel("Categories:"))
        filters.addWidget(self.categories, 1)
        filters.addWidget(QLabel("First posted since:"))
        filters.addWidget(self.since)
        self.snapshot_filters.setVisible(False)

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.titles = QListWidget()
        self.titles.setAccessibleName("Papers to import")
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems found")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)

        sources = QHBoxLayout()
        sources.addWidget(choose_files)
        sources.addWidget(choose_folder)
        sources.addStretch(1)
        sources.addWidget(QLabel("Format:"))
        sources.addWidget(self.format_box)
        layout = QVBoxLayout(self)
        layout.addLayout(sources)
        layout.addWidget(self.source_label)
        layout.addWidget(self.paste_box, 2)
        layout.addWidget(self.snapshot_filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.titles, 3)
        layout.addWidget(QLabel("Problems"))
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)

    def set_paths(self, paths: list[Path]) -> None:
        """Preview these files or folders (also used for drops and by tests)."""
        self._paths = list(paths)
        names = ", ".join(p.name or str(p) for p in self._paths)
        self.source_label.setText(f"From: {names}")
        self.paste_box.blockSignals(True)
        self.paste_box.clear()
        self.paste_box.blockSignals(False)
        self._schedule_preview()

    def preview(self) -> Preview | None:
        return self._preview

    def snapshot_filter(self) -> SnapshotFilter:
        since = self.since.value()
        return SnapshotFilter.of(
            self.categories.text().replace(",", " ").split(),
            None if since == self.since.minimum() else since,
        )

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import reading lists", "", FILE_FILTER)
        if names:
            self.set_paths([Path(name) for name in names])

    def _choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import a folder of Markdown lists")
        if name:
            self.set_paths([Path(name)])

    def _pasted(self) -> None:
        if self.paste_box.toPlainText().strip():
            self._paths = []
            self.source_label.setText("From: pasted text")
        self._paste_timer.start()

    def _schedule_preview(self) -> None:
        """Parse and dry-run on a worker; a newer request makes older answers stale."""
        self._generation += 1
        generation = self._generation
        self._preview = None
        self.import_button.setEnabled(False)
        paths, text = list(self._paths), self.paste_box.toPlainText()
        fmt = self.format_box.currentData()
        if not paths and not text.strip():
            self.summary.setText("")
            self.titles.clear()
            self.problems.clear()
            return
        self.summary.setText("Reading…")
        library = self._library
        snapshots = snapshot_files(paths, fmt) if paths else None
        self.snapshot_filters.setVisible(snapshots is not None)
        if snapshots is not None:
            only = self.snapshot_filter()
            self._tasks.run(
                lambda: _snapshot_preview(generation, snapshots, only), self._show, self._failed
            )
            return

        def work() -> Preview:
            batch = read_paths(paths, format=fmt) if paths else read_string(text, PASTED, fmt)
            return Preview(generation, batch, library.import_batch(batch, dry_run=True))

        self._tasks.run(work, self._show, self._failed)

    def _show(self, preview: Preview) -> None:
        if preview.generation != self._generation:
            return
        self._preview = preview
        report = preview.report
        if preview.snapshot:
            self.summary.setText(
                "An arXiv metadata snapshot: it is read and written a chunk at a time in the "
                "background, and you can stop it keeping what was written. Its first papers "
                "that the filters take:"
            )
        else:
            self.summary.setText(
                f"{len(preview.batch.papers)} papers: {report.added} new, "
                f"{report.merged} already in your library; "
                f"{report.lists} reading lists with {report.sections} sections; "
                f"{len(report.problems)} problems."
            )
        self.titles.clear()
        for record in preview.batch.papers[:PREVIEW_TITLES]:
            self.titles.addItem(record.title or record.arxiv_id or record.doi or "(untitled)")
        hidden = len(preview.batch.papers) - PREVIEW_TITLES
        if hidden > 0:
            self.titles.addItem(f"… and {hidden:,} more")
        self.problems.clear()
        self.problems.addItems([str(problem) for problem in report.problems])
        self.import_button.setEnabled(
            preview.snapshot or bool(preview.batch.papers or preview.batch.lists)
        )

    def _failed(self, message: str) -> None:
        self.summary.setText(f"Nothing to import: {message}")
        self.titles.clear()
        self.problems.clear()

    def _import(self) -> None:
        preview = self._preview
        if preview is None:
            return
        if preview.snapshot:
            self.snapshotChosen.emit(list(self._paths), self.snapshot_filter())
            self.accept()
            return
        self.import_button.setEnabled(False)
        self.summary.setText("Importing…")
        library = self._library
        self._tasks.run(
            lambda: library.import_batch(preview.batch),
            self._imported,
            lambda message: self.summary.setText(
                f"The import failed and changed nothing: {message}"
            ),
        )

    def _imported(self, report: ImportReport) -> None:
        self.imported.emit(report)
        # Closed from the event loop, not from inside the worker's signal:
        # ending the dialog there crashed PySide 6.11 now and then.
        QTimer.singleShot(0, self.accept)


def _snapshot_preview(generation: int, paths: list[Path], only: SnapshotFilter) -> Preview:
    """The first papers the filters take among the first lines of the first file."""
    batch = RecordBatch()
    with paths[0].open("rb") as file:
        for number, line in enumerate(file, start=1):
            if number > SNAPSHOT_PREVIEW_LINES or len(batch.papers) >= PREVIEW_TITLES:
                break
            record = parse_line(line) if line.strip() else None
            if record is not None and not isinstance(record, str) and only.takes(record):
                batch.papers.append(record)
    return Preview(generation, batch, ImportReport(), snapshot=True)
