"""New papers are noted for the search index in bulk, not by a trigger per row: they must be
found all the same, and the triggers must be there afterwards for every other writer."""

from __future__ import annotations

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import PaperRecord, RecordBatch


def triggers(library: Library) -> list[tuple[str, str]]:
    with library.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        )
        return [(name, sql) for name, sql in rows]


def test_imported_papers_are_found_by_words_tags_and_notes(library: Library) -> None:
    before = triggers(library)
    report = library.import_batch(
        RecordBatch(
            papers=[
                PaperRecord(title="Quokka attention", tags=["marsupials"]),
                PaperRecord(title="Wombat scaling", note="burrowing notes"),
                PaperRecord(title="Plain paper"),
            ]
        )
    )
    quokka, wombat, _plain = report.paper_ids

    assert library.ids(PaperQuery(text="quok")) == [quokka]
    assert library.ids(PaperQuery(text="burrowing")) == [wombat]
    assert library.ids(PaperQuery(tags=("marsupials",))) == [quokka]
    assert triggers(library) == before


def test_the_triggers_note_what_other_writers_do_after_a_bulk_import(library: Library) -> None:
    library.import_batch(RecordBatch(papers=[PaperRecord(title="First batch")]))
    with library.engine.begin() as conn:  # another writer, as a plain SQL statement
        conn.exec_driver_sql(
            "INSERT INTO paper (title, title_key, added_at, updated_at) "
            "VALUES ('Koala written elsewhere', 'koala written elsewhere', "
            "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')"
        )
        noted = conn.exec_driver_sql("SELECT count(*) FROM search_stale").scalar_one()
    assert noted == 1


def test_a_dry_run_leaves_the_triggers_as_they_were(library: Library) -> None:
    before = triggers(library)
    library.import_batch(RecordBatch(papers=[PaperRecord(title="Previewed")]), dry_run=True)
    assert triggers(library) == before
    assert library.ids(PaperQuery(text="previewed")) == []
