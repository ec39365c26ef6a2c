"""The search box's "Text of PDFs" scope: results from the index, opening the reader at the hit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTextBrowser
from pytestqt.qtbot import QtBot
from shelf_pdfs import paper_with_pdf, word_on_page

from readinglist_gui.core.fulltext.indexer import Indexer
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status
from readinglist_gui.ui.fulltext import background_index
from readinglist_gui.ui.fulltext.text_search import TextAnswer
from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.reader import ReaderTab
from readinglist_gui.ui.search_box import SearchScope
from readinglist_gui.ui.view_state import SidebarFilters

WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def _no_idle_indexing(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests index before the window opens; a run at idle would only add noise."""
    monkeypatch.setattr(background_index, "IDLE_MS", 3_600_000)


@pytest.fixture
def indexed(library: Library, tmp_path: Path) -> dict[str, int]:
    """Three papers with PDFs, indexed: "zebra" only on page 3 of the first."""
    src = tmp_path / "src"
    src.mkdir()
    ids = {
        "zebra": paper_with_pdf(library, word_on_page(src / "z.pdf", "zebra", 3), "Striped"),
        "okapi": paper_with_pdf(library, word_on_page(src / "o.pdf", "okapi", 1), "Forest"),
        "zebu": paper_with_pdf(library, word_on_page(src / "u.pdf", "zebra", 5, 6), "Cattle"),
    }
    library.set_status([ids["zebu"]], Status.SKIMMED)
    assert Indexer(library).run().indexed == 3
    return ids


def search_text(qtbot: QtBot, window: MainWindow, text: str) -> TextAnswer:
    """Type ``text`` into the search box and wait for the full-text answer to it."""
    results = window.fulltext.results

    def answered() -> bool:
        answer = results.answer()
        return answer is not None and answer.request.text == text.strip()

    window.search.clear()
    qtbot.keyClicks(window.search, text)
    qtbot.waitUntil(answered, timeout=WAIT_MS)
    answer = results.answer()
    assert answer is not None
    return answer


def test_the_results_page_is_made_when_the_scope_is_first_chosen(
    library: Library, indexed: dict[str, int], open_window
) -> None:
    """Most sessions never search their PDFs' text: the window opens without the page,
    makes it on the first switch to that scope, and keeps it for the next."""
    window: MainWindow = open_window(library.folder)
    assert window.findChild(QTextBrowser, "fulltextResults") is None
    window.search.set_scope(SearchScope.PDF_TEXT)
    results = window.fulltext.results
    assert window.findChild(QTextBrowser, "fulltextResults") is results
    assert window.stack.currentWidget() is results
    assert "Search inside your PDFs" in results.toPlainText()
    window.search.set_scope(SearchScope.LIBRARY)
    assert window.stack.currentWidget() is window.content_splitter
    window.search.set_scope(SearchScope.PDF_TEXT)
    assert window.stack.currentWidget() is results
    assert window.findChildren(QTextBrowser, "fulltextResults") == [results]


def test_a_word_on_page_3_opens_the_reader_at_page_3_with_the_hit_marked(
    qtbot: QtBot, library: Library, indexed: dict[str, int], open_window
) -> None:
    window: MainWindow = open_window(library.folder)
    qtbot.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.search.scope() is SearchScope.PDF_TEXT
    assert window.search.hasFocus()
    assert window.stack.currentWidget() is window.fulltext.results

    answer = search_text(qtbot, window, "zebra")
    assert [p.paper_id for p in answer.papers] == [indexed["zebra"], indexed["zebu"]] or [
        p.paper_id for p in answer.papers
    ] == [indexed["zebu"], indexed["zebra"]]
    assert (indexed["zebra"], 3) in window.fulltext.results.links()
    striped = next(p for p in answer.papers if p.paper_id == indexed["zebra"])
    assert "zebra" in striped.hits[0].snippet
    assert "Striped" in window.fulltext.results.toPlainText()

    window.fulltext.results.hitChosen.emit(indexed["zebra"], 3)
    reader = window.tabs.currentWidget()
    assert isinstance(reader, ReaderTab)
    assert reader.paper_id == indexed["zebra"]
    view = reader.view
    qtbot.waitUntil(lambda: bool(view.hits), timeout=WAIT_MS)
    assert view.current_page == 2
    assert {page for page, _ in view.hits} == {2}
    assert view.current_hit == 0
    assert reader.pdf.find_bar.isVisible()
    assert reader.pdf.find_bar.field.text() == "zebra"
    qtbot.waitUntil(lambda: reader.pdf.find_bar.status.text() == "1 of 1", timeout=WAIT_MS)


def test_enter_in_the_search_box_opens_the_best_result(
    qtbot: QtBot, library: Library, indexed: dict[str, int], open_window
) -> None:
    window: MainWindow = open_window(library.folder)
    window.search.set_scope(SearchScope.PDF_TEXT)
    window.search.setFocus()
    search_text(qtbot, window, "okapi")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    reader = window.tabs.currentWidget()
    assert isinstance(reader, ReaderTab)
    assert reader.paper_id == indexed["okapi"]
    qtbot.waitUntil(lambda: bool(reader.view.hits), timeout=WAIT_MS)
    assert reader.view.current_page == 0


