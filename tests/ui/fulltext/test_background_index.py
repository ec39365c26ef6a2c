"""The window keeps the full-text index up to date in the background, and says so."""

from __future__ import annotations

from pathlib import Path

import pdf_factory
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from shelf_pdfs import paper_with_pdf, put_pdf, word_on_page

from readinglist_gui.app import create_main_window
from readinglist_gui.core.fulltext.search import search
from readinglist_gui.core.fulltext.status import index_status
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord
from readinglist_gui.ui.fulltext import background_index
from readinglist_gui.ui.fulltext.background_index import IndexRun
from readinglist_gui.ui.main_window import MainWindow

WAIT_MS = 60_000
"""Indexing starts a child process; on a busy machine that takes a while."""


def found_pages(library: Library, word: str) -> set[tuple[int, int]]:
    return {(hit.paper_id, hit.page) for hit in search(library, word, 100)}


def shelf(library: Library, src: Path, count: int, pages: int = 5) -> list[int]:
    return [
        paper_with_pdf(
            library, word_on_page(src / f"p{n}.pdf", f"okapi{n}", 2, pages), f"Paper {n}"
        )
        for n in range(count)
    ]


LONG_RUN = 40
"""PDFs (of ``LONG_PAGES`` pages) for runs a test stops midway: reading them takes long
enough that the stop always lands before the last one."""
LONG_PAGES = 20


def window_on(qtbot: QtBot, folder: Path, settings_path: Path) -> MainWindow:
    """A window as the app opens one (the second one of a test being a restart)."""
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    window = create_main_window(folder, settings=settings)
    qtbot.addWidget(window)
    return window


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    return folder


