"""The reader as the window opens it: never waiting on the library, zoom kept in the library,
reading time counted only while someone reads."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from pathlib import Path

import pdf_factory
import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from readinglist_gui.core.database import DATABASE_NAME
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord
from readinglist_gui.ui.reader import ReaderTab
from readinglist_gui.ui.reader.reading_clock import FLUSH_EVERY_S, IDLE_AFTER_S, ReadingClock

HOLD_S = 2.0
"""How long another program keeps the library's write lock in the test below."""


def papers_with_pdfs(library: Library, count: int) -> list[int]:
    library.pdf_dir.mkdir(parents=True, exist_ok=True)
    ids = []
    for number in range(count):
        paper_id = library.add_paper(PaperRecord(title=f"Paper {number}"))
        pdf_factory.text_pdf(library.pdf_dir / f"{paper_id}.pdf", pages=5)
        library.set_pdf(paper_id, f"pdfs/{paper_id}.pdf")
        ids.append(paper_id)
    return ids


def open_reader(qtbot: QtBot, window, paper_id: int) -> ReaderTab:
    window.open_paper(paper_id)
    reader = window.tabs.currentWidget()
    assert isinstance(reader, ReaderTab)
    qtbot.waitUntil(lambda: reader.view.info is not None, timeout=5000)
    scale = reader.view.render_scale()
    qtbot.waitUntil(lambda: (reader.view.current_page, scale) in reader.view.cache, timeout=5000)
    return reader


def test_switching_tabs_never_waits_for_a_busy_library(
    qtbot: QtBot, library: Library, open_window
) -> None:
    first, second = papers_with_pdfs(library, 2)
    window = open_window(library.folder)
    reader_first = open_reader(qtbot, window, first)
    reader_second = open_reader(qtbot, window, second)
    reader_second.editor.setFocus()
    qtbot.keyClicks(reader_second.editor, "typed just before switching")

    other = sqlite3.connect(library.folder / DATABASE_NAME, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    released = threading.Event()

    def release() -> None:
        time.sleep(HOLD_S)
        other.commit()
        other.close()
        released.set()

    holder = threading.Thread(target=release)
    holder.start()
    try:
        window.tabs.setCurrentWidget(reader_first)  # the second tab hides and saves
        assert window.tabs.currentWidget() is reader_first
        assert not released.is_set(), "the switch returned while the lock was still held"
    finally:
        holder.join()
    qtbot.waitUntil(
        lambda: library.paper(second).note == "typed just before switching", timeout=10_000
    )


def test_zooms_from_older_versions_move_into_the_library(
    qtbot: QtBot, library: Library, open_window, settings_path: Path
) -> None:
    paper, other = papers_with_pdfs(library, 2)
    old = QSettings(str(settings_path), QSettings.Format.IniFormat)
    old.setValue(f"reader/papers/{paper}/zoom", 1.5)
    old.setValue(f"reader/papers/{other}/zoom", "page")
    old.setValue("reader/papers/99999/zoom", 2.0)
    old.sync()
    window = open_window(library.folder)
    reader = open_reader(qtbot, window, paper)
    assert reader.view.zoom == pytest.approx(1.5)
    qtbot.waitUntil(lambda: library.reader_zoom(other) == "page", timeout=5000)
    assert library.reader_zoom(paper) == "1.5"
    settings = window.tabs._settings
    qtbot.waitUntil(lambda: not setting_groups(settings, "reader/papers"), timeout=5000)
    reader.view.set_zoom(2.0)
    window.tabs.close_tab(window.tabs.indexOf(reader))
    qtbot.waitUntil(lambda: library.reader_zoom(paper) == "2", timeout=5000)
    assert not setting_groups(settings, "reader/papers"), "nothing written there any more"


def setting_groups(settings: QSettings, group: str) -> list[str]:
    settings.beginGroup(group)
    try:
        return settings.childGroups()
    finally:
        settings.endGroup()


class Watched(QWidget):
    pass


@pytest.fixture
def active(qtbot: QtBot) -> QWidget:
    widget = Watched()
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5000)
    return widget


def test_reading_time_counts_while_someone_reads_and_is_handed_over_a_minute_at_a_time(
    qtbot: QtBot, active: QWidget
) -> None:
    now = [1000.0]
    day = dt.date(2025, 3, 4)
    clock = ReadingClock(active, clock=lambda: now[0], today=lambda: day)
    clock.watch(active)
    spent: list[tuple[dt.date, int]] = []
    clock.spent.connect(lambda d, s: spent.append((d, s)))

    def advance(seconds: float, step: float = 5.0) -> None:
        for _ in range(round(seconds / step)):
            now[0] += step
            clock.tick()

    clock.start()
    QApplication.sendEvent(
        active, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    )
    advance(FLUSH_EVERY_S - 5)
    assert spent == [], "batched, not a write every few seconds"
    advance(5)
    assert spent == [(day, 60)]
    advance(IDLE_AFTER_S + 300)
    clock.flush()
    total = sum(seconds for _, seconds in spent)
    assert total == IDLE_AFTER_S, "counted up to two minutes after the last key, no more"
    clock.sign_of_life()
    active.hide()
    advance(30)
    clock.stop()
    assert sum(seconds for _, seconds in spent) == total, "a hidden tab is not read"
