"""Putting a backup in place of a damaged (or empty, or lost) library file.

Safe by construction: the backup is checked before anything moves; the
file it replaces is renamed aside with its write-ahead log, never deleted
(someone may still rescue papers from it); the new file is complete on disk
before it takes the library's name; and nothing happens while another
program has the library open, since that program would go on writing into
the file set aside.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from readinglist_gui.core import integrity, migrations
from readinglist_gui.core.database import DATABASE_NAME
from readinglist_gui.core.storage_errors import LibraryError, Problem, explain

_SQLITE_SHARED = (0x40000000 + 2, 510)
"""The byte range every SQLite connection to a file holds a shared lock on while it is open
in WAL mode (the unix VFS's SHARED_FIRST and SHARED_SIZE): a lock there means a user."""


@dataclass(frozen=True, slots=True)
class Restored:
    database: Path
    papers: int | None
    kept_aside: tuple[Path, ...]
    """The replaced file and its log under their new names; empty when there was none."""


def restore_in_place(library_folder: Path, backup: Path) -> Restored:
    """Check ``backup``, set the current library file aside and put a copy of the backup there.

    Raises :class:`LibraryError` when the backup is damaged or not a library
    this version can open, or when another program has the library open.
    The library must not be open in this process either.
    """
    database = library_folder / DATABASE_NAME
    check = integrity.full_check(backup, immutable=True)
    if not check.ok:
        raise LibraryError(f"{backup} cannot be restored: {check.summary()}", check.kind)
    _refuse_unknown(backup)
    try:
        library_folder.mkdir(parents=True, exist_ok=True)
        with _sole_user(database):
            staging = database.with_name(f".{database.name}.{secrets.token_hex(6)}.part")
            try:
                shutil.copyfile(backup, staging)
                with staging.open("rb+") as handle:
                    os.fsync(handle.fileno())
                aside = _set_aside(database)
                staging.replace(database)
            finally:
                staging.unlink(missing_ok=True)
        fsync_folder(library_folder)
    except OSError as exc:
        raise (explain(exc) or LibraryError(f"cannot restore {backup}: {exc}")) from exc
    return Restored(database, check.papers, aside)


@contextmanager
def _sole_user(database: Path) -> Iterator[None]:
    """Hold SQLite's shared-lock range of ``database`` exclusively, or refuse: someone has it open.

    POSIX record locks belong to the process and are dropped when any of its
    descriptors of the file closes, so this must never run while this process
    has a connection to the file. Elsewhere Windows itself refuses to rename
    a file that is open.
    """
    if os.name != "posix" or not database.exists():
        yield
        return
    import fcntl

    start, length = _SQLITE_SHARED
    descriptor = os.open(database, os.O_RDWR)
    try:
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, length, start, os.SEEK_SET)
        except OSError as exc:
            raise LibraryError(
                f"{database} is open in another program (the app?): close it first",
                Problem.BUSY,
            ) from exc
        yield
    finally:
        os.close(descriptor)


def _set_aside(database: Path) -> tuple[Path, ...]:
    """Rename the library file and its log to ``library.damaged-<time>.sqlite3[-wal]``."""
    if not database.exists():
        return ()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.stem}.damaged-{stamp}{database.suffix}")
    moved = []
    for suffix in ("", "-wal", "-shm"):
        source = database.with_name(database.name + suffix)
        if source.exists():
            target = aside.with_name(aside.name + suffix)
            source.replace(target)
            moved.append(target)
    return tuple(moved)


def _refuse_unknown(backup: Path) -> None:
    """A backup must be a library of a schema this version knows (older ones are upgraded)."""
    connection = integrity.read_only_connection(backup, immutable=True)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise LibraryError(
            f"{backup} is not a readinglist-gui library", Problem.NOT_A_LIBRARY
        ) from exc
    finally:
        connection.close()
    if revision is None:
        raise LibraryError(f"{backup} is not a readinglist-gui library", Problem.NOT_A_LIBRARY)
    if revision[0] not in migrations.REVISIONS:
        raise LibraryError(
            f"{backup} was made by a newer readinglist-gui; please update the app", Problem.NEWER
        )


def fsync_folder(folder: Path) -> None:
    """Put a folder's new names on disk (after a rename), where the system allows it."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
