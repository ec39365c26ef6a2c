"""Sidebar counts from the search index's sets agree with counting the source tables by hand."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter

import pytest

from readinglist_gui.core.library import Library, PaperQuery, SortKey
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
    Status,
)


def generated(tag_count: int, papers: int = 400, seed: int = 7) -> RecordBatch:
    """Papers with 0-4 of ``tag_count`` tags; "common" is in nine papers of ten."""
    rng = random.Random(seed)
    tags = [f"tag-{n:03d}" for n in range(tag_count)]
    records = []
    for n in range(papers):
        words = ["common"] if n % 10 else []
        if n % 7 == 0:
            words.append("rare")
        if n % 2:
            words.append("middle")
        records.append(
            PaperRecord(
                title=f"Paper {n} about " + " ".join(words),
                tags=rng.sample(tags, rng.randint(0, 4)),
                status=list(Status)[n % 3],
            )
        )
    sections = [
        SectionRecord(heading=f"Week {w}", entries=[EntryRecord(paper=p) for p in range(w, 60, 3)])
        for w in range(3)
    ]
    return RecordBatch(papers=records, lists=[ListRecord(name="Course", sections=sections)])


def by_hand(library: Library, query: PaperQuery, *, sidebar: bool = False) -> tuple[dict, dict]:
    """Counts from ``paper`` and ``paper_tag`` directly, for the ids the query matches."""
    status_query = PaperQuery(
        text=query.text,
        tags=query.tags,
        tag_mode=query.tag_mode,
        list_id=None if sidebar else query.list_id,
        section_id=None if sidebar else query.section_id,
    )
    with sqlite3.connect(library.database_path) as raw:
        status_of = dict(raw.execute("SELECT id, status FROM paper"))
        tags_of: dict[int, list[int]] = {}
        for paper_id, tag_id in raw.execute("SELECT paper_id, tag_id FROM paper_tag"):
            tags_of.setdefault(paper_id, []).append(tag_id)
    raw.close()
    statuses = Counter(Status(status_of[i]) for i in library.ids(status_query))
    tags = Counter(t for i in library.ids(query) for t in tags_of.get(i, []))
    return {s: statuses[s] for s in Status}, dict(tags)


def assert_counts_match(library: Library, query: PaperQuery, *, sidebar: bool = False) -> None:
    view = library.view(query, sidebar=sidebar)
    statuses, tags = by_hand(library, query, sidebar=sidebar)
    assert view.status_counts == statuses
    assert {t.id: t.count for t in view.tag_counts if t.count} == tags


QUERIES = [
    PaperQuery(),
    PaperQuery(text="common"),
    PaperQuery(text="rare"),
    PaperQuery(text="middle"),
    PaperQuery(text="common", statuses=frozenset({Status.NOTED})),
    PaperQuery(statuses=frozenset({Status.UNREAD, Status.SKIMMED})),
    PaperQuery(tags=("tag-001",)),
    PaperQuery(tags=("tag-001", "tag-002"), tag_mode="any"),
    PaperQuery(text="common", tags=("tag-003",), statuses=frozenset({Status.SKIMMED})),
]


@pytest.mark.parametrize("tag_count", [12, 90], ids=["str.count per tag", "one Counter pass"])
def test_counts_agree_with_the_source_tables(library: Library, tag_count: int) -> None:
    library.import_batch(generated(tag_count))
    course = library.find_list("Course")
    assert course is not None
    listed = [
        PaperQuery(list_id=course.id),
        PaperQuery(list_id=course.id, text="middle", statuses=frozenset({Status.UNREAD})),
        PaperQuery(section_id=course.sections[1].id, statuses=frozenset({Status.NOTED})),
    ]
    for query in QUERIES + listed:
        assert_counts_match(library, query)
    for query in listed:
        assert_counts_match(library, query, sidebar=True)


def test_counts_follow_every_kind_of_write(library: Library) -> None:
    library.import_batch(generated(20, papers=120))
    ids = library.ids()
    library.add_tags(ids[:30], ["fresh", "tag-001"])
    library.remove_tags(ids[20:50], ["tag-002"])
    library.rename_tag("tag-003", "tag-004")
    library.rename_tag("fresh", "renamed")
    library.set_status(ids[::5], Status.NOTED)
    library.set_note(ids[1], "some notes")
    library.record_reading(ids[2], page=3, page_count=10, pages_seen=4)
    library.delete_papers(ids[-10:])
    library.import_batch(RecordBatch(papers=[PaperRecord(title="Late", tags=["tag-001"])]))
    for query in QUERIES:
        assert_counts_match(library, query)


def test_a_status_written_by_another_program_is_counted(library: Library) -> None:
    library.import_batch(generated(5, papers=50))
    with sqlite3.connect(library.database_path) as other:
        other.execute("UPDATE paper SET status = 'noted' WHERE id % 2 = 0")
    other.close()
    assert_counts_match(library, PaperQuery())
    assert_counts_match(library, PaperQuery(text="common"))


def test_writes_by_another_program_count_before_any_catch_up(library: Library) -> None:
    """Triggers note what another program changed; reads correct the sets for it."""
    library.import_batch(generated(6, papers=60))
    with sqlite3.connect(library.database_path) as other:
        other.execute("PRAGMA foreign_keys = ON")
        other.execute("UPDATE paper SET title = 'Zeppelin common' WHERE id = 3")
        other.execute(
            "INSERT INTO paper (id, title, title_key, abstract, added_at, updated_at, status) "
            "VALUES (999, 'Quokka common', 'quokka common', '', '2030-01-01 00:00:00', "
            "'2030-01-01 00:00:00', 'skimmed')"
        )
        other.execute("INSERT INTO note (paper_id, markdown, updated_at) VALUES (5, 'wombat', '')")
        other.execute("DELETE FROM paper WHERE id = 7")
        other.execute("INSERT INTO paper_tag SELECT 999, id FROM tag WHERE name = 'tag-001'")
    other.close()
    assert {row.id for row in library.page(PaperQuery(text="zep")).rows} == {3}
    assert {row.id for row in library.page(PaperQuery(text="quok")).rows} == {999}
    assert {row.id for row in library.page(PaperQuery(text="womb")).rows} == {5}
    assert 7 not in library.ids(PaperQuery(text="common"))
    for query in [*QUERIES, PaperQuery(text="common", sort=SortKey.TITLE)]:
        assert_counts_match(library, query)
    library.set_status([1], Status.NOTED)  # any write folds the notes in
    assert {row.id for row in library.page(PaperQuery(text="quok")).rows} == {999}
    for query in QUERIES:
        assert_counts_match(library, query)
