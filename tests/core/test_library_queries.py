"""Filtering, sorting, paging and counting through the one Library API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from readinglist_gui.core.library import Interrupted, Library, PaperQuery, SortKey
from readinglist_gui.core.records import PaperRecord, RecordBatch, Status

TITLES = {
    "attention": "Attention Is All You Need",
    "paged": "Efficient Memory Management for Large Language Model Serving with PagedAttention",
    "deepseek": "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model",
    "resnet": "Deep Residual Learning for Image Recognition",
}


def titles(library: Library, query: PaperQuery) -> set[str]:
    return {row.title for row in library.page(query).rows}


def test_everything_is_listed_newest_first_by_default(filled: Library) -> None:
    page = filled.page(PaperQuery())
    assert page.total == 4
    assert page.rows[0].title == TITLES["resnet"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("attention", {"attention"}),
        ("atten", {"attention"}),
        ("pagedatt", {"paged"}),
        ("vaswani", {"attention"}),
        ("sequence transduction", {"attention"}),
        ("virtual memory", {"paged"}),
        ("moe", {"deepseek"}),
        ("deep", {"deepseek", "resnet"}),
        ("DEEPSEEK v2", {"deepseek"}),
        ("nothing-matches-this", set()),
    ],
)
def test_text_search_covers_title_authors_abstract_notes_and_tags(
    filled: Library, text: str, expected: set[str]
) -> None:
    assert titles(filled, PaperQuery(text=text)) == {TITLES[k] for k in expected}


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        "'",
        "(",
        ")",
        "*",
        "NEAR(",
        "AND",
        "OR NOT",
        "title:",
        "^",
        '"unbalanced',
        "a OR",
        "-",
        "\x00",
        "%_",
        "'; DROP TABLE paper; --",
        "{title}: x",
        "💥",
        'attention"* OR "',
        " " * 50,
        "x" * 10_000,
    ],
)
def test_any_text_the_user_types_is_safe(filled: Library, hostile: str) -> None:
    page = filled.page(PaperQuery(text=hostile))
    assert page.total == len(page.rows)
    assert filled.count(PaperQuery()) == 4


@pytest.mark.parametrize(
    "typed", ["r", "Rea", "READINGLIST", "réad", "_rea", "x_rea", "every", "reading pap", "rea _"]
)
def test_the_index_word_every_paper_carries_is_never_found(library: Library, typed: str) -> None:
    """The index once gave each paper a constant word (``readinglisteverypaper``) for
    "every paper NOT the search"; no hidden word may ever be found by typing."""
    library.import_batch(RecordBatch(papers=[PaperRecord(title="Zebra crossings", tags=["x"])]))
    assert library.view(PaperQuery(text="zeb")).total == 1
    found = library.view(PaperQuery(text=typed))
    assert {row.title for row in found.rows} == set()
    assert found.total == 0 == sum(found.status_counts.values())


def test_tags_all_of_and_any_of(filled: Library) -> None:
    assert titles(filled, PaperQuery(tags=("LLM", "MoE"))) == {TITLES["deepseek"]}
    assert titles(filled, PaperQuery(tags=("llm", "moe"), tag_mode="any")) == {
        TITLES["paged"],
        TITLES["deepseek"],
    }
    assert titles(filled, PaperQuery(tags=("LLM", "no such tag"))) == set()
    assert titles(filled, PaperQuery(tags=("Vision", "no such tag"), tag_mode="any")) == {
        TITLES["resnet"]
    }


def test_status_filter_and_counts(filled: Library) -> None:
    assert titles(filled, PaperQuery(statuses=frozenset({Status.NOTED}))) == {TITLES["paged"]}
    counts = filled.status_counts(PaperQuery(statuses=frozenset({Status.NOTED})))
    assert counts == {Status.UNREAD: 3, Status.SKIMMED: 0, Status.NOTED: 1}


def test_list_and_section_filters_keep_list_order(filled: Library) -> None:
    course = filled.find_list("llm course")
    assert course is not None
    query = PaperQuery(list_id=course.id, sort=SortKey.POSITION, descending=False)
    assert [r.title for r in filled.page(query).rows] == [
        TITLES["attention"],
        TITLES["paged"],
        TITLES["deepseek"],
    ]
    serving = course.sections[1]
    assert titles(filled, PaperQuery(section_id=serving.id)) == {
        TITLES["paged"],
        TITLES["deepseek"],
    }


def test_list_progress_counts_read_papers(filled: Library) -> None:
    course = filled.find_list("LLM Course")
    assert course is not None
    assert (course.total, course.read) == (3, 1)
    assert [(s.heading, s.total, s.read) for s in course.sections] == [
        ("Week 1-1: Foundations", 1, 0),
        ("Week 1-2: Serving", 2, 1),
        ("Week 2-1: Recess", 0, 0),
    ]


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        (SortKey.TITLE, "attention"),
        (SortKey.YEAR, "resnet"),
        (SortKey.TAGS, "deepseek"),
        (SortKey.STATUS, "paged"),
    ],
)
def test_sort_by_columns_in_sql(filled: Library, sort: SortKey, first: str) -> None:
    rows = filled.page(PaperQuery(sort=sort, descending=False)).rows
    assert rows[0].title == TITLES[first]
    reverse = filled.page(PaperQuery(sort=sort, descending=True)).rows
    assert [r.id for r in reverse] == [r.id for r in reversed(rows)]


def test_paging_and_ids_agree(filled: Library) -> None:
    query = PaperQuery(sort=SortKey.TITLE, descending=False)
    ids = filled.ids(query)
    first, second = filled.page(query, 0, 2), filled.page(query, 2, 2)
    assert [r.id for r in first.rows + second.rows] == ids
    assert [r.id for r in filled.rows(list(reversed(ids)))] == list(reversed(ids))


def test_tag_counts_follow_the_current_filter(filled: Library) -> None:
    all_counts = {t.name: t.count for t in filled.tag_counts(PaperQuery())}
    assert all_counts == {
        "LLM": 2,
        "MoE": 1,
        "NLP": 1,
        "Systems": 1,
        "Transformers": 1,
        "Vision": 1,
    }
    llm = {t.name: t.count for t in filled.tag_counts(PaperQuery(tags=("LLM",)))}
    assert llm["LLM"] == 2 and llm["MoE"] == 1 and llm["Vision"] == 0


def test_rows_are_light_and_labelled(filled: Library) -> None:
    query = replace(PaperQuery(), text="pagedattention")
    (row,) = filled.page(query).rows
    assert row.status is Status.NOTED
    assert row.tags == "LLM, Systems"
    assert row.place == "LLM Course — Week 1-2: Serving"
    assert row.authors == "Woosuk Kwon"


@pytest.mark.parametrize("lookup_cost", [0, 10**9], ids=["sort matches", "walk sort index"])
def test_view_is_consistent_across_both_query_plans(
    library: Library, monkeypatch: pytest.MonkeyPatch, lookup_cost: int
) -> None:
    """Broad filters walk the sort index, narrow ones sort their matches: same answers."""
    from readinglist_gui.core.records import PaperRecord, RecordBatch
    from readinglist_gui.core.search import plan

    monkeypatch.setattr(plan, "LOOKUP_COST", lookup_cost)
    size = 2600
    batch = RecordBatch(
        papers=[
            PaperRecord(
                title=f"Paper {n:05d} {'common' if n % 5 else 'rare'}",
                year=2000 + n % 20,
                tags=["Even" if n % 2 == 0 else "Odd", *(["Seven"] if n % 7 == 0 else [])],
            )
            for n in range(size)
        ]
    )
    library.import_batch(batch)
    library.set_status(library.ids(PaperQuery(tags=("Seven",))), Status.SKIMMED)
    for query in (
        PaperQuery(text="common", sort=SortKey.YEAR, descending=False),
        PaperQuery(text="rare", sort=SortKey.TITLE),
        PaperQuery(tags=("Even",), sort=SortKey.TITLE, descending=False),
        PaperQuery(tags=("Seven", "Odd"), tag_mode="any", statuses=frozenset({Status.UNREAD})),
    ):
        view = library.view(query, 0, 50)
        every = library.ids(query)
        assert view.total == len(every) == library.count(query)
        assert [r.id for r in view.rows] == every[:50]
        assert view.status_counts == library.status_counts(query)
        assert view.tag_counts == library.tag_counts(query)
        tagged = {t.name: t.count for t in view.tag_counts}
        expected = {
            name: len(set(every) & set(library.ids(PaperQuery(tags=(name,)))))
            for name in ("Even", "Odd", "Seven")
        }
        assert tagged == expected
        base = set(library.ids(replace(query, statuses=frozenset())))
        by_status = {
            status: len(base & set(library.ids(PaperQuery(statuses=frozenset({status})))))
            for status in Status
        }
        assert view.status_counts == by_status
    assert library.view(PaperQuery(text="common")).total == size - size // 5


def test_a_selection_larger_than_sqlites_parameter_limit(library: Library) -> None:
    from readinglist_gui.core.records import PaperRecord, RecordBatch

    library.import_batch(RecordBatch(papers=[PaperRecord(title=f"P{n}") for n in range(40_000)]))
    every = library.ids(PaperQuery(sort=SortKey.TITLE))
    selection = PaperQuery(ids=tuple(every[:35_000]))
    assert library.count(selection) == 35_000
    assert len(library.export_batch(selection).papers) == 35_000


def test_cached_counts_follow_every_commit_even_from_another_process(
    filled: Library, tmp_path: Path
) -> None:
    """The unfiltered and status-only counts are cached until anyone writes."""
    import sqlite3

    before = filled.view(PaperQuery())
    assert before.status_counts[Status.SKIMMED] == 0
    first = filled.ids()[0]
    filled.set_status([first], Status.SKIMMED)
    after = filled.view(PaperQuery(statuses=frozenset({Status.SKIMMED})))
    assert after.total == 1
    assert after.status_counts[Status.SKIMMED] == 1
    with sqlite3.connect(filled.database_path) as other:
        other.execute("UPDATE paper SET status = 'skimmed'")
    other.close()
    assert filled.view(PaperQuery()).status_counts[Status.SKIMMED] == 4
    assert filled.view(PaperQuery(statuses=frozenset({Status.SKIMMED}))).total == 4
    assert {t.name: t.count for t in filled.tag_counts(PaperQuery())}["LLM"] == 2


def test_any_of_unknown_tags_matches_nothing(filled: Library) -> None:
    assert filled.count(PaperQuery(tags=("nope", "neither"), tag_mode="any")) == 0


def test_a_sidebar_view_sets_the_list_filter_aside_for_statuses(filled: Library) -> None:
    course = filled.find_list("LLM Course")
    assert course is not None
    query = PaperQuery(text="deep", list_id=course.id)
    view = filled.view(query, sidebar=True)
    assert view.status_counts == filled.status_counts(replace(query, list_id=None))
    assert view.tag_counts == filled.tag_counts(query)
    assert view.total == len(view.rows) == 1
    assert sum(view.status_counts.values()) == 2
    assert sum(t.count for t in view.tag_counts) == 2
    assert filled.view(query).status_counts == filled.status_counts(query)


def test_reading_ids_stops_when_asked(library: Library) -> None:
    """Ids come in chunks of thousands, and ``stop`` is asked before each."""
    library.import_batch(RecordBatch(papers=[PaperRecord(title=f"P {n}") for n in range(6_000)]))
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Interrupted):
        library.ids(stop=stop)
    assert len(asked) == 2
    assert len(library.ids(stop=lambda: False)) == library.count()


def statements_run(library: Library, action: Callable[[], object]) -> int:
    """How many SQL statements ``action`` sends to the database."""
    sent: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        sent.append(statement)

    event.listen(library.engine, "before_cursor_execute", note)
    try:
        action()
    finally:
        event.remove(library.engine, "before_cursor_execute", note)
    return len(sent)


def sets_read(library: Library, action: Callable[[], object]) -> int:
    """How many sets of the search index ``action`` loads from the database, as SQLite
    itself sees the statements (the index reads through the driver's own cursor)."""
    sent: list[str] = []

    def trace(statement: str) -> None:
        sent.extend([statement] if "SELECT name, papers FROM search_set" in statement else [])

    def on_checkout(dbapi_connection: Any, *_rest: object) -> None:
        dbapi_connection.set_trace_callback(trace)

    event.listen(library.engine, "checkout", on_checkout)
    try:
        action()
    finally:
        event.remove(library.engine, "checkout", on_checkout)
    return len(sent)


def test_warmed_status_views_only_read_their_rows(filled: Library) -> None:
    unread = PaperQuery(statuses=frozenset({Status.UNREAD}))
    filled.set_status([filled.ids()[0]], Status.NOTED)
    cold = sets_read(filled, lambda: filled.view(unread))
    filled.set_status([filled.ids()[-1]], Status.NOTED)
    filled.warm_counts()
    warm = sets_read(filled, lambda: filled.view(unread))
    assert warm == 0 < cold, "every set was loaded beforehand"
    with Library.open(filled.folder) as fresh:
        assert filled.view(unread) == fresh.view(unread)


def test_warming_stops_when_asked(filled: Library) -> None:
    assert statements_run(filled, lambda: filled.warm_counts(stop=lambda: True)) == 0


def test_any_of_two_tags_counts_a_paper_with_both_once(library: Library) -> None:
    library.import_batch(
        RecordBatch(
            papers=[
                PaperRecord(title="Both", tags=["a", "b"]),
                PaperRecord(title="Only a", tags=["a"]),
                PaperRecord(title="Neither"),
            ]
        )
    )
    query = PaperQuery(tags=("a", "b"), tag_mode="any")
    assert library.count(query) == library.view(query).total == len(library.ids(query)) == 2


def test_all_of_several_tags_needs_every_one(library: Library) -> None:
    library.import_batch(
        RecordBatch(
            papers=[
                PaperRecord(title="ABC", tags=["a", "b", "c"]),
                PaperRecord(title="BC", tags=["b", "c"]),
                PaperRecord(title="AC", tags=["a", "c"]),
                PaperRecord(title="A", tags=["a"]),
            ]
        )
    )

    def found(*tags: str) -> set[str]:
        query = PaperQuery(tags=tags)
        assert library.count(query) == library.view(query).total
        return {row.title for row in library.rows(library.ids(query))}

    assert found("a", "c") == {"ABC", "AC"}
    assert found("c", "b", "a") == {"ABC"}
    assert found("b", "a") == {"ABC"}
    assert found("a") == {"ABC", "AC", "A"}


def test_searches_whose_newest_matches_mislead_still_count_right(library: Library) -> None:
    """Whether a search is kept as its matches or as what it leaves out is guessed
    from its newest matches; a wrong guess must cost time only, never answers."""
    old, new = 3000, 2100
    library.import_batch(
        RecordBatch(
            papers=[
                PaperRecord(title=f"Alpha study {n}", tags=["Old", *(["Third"] if n % 3 else [])])
                for n in range(old)
            ]
            + [PaperRecord(title=f"Omega study {n}", tags=["New"]) for n in range(new)]
        )
    )
    size = old + new
    # "alpha" matches most papers, but its newest matches are outnumbered by the
    # omega papers added after them; "omega" matches few, all of them newest.
    for text, matched, tagged in (("alpha", old, "Old"), ("omega", new, "New")):
        view = library.view(PaperQuery(text=text), 0, 20, sidebar=True)
        assert view.total == matched == len(library.ids(PaperQuery(text=text)))
        counts = {t.name: t.count for t in view.tag_counts}
        assert counts[tagged] == matched
        assert counts["Third"] == (old - len(range(0, old, 3)) if text == "alpha" else 0)
        assert view.status_counts == {Status.UNREAD: matched, Status.SKIMMED: 0, Status.NOTED: 0}
        assert all(text in row.title.casefold() for row in view.rows)
    assert library.view(PaperQuery(text="study")).total == size


def test_the_head_of_a_view_is_its_first_page_without_counting_it(filled: Library) -> None:
    """Start-up shows ``head`` at once; counting every paper waits for the background."""
    for query in (
        PaperQuery(),
        PaperQuery(statuses=frozenset({Status.UNREAD}), sort=SortKey.TITLE),
        PaperQuery(tags=("LLM",)),
        PaperQuery(text="deep"),
    ):
        first = filled.page(query, 0, 2).rows
        assert first and filled.head(query, 2) == first
    counted: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        counted.extend([statement] if "count(" in statement.lower() else [])

    event.listen(filled.engine, "before_cursor_execute", note)
    try:
        filled.head(PaperQuery(sort=SortKey.YEAR))
        filled.head(PaperQuery(statuses=frozenset({Status.NOTED})))
    finally:
        event.remove(filled.engine, "before_cursor_execute", note)
    assert counted == []


def test_a_stream_reads_one_state_of_the_library_while_others_write(library: Library) -> None:
    """Rows streamed after another program deleted papers still come from the state
    the stream began in: every read is one transaction, the index's too."""
    import sqlite3

    library.import_batch(RecordBatch(papers=[PaperRecord(title=f"Alpha {n}") for n in range(30)]))
    chunks = library.stream(PaperQuery(text="alpha", sort=SortKey.TITLE), chunk=10)
    first = next(chunks)
    with sqlite3.connect(library.database_path) as other:
        other.execute("DELETE FROM paper")
    other.close()
    rest = [row for chunk in chunks for row in chunk]
    assert len(first) + len(rest) == 30
    assert library.count(PaperQuery(text="alpha")) == 0
