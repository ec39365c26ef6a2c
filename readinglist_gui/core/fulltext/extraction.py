"""Reading the text of PDFs, page by page, in a child process a hostile file cannot take down.

MuPDF parses whatever a PDF holds. A crafted or broken file can make text
extraction loop for minutes or allocate gigabytes, and in the application's
own process that would freeze or kill the window; PyMuPDF also holds the
interpreter lock while it extracts, so even from a worker thread a long page
stalls the GUI. The text is therefore read in a child process
(:class:`IsolatedExtractor`) that

- runs under an address-space limit where the system has one, so a memory
  bomb ends as an error inside the child;
- is killed by a watchdog when one page takes longer than ``page_seconds``;
- when it dies or is killed, costs only the PDF it was reading, which is
  skipped with the reason, and a new child reads on.

One child reads PDF after PDF for a whole indexing run, so its start-up (about
0.3 s) is paid once, and it extracts while the parent writes what it sent
before. ``bench/fulltext.py`` measures it against :class:`InlineExtractor`,
the same reading in-process. Either way a PDF's outcome is an
:class:`Extraction`.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from readinglist_gui.core.fulltext.child import (
    DONE,
    HEADER,
    MEMORY_MB,
    OPENED,
    PAGE,
    PAGE_FAILED,
    READY,
    REQUEST,
    SKIPPED,
    WORKER_FLAG,
    read_exactly,
    read_pdf,
)
from readinglist_gui.core.fulltext.sqlite_pages import MAX_PAGES
from readinglist_gui.core.fulltext.tables import TextState

PAGE_SECONDS = 60.0
"""Longest one page may take; ordinary pages take milliseconds, a page of a huge
scan a few seconds."""
START_SECONDS = 60.0
_POLL_SECONDS = 0.1

Cancelled = Callable[[], bool]


class ExtractionCancelled(Exception):
    """The run was cancelled while a PDF was being read; that PDF is left for next time."""


class ExtractorUnavailable(Exception):
    """The child process could not be started; ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """What reading one PDF gave: its state, why (when skipped), and its pages with text."""

    state: TextState
    reason: str
    page_count: int
    pages: tuple[tuple[int, str], ...]
    """(zero-based page, text) of every page that has text."""

    @classmethod
    def skipped(cls, reason: str, page_count: int = 0) -> Extraction:
        return cls(TextState.SKIPPED, reason, page_count, ())


class Extractor(Protocol):
    def extract(self, path: Path, cancelled: Cancelled) -> Extraction: ...

    def close(self) -> None: ...


class _Reading:
    """Frames of one PDF gathered into its :class:`Extraction`."""

    def __init__(self) -> None:
        self.page_count = 0
        self.next_page = 0
        self.pages: list[tuple[int, str]] = []
        self.failed: list[int] = []
        self.first_error = ""

    def feed(self, kind: int, number: int, text: str) -> Extraction | None:
        if kind == SKIPPED:
            return Extraction.skipped(text, number)
        if kind == OPENED:
            self.page_count = number
        elif kind == PAGE:
            if text:
                self.pages.append((number, text))
            self.next_page = number + 1
        elif kind == PAGE_FAILED:
            self.first_error = self.first_error or text
            self.failed.append(number)
            self.next_page = number + 1
        elif kind == DONE:
            return self.outcome()
        return None

    def outcome(self) -> Extraction:
        if self.failed and len(self.failed) == self.page_count:
            return Extraction.skipped(f"No page could be read: {self.first_error}", self.page_count)
        note = ""
        if self.failed:
            shown = ", ".join(str(n + 1) for n in self.failed[:10])
            more = f" and {len(self.failed) - 10:,} more" if len(self.failed) > 10 else ""
            pages = "Pages" if len(self.failed) > 1 else "Page"
            note = f"{pages} {shown}{more} could not be read."
        if not self.pages:
            reason = note or "No page has a text layer (a scan without recognised text?)."
            return Extraction(TextState.NO_TEXT, reason, self.page_count, ())
        return Extraction(TextState.INDEXED, note, self.page_count, tuple(self.pages))


class InlineExtractor:
    """Reads PDFs in this process: no start-up, no guard. For comparison and tests."""

    def extract(self, path: Path, cancelled: Cancelled) -> Extraction:
        reading = _Reading()
        found: list[Extraction] = []

        def emit(kind: int, number: int, text: str) -> None:
            if cancelled():
                raise ExtractionCancelled
            outcome = reading.feed(kind, number, text)
            if outcome is not None:
                found.append(outcome)

        read_pdf(path, emit, MAX_PAGES)
        return found[0]

    def close(self) -> None:
        pass


