"""File → Reading Group: create, add a member, leave, and a password asked for when libpq has none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from group_fixtures import Group
from linked_windows import Pair, by_arxiv, wait_synced
from PySide6.QtWidgets import QInputDialog, QLineEdit
from pytestqt.qtbot import QtBot

from readinglist_gui.core import library_meta
from readinglist_gui.core.group import progress, sync
from readinglist_gui.core.group.local_tables import LINK
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status
from readinglist_gui.ui.library_view.columns import Column
from readinglist_gui.ui.main_window import MainWindow

WindowFactory = Callable[[Path], MainWindow]


def answer(qtbot: QtBot, window: MainWindow, text: str) -> QInputDialog:
    """Type ``text`` into the prompt the window shows, and accept it."""

    def shown() -> list[QInputDialog]:
        return [d for d in window.findChildren(QInputDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1, timeout=10_000)
    dialog = shown()[0]
    echo = dialog.textEchoMode()
    dialog.setTextValue(text)
    dialog.accept()
    dialog.setProperty("echo", echo.value)
    return dialog


def status_line(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_create_a_group_add_a_member_and_leave_from_the_menu(
    qtbot: QtBot, filled: Library, open_window: WindowFactory, group_db: Group
) -> None:
    window = open_window(filled.folder)
    menu = window.group.menu
    assert menu.create_action.isEnabled() and not menu.leave_action.isEnabled()
    menu.create_action.trigger()
    answer(qtbot, window, group_db.url("alice"))
    wait_synced(qtbot, window)
    assert status_line(window).startswith(f"Created the reading group as {group_db.names['alice']}")
    assert window.group.indicator.isVisible()
    assert not window.table.isColumnHidden(Column.READ_BY)
    assert str(window.model.index(0, Column.READ_BY).data()).endswith(" of 1")
    assert menu.add_member_action.isEnabled() and not menu.create_action.isEnabled()

    menu.add_member_action.trigger()
    answer(qtbot, window, group_db.names["bob"])
    qtbot.waitUntil(lambda: "is now a member" in status_line(window), timeout=10_000)
    wait_synced(qtbot, window)
    qtbot.waitUntil(
        lambda: str(window.model.index(0, Column.READ_BY).data()).endswith(" of 2"), timeout=5000
    )

    menu.leave()
    qtbot.waitUntil(lambda: not window.group.indicator.isVisible(), timeout=5000)
    assert window.table.isColumnHidden(Column.READ_BY)
    assert status_line(window).startswith("Left the reading group")
    assert menu.create_action.isEnabled()


def test_a_missing_password_is_asked_for_and_kept_nowhere(
    qtbot: QtBot,
    filled: Library,
    open_window: WindowFactory,
    group_db: Group,
    tmp_path: Path,
    settings_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "empty-pgpass"
    empty.write_text("")
    empty.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(empty))
    window = open_window(filled.folder)
    window.group.menu.create_action.trigger()
    answer(qtbot, window, group_db.url("alice"))
    secret = group_db.roles["alice"]
    asked = answer(qtbot, window, secret)
    assert asked.property("echo") == QLineEdit.EchoMode.Password.value
    wait_synced(qtbot, window)
    assert status_line(window).startswith("Created the reading group")

    window.group.sync_now()  # the session's password serves the background syncs too
    wait_synced(qtbot, window)
    window.close()
    window.library.close()
    with Library.open(filled.folder) as library, library.engine.connect() as conn:
        link = library_meta.get(conn, LINK)
    assert link is not None and secret not in link
    assert secret.encode() not in (filled.folder / "library.sqlite3").read_bytes()
    assert secret not in settings_path.read_text()


def test_a_shared_note_reaches_the_other_member(
    qtbot: QtBot, pair: Pair, open_window: WindowFactory
) -> None:
    window = open_window(pair.alice)
    wait_synced(qtbot, window)
    paper = by_arxiv(window.library, "2309.06180")
    window.table.select_ids([paper])
    menu = window.group.menu
    menu.menu.aboutToShow.emit()
    assert menu.share_action.isEnabled() and not menu.share_action.isChecked()
    menu.share_action.trigger()
    assert "goes to the group with the next sync" in status_line(window)
    bob, theirs = pair.bob, by_arxiv(pair.bob, "2309.06180")

    def arrived() -> bool:
        sync.sync_once(bob)
        return bool(progress.shared_notes(bob, theirs))

    qtbot.waitUntil(arrived, timeout=10_000)
    [note] = progress.shared_notes(bob, theirs)
    assert note.author == pair.alice_role and "Paged KV cache" in note.markdown
    menu.menu.aboutToShow.emit()
    assert menu.share_action.isChecked()


def test_the_sync_on_start_asks_for_a_missing_password_once(
    qtbot: QtBot,
    pair: Pair,
    open_window: WindowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "no-pgpass"
    empty.write_text("")
    empty.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(empty))
    window = open_window(pair.alice)
    answer(qtbot, window, pair.group.roles["alice"])
    wait_synced(qtbot, window)
    qtbot.waitUntil(window.group.sync.is_listening, timeout=5000)
    bob = pair.bob
    bob.set_status([by_arxiv(bob, "1706.03762")], Status.NOTED)
    sync.sync_once(bob, pair.group.roles["bob"])
    shown = by_arxiv(window.library, "1706.03762")
    row = window.model.row_of(shown)
    assert row is not None
    qtbot.waitUntil(
        lambda: window.model.index(row, Column.READ_BY).data() == "1 of 2", timeout=10_000
    )
    assert not [d for d in window.findChildren(QInputDialog) if d.isVisible()]
