"""Run a function off the GUI thread and hear back on it.

The runnable and the object that carries its signals are deliberately two
things: the carrier is created (and therefore lives) on the GUI thread, so its
signals are delivered there as queued calls, and nothing Qt-owned is ever
deleted from the worker thread.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from readinglist_gui.core.storage_errors import explain


class JobSignals(QObject):
    """Lives on the GUI thread; the worker only emits through it."""

    finished = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: JobSignals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:
            explained = explain(exc)  # storage trouble in the user's words, not SQL
            detail = str(explained) if explained is not None else _technical(exc)
            self._signals.failed.emit(detail)
        else:
            self._signals.finished.emit(result)


def _technical(exc: Exception) -> str:
    return "".join(traceback.format_exception_only(exc)).strip()


class TaskRunner(QObject):
    """Starts background jobs and keeps their signal carriers alive until they report."""

    busyChanged = Signal(bool)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._running: set[JobSignals] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
    ) -> None:
        """Call ``work()`` on a pool thread, then ``on_done`` or ``on_error`` on this thread."""
        signals = JobSignals(self)
        signals.finished.connect(on_done)
        signals.failed.connect(on_error)
        signals.finished.connect(lambda _result: self._forget(signals))
        signals.failed.connect(lambda _message: self._forget(signals))
        self._running.add(signals)
        if len(self._running) == 1:
            self.busyChanged.emit(True)
        self._pool.start(_Job(work, signals))

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle; used when the window closes."""
        return self._pool.waitForDone(msecs)

    def _forget(self, signals: JobSignals) -> None:
        self._running.discard(signals)
        signals.deleteLater()
        if not self._running:
            self.busyChanged.emit(False)
