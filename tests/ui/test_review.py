"""Finding title-only papers on arXiv from the window, and settling the uncertain ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from arxiv_catalog import DATA
from http_server import LoopbackServer
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readinglist_gui.core import review
from readinglist_gui.core.importers import read_path
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord
from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.sidebar.count_delegate import COUNT_ROLE

WindowFactory = Callable[[Path], MainWindow]
MIXTRAL = "Mixtral of Experts (8\u00d77B)"
ADAMW = "AdamW: Decoupled Weight Decay Regularization"


pytestmark = pytest.mark.usefixtures("arxiv_env", "catalog")


def review_entry_shown(window: MainWindow) -> bool:
    tree = window.sidebar.tree
    item = tree._review_item
    return not tree.isRowHidden(item.row(), item.parent().index())


def test_find_on_arxiv_fills_the_needs_review_view_and_the_dialog_settles_it(
    qtbot: QtBot, library: Library, server: LoopbackServer, open_window: WindowFactory
) -> None:
    library.import_batch(read_path(DATA / "schedule.txt"))
    window = open_window(library.folder)
    assert not review_entry_shown(window)
    window.table.selectAll()

    with qtbot.waitSignal(window.online_actions.jobs.finished, timeout=15000) as finished:
        window.online_actions.find_arxiv_action.trigger()
    summary = finished.args[1]
    assert (summary.titles_matched, summary.titles_to_review) == (3, 2)
    assert finished.args[0].label == "Finding 6 papers on arXiv"
    # The job writes as it goes, so the entry may show "1" before the last write's counts land.
    qtbot.waitUntil(
        lambda: (
            review_entry_shown(window) and window.sidebar.tree._review_item.data(COUNT_ROLE) == "2"
        ),
        timeout=5000,
    )

    window.online_actions.show_review_action.trigger()
    qtbot.waitUntil(lambda: window.is_settled() and window.model.rowCount() == 2, timeout=5000)
    titles = {window.model.row(r).title: window.model.paper_id(r) for r in range(2)}
    assert set(titles) == {MIXTRAL, ADAMW}

    window.table.select_ids([titles[MIXTRAL]])
    qtbot.waitUntil(lambda: window.online_actions.review_action.isEnabled(), timeout=2000)
    dialog = window.online_actions.review_paper(titles[MIXTRAL])
    assert [c.arxiv_id for c in dialog.candidates] == ["2401.04088"]
    top = dialog.table.topLevelItem(0)
    assert top.text(0) == "Mixtral of Experts"
    assert top.text(1).startswith("Albert Q. Jiang")
    assert (top.text(2), top.text(3)[-1]) == ("2024", "%")
    with qtbot.waitSignal(window.countsUpdated, timeout=5000):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert library.paper(titles[MIXTRAL]).arxiv_id == "2401.04088"
    qtbot.waitUntil(lambda: window.is_settled() and window.model.rowCount() == 1, timeout=5000)

    dialog = window.online_actions.review_paper(titles[ADAMW])
    with qtbot.waitSignal(window.countsUpdated, timeout=5000):
        qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert review.pending_ids(library) == []
    qtbot.waitUntil(lambda: window.is_settled() and window.model.rowCount() == 0, timeout=5000)
    assert window.sidebar.tree._review_item.data(COUNT_ROLE) == "0"

    window.sidebar.tree.select_status(None)
    qtbot.waitUntil(lambda: window.is_settled() and not review_entry_shown(window), timeout=5000)


def test_choosing_an_id_another_paper_has_keeps_the_dialog_open_with_the_reason(
    qtbot: QtBot, library: Library, server: LoopbackServer, open_window: WindowFactory
) -> None:
    owner = library.add_paper(PaperRecord(title="Mixtral paper", arxiv_id="2401.04088"))
    waiting = library.add_paper(PaperRecord(title=MIXTRAL))
    window = open_window(library.folder)
    with qtbot.waitSignal(window.online_actions.jobs.finished, timeout=15000):
        window.online_actions.find_on_arxiv([waiting])
    assert review.pending_ids(library) == [waiting]
    dialog = window.online_actions.review_paper(waiting)
    dialog.use_selected()
    assert dialog.isVisible()
    assert f"already belongs to paper {owner}" in dialog.message.text()
    assert review.pending_ids(library) == [waiting]
    dialog.reject()


def test_fetch_details_fills_a_selected_paper(
    qtbot: QtBot, library: Library, server: LoopbackServer, open_window: WindowFactory
) -> None:
    paper = library.add_paper(PaperRecord(title="Mixtral", arxiv_id="2401.04088"))
    window = open_window(library.folder)
    window.table.select_ids([paper])
    with qtbot.waitSignal(window.online_actions.jobs.finished, timeout=15000) as finished:
        window.online_actions.fetch_details_action.trigger()
    assert finished.args[1].metadata_filled == 1
    assert library.paper(paper).authors[0] == "Albert Q. Jiang"
    qtbot.waitUntil(lambda: "Albert Q. Jiang" in window.details.authors.text(), timeout=5000)
