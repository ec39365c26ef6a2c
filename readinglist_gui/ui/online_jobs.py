"""Online work (arXiv look-ups and PDF downloads) as a queue of background jobs.

Jobs run one at a time on a private one-thread pool, each a call of
``core.fetch.fetch`` with one shared ``ArxivClient``, so the polite pause
between requests holds across jobs. The worker never touches a widget: it
reports through a carrier object made on the GUI thread. Progress is thinned
to about ten snapshots a second, since ``fetch`` calls back for every chunk of
every PDF: the worker only records it and sends a bare "something changed"
(at most one on its way at a time), and the GUI takes a snapshot when it is
ready for one, so the last change is never lost behind the throttle.

When arXiv cannot be reached, the job goes back to the front of the queue and
the queue waits until the user asks to try again.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from readinglist_gui.core.fetch_stage import Stage
from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.ui.stage_words import STAGE_WORDS

if TYPE_CHECKING:
    from readinglist_gui.core.arxiv import ArxivClient, ArxivSettings
    from readinglist_gui.core.fetch_report import FetchProgress, FetchSummary

SNAPSHOT_INTERVAL = 0.1
"""Seconds between progress snapshots sent to the GUI (about ten a second)."""
SHUTDOWN_WAIT_MS = 5000
"""How long closing the app waits for a cancelled job: a request waiting on a silent
server notices the cancel only when its read times out."""


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """What one job does, and to which papers (a selection, a query or a named list)."""

    label: str
    """A short phrase for the status bar: "Downloading PDFs"."""
    pdfs: bool = False
    metadata: bool = False
    resolve_titles: bool = False
    paper_ids: tuple[int, ...] | None = None
    query: PaperQuery | None = None
    """Resolved to ids on the worker, so a big section never costs the GUI a query."""
    list_name: str | None = None

    @classmethod
    def for_stage(
        cls,
        stage: Stage,
        what: str,
        *,
        paper_ids: tuple[int, ...] | None = None,
        query: PaperQuery | None = None,
        list_name: str | None = None,
    ) -> FetchRequest:
        """The job that runs ``stage`` on ``what`` (a phrase for the status bar: "3 papers")."""
        return cls(
            label=STAGE_WORDS[stage].job.format(what),
            pdfs=stage is Stage.PDFS,
            metadata=stage is Stage.METADATA,
            resolve_titles=stage is Stage.TITLES,
            paper_ids=paper_ids,
            query=query,
            list_name=list_name,
        )


@dataclass(frozen=True, slots=True)
class JobProgress:
    """A snapshot of a running job for the status bar and the table."""

    stage: Stage | None
    """None until the job reports its first step."""
    done: int
    total: int
    message: str
    downloading: dict[int, float | None] = field(default_factory=dict)
    """Papers whose PDF is coming down, with the share received when the size is known."""
    finished: tuple[int, ...] = ()
    """Papers whose download ended (either way) since the previous snapshot."""


class _Signals(QObject):
    """Made on the GUI thread, so what the worker emits arrives there as queued calls."""

    changed = Signal()
    finished = Signal(object)
    failed = Signal(str)


class _Progress:
    """Where a job is, written by ``fetch``'s callbacks on worker threads, read by the GUI."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._lock = threading.Lock()
        self._stage: Stage | None = None
        self._done = 0
        self._total = 0
        self._message = ""
        self._active: dict[int, float | None] = {}
        self._finished: list[int] = []
        self._told = False

    def __call__(self, update: FetchProgress) -> None:
        with self._lock:
            self._stage, self._done, self._total = update.stage, update.done, update.total
            if update.message:
                self._message = update.message
            if update.stage is Stage.PDFS and update.paper_id is not None:
                if update.message:
                    share = update.received / update.expected if update.expected else None
                    self._active[update.paper_id] = share
                else:
                    self._active.pop(update.paper_id, None)
                    self._finished.append(update.paper_id)
            if self._told:
                return
            self._told = True
        self._signals.changed.emit()

    def pending(self) -> bool:
        """Whether something changed that no snapshot has carried yet."""
        with self._lock:
            return self._told

    def take(self) -> JobProgress:
        """The state now; the next change sends a fresh notice."""
        with self._lock:
            self._told = False
            snapshot = JobProgress(
                self._stage,
                self._done,
                self._total,
                self._message,
                dict(self._active),
                tuple(self._finished),
            )
            self._finished.clear()
        return snapshot


class _FetchJob(QRunnable):
    def __init__(
        self,
        library: Library,
        request: FetchRequest,
        client: ArxivClient,
        stop: threading.Event,
        signals: _Signals,
        progress: _Progress,
    ) -> None:
        super().__init__()
        self._library = library
        self._request = request
        self._client = client
        self._stop = stop
        self._signals = signals
        self._progress = progress

    def run(self) -> None:
        from readinglist_gui.core.fetch import fetch

        request = self._request
        try:
            ids = request.paper_ids
            if request.query is not None:
                ids = tuple(self._library.ids(request.query))
            summary = fetch(
                self._library,
                list_name=request.list_name,
                paper_ids=ids,
                pdfs=request.pdfs,
                metadata=request.metadata,
                resolve_titles=request.resolve_titles,
                progress=self._progress,
                cancelled=self._stop.is_set,
                client=self._client,
            )
        except Exception as exc:
            self._signals.failed.emit("".join(traceback.format_exception_only(exc)).strip())
        else:
            self._signals.finished.emit(summary)


