"""Undo puts back exactly what a write found, for one paper or ten thousand."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from library_factory import sample_batch
from library_state import library_state

from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import PaperRecord, RecordBatch, Status
from readinglist_gui.core.writes import (
    AddTags,
    DeletePapers,
    Done,
    HandBackStatus,
    Op,
    RemoveTags,
    RenameTag,
    SetPdf,
    SetStatus,
    SetTagColor,
    UndoOf,
    UpdateFields,
)


def undo(library: Library, done: Done[object]) -> Done[object]:
    assert done.undo is not None
    return library.write(done.undo)


def test_bulk_status_undo_restores_each_status_and_by_hand_flag(library: Library) -> None:
    report = library.import_batch(
        RecordBatch(papers=[PaperRecord(title=f"Paper {i}") for i in range(10_000)])
    )
    ids = report.paper_ids
    library.set_status(ids[::3], Status.SKIMMED)
    library.clear_manual_status(ids[::6])
    library.set_note(ids[1], "noted automatically")
    before = library_state(library)

    done = library.write(SetStatus(tuple(ids), Status.NOTED))
    assert library.count(PaperQuery(statuses=frozenset({Status.NOTED}))) == 10_000
    undone = undo(library, done)
    assert library_state(library) == before
    assert library.manual_status_ids(ids) == set(ids[::3]) - set(ids[::6])
    # Promotion still works on the papers that were automatic before.
    assert library.record_reading(ids[2], 5, 10, pages_seen=5) is Status.SKIMMED
    redone = undo(library, undone)
    assert redone.changes.ids() == set(ids)


def test_undoing_a_delete_brings_papers_back_with_their_own_ids(filled: Library) -> None:
    before = library_state(filled)
    ids = filled.ids(PaperQuery())
    done = filled.write(DeletePapers(tuple(ids[:3])))
    assert filled.count() == len(ids) - 3
    restored = undo(filled, done)
    assert restored.changes.added == set(ids[:3])
    assert library_state(filled) == before


def test_a_deleted_id_is_never_given_to_a_new_paper(filled: Library) -> None:
    newest = max(filled.ids(PaperQuery()))
    done = filled.write(DeletePapers((newest,)))
    fresh = filled.add_paper(PaperRecord(title="Arrived after the delete"))
    assert fresh > newest
    undo(filled, done)
    assert filled.paper(newest) is not None


def test_undoing_a_merge_of_tags_splits_them_apart(filled: Library) -> None:
    before = library_state(filled)
    filled.set_tag_color("NLP", "#123456")
    coloured = library_state(filled)
    done = filled.write(RenameTag("NLP", "llm"))
    assert "NLP" not in {t.name for t in filled.tags()}
    undo(filled, done)
    assert library_state(filled) == coloured
    undo(filled, filled.write(SetTagColor("NLP", "#123456")))
    assert library_state(filled) != before  # the colour set outside the undo stays


def test_undo_of_an_op_queued_before_it_ran(filled: Library) -> None:
    first = filled.ids(PaperQuery())[0]
    before = library_state(filled)
    pending = filled.submit(SetStatus((first,), Status.NOTED))
    undone = filled.submit(UndoOf(pending, "mark")).result(timeout=10)
    assert undone.changes.ids() == {first}
    assert library_state(filled) == before


def edits(paper_ids: list[int]) -> st.SearchStrategy[Op[object]]:
    ids = st.lists(st.sampled_from(paper_ids), min_size=1, max_size=4, unique=True).map(tuple)
    names = st.lists(
        st.sampled_from(["LLM", "llm ", "Vision", "New tag", "Systems", "Zeta"]),
        min_size=1,
        max_size=2,
    ).map(tuple)
    return st.one_of(
        st.builds(SetStatus, ids, st.sampled_from(list(Status))),
        st.builds(HandBackStatus, ids),
        st.builds(AddTags, ids, names),
        st.builds(RemoveTags, ids, names),
        st.builds(
            RenameTag,
            st.sampled_from(["LLM", "Vision", "MoE", "New tag"]),
            st.sampled_from(["Vision", "Language Models", "moe", "LLM"]),
        ),
        st.builds(SetTagColor, st.sampled_from(["LLM", "NLP"]), st.sampled_from([None, "#abcdef"])),
        st.builds(
            lambda paper, year, title: UpdateFields.of(paper, {"year": year, "title": title}),
            st.sampled_from(paper_ids),
            st.none() | st.integers(1900, 2030),
            st.sampled_from(["A new title", "Another"]),
        ),
        st.builds(SetPdf, st.sampled_from(paper_ids), st.sampled_from([None, "pdfs/a.pdf"])),
        st.builds(DeletePapers, ids),
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_undoing_every_edit_in_reverse_restores_the_library(
    tmp_path: Path, data: st.DataObject
) -> None:
    # A folder of its own per example: Hypothesis replays examples, and a library
    # left by an earlier run of the same example would start with its edits.
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    with Library.open(folder) as library:
        library.import_batch(sample_batch())
        before = library_state(library)
        paper_ids = sorted(library.ids(PaperQuery()))
        sequence = data.draw(st.lists(edits(paper_ids), min_size=1, max_size=8))
        done: list[Done[object]] = []
        for op in sequence:
            try:
                done.append(library.write(op))
            except Exception as exc:  # refused edits (a missing tag) change nothing
                assert any(why in str(exc) for why in ("no tag named", "needs a name", "no paper"))
        after = library_state(library)
        undone = [undo(library, d) for d in reversed(done) if d.undo is not None]
        assert library_state(library) == before
        for d in reversed(undone):
            undo(library, d)
        assert library_state(library) == after


def test_an_import_that_only_added_is_taken_back_whole(library: Library) -> None:
    from readinglist_gui.core.writes import ImportPapers

    library.add_paper(PaperRecord(title="Here before", tags=["LLM"]))
    before = library_state(library)
    done = library.write(ImportPapers(sample_batch()))
    after = library_state(library)
    removed = undo(library, done)
    assert library_state(library) == before
    assert {t.name for t in library.tags()} == {"LLM"}  # the tag it reused stays
    undo(library, removed)
    assert library_state(library) == after


def test_an_import_that_merged_cannot_be_taken_back(filled: Library) -> None:
    from readinglist_gui.core.writes import ImportPapers

    again = filled.write(ImportPapers(sample_batch()))
    assert again.undo is None
