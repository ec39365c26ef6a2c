"""The window on a library in a reading group: it syncs by itself, live, and shows who read what."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from linked_windows import Pair, by_arxiv, wait_synced
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readinglist_gui.core.group import sync
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status
from readinglist_gui.ui.group.sync_state import SyncState
from readinglist_gui.ui.library_view.columns import Column
from readinglist_gui.ui.main_window import MainWindow

WindowFactory = Callable[[Path], MainWindow]


def read_by(window: MainWindow, paper_id: int) -> tuple[str, str]:
    row = window.model.row_of(paper_id)
    assert row is not None
    index = window.model.index(row, Column.READ_BY)
    return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)


def title_shown(window: MainWindow, paper_id: int) -> str:
    row = window.model.row_of(paper_id)
    assert row is not None
    return str(window.model.index(row, Column.TITLE).data())


def test_the_window_syncs_on_start_and_shows_who_read_what(
    qtbot: QtBot, pair: Pair, open_window: WindowFactory
) -> None:
    bob = pair.bob
    bob.set_status([by_arxiv(bob, "1706.03762")], Status.SKIMMED)
    sync.sync_once(bob)

    window = open_window(pair.alice)
    wait_synced(qtbot, window)

    indicator = window.group.indicator
    assert indicator.isVisible()
    assert indicator.text() == "Synced just now"
    assert pair.group.url("alice").split("@")[1] in indicator.toolTip()
    assert not window.table.isColumnHidden(Column.READ_BY)
    alice, noted = pair.alice_role, by_arxiv(window.library, "2309.06180")
    skimmed = by_arxiv(window.library, "1706.03762")
    assert read_by(window, noted) == (
        "1 of 2",
        f"{alice}: noted, {pair.bob_role}: unread",
    ), "Alice's own note counts; Bob has not read it"
    assert read_by(window, skimmed) == (
        "1 of 2",
        f"{alice}: unread, {pair.bob_role}: skimmed",
    ), "Bob's progress arrived with the sync on start"


def test_a_change_made_before_the_listener_connects_is_pulled_once_it_does(
    qtbot: QtBot, pair: Pair, open_window: WindowFactory
) -> None:
    """Nobody hears a NOTIFY sent before LISTEN: connecting pulls once, not at the next period."""
    window = open_window(pair.alice)
    wait_synced(qtbot, window)
    controller = window.group.sync
    controller._stop_listener(5)
    bob = pair.bob
    bob.set_status([by_arxiv(bob, "1706.03762")], Status.NOTED)
    sync.sync_once(bob)
    shown = by_arxiv(window.library, "1706.03762")
    assert read_by(window, shown)[0] != "1 of 2", "nothing pulled yet"

    controller.restart_listener()
    qtbot.waitUntil(lambda: read_by(window, shown)[0] == "1 of 2", timeout=10_000)


def test_another_members_change_arrives_live_without_the_user_asking(
    qtbot: QtBot, pair: Pair, open_window: WindowFactory
) -> None:
    window = open_window(pair.alice)
    wait_synced(qtbot, window)
    qtbot.waitUntil(window.group.sync.is_listening, timeout=5000)
    bob = pair.bob
    paper = by_arxiv(bob, "2405.04434")
    bob.set_status([paper], Status.NOTED)
    bob.update_fields(paper, title="DeepSeek-V2, as Bob titled it")
    sync.sync_once(bob)

    shown = by_arxiv(window.library, "2405.04434")
    qtbot.waitUntil(lambda: read_by(window, shown)[0] == "1 of 2", timeout=10_000)
    qtbot.waitUntil(
        lambda: title_shown(window, shown) == "DeepSeek-V2, as Bob titled it", timeout=5000
    )
    assert read_by(window, shown)[1] == f"{pair.alice_role}: unread, {pair.bob_role}: noted"

    window.table.select_ids([shown])
    window.table.setFocus()
    qtbot.keyClick(window.table, "3")
    qtbot.waitUntil(lambda: ("2405.04434", "noted") in server_progress(pair), timeout=10_000)


def server_progress(pair: Pair) -> list[tuple[str, str]]:
    """Alice's progress as the server holds it."""
    with pair.group.connect("alice") as conn:
        return conn.execute(
            "SELECT p.arxiv_id, g.status FROM readinglist.progress g "
            "JOIN readinglist.paper p ON p.id = g.paper_id WHERE g.member = %s",
            (pair.alice_role,),
        ).fetchall()


