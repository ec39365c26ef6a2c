"""Real SQLite, SQLAlchemy and OS failures, each explained as one sentence with its kind."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event
from storage_conditions import checkpointed, damage_table

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord, RecordBatch
from readinglist_gui.core.storage_errors import LibraryError, Problem, explain, translated


def raised(action) -> BaseException:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception) as caught:
        action()
    return caught.value


@pytest.fixture
def database(filled: Library) -> Path:
    path = filled.database_path
    filled.close()
    checkpointed(path)
    return path


def explained(exc: BaseException, path: Path | None = None) -> LibraryError:
    result = explain(exc, path)
    assert result is not None, exc
    assert "\n" not in str(result)
    return result


def test_a_lock_held_by_another_connection(database: Path) -> None:
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        error = raised(lambda: waiter.execute("UPDATE paper SET year = 1"))
    finally:
        waiter.close()
        holder.execute("ROLLBACK")
        holder.close()
    result = explained(error, database)
    assert result.problem is Problem.BUSY
    assert str(result).startswith(f"{database} is busy") and "try again" in str(result)


def test_a_write_through_a_read_only_connection(database: Path) -> None:
    reader = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        error = raised(lambda: reader.execute("UPDATE paper SET year = 1"))
    finally:
        reader.close()
    result = explained(error, database)
    assert result.problem is Problem.READ_ONLY
    assert "read-only" in str(result)


def test_a_full_disk_through_sqlalchemy_and_translated(library: Library) -> None:
    # Before the first write: the writer keeps the connection it opens then.
    filled = library

    @event.listens_for(filled.engine, "connect")
    def _no_room(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA max_page_count = 1")

    filled.engine.dispose()
    batch = RecordBatch(papers=[PaperRecord(title=f"Paper {n} " * 40) for n in range(500)])
    with pytest.raises(LibraryError) as caught, translated(filled.database_path):
        filled.import_batch(batch)
    assert caught.value.problem is Problem.DISK_FULL
    assert str(caught.value) == (
        f"the disk holding {filled.database_path} is full: free some space and try again"
    )
    assert isinstance(caught.value.__cause__, Exception)


def test_damaged_pages(database: Path) -> None:
    damage_table(database, "paper")
    reader = sqlite3.connect(database)
    try:
        error = raised(lambda: reader.execute("SELECT title FROM paper").fetchall())
    finally:
        reader.close()
    result = explained(error, database)
    assert result.problem is Problem.DAMAGED
    assert str(result) == f"{database} is damaged: parts of the file cannot be read"


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"not a database at all" * 300)
    reader = sqlite3.connect(path)
    try:
        error = raised(lambda: reader.execute("SELECT * FROM sqlite_master").fetchall())
    finally:
        reader.close()
    assert explained(error, path).problem is Problem.NOT_A_LIBRARY


def test_writing_to_a_full_device_names_no_library(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")

    def write() -> None:
        with open("/dev/full", "wb") as full:
            full.write(b"x" * 10)

    error = raised(write)
    assert isinstance(error, OSError) and error.errno == errno.ENOSPC
    result = explained(error, tmp_path / "library.sqlite3")
    assert result.problem is Problem.DISK_FULL
    assert str(result) == "the disk is full: free some space and try again"


def test_permission_denied_names_the_file() -> None:
    error = PermissionError(errno.EACCES, "Permission denied", "/srv/out.json")
    result = explained(error)
    assert result.problem is Problem.READ_ONLY
    assert str(result) == "/srv/out.json: permission denied"


def test_other_errors_are_not_storage_problems(database: Path) -> None:
    reader = sqlite3.connect(database)
    try:
        syntax = raised(lambda: reader.execute("SELEC 1"))
    finally:
        reader.close()
    assert explain(syntax, database) is None
    assert explain(ValueError("bad"), database) is None
    assert explain(FileNotFoundError(errno.ENOENT, "No such file", "x")) is None
    with pytest.raises(ValueError), translated(database):
        raise ValueError("a bug stays a bug")
