"""What a reader writes about its paper — note, position, zoom, reading time — never waited for.

Every write is submitted to the library's writer and the reader carries on;
the outcome comes back on the GUI thread (``write_relay``). Switching tabs,
which saves the tab being left, therefore costs the GUI thread nothing however
busy the library is (another program importing, a sync holding the lock).
Writes carry ``origin`` so the tabs can tell their own changes apart.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from readinglist_gui.core.library import Library
from readinglist_gui.core.reading_time import AddReadingTime
from readinglist_gui.core.records import Status
from readinglist_gui.core.writes import Done, Op, RecordReading, SetNote, SetReaderZoom
from readinglist_gui.ui.reader.write_relay import when_written

T = TypeVar("T")


class PaperWrites(QObject):
    status_changed = Signal(object)
    """The paper's status after a write (a note or pages read may have promoted it)."""
    note_failed = Signal(str)
    """A note could not be saved; the text says why, for the reader."""
    note_saved = Signal()

    def __init__(self, library: Library, origin: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._origin = origin
        self.paper_id = 0
        self._zoom: str | None = None
        self._position: tuple[int, int, int] | None = None

    def start(self, paper_id: int, zoom: str | None) -> None:
        """Write for ``paper_id`` from now on; ``zoom`` is the one the library has for it."""
        self.paper_id = paper_id
        self._zoom = zoom
        self._position = None

    def _submit(self, op: Op[T]) -> Future[Done[T]] | None:
        """Queue ``op``; None once the library is closed (the window is going away)."""
        try:
            return self._library.submit(op, origin=self._origin)
        except RuntimeError:
            return None

    def save_note(self, markdown: str) -> None:
        future = self._submit(SetNote(self.paper_id, markdown))
        if future is not None:
            when_written(future, self, self._noted, self._note_failed)

    def _noted(self, done: Done[Status]) -> None:
        self.note_saved.emit()
        self.status_changed.emit(done.value)

    def _note_failed(self, error: BaseException) -> None:
        self.note_failed.emit(f"The note could not be saved yet ({error.__class__.__name__}).")

    def record_reading(self, page: int, page_count: int, pages_seen: int) -> None:
        """Where the reader is; nothing is written when nothing moved since the last time."""
        position = (page, page_count, pages_seen)
        if position == self._position:
            return
        self._position = position
        future = self._submit(RecordReading(self.paper_id, page, page_count, pages_seen))
        if future is not None:
            when_written(future, self, lambda done: self.status_changed.emit(done.value))

    def remember_zoom(self, zoom: str) -> None:
        """A zoom factor (``"1.25"``) or fit mode by name; written only when it changed."""
        if zoom == self._zoom:
            return
        self._zoom = zoom
        self._submit(SetReaderZoom(self.paper_id, zoom))

    def add_reading_time(self, day: dt.date, seconds: int) -> None:
        if seconds > 0:
            self._submit(AddReadingTime(self.paper_id, day, seconds))
