"""Is the library file whole? A header glance on every open, SQLite's full check on demand.

Like ``sqlite_backend``, this is SQLite-only. The glance costs one small read
whatever the size of the file, so it runs on every open: it finds an empty
file, someone else's file, and a file cut short. The full check reads every
page, which for a library of several GB takes minutes; it runs in the
background in the app and on ``readinglist-gui check``, on a read-only
connection of its own, so it never blocks a write.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from readinglist_gui.core.storage_errors import LibraryError, Problem, explain

MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
MAX_PROBLEMS = 100
"""Problems a full check lists at most; the first few say enough to act on."""


def check_header(path: Path) -> None:
    """Raise :class:`LibraryError` when ``path`` is empty, not SQLite, or cut short.

    Reads the 100-byte header only. A file shorter than its header says is
    reported only when no write-ahead log is beside it: a checkpoint cut
    short by a crash may leave the file short, and the log then still holds
    the missing pages.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as exc:
        explained = explain(exc, path)
        raise (explained or LibraryError(f"cannot read {path}: {exc.strerror}")) from exc
    if size == 0:
        raise LibraryError(f"{path} is empty (0 bytes): the library in it was lost", Problem.EMPTY)
    if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
        raise LibraryError(
            f"{path} is not a readinglist-gui library: it is not an SQLite database "
            "(damaged, or another kind of file)",
            Problem.NOT_A_LIBRARY,
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise LibraryError(f"{path} is damaged: its header is unreadable", Problem.DAMAGED)
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96] and pages > 0
    wal = path.with_name(path.name + "-wal")
    logged = wal.exists() and wal.stat().st_size > 0
    if counted and not logged and size < pages * page_size:
        missing = pages - size // page_size
        raise LibraryError(
            f"{path} is damaged: it was cut short ({missing:,} of {pages:,} pages are missing)",
            Problem.DAMAGED,
        )


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What SQLite's integrity check found in one database file."""

    path: Path
    problems: tuple[str, ...]
    """SQLite's own descriptions, at most ``MAX_PROBLEMS``; empty when the file is whole."""
    seconds: float
    papers: int | None = None
    """How many papers the file holds, when it could be counted."""
    kind: Problem = Problem.DAMAGED
    """What the problems amount to: damaged, or empty, or not a library at all."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One sentence on what was found, for a banner or an error line."""
        if self.ok:
            return f"{self.path} is whole: no damage found"
        if self.kind is not Problem.DAMAGED or self.problems[0].startswith(str(self.path)):
            return self.problems[0]
        count = len(self.problems)
        found = f"{count:,} problem{'s' if count != 1 else ''}"
        found = f"at least {found}" if count >= MAX_PROBLEMS - 1 else found
        return f"{self.path} is damaged: {found} found, the first: {self.problems[0]}"


def full_check(
    path: Path, *, interrupted: Callable[[], bool] | None = None, immutable: bool = False
) -> CheckResult:
    """Run ``PRAGMA integrity_check`` on ``path`` through a read-only connection.

    Any failure to read the file at all (empty, not SQLite, damaged beyond
    opening) is reported as a problem, not raised: the caller wants a verdict.
    ``interrupted`` is asked every few thousand steps; once it says yes the
    check is abandoned with ``InterruptedError`` (the app closing).
    ``immutable`` is for files nobody writes (backups): no WAL files appear.
    """
    start = time.perf_counter()

    def failed(error: LibraryError) -> CheckResult:
        return CheckResult(path, (str(error),), time.perf_counter() - start, kind=error.problem)

    try:
        check_header(path)
        connection = read_only_connection(path, immutable=immutable)
    except LibraryError as exc:
        return failed(exc)
    except sqlite3.Error as exc:
        return failed(_explained(exc, path))
    if interrupted is not None:
        connection.set_progress_handler(lambda: 1 if interrupted() else 0, 10_000)
    try:
        rows = connection.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
        problems = tuple(
            str(row[0]) for row in rows if row[0] != "ok" and not str(row[0]).startswith("***")
        )
        papers = None if problems else count_papers(connection)
    except sqlite3.Error as exc:
        if interrupted is not None and interrupted():
            raise InterruptedError("integrity check abandoned") from exc
        return failed(_explained(exc, path))
    finally:
        connection.close()
    return CheckResult(path, problems, time.perf_counter() - start, papers)


def read_only_connection(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A plain read-only connection for checks and counts, which never writes to the file.

    ``immutable`` promises SQLite that nobody writes the file (true of
    backups), so it makes no WAL files beside it; a file in a folder that
    cannot be written is opened so too, since SQLite could not make them there.
    """
    if immutable or not os.access(path.parent, os.W_OK | os.X_OK):
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def count_papers(connection: sqlite3.Connection) -> int | None:
    """Papers in a library database, or None when it has no paper table."""
    try:
        return int(connection.execute("SELECT count(*) FROM paper").fetchone()[0])
    except sqlite3.OperationalError:
        return None


def _explained(exc: sqlite3.Error, path: Path) -> LibraryError:
    explained = explain(exc, path)
    return explained if explained is not None else LibraryError(f"{path}: {exc}", Problem.DAMAGED)
