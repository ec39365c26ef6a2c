"""Every answer of the search engine equals a plain-Python oracle's, on random libraries.

Hypothesis makes libraries (titles, authors, abstracts, notes, tags, statuses,
reading lists with sections) and queries (words, prefixes, quotes and odd
characters, tags all/any, statuses, lists and sections, selections, every
sort order and direction, offsets), then edits the library, through
``Library`` and behind its back with raw SQL, and asks again. The oracle reads
the same rows with plain ``sqlite3`` and filters, sorts and counts them by the
documented rules alone (``core/search/words.py``, the README), never through
the engine's code.

The engine's thresholds are drawn too, so plans that only kick in for large
libraries (stored prefix sets, walking a sort index) run on small ones.

``READINGLIST_ORACLE_EXAMPLES`` sets the number of libraries (25 in CI; a
nightly-sized local run: ``READINGLIST_ORACLE_EXAMPLES=2000``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist_gui.core.library import Library, PaperQuery, SortKey
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
    Status,
)
from readinglist_gui.core.search import plan

EXAMPLES = int(os.environ.get("READINGLIST_ORACLE_EXAMPLES", "25"))

# ---------------------------------------------------------------------------
# The oracle: the documented rules, written out naively.


def oracle_words(text: str) -> list[str]:
    """Runs of letters and digits, compared without case and without diacritics."""
    folded = unicodedata.normalize("NFD", text.casefold())
    kept = "".join(ch for ch in folded if not unicodedata.category(ch).startswith("M"))
    found, current = [], ""
    for ch in kept:
        if ch.isalnum():
            current += ch
        else:
            if current:
                found.append(current)
            current = ""
    if current:
        found.append(current)
    return found


@dataclass
class OraclePaper:
    id: int
    title_key: str
    authors_json: str
    year: int | None
    status: str
    tags_label: str
    place_label: str
    added: str
    words: set[str]
    tag_keys: set[str]
    entries: list[tuple[int, int | None, int]]
    """(list id, section id, position)"""


class Oracle:
    def __init__(self, path: Path) -> None:
        db = sqlite3.connect(path)
        try:
            self.tags = db.execute("SELECT id, name, color, name_key FROM tag").fetchall()
            self.tags.sort(key=lambda t: t[3])
            tag_words = {tag_id: set(oracle_words(name)) for tag_id, name, _, _ in self.tags}
            key_of = {tag_id: key for tag_id, _, _, key in self.tags}
            carried: dict[int, set[int]] = {}
            for paper_id, tag_id in db.execute("SELECT paper_id, tag_id FROM paper_tag"):
                carried.setdefault(paper_id, set()).add(tag_id)
            notes = dict(db.execute("SELECT paper_id, markdown FROM note"))
            entries: dict[int, list[tuple[int, int | None, int]]] = {}
            for paper_id, list_id, section_id, position in db.execute(
                "SELECT paper_id, list_id, section_id, position FROM entry"
            ):
                entries.setdefault(paper_id, []).append((list_id, section_id, position))
            self.papers: list[OraclePaper] = []
            for row in db.execute(
                "SELECT id, title, title_key, authors, abstract, year, status, tags_label, "
                "place_label, added_at FROM paper"
            ):
                paper_id, title, key, authors, abstract, year, status, label, place, added = row
                texts = [title, *json.loads(authors), abstract, notes.get(paper_id, "")]
                words = {w for text in texts for w in oracle_words(text)}
                tags = carried.get(paper_id, set())
                for tag_id in tags:
                    words |= tag_words[tag_id]
                self.papers.append(
                    OraclePaper(
                        paper_id,
                        key,
                        authors,
                        year,
                        status,
                        label,
                        place,
                        added,
                        words,
                        {key_of[t] for t in tags},
                        entries.get(paper_id, []),
                    )
                )
        finally:
            db.close()

    def matches(
        self, paper: OraclePaper, query: PaperQuery, *, statuses: bool = True, lists: bool = True
    ) -> bool:
        for typed in oracle_words(query.text):
            if not any(word.startswith(typed) for word in paper.words):
                return False
        keys = {name.strip().casefold() for name in query.tags if name.strip()}
        if keys:
            if query.tag_mode == "all" and not keys <= paper.tag_keys:
                return False
            if query.tag_mode == "any" and not keys & paper.tag_keys:
                return False
        if statuses and query.statuses and paper.status not in {s.value for s in query.statuses}:
            return False
        if lists and query.section_id is not None:
            listed = any(section == query.section_id for _, section, _ in paper.entries)
        elif lists and query.list_id is not None:
            listed = any(list_id == query.list_id for list_id, _, _ in paper.entries)
        else:
            listed = True
        return listed and (query.ids is None or paper.id in query.ids)

    def ids(self, query: PaperQuery) -> list[int]:
        found = [p for p in self.papers if self.matches(p, query)]

        def key(paper: OraclePaper) -> tuple[object, ...]:
            if query.sort is SortKey.POSITION and query.list_id is not None:
                positions = [pos for lid, _, pos in paper.entries if lid == query.list_id]
                value: object = min(positions) if positions else None
            else:
                value = {
                    SortKey.TITLE: paper.title_key,
                    SortKey.AUTHORS: paper.authors_json,
                    SortKey.YEAR: paper.year,
                    SortKey.STATUS: paper.status,
                    SortKey.TAGS: paper.tags_label,
                    SortKey.PLACE: paper.place_label,
                }.get(query.sort, paper.added)
            # SQLite sorts NULL first; text by code point, which is UTF-8 byte order.
            return (value is not None, value if value is not None else 0, paper.id)

        ordered = sorted(found, key=key)
        return [p.id for p in (reversed(ordered) if query.descending else ordered)]

    def status_counts(self, query: PaperQuery, *, sidebar: bool = False) -> dict[Status, int]:
        return {
            status: sum(
                1
                for p in self.papers
                if p.status == status.value
                and self.matches(p, query, statuses=False, lists=not sidebar)
            )
            for status in Status
        }

    def tag_counts(self, query: PaperQuery) -> list[tuple[int, str, str | None, int]]:
        found = [p for p in self.papers if self.matches(p, query)]
        return [
            (tag_id, name, color, sum(1 for p in found if key in p.tag_keys))
            for tag_id, name, color, key in self.tags
        ]


# ---------------------------------------------------------------------------
# What Hypothesis draws.

SYLLABLES = ["ka", "kam", "lo", "att", "tra", "ns", "mem", "ef", "fic", "ïve", "Ré", "ZEN", "7"]
ODD = [
    "straße",
    "Über",
    "naïve",
    "café",
    "e\u0301cole",
    "Ωmega",
    "данные",
    "数据",
    "x_y",
    "don't",
    '"quoted phrase"',
    "(a OR b)",
    "NEAR(",
    "*",
    "-",
    "💥",
    "İstanbul",
    "ﬁne",
    "½",
    "\t",
]
TAGS = ["LLM", "Vision", "Deep RL", "Ünïcode Tag", "c++", "x_y", "Attention"]

word = st.builds("".join, st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=3))
phrase = st.builds(
    " ".join, st.lists(st.one_of(word, word, word, st.sampled_from(ODD)), max_size=6)
)
papers = st.lists(
    st.builds(
        PaperRecord,
        title=phrase,
        authors=st.lists(phrase, max_size=2),
        year=st.one_of(st.none(), st.integers(1990, 2030)),
        abstract=phrase,
        tags=st.lists(st.sampled_from(TAGS), max_size=3, unique=True),
        status=st.sampled_from(list(Status)),
        note=st.one_of(st.just(""), phrase),
    ),
    min_size=1,
    max_size=30,
)


@st.composite
def libraries(draw: st.DrawFn) -> RecordBatch:
    records = draw(papers)
    for number, record in enumerate(records):
        record.title = f"{record.title} n{number}"  # no two papers merge into one
    lists = []
    for list_number in range(draw(st.integers(0, 2))):
        sections = [
            SectionRecord(
                f"Week {s}",
                entries=[
                    EntryRecord(i)
                    for i in draw(st.lists(st.integers(0, len(records) - 1), max_size=5))
                ],
            )
            for s in range(draw(st.integers(1, 3)))
        ]
        lists.append(ListRecord(name=f"List {list_number}", sections=sections))
    return RecordBatch(papers=records, lists=lists)


@st.composite
def queries(draw: st.DrawFn, lists: list[tuple[int, list[int]]], ids: list[int]) -> PaperQuery:
    typed = draw(
        st.one_of(
            st.just(""),
            word,
            word.map(lambda w: w[: max(1, len(w) // 2)]),
            phrase,
            st.sampled_from(ODD),
            st.sampled_from(["vis", "Deep", "unic", "c", "x", "atten", "llm", "fresh"]),
            st.text(max_size=6),
        )
    )
    list_id = section_id = None
    if lists and draw(st.booleans()):
        list_id, sections = draw(st.sampled_from(lists))
        if sections and draw(st.booleans()):
            section_id = draw(st.sampled_from(sections))
            list_id = None if draw(st.booleans()) else list_id
    return PaperQuery(
        text=typed,
        tags=tuple(draw(st.lists(st.sampled_from([*TAGS, "nope", " llm "]), max_size=2))),
        tag_mode=draw(st.sampled_from(["all", "any"])),
        statuses=frozenset(draw(st.lists(st.sampled_from(list(Status)), max_size=2))),
        list_id=list_id,
        section_id=section_id,
        sort=draw(st.sampled_from(list(SortKey))),
        descending=draw(st.booleans()),
        ids=tuple(draw(st.lists(st.sampled_from(ids), max_size=8)))
        if ids and draw(st.integers(0, 4)) == 0
        else None,
    )


THRESHOLDS = st.fixed_dictionaries(
    {
        "PREFIX_WORDS": st.sampled_from([1, 2, 64, 10**9]),
        "PREFIX_BYTES": st.sampled_from([0, 1 << 20, 1 << 60]),
        "LOOKUP_COST": st.sampled_from([0, 1, 8, 10**9]),
        "REPLAN_FROM": st.sampled_from([0, 1000]),
        "REPLAN_SHARE": st.sampled_from([0.0, 0.1]),
        "FOLD_CHUNK": st.sampled_from([3, 20_000]),
        "FOLD_WORDS": st.sampled_from([1, 250_000]),
        "IDS_CHUNK": st.sampled_from([2, 5000]),
    }
)


@contextmanager
def thresholds(values: dict[str, float]) -> Iterator[None]:
    with ExitStack() as stack:
        for name, value in values.items():
            stack.enter_context(mock.patch.object(plan, name, value))
        yield


# ---------------------------------------------------------------------------
# The comparison.


def assert_agrees(library: Library, query: PaperQuery, offset: int, limit: int) -> None:
    oracle = Oracle(library.database_path)
    expected = oracle.ids(query)
    got = library.ids(query)
    if got != expected:
        import sqlite3 as _s

        from readinglist_gui.core.search.words import words as _w

        db = _s.connect(library.database_path)
        print("TYPED", _w(query.text))
        for p in oracle.papers:
            if (p.id in expected) != (p.id in got):
                print("PAPER", p.id, sorted(p.words))
                print(
                    "ROW",
                    db.execute(
                        "select title, authors, abstract from paper where id=?", (p.id,)
                    ).fetchall(),
                    db.execute("select markdown from note where paper_id=?", (p.id,)).fetchall(),
                )
        print(
            "STALE",
            db.execute("select * from search_stale").fetchall(),
            db.execute("select * from search_moved").fetchall(),
        )
        for t in _w(query.text):
            print(
                t,
                [
                    r[0]
                    for r in db.execute(
                        "select name from search_set where name >= ? and name < ?",
                        ("w:" + t, "w:" + t + "\U0010ffff"),
                    )
                ],
            )
    assert got == expected, query
    assert library.count(query) == len(expected)
    page = library.page(query, offset, limit)
    assert (page.total, [r.id for r in page.rows]) == (len(expected), expected[offset:][:limit])
    assert [r.id for r in library.head(query, limit)] == expected[:limit]
    for sidebar in (False, True):
        view = library.view(query, offset, limit, sidebar=sidebar)
        assert view.total == len(expected)
        assert [r.id for r in view.rows] == expected[offset:][:limit]
        assert view.status_counts == oracle.status_counts(query, sidebar=sidebar), query
        assert [(t.id, t.name, t.color, t.count) for t in view.tag_counts] == oracle.tag_counts(
            query
        )
    assert library.status_counts(query) == oracle.status_counts(query)
    streamed = [row.id for chunk in library.stream(query, chunk=3) for row in chunk]
    assert streamed == expected


def edit(library: Library, data: st.DataObject) -> None:
    """A few writes through the library, or behind its back with raw SQL."""
    ids = library.ids()
    if not ids:
        return
    some = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4))
    kind = data.draw(st.integers(0, 7))
    if kind == 0:
        library.set_status(some, data.draw(st.sampled_from(list(Status))))
    elif kind == 1:
        library.add_tags(some, data.draw(st.lists(st.sampled_from([*TAGS, "Fresh"]), max_size=2)))
    elif kind == 2:
        library.remove_tags(some, data.draw(st.lists(st.sampled_from(TAGS), max_size=2)))
    elif kind == 3:
        library.set_note(some[0], data.draw(phrase))
    elif kind == 4:
        library.update_fields(some[0], title=data.draw(phrase) + " edited")
    elif kind == 5:
        library.delete_papers(some)
    elif kind == 6 and library.tags():
        library.rename_tag(data.draw(st.sampled_from(library.tags())).name, data.draw(word))
    else:
        raw = sqlite3.connect(library.database_path)
        raw.execute("PRAGMA foreign_keys = ON")
        with raw:
            raw.execute(
                "UPDATE paper SET abstract = ?, status = ? WHERE id = ?",
                (data.draw(phrase), data.draw(st.sampled_from(list(Status))).value, some[0]),
            )
            raw.execute("DELETE FROM paper_tag WHERE paper_id = ?", (some[-1],))
            raw.execute("DELETE FROM note WHERE paper_id = ?", (some[0],))
        raw.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(batch=libraries(), limits=THRESHOLDS, data=st.data())
def test_every_answer_equals_the_oracle(
    batch: RecordBatch, limits: dict[str, float], data: st.DataObject
) -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        thresholds(limits),
        Library.open(Path(tmp) / "lib") as library,
    ):
        library.import_batch(batch)
        for _round in range(3):
            listed = [(info.id, [s.id for s in info.sections]) for info in library.lists()]
            for _ in range(data.draw(st.integers(1, 3))):
                query = data.draw(queries(listed, library.ids()))
                offset = data.draw(st.sampled_from([0, 0, 1, 5]))
                limit = data.draw(st.sampled_from([1, 3, 200]))
                assert_agrees(library, query, offset, limit)
                assert_agrees(library, replace(query, descending=not query.descending), 0, 7)
                edit(library, data)


def test_the_oracle_splits_words_as_documented() -> None:
    """The rules the oracle stands for, on the cases the README names."""
    assert oracle_words('Straße naïve "x_y" don\'t İstanbul ﬁne') == [
        "strasse",
        "naive",
        "x",
        "y",
        "don",
        "t",
        "istanbul",
        "fine",
    ]
