"""The command-line contract of reading groups, and credentials found the way libpq finds them."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import Ran
from conftest import Group  # the group fixtures of this folder
from library_factory import sample_batch

from readinglist_gui.core.group import members, sync
from readinglist_gui.core.group.listener import GroupListener
from readinglist_gui.core.group.local_tables import read_link
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status


def ids_by_arxiv(folder: Path) -> dict[str, int]:
    with Library.open(folder) as library:
        return {
            detail.arxiv_id: detail.id
            for row in library.page(limit=100).rows
            if (detail := library.paper(row.id)) is not None and detail.arxiv_id
        }


def test_the_group_commands_from_init_to_leave(
    group_db: Group, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    with Library.open(alice) as library:
        library.import_batch(sample_batch())
    alice_role, bob_role = group_db.names["alice"], group_db.names["bob"]

    done = cli(alice, "group", "init", group_db.url("alice"))
    assert done.returncode == 0, done.stderr
    assert f"created the reading group as {alice_role}" in done.stdout
    assert cli(alice, "group", "add-member", bob_role).returncode == 0
    done = cli(bob, "group", "join", group_db.url("bob"))
    assert done.returncode == 0, done.stderr

    paper = ids_by_arxiv(bob)["1706.03762"]
    assert cli(bob, "status", str(paper), "noted").returncode == 0
    done = cli(bob, "sync")
    assert done.returncode == 0 and done.stdout.startswith("synced: "), done.stderr
    assert cli(alice, "sync").returncode == 0

    done = cli(alice, "group", "progress", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["arxiv_id"]: row for row in json.loads(done.stdout)}
    assert set(rows["1706.03762"]) == {"id", "arxiv_id", "title", "members"}
    assert rows["1706.03762"]["id"] == ids_by_arxiv(alice)["1706.03762"]
    assert rows["1706.03762"]["title"] == "Attention Is All You Need"
    assert rows["1706.03762"]["members"] == {alice_role: "unread", bob_role: "noted"}
    assert rows["2309.06180"]["members"] == {alice_role: "noted", bob_role: "unread"}

    done = cli(bob, "group", "leave")
    assert done.returncode == 0, done.stderr
    with Library.open(bob) as library:
        assert library.count() == 4
    done = cli(bob, "sync")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "readinglist-gui: error: this library is not in a reading group; "
        "`group init URL` or `group join URL` first"
    ]


def test_a_password_in_the_address_is_used_once_and_never_written(
    group_db: Group, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Ran]
) -> None:
    monkeypatch.delenv("PGPASSFILE")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-pgpass"))
    password = group_db.roles["alice"]
    address = group_db.url("alice").replace("@", f":{password}@", 1)
    folder = tmp_path / "alice"
    done = cli(folder, "group", "init", address)
    assert done.returncode == 0, done.stderr
    assert password not in done.stdout + done.stderr
    for stored in folder.iterdir():
        if stored.is_file():
            assert password.encode() not in stored.read_bytes(), stored.name
    with Library.open(folder) as library, library.engine.connect() as conn:
        link = read_link(conn)
    assert link is not None and link.url == group_db.url("alice")

    done = cli(folder, "sync")
    assert done.returncode == 1
    assert "put it in ~/.pgpass (or PGPASSFILE), PGPASSWORD or a service file" in done.stderr
    monkeypatch.setenv("PGPASSWORD", password)
    assert cli(folder, "sync").returncode == 0


def test_a_service_file_names_the_server(
    group_db: Group, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[lab]\nhost=127.0.0.1\nport={group_db.cluster.port}\n"
        f"dbname={group_db.database}\nuser={group_db.names['alice']}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    with Library.open(tmp_path / "alice") as library:
        library.import_batch(sample_batch())
        sync.init(library, "postgresql:///?service=lab")
        assert library.count() == 4
    with group_db.connect("alice") as conn:
        assert conn.execute("SELECT count(*) FROM readinglist.paper").fetchone() == (4,)


def test_the_listener_hears_another_members_sync(group_db: Group, tmp_path: Path) -> None:
    with Library.open(tmp_path / "alice") as alice, Library.open(tmp_path / "bob") as bob:
        alice.import_batch(sample_batch())
        sync.init(alice, group_db.url("alice"))
        members.add_member(alice, group_db.names["bob"])
        sync.join(bob, group_db.url("bob"))
        with alice.engine.connect() as conn:
            link = read_link(conn)
        assert link is not None
        heard = threading.Event()
        connected = threading.Event()
        listener = GroupListener(
            link, heard.set, lambda up: connected.set() if up else None
        ).start()
        try:
            assert connected.wait(10)
            bob.set_status([1], Status.NOTED)
            sync.sync_once(bob)
            assert heard.wait(10)
        finally:
            listener.stop()
