"""The Import dialog previews exactly what an import will do, then does it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.results import ImportReport
from readinglist_gui.ui.dialogs.import_dialog import ImportDialog

PASTED = """## Week 1
* [Attention Is All You Need](https://arxiv.org/abs/1706.03762)
* [A brand new paper](https://arxiv.org/abs/2501.00001)
"""


def open_dialog(qtbot: QtBot, library: Library) -> ImportDialog:
    dialog = ImportDialog(library)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_pasted_text_is_previewed_as_a_dry_run_then_imported(qtbot: QtBot, filled: Library) -> None:
    before = filled.count(PaperQuery())
    dialog = open_dialog(qtbot, filled)
    dialog.paste_box.setPlainText(PASTED)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    assert "1 new, 1 already in your library" in dialog.summary.text()
    assert dialog.titles.count() == 2
    assert filled.count(PaperQuery()) == before
    reports: list[ImportReport] = []
    dialog.imported.connect(reports.append)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(reports), timeout=5000)
    assert reports[0].added == 1
    assert filled.count(PaperQuery()) == before + 1
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_files_are_previewed_with_their_problems(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    source = tmp_path / "ids.txt"
    source.write_text(
        "2309.06180\n1706.03762\n2405.04434\n2401.04088\n1711.05101\nnot an id\n",
        encoding="utf-8",
    )
    dialog = open_dialog(qtbot, library)
    dialog.set_paths([source])
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    assert "5 papers: 5 new" in dialog.summary.text()
    assert dialog.problems.count() == 1
    assert "ids.txt:6" in dialog.problems.item(0).text()


def test_unreadable_text_explains_and_offers_nothing_to_import(
    qtbot: QtBot, library: Library
) -> None:
    dialog = open_dialog(qtbot, library)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("json"))
    dialog.paste_box.setPlainText("{ not json at all")
    qtbot.waitUntil(lambda: dialog.summary.text() not in ("", "Reading…"), timeout=5000)
    assert not dialog.import_button.isEnabled()
    assert library.count(PaperQuery()) == 0
