"""Files arriving at the window: dropped lists import, the Import action previews, Ctrl+W closes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.ui.dialogs.import_dialog import ImportDialog
from readinglist_gui.ui.main_window import MainWindow

WindowFactory = Callable[[Path], MainWindow]

LIST = "## Week 1\n* [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"


def drop(window: MainWindow, paths: list[Path]) -> QDropEvent:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    return event


def test_a_dropped_list_is_imported(
    qtbot: QtBot, tmp_path: Path, open_window: WindowFactory
) -> None:
    source = tmp_path / "week.md"
    source.write_text(LIST, encoding="utf-8")
    window = open_window(tmp_path / "lib")
    with qtbot.waitSignal(window.importFinished, timeout=10000):
        event = drop(window, [source])
    assert event.isAccepted()
    assert window.library.count(PaperQuery()) == 1
    assert [info.name for info in window.library.lists()] == ["week"]


def test_the_import_action_opens_the_previewing_dialog(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    window.files.import_action.trigger()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.paste_box.setPlainText(LIST.replace("1706.03762", "2501.00002").replace("Att", "Ret"))
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(window.importFinished, timeout=10000):
        dialog.import_button.click()
    assert filled.count(PaperQuery(text="retention")) == 1


def test_ctrl_w_closes_the_current_reader_tab(qtbot: QtBot, window: MainWindow) -> None:
    window.open_paper(window.library.ids()[0])
    assert window.tabs.count() == 2
    window.tabs.close_tab_action.trigger()
    qtbot.waitUntil(lambda: window.tabs.count() == 1, timeout=5000)
    assert window.tabs.close_tab_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Close)
    window.tabs.close_tab_action.trigger()
    assert window.tabs.count() == 1
