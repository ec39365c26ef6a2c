"""What the reading-group window tests share besides fixtures: the pair, look-ups, waits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from group_fixtures import Group
from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.ui.group.sync_state import SyncState
from readinglist_gui.ui.main_window import MainWindow


@dataclass
class Pair:
    """Alice's library folder (the window opens it) and Bob's library, both in the group."""

    alice: Path
    bob: Library
    group: Group

    @property
    def alice_role(self) -> str:
        return self.group.names["alice"]

    @property
    def bob_role(self) -> str:
        return self.group.names["bob"]


def by_arxiv(library: Library, arxiv_id: str) -> int:
    for row in library.page(PaperQuery(), limit=1000).rows:
        detail = library.paper(row.id)
        if detail is not None and detail.arxiv_id == arxiv_id:
            return row.id
    raise AssertionError(f"no paper {arxiv_id}")


def wait_synced(qtbot: QtBot, window: MainWindow, timeout: int = 15_000) -> None:
    """Until a sync got through and nothing more is running or queued."""
    group = window.group
    qtbot.waitUntil(
        lambda: group.sync.status.state is SyncState.SYNCED and group.is_idle(), timeout=timeout
    )
