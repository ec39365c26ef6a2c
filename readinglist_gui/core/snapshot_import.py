"""Import arXiv's metadata snapshot a chunk at a time, in bounded memory, with progress and stop.

The snapshot is millions of lines, so it is never one ``RecordBatch``: the
lines are parsed one by one (``importers.arxiv_snapshot``), filtered, and
every ``CHUNK`` kept records go through the one writer as an ordinary
``ImportPapers`` (same identity and merge rules as every import: a newer
snapshot fills and adds, never duplicates), each its own transaction with
its own change set. The chunks leave the search sets' upkeep to one
``FoldSearch`` at the end, which folds every new paper's words in at once
instead of rewriting the sets of common words after every chunk. A stop
between chunks keeps what was written, and the fold still runs, so the
library is whole either way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from readinglist_gui.core.importers.arxiv_snapshot import (
    PROBLEMS_KEPT,
    SnapshotFilter,
    first_line,
    looks_like,
    parse_line,
    snapshot_lines,
)
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord, Problem, RecordBatch
from readinglist_gui.core.results import ImportReport
from readinglist_gui.core.writes import Done, FoldSearch, ImportPapers

CHUNK = 10_000
"""Records a write transaction takes: bench/snapshot_import.py found 5k-20k alike
in time, and 10k keeps the chunk's records and ORM rows well under 100 MB."""
FORMAT = "arxiv-snapshot"
EVERYTHING = SnapshotFilter()
PROGRESS_LINES = 5_000
"""Lines between progress reports (and looks at the stop flag) while reading."""


def snapshot_files(paths: list[Path], format: str | None = None) -> list[Path] | None:
    """The named files, if every one is an arXiv snapshot (by ``format`` or by its first
    line): they are imported by ``import_snapshot``, never read whole."""
    if not paths or format not in (None, FORMAT) or not all(path.is_file() for path in paths):
        return None
    if format == FORMAT:
        return paths
    try:
        return paths if all(looks_like(first_line(path)) for path in paths) else None
    except OSError:
        return None


@dataclass(slots=True)
class SnapshotProgress:
    """Where an import stands: bytes of the file read, and what became of the lines."""

    read: int
    size: int
    added: int
    merged: int
    left_out: int
    malformed: int

    @property
    def share(self) -> float:
        return self.read / self.size if self.size else 1.0


@dataclass(slots=True)
class SnapshotReport:
    added: int = 0
    merged: int = 0
    left_out: int = 0
    """Papers the filters did not take."""
    malformed: int = 0
    """Lines that were not a paper; the first ``PROBLEMS_KEPT`` are in ``problems``."""
    problems: list[Problem] = field(default_factory=list)
    chunks: int = 0
    cancelled: bool = False

    def summary(self) -> str:
        parts = [f"{self.added:,} added", f"{self.merged:,} merged into existing papers"]
        if self.left_out:
            parts.append(f"{self.left_out:,} left out by the filters")
        if self.malformed:
            parts.append(f"{self.malformed:,} malformed line{'s' if self.malformed > 1 else ''}")
        return ", ".join(parts)

    def absorb(self, other: SnapshotReport) -> None:
        """Add another file's report to this one (an import of several snapshots)."""
        self.added += other.added
        self.merged += other.merged
        self.left_out += other.left_out
        self.malformed += other.malformed
        self.chunks += other.chunks
        self.cancelled = self.cancelled or other.cancelled
        self.problems.extend(other.problems[: max(PROBLEMS_KEPT - len(self.problems), 0)])

    def progress(self, read: int, size: int) -> SnapshotProgress:
        return SnapshotProgress(read, size, self.added, self.merged, self.left_out, self.malformed)


def import_snapshot(
    library: Library,
    path: Path,
    *,
    only: SnapshotFilter = EVERYTHING,
    dry_run: bool = False,
    chunk_size: int | None = None,
    progress: Callable[[SnapshotProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SnapshotReport:
    """Read ``path`` into ``library``; a stop keeps the chunks written (``report.cancelled``).

    With ``dry_run`` each chunk is previewed and rolled back, so the report is
    what the import would say.
    """
    chunk_size = chunk_size or CHUNK
    report = SnapshotReport()
    size = path.stat().st_size
    chunk: list[PaperRecord] = []
    writes = _Writes(library, report, dry_run)
    read = 0

    try:
        for line in snapshot_lines(path):
            read = line.end
            if line.number % PROGRESS_LINES == 0:
                if cancelled is not None and cancelled():
                    report.cancelled = True
                    break
                if progress is not None:
                    progress(report.progress(read, size))
            parsed = parse_line(line.text)
            if isinstance(parsed, str):
                report.malformed += 1
                if len(report.problems) < PROBLEMS_KEPT:
                    report.problems.append(Problem(parsed, line.number, path.name))
            elif only and not only.takes(parsed):
                report.left_out += 1
            else:
                chunk.append(parsed)
                if len(chunk) >= chunk_size:
                    writes.submit(chunk)
                    chunk = []
                    if progress is not None:
                        progress(report.progress(read, size))
                    if cancelled is not None and cancelled():
                        report.cancelled = True
                        break
        else:
            if chunk:
                writes.submit(chunk)
        writes.wait()
    finally:
        writes.finish()
    if progress is not None:
        progress(report.progress(read if report.cancelled else size, size))
    return report


class _Writes:
    """Chunks handed to the writer while the next one is read: parsing a chunk overlaps
    with SQLite writing the one before (the driver lets go of the GIL). At most one
    chunk waits, so memory holds two chunks at most."""

    def __init__(self, library: Library, report: SnapshotReport, dry_run: bool) -> None:
        self._library = library
        self._report = report
        self._dry_run = dry_run
        self._pending: Future[Done[ImportReport]] | None = None

    def submit(self, chunk: list[PaperRecord]) -> None:
        self.wait()
        op = ImportPapers(RecordBatch(papers=chunk), "Import arXiv snapshot", fold_search=False)
        self._pending = self._library.writer.submit(op, preview=self._dry_run)

    def wait(self) -> None:
        """Wait for the chunk in flight and count it (its failure is raised here)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            done = pending.result()
            self._report.added += done.value.added
            self._report.merged += done.value.merged
            self._report.chunks += 1

    def finish(self) -> None:
        """Let the chunk in flight end, then fold the written papers into the search sets."""
        with contextlib.suppress(Exception):  # only ever raises while another error is up
            self.wait()
        if self._report.chunks and not self._dry_run:
            self._library.write(FoldSearch())