class OnlineJobs(QObject):
    """The app's queue of online jobs; the one owner of the arXiv client."""

    started = Signal(object)
    """The ``FetchRequest`` now running."""
    progressed = Signal(object)
    """A ``JobProgress`` of the running job."""
    finished = Signal(object, object)
    """(request, ``FetchSummary``) of a job that ran to its end or was cancelled."""
    failed = Signal(object, str)
    """(request, message): the job could not run at all (a bad setting, an unknown list)."""
    offline = Signal(object, str)
    """(request, message): arXiv could not be reached; the queue waits for ``retry``."""
    busyChanged = Signal(bool)

    def __init__(
        self,
        library: Library,
        parent: QObject | None = None,
        settings: ArxivSettings | None = None,
    ) -> None:
        """``settings`` are the saved preferences; the environment may override them."""
        super().__init__(parent)
        self._library = library
        self._settings = settings
        self._client: ArxivClient | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._queue: deque[FetchRequest] = deque()
        self._running: FetchRequest | None = None
        self._stop = threading.Event()
        self._waiting_offline = False
        self._closed = False
        self._progress: _Progress | None = None
        self._taken_at = 0.0
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.timeout.connect(self._take)

    # -- public surface --------------------------------------------------------
    def submit(self, request: FetchRequest) -> None:
        """Queue ``request``; it starts at once unless a job runs or the queue waits."""
        self._queue.append(request)
        self._next()

    def cancel(self) -> None:
        """Stop the running job at its next safe point and drop the jobs queued after it."""
        self._queue.clear()
        self._waiting_offline = False
        self._stop.set()
        if self._running is None:
            self.busyChanged.emit(False)

    def retry(self) -> None:
        """After an offline stop: run the waiting queue again."""
        self._waiting_offline = False
        self._next()

    def queued(self) -> list[FetchRequest]:
        return list(self._queue)

    def is_idle(self) -> bool:
        return self._running is None and not self._queue

    def is_waiting_offline(self) -> bool:
        return self._waiting_offline

    def shutdown(self) -> bool:
        """Cancel everything, wait a while for the worker, close the connections (app exit).

        Returns False when the job was still running after ``SHUTDOWN_WAIT_MS``;
        whatever it finishes later is ignored.
        """
        self._closed = True
        self._queue.clear()
        self._stop.set()
        stopped = self._pool.waitForDone(SHUTDOWN_WAIT_MS)
        if self._client is not None:
            self._client.close()
            self._client = None
        return stopped

    # -- running -----------------------------------------------------------------
    def _ensure_client(self) -> ArxivClient:
        """Made on the first job, never at start-up: the app opens with no network at all."""
        if self._client is None:
            from readinglist_gui.core.arxiv import ArxivClient, ArxivSettings

            self._client = ArxivClient(ArxivSettings.from_env(self._settings))
        return self._client

    def _next(self) -> None:
        if self._running is not None or self._waiting_offline or not self._queue:
            return
        request = self._queue.popleft()
        try:
            client = self._ensure_client()
        except ValueError as error:
            self.failed.emit(request, str(error))
            self._next()
            return
        self._running = request
        self._stop = threading.Event()
        signals = _Signals(self)
        progress = _Progress(signals)
        signals.changed.connect(self._changed)
        signals.finished.connect(lambda summary: self._done(signals, request, summary))
        signals.failed.connect(lambda message: self._broken(signals, request, message))
        self._progress = progress
        self.busyChanged.emit(True)
        self.started.emit(request)
        job = _FetchJob(self._library, request, client, self._stop, signals, progress)
        self._pool.start(job)

    def _changed(self) -> None:
        """Take a snapshot now, or when ``SNAPSHOT_INTERVAL`` has passed since the last."""
        if self._throttle.isActive():
            return
        wait = self._taken_at + SNAPSHOT_INTERVAL - time.monotonic()
        if wait > 0:
            self._throttle.start(max(1, round(wait * 1000)))
        else:
            self._take()

    def _take(self) -> None:
        if self._progress is not None:
            self._taken_at = time.monotonic()
            self.progressed.emit(self._progress.take())

    def _finish(self, signals: _Signals) -> None:
        """Forget the job, after one last snapshot if the throttle was holding its final state."""
        if self._progress is not None and self._progress.pending():
            self._take()
        self._running = None
        self._progress = None
        self._throttle.stop()
        signals.deleteLater()

    def _done(self, signals: _Signals, request: FetchRequest, summary: FetchSummary) -> None:
        self._finish(signals)
        if self._closed:
            return
        if summary.offline:
            self._queue.appendleft(request)
            self._waiting_offline = True
            self.busyChanged.emit(False)
            self.finished.emit(request, summary)
            self.offline.emit(request, summary.offline)
            return
        self.finished.emit(request, summary)
        self._after_job()

    def _broken(self, signals: _Signals, request: FetchRequest, message: str) -> None:
        self._finish(signals)
        if self._closed:
            return
        self.failed.emit(request, message)
        self._after_job()

    def _after_job(self) -> None:
        self._next()
        if self._running is None:
            self.busyChanged.emit(False)
