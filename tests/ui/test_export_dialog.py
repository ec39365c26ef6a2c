"""File → Export… and File → Back up library… write real files from the window, in the background."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from readinglist_gui.core.exporters import FORMATS
from readinglist_gui.core.importers import read_path
from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.ui.dialogs.export_dialog import ExportDialog, Scope
from readinglist_gui.ui.main_window import MainWindow

CHECKS = {
    "json": lambda text: len(json.loads(text)["papers"]) == 3,
    "bibtex": lambda text: text.count("@") == 3 and "{2309.06180}" in text,
    "csl-json": lambda text: len(json.loads(text)) == 3,
    "markdown": lambda text: text.startswith("# LLM Course") and "Paged KV cache" in text,
    "html": lambda text: "<title>LLM Course</title>" in text and "PagedAttention" in text,
}


def course_id(library: Library) -> int:
    return next(info.id for info in library.lists() if info.name == "LLM Course")


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_format_exports_the_reading_list_on_screen(
    qtbot: QtBot, tmp_path: Path, window: MainWindow, name: str
) -> None:
    window.sidebar.tree.select_list(course_id(window.library))
    qtbot.waitUntil(window.is_settled, timeout=5000)
    dialog = ExportDialog(window.files.export_context(), window)
    assert dialog.scope() is Scope.LIST
    assert dialog.scope_buttons[Scope.LIST].text() == "Reading list: LLM Course"
    assert not dialog.scope_buttons[Scope.TAGS].isEnabled()
    assert not dialog.scope_buttons[Scope.SELECTION].isEnabled()
    dialog.set_format(name)
    dialog.notes_box.setChecked(True)
    choice = dialog.choice()
    assert choice.query is not None and choice.query.list_id == course_id(window.library)
    assert choice.notes == (name == "markdown")
    target = tmp_path / f"course{FORMATS[name].suffix}"

    with qtbot.waitSignal(window.exportFinished, timeout=10000):
        window.files.export_to(target, choice=choice)

    assert CHECKS[name](target.read_text(encoding="utf-8"))
    assert [p.name for p in tmp_path.glob(".course*")] == []
    assert window.statusBar().currentMessage() == f"Exported to {target}"


def test_the_dialog_offers_the_registered_formats_by_their_labels(window: MainWindow) -> None:
    dialog = ExportDialog(window.files.export_context(), window)
    box = dialog.format_box
    offered = {box.itemData(i): box.itemText(i) for i in range(box.count())}
    assert offered == {name: spec.label for name, spec in FORMATS.items()}
    assert list(offered) == list(FORMATS)


def test_selection_and_tag_scopes_export_just_those_papers(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    window.sidebar.tags.select_tags(["LLM"])
    qtbot.waitUntil(window.is_settled, timeout=5000)
    dialog = ExportDialog(window.files.export_context(), window)
    assert dialog.scope_buttons[Scope.TAGS].isEnabled()
    dialog.set_scope(Scope.TAGS)
    dialog.set_format("bibtex")
    assert dialog.choice().query == PaperQuery(tags=("LLM",), tag_mode="all")
    tagged = tmp_path / "tagged.bib"
    with qtbot.waitSignal(window.exportFinished, timeout=10000):
        window.files.export_to(tagged, choice=dialog.choice())
    assert tagged.read_text(encoding="utf-8").count("@") == 2

    first = window.model.paper_id(0)
    window.table.select_ids([first])
    dialog = ExportDialog(window.files.export_context(), window)
    dialog.set_scope(Scope.SELECTION)
    dialog.set_format("json")
    chosen = tmp_path / "chosen.json"
    with qtbot.waitSignal(window.exportFinished, timeout=10000):
        window.files.export_to(chosen, choice=dialog.choice())
    papers = json.loads(chosen.read_text(encoding="utf-8"))["papers"]
    assert [p["title"] for p in papers] == [window.library.paper(first).title]


def test_whole_library_json_round_trips_into_an_empty_library(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    dialog = ExportDialog(window.files.export_context(), window)
    dialog.set_scope(Scope.LIBRARY)
    assert dialog.choice().query is None
    target = tmp_path / "all.json"
    with qtbot.waitSignal(window.exportFinished, timeout=10000):
        window.files.export_to(target, choice=dialog.choice())
    copy = Library.open(tmp_path / "copy")
    try:
        copy.import_batch(read_path(target))
        assert sorted(r.title for r in copy.page(limit=100).rows) == sorted(
            r.title for r in window.library.page(limit=100).rows
        )
        assert [info.name for info in copy.lists()] == [i.name for i in window.library.lists()]
    finally:
        copy.close()


def test_back_up_writes_one_archive_with_the_database(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    archive = tmp_path / "backups" / "library.zip"
    with qtbot.waitSignal(window.backupFinished, timeout=10000) as done:
        window.files.back_up(archive)
    assert done.args[0].startswith(f"Backed up to {archive}")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
    assert "library.sqlite3" in names
    assert "readinglist-backup.json" in names
    assert [p.name for p in archive.parent.iterdir()] == ["library.zip"]