def test_offline_edits_wait_and_go_with_the_next_sync(
    qtbot: QtBot, pair: Pair, open_window: WindowFactory
) -> None:
    window = open_window(pair.alice)
    wait_synced(qtbot, window)
    qtbot.waitUntil(window.group.sync.is_listening, timeout=5000)
    pair.group.cluster.kill()
    try:
        indicator = window.group.indicator
        qtbot.waitUntil(lambda: indicator.status().state is SyncState.OFFLINE, timeout=10_000)
        paper = by_arxiv(window.library, "1706.03762")
        window.table.select_ids([paper])
        window.table.setFocus()
        with qtbot.waitSignal(window.libraryChanged, timeout=5000):
            qtbot.keyClick(window.table, "2")
        qtbot.waitUntil(lambda: indicator.text() == "Offline — 1 change waiting", timeout=5000)
        detail = window.library.paper(paper)
        assert detail is not None and detail.status is Status.SKIMMED
        started = time.monotonic()
        qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.group.is_idle(), timeout=15_000)
        assert time.monotonic() - started < 10, "an unreachable server fails within seconds"
        assert indicator.text() == "Offline — 1 change waiting"
        assert "cannot reach the group's server" in indicator.toolTip()
    finally:
        pair.group.cluster.start()
    qtbot.mouseClick(window.group.indicator, Qt.MouseButton.LeftButton)
    wait_synced(qtbot, window)
    assert window.group.indicator.text() == "Synced just now"
    assert ("1706.03762", "skimmed") in server_progress(pair)


def test_the_server_back_is_noticed_and_what_waited_goes_by_itself(
    qtbot: QtBot, pair: Pair, open_window: WindowFactory
) -> None:
    window = open_window(pair.alice)
    window.group.sync.listener_retry = 0.5  # the listener tries every 30 s in the app
    wait_synced(qtbot, window)
    qtbot.waitUntil(window.group.sync.is_listening, timeout=5000)
    indicator = window.group.indicator
    pair.group.cluster.kill()
    try:
        qtbot.waitUntil(lambda: indicator.status().state is SyncState.OFFLINE, timeout=10_000)
        paper = by_arxiv(window.library, "2405.04434")
        window.table.select_ids([paper])
        window.table.setFocus()
        qtbot.keyClick(window.table, "3")
        qtbot.waitUntil(lambda: indicator.text() == "Offline — 1 change waiting", timeout=5000)
    finally:
        pair.group.cluster.start()
    wait_synced(qtbot, window)
    assert ("2405.04434", "noted") in server_progress(pair)


def group_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("readinglist-group")]


def test_closing_the_window_while_it_syncs_is_quick_and_leaves_no_thread(
    qtbot: QtBot, pair: Pair, open_window: WindowFactory
) -> None:
    window = open_window(pair.alice)
    wait_synced(qtbot, window)
    qtbot.waitUntil(window.group.sync.is_listening, timeout=5000)
    window.group.sync_now()
    assert window.group.sync.status.state is SyncState.SYNCING
    started = time.monotonic()
    window.close()
    closed_in = time.monotonic() - started
    window.library.close()
    assert closed_in < 2, f"closing took {closed_in:.2f} s"
    deadline = time.monotonic() + 2
    while group_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group_threads() == []


def test_closing_while_the_server_does_not_answer_does_not_wait_for_it(
    qtbot: QtBot, tmp_path: Path, open_window: WindowFactory, silent_port: int
) -> None:
    from readinglist_gui.core.group.link_ops import LinkGroup
    from readinglist_gui.core.group.local_tables import GroupLink

    url = f"postgresql://alice@127.0.0.1:{silent_port}/lab"
    with Library.open(tmp_path / "linked") as library:
        library.write(LinkGroup(GroupLink(url, "alice", "g", "alice")))
    window = open_window(tmp_path / "linked")
    qtbot.waitUntil(lambda: window.group.sync.status.state is SyncState.SYNCING, timeout=5000)
    started = time.monotonic()
    window.close()
    closed_in = time.monotonic() - started
    assert closed_in < 2, f"closing took {closed_in:.2f} s"
    window.library.close()
    deadline = time.monotonic() + 12
    while group_threads() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert group_threads() == [], "the sync left behind ends by its own timeout"


def test_a_library_in_no_group_has_no_indicator_no_column_and_no_thread(
    qtbot: QtBot, filled: Library, open_window: WindowFactory
) -> None:
    window = open_window(filled.folder)
    qtbot.wait(500)
    assert not window.group.indicator.isVisible()
    assert window.table.isColumnHidden(Column.READ_BY)
    labels = [action.text() for action in window.table.column_actions(window.columns_menu)]
    assert "Read by" not in labels and "Added" in labels
    assert not window.group.sync_action.isEnabled()
    assert not window.group.worker.started
    assert window.model.index(0, Column.READ_BY).data() is None
