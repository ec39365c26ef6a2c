"""Status rules, notes, tags, edits and merging: what the user set always survives."""

from __future__ import annotations

import pytest

from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import LinkKind, LinkRecord, PaperRecord, Status


def add(library: Library, **fields: object) -> int:
    return library.add_paper(PaperRecord(**fields))  # type: ignore[arg-type]


def test_a_note_with_text_makes_a_paper_noted(library: Library) -> None:
    paper = add(library, title="A paper")
    assert library.set_note(paper, "   ") is Status.UNREAD
    assert library.set_note(paper, "Key idea: paging.") is Status.NOTED
    detail = library.paper(paper)
    assert detail is not None and detail.note == "Key idea: paging."
    assert library.page(PaperQuery(text="paging")).total == 1


def test_paging_through_a_pdf_skims_an_unread_paper(library: Library) -> None:
    paper = add(library, title="A paper")
    assert library.record_reading(paper, 0, 20, pages_seen=1) is Status.UNREAD
    assert library.record_reading(paper, 4, 20, pages_seen=5) is Status.SKIMMED
    detail = library.paper(paper)
    assert detail is not None
    assert (detail.last_page, detail.page_count, detail.pages_seen) == (4, 20, 5)


def test_automatic_changes_only_move_forward(library: Library) -> None:
    paper = add(library, title="A paper")
    library.set_note(paper, "notes")
    assert library.record_reading(paper, 9, 20, pages_seen=10) is Status.NOTED
    assert library.promote(paper, Status.SKIMMED) is Status.NOTED


def test_a_status_set_by_hand_wins_over_promotion(library: Library) -> None:
    paper = add(library, title="A paper")
    library.set_status([paper], Status.UNREAD)
    assert library.set_note(paper, "now with notes") is Status.UNREAD
    assert library.record_reading(paper, 10, 20, pages_seen=10) is Status.UNREAD
    library.clear_manual_status([paper])
    assert library.promote(paper, Status.NOTED) is Status.NOTED


def test_bulk_status_change(library: Library) -> None:
    ids = [add(library, title=f"Paper {n}") for n in range(1200)]
    library.set_status(ids[:1000], Status.SKIMMED)
    assert library.status_counts()[Status.SKIMMED] == 1000
    assert library.manual_status_ids(ids) == set(ids[:1000])
    library.clear_manual_status(ids[:10])
    assert library.manual_status_ids(ids) == set(ids[10:1000])


@pytest.mark.parametrize(
    "other",
    [
        {"arxiv_id": "arXiv:2309.06180v2"},
        {"arxiv_id": "https://arxiv.org/pdf/2309.06180v3.pdf"},
        {"doi": "10.48550/arXiv.2309.06180"},
        {
            "title": "efficient memory management for large language model serving with pagedattention"
        },
    ],
)
def test_the_same_paper_merges_never_duplicates(library: Library, other: dict) -> None:
    first = add(
        library,
        title="Efficient Memory Management for Large Language Model Serving with PagedAttention",
        arxiv_id="2309.06180",
    )
    assert add(library, **other) == first
    assert library.count() == 1


def test_merge_fills_gaps_and_adds_but_never_overwrites(library: Library) -> None:
    paper = add(library, title="Some paper", arxiv_id="2101.00001", year=2021, tags=["Mine"])
    library.update_fields(paper, venue="My venue")
    library.set_note(paper, "my own note")
    library.set_status([paper], Status.SKIMMED)
    again = add(
        library,
        title="Some Paper (other spelling)",
        arxiv_id="2101.00001v3",
        year=1999,
        venue="Their venue",
        abstract="An abstract.",
        authors=["A. Author"],
        tags=["mine", "Theirs"],
        note="their note",
        status=Status.NOTED,
        links=[LinkRecord("https://github.com/x/y", LinkKind.CODE)],
    )
    assert again == paper
    detail = library.paper(paper)
    assert detail is not None
    assert detail.title == "Some paper"
    assert detail.year == 2021
    assert detail.venue == "My venue"
    assert detail.abstract == "An abstract."
    assert detail.authors == ["A. Author"]
    assert detail.tags == ["Mine", "Theirs"]
    assert detail.note.startswith("my own note") and "their note" in detail.note
    assert detail.status is Status.SKIMMED
    assert [link.url for link in detail.links] == ["https://github.com/x/y"]


def test_truncated_titles_are_completed_unless_edited(library: Library) -> None:
    paper = add(
        library, title="Scaling Laws for Neural…", title_truncated=True, arxiv_id="2001.08361"
    )
    add(library, title="Scaling Laws for Neural Language Models", arxiv_id="2001.08361")
    detail = library.paper(paper)
    assert detail is not None
    assert (detail.title, detail.title_truncated) == (
        "Scaling Laws for Neural Language Models",
        False,
    )

    edited = add(library, title="Short…", title_truncated=True, arxiv_id="2001.08362")
    library.update_fields(edited, title="My own title")
    add(library, title="The full title from arXiv", arxiv_id="2001.08362")
    detail = library.paper(edited)
    assert detail is not None and detail.title == "My own title"


def test_different_arxiv_ids_with_the_same_title_stay_two_papers(library: Library) -> None:
    add(library, title="Introduction", arxiv_id="2101.00001")
    add(library, title="Introduction", arxiv_id="2101.00002")
    assert library.count() == 2


def test_tags_are_unique_ignoring_case_and_can_be_renamed_and_merged(library: Library) -> None:
    a = add(library, title="A", tags=["Data Eng"])
    b = add(library, title="B", tags=["data eng", "GPU Perf"])
    assert [t.name for t in library.tag_counts()] == ["Data Eng", "GPU Perf"]
    library.rename_tag("gpu perf", "Data Eng")
    counts = {t.name: t.count for t in library.tag_counts()}
    assert counts == {"Data Eng": 2}
    library.rename_tag("Data Eng", "Data Engineering")
    assert library.page(PaperQuery(text="engineering")).total == 2
    library.remove_tags([a], ["data engineering"])
    assert {r.id for r in library.page(PaperQuery(tags=("Data Engineering",))).rows} == {b}
    with pytest.raises(LibraryError):
        library.rename_tag("nope", "x")


def test_bulk_tagging_and_deleting(library: Library) -> None:
    ids = [add(library, title=f"Paper {n}") for n in range(700)]
    library.add_tags(ids, ["Batch", "batch", "Later"])
    library.add_tags(ids[:10], ["Batch"])
    assert {t.name: t.count for t in library.tag_counts()} == {"Batch": 700, "Later": 700}
    library.delete_papers(ids[:500])
    assert library.count() == 200
    assert library.page(PaperQuery(text="paper")).total == 200


def test_edits_are_remembered_and_unknown_fields_refused(library: Library) -> None:
    paper = add(library, title="Old")
    library.update_fields(paper, title="New title", authors=["  X  ", ""], doi="doi:10.1000/ABC")
    detail = library.paper(paper)
    assert detail is not None
    assert (detail.title, detail.authors, detail.doi) == ("New title", ["X"], "10.1000/abc")
    assert set(detail.user_edited) == {"title", "authors", "doi"}
    with pytest.raises(LibraryError):
        library.update_fields(paper, status="noted")


def test_missing_papers_give_a_clear_error(library: Library) -> None:
    with pytest.raises(LibraryError, match="no paper with id 42"):
        library.set_note(42, "x")
    assert library.paper(42) is None
