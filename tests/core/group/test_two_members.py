"""Two members of a reading group sharing papers, each keeping their own progress."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Group  # the group fixtures of this folder
from library_factory import sample_batch
from sqlalchemy import select

from readinglist_gui.core import library_meta
from readinglist_gui.core.group import members, progress, sync
from readinglist_gui.core.group.adopt import FROM_GROUP
from readinglist_gui.core.group.link_ops import ShareNote
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.models import ChangeLog
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
    Status,
)
from readinglist_gui.core.writes import ChangeSet, change_log
from readinglist_gui.core.writes.change_log import PUSHED


def by_arxiv(library: Library, arxiv_id: str) -> int:
    for row in library.page(PaperQuery(), limit=1000).rows:
        detail = library.paper(row.id)
        if detail is not None and detail.arxiv_id == arxiv_id:
            return row.id
    raise AssertionError(f"no paper {arxiv_id}")


@pytest.fixture
def pair(group_db: Group, tmp_path: Path) -> Iterator[tuple[Library, Library]]:
    """Alice owns a group made from the sample library; Bob joined it with an empty one."""
    alice = Library.open(tmp_path / "alice")
    bob = Library.open(tmp_path / "bob")
    alice.import_batch(sample_batch())
    sync.init(alice, group_db.url("alice"))
    assert members.add_member(alice, group_db.names["bob"])
    sync.join(bob, group_db.url("bob"))
    yield alice, bob
    alice.close()
    bob.close()


def test_a_member_joining_gets_every_paper_list_and_tag(pair: tuple[Library, Library]) -> None:
    alice, bob = pair
    assert bob.count() == alice.count() == 4
    assert {t.name for t in bob.tags()} == {t.name for t in alice.tags()}
    mine, theirs = alice.lists(), bob.lists()
    assert [(rl.name, rl.total, [s.heading for s in rl.sections]) for rl in theirs] == [
        (rl.name, rl.total, [s.heading for s in rl.sections]) for rl in mine
    ]
    paged = bob.paper(by_arxiv(bob, "2309.06180"))
    assert paged is not None
    assert paged.tags == ["LLM", "Systems"]
    assert paged.note == "", "Alice's note is hers alone until she shares it"
    assert paged.status is Status.UNREAD, "progress is each member's own"


def test_what_a_sync_only_copied_from_the_group_is_not_pushed_back(
    pair: tuple[Library, Library],
) -> None:
    _, bob = pair
    with bob.engine.connect() as conn:
        pushed = library_meta.get(conn, PUSHED)
        assert pushed is not None and int(pushed) == change_log.latest(conn)


def test_progress_and_edits_travel_both_ways(
    pair: tuple[Library, Library], group_db: Group
) -> None:
    alice, bob = pair
    b_paper = by_arxiv(bob, "1706.03762")
    bob.set_status([b_paper], Status.NOTED)
    bob.update_fields(b_paper, venue="NIPS 2017")
    bob.add_tags([b_paper], ["Classics"])
    sync.sync_once(bob)
    report = sync.sync_once(alice)
    assert report.pulled >= 1

    a_paper = by_arxiv(alice, "1706.03762")
    detail = alice.paper(a_paper)
    assert detail is not None
    assert detail.venue == "NIPS 2017"
    assert "Classics" in detail.tags
    assert detail.status is Status.UNREAD, "Bob's status is not Alice's"
    bob_role, alice_role = group_db.names["bob"], group_db.names["alice"]
    read = progress.read_by(alice, [a_paper])[a_paper]
    assert read.readers == (bob_role,) and read.members == 2
    assert read.label == "read by 1 of 2"

    alice.update_fields(a_paper, year=2018)
    alice.set_status([a_paper], Status.SKIMMED)
    sync.sync_once(alice)
    sync.sync_once(bob)
    mine = bob.paper(b_paper)
    assert mine is not None
    assert (mine.year, mine.venue, mine.status) == (2018, "NIPS 2017", Status.NOTED)
    rows = {row["arxiv_id"]: row for row in progress.progress(bob)}
    assert rows["1706.03762"]["members"] == {alice_role: "skimmed", bob_role: "noted"}


def test_two_members_editing_different_fields_both_keep_their_edit(
    pair: tuple[Library, Library],
) -> None:
    alice, bob = pair
    a_paper, b_paper = by_arxiv(alice, "2405.04434"), by_arxiv(bob, "2405.04434")
    alice.update_fields(a_paper, venue="arXiv")
    bob.update_fields(b_paper, abstract="A strong MoE model.")
    bob.add_tags([b_paper], ["Bob's picks"])
    alice.remove_tags([a_paper], ["MoE"])
    sync.sync_once(alice)
    sync.sync_once(bob)
    sync.sync_once(alice)
    for library, pid in ((alice, a_paper), (bob, b_paper)):
        detail = library.paper(pid)
        assert detail is not None
        assert (detail.venue, detail.abstract) == ("arXiv", "A strong MoE model.")
        assert detail.tags == ["Bob's picks", "LLM"]


def test_a_new_paper_from_one_member_reaches_the_other_in_its_list(
    pair: tuple[Library, Library],
) -> None:
    alice, bob = pair
    bob.add_paper(PaperRecord(title="Mamba", arxiv_id="2312.00752", tags=["SSM"]))
    sync.sync_once(bob)
    sync.sync_once(alice)
    found = by_arxiv(alice, "2312.00752")
    detail = alice.paper(found)
    assert detail is not None and detail.tags == ["SSM"]
    assert alice.count() == 5


def test_shared_notes_are_read_only_copies_under_the_authors_name(
    pair: tuple[Library, Library], group_db: Group
) -> None:
    alice, bob = pair
    a_paper = by_arxiv(alice, "2309.06180")
    b_paper = by_arxiv(bob, "2309.06180")
    sync.sync_once(bob)
    assert progress.shared_notes(bob, b_paper) == []
    alice.write(ShareNote(a_paper))
    sync.sync_once(alice)
    sync.sync_once(bob)
    notes = progress.shared_notes(bob, b_paper)
    assert [(n.author, n.markdown) for n in notes] == [
        (group_db.names["alice"], "Paged KV cache, like virtual memory.")
    ]
    detail = bob.paper(b_paper)
    assert detail is not None and detail.note == "", "a shared note is not Bob's own note"

    alice.write(ShareNote(a_paper, shared=False))
    sync.sync_once(alice)
    sync.sync_once(bob)
    assert progress.shared_notes(bob, b_paper) == []


def test_the_owners_deletion_reaches_members_and_a_members_stays_local(
    pair: tuple[Library, Library],
) -> None:
    alice, bob = pair
    alice.delete_papers([by_arxiv(alice, "2405.04434")])
    bob.delete_papers([by_arxiv(bob, "1706.03762")])
    sync.sync_once(alice)
    sync.sync_once(bob)
    sync.sync_once(alice)
    assert bob.count() == 2
    assert alice.count() == 3, "only the owner deletes papers from the group"
    by_arxiv(alice, "1706.03762")


def test_pulled_changes_come_through_the_write_path_marked_as_the_groups(
    pair: tuple[Library, Library],
) -> None:
    alice, bob = pair
    heard: list[ChangeSet] = []
    alice.listen(heard.append)
    b_paper = by_arxiv(bob, "1706.03762")
    bob.update_fields(b_paper, venue="NIPS")
    bob.set_status([b_paper], Status.SKIMMED)
    sync.sync_once(bob)
    with alice.engine.connect() as conn:
        before = conn.execute(select(ChangeLog.seq).order_by(ChangeLog.seq.desc())).first()
    sync.sync_once(alice)
    from_group = [c for c in heard if c.origin is FROM_GROUP and c]
    a_paper = by_arxiv(alice, "1706.03762")
    assert any(c.touches(c.of(a_paper)) and a_paper in c.papers for c in from_group)
    with alice.engine.connect() as conn:
        after = conn.execute(select(ChangeLog.seq).order_by(ChangeLog.seq.desc())).first()
    assert after != before, "the pull was logged like any other write"


def test_a_reading_list_changed_by_one_member_is_replaced_for_the_other(
    pair: tuple[Library, Library],
) -> None:
    alice, bob = pair
    batch = RecordBatch(
        papers=[PaperRecord(title="Attention Is All You Need", arxiv_id="1706.03762")],
        lists=[
            ListRecord(
                "LLM Course",
                sections=[SectionRecord("Week 1-1: Foundations", entries=[EntryRecord(0)])],
            )
        ],
    )
    alice.import_batch(batch)
    sync.sync_once(alice)
    sync.sync_once(bob)
    course = bob.find_list("LLM Course")
    assert course is not None
    assert [s.heading for s in course.sections] == ["Week 1-1: Foundations"]
    assert course.total == 1
