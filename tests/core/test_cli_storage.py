"""Storage trouble on the command line: a few lines in the user's words and an honest exit code.

Every condition is real: a library file damaged in place, permissions the
kernel enforces (as an unprivileged user when the tests run as root), SQLite
refusing to grow the file as on a full disk, a lock held by another
connection, a reader that stops reading.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from library_factory import sample_batch
from storage_conditions import (
    FULL_DISK_PRELUDE,
    checkpointed,
    cli,
    damage_middle,
    damage_table,
    make_read_only,
    shared_folder,
    unprivileged_user,
)

from readinglist_gui import cli as cli_module
from readinglist_gui.core import auto_backup
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord, RecordBatch


def library_at(folder: Path, extra: int = 0) -> Path:
    """A real library in ``folder`` with the sample papers and ``extra`` numbered ones."""
    with Library.open(folder) as library:
        library.import_batch(sample_batch())
        if extra:
            papers = [PaperRecord(title=f"Numbered paper {n:05d}") for n in range(extra)]
            library.import_batch(RecordBatch(papers=papers))
    checkpointed(folder / "library.sqlite3")
    return folder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_reported(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    """Failed with ``code``, in at most three lines naming ``words``, without a traceback."""
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 3, result.stderr
    assert lines[0].startswith("readinglist-gui: error: ")
    for word in words:
        assert word in result.stderr


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return library_at(tmp_path / "home")


@pytest.fixture
def reachable() -> Iterator[Path]:
    """A folder an unprivileged user can reach, for the permission tests."""
    with shared_folder() as folder:
        yield folder


# -- read-only libraries ------------------------------------------------------------


@pytest.mark.parametrize("folder_too", [False, True], ids=["file", "file-and-folder"])
def test_a_read_only_library_can_be_read_but_not_changed(
    reachable: Path, tmp_path: Path, folder_too: bool
) -> None:
    user = unprivileged_user()
    home = library_at(reachable / "lib")
    source = reachable / "more.json"
    source.write_text(json.dumps({"format": "readinglist-gui/1", "papers": [{"title": "New"}]}))
    make_read_only(home, folder_too=folder_too)
    before = digest(home / "library.sqlite3")

    listed = cli("list", "--json", home=home, user=user)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 4
    searched = cli("list", "--search", "attention", home=home, user=user)
    assert searched.returncode == 0, searched.stderr
    assert "Attention Is All You Need" in searched.stdout
    exported = cli("export", "--format", "bibtex", home=home, user=user)
    assert exported.returncode == 0 and "Attention" in exported.stdout
    assert cli("check", home=home, user=user).returncode == 0

    for command in (("status", "1", "noted"), ("import", str(source))):
        refused = cli(*command, home=home, user=user)
        assert_reported(refused, cli_module.EXIT_READ_ONLY, "read-only", command[0])
        assert len(refused.stderr.splitlines()) == 1
    assert digest(home / "library.sqlite3") == before


def test_an_output_file_that_may_not_be_written_is_named(reachable: Path) -> None:
    user = unprivileged_user()
    home = library_at(reachable / "lib")
    (reachable / "lib").chmod(0o777)
    (home / "library.sqlite3").chmod(0o666)
    locked = reachable / "locked"
    locked.mkdir(mode=0o555)
    result = cli("export", "--format", "json", "-o", str(locked / "out.json"), home=home, user=user)
    assert_reported(result, cli_module.EXIT_READ_ONLY, "permission denied")


def test_a_library_folder_that_cannot_be_made_is_a_permission_problem(reachable: Path) -> None:
    user = unprivileged_user()
    locked = reachable / "locked"
    locked.mkdir(mode=0o555)
    result = cli("list", home=locked / "library", user=user)
    assert_reported(result, cli_module.EXIT_READ_ONLY, "cannot create library folder")


def test_a_read_only_library_can_still_be_backed_up(reachable: Path) -> None:
    user = unprivileged_user()
    home = library_at(reachable / "lib")
    out = reachable / "out"
    out.mkdir()
    out.chmod(0o777)
    make_read_only(home, folder_too=True)
    result = cli("backup", str(out / "copy.zip"), home=home, user=user)
    assert result.returncode == 0, result.stderr
    restored = reachable / "restored"
    assert cli("restore", str(out / "copy.zip"), str(restored), home=home).returncode == 0
    assert len(json.loads(cli("list", "--json", home=restored).stdout)) == 4


# -- a full disk --------------------------------------------------------------------


def test_a_full_disk_is_reported_and_the_import_leaves_no_trace(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "many.json"
    papers = [{"title": f"Paper {n} " + "with a long title " * 20} for n in range(2000)]
    source.write_text(json.dumps({"format": "readinglist-gui/1", "papers": papers}))
    result = cli("import", str(source), home=home, prelude=FULL_DISK_PRELUDE)
    assert_reported(result, cli_module.EXIT_DISK_FULL, "full", "free some space")
    assert len(json.loads(cli("list", "--json", home=home).stdout)) == 4


def test_output_to_a_full_disk_is_reported(home: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        result = cli("export", "--format", "json", home=home, stdout=full.fileno())
    assert_reported(result, cli_module.EXIT_DISK_FULL, "the disk is full")


# -- damaged, empty and foreign files -----------------------------------------------


def test_damage_to_the_paper_table_is_reported_by_every_command(home: Path) -> None:
    damage_table(home / "library.sqlite3", "paper")
    for command in (
        ("list",),
        ("list", "--search", "attention"),
        ("status", "1", "noted"),
        ("export", "--format", "json"),
    ):
        result = cli(*command, home=home)
        assert_reported(result, cli_module.EXIT_DAMAGED, "is damaged")


def test_damage_in_the_middle_of_the_file_is_found_by_check(tmp_path: Path) -> None:
    home = library_at(tmp_path / "home", extra=3000)
    damage_middle(home / "library.sqlite3")
    checked = cli("check", home=home)
    assert_reported(checked, cli_module.EXIT_DAMAGED, "is damaged", "no automatic backups")
    for command in (("list",), ("status", "1", "noted"), ("export", "--format", "json")):
        result = cli(*command, home=home)
        assert result.returncode in (0, cli_module.EXIT_DAMAGED), result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) <= 3


def test_an_empty_library_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "library.sqlite3").write_bytes(b"")
    for command in (("list",), ("status", "1", "noted"), ("check",)):
        result = cli(*command, home=home)
        assert_reported(result, cli_module.EXIT_DAMAGED, "is empty")
    assert (home / "library.sqlite3").stat().st_size == 0
    assert sorted(p.name for p in home.iterdir()) == ["library.sqlite3"]


def test_someone_elses_sqlite_file_is_not_taken_for_a_library(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with sqlite3.connect(home / "library.sqlite3") as raw:
        raw.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    raw.close()
    result = cli("list", home=home)
    assert_reported(result, cli_module.EXIT_DAMAGED, "not a readinglist-gui library")


def test_a_newer_library_asks_for_an_update(home: Path) -> None:
    with sqlite3.connect(home / "library.sqlite3") as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    assert_reported(cli("list", home=home), cli_module.EXIT_ERROR, "newer readinglist-gui")


def test_debug_shows_the_traceback(home: Path) -> None:
    damage_table(home / "library.sqlite3", "paper")
    result = cli("--debug", "list", home=home)
    assert result.returncode == cli_module.EXIT_DAMAGED
    assert "Traceback" in result.stderr
    assert result.stderr.rstrip().splitlines()[-2].startswith("readinglist-gui: error:")


# -- another program holding the lock --------------------------------------------------


def test_a_lock_held_past_the_timeout_is_reported_as_busy(home: Path) -> None:
    holder = sqlite3.connect(home / "library.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE paper SET year = year WHERE id = 1")
        listed = cli("list", home=home)
        assert listed.returncode == 0, listed.stderr
        result = cli("status", "1", "noted", home=home)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_reported(result, cli_module.EXIT_BUSY, "busy", "try again")


# -- readers that stop reading -----------------------------------------------------------


def test_a_reader_that_stops_early_ends_the_listing_quietly(tmp_path: Path) -> None:
    home = library_at(tmp_path / "home", extra=3000)
    code = "import sys\nfrom readinglist_gui.cli import main\nraise SystemExit(main())"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "--library", str(home), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == cli_module.EXIT_BROKEN_PIPE
    assert first.startswith(b"1\t")
    assert error == b""


# -- restoring an automatic backup in place ----------------------------------------------


def test_check_names_the_backup_and_restore_puts_it_in_place(home: Path) -> None:
    made = auto_backup.make_backup(home).made
    assert made is not None
    cli("status", "1", "noted", home=home)
    damage_table(home / "library.sqlite3", "paper")
    damaged = digest(home / "library.sqlite3")

    checked = cli("check", home=home)
    assert_reported(checked, cli_module.EXIT_DAMAGED, made.path.name, "4 papers", "restore")
    command = shlex.split(checked.stderr.splitlines()[2].split(": ", 1)[1])
    assert command[:3] == ["readinglist-gui", "--library", str(home)]

    restored = cli(*command[3:], home=home)
    assert restored.returncode == 0, restored.stderr
    assert "4 papers" in restored.stdout
    kept = list(home.glob("library.damaged-*.sqlite3"))
    assert len(kept) == 1 and digest(kept[0]) == damaged
    rows = json.loads(cli("list", "--json", home=home).stdout)
    assert [r["status"] for r in rows] == ["unread", "noted", "unread", "unread"]
    assert cli("check", home=home).returncode == 0


def test_restore_refuses_while_another_program_has_the_library_open(home: Path) -> None:
    made = auto_backup.make_backup(home).made
    assert made is not None
    before = digest(home / "library.sqlite3")
    code = (
        "import sys, time\nfrom pathlib import Path\n"
        "from readinglist_gui.core.library import Library\n"
        "library = Library.open(Path(sys.argv[1])); library.count()\n"
        "print('open', flush=True); sys.stdin.read()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code, str(home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        result = cli("restore", str(made.path), home=home)
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
    assert_reported(result, cli_module.EXIT_BUSY, "open in another program")
    assert digest(home / "library.sqlite3") == before
    assert not list(home.glob("library.damaged-*"))


def test_restore_refuses_a_damaged_backup(home: Path) -> None:
    made = auto_backup.make_backup(home).made
    assert made is not None
    damage_table(made.path, "paper")
    before = digest(home / "library.sqlite3")
    result = cli("restore", str(made.path), home=home)
    assert_reported(result, cli_module.EXIT_DAMAGED, "cannot be restored")
    assert digest(home / "library.sqlite3") == before


def test_a_write_command_makes_the_days_backup_first(home: Path) -> None:
    assert auto_backup.list_backups(home) == []
    assert cli("status", "1", "noted", home=home).returncode == 0
    assert cli("status", "2", "noted", home=home).returncode == 0
    backups = auto_backup.list_backups(home)
    assert len(backups) == 1 and backups[0].papers == 4
    assert cli("list", home=home).returncode == 0
    assert len(auto_backup.list_backups(home)) == 1
