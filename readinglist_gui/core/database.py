"""Opening a library's database: engine, schema version, safe upgrades, read-only access.

An older library is copied aside before Alembic touches it, so a failed or
regretted upgrade never costs the user their reading history. A new library
is built under a temporary name and put in place whole, so a file that is
there but empty means something was lost, and is reported rather than
quietly started afresh. A library the user may read but not write opens
read-only, without any attempt to write (WAL included), rather than failing.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text

from readinglist_gui.core import integrity, migrations, sqlite_backend
from readinglist_gui.core.storage_errors import LibraryError, Problem, explain

__all__ = [
    "DATABASE_NAME",
    "LibraryError",
    "create_sqlite_engine",
    "current_revision",
    "is_read_only",
    "open_database",
    "read_only_uri",
    "upgrade",
]

DATABASE_NAME = "library.sqlite3"
_READ_ONLY = "readinglist_read_only_uri"
"""Execution option holding the URI a read-only engine connects to: the engine itself says
how it was made, and private connections beside it (``ChangeWatch``) connect the same way."""


def create_sqlite_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine on the database at ``path``; ``read_only`` opens it without ever writing.

    A read-only engine connects with SQLite's ``mode=ro``, so a write that
    slipped past the interface fails as read-only instead of reaching the
    disk (``query_only`` would also refuse the temporary tables searches
    use), and with ``immutable`` when the folder is read-only too and no log
    was left behind: SQLite cannot make WAL's shared-memory index there.
    """
    timeout = sqlite_backend.BUSY_TIMEOUT_MS / 1000
    if not read_only:
        engine = create_engine(
            f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": timeout}
        )
        sqlite_backend.configure(engine)
        return engine
    uri = path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if _immutable(path) else "")

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=timeout)

    engine = create_engine(f"sqlite:///{path}", creator=connect).execution_options(
        **{_READ_ONLY: uri}
    )
    sqlite_backend.configure(engine)
    return engine


def is_read_only(engine: Engine) -> bool:
    """Whether ``engine`` was opened read-only (the library may be read but not changed)."""
    return read_only_uri(engine) is not None


def read_only_uri(engine: Engine) -> str | None:
    """The SQLite URI a read-only ``engine`` opens; None for a writable one."""
    uri = engine.get_execution_options().get(_READ_ONLY)
    return uri if isinstance(uri, str) else None


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database; None for a new, empty file."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run Alembic up to ``revision`` in one transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations.SCRIPT_LOCATION))
    with (
        engine.connect() as connection,
        connection.execution_options(**{sqlite_backend.WRITE_OPTION: True}).begin(),
    ):
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_database(path: Path) -> Engine:
    """Open the database at ``path``: created when missing, upgraded when older.

    Raises :class:`LibraryError` saying what is wrong (empty, damaged, not a
    library, newer, read-only and in need of an upgrade, busy, ...).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _create(path)
    integrity.check_header(path)
    read_only = not _writable(path)
    engine = create_sqlite_engine(path, read_only=read_only)
    try:
        revision = current_revision(engine)
        if revision is None:
            _refuse_unversioned(engine, path)
    except Exception as exc:
        engine.dispose()
        if isinstance(exc, LibraryError):
            raise
        explained = explain(exc, path)
        if explained is None:
            raise LibraryError(
                f"{path} is not a readinglist-gui library: {exc}", Problem.NOT_A_LIBRARY
            ) from exc
        raise explained from exc
    if revision == migrations.HEAD:
        return engine
    if revision not in migrations.REVISIONS:
        engine.dispose()
        raise LibraryError(
            f"{path} was made by a newer readinglist-gui; please update the app", Problem.NEWER
        )
    if read_only:
        engine.dispose()
        raise LibraryError(
            f"{path} was made by an older readinglist-gui and needs upgrading, "
            "which needs write access, but it is read-only for you",
            Problem.READ_ONLY,
        )
    try:
        _backup_before_upgrade(path, revision)
        upgrade(engine)
    except Exception as exc:
        engine.dispose()
        explained = explain(exc, path)
        if explained is not None:
            raise explained from exc
        raise LibraryError(f"could not upgrade {path}: {exc}") from exc
    return engine


def _create(path: Path) -> None:
    """Build a new, empty library beside ``path`` and put it in place only once complete.

    Linked rather than renamed into place, so that when two programs create
    the same library at once the first one's file stays and the second uses it.
    """
    staging = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    engine = create_sqlite_engine(staging)
    try:
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        try:
            os.link(staging, path)
        except FileExistsError:
            pass
        except OSError:
            if not path.exists():  # a file system without hard links
                staging.replace(path)
    except Exception as exc:
        explained = explain(exc, path)
        if explained is None:
            raise
        raise explained from exc
    finally:
        for leftover in (staging, *_wal_files(staging)):
            leftover.unlink(missing_ok=True)


def _refuse_unversioned(engine: Engine, path: Path) -> None:
    """A database without a schema version: empty (the library was lost) or someone else's."""
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    if tables:
        raise LibraryError(
            f"{path} is not a readinglist-gui library (an SQLite database of another program)",
            Problem.NOT_A_LIBRARY,
        )
    raise LibraryError(f"{path} is empty: it holds no papers and no tables", Problem.EMPTY)


def _writable(path: Path) -> bool:
    """Whether this user may write the database: the file, and the folder (or the WAL files)."""
    if not os.access(path, os.W_OK):
        return False
    if os.access(path.parent, os.W_OK | os.X_OK):
        return True
    return all(os.access(f, os.W_OK) for f in _wal_files(path))


def _immutable(path: Path) -> bool:
    """Whether a read-only open must say the file cannot change: in a read-only folder
    without the shared-memory index, SQLite can read a WAL database only so, and only
    safely when no log of unmerged changes was left beside it."""
    if os.access(path.parent, os.W_OK | os.X_OK):
        return False
    wal, shm = _wal_files(path)
    if shm.exists():
        return False
    if wal.exists() and wal.stat().st_size > 0:
        raise LibraryError(
            f"{path} is read-only and was not closed cleanly: open it once with write access "
            "to its folder to finish its last changes",
            Problem.READ_ONLY,
        )
    return True


def _wal_files(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _backup_before_upgrade(path: Path, revision: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    destination = path.with_name(f"{path.stem}.rev{revision}-{stamp}.backup{path.suffix}")
    sqlite_backend.backup(path, destination)
    return destination
