"""Hearing back, on the GUI thread, from writes the reader submitted and changes it listens to.

The reader never waits for a write: it submits an op and carries on. The
writer finishes the op on its own thread, and the library announces change
sets on whatever thread made them; both are handed to the GUI thread here, as
queued calls, and dropped if the widget that asked is gone by then.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from readinglist_gui.core.library import Library
from readinglist_gui.core.writes import ChangeSet, Done

T = TypeVar("T")


class _Relay(QObject):
    """Lives on the GUI thread; anything may emit ``call`` with a function to run there."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run)

    def _run(self, function: Callable[[], None]) -> None:
        function()


_relay: _Relay | None = None


def _gui_relay() -> _Relay:
    """The relay, made on first use, which must be on the GUI thread."""
    global _relay
    if _relay is None or not shiboken6.isValid(_relay):
        application = QCoreApplication.instance()
        if application is None or QThread.currentThread() is not application.thread():
            raise RuntimeError("the reader's relay must be made on the GUI thread")
        _relay = _Relay()
    return _relay


def when_written(
    future: Future[Done[T]],
    owner: QObject,
    done: Callable[[Done[T]], None] | None = None,
    failed: Callable[[BaseException], None] | None = None,
) -> None:
    """Call ``done`` (or ``failed``) on the GUI thread once the write finishes, if ``owner``
    still exists then."""
    relay = _gui_relay()

    def finished(settled: Future[Done[T]]) -> None:
        def deliver() -> None:
            if not shiboken6.isValid(owner):
                return
            error = settled.exception()
            if error is None:
                if done is not None:
                    done(settled.result())
            elif failed is not None:
                failed(error)

        relay.call.emit(deliver)

    future.add_done_callback(finished)


def listen_on_gui_thread(
    library: Library,
    owner: QObject,
    wanted: Callable[[ChangeSet], bool],
    heard: Callable[[ChangeSet], Any],
) -> Callable[[], None]:
    """Call ``heard`` on the GUI thread with each change set ``wanted`` says concerns
    ``owner`` (asked on the announcing thread, so other changes cost no trip); returns
    the function that stops listening."""
    relay = _gui_relay()

    def announced(changes: ChangeSet) -> None:
        if not wanted(changes):
            return

        def deliver() -> None:
            if shiboken6.isValid(owner):
                heard(changes)

        relay.call.emit(deliver)

    return library.listen(announced)
