"""An import writes new papers' tag and place labels itself; they must be what a refresh makes."""

from __future__ import annotations

from readinglist_gui.core.labels import refresh_labels
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
)


def labels(library: Library) -> dict[int, tuple[str, str]]:
    with library.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, tags_label, place_label FROM paper")
        return {paper_id: (tags, place) for paper_id, tags, place in rows}


def refreshed(library: Library) -> dict[int, tuple[str, str]]:
    """The labels as ``refresh_labels`` computes them, rolled back afterwards."""
    with library.engine.connect() as conn, conn.begin() as transaction:
        ids = list(conn.exec_driver_sql("SELECT id FROM paper").scalars())
        refresh_labels(conn, ids)
        rows = conn.exec_driver_sql("SELECT id, tags_label, place_label FROM paper")
        found = {paper_id: (tags, place) for paper_id, tags, place in rows}
        transaction.rollback()
    return found


def test_labels_written_by_an_import_are_those_a_refresh_makes(library: Library) -> None:
    library.import_batch(
        RecordBatch(
            papers=[PaperRecord(title="Already here", tags=["old"])],
            lists=[
                ListRecord(
                    "Middle list", sections=[SectionRecord("Week 9", entries=[EntryRecord(0)])]
                )
            ],
        )
    )
    papers = [
        PaperRecord(title="Already here", tags=["Zeta"]),
        PaperRecord(title="In two lists", tags=["beta", "Alpha"]),
        PaperRecord(title="In no list"),
        PaperRecord(title="Twice in one list"),
        PaperRecord(title="Under an empty heading"),
    ]
    lists = [
        ListRecord(
            "alpha picks",  # lower case sorts after "Zeta course" in the database's order
            sections=[SectionRecord("Later", entries=[EntryRecord(1), EntryRecord(0)])],
        ),
        ListRecord(
            "Zeta course",
            sections=[
                SectionRecord("Week 1", entries=[EntryRecord(3)]),
                SectionRecord("Week 2", entries=[EntryRecord(1), EntryRecord(3)]),
                SectionRecord("", entries=[EntryRecord(4)]),
            ],
        ),
    ]
    report = library.import_batch(RecordBatch(papers=papers, lists=lists))
    assert report.added == 4

    stored = labels(library)
    assert stored == refreshed(library)
    ids = dict(zip([p.title for p in papers], report.paper_ids, strict=True))
    assert stored[ids["In two lists"]] == ("Alpha, beta", "Zeta course — Week 2")
    assert stored[ids["Twice in one list"]][1] == "Zeta course — Week 1"
    assert stored[ids["Under an empty heading"]][1] == "Zeta course"
    assert stored[ids["In no list"]] == ("", "")
    assert stored[ids["Already here"]] == ("old, Zeta", "Middle list — Week 9")


def test_two_lists_of_one_name_store_the_later_and_label_by_it(library: Library) -> None:
    """Two files titled alike in one import: the later replaces the earlier, as if
    imported one after the other, and the labels follow the list that stays."""
    library.import_batch(
        RecordBatch(
            papers=[PaperRecord(title="Kept from before")],
            lists=[ListRecord("Course", sections=[SectionRecord("Old", entries=[EntryRecord(0)])])],
        )
    )
    papers = [
        PaperRecord(title="Only in the first file"),
        PaperRecord(title="In both files", tags=["b"]),
        PaperRecord(title="In both files", tags=["a"]),  # a repeat: its tags merge in later
    ]
    lists = [
        ListRecord("course", sections=[SectionRecord("Week 1", entries=[EntryRecord(0)])]),
        ListRecord(
            "COURSE",
            sections=[SectionRecord("Week 2", entries=[EntryRecord(1), EntryRecord(2)])],
        ),
    ]
    report = library.import_batch(RecordBatch(papers=papers, lists=lists))

    stored = labels(library)
    assert stored == refreshed(library)
    first, both, repeat = report.paper_ids
    assert both == repeat
    assert stored[first] == ("", "")
    assert stored[both] == ("a, b", "Course — Week 2")
    with library.engine.connect() as conn:
        names = list(conn.exec_driver_sql("SELECT name FROM reading_list").scalars())
        kept = conn.exec_driver_sql(
            "SELECT place_label FROM paper WHERE title = 'Kept from before'"
        ).scalar_one()
    assert names == ["Course"]
    assert kept == ""
