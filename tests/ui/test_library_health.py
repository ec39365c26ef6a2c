"""The app and a troubled library file: read-only banner, background check, restoring a backup.

Real libraries in ``tmp_path``, damaged in place; the read-only window is
built on a real read-only SQLite connection (the detection of read-only
files by their permissions is tested as an unprivileged user in
``tests/core/test_library_open.py``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from storage_conditions import checkpointed, damage_table

from readinglist_gui.core import auto_backup
from readinglist_gui.core.database import create_sqlite_engine
from readinglist_gui.core.integrity import full_check
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord
from readinglist_gui.ui.library_banner import LibraryBanner
from readinglist_gui.ui.library_health import READ_ONLY_NOTICE, LibraryHealth
from readinglist_gui.ui.library_session import LibrarySession
from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.restore_dialog import RestoreDialog

YESTERDAY = dt.datetime.now() - dt.timedelta(days=1)


def closed(library: Library) -> Path:
    """Close the fixture's library and fold its log into the file; returns the folder."""
    library.close()
    checkpointed(library.database_path)
    return library.folder


def damage_out_of_sight(folder: Path) -> None:
    """Damage the shared-note table of reading groups: a library in no group never reads it."""
    damage_table(folder / "library.sqlite3", "group_note_share")


def when_modal(kind: type[QWidget], act: Callable[[QWidget], bool], timeout_s: float = 15) -> None:
    """Once a modal ``kind`` is up, call ``act`` on it until it says it is done."""
    deadline = time.monotonic() + timeout_s

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and act(widget):
            return
        if time.monotonic() < deadline:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def choose_newest(widget: QWidget) -> bool:
    assert isinstance(widget, RestoreDialog)
    if not widget.restore_button.isEnabled():
        return False
    widget.restore_button.click()
    return True


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def read_only_window(
    qtbot: QtBot, filled: Library, settings: QSettings
) -> Iterator[tuple[MainWindow, LibraryHealth]]:
    folder = closed(filled)
    engine = create_sqlite_engine(folder / "library.sqlite3", read_only=True)
    window = MainWindow(Library(folder, engine), settings)
    health = LibraryHealth(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_settled, timeout=5000)
    yield window, health
    window.close()
    window.library.close()


def test_a_read_only_library_says_so_and_keeps_editing_off(
    qtbot: QtBot, read_only_window: tuple[MainWindow, LibraryHealth], tmp_path: Path
) -> None:
    window, health = read_only_window
    assert health.read_only and health.banner.isVisible()
    assert "read-only" in health.banner.text.text()
    assert not health.banner.restore_button.isVisible()

    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.details.open_button.isEnabled(), timeout=3000)
    actions, online = window.edits, window.online_actions
    edits = [*actions.status_actions.values(), actions.tag_action, actions.delete_action]
    edits += [window.files.import_action, actions.edit_action, online.download_action]
    assert not any(action.isEnabled() for action in edits)
    assert not any(button.isEnabled() for button in window.details.status_buttons.values())
    assert not window.details.tags.isEnabled() and not window.details.edit_button.isEnabled()
    assert not window.acceptDrops()

    names = [tag.name for tag in window.library.tags()]
    window.sidebar.tagRenameRequested.emit(names[0])
    assert window.statusBar().currentMessage() == READ_ONLY_NOTICE
    assert [tag.name for tag in window.library.tags()] == names

    window.open_paper(window.table.selected_ids()[0])
    editor = window.tabs.currentWidget().findChild(QPlainTextEdit)
    assert editor is not None and editor.isReadOnly()
    assert not window.grab().isNull()
    window.grab().save(str(tmp_path / "read-only.png"))


def test_a_writable_library_shows_no_banner(qtbot: QtBot, window: MainWindow) -> None:
    health = LibraryHealth.of(window)
    assert health is not None and not health.read_only
    assert not health.has_banner()
    window.table.selectRow(0)
    qtbot.waitUntil(
        lambda: window.edits.status_actions[next(iter(window.edits.status_actions))].isEnabled()
    )


