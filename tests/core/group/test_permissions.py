"""The server enforces who may do what: a member at psql cannot do what the app would not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from conftest import Group  # the group fixtures of this folder
from library_factory import sample_batch

from readinglist_gui.core.database import DATABASE_NAME
from readinglist_gui.core.group import members, sync
from readinglist_gui.core.group.connection import GroupError
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status


@pytest.fixture
def group(group_db: Group, tmp_path: Path) -> Iterator[Group]:
    """Alice's group with Bob as a member; both have synced a status of their own."""
    alice = Library.open(tmp_path / "alice")
    alice.import_batch(sample_batch())
    alice.set_status([1], Status.NOTED)
    sync.init(alice, group_db.url("alice"))
    members.add_member(alice, group_db.names["bob"])
    members.add_member(alice, group_db.names["carol"])
    with Library.open(tmp_path / "bob") as bob:
        sync.join(bob, group_db.url("bob"))
        bob.set_status([1], Status.SKIMMED)
        sync.sync_once(bob)
    alice.close()
    yield group_db


def rows(group: Group, who: str, sql: str) -> list[tuple[object, ...]]:
    with group.connect(who) as conn:
        return conn.execute(sql).fetchall()


def test_a_member_cannot_change_or_delete_another_members_progress(group: Group) -> None:
    alice = group.names["alice"]
    mine = f"SELECT paper_id, status FROM readinglist.progress WHERE member = '{alice}'"
    before = rows(group, "alice", mine)
    assert ("noted",) in [(status,) for _, status in before]
    with group.connect("bob") as conn:
        changed = conn.execute(
            f"UPDATE readinglist.progress SET status = 'unread' WHERE member = '{alice}'"
        )
        assert changed.rowcount == 0
        stolen = conn.execute(
            f"UPDATE readinglist.progress SET member = current_user WHERE member = '{alice}'"
        )
        assert stolen.rowcount == 0
        deleted = conn.execute(f"DELETE FROM readinglist.progress WHERE member = '{alice}'")
        assert deleted.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO readinglist.progress (paper_id, member, status) "
                f"SELECT id, '{alice}', 'unread' FROM readinglist.paper LIMIT 1"
            )
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(f"UPDATE readinglist.progress SET member = '{alice}'")
    assert rows(group, "alice", mine) == before


def test_a_member_cannot_delete_shared_papers_lists_or_tags(group: Group) -> None:
    for table in ("paper", "reading_list", "tag"):
        with group.connect("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"DELETE FROM readinglist.{table}")
    with group.connect("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE readinglist.paper SET seq = 0, added_by = 'nobody'")
    with group.connect("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO readinglist.removal (kind, ref) VALUES ('paper', 1)")
    with group.connect("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(f"INSERT INTO readinglist.member (role) VALUES ('{group.names['mallory']}')")
    assert rows(group, "alice", "SELECT count(*) FROM readinglist.paper") == [(4,)]
    with group.connect("bob") as conn:
        conn.execute("UPDATE readinglist.paper SET venue = 'edited' WHERE id = 1")
        conn.commit()
    assert rows(group, "alice", "SELECT venue FROM readinglist.paper WHERE id = 1") == [("edited",)]


def test_private_notes_stay_private_and_a_non_member_reads_nothing(group: Group) -> None:
    assert rows(group, "bob", "SELECT member FROM readinglist.note") == []
    for table in ("paper", "progress", "member", "group_info"):
        with group.connect("mallory") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"SELECT * FROM readinglist.{table}")


def test_only_the_owner_adds_members_and_a_removed_member_reads_nothing(
    group: Group, tmp_path: Path
) -> None:
    with (
        Library.open(tmp_path / "bob") as bob,
        pytest.raises(GroupError, match="only the group's owner"),
    ):
        members.add_member(bob, group.names["mallory"])
    with Library.open(tmp_path / "alice") as alice:
        assert members.remove_member(alice, group.names["carol"])
        with pytest.raises(GroupError, match="no role named"):
            members.add_member(alice, "nobody_at_all")
    with group.connect("carol") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM readinglist.paper")


def test_a_non_member_joining_is_told_so_and_nothing_is_written(
    group: Group, tmp_path: Path
) -> None:
    folder = tmp_path / "mallory"
    with Library.open(folder) as mallory:
        mallory.import_batch(sample_batch())
    before = (folder / DATABASE_NAME).read_bytes()
    with (
        Library.open(folder) as mallory,
        pytest.raises(GroupError, match=f"{group.names['mallory']} is not a member"),
    ):
        sync.join(mallory, group.url("mallory"))
    assert (folder / DATABASE_NAME).read_bytes() == before


def test_a_group_from_a_newer_app_is_refused_untouched(group: Group, tmp_path: Path) -> None:
    with group.connect("alice") as conn:
        conn.execute("UPDATE readinglist.group_info SET value = '99' WHERE key = 'schema_version'")
        conn.commit()
    before = rows(group, "alice", "SELECT max(seq) FROM readinglist.paper")
    with Library.open(tmp_path / "bob") as bob:
        bob.set_status([2], Status.NOTED)
        with bob.engine.connect() as conn:
            meta_before = conn.exec_driver_sql("SELECT * FROM library_meta ORDER BY key").all()
        with pytest.raises(GroupError, match="newer readinglist-gui"):
            sync.sync_once(bob)
        with bob.engine.connect() as conn:
            assert (
                conn.exec_driver_sql("SELECT * FROM library_meta ORDER BY key").all() == meta_before
            )
    with Library.open(tmp_path / "new") as fresh:
        with pytest.raises(GroupError, match="newer readinglist-gui"):
            sync.join(fresh, group.url("carol"))
        assert fresh.count() == 0
    assert rows(group, "alice", "SELECT max(seq) FROM readinglist.paper") == before
