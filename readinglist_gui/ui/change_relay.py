"""Change sets from the core's writer (any thread) and other processes, delivered on the GUI thread.

The core announces each write's ``ChangeSet`` on the thread that made it: the
writer's own, or the thread that watches for other processes' commits. The
relay lives on the GUI thread, so a signal it emits from those threads is
queued and delivered here, where the window's parts read what concerns them.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from readinglist_gui.core.library import Library
from readinglist_gui.core.writes import ChangeSet


class ChangeRelay(QObject):
    changed = Signal(object)
    """A ``ChangeSet``: what one write (of this window, a background job, another
    process) changed in the library."""

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._lock = threading.Lock()
        self._in_flight = 0
        self._delivery.connect(self._deliver)
        self._stop_listening = library.listen(self._heard)
        library.watch_other_processes()

    _delivery = Signal(object)

    def is_idle(self) -> bool:
        """No write waiting to run, and every change set heard has been delivered."""
        with self._lock:
            delivered = self._in_flight == 0
        return delivered and self._library.writer.is_idle()

    def close(self) -> None:
        """Stop relaying (before the library closes)."""
        self._stop_listening()

    def _heard(self, changes: ChangeSet) -> None:
        """On the announcing thread: count it, then queue it to the GUI thread."""
        with self._lock:
            self._in_flight += 1
        self._delivery.emit(changes)

    def _deliver(self, changes: ChangeSet) -> None:
        try:
            self.changed.emit(changes)
        finally:
            with self._lock:
                self._in_flight -= 1


def concerns(changes: ChangeSet, paper_ids: list[int]) -> bool:
    """Whether any of these papers changed, came or went."""
    if changes.everything:
        return True
    return any(changes.of(paper_id) for paper_id in paper_ids)
