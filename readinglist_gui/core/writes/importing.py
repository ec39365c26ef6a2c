"""An import: a whole batch of records merged into the library in one transaction.

New papers go in with bulk inserts (a 10k-paper list in a few seconds); only
papers already in the library go through the ORM merge rules. A preview (the
writer's dry run) does all of it and rolls back, so its report is exactly what
the import would say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.labels import place_label
from readinglist_gui.core.merge import (
    Keys,
    Pending,
    Resolver,
    TagCache,
    allocate_ids,
    chunks,
    insert_new,
    merge_into,
)
from readinglist_gui.core.models import (
    Entry,
    Paper,
    PaperTag,
    ReadingList,
    Section,
    Tag,
    stored_date,
    table_of,
    utcnow,
)
from readinglist_gui.core.records import ListRecord, PaperRecord, RecordBatch
from readinglist_gui.core.results import ImportReport
from readinglist_gui.core.sqlite_backend import insert_many
from readinglist_gui.core.writes.changes import Aspect, Scope
from readinglist_gui.core.writes.highlight_edits import store_highlights
from readinglist_gui.core.writes.rows import PAPER, PaperRows, RestorePapers
from readinglist_gui.core.writes.writer import Tx

LIST = table_of(ReadingList)
SECTION = table_of(Section)
TAG = table_of(Tag)
LINK = table_of(PaperTag)


@dataclass(frozen=True, slots=True)
class ImportPapers:
    """``fold_search=False``: one chunk of a long import, whose search upkeep waits for
    the ``FoldSearch`` that ends it (see ``Tx.defer_search``)."""

    batch: RecordBatch
    label: str = "Import"
    fold_search: bool = True

    def apply(self, tx: Tx) -> ImportReport:
        batch = self.batch
        if not self.fold_search:
            tx.defer_search()
        newest_list, newest_tag = _newest(tx, LIST), _newest(tx, TAG)
        report = ImportReport(problems=list(batch.problems), repeats=batch.repeats)
        report.sections = sum(len(reading_list.sections) for reading_list in batch.lists)
        session = tx.session
        with session.no_autoflush:
            tags = TagCache(session)
            for tag in batch.tags:
                made = tags.get(tag.name)
                if made is not None and tag.color and not made.color:
                    made.color = tag.color
            resolver = Resolver(session)
            keys = [Keys.of(record) for record in batch.papers]
            resolver.preload(keys)
            fresh: list[tuple[PaperRecord, Keys]] = []
            repeats: list[tuple[int, PaperRecord, Keys]] = []
            places: list[Paper | int] = []
            merged: dict[int, Paper] = {}
            for record, key in zip(batch.papers, keys, strict=True):
                found = resolver.find(key)
                if found is None and resolver.release_taken_doi(key):
                    found = resolver.find(key)  # its arXiv id may name a paper after all
                if isinstance(found, Pending):
                    repeats.append((found.index, record, key))
                    places.append(found.index)
                elif found is None:
                    resolver.remember_pending(key, Pending(len(fresh), key))
                    places.append(len(fresh))
                    fresh.append((record, key))
                else:
                    merge_into(found, record, key, tags, resolver)
                    merged[id(found)] = found
                    places.append(found)
            session.flush()
            homes = _homes(tx, session, batch.lists)
            new_ids = insert_new(session, fresh, tags, _new_places(homes, places))
            for index, record, key in repeats:
                merge_into(_get(session, new_ids[index]), record, key, tags, resolver)
            session.flush()
            paper_ids = [new_ids[p] if isinstance(p, int) else p.id for p in places]
            for paper_id, record in zip(paper_ids, batch.papers, strict=True):
                store_highlights(tx, paper_id, record.highlights)
            for reading_list, home in homes:
                _store_list(tx, session, reading_list, home, paper_ids)
        report.added, report.merged = len(fresh), len(merged)
        report.lists = len(batch.lists)
        report.paper_ids = paper_ids
        tx.record.add(new_ids)
        # Inserted with their labels; a repeat merged in since may have brought tags.
        repeated = {index for index, _record, _key in repeats}
        tx.record.labelled.update(i for n, i in enumerate(new_ids) if n not in repeated)
        tx.record.changed([paper.id for paper in merged.values()], Aspect.every())
        if batch.tags or any(record.tags for record in batch.papers):
            tx.record.library(Scope.TAGS)
        made_lists = _ids_after(tx, LIST, newest_list)
        if not merged and len(made_lists) == len(batch.lists):
            # Only what the import made itself can be taken back whole: a merged
            # paper or a replaced list was the user's before.
            made_tags = _ids_after(tx, TAG, newest_tag)
            tx.undo_with(RemoveImported(tuple(new_ids), made_lists, made_tags))
        return report


@dataclass(frozen=True, slots=True)
class FoldSearch:
    """The end of an import written in chunks: writes nothing itself; the writer's upkeep
    folds every chunk's papers into the search sets in this one transaction."""

    label: str = "Index imported papers"

    def apply(self, tx: Tx) -> None:
        return None


@dataclass(frozen=True, slots=True)
class RemoveImported:
    """Take back an import that only added: its papers, the lists and the tags it made.

    A tag it made stays if papers from elsewhere carry it by now.
    """

    papers: tuple[int, ...]
    lists: tuple[int, ...]
    tags: tuple[int, ...]
    label: str = "Remove imported papers"

    def apply(self, tx: Tx) -> None:
        lists = _rows(tx, LIST, LIST.c.id, self.lists)
        sections = _rows(tx, SECTION, SECTION.c.list_id, self.lists)
        papers = PaperRows.read(tx, self.papers)
        tx.conn.execute(delete(LIST).where(LIST.c.id.in_(self.lists)))
        for chunk in chunks(papers.ids):
            tx.conn.execute(delete(PAPER).where(PAPER.c.id.in_(chunk)))
        unused = select(LINK.c.tag_id).where(LINK.c.tag_id.in_(self.tags))
        gone = _rows(tx, TAG, TAG.c.id, self.tags, TAG.c.id.not_in(unused))
        tx.conn.execute(delete(TAG).where(TAG.c.id.in_([row["id"] for row in gone])))
        tx.record.remove(papers.ids)
        tx.record.library(Scope.LISTS | Scope.TAGS)
        tx.undo_with(RestoreImported(tuple(lists), tuple(sections), tuple(gone), papers, self))


