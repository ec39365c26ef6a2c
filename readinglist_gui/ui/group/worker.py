"""One thread for everything a reading group does over the network, heard back on the GUI thread.

Not the shared ``QThreadPool``: a sync can wait seconds on a server that does
not answer, and the window's close waits for that pool. This thread is a
daemon of its own that the window leaves behind when it closes; once closed
it calls nobody back, and a job still on the wire ends by its own timeout.
Jobs run one at a time, in order, so two syncs never overlap and a member
change never races a sync.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

THREAD_NAME = "readinglist-group-work"


@dataclass(frozen=True, slots=True)
class _Job:
    work: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None]


class GroupWorker(QObject):
    """Runs jobs in order on its own thread; calls back on the thread that made it."""

    _report = Signal(object, object)
    """(callback, its argument), emitted on the worker thread, delivered on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._pending = 0
        self._thread: threading.Thread | None = None
        self._report.connect(self._deliver)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Queue ``work``; ``on_done(result)`` or ``on_error(exception)`` follow on this thread."""
        if self._closed.is_set():
            return
        with self._lock:
            self._pending += 1
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name=THREAD_NAME, daemon=True)
            self._thread.start()
        self._jobs.put(_Job(work, on_done, on_error))

    def is_idle(self) -> bool:
        """No job queued or running, and every result delivered."""
        with self._lock:
            return self._pending == 0

    @property
    def started(self) -> bool:
        """Whether the thread was ever needed (a library in no group never needs it)."""
        return self._thread is not None

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def close(self, wait: float) -> bool:
        """Call nobody back any more; wait up to ``wait`` seconds for a running job to end.

        Returns whether the thread has ended. A job still waiting on the server
        ends by its connection timeout, unheard.
        """
        self._closed.set()
        self._jobs.put(None)
        if self._thread is None:
            return True
        self._thread.join(wait)
        return not self._thread.is_alive()

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            if self._closed.is_set():
                return
            try:
                result = job.work()
            except Exception as exc:
                self._send(job.on_error, exc)
            else:
                self._send(job.on_done, result)

    def _send(self, callback: Callable[[Any], None], value: object) -> None:
        if self._closed.is_set():
            return
        # The window may be gone between the check and the emit: then nobody is told.
        with contextlib.suppress(RuntimeError):
            self._report.emit(callback, value)

    def _deliver(self, callback: Callable[[Any], None], value: object) -> None:
        with self._lock:
            self._pending -= 1
        if not self._closed.is_set():
            callback(value)
