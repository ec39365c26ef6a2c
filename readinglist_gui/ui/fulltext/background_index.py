"""The full-text index kept up to date from the window, on a worker thread of its own.

The core's ``Indexer`` does the work (a child process reads the PDFs, batches
of pages go through the library's one writer); this decides when it runs and
reports how far it got:

- once, when the window has been settled for ``IDLE_MS`` (start-up is the
  user's time, not the indexer's), which also resumes a run a previous
  session left unfinished: the core knows what is indexed;
- soon after a PDF is attached or downloaded (a change set with
  ``Aspect.FILE``), for those papers only;
- when asked (File → Update Full-Text Index).

Runs never overlap: a request while one runs is remembered and served when
it ends. ``cancel`` stops at the next PDF (or page); ``close`` cancels and
waits for the thread, so the window closes with nothing half written.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from readinglist_gui.core.library import Library
from readinglist_gui.core.writes import Aspect, ChangeSet
from readinglist_gui.ui.background import TaskRunner

# The indexer (and the PDF reading it starts) loads with the first run, on its
# thread, not before the window's first paint.
if TYPE_CHECKING:
    from readinglist_gui.core.fulltext.indexer import IndexSummary
    from readinglist_gui.core.fulltext.status import IndexStatus

IDLE_MS = 4000
"""How long the window must have been quiet (no query answered) before the first run."""
ATTACHED_MS = 1500
"""After a PDF arrives, how long to wait for others: a download job attaches its PDFs in
batches twice a second, and one run for all of them starts no child process per batch."""
CLOSE_WAIT_MS = 10_000
"""The longest closing waits for a cancelled run (a page being read is given up sooner)."""


@dataclass(frozen=True, slots=True)
class IndexRun:
    """What one run did: the core's summary, and whether it covered every PDF."""

    summary: IndexSummary
    everything: bool
    status: IndexStatus
    """The whole index after the run (how many PDFs could not be searched)."""


class _Carrier(QObject):
    """Lives on the GUI thread, so progress emitted on the worker arrives there."""

    progressed = Signal(object)


class BackgroundIndex(QObject):
    started = Signal()
    progressed = Signal(object)
    """An ``IndexProgress``, on the GUI thread."""
    finished = Signal(object)
    """An ``IndexRun`` once a run ended (cancelled or not)."""
    failed = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks = TaskRunner(self._pool, self)
        self._carrier = _Carrier(self)
        self._carrier.progressed.connect(self.progressed)
        self._stop = threading.Event()
        self._running = False
        self._enabled = True
        self._closed = False
        self._settled_once = False
        self._want_all = False
        self._want_ids: set[int] = set()
        self._idle_timer = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._idle_timer.timeout.connect(self.update_all)
        self._attach_timer = QTimer(self, singleShot=True, interval=ATTACHED_MS)
        self._attach_timer.timeout.connect(self._start_wanted)

    # -- what the window tells ----------------------------------------------------------
    def window_settled(self) -> None:
        """The window answered a query: (re)start the wait for a quiet moment, until the
        first run has started."""
        if not self._settled_once and self._enabled:
            self._idle_timer.start()

    def apply(self, changes: ChangeSet) -> None:
        """Index the PDFs a write attached, downloaded or replaced (the index's own writes,
        ``Aspect.FULLTEXT``, are not of interest)."""
        if not self._enabled or self._closed:
            return
        if changes.everything:
            self._want_all = True
        else:
            ids = changes.ids(Aspect.FILE)
            if not ids:
                return
            self._want_ids |= ids
        self._attach_timer.start()

    def update_all(self) -> None:
        """Bring the index up to date for every PDF of the library."""
        if not self._enabled or self._closed:
            return
        self._settled_once = True
        self._idle_timer.stop()
        self._want_all = True
        self._start_wanted()

    def cancel(self) -> None:
        """Stop the run at the next PDF; what was read is kept, the rest waits for the
        next run. Requests waiting behind it are dropped too."""
        self._want_all = False
        self._want_ids.clear()
        self._attach_timer.stop()
        if self._running:
            self._stop.set()

    def disable(self) -> None:
        """The library can only be read: no run may start (one running is cancelled)."""
        self._enabled = False
        self._idle_timer.stop()
        self.cancel()

    def close(self) -> None:
        """Cancel and wait for the thread: the window is closing."""
        self._closed = True
        self._idle_timer.stop()
        self.cancel()
        self._tasks.wait(CLOSE_WAIT_MS)

    def is_running(self) -> bool:
        return self._running

    def is_idle(self) -> bool:
        """No run going and none waiting to start."""
        return not (
            self._running or self._want_all or self._want_ids or self._attach_timer.isActive()
        )

    # -- running ------------------------------------------------------------------------
    def _start_wanted(self) -> None:
        if self._running or self._closed or not self._enabled:
            return
        if not (self._want_all or self._want_ids):
            return
        everything = self._want_all
        only = None if everything else frozenset(self._want_ids)
        self._want_all = False
        self._want_ids.clear()
        self._stop.clear()
        self._running = True
        self.started.emit()
        library, stop, carrier = self._library, self._stop, self._carrier

        def work() -> IndexRun:
            from readinglist_gui.core.fulltext.indexer import Indexer
            from readinglist_gui.core.fulltext.status import index_status

            summary = Indexer(library).run(
                progress=carrier.progressed.emit, cancelled=stop.is_set, only=only
            )
            return IndexRun(summary, everything, index_status(library))

        self._tasks.run(work, self._done, self._failed)

    def _done(self, run: IndexRun) -> None:
        self._running = False
        self.finished.emit(run)
        self._start_wanted()

    def _failed(self, message: str) -> None:
        self._running = False
        self.failed.emit(message)
        self._start_wanted()


__all__ = ["BackgroundIndex", "IndexRun"]