def test_the_background_check_makes_the_days_backup(qtbot: QtBot, window: MainWindow) -> None:
    health = LibraryHealth.of(window)
    assert health is not None
    with qtbot.waitSignal(health.backedUp, timeout=20000) as made:
        health.start_after(0)
    info = made.args[0]
    assert isinstance(info, auto_backup.BackupInfo) and info.papers == 4
    assert info.path.parent == window.library.folder / "backups"
    assert window.statusBar().currentMessage().startswith("Automatic backup made")
    assert not health.has_banner()


def test_the_background_check_finds_damage_and_offers_the_backup(
    qtbot: QtBot, filled: Library, settings: QSettings, tmp_path: Path
) -> None:
    auto_backup.make_backup(filled.folder, now=YESTERDAY)
    folder = closed(filled)
    damage_out_of_sight(folder)
    from readinglist_gui.app import create_main_window

    window = create_main_window(folder, settings=settings)
    qtbot.addWidget(window)
    window.show()
    health = LibraryHealth.of(window)
    assert health is not None
    try:
        with qtbot.waitSignal(health.checked, timeout=20000) as checked:
            health.start_after(0)
        assert not checked.args[0].ok
        assert health.banner.isVisible() and health.banner.restore_button.isVisible()
        assert health.banner.text.text().startswith("The library file is damaged")
        assert health.banner.text.toolTip()
        assert len(auto_backup.list_backups(folder)) == 1  # the damaged copy was not kept
        window.grab().save(str(tmp_path / "damaged.png"))
    finally:
        health.stop()
        window.close()
        window.library.close()


def test_the_restore_dialog_lists_each_backup_with_its_date_and_papers(
    qtbot: QtBot, filled: Library
) -> None:
    first = dt.datetime(2026, 3, 2, 9, 15)
    auto_backup.make_backup(filled.folder, now=first)
    filled.add_paper(PaperRecord(title="Written on the second day"))
    auto_backup.make_backup(filled.folder, now=first + dt.timedelta(days=1))
    (filled.folder / "backups" / "library-2026-03-01-080000.sqlite3").write_bytes(b"junk" * 99)
    dialog = RestoreDialog(filled.folder, reason="The library file is damaged.")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.backupsShown, timeout=10000):
        dialog.show()
    rows = [dialog.backups.item(row).text() for row in range(dialog.backups.count())]
    assert rows[0].startswith("Tue 3 Mar 2026 09:15, 5 papers")
    assert rows[1].startswith("Mon 2 Mar 2026 09:15, 4 papers")
    assert "cannot be read" in rows[2]
    chosen = dialog.chosen()
    assert chosen is not None and chosen.papers == 5
    assert dialog.restore_button.isEnabled()
    dialog.backups.setCurrentRow(2)
    assert dialog.chosen() is None and not dialog.restore_button.isEnabled()


def test_with_no_backups_the_dialog_says_what_else_can_be_done(
    qtbot: QtBot, library: Library
) -> None:
    dialog = RestoreDialog(library.folder)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.backupsShown, timeout=10000):
        dialog.show()
    assert dialog.backups.count() == 0
    assert not dialog.restore_button.isEnabled()
    assert "No automatic backup" in dialog.status.text()


def test_restoring_from_the_banner_sets_the_file_aside_and_reopens(
    qtbot: QtBot, filled: Library, settings: QSettings
) -> None:
    auto_backup.make_backup(filled.folder, now=YESTERDAY)
    folder = closed(filled)
    damage_out_of_sight(folder)
    damaged = (folder / "library.sqlite3").read_bytes()
    session = LibrarySession(folder, settings, check_after_ms=0)
    try:
        assert session.open()
        first = session.window
        assert first is not None
        health = LibraryHealth.of(first)
        assert health is not None
        qtbot.waitUntil(health.banner.restore_button.isVisible, timeout=20000)
        when_modal(RestoreDialog, choose_newest)
        health.banner.restore_button.click()
        assert session.window is not None and session.window is not first
        assert session.window.library.count() == 4
        kept = list(folder.glob("library.damaged-*.sqlite3"))
        assert len(kept) == 1 and kept[0].read_bytes() == damaged
        assert full_check(folder / "library.sqlite3").ok
    finally:
        session.close()


