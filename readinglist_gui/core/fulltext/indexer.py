"""Bringing the page index up to date: read every PDF that is new or changed since it was read.

Meant for a worker thread (never the GUI's) or the command line: ``run``
blocks, reports progress through a callback ("Indexing 120 of 800 PDFs"),
and stops at the next PDF, or inside a long one at the next page, once
``cancelled()`` says so. What was read before a cancel is kept: PDFs are
stored in batches as they finish, so a later run starts where this one
stopped. A run with nothing new only compares each PDF's size and time with
what was recorded when it was read, and starts no child process.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from readinglist_gui.core.fulltext.extraction import (
    Extraction,
    ExtractionCancelled,
    Extractor,
    IsolatedExtractor,
)
from readinglist_gui.core.fulltext.store import (
    PAPER,
    FileStamp,
    ForgetPdfTexts,
    PdfText,
    StorePdfTexts,
)
from readinglist_gui.core.fulltext.tables import PDF_TEXT, TextState
from readinglist_gui.core.library import Library

BATCH_CHARS = 1_000_000
"""Text handed to the writer at once: about 30 ms of its time, so a user's edit
queued behind a batch is not held up noticeably."""
BATCH_SECONDS = 1.0
"""A batch of fewer characters is stored after this long, so progress is kept."""
IN_FLIGHT = 2
"""Batches waiting for the writer before reading pauses: bounds the text held in memory."""


@dataclass(frozen=True, slots=True)
class IndexProgress:
    """``done`` of ``total`` PDFs read in this run (and the paper being read)."""

    done: int
    total: int
    paper_id: int | None = None
    message: str = ""
    stage: str = "index"
    received: int = 0
    expected: int | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A PDF the index could not (wholly) search, and why."""

    paper_id: int
    state: TextState
    reason: str


@dataclass(slots=True)
class IndexSummary:
    total: int = 0
    """PDFs this run had to read."""
    indexed: int = 0
    no_text: int = 0
    skipped: int = 0
    unchanged: int = 0
    """PDFs already indexed as they are on disk."""
    forgotten: int = 0
    """Papers whose PDF is gone, dropped from the index."""
    cancelled: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.indexed + self.no_text + self.skipped

    def count(self, paper_id: int, extraction: Extraction) -> None:
        if extraction.state is TextState.INDEXED:
            self.indexed += 1
        elif extraction.state is TextState.NO_TEXT:
            self.no_text += 1
        else:
            self.skipped += 1
        if extraction.reason:
            self.problems.append(Problem(paper_id, extraction.state, extraction.reason))

    def text(self) -> str:
        parts = [f"indexed {self.indexed} PDF{'s' if self.indexed != 1 else ''}"]
        if self.no_text:
            parts.append(f"{self.no_text} without text")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        parts.append(f"{self.unchanged} already up to date")
        if self.cancelled:
            parts.append(f"cancelled with {self.total - self.read} still to read")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Job:
    """One PDF to read: the file (None when it lies outside the library folder)."""

    paper_id: int
    relative: str
    file: Path | None


@dataclass(frozen=True, slots=True)
class Pending:
    jobs: list[Job]
    stale: list[int]
    """Papers the index holds pages of although they no longer have a PDF."""
    unchanged: int


Progress = Callable[[IndexProgress], None]


