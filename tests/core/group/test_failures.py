"""A sync that cannot finish says so in one line, fast, and loses nothing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Group  # the group fixtures of this folder
from library_factory import sample_batch
from test_two_members import by_arxiv

from readinglist_gui.core import library_meta
from readinglist_gui.core.group import members, progress, sync
from readinglist_gui.core.group.connection import GroupError, connected, server_url
from readinglist_gui.core.group.link_ops import LinkGroup
from readinglist_gui.core.group.local_tables import GroupLink, read_link
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status
from readinglist_gui.core.writes.change_log import PUSHED


def cli(folder: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readinglist_gui", "--library", str(folder), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ.copy(),
        check=False,
    )


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word, as a hung server does."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_an_unanswering_server_fails_the_sync_within_seconds_in_one_line(
    tmp_path: Path, silent_server: int
) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.import_batch(sample_batch())
        url = f"postgresql://alice@127.0.0.1:{silent_server}/lab"
        library.write(LinkGroup(GroupLink(url, "alice", "g", "alice")))
    started = time.monotonic()
    done = cli(folder, "sync", timeout=30)
    elapsed = time.monotonic() - started
    assert done.returncode != 0
    assert elapsed < 10, f"took {elapsed:.1f} s"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the group's server" in lines[0], done.stderr
    with Library.open(folder) as library, library.engine.connect() as conn:
        assert library_meta.get(conn, PUSHED) is None, "nothing was marked as pushed"


def test_a_stopped_server_keeps_changes_queued_until_it_is_back(
    group_db: Group, tmp_path: Path
) -> None:
    folder = tmp_path / "alice"
    with Library.open(folder) as alice:
        alice.import_batch(sample_batch())
        sync.init(alice, group_db.url("alice"))
        alice.set_status([by_arxiv(alice, "1706.03762")], Status.SKIMMED)
    group_db.cluster.kill()
    try:
        started = time.monotonic()
        done = cli(folder, "sync")
        assert time.monotonic() - started < 10
        assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    finally:
        group_db.cluster.start()
    done = cli(folder, "sync")
    assert done.returncode == 0, done.stderr
    with group_db.connect("alice") as conn:
        statuses = conn.execute(
            "SELECT p.arxiv_id, g.status FROM readinglist.progress g "
            "JOIN readinglist.paper p ON p.id = g.paper_id"
        ).fetchall()
    assert ("1706.03762", "skimmed") in statuses


def test_the_server_killed_between_push_and_pull_loses_nothing(
    group_db: Group, tmp_path: Path
) -> None:
    alice = Library.open(tmp_path / "alice")
    bob = Library.open(tmp_path / "bob")
    alice.import_batch(sample_batch())
    sync.init(alice, group_db.url("alice"))
    members.add_member(alice, group_db.names["bob"])
    sync.join(bob, group_db.url("bob"))
    bob.set_status([by_arxiv(bob, "2405.04434")], Status.NOTED)
    sync.sync_once(bob)
    alice.update_fields(by_arxiv(alice, "1706.03762"), venue="NIPS")
    alice.set_status([by_arxiv(alice, "1706.03762")], Status.SKIMMED)

    with alice.engine.connect() as conn:
        link = read_link(conn)
    assert link is not None
    with connected(server_url(link.url)) as server:
        sync.push_once(alice, server, link)
        group_db.cluster.kill()
        with pytest.raises(GroupError, match="the group's server"):
            sync.pull_once(alice, server, link)
    group_db.cluster.start()
    alice.set_note(by_arxiv(alice, "1706.03762"), "Noted while the server was down.")

    sync.sync_once(alice)
    sync.sync_once(bob)
    mine = alice.paper(by_arxiv(alice, "1706.03762"))
    theirs = bob.paper(by_arxiv(bob, "1706.03762"))
    assert mine is not None and theirs is not None
    assert (mine.venue, mine.status, mine.note) == (
        "NIPS",
        Status.SKIMMED,
        "Noted while the server was down.",
    )
    assert theirs.venue == "NIPS"
    assert theirs.status is Status.UNREAD
    bob_role = group_db.names["bob"]
    read = progress.read_by(alice, [by_arxiv(alice, "2405.04434")])
    assert bob_role in next(iter(read.values())).readers
    alice.close()
    bob.close()