class IsolatedExtractor:
    """Reads PDFs in a child process under a memory limit and a per-page watchdog.

    Use from one thread at a time; ``close`` when done (the child also exits
    on its own when this process goes away, since its input then ends).
    """

    def __init__(
        self,
        *,
        page_seconds: float = PAGE_SECONDS,
        memory_mb: int = MEMORY_MB,
        max_pages: int = MAX_PAGES,
    ) -> None:
        self.page_seconds = page_seconds
        self.memory_mb = memory_mb
        self.max_pages = max_pages
        self._process: subprocess.Popen[bytes] | None = None
        self._frames: queue.SimpleQueue[tuple[int, int, str] | None] = queue.SimpleQueue()
        self._pump: threading.Thread | None = None
        self._errors: IO[bytes] | None = None

    def extract(self, path: Path, cancelled: Cancelled) -> Extraction:
        process = self._start()
        assert process.stdin is not None
        request = os.fsencode(path)
        try:
            process.stdin.write(REQUEST.pack(len(request)) + request)
            process.stdin.flush()
        except OSError:
            self._stop()
            return Extraction.skipped("The PDF reader stopped before reading it.")
        reading = _Reading()
        deadline = time.monotonic() + self.page_seconds
        while True:
            if cancelled():
                self._stop()
                raise ExtractionCancelled
            try:
                frame = self._frames.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if time.monotonic() > deadline:
                    self._stop()
                    return Extraction.skipped(
                        f"Reading page {reading.next_page + 1} took longer than "
                        f"{self.page_seconds:g} s.",
                        reading.page_count,
                    )
                continue
            if frame is None:
                self._stop()
                if cancelled():
                    raise ExtractionCancelled
                return Extraction.skipped(
                    f"The PDF reader stopped on page {reading.next_page + 1} "
                    "(it crashed or ran out of memory).",
                    reading.page_count,
                )
            outcome = reading.feed(*frame)
            if outcome is not None:
                return outcome
            deadline = time.monotonic() + self.page_seconds

    def close(self) -> None:
        """End the child: it holds nothing worth a graceful exit, which took half a second."""
        self._stop()

    def __enter__(self) -> IsolatedExtractor:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is not None:
            return self._process
        command = [*worker_command(), "--memory-mb", str(self.memory_mb)]
        command += ["--max-pages", str(self.max_pages)]
        # Open as long as the child runs: its last words explain a failed start.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                start_new_session=os.name == "posix",
            )
        except OSError as error:
            raise ExtractorUnavailable(f"cannot start the PDF reader: {error}") from error
        self._process = process
        self._frames = queue.SimpleQueue()
        assert process.stdout is not None
        self._pump = threading.Thread(
            target=_pump, args=(process.stdout, self._frames), name="pdf-text-pump", daemon=True
        )
        self._pump.start()
        try:
            frame = self._frames.get(timeout=START_SECONDS)
        except queue.Empty:
            frame = None
        if frame is None or frame[0] != READY:
            detail = self._error_text()
            self._stop()
            raise ExtractorUnavailable(f"the PDF reader did not start{detail}")
        return process

    def _error_text(self) -> str:
        if self._errors is None:
            return ""
        self._errors.seek(0)
        lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        return f": {lines[-1]}" if lines else ""

    def _stop(self) -> None:
        """End the child at once (it may be stuck inside MuPDF) and forget it."""
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if self._pump is not None:
            self._pump.join()
            self._pump = None
        if self._errors is not None:
            self._errors.close()
            self._errors = None


def worker_command() -> list[str]:
    """How to start the child: this package's entry with ``WORKER_FLAG``, or the frozen app."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", "readinglist_gui", WORKER_FLAG]


def _pump(stream: IO[bytes], frames: queue.SimpleQueue[tuple[int, int, str] | None]) -> None:
    """Move the child's frames onto ``frames``; None once its output ends."""
    try:
        while header := read_exactly(stream, HEADER.size):
            kind, number, length = HEADER.unpack(header)
            payload = read_exactly(stream, length) if length else b""
            if payload is None:
                break
            frames.put((kind, number, payload.decode("utf-8", "replace")))
    except (OSError, ValueError):
        pass
    finally:
        frames.put(None)
