"""The window redoes what a write concerns, whoever made it: this window, a thread, a process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot
from test_main_window import find_index, settle

from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.core.writes import Aspect, ChangeSet, SetNote
from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.sidebar.count_delegate import COUNT_ROLE


def status_shown(window: MainWindow, paper_id: int) -> Status:
    row = window.model.row_of(paper_id)
    assert row is not None
    paper = window.model.row(row)
    assert paper is not None
    return paper.status


def test_a_status_key_repaints_only_the_row_and_recounts(qtbot: QtBot, window: MainWindow) -> None:
    resets: list[bool] = []
    painted: list[tuple[int, int]] = []
    window.model.modelReset.connect(lambda: resets.append(True))
    window.model.dataChanged.connect(
        lambda top, bottom, *_: painted.append((top.row(), bottom.row()))
    )
    window.table.selectRow(1)
    paper_id = window.table.selected_ids()[0]
    window.table.setFocus()
    with qtbot.waitSignal(window.countsUpdated, timeout=5000):
        qtbot.keyClick(window.table, "3")
    settle(qtbot, window)
    assert status_shown(window, paper_id) is Status.NOTED
    assert (1, 1) in painted and all(top == bottom == 1 for top, bottom in painted)
    assert resets == []
    assert find_index(window.sidebar.tree, "Noted").data(COUNT_ROLE) == "2"


def test_a_write_from_another_thread_shows_without_the_window_asking(
    qtbot: QtBot, window: MainWindow
) -> None:
    paper_id = window.model.paper_id(0)
    library = window.library
    with qtbot.waitSignal(window.libraryChanged, timeout=5000) as heard:
        thread = threading.Thread(target=library.set_status, args=([paper_id], Status.SKIMMED))
        thread.start()
    thread.join(5)
    changes = heard.args[0]
    assert isinstance(changes, ChangeSet) and changes.ids() == {paper_id}
    settle(qtbot, window)
    assert status_shown(window, paper_id) is Status.SKIMMED


def test_a_note_alone_neither_requeries_nor_recounts(qtbot: QtBot, window: MainWindow) -> None:
    recounts: list[bool] = []
    window.countsUpdated.connect(lambda: recounts.append(True))
    noted = window.library.ids(PaperQuery(statuses=frozenset({Status.NOTED})))[0]
    with qtbot.waitSignal(window.libraryChanged, timeout=5000) as heard:
        window.library.submit(SetNote(noted, "A second thought."))
    assert heard.args[0].of(noted) == Aspect.NOTE
    settle(qtbot, window)
    assert recounts == []


def test_another_process_writing_shows_in_the_window(qtbot: QtBot, window: MainWindow) -> None:
    paper_id = window.model.paper_id(2)
    before = status_shown(window, paper_id)
    wanted = Status.SKIMMED if before is not Status.SKIMMED else Status.NOTED
    script = (
        "import sys; from pathlib import Path\n"
        "from readinglist_gui.core.library import Library\n"
        "from readinglist_gui.core.records import Status\n"
        "with Library.open(Path(sys.argv[1])) as library:\n"
        "    library.set_status([int(sys.argv[2])], Status(sys.argv[3]))\n"
    )
    with qtbot.waitSignal(window.libraryChanged, timeout=10_000) as heard:
        subprocess.run(
            [sys.executable, "-c", script, str(window.library.folder), str(paper_id), wanted],
            check=True,
            timeout=60,
            env={**os.environ, "PYTHONWARNINGS": "error"},
        )
    assert heard.args[0].ids() == {paper_id} and heard.args[0].origin is None
    settle(qtbot, window)
    assert status_shown(window, paper_id) is wanted


def test_undo_of_a_deletion_brings_the_rows_back_in_place(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    ids = list(window.model.ids())
    window.table.selectRow(0)
    window.edits.delete_selected()
    settle(qtbot, window)
    assert window.model.rowCount() == len(ids) - 1
    window.edits.undo_stack.undo()
    settle(qtbot, window)
    assert list(window.model.ids()) == ids
    window.edits.undo_stack.redo()
    settle(qtbot, window)
    assert ids[0] not in window.model.ids()
    assert window.model.index(0, 0) != QModelIndex()
