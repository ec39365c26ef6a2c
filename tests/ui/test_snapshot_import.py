"""The app importing arXiv's metadata snapshot: filters in the dialog, progress, Stop."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from readinglist_gui.core import snapshot_import
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.ui.dialogs.import_dialog import ImportDialog
from readinglist_gui.ui.main_window import MainWindow

WindowFactory = Callable[[Path], MainWindow]
CATEGORIES = ["cs.LG", "cs.CL", "hep-th", "math.AG"]


def snapshot(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, count + 1):
            item = {
                "id": f"2101.{n:05d}",
                "title": f'Paper number {n} on\n  Schr{{\\"o}}dinger bridges',
                "abstract": "  We study\nbridges.\n",
                "categories": CATEGORIES[n % 4],
                "doi": None,
                "journal-ref": None,
                "versions": [{"version": "v1", "created": "Mon, 4 Jan 2021 10:00:00 GMT"}],
                "authors_parsed": [["Garc\\'ia", "Ana", ""]],
            }
            out.write(json.dumps(item) + "\n")
    return path


def test_the_dialog_previews_filters_and_streams_a_snapshot_in(
    qtbot: QtBot, tmp_path: Path, open_window: WindowFactory
) -> None:
    window = open_window(tmp_path / "lib")
    path = snapshot(tmp_path / "arxiv-metadata-oai-snapshot.json", 400)
    dialog = ImportDialog(window.library, window)
    qtbot.addWidget(dialog)
    dialog.snapshotChosen.connect(window.files.import_snapshot)
    dialog.show()
    dialog.set_paths([path])
    qtbot.waitUntil(lambda: dialog.preview() is not None, timeout=10000)
    assert dialog.snapshot_filters.isVisible()
    assert dialog.titles.count() == 200
    dialog.categories.setText("cs.CL, hep-th")

    def filtered() -> bool:
        preview = dialog.preview()
        return preview is not None and all(
            set(record.tags) & {"cs.CL", "hep-th"} for record in preview.batch.papers
        )

    qtbot.waitUntil(filtered, timeout=10000)
    assert dialog.titles.count() == 200
    with qtbot.waitSignal(window.importFinished, timeout=30000) as finished:
        dialog.import_button.click()
    assert finished.args[0].added == 200
    qtbot.waitUntil(window.is_settled, timeout=10000)
    assert window.library.count() == 200
    assert window.library.count(PaperQuery(text="garcia schrodinger")) == 200
    assert window.model.rowCount() == 200
    box = window.findChild(QMessageBox, "snapshotReport")
    assert box is not None and "200 added" in box.text()
    assert "200 added" in window.statusBar().currentMessage()


def test_stop_keeps_the_chunks_written_and_says_so(
    qtbot: QtBot, tmp_path: Path, open_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot_import, "CHUNK", 500)
    window = open_window(tmp_path / "lib")
    path = snapshot(tmp_path / "s.json", 20_000)
    with qtbot.waitSignal(window.importFinished, timeout=60000) as finished:
        window.files.import_paths([path])
        progress = window.findChild(QProgressDialog, "snapshotProgress")
        assert progress is not None and progress.isVisible()
        qtbot.waitUntil(lambda: progress.value() > 0, timeout=30000)
        (stop,) = [b for b in progress.findChildren(QPushButton) if b.text() == "Stop"]
        stop.click()
    kept = finished.args[0].added
    assert 0 < kept < 20_000
    qtbot.waitUntil(window.is_settled, timeout=10000)
    assert window.library.count() == kept
    box = window.findChild(QMessageBox, "snapshotReport")
    assert box is not None and box.windowTitle() == "Import stopped"
    assert f"{kept:,} added" in box.text()
