"""The "Read by" column: how many of the group's members have read each paper, and who.

Read from the local tables the group's pull keeps (``core.group.progress``),
never from the server, a block of rows at a time and only for the rows the
table paints, like the rows themselves. A library in no group reads nothing:
the column is hidden and every cell is empty.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status
from readinglist_gui.ui.plain_text import plain_tooltip


class ReadByColumn:
    """Per paper id: its "read by" cell, held as long as the table holds the row."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self.enabled = False
        self._held: dict[int, dict[str, str] | None] = {}
        """Each member's status per paper; None for a paper not in the group."""

    def has(self, paper_id: int) -> bool:
        return not self.enabled or paper_id in self._held

    def load(self, ids: Iterable[int]) -> None:
        """Read these papers' cells (papers not in the group get an empty one)."""
        if not self.enabled:
            return
        from readinglist_gui.core.group.progress import statuses

        wanted = list(ids)
        with self._library.engine.connect() as conn:
            found = statuses(conn, wanted)
        for paper_id in wanted:
            self._held[paper_id] = found.get(paper_id)

    def forget(self, ids: Iterable[int] | None = None) -> None:
        if ids is None:
            self._held.clear()
        else:
            for paper_id in ids:
                self._held.pop(paper_id, None)

    def value(self, paper_id: int, role: int) -> object:
        """The words are made only for the cells painted, and the tooltip only on hover."""
        per = self._held.get(paper_id)
        if per is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            read = sum(1 for status in per.values() if status != Status.UNREAD.value)
            return f"{read} of {len(per)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(", ".join(f"{m}: {s}" for m, s in sorted(per.items())))
        return None
