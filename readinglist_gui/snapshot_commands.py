"""``readinglist-gui import`` of arXiv's metadata snapshot: streamed, filtered, stoppable.

Kept apart from ``commands`` because it is a different kind of import: the
file is read a chunk at a time (``core.snapshot_import``), each chunk is
written as it is read, and Ctrl+C stops between chunks keeping what was
written (exit status 130, one line saying so). Every other import reads all
its files before writing anything.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from functools import partial
from pathlib import Path

from readinglist_gui.core.importers.arxiv_snapshot import SnapshotFilter
from readinglist_gui.core.library import Library
from readinglist_gui.core.snapshot_import import (
    FORMAT,
    SnapshotProgress,
    SnapshotReport,
    import_snapshot,
)
from readinglist_gui.terminal_progress import ShareBar

EXIT_NOTHING_READ = 1
EXIT_STOPPED = 130


def import_snapshots(library: Library, args: argparse.Namespace, paths: list[Path]) -> int:
    """Import each snapshot in turn; returns the exit status."""
    from readinglist_gui.cli import PROG

    only = SnapshotFilter.of(args.categories, args.since)
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    total = SnapshotReport()
    try:
        for path in paths:
            bar = ShareBar(path.name)
            try:
                report = import_snapshot(
                    library,
                    path,
                    only=only,
                    dry_run=args.dry_run,
                    progress=partial(_show, bar),
                    cancelled=stop.is_set,
                )
            finally:
                bar.finish()
            for problem in report.problems:
                print(f"skipped: {problem}", file=sys.stderr)
            unnamed = report.malformed - len(report.problems)
            if unnamed > 0:
                print(f"skipped: {path.name}: {unnamed:,} more malformed lines", file=sys.stderr)
            total.absorb(report)
            if report.cancelled:
                kept = (
                    "nothing was written (--dry-run)"
                    if args.dry_run
                    else f"kept the {report.added + report.merged:,} papers of the "
                    f"{report.chunks} chunk(s) written before the stop; run the same command "
                    "again to finish (papers already in are merged, not added twice)"
                )
                print(f"{PROG}: stopped: {kept}", file=sys.stderr)
                return EXIT_STOPPED
            if report.malformed and not (report.chunks or report.left_out):
                first = report.problems[0]
                print(
                    f"{PROG}: error: {path.name}: read as {FORMAT}, nothing could be imported: "
                    f"line {first.line}: {first.message}",
                    file=sys.stderr,
                )
                return EXIT_NOTHING_READ
    finally:
        signal.signal(signal.SIGINT, previous)
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb}: {total.summary()}")
    return 0


def _show(bar: ShareBar, progress: SnapshotProgress) -> None:
    bar.update(
        progress.share,
        f"{progress.added:,} added, {progress.merged:,} merged, {progress.left_out:,} left out",
    )
