"""One undo step per write: the core's op, then whatever undo it left, back and forth.

The core's ops record their own exact inverse (``Done.undo``), so a step here
needs no knowledge of what it does: the first ``redo`` submits the op, each
``undo`` runs the inverse the last write left, and each later ``redo`` runs
the inverse that undo left in turn. Everything is submitted to the library's
writer and nothing waits for it: ops run in order, so an undo pushed before
its write has run simply follows it.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from readinglist_gui.core.library import Library
from readinglist_gui.core.writes import ChangeSet, Done, Op, UndoOf


class WriteFailures(QObject):
    """Carries a failed write's message from the writer's thread to the GUI thread."""

    failed = Signal(str)

    def watch(self, future: Future[Done[Any]]) -> None:
        future.add_done_callback(self._done)

    def _done(self, future: Future[Done[Any]]) -> None:
        error = future.exception()
        if error is not None:
            self.failed.emit(str(error))


class OpCommand(QUndoCommand):
    """A write on the undo stack.

    With ``op`` None the write has already been made (an import that ran in
    the background) and ``undo`` is the op that takes it back.
    """

    def __init__(
        self,
        library: Library,
        text: str,
        op: Op[Any] | None,
        failures: WriteFailures,
        *,
        undo: Op[Any] | None = None,
    ) -> None:
        super().__init__(text)
        self._library = library
        self._op = op
        self._failures = failures
        self._last: Future[Done[Any]] | None = None
        self._made = op is None
        """The write is made already: the first ``redo`` (the push) has nothing to do."""
        if op is None:
            self._last = Future()
            self._last.set_result(Done(None, ChangeSet(), undo))

    def redo(self) -> None:
        if self._made:
            self._made = False
        elif self._last is None and self._op is not None:
            self._submit(self._op)
        else:
            self._reverse_last()

    def undo(self) -> None:
        self._reverse_last()

    def _reverse_last(self) -> None:
        """Run the inverse the last write of this step left (redo reverses an undo)."""
        assert self._last is not None
        self._submit(UndoOf(self._last, self.text()))

    def _submit(self, op: Op[Any]) -> None:
        self._last = self._library.submit(op, origin=self)
        self._failures.watch(self._last)