def test_an_empty_library_file_at_start_is_restored_from_a_backup(
    qtbot: QtBot, filled: Library, settings: QSettings
) -> None:
    auto_backup.make_backup(filled.folder, now=YESTERDAY)
    folder = closed(filled)
    (folder / "library.sqlite3").write_bytes(b"")
    asked: list[str] = []

    def restore_offered(widget: QWidget) -> bool:
        assert isinstance(widget, QMessageBox)
        asked.append(widget.text())
        (restore,) = [b for b in widget.buttons() if b.text() == "Restore from Backup…"]
        when_modal(RestoreDialog, choose_newest)
        restore.click()
        return True

    when_modal(QMessageBox, restore_offered)
    session = LibrarySession(folder, settings, check_after_ms=60_000)
    try:
        assert session.open()
        assert asked and "is empty (0 bytes)" in asked[0]
        assert session.window is not None and session.window.library.count() == 4
        kept = list(folder.glob("library.damaged-*.sqlite3"))
        assert len(kept) == 1 and kept[0].stat().st_size == 0
    finally:
        session.close()


def test_declining_to_restore_an_empty_library_opens_nothing(
    qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "library.sqlite3").write_bytes(b"")

    def close_box(widget: QWidget) -> bool:
        assert isinstance(widget, QMessageBox)
        widget.button(QMessageBox.StandardButton.Close).click()
        return True

    when_modal(QMessageBox, close_box)
    session = LibrarySession(folder, settings)
    assert not session.open()
    assert session.window is None
    assert [(p.name, p.stat().st_size) for p in folder.iterdir()] == [("library.sqlite3", 0)]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_banner_reads_in_light_and_dark(qtbot: QtBot, qapp: QApplication, dark: bool) -> None:
    from PySide6.QtGui import QColor, QPalette

    original = qapp.palette()
    if dark:
        palette = QPalette(original)
        palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
        qapp.setPalette(palette)
    try:
        banner = LibraryBanner()
        qtbot.addWidget(banner)
        banner.resize(900, 40)
        banner.show_damage("The library file is damaged.", "Page 9: bad", restorable=True)
        image = banner.grab().toImage()
        fill = image.pixelColor(image.width() // 2, 2)
        window = qapp.palette().color(QPalette.ColorRole.Window)
        assert fill.red() > fill.green() and fill != window
        assert abs(fill.lightnessF() - window.lightnessF()) < 0.35
    finally:
        qapp.setPalette(original)


def test_a_query_that_meets_damage_says_so_and_brings_the_check_forward(
    qtbot: QtBot, filled: Library, settings: QSettings
) -> None:
    auto_backup.make_backup(filled.folder, now=YESTERDAY)
    folder = closed(filled)
    # The search index's sets: the first rows read without them, the counts and searches not.
    damage_table(folder / "library.sqlite3", "search_set")
    told: list[str] = []

    def read_and_close(widget: QWidget) -> bool:
        assert isinstance(widget, QMessageBox)
        told.append(widget.text())
        widget.close()
        return True

    session = LibrarySession(folder, settings, check_after_ms=600_000)
    try:
        assert session.open()
        window = session.window
        assert window is not None
        health = LibraryHealth.of(window)
        assert health is not None and not health.has_banner()
        when_modal(QMessageBox, read_and_close)
        qtbot.waitUntil(lambda: bool(told), timeout=10000)
        assert "is damaged" in told[0] and "SQL" not in told[0]
        qtbot.waitUntil(lambda: health.has_banner(), timeout=20000)
        assert health.banner.restore_button.isVisible()
    finally:
        session.close()


def test_a_library_whose_papers_cannot_be_read_offers_the_backup_at_start(
    qtbot: QtBot, filled: Library, settings: QSettings
) -> None:
    auto_backup.make_backup(filled.folder, now=YESTERDAY)
    folder = closed(filled)
    damage_table(folder / "library.sqlite3", "paper")
    asked: list[str] = []

    def close_box(widget: QWidget) -> bool:
        assert isinstance(widget, QMessageBox)
        asked.append(widget.text())
        widget.button(QMessageBox.StandardButton.Close).click()
        return True

    when_modal(QMessageBox, close_box)
    session = LibrarySession(folder, settings)
    assert not session.open()
    assert asked and "is damaged" in asked[0] and "SQL" not in asked[0]