def test_indexing_at_idle_reaches_the_index_and_shows_progress(
    qtbot: QtBot, library: Library, src: Path, open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = shelf(library, src, 3)
    monkeypatch.setattr(background_index, "IDLE_MS", 100)
    window: MainWindow = open_window(library.folder)
    status = window.fulltext.indicator
    shown: list[tuple[str, bool]] = []
    window.fulltext.index.progressed.connect(
        lambda _p: shown.append((status.label.text(), status.cancel_button.isVisible()))
    )
    with qtbot.waitSignal(window.fulltext.index.finished, timeout=WAIT_MS) as finished:
        pass
    run: IndexRun = finished.args[0]
    assert (run.summary.total, run.summary.indexed) == (3, 3)
    assert ("Indexing 1 of 3 PDFs", True) in shown
    assert ("Indexing 3 of 3 PDFs", True) in shown
    assert found_pages(window.library, "okapi1") == {(ids[1], 2)}
    assert status.isHidden()
    assert "indexed 3 PDFs" in window.statusBar().currentMessage()


def test_a_pdf_attached_while_the_window_is_open_is_indexed(
    qtbot: QtBot, library: Library, src: Path, open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background_index, "IDLE_MS", 3_600_000)
    paper_id = library.add_paper(PaperRecord(title="Attached later"))
    window: MainWindow = open_window(library.folder)
    pdf = word_on_page(src / "late.pdf", "wombat", 4)
    with qtbot.waitSignal(window.fulltext.index.finished, timeout=WAIT_MS) as finished:
        put_pdf(window.library, paper_id, pdf)
    run: IndexRun = finished.args[0]
    assert (run.everything, run.summary.indexed) == (False, 1)
    assert found_pages(window.library, "wombat") == {(paper_id, 4)}


def test_unreadable_pdfs_are_reported_with_their_reason_not_as_indexed(
    qtbot: QtBot, library: Library, src: Path, open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background_index, "IDLE_MS", 3_600_000)
    paper_with_pdf(library, pdf_factory.text_pdf(src / "fine.pdf", 2, "fine"), "Fine")
    paper_with_pdf(library, pdf_factory.encrypted_pdf(src / "locked.pdf"), "Locked paper")
    window: MainWindow = open_window(library.folder)
    with qtbot.waitSignal(window.fulltext.index.finished, timeout=WAIT_MS) as finished:
        window.fulltext.update_action.trigger()
    run: IndexRun = finished.args[0]
    assert (run.summary.indexed, run.summary.skipped) == (1, 1)
    status = window.fulltext.indicator
    assert status.problems_button.isVisible()
    assert status.problems_button.text() == "1 PDF not searchable"
    status.problems_button.click()
    box = window.findChild(object, "fulltextProblemsBox")
    qtbot.waitUntil(lambda: box is not None and box.isVisible(), timeout=5000)
    assert "Locked paper: " in box.detailedText()
    assert "password" in box.detailedText().lower() or "encrypt" in box.detailedText().lower()
    box.close()


def test_cancel_keeps_what_was_read_and_the_next_run_goes_on(
    qtbot: QtBot, library: Library, src: Path, open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background_index, "IDLE_MS", 3_600_000)
    shelf(library, src, LONG_RUN, LONG_PAGES)
    window: MainWindow = open_window(library.folder)
    index, status = window.fulltext.index, window.fulltext.indicator
    index.progressed.connect(
        lambda progress: status.cancel_button.click() if progress.done == 2 else None
    )
    with qtbot.waitSignal(index.finished, timeout=WAIT_MS) as finished:
        window.fulltext.update_action.trigger()
    first: IndexRun = finished.args[0]
    assert first.summary.cancelled
    assert 2 <= first.summary.read < LONG_RUN
    assert not status.cancel_button.isVisible()
    assert index_status(window.library).unread == LONG_RUN - first.summary.read

    index.progressed.disconnect()
    index.progressed.connect(status.show_progress)
    with qtbot.waitSignal(index.finished, timeout=WAIT_MS) as finished:
        window.fulltext.update_action.trigger()
    second: IndexRun = finished.args[0]
    assert not second.summary.cancelled
    assert second.summary.total == LONG_RUN - first.summary.read
    assert second.summary.unchanged == first.summary.read
    assert index_status(window.library).unread == 0


def test_closing_the_window_while_indexing_stops_and_waits(
    qtbot: QtBot, library: Library, src: Path, open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background_index, "IDLE_MS", 3_600_000)
    shelf(library, src, LONG_RUN, LONG_PAGES)
    window: MainWindow = open_window(library.folder)
    index = window.fulltext.index
    done: list[int] = []
    index.progressed.connect(lambda progress: done.append(progress.done))
    window.fulltext.update_action.trigger()
    qtbot.waitUntil(lambda: bool(done) and done[-1] >= 2, timeout=WAIT_MS)
    window.close()
    # Every batch is stored: the writer sets a future's result just before it
    # announces the change and counts the op done, so idle follows at once.
    qtbot.waitUntil(window.library.writer.is_idle, timeout=1000)
    assert 0 < index_status(window.library).unread < LONG_RUN


def test_a_run_cut_short_by_closing_goes_on_in_the_next_session(
    qtbot: QtBot,
    library: Library,
    src: Path,
    settings_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shelf(library, src, LONG_RUN, LONG_PAGES)
    folder = library.folder
    library.close()
    monkeypatch.setattr(background_index, "IDLE_MS", 100)
    first = window_on(qtbot, folder, settings_path)
    done: list[int] = []
    first.fulltext.index.progressed.connect(lambda progress: done.append(progress.done))
    first.show()
    qtbot.waitUntil(lambda: bool(done) and done[-1] >= 2, timeout=WAIT_MS)
    first.close()
    first.library.close()
    with Library.open(folder) as reopened:
        read = LONG_RUN - index_status(reopened).unread
    assert 0 < read < LONG_RUN

    second = window_on(qtbot, folder, settings_path)
    second.show()
    with qtbot.waitSignal(second.fulltext.index.finished, timeout=WAIT_MS) as finished:
        pass
    run: IndexRun = finished.args[0]
    assert (run.summary.unchanged, run.summary.total) == (read, LONG_RUN - read)
    assert index_status(second.library).unread == 0
    second.close()
    second.library.close()
