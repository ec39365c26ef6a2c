"""Each kind of write says exactly what it changed, and listeners hear it."""

from __future__ import annotations

import threading

import pytest
from library_factory import sample_batch

from readinglist_gui.core import lookups, review
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import PaperRecord, RecordBatch, Status
from readinglist_gui.core.title_match import Candidate
from readinglist_gui.core.writes import Aspect, ChangeSet, Scope, SetStatus


def ids_of(library: Library) -> list[int]:
    return library.ids(PaperQuery())


@pytest.fixture
def heard(filled: Library) -> list[ChangeSet]:
    found: list[ChangeSet] = []
    filled.listen(found.append)
    return found


def test_an_import_adds_papers_and_names_lists_and_tags(library: Library) -> None:
    heard: list[ChangeSet] = []
    library.listen(heard.append)
    report = library.import_batch(sample_batch())
    (changes,) = heard
    assert changes.added == set(report.paper_ids)
    assert changes.ids() == set(report.paper_ids)
    assert all(changes.of(i) == Aspect.every() for i in report.paper_ids)
    assert changes.scope == Scope.TAGS | Scope.LISTS


def test_importing_again_changes_the_merged_papers_only(filled: Library) -> None:
    heard: list[ChangeSet] = []
    filled.listen(heard.append)
    filled.import_batch(RecordBatch(papers=[PaperRecord(arxiv_id="1706.03762", venue="x")]))
    (changes,) = heard
    (paper,) = filled.ids(PaperQuery(text="Attention"))
    assert not changes.added and changes.ids() == {paper}


def test_a_dry_run_changes_nothing_and_says_nothing(filled: Library) -> None:
    heard: list[ChangeSet] = []
    filled.listen(heard.append)
    before = filled.count()
    report = filled.import_batch(RecordBatch(papers=[PaperRecord(title="New")]), dry_run=True)
    assert report.added == 1 and filled.count() == before and heard == []


def test_a_status_change_names_its_papers_and_only_the_status(
    filled: Library, heard: list[ChangeSet]
) -> None:
    first, second, *_ = ids_of(filled)
    changes = filled.set_status([first, second, 999_999], Status.NOTED)
    assert heard == [changes]
    assert changes.ids() == {first, second}
    assert changes.aspects == Aspect.STATUS
    assert changes.touches(Aspect.STATUS) and not changes.touches(Aspect.NOTE | Aspect.TAGS)
    assert not changes.added and not changes.removed and not changes.scope


def test_tag_edits_name_tags_and_the_papers_whose_tags_moved(
    filled: Library, heard: list[ChangeSet]
) -> None:
    first, *_ = ids_of(filled)
    added = filled.add_tags([first], ["Brand new"])
    assert added.ids(Aspect.TAGS) == {first} and added.scope == Scope.TAGS
    again = filled.add_tags([first], ["brand NEW"])
    assert again.ids(Aspect.TAGS) == {first} and not again.scope
    llm = set(filled.ids(PaperQuery(tags=("LLM",))))
    renamed = filled.rename_tag("LLM", "Language models")
    assert renamed.ids(Aspect.TAGS) == llm and renamed.scope == Scope.TAGS
    colour = filled.set_tag_color("Language models", "#ff0000")
    assert colour.scope == Scope.TAGS and not colour.papers
    removed = filled.remove_tags([first], ["Brand new"])
    assert removed.ids(Aspect.TAGS) == {first} and not removed.scope


def test_notes_reading_fields_and_files_each_name_their_aspect(
    filled: Library, heard: list[ChangeSet]
) -> None:
    paper = filled.ids(PaperQuery(text="Residual"))[0]
    filled.set_note(paper, "A thought.")
    assert heard[-1].of(paper) == Aspect.NOTE | Aspect.STATUS
    filled.set_note(paper, "A second thought.")
    assert heard[-1].of(paper) == Aspect.NOTE
    filled.record_reading(paper, 2, 10, pages_seen=1)
    assert heard[-1].of(paper) == Aspect.READER
    assert filled.update_fields(paper, year=2016).of(paper) == Aspect.METADATA
    assert filled.set_pdf(paper, "pdfs/x.pdf").of(paper) == Aspect.FILE


