"""Sidebar counts from the facets table agree with counting the source tables by hand."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from readinglist_gui.core import facets
from readinglist_gui.core import query as q
from readinglist_gui.core.library import Library, PaperQuery, SortKey
from readinglist_gui.core.models import Paper
from readinglist_gui.core.records import (
    EntryRecord,
    ImportBatch,
    ListRecord,
    PaperRecord,
    SectionRecord,
    Status,
)
from readinglist_gui.core.sqlite_backend import TextIndex


def generated(tag_count: int, papers: int = 400, seed: int = 7) -> ImportBatch:
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
    return ImportBatch(papers=records, lists=[ListRecord(name="Course", sections=sections)])


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
    library.import_batch(ImportBatch(papers=[PaperRecord(title="Late", tags=["tag-001"])]))
    for query in QUERIES:
        assert_counts_match(library, query)


def test_a_status_written_by_another_program_is_counted(library: Library) -> None:
    library.import_batch(generated(5, papers=50))
    with sqlite3.connect(library.database_path) as other:
        other.execute("UPDATE paper SET status = 'noted' WHERE id % 2 = 0")
    other.close()
    assert_counts_match(library, PaperQuery())
    assert_counts_match(library, PaperQuery(text="common"))


TAG_IDS = st.integers(min_value=0, max_value=0x10FFFF - 0x100 - 0x800)


@given(TAG_IDS, TAG_IDS)
def test_every_tag_id_has_its_own_mark(first: int, second: int) -> None:
    mark = facets.mark(first)
    assert len(mark) == 1
    assert not 0xD800 <= ord(mark) < 0xE000, "no surrogates: they are not text"
    assert mark not in facets.STATUS_MARKS.values()
    assert (mark == facets.mark(second)) == (first == second)


def test_tallies_agree_whichever_way_they_count() -> None:
    joined = "".join(facets.mark(t) for t in [1, 5, 5, 0xD800 - 0x100, 9, 1, 5])
    few = facets.tally(joined, [1, 5, 9, 0xD800 - 0x100, 4])
    many = facets.tally(joined, range(200))
    assert few == {1: 2, 5: 3, 9: 1, 0xD800 - 0x100: 1, 4: 0}
    assert {t: n for t, n in many.items() if n} == {1: 2, 5: 3, 9: 1}


def test_a_search_matching_most_papers_is_answered_by_what_it_leaves_out(
    library: Library,
) -> None:
    """Rows, totals and ids agree with evaluating the same search as a list of its matches."""
    library.import_batch(generated(12))
    course = library.find_list("Course")
    assert course is not None
    with library.engine.connect() as conn:
        surveyed = {word: TextIndex.survey(conn, f'"{word}"*', 400) for word in ("common", "rare")}
        broad = q.Criteria(conn, PaperQuery(text="common"), surveyed["common"])
        assert broad.text_misses is not None and broad.text_hits is None
        narrow = q.Criteria(conn, PaperQuery(text="rare"), surveyed["rare"])
        assert narrow.text_hits is not None and narrow.text_misses is None
    for query in [
        PaperQuery(text="common"),
        PaperQuery(text="common", sort=SortKey.TITLE, descending=False),
        PaperQuery(text="common", tags=("tag-001",)),
        PaperQuery(text="common middle", statuses=frozenset({Status.SKIMMED})),
        PaperQuery(text="common", list_id=course.id),
        PaperQuery(text="common", tags=("tag-001", "tag-002"), tag_mode="any"),
    ]:
        with library.engine.connect() as conn:
            listed = q.Criteria(conn, query)
            expected = list(
                conn.execute(
                    select(Paper.id).where(*listed.where()).order_by(*q.order_by(query))
                ).scalars()
            )
        assert library.ids(query) == expected
        view = library.view(query, 0, 50)
        assert view.total == len(expected)
        assert [row.id for row in view.rows] == expected[:50]