class Indexer:
    """Reads new and changed PDFs of one library into its page index."""

    def __init__(
        self, library: Library, extractor: Callable[[], Extractor] = IsolatedExtractor
    ) -> None:
        self.library = library
        self._extractor = extractor

    def pending(self, only: Iterable[int] | None = None) -> Pending:
        """What a run would do now (of the papers ``only``, if given)."""
        wanted = None if only is None else set(only)
        with self.library.engine.connect() as conn:
            rows = conn.execute(
                select(
                    PAPER.c.id,
                    PAPER.c.pdf_path,
                    PDF_TEXT.c.path,
                    PDF_TEXT.c.size,
                    PDF_TEXT.c.mtime_ns,
                )
                .select_from(PAPER.outerjoin(PDF_TEXT, PDF_TEXT.c.paper_id == PAPER.c.id))
                .where(PAPER.c.pdf_path.is_not(None))
                .order_by(PAPER.c.id)
            ).all()
            stale = _without_pdf(conn)
        jobs: list[Job] = []
        unchanged = 0
        root = self.library.folder.resolve()
        for paper_id, relative, read_path, size, mtime_ns in rows:
            if wanted is not None and paper_id not in wanted:
                continue
            file = _inside(root, relative)
            stamp = FileStamp.of(relative, file)
            if (read_path, size, mtime_ns) == (stamp.path, stamp.size, stamp.mtime_ns):
                unchanged += 1
            else:
                jobs.append(Job(paper_id, relative, file))
        if wanted is not None:
            stale = [paper_id for paper_id in stale if paper_id in wanted]
        return Pending(jobs, stale, unchanged)

    def run(
        self,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        only: Iterable[int] | None = None,
    ) -> IndexSummary:
        """Read what is new or changed and store it; returns what happened."""
        stop = cancelled or (lambda: False)
        report = progress or (lambda _: None)
        pending = self.pending(only)
        summary = IndexSummary(total=len(pending.jobs), unchanged=pending.unchanged)
        if pending.stale:
            summary.forgotten = self.library.write(ForgetPdfTexts(tuple(pending.stale))).value
        if not pending.jobs:
            return summary
        writes = _Writes(self.library)
        extractor = self._extractor()
        try:
            for job in pending.jobs:
                report(_progress(summary.read, summary.total, job.paper_id))
                if stop():
                    summary.cancelled = True
                    break
                stamp = FileStamp.of(job.relative, job.file)
                try:
                    extraction = _read(extractor, job, stop)
                except ExtractionCancelled:
                    summary.cancelled = True
                    break
                summary.count(job.paper_id, extraction)
                writes.add(PdfText(job.paper_id, stamp, extraction))
        finally:
            extractor.close()
            writes.finish()
        report(
            IndexProgress(
                summary.read,
                summary.total,
                message=f"Indexed {summary.read:,} of {summary.total:,} PDFs",
            )
        )
        return summary


def _read(extractor: Extractor, job: Job, stop: Callable[[], bool]) -> Extraction:
    if job.file is None:
        return Extraction.skipped("The file lies outside the library folder.")
    return extractor.extract(job.file, stop)


def _progress(done: int, total: int, paper_id: int | None) -> IndexProgress:
    return IndexProgress(done, total, paper_id, f"Indexing {done + 1:,} of {total:,} PDFs")


class _Writes:
    """Finished PDFs handed to the writer in batches, a bounded number at a time."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.batch: list[PdfText] = []
        self.chars = 0
        self.started = 0.0
        self.in_flight: deque[Future[Any]] = deque()

    def add(self, text: PdfText) -> None:
        if not self.batch:
            self.started = time.monotonic()
        self.batch.append(text)
        self.chars += sum(len(body) for _, body in text.extraction.pages)
        if self.chars >= BATCH_CHARS or time.monotonic() - self.started >= BATCH_SECONDS:
            self._flush()

    def finish(self) -> None:
        """Store the last batch and wait for every batch to be stored."""
        self._flush()
        while self.in_flight:
            self.in_flight.popleft().result()

    def _flush(self) -> None:
        if not self.batch:
            return
        self.in_flight.append(self.library.submit(StorePdfTexts(tuple(self.batch))))
        self.batch, self.chars = [], 0
        while len(self.in_flight) > IN_FLIGHT:
            self.in_flight.popleft().result()


def _inside(root: Path, relative: str) -> Path | None:
    """The PDF's path, if it lies inside the (resolved) library folder; an imported one may not."""
    path = (root / relative).resolve()
    return path if path.is_relative_to(root) else None


def _without_pdf(conn: Connection) -> list[int]:
    """Papers with a record in the index but no PDF any more."""
    statement = (
        select(PDF_TEXT.c.paper_id)
        .join(PAPER, PAPER.c.id == PDF_TEXT.c.paper_id)
        .where(PAPER.c.pdf_path.is_(None))
    )
    return list(conn.execute(statement).scalars())