def test_a_deletion_names_the_removed_papers(filled: Library, heard: list[ChangeSet]) -> None:
    first, second, *_ = ids_of(filled)
    changes = filled.delete_papers([first, second])
    assert changes.removed == {first, second} and not changes.papers
    assert changes.touches(Aspect(0))


def test_online_writes_name_their_papers(filled: Library, heard: list[ChangeSet]) -> None:
    paper = filled.ids(PaperQuery(text="Residual"))[0]
    review.save_candidates(filled, paper, [Candidate("1512.03385", "Deep Residual", (), 2015, 0.8)])
    assert heard[-1].of(paper) == Aspect.ONLINE and heard[-1].scope == Scope.REVIEW
    lookups.mark_checked(filled, [paper])
    assert heard[-1].of(paper) == Aspect.ONLINE
    review.choose(filled, paper, "1512.03385")
    assert heard[-1].of(paper) & Aspect.METADATA and heard[-1].scope & Scope.REVIEW
    assert review.pending_ids(filled) == []


def test_a_failed_choice_changes_nothing(filled: Library) -> None:
    paper = filled.ids(PaperQuery(text="Residual"))[0]
    review.save_candidates(filled, paper, [Candidate("1706.03762", "Attention", (), 2017, 0.6)])
    with pytest.raises(Exception, match="already belongs"):
        review.choose(filled, paper, "1706.03762")
    assert review.pending_ids(filled) == [paper]


def test_the_origin_travels_with_the_change_set(filled: Library, heard: list[ChangeSet]) -> None:
    first = ids_of(filled)[0]
    me = object()
    done = filled.submit(SetStatus((first,), Status.SKIMMED), origin=me).result(timeout=10)
    assert done.changes.origin is me and heard[-1].origin is me


def test_listeners_hear_writes_made_from_another_thread(filled: Library) -> None:
    heard: list[ChangeSet] = []
    filled.listen(heard.append)
    first = ids_of(filled)[0]
    worker = threading.Thread(target=filled.set_status, args=([first], Status.NOTED))
    worker.start()
    worker.join(10)
    assert [c.ids() for c in heard] == [{first}]


def test_merged_change_sets_keep_the_latest_word_on_each_paper() -> None:
    a = ChangeSet(papers={1: Aspect.STATUS, 2: Aspect.TAGS}, added=frozenset({2}))
    b = ChangeSet(papers={1: Aspect.NOTE}, removed=frozenset({2}), scope=Scope.LISTS)
    merged = a | b
    assert merged.of(1) == Aspect.STATUS | Aspect.NOTE
    assert merged.removed == {2} and not merged.added and 2 not in merged.papers
    assert merged.scope == Scope.LISTS
    assert (ChangeSet() | ChangeSet.unknown()).everything


def test_the_change_log_forgets_old_rows_but_not_unpushed_ones(library: Library) -> None:
    import datetime as dt

    from sqlalchemy import text

    from readinglist_gui.core import library_meta
    from readinglist_gui.core.writes import change_log

    library.import_batch(RecordBatch(papers=[PaperRecord(title=f"P{i}") for i in range(5)]))
    old = dt.datetime(2000, 1, 1)
    with library.engine.begin() as conn:
        conn.execute(text("UPDATE change_log SET at = :old"), {"old": old})
        library_meta.put(conn, change_log.PUSHED, "2")
        assert change_log.prune(conn) == 2
        library_meta.put(conn, change_log.PUSHED, "99")
        assert change_log.prune(conn) == 2  # the newest row always stays
        assert [r[0] for r in conn.execute(text("SELECT seq FROM change_log"))] == [5]
