"""What the sync indicator says, for each state, without a window."""

from __future__ import annotations

import datetime as dt

from readinglist_gui.ui.group.sync_state import SyncState, SyncStatus, label, tooltip

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def test_each_state_in_a_few_words() -> None:
    two_min = NOW - dt.timedelta(minutes=2, seconds=10)
    assert label(SyncStatus(SyncState.SYNCED, two_min), NOW) == "Synced 2 min ago"
    assert label(SyncStatus(SyncState.SYNCED, NOW), NOW) == "Synced just now"
    assert label(SyncStatus(SyncState.SYNCING), NOW) == "Syncing…"
    assert label(SyncStatus(SyncState.OFFLINE, waiting=3), NOW) == "Offline — 3 changes waiting"
    assert label(SyncStatus(SyncState.OFFLINE, waiting=1), NOW) == "Offline — 1 change waiting"
    assert label(SyncStatus(SyncState.HIDDEN), NOW) == ""


def test_a_failure_is_one_short_line_and_whole_in_the_tooltip() -> None:
    message = "the group's server: permission denied for table paper, as the owner decided"
    status = SyncStatus(SyncState.FAILED, message=message)
    shown = label(status, NOW)
    assert shown.startswith("Sync failed: the group's server") and shown.endswith("…")
    assert len(shown) < len("Sync failed: ") + 50
    tip = tooltip(status, "postgresql://alice@db:5432/lab", NOW)
    assert message in tip and "postgresql://alice@db:5432/lab" in tip
    assert tip.endswith("Click to sync now")


def test_offline_says_what_waits_and_when_it_last_synced() -> None:
    then = NOW - dt.timedelta(minutes=7)
    status = SyncStatus(SyncState.OFFLINE, then, 2, "cannot reach the group's server: refused")
    tip = tooltip(status, "postgresql://alice@db/lab", NOW)
    assert "(7 min ago)" in tip and "cannot reach" in tip and "2 changes waiting" in tip
