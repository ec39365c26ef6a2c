"""Text from the library is shown as the characters it is: a title is never markup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
)
from readinglist_gui.ui.library_view.columns import Column
from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.plain_text import plain_tooltip

WindowFactory = Callable[[Path], MainWindow]

HOSTILE = [
    "<b>Bold</b> claims about attention",
    '<img src="file:///etc/hostname"> Seeing is believing',
    "Why x < y & <i>z</i> > w",
    "&lt;b&gt; already escaped",
]
"""Titles as people (or a hostile list) write them: each must show exactly as written."""


def shown(tooltip: str) -> str:
    """What a tooltip displays: Qt renders it as HTML when it looks like HTML, as text otherwise."""
    document = QTextDocument()
    if QtGui.Qt.mightBeRichText(tooltip):
        document.setHtml(tooltip)
    else:
        document.setPlainText(tooltip)
    return document.toPlainText()


@pytest.mark.parametrize("text", [*HOSTILE, "Attention Is All You Need", "two\nlines"])
def test_a_tooltip_shows_exactly_its_text(qapp: object, text: str) -> None:
    assert shown(plain_tooltip(text)) == text


def test_ordinary_text_is_left_as_it_is(qapp: object) -> None:
    assert plain_tooltip("Deep Residual Learning for Image Recognition") == (
        "Deep Residual Learning for Image Recognition"
    )


@pytest.fixture
def hostile(library: Library) -> Library:
    papers = [PaperRecord(title=title, authors=["<b>Ann</b> Author"]) for title in HOSTILE]
    entries = [EntryRecord(paper=n) for n in range(len(papers))]
    week = SectionRecord(heading="<i>Week 1</i>", entries=entries)
    library.import_batch(
        RecordBatch(
            papers=papers,
            lists=[ListRecord(name="<u>Seminar</u>", source="<b>src</b>", sections=[week])],
        )
    )
    return library


def test_titles_show_literally_in_every_tooltip_of_the_window(
    qtbot: QtBot, hostile: Library, open_window: WindowFactory
) -> None:
    window = open_window(hostile.folder)
    model = window.model
    for row in range(model.rowCount()):
        paper_id = model.paper_id(row)
        title = hostile.paper(paper_id).title
        tip = model.index(row, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
        assert shown(tip).startswith(title), title
        authors = model.index(row, Column.AUTHORS).data(Qt.ItemDataRole.ToolTipRole)
        assert shown(authors) == "<b>Ann</b> Author"

        window.table.select_ids([paper_id])
        qtbot.waitUntil(lambda t=title: window.details.title.text() == t, timeout=5000)
        assert shown(window.details.title.toolTip()) == title, title

        window.open_paper(paper_id)
        tabs = window.tabs
        assert shown(tabs.tabToolTip(tabs.currentIndex())) == title, title
        tabs.show_library()

    tree = window.sidebar.tree
    tips = {
        tree.model().index(r, 0, parent).data(Qt.ItemDataRole.ToolTipRole)
        for parent in _parents(tree.model())
        for r in range(tree.model().rowCount(parent))
    }
    assert {shown(tip) for tip in tips if tip} >= {"<u>Seminar</u>\n<b>src</b>", "<i>Week 1</i>"}


def _parents(model: object) -> list[QModelIndex]:
    """Every index that may have children, breadth first from the root."""
    found, pending = [], [QModelIndex()]
    while pending:
        parent = pending.pop()
        found.append(parent)
        pending.extend(model.index(r, 0, parent) for r in range(model.rowCount(parent)))
    return found


def test_the_details_pane_labels_never_render_markup(
    qtbot: QtBot, hostile: Library, open_window: WindowFactory
) -> None:
    window = open_window(hostile.folder)
    window.table.select_ids([window.model.paper_id(0)])
    pane = window.findChild(QWidget, "detailsPane")
    qtbot.waitUntil(lambda: pane.title.text() in HOSTILE, timeout=5000)
    assert pane.title.textFormat() == Qt.TextFormat.PlainText
    assert pane.authors.text() == "<b>Ann</b> Author"