@dataclass(frozen=True, slots=True)
class RestoreImported:
    """Put a removed import back: its tags and lists first, then its papers with their ids."""

    lists: tuple[dict[str, Any], ...]
    sections: tuple[dict[str, Any], ...]
    tags: tuple[dict[str, Any], ...]
    papers: PaperRows
    removal: RemoveImported
    label: str = "Restore imported papers"

    def apply(self, tx: Tx) -> None:
        for table, rows in ((TAG, self.tags), (LIST, self.lists), (SECTION, self.sections)):
            if rows:
                tx.conn.execute(insert(table), list(rows))
        RestorePapers(self.papers).apply(tx)
        tx.record.library(Scope.LISTS | Scope.TAGS)
        tx.undo_with(self.removal)


def _newest(tx: Tx, table: Table) -> int:
    return int(tx.conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())


def _ids_after(tx: Tx, table: Table, newest: int) -> tuple[int, ...]:
    """Ids of rows made since ``newest`` was the highest (new ids only ever go up)."""
    found = tx.conn.execute(select(table.c.id).where(table.c.id > newest).order_by(table.c.id))
    return tuple(found.scalars())


def _rows(tx: Tx, table: Table, key: Any, ids: Sequence[int], *also: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for chunk in chunks(sorted(ids)):
        statement = select(table).where(key.in_(chunk), *also)
        found.extend(dict(row._mapping) for row in tx.conn.execute(statement))
    return found


def _homes(
    tx: Tx, session: Session, records: Sequence[ListRecord]
) -> list[tuple[ListRecord, ReadingList]]:
    """Each list record with the list it is stored as, emptied for it.

    A re-imported list is replaced, so of two records with one name (two files
    titled alike) the later wins, as if imported one after the other."""
    found: dict[str, tuple[ListRecord, ReadingList]] = {}
    for record in records:
        name = record.name.strip() or "Untitled list"
        home = found.get(name.lower())
        reading_list = home[1] if home is not None else _emptied_list(tx, session, name)
        found[name.lower()] = (record, reading_list)
    return list(found.values())


def _emptied_list(tx: Tx, session: Session, name: str) -> ReadingList:
    """The list called ``name``, made or emptied of its old structure."""
    reading_list = session.execute(
        select(ReadingList).where(func.lower(ReadingList.name) == name.lower())
    ).scalar()
    if reading_list is None:
        reading_list = ReadingList(name=name)
        session.add(reading_list)
        session.flush()
        return reading_list
    before = session.execute(select(Entry.paper_id).where(Entry.list_id == reading_list.id))
    tx.record.changed(before.scalars(), Aspect.LISTS)
    session.execute(delete(Entry).where(Entry.list_id == reading_list.id))
    session.execute(delete(Section).where(Section.list_id == reading_list.id))
    session.expire(reading_list, ["sections"])
    return reading_list


def _new_places(
    homes: Sequence[tuple[ListRecord, ReadingList]], places: Sequence[Paper | int]
) -> dict[int, str]:
    """New papers' place labels, by their position among the new: the first place by list
    name and then position, as ``labels.refresh_labels`` picks it (a new paper has no
    entries but this import's)."""
    found: dict[int, str] = {}
    for record, home in sorted(homes, key=lambda pair: pair[1].name):
        for section in record.sections:
            label = place_label(home.name, section.heading)
            for entry in section.entries:
                if 0 <= entry.paper < len(places):
                    place = places[entry.paper]
                    if isinstance(place, int):
                        found.setdefault(place, label)
    return found


def _store_list(
    tx: Tx, session: Session, record: ListRecord, reading_list: ReadingList, paper_ids: list[int]
) -> None:
    """Store a list as the source has it now: re-importing replaces its structure."""
    reading_list.source = record.source
    reading_list.imported_at = record.imported_at or utcnow()
    session.flush()
    section_ids = allocate_ids(session, Section.id, len(record.sections))
    sections: list[tuple[int, int, int, str, str | None]] = []
    entries: list[tuple[int, int, int, int, str, bool]] = []
    for number, (section_id, section) in enumerate(zip(section_ids, record.sections, strict=True)):
        sections.append(
            (section_id, reading_list.id, number, section.heading, stored_date(section.date))
        )
        for entry in section.entries:
            if 0 <= entry.paper < len(paper_ids):
                entries.append(
                    (
                        reading_list.id,
                        section_id,
                        paper_ids[entry.paper],
                        len(entries),
                        entry.tldr,
                        entry.optional,
                    )
                )
    connection = session.connection()
    insert_many(
        connection,
        "INSERT INTO section (id, list_id, position, heading, date) VALUES (?, ?, ?, ?, ?)",
        sections,
    )
    insert_many(
        connection,
        "INSERT INTO entry (list_id, section_id, paper_id, position, tldr, optional) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        entries,
    )
    tx.record.changed([row[2] for row in entries], Aspect.LISTS)
    tx.record.library(Scope.LISTS)


def _get(session: Session, paper_id: int) -> Paper:
    paper = session.get(Paper, paper_id)
    if paper is None:
        raise LibraryError(f"no paper with id {paper_id}")
    return paper
