"""Build a synthetic library of any size quickly: ``python -m bench.generate FOLDER --papers N``.

Importing a million papers through ``Library.import_batch`` runs every merge
rule for every paper, which takes the better part of an hour; a benchmark
wants such a library again and again. This writes the same rows an import of
the same records writes (``merge.insert_new``, the import's own bulk path for
new papers), with the labels it would compute, and then lets the search index and the
status history catch up exactly as after an import. ``tests/test_bench_generate.py`` checks
the result equals an import of the same records.
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from bench import synthetic
from readinglist_gui.core.labels import PLACE_SEPARATOR
from readinglist_gui.core.library import Library
from readinglist_gui.core.merge import Keys, TagCache, insert_new
from readinglist_gui.core.models import Entry, Paper, ReadingList, Section
from readinglist_gui.core.search.upkeep import catch_up
from readinglist_gui.core.statistics.events import record_status_events

CHUNK = 20_000
"""Papers made and inserted at a time: memory holds one chunk of records."""


def build(folder: Path, size: int, seed: int = 7) -> Library:
    """A new library at ``folder`` holding ``size`` synthetic papers and their lists."""
    library = Library.open(folder)
    made, _ = synthetic.papers(size, seed)
    lists = synthetic.reading_lists(size, seed)
    with Session(library.engine) as session, session.begin():
        tags = TagCache(session)
        for name in synthetic.TAGS:
            tags.get(name)
        session.flush()
        ids: list[int] = []
        while chunk := list(itertools.islice(made, CHUNK)):
            ids += insert_new(session, [(record, Keys.of(record)) for record in chunk], tags)
        _store_lists(session, lists, ids)
        _label(session)
        catch_up(session.connection())
        record_status_events(session.connection(), ids)
    return library


def _store_lists(session: Session, lists: list, ids: list[int]) -> None:
    """The lists' rows as ``Library`` stores an imported list."""
    entry_rows: list[dict[str, object]] = []
    for reading_list in lists:
        made = ReadingList(name=reading_list.name, source=reading_list.source)
        session.add(made)
        session.flush()
        position_in_list = 0
        for position, section in enumerate(reading_list.sections):
            row = Section(list_id=made.id, position=position, heading=section.heading)
            session.add(row)
            session.flush()
            for entry in section.entries:
                entry_rows.append(
                    {
                        "list_id": made.id,
                        "section_id": row.id,
                        "paper_id": ids[entry.paper],
                        "position": position_in_list,
                        "tldr": entry.tldr,
                        "optional": entry.optional,
                    }
                )
                position_in_list += 1
    if entry_rows:
        session.execute(insert(Entry), entry_rows)


def _label(session: Session) -> None:
    """Tag and place labels as ``labels.refresh_labels`` computes them, in bulk SQL."""
    connection = session.connection()
    connection.exec_driver_sql(
        "UPDATE paper SET tags_label = (SELECT group_concat(name, ', ') FROM "
        "(SELECT t.name FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id "
        "WHERE pt.paper_id = paper.id ORDER BY t.name_key))"
    )
    connection.exec_driver_sql("UPDATE paper SET tags_label = '' WHERE tags_label IS NULL")
    places = session.execute(
        select(Entry.paper_id, ReadingList.name, Section.heading)
        .join(ReadingList, ReadingList.id == Entry.list_id)
        .outerjoin(Section, Section.id == Entry.section_id)
        .order_by(Entry.paper_id, ReadingList.name, Entry.position)
    )
    first: dict[int, str] = {}
    for paper_id, list_name, heading in places:
        first.setdefault(paper_id, PLACE_SEPARATOR.join(p for p in (list_name, heading) if p))
    if first:
        session.execute(
            update(Paper.__table__)
            .where(Paper.__table__.c.id == bindparam("pid"))
            .values(place_label=bindparam("p")),
            [{"pid": paper_id, "p": place} for paper_id, place in first.items()],
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--papers", type=int, default=100_000)
    args = parser.parse_args()
    start = time.perf_counter()
    build(args.folder, args.papers).close()
    print(f"{args.papers} papers in {time.perf_counter() - start:.0f} s at {args.folder}")


if __name__ == "__main__":
    main()
