"""Run filter queries off the GUI thread, newest request wins.

On a large library a broad search takes longer than a frame, so the window
never waits for SQLite while the user types or clicks: each filter change is
queued here and one query runs at a time on a private single-thread pool.
A query runs in two stages: first what the user looks at (the first page of
rows, the total and the sidebar counts, from one evaluation of the search),
then every matching id, which the table needs for scrolling and selecting:
after a pause in typing, or at once when the user scrolls past the first page.
Once idle it has the library load the sets every view counts with (statuses
and tags), so the first view after a write does not wait for them.
A newer request overtakes the older one between stages and interrupts its
id stage, and the older one's results are dropped unseen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from readinglist_gui.core.library import Interrupted, Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.core.results import ListInfo, Page, TagCount
from readinglist_gui.ui.background import TaskRunner

PAGE_SIZE = 200
"""Rows in the first stage: a screenful and then some, as the table pages them."""
IDS_DELAY_MS = 150
"""The id stage waits for a pause in typing: mid-burst it would only be interrupted,
and meanwhile compete with the GUI thread for the interpreter."""


@dataclass(frozen=True, slots=True)
class Counts:
    """What the sidebar shows for one query."""

    query: PaperQuery
    status_counts: dict[Status, int]
    tag_counts: list[TagCount]
    lists: list[ListInfo] | None
    """Reading lists with progress, when asked for (they change only with edits)."""
    review_ids: list[int] | None = None
    """Papers waiting in "Needs review", asked for with the lists."""


def glance(library: Library, query: PaperQuery, *, lists: bool = False) -> tuple[Page, Counts]:
    """The first page of ``query`` and the sidebar counts beside it.

    Library statuses and reading lists are alternatives in one tree, so the
    status counts describe the whole library under the search and tags.
    """
    # Imported here, on the worker: the window's first paint needs nothing of
    # the review queue or the online modules behind it.
    from readinglist_gui.core import review

    view = library.view(query, 0, PAGE_SIZE, sidebar=True)
    counts = Counts(
        query,
        view.status_counts,
        view.tag_counts,
        library.lists() if lists else None,
        review.pending_ids(library) if lists else None,
    )
    return Page(view.total, view.rows), counts


def _ignore(_result: object) -> None:
    """Warming the sets has no result: the next request simply finds them loaded."""


class QueryRunner(QObject):
    pageReady = Signal(object, object)
    """(query, ``Page``) of the newest request, on the GUI thread."""
    countsReady = Signal(object)
    """``Counts`` of the newest request, right after its page."""
    idsReady = Signal(object, list)
    """(query, ids) of the newest request, once all of them are read."""
    failed = Signal(str)

    def __init__(
        self, library: Library, parent: QObject | None = None, *, ids_delay_ms: int = IDS_DELAY_MS
    ) -> None:
        super().__init__(parent)
        self._library = library
        pool = QThreadPool(self)
        pool.setMaxThreadCount(1)
        self._tasks = TaskRunner(pool, self)
        self._pending: PaperQuery | None = None
        self._with_lists = False
        self._running: PaperQuery | None = None
        self._running_lists = False
        self._closed = False
        self._ids_timer = QTimer(self)
        self._ids_timer.setSingleShot(True)
        self._ids_timer.setInterval(ids_delay_ms)
        self._ids_timer.timeout.connect(self._start_ids)

    def is_idle(self) -> bool:
        return self._running is None and self._pending is None

    def submit(self, query: PaperQuery, *, lists: bool = False) -> None:
        """Queue ``query`` in place of any query still waiting; ``lists`` asks for lists too."""
        self._pending = query
        self._with_lists = self._with_lists or lists
        if self._running is None or self._ids_timer.isActive():
            self._ids_timer.stop()
            self._next()

    def hurry_ids(self) -> None:
        """Read the ids now rather than after the pause: the user scrolled past the first page."""
        if self._ids_timer.isActive():
            self._ids_timer.stop()
            self._start_ids()

    def wait(self) -> None:
        self._tasks.wait()

    def close(self) -> None:
        """Run nothing more and drop what is still on its way (the window is closing)."""
        self._closed = True
        self._pending = None
        self._ids_timer.stop()
        self._tasks.wait()

    def _next(self) -> None:
        """Start the pending query, if any; an overtaken one hands its lists request on."""
        if self._closed:
            self._running = self._pending = None
            return
        if self._running is not None:
            self._with_lists = self._with_lists or self._running_lists
        query, self._pending = self._pending, None
        self._running = query
        if query is None:
            return
        self._running_lists, self._with_lists = self._with_lists, False
        library, lists = self._library, self._running_lists
        self._tasks.run(
            lambda: glance(library, query, lists=lists), self._glance_done, self._failed
        )

    def _overtaken(self) -> bool:
        return self._pending is not None or self._closed

    def _glance_done(self, result: tuple[Page, Counts]) -> None:
        query = self._running
        if self._overtaken() or query is None:
            self._next()
            return
        page, counts = result
        self._running_lists = False
        self.pageReady.emit(query, page)
        self.countsReady.emit(counts)
        if self._overtaken():
            self._next()
        elif len(page.rows) == page.total:
            self._ids_done([row.id for row in page.rows])
        else:
            self._ids_timer.start()

    def _start_ids(self) -> None:
        if self._running is not None:
            self._tasks.run(self._read_ids(self._running), self._ids_done, self._failed)

    def _read_ids(self, query: PaperQuery) -> Callable[[], list[int] | None]:
        library, overtaken = self._library, self._overtaken

        def read() -> list[int] | None:
            try:
                return library.ids(query, stop=overtaken)
            except Interrupted:
                return None

        return read

    def _ids_done(self, ids: list[int] | None) -> None:
        query = self._running
        if ids is None or self._overtaken() or query is None:
            self._next()
            return
        self._running = None
        self.idsReady.emit(query, ids)
        if not self._overtaken():
            library, overtaken = self._library, self._overtaken
            self._tasks.run(lambda: library.warm_counts(overtaken), _ignore, self._failed)

    def _failed(self, message: str) -> None:
        if self._overtaken():
            self._next()
            return
        self._running = None
        self.failed.emit(message)