def test_alt_down_opens_the_scope_menu(
    qtbot: QtBot, library: Library, indexed: dict[str, int], open_window
) -> None:
    window: MainWindow = open_window(library.folder)
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    menu = window.search.scope_menu
    qtbot.waitUntil(menu.isVisible, timeout=WAIT_MS)
    menu.actions()[1].trigger()
    menu.close()
    assert window.search.scope() is SearchScope.PDF_TEXT
    assert window.search.placeholderText().startswith("Search the text of PDFs")


@pytest.mark.parametrize(
    ("text", "finds_zebra"),
    [
        ('"zebra', True),
        ("zebra*", True),
        ("-zebra", True),
        ("^zebra", True),
        ("\x00zebra\x1b", True),
        ("NEAR(zebra okapi)", False),
        ("zebra OR okapi", False),
        ("body:zebra", False),
        ("'); DROP TABLE paper; --", False),
        ("(((", False),
        ("z" * 2000, False),
        ("ζέβρα 斑马 🦓", False),
    ],
)
def test_odd_text_is_searched_as_words_never_as_syntax(
    qtbot: QtBot,
    library: Library,
    indexed: dict[str, int],
    open_window,
    text: str,
    finds_zebra: bool,
) -> None:
    window: MainWindow = open_window(library.folder)
    failures: list[str] = []
    window.fulltext.failed.connect(failures.append)
    window.search.set_scope(SearchScope.PDF_TEXT)
    window.search.setText(text)
    window.search.flush()
    qtbot.waitUntil(window.fulltext.searches.is_idle, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.fulltext.results.answer() is not None, timeout=WAIT_MS)
    assert not failures
    answer = window.fulltext.results.answer()
    assert answer is not None
    assert (indexed["zebra"] in {p.paper_id for p in answer.papers}) == finds_zebra


def test_switching_back_to_the_library_scope_restores_the_table(
    qtbot: QtBot, library: Library, indexed: dict[str, int], open_window
) -> None:
    window: MainWindow = open_window(library.folder)
    window.search.setText("Striped")
    window.search.flush()
    qtbot.waitUntil(lambda: window.is_settled() and window.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.stack.currentWidget() is window.content_splitter

    window.search.set_scope(SearchScope.PDF_TEXT)
    assert window.stack.currentWidget() is window.fulltext.results
    qtbot.waitUntil(
        lambda: (
            window.is_settled()
            and window.query().text == ""
            and window.fulltext.results.answer() is not None
        ),
        timeout=WAIT_MS,
    )

    window.search.set_scope(SearchScope.LIBRARY)
    assert window.stack.currentWidget() is window.content_splitter
    qtbot.waitUntil(lambda: window.is_settled() and window.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.query().text == "Striped"
    assert window.search.text() == "Striped"


def test_the_sidebar_filters_narrow_the_results(
    qtbot: QtBot, library: Library, indexed: dict[str, int], open_window
) -> None:
    window: MainWindow = open_window(library.folder)
    window.search.set_scope(SearchScope.PDF_TEXT)
    both = search_text(qtbot, window, "zebra")
    assert {p.paper_id for p in both.papers} == {indexed["zebra"], indexed["zebu"]}
    results = window.fulltext.results
    window.fulltext.set_filters(SidebarFilters(statuses=frozenset({Status.SKIMMED})))
    qtbot.waitUntil(
        lambda: [p.paper_id for p in results.answer().papers] == [indexed["zebu"]],
        timeout=WAIT_MS,
    )
    assert "sidebar" in results.toPlainText()


def test_empty_states_say_why_nothing_is_listed(
    qtbot: QtBot, library: Library, tmp_path: Path, open_window
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    paper_with_pdf(library, word_on_page(src / "w.pdf", "walrus", 2), "Not yet indexed")
    window: MainWindow = open_window(library.folder)
    window.search.set_scope(SearchScope.PDF_TEXT)
    search_text(qtbot, window, "walrus")
    text = window.fulltext.results.toPlainText()
    assert "No PDFs indexed yet" in text
    assert "1 PDF is waiting to be indexed" in text

    with qtbot.waitSignal(window.fulltext.index.finished, timeout=30_000):
        window.fulltext.update_action.trigger()
    qtbot.waitUntil(lambda: bool(window.fulltext.results.answer().papers), timeout=WAIT_MS)
    search_text(qtbot, window, "narwhal")
    assert "No matches" in window.fulltext.results.toPlainText()
    assert QApplication.instance() is not None


def test_tab_from_the_search_box_reaches_the_results_and_enter_opens_one(
    qtbot: QtBot, library: Library, indexed: dict[str, int], open_window
) -> None:
    window: MainWindow = open_window(library.folder)
    window.search.set_scope(SearchScope.PDF_TEXT)
    window.search.setFocus()
    search_text(qtbot, window, "okapi")
    results = window.fulltext.results
    qtbot.keyClick(window.search, Qt.Key.Key_Tab)
    qtbot.waitUntil(results.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(results, Qt.Key.Key_Tab)
    with qtbot.waitSignal(results.hitChosen, timeout=WAIT_MS) as chosen:
        qtbot.keyClick(results, Qt.Key.Key_Return)
    assert chosen.args == [indexed["okapi"], 1]
    reader = window.tabs.currentWidget()
    assert isinstance(reader, ReaderTab)
    assert reader.paper_id == indexed["okapi"]
