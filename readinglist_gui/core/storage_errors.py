"""Storage failures in the user's words: what is wrong with the library, in one sentence.

SQLite, SQLAlchemy and the operating system each report the same few
situations (a read-only file, a full disk, another program holding the lock,
a damaged file) in their own types and jargon. :func:`explain` turns any of
them into one :class:`LibraryError` whose :class:`Problem` the command line
maps to an exit code and the app to a banner, so every caller (the commands,
the window, the serial writer) says the same thing about the same failure.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path


class Problem(Enum):
    """What kind of trouble a :class:`LibraryError` reports; callers branch on it, not on text."""

    OTHER = "other"
    BUSY = "busy"
    """Another program held the library's lock past the busy timeout: trying again may work."""
    READ_ONLY = "read-only"
    """The library (or a file a command writes) may be read but not written."""
    DISK_FULL = "disk-full"
    DAMAGED = "damaged"
    EMPTY = "empty"
    """The library file is there but holds nothing: lost, not merely new."""
    NOT_A_LIBRARY = "not-a-library"
    NEWER = "newer"
    """Made by a newer version, whose schema this one does not know."""
    IO = "io"
    """The disk failed to read or write (bad sectors, a vanished network share)."""


RECOVERABLE_FROM_BACKUP = frozenset({Problem.DAMAGED, Problem.EMPTY, Problem.NOT_A_LIBRARY})
"""Problems a backup of the library file can put right."""


class LibraryError(Exception):
    """A library problem worth one clear sentence to the user.

    ``problem`` says which kind, for exit codes and banners; plain domain
    refusals ("no paper with id 7") keep the default ``Problem.OTHER``.
    """

    def __init__(self, message: str, problem: Problem = Problem.OTHER) -> None:
        super().__init__(message)
        self.problem = problem


# SQLite's primary result codes (https://sqlite.org/rescode.html); an extended
# code carries its primary code in the low byte.
_SQLITE_PROBLEMS = {
    3: Problem.READ_ONLY,  # SQLITE_PERM
    5: Problem.BUSY,  # SQLITE_BUSY
    6: Problem.BUSY,  # SQLITE_LOCKED
    8: Problem.READ_ONLY,  # SQLITE_READONLY
    10: Problem.IO,  # SQLITE_IOERR
    11: Problem.DAMAGED,  # SQLITE_CORRUPT
    13: Problem.DISK_FULL,  # SQLITE_FULL
    14: Problem.READ_ONLY,  # SQLITE_CANTOPEN: no permission on the file or its folder
    26: Problem.NOT_A_LIBRARY,  # SQLITE_NOTADB
}
_SQLITE_CANTOPEN = 14
_SQLITE_WORDS = (
    ("database is locked", Problem.BUSY),
    ("readonly database", Problem.READ_ONLY),
    ("disk is full", Problem.DISK_FULL),
    ("malformed", Problem.DAMAGED),
    ("file is not a database", Problem.NOT_A_LIBRARY),
    ("disk i/o error", Problem.IO),
    ("unable to open database", Problem.READ_ONLY),
)
"""For sqlite3 errors that carry no result code (raised by the module itself)."""
_OS_PROBLEMS = {
    errno.ENOSPC: Problem.DISK_FULL,
    errno.EDQUOT: Problem.DISK_FULL,
    errno.EROFS: Problem.READ_ONLY,
    errno.EACCES: Problem.READ_ONLY,
    errno.EPERM: Problem.READ_ONLY,
    errno.EIO: Problem.IO,
}

BUSY_HINT_S = 5
"""The busy timeout the message quotes (``sqlite_backend.BUSY_TIMEOUT_MS`` in seconds)."""


def explain(exc: BaseException, path: Path | None = None) -> LibraryError | None:
    """The storage problem behind ``exc`` in the user's words, or None when it is not one.

    ``path`` is the database file the SQLite error came from, for the
    sentence to name; an ``OSError`` names its own file, or none (a write to
    standard output), since it may concern any file. Accepts SQLAlchemy's
    wrapped DBAPI errors, ``sqlite3`` errors and ``OSError``; anything else
    (a bug, a bad argument) is not a storage problem and is left to the caller.
    """
    if isinstance(exc, LibraryError):
        return exc
    original = getattr(exc, "orig", None)
    if isinstance(original, BaseException):
        exc = original
    if isinstance(exc, sqlite3.Error):
        problem = _sqlite_problem(exc)
        if problem is None:
            return None
        if getattr(exc, "sqlite_errorcode", None) == _SQLITE_CANTOPEN:
            where = path if path is not None else "the library"
            return LibraryError(f"cannot open {where}: you may not read it or its folder", problem)
        return LibraryError(_sentence(problem, path), problem)
    if isinstance(exc, OSError) and exc.errno in _OS_PROBLEMS:
        problem = _OS_PROBLEMS[exc.errno]
        named = Path(exc.filename) if exc.filename else None
        return LibraryError(_sentence(problem, named, os_words=exc.strerror), problem)
    return None


@contextmanager
def translated(path: Path | None = None) -> Iterator[None]:
    """Re-raise storage failures inside the block as :class:`LibraryError` (chained)."""
    try:
        yield
    except LibraryError:
        raise
    except Exception as exc:
        explained = explain(exc, path)
        if explained is None:
            raise
        raise explained from exc


def _sqlite_problem(exc: sqlite3.Error) -> Problem | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_PROBLEMS:
        return _SQLITE_PROBLEMS[code & 0xFF]
    text = str(exc).lower()
    return next((problem for words, problem in _SQLITE_WORDS if words in text), None)


def _sentence(problem: Problem, path: Path | None, *, os_words: str | None = None) -> str:
    """The sentence for ``problem``; without a ``path`` it speaks of no file in particular."""
    if problem is Problem.BUSY:
        return (
            f"{path or 'the library'} is busy: another program kept it locked for more than "
            f"{BUSY_HINT_S} s; try again once it is done"
        )
    if problem is Problem.READ_ONLY and os_words:
        return f"{path}: {os_words.lower()}" if path else os_words.lower()
    if problem is Problem.READ_ONLY:
        return f"{path or 'the library'} is read-only for you: it can be read but not changed"
    if problem is Problem.DISK_FULL:
        disk = f"the disk holding {path}" if path else "the disk"
        return f"{disk} is full: free some space and try again"
    if problem is Problem.DAMAGED:
        return f"{path or 'the library'} is damaged: parts of the file cannot be read"
    if problem is Problem.NOT_A_LIBRARY:
        return f"{path or 'the file'} is not a readinglist-gui library (not an SQLite database)"
    if problem is Problem.IO:
        where = f" {path}" if path else ""
        return f"the disk failed to read or write{where} (input/output error)"
    words = os_words or problem.value
    return f"{path}: {words}" if path else words
