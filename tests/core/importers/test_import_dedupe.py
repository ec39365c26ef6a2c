"""One paper per paper inside a batch."""

from __future__ import annotations

from readinglist_gui.core.importers.dedupe import merge_duplicates
from readinglist_gui.core.records import (
    EntryRecord,
    LinkRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
    Status,
)


def _batch(*papers: PaperRecord) -> RecordBatch:
    entries = [EntryRecord(i) for i in range(len(papers))]
    return RecordBatch(
        papers=list(papers), lists=[ListRecord("l", sections=[SectionRecord("", entries=entries)])]
    )


def test_same_arxiv_doi_or_title_merge_and_entries_follow() -> None:
    batch = _batch(
        PaperRecord(title="A Paper", arxiv_id="2401.00001", tags=["x"]),
        PaperRecord(title="A paper!", links=[LinkRecord("https://x.org/a")], tags=["X", "y"]),
        PaperRecord(title="Other", doi="10.1/abc"),
        PaperRecord(title="Other (journal version)", doi="10.1/abc", status=Status.NOTED, note="n"),
    )
    merge_duplicates(batch)
    assert [(p.title, p.tags, p.status) for p in batch.papers] == [
        ("A Paper", ["x", "y"], Status.UNREAD),
        ("Other", [], Status.NOTED),
    ]
    assert batch.papers[0].links == [LinkRecord("https://x.org/a")]
    assert batch.papers[1].note == "n"
    assert [e.paper for e in batch.lists[0].sections[0].entries] == [0, 0, 1, 1]


def test_different_ids_never_merge_by_title() -> None:
    batch = _batch(
        PaperRecord(title="Same", arxiv_id="2401.00001"),
        PaperRecord(title="Same", arxiv_id="2401.00002"),
    )
    merge_duplicates(batch)
    assert len(batch.papers) == 2


def test_truncated_title_does_not_match_by_title_but_full_title_replaces_it() -> None:
    batch = _batch(
        PaperRecord(title="Long Title…", arxiv_id="2401.00001", title_truncated=True),
        PaperRecord(title="Long Title", title_truncated=False),
        PaperRecord(title="Long Title Complete", arxiv_id="2401.00001"),
    )
    merge_duplicates(batch)
    assert [(p.title, p.title_truncated) for p in batch.papers] == [
        ("Long Title Complete", False),
        ("Long Title", False),
    ]


def test_papers_without_title_or_ids_stay_apart() -> None:
    batch = _batch(
        PaperRecord(links=[LinkRecord("https://a.org")]),
        PaperRecord(links=[LinkRecord("https://b.org")]),
    )
    merge_duplicates(batch)
    assert len(batch.papers) == 2


def test_same_truncated_title_twice_is_one_paper() -> None:
    batch = _batch(
        PaperRecord(title="Forum Thread About Trai…", title_truncated=True),
        PaperRecord(title="Forum Thread About Trai…", title_truncated=True),
        PaperRecord(title="Forum Thread About Trai", title_truncated=False),
    )
    merge_duplicates(batch)
    assert len(batch.papers) == 2
