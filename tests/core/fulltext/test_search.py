"""Searching the text of PDFs: best pages first, 1-based pages, snippets, and any text is safe."""

from __future__ import annotations

from pathlib import Path

import pytest
from fulltext_pdfs import attach, pages_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist_gui.core.fulltext import sqlite_pages
from readinglist_gui.core.fulltext.indexer import Indexer
from readinglist_gui.core.fulltext.search import (
    group_by_paper,
    search,
    search_papers,
    terms,
    words,
)
from readinglist_gui.core.library import Library

FILLER = "Plain sentences about reading lists and papers fill the rest of this page. " * 6


@pytest.fixture
def indexed(library: Library, src: Path) -> dict[str, int]:
    ids = {
        "often": attach(
            library,
            pages_pdf(
                src / "often.pdf", [FILLER, "kernel kernel kernel kernel methods. " + FILLER]
            ),
        ),
        "once": attach(
            library,
            pages_pdf(src / "once.pdf", [FILLER + " one kernel here. " + FILLER, FILLER, FILLER]),
        ),
        "words": attach(
            library,
            pages_pdf(
                src / "words.pdf",
                ["Transformers beat recurrent networks.", 'A tr unit and an (odd) "quote".'],
            ),
        ),
    }
    Indexer(library).run()
    return ids


def test_the_page_with_more_matches_comes_first_and_pages_count_from_one(
    library: Library, indexed: dict[str, int]
) -> None:
    hits = search(library, "kernel")
    assert [(h.paper_id, h.page) for h in hits] == [(indexed["often"], 2), (indexed["once"], 1)]
    best = hits[0]
    assert best.snippet.startswith("kernel kernel")
    assert [best.snippet[a:b] for a, b in best.spans] == ["kernel"] * 4


def test_the_limit_keeps_the_best(library: Library, indexed: dict[str, int]) -> None:
    assert [h.paper_id for h in search(library, "kernel", limit=1)] == [indexed["often"]]
    assert search(library, "kernel", limit=0) == []


def test_papers_come_with_their_best_pages_and_how_many_match(
    library: Library, indexed: dict[str, int]
) -> None:
    found = search_papers(library, "reading lists", papers=5, pages_per_paper=2)
    assert [p.paper_id for p in found][:2] != []
    by_id = {p.paper_id: p for p in found}
    assert by_id[indexed["once"]].pages_matched == 3
    assert len(by_id[indexed["once"]].hits) == 2
    assert all(h.paper_id == indexed["once"] for h in by_id[indexed["once"]].hits)
    assert len(search_papers(library, "reading lists", papers=1)) == 1
    grouped = group_by_paper(search(library, "reading lists", 100))
    assert {p.paper_id: p.pages_matched for p in grouped} == {
        p.paper_id: p.pages_matched for p in found
    }


def test_three_letters_or_more_also_match_longer_words(
    library: Library, indexed: dict[str, int]
) -> None:
    assert [(h.paper_id, h.page) for h in search(library, "transform")] == [(indexed["words"], 1)]
    assert [(h.paper_id, h.page) for h in search(library, "tr")] == [(indexed["words"], 2)]
    assert terms('the "odd" tr') == ["the", "odd", "tr"]


def test_operators_quotes_and_brackets_are_only_characters(
    library: Library, indexed: dict[str, int]
) -> None:
    page_two = {(indexed["words"], 2)}
    for query in ['"quote', '(odd) "', "odd AND", "odd*", "-odd", "odd^", "{odd}: quote"]:
        assert {(h.paper_id, h.page) for h in search(library, query)} == page_two, query
    for query in ["odd OR zzz", "NEAR(odd quote)", "odd NOT quote"]:
        assert search(library, query) == [], query


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    junk=st.text(alphabet=st.characters(blacklist_categories=("L", "N", "Pc")), max_size=20),
    text=st.text(max_size=40),
)
def test_any_text_is_a_safe_query(
    library: Library, indexed: dict[str, int], junk: str, text: str
) -> None:
    for hit in search(library, text, 20):
        assert hit.page >= 1
    assert {h.paper_id for h in search(library, f"{junk}kernel{junk}")} == {
        indexed["often"],
        indexed["once"],
    }


def test_words_on_most_pages_are_set_aside_in_a_big_library(
    library: Library, indexed: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = [(h.paper_id, h.page) for h in search(library, "kernel")]
    monkeypatch.setattr(sqlite_pages, "PLANNED_FROM", 1)
    assert [(h.paper_id, h.page) for h in search(library, "the kernel")] == ranked
    everywhere = search(library, "the", 100)
    assert [h.paper_id for h in everywhere] == sorted(
        (h.paper_id for h in everywhere), reverse=True
    )
    assert len(everywhere) == 5


def test_a_prefix_on_most_pages_is_set_aside_though_its_whole_word_is_rare(
    library: Library, src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "comp" as a word is on no page, but the words it begins are on three of four."""
    attach(
        library,
        pages_pdf(
            src / "comp.pdf",
            ["Compilers and kernels.", "Computing power.", "A compact kernel.", "Nothing here."],
        ),
    )
    Indexer(library).run()
    ranked = [(h.paper_id, h.page) for h in search(library, "kernel")]
    monkeypatch.setattr(sqlite_pages, "PLANNED_FROM", 1)
    with library.engine.connect() as conn:
        plan = sqlite_pages.PageIndex.plan(conn, words("comp"), 4)
    assert plan is not None and not plan.ranked
    assert [h.page for h in search(library, "comp")] == [3, 2, 1]
    assert [(h.paper_id, h.page) for h in search(library, "comp kernel")] == ranked


def test_papers_can_be_kept_to_some_ids(library: Library, indexed: dict[str, int]) -> None:
    everyone = {p.paper_id for p in search_papers(library, "reading lists")}
    assert indexed["once"] in everyone and len(everyone) > 1
    kept = search_papers(library, "reading lists", within={indexed["once"]})
    assert [p.paper_id for p in kept] == [indexed["once"]]
    assert kept[0].pages_matched == 3
    assert search_papers(library, "reading lists", within=set()) == []
