"""Real storage trouble for tests: damaged pages, read-only files, a full disk, a held lock.

Each condition is produced by the real mechanism, never by patching our code:
bytes overwritten inside a real library file, file permissions enforced by the
kernel (as an unprivileged user when the tests run as root, which ignores
them), and SQLite's own page limit standing in for a full disk.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

UNPRIVILEGED = "nobody"

FULL_DISK_PRELUDE = """
from sqlalchemy import event
from sqlalchemy.engine import Engine

@event.listens_for(Engine, "connect")
def _no_room_to_grow(dbapi_connection, _record):
    # SQLite refuses to grow the file past this many pages, exactly as when the disk is full;
    # asking for fewer pages than the file has pins it at its current size.
    dbapi_connection.execute("PRAGMA max_page_count = 1")
"""
"""Run before the command line in a child process: the library cannot grow by one page."""


def cli(
    *args: str,
    home: Path,
    user: list[str] | None = None,
    prelude: str = "",
    stdout: int | None = subprocess.PIPE,
) -> subprocess.CompletedProcess[str]:
    """Run ``readinglist-gui --library home ARGS`` as a real process.

    ``user`` is the command prefix from :func:`unprivileged_user` that runs it
    as a user whom file permissions bind; ``prelude`` is Python run first.
    """
    env = {**os.environ, "READINGLIST_HOME": str(home)}
    env.pop("DISPLAY", None)
    code = f"{prelude}\nimport sys\nfrom readinglist_gui.cli import main\nraise SystemExit(main())"
    return subprocess.run(
        [*(user or []), sys.executable, "-c", code, "--library", str(home), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
        check=False,
        cwd="/",
    )


def unprivileged_user() -> list[str]:
    """A command prefix that runs a command as a user file permissions bind; [] if we are one.

    Root ignores permissions, so as root the command runs as ``nobody``
    through util-linux's ``setpriv`` (which drops every capability). The
    test is skipped, saying why, only when that cannot run this Python.
    """
    if os.name != "posix":
        pytest.skip("file permissions are tested on POSIX systems")
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without util-linux's setpriv to drop privileges")
    account = pwd.getpwnam(UNPRIVILEGED)
    prefix = [
        setpriv,
        f"--reuid={account.pw_uid}",
        f"--regid={account.pw_gid}",
        "--clear-groups",
    ]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import os, readinglist_gui.cli; print(os.geteuid())"],
        capture_output=True,
        text=True,
        cwd="/",
        timeout=60,
        check=False,
    )
    if probe.returncode != 0 or probe.stdout.strip() != str(account.pw_uid):
        pytest.skip(
            f"running as root, and user {UNPRIVILEGED!r} cannot run readinglist_gui with "
            f"{sys.executable} (checkout not readable by others?): {probe.stderr[-200:]!r}"
        )
    return prefix


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A temporary folder another user can reach (pytest's own are private to us)."""
    folder = Path(tempfile.mkdtemp(prefix="readinglist-shared-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(stat.S_IRWXU)
        shutil.rmtree(folder)


def make_read_only(folder: Path, *, folder_too: bool) -> None:
    """Library file (and its folder) read-only for everyone but root."""
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o444)
    folder.chmod(0o555 if folder_too else 0o777)


def damage_middle(database: Path, pages: int = 8) -> None:
    """Overwrite ``pages`` whole pages in the middle of the file with a byte pattern."""
    page_size = _page_size(database)
    size = database.stat().st_size
    start = (size // 2) // page_size * page_size
    with database.open("r+b") as handle:
        handle.seek(start)
        handle.write(b"\xa5" * page_size * pages)


def damage_table(database: Path, table: str) -> None:
    """Overwrite the root page of ``table``: any read of the table then fails as damaged."""
    with sqlite3.connect(database) as raw:
        root = raw.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
    raw.close()
    page_size = _page_size(database)
    with database.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xa5" * page_size)


def _page_size(database: Path) -> int:
    with database.open("rb") as handle:
        header = handle.read(100)
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def checkpointed(database: Path) -> None:
    """Fold the write-ahead log into the file, so that damage to the file is all there is."""
    with sqlite3.connect(database) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
