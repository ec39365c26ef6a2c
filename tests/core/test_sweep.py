"""A broad search's view from one pass over its matches equals the general answer."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from readinglist_gui.core import sqlite_backend, sweep
from readinglist_gui.core.library import Library, PaperQuery, SortKey
from readinglist_gui.core.records import ImportBatch, PaperRecord, Status

WORDS = ["graph", "kernel", "vision", "speech", "policy", "proof", "sparse", "memory"]


@pytest.fixture
def broad(library: Library, monkeypatch: pytest.MonkeyPatch) -> Library:
    """600 papers, searches matching from a third to four in five of them.

    The survey's sample shrinks with the library, so that searches this size
    count as broad, as searches of tens of thousands do at full size.
    """
    monkeypatch.setattr(sqlite_backend, "SAMPLE", 40)
    rng = random.Random(11)
    papers = []
    for n in range(600):
        words = rng.sample(WORDS, 3)
        words += ["common"] if n % 10 < 6 else []
        words += ["middle"] if n % 3 == 0 else []
        words += ["almost"] if n % 5 else []
        papers.append(
            PaperRecord(
                title=f"{rng.choice('ABCDEFGH')}{n:03d} " + " ".join(words),
                year=rng.randint(1990, 2025),
                tags=rng.sample([f"tag-{t}" for t in range(12)], rng.randint(0, 3)),
                status=rng.choice(list(Status)),
            )
        )
    library.import_batch(ImportBatch(papers=papers))
    return library


@contextmanager
def statements(library: Library) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(library.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(library.engine, "before_cursor_execute", note)


def assert_swept_like_the_general_answer(
    library: Library, query: PaperQuery, window: tuple[int, int] = (0, 50)
) -> list[str]:
    """The statements the view ran, once its answer is checked."""
    with statements(library) as seen:
        view = library.view(query, *window)
    assert not any(sqlite_backend.TextIndex.HITS in statement for statement in seen), (
        "answered the general way, not swept"
    )
    general = library.page(query, *window)
    assert view.total == general.total
    assert view.rows == general.rows
    assert view.status_counts == library.status_counts(query)
    assert view.tag_counts == library.tag_counts(query)
    return seen


SORTS = [
    (SortKey.ADDED, True),
    (SortKey.ADDED, False),
    (SortKey.TITLE, False),
    (SortKey.TITLE, True),
    (SortKey.YEAR, True),
    (SortKey.STATUS, False),
    (SortKey.TAGS, False),
]


@pytest.mark.parametrize("split", [False, True], ids=["one pass", "two halves"])
@pytest.mark.parametrize("text", ["com", "mid", "alm", "com mid", "common", "middle"])
def test_a_broad_search_is_swept_to_the_same_answer(
    broad: Library, monkeypatch: pytest.MonkeyPatch, text: str, split: bool
) -> None:
    """Searches swept over their matches ("mid") and over what they leave out
    ("com", "alm"), in every indexed order, each page, with a status filter.
    Only searches of prefixes the index keeps (three letters) are split."""
    monkeypatch.setattr(sweep, "SPLIT_FROM", 1 if split else 10**9)
    for sort, descending in SORTS:
        query = PaperQuery(text=text, sort=sort, descending=descending)
        seen = assert_swept_like_the_general_answer(broad, query)
        halves = sum("paper_fts.rowid BETWEEN" in statement for statement in seen)
        assert halves == (2 if split and len(text.split()[0]) == 3 else 0)
        assert_swept_like_the_general_answer(broad, query, (60, 25))
    for statuses in ({Status.UNREAD}, {Status.SKIMMED, Status.NOTED}):
        query = PaperQuery(text=text, statuses=frozenset(statuses), sort=SortKey.TITLE)
        assert_swept_like_the_general_answer(broad, query)


def test_a_status_no_paper_has_sweeps_to_an_empty_page(broad: Library) -> None:
    broad.set_status(broad.ids(), Status.UNREAD)
    query = PaperQuery(text="middle", statuses=frozenset({Status.NOTED}))
    assert_swept_like_the_general_answer(broad, query)
    assert broad.view(query).total == 0


def test_candidates_that_fall_short_leave_the_answer_to_the_general_way(
    broad: Library,
) -> None:
    """Matches spread evenly by id but all at the end of the sort order: the
    candidates the survey's share calls for hold none of them."""
    late = [PaperRecord(title=f"Zz {n} lateword", year=1900) for n in range(300)]
    broad.import_batch(ImportBatch(papers=late))
    query = PaperQuery(text="lateword", sort=SortKey.TITLE, descending=False)
    with statements(broad) as seen:
        view = broad.view(query, 0, 50)
    assert any(sqlite_backend.TextIndex.HITS in statement for statement in seen)
    general = broad.page(query, 0, 50)
    assert view.total == general.total == 300
    assert view.rows == general.rows
    assert all("lateword" in row.title for row in view.rows)


def test_an_edit_between_views_shows_in_the_next_sweep(broad: Library) -> None:
    query = PaperQuery(text="middle")
    before = broad.view(query, 0, 10)
    newest = before.rows[0].id
    broad.set_status([newest], Status.NOTED)
    broad.add_tags([newest], ["fresh"])
    after = broad.view(query, 0, 10)
    assert after.rows[0].status is Status.NOTED
    assert after.status_counts == broad.status_counts(query)
    assert {t.name: t.count for t in after.tag_counts}["fresh"] == 1
