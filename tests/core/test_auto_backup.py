"""Rolling automatic backups: one a day, checked, the newest seven kept, restorable in place."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading

import pytest
from storage_conditions import checkpointed, damage_table

from readinglist_gui.core import auto_backup, recovery
from readinglist_gui.core.integrity import full_check
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord, RecordBatch, Status
from readinglist_gui.core.storage_errors import LibraryError, Problem

MORNING = dt.datetime(2026, 3, 2, 9, 15, 0)


def test_one_checked_backup_a_day(filled: Library) -> None:
    outcome = auto_backup.make_backup(filled.folder, now=MORNING)
    assert outcome.made is not None and outcome.check is not None and outcome.check.ok
    assert outcome.made.path == filled.folder / "backups" / "library-2026-03-02-091500.sqlite3"
    assert outcome.made.papers == 4
    assert outcome.made.describe() == "2 Mar 2026 09:15, 4 papers"
    later = auto_backup.make_backup(filled.folder, now=MORNING.replace(hour=18))
    assert later.made is None and "already" in later.skipped
    assert not auto_backup.is_due(filled.folder, MORNING.replace(hour=23))
    assert auto_backup.is_due(filled.folder, MORNING + dt.timedelta(days=1))
    assert sorted(p.name for p in (filled.folder / "backups").iterdir()) == [
        "library-2026-03-02-091500.sqlite3"
    ]


def test_the_newest_seven_are_kept(filled: Library) -> None:
    for day in range(10):
        filled.set_status([filled.ids()[0]], list(Status)[day % 3])
        auto_backup.make_backup(filled.folder, now=MORNING + dt.timedelta(days=day))
    backups = auto_backup.list_backups(filled.folder)
    assert [b.created.day for b in backups] == [11, 10, 9, 8, 7, 6, 5]
    assert all(b.papers == 4 for b in backups)


def test_a_backup_taken_while_another_thread_writes_is_whole(library: Library) -> None:
    library.import_batch(
        RecordBatch(papers=[PaperRecord(title=f"Paper {n} " * 8) for n in range(3000)])
    )
    ids = library.ids()
    stop = threading.Event()
    writes = 0

    def write() -> None:
        nonlocal writes
        while not stop.is_set():
            library.set_status([ids[writes % len(ids)]], list(Status)[writes % 3])
            writes += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        outcome = auto_backup.make_backup(library.folder, now=MORNING)
    finally:
        stop.set()
        writer.join()
    assert writes > 0
    assert outcome.made is not None and outcome.made.papers == 3000
    assert full_check(outcome.made.path, immutable=True).ok


def test_a_damaged_library_is_found_and_not_copied_over_good_backups(filled: Library) -> None:
    auto_backup.make_backup(filled.folder, now=MORNING)
    path = filled.database_path
    filled.close()
    checkpointed(path)
    damage_table(path, "paper")
    outcome = auto_backup.make_backup(filled.folder, now=MORNING + dt.timedelta(days=1))
    assert outcome.made is None
    assert outcome.check is not None and not outcome.check.ok
    assert outcome.check.path == path
    assert outcome.check.summary().startswith(f"{path} is damaged")
    assert [p.name for p in (filled.folder / "backups").iterdir()] == [
        "library-2026-03-02-091500.sqlite3"
    ]


def test_restoring_in_place_keeps_the_replaced_file_and_its_log(filled: Library) -> None:
    made = auto_backup.make_backup(filled.folder, now=MORNING).made
    assert made is not None
    filled.set_note(filled.ids()[0], "Written after the backup.")
    folder, path = filled.folder, filled.database_path
    filled.close()
    # A process killed with a change still in its write-ahead log, which belongs to the
    # file it was written for and must go aside with it.
    killed = (
        "import os, sqlite3, sys\n"
        "raw = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "raw.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "raw.execute('UPDATE paper SET year = 1999')\n"
        "os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", killed, str(path)], check=True, timeout=60)
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    log, database = wal.read_bytes(), path.read_bytes()

    restored = recovery.restore_in_place(folder, made.path)
    assert restored.papers == 4
    kept, kept_log = restored.kept_aside[:2]
    assert kept.name.startswith("library.damaged-") and kept.suffix == ".sqlite3"
    assert kept.read_bytes() == database
    assert kept_log == kept.with_name(kept.name + "-wal") and kept_log.read_bytes() == log
    assert not wal.exists()
    with Library.open(folder) as library:
        assert {library.paper(i).year for i in library.ids()} != {1999}  # type: ignore[union-attr]
        assert library.paper(library.ids()[0]).note == ""  # type: ignore[union-attr]


def test_restoring_where_the_library_file_is_missing(filled: Library) -> None:
    made = auto_backup.make_backup(filled.folder, now=MORNING).made
    assert made is not None
    filled.close()
    filled.database_path.unlink()
    restored = recovery.restore_in_place(filled.folder, made.path)
    assert restored.kept_aside == ()
    with Library.open(filled.folder) as library:
        assert library.count() == 4


def test_a_damaged_backup_is_refused_and_nothing_moves(filled: Library) -> None:
    made = auto_backup.make_backup(filled.folder, now=MORNING).made
    assert made is not None
    filled.close()
    damage_table(made.path, "paper")
    before = sorted(p.name for p in filled.folder.iterdir())
    with pytest.raises(LibraryError) as caught:
        recovery.restore_in_place(filled.folder, made.path)
    assert caught.value.problem is Problem.DAMAGED
    assert sorted(p.name for p in filled.folder.iterdir()) == before
