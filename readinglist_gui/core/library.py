"""The one door to a library: what the GUI, the command line and benchmarks call.

Reads run on short-lived connections and return detached values from
``results``; every write is one transaction that also refreshes the
denormalised labels and the text index of exactly the papers it touched.
"""

from __future__ import annotations

import bisect
import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_data_path
from sqlalchemy import (
    Connection,
    Engine,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session, selectinload, sessionmaker

from readinglist_gui.core import query as q
from readinglist_gui.core.database import DATABASE_NAME, LibraryError, open_database
from readinglist_gui.core.identity import normalize_arxiv_id, normalize_doi, title_key
from readinglist_gui.core.labels import refresh_labels
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
    Note,
    Paper,
    PaperTag,
    ReadingList,
    Section,
    Tag,
    utcnow,
)
from readinglist_gui.core.progress import promoted, status_for_note, status_for_reading
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import (
    ImportBatch,
    LinkKind,
    LinkRecord,
    ListRecord,
    PaperRecord,
    Status,
    TagRecord,
)
from readinglist_gui.core.results import (
    EntryInfo,
    ImportReport,
    ListInfo,
    Page,
    PaperDetail,
    PaperRow,
    TagCount,
    View,
)
from readinglist_gui.core.search.reader import Interrupted, Search
from readinglist_gui.core.search.upkeep import catch_up
from readinglist_gui.core.snapshot import list_record, paper_record

__all__ = [
    "Interrupted",
    "Library",
    "LibraryError",
    "PaperQuery",
    "SortKey",
    "default_library_dir",
]

T = TypeVar("T")
EDITABLE_FIELDS = frozenset({"title", "authors", "year", "venue", "abstract", "arxiv_id", "doi"})


def default_library_dir() -> Path:
    """``READINGLIST_HOME`` if set, else the platform's per-user data folder."""
    env = os.environ.get("READINGLIST_HOME")
    if env:
        return Path(env).expanduser()
    return user_data_path("readinglist-gui", appauthor=False)


class Library:
    """A folder holding the database and the PDFs downloaded or attached to it."""

    def __init__(self, folder: Path, engine: Engine) -> None:
        self.folder = folder
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._search = Search(engine)

    @classmethod
    def open(cls, folder: Path) -> Library:
        folder = Path(folder).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create library folder {folder}: {exc.strerror}") from exc
        return cls(folder, open_database(folder / DATABASE_NAME))

    @property
    def database_path(self) -> Path:
        return self.folder / DATABASE_NAME

    @property
    def pdf_dir(self) -> Path:
        return self.folder / "pdfs"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Reading (answered by ``core.search``; see ``core/search/plan.py``) -------

    def view(
        self,
        query: PaperQuery = PaperQuery(),
        offset: int = 0,
        limit: int = 200,
        *,
        sidebar: bool = False,
    ) -> View:
        """One page of rows with the total and every count, in one go: what the GUI
        asks on each keystroke. With ``sidebar`` the status counts also set the
        reading-list filter aside (the sidebar offers statuses and lists as alternatives)."""
        return self._search.view(query, offset, limit, sidebar=sidebar)

    def ids(
        self, query: PaperQuery = PaperQuery(), *, stop: Callable[[], bool] | None = None
    ) -> list[int]:
        """Every matching id in display order.

        ``stop`` is asked between chunks of ids; once it says yes the read is
        abandoned with ``Interrupted``, so a newer request never waits long
        behind one whose answer nobody wants any more.
        """
        return self._search.ids(query, stop)

    def stream(
        self, query: PaperQuery = PaperQuery(), chunk: int = 1000
    ) -> Iterator[list[PaperRow]]:
        """Every matching row in display order, a chunk at a time (exports, ``list``)."""
        return self._search.stream(query, chunk)

    def warm_counts(self, stop: Callable[[], bool] | None = None) -> None:
        """Load the sets every view counts with (statuses, tags) before anyone asks.

        ``stop`` is asked between sets.
        """
        if stop is not None and stop():
            return
        self._search.warm(stop)

    def count(self, query: PaperQuery = PaperQuery()) -> int:
        return self._search.count(query)

    def page(self, query: PaperQuery = PaperQuery(), offset: int = 0, limit: int = 200) -> Page:
        total, rows = self._search.page(query, offset, limit)
        return Page(total, rows)

    def head(self, query: PaperQuery = PaperQuery(), limit: int = 200) -> list[PaperRow]:
        """The first rows of a query without its total: what start-up shows at once."""
        return self._search.head(query, limit)

    def rows(self, ids: Sequence[int]) -> list[PaperRow]:
        """Rows for these ids, in the order given (missing ids are left out)."""
        return self._search.rows(list(ids))

    def status_counts(self, query: PaperQuery = PaperQuery()) -> dict[Status, int]:
        """Counts per status for the query, its own status filter set aside."""
        return self._search.status_counts(query)

    def tag_counts(self, query: PaperQuery = PaperQuery()) -> list[TagCount]:
        """Every tag with the number of papers in the query that carry it."""
        return self._search.tag_counts(query)

    def lists(self) -> list[ListInfo]:
        """Reading lists with their sections and progress (read = not unread)."""
        return self._search.lists()

    def find_list(self, name: str) -> ListInfo | None:
        """A reading list by name, ignoring case."""
        wanted = name.strip().casefold()
        return next((info for info in self.lists() if info.name.casefold() == wanted), None)

    def manual_status_ids(self, ids: Iterable[int]) -> set[int]:
        """Which of these papers have a status set by hand (undo restores the flag exactly)."""
        found: set[int] = set()
        with self.engine.connect() as conn:
            for chunk in chunks(sorted(set(ids))):
                statement = select(Paper.id).where(Paper.id.in_(chunk), Paper.status_manual)
                found.update(conn.execute(statement).scalars())
        return found

    def tags(self) -> list[TagRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(Tag.name, Tag.color).order_by(Tag.name_key))
            return [TagRecord(name, color) for name, color in rows]

    def paper(self, paper_id: int) -> PaperDetail | None:
        with self._sessions() as session:
            paper = session.get(Paper, paper_id, options=_paper_loads())
            return None if paper is None else self._detail(session, paper)

    def pdf_path(self, paper_id: int) -> Path | None:
        with self.engine.connect() as conn:
            relative = conn.execute(select(Paper.pdf_path).where(Paper.id == paper_id)).scalar()
        return self.folder / relative if relative else None

    # Writing -----------------------------------------------------------------

    def add_paper(self, record: PaperRecord) -> int:
        """Add one paper, merging into the one already there if it is the same paper."""
        return self.import_batch(ImportBatch(papers=[record])).paper_ids[0]

    def import_batch(self, batch: ImportBatch, *, dry_run: bool = False) -> ImportReport:
        """Bring a whole import in, or nothing of it.

        New papers go in with bulk inserts (a 10k-paper list in a few seconds);
        only papers already in the library go through the ORM merge rules. A dry
        run does all of it and rolls back, so its report is exactly what a real
        import would say.
        """
        report = ImportReport(problems=list(batch.problems))
        report.sections = sum(len(reading_list.sections) for reading_list in batch.lists)
        with contextlib.suppress(_DryRun):
            self._import(batch, report, dry_run)
        return report

    def _import(self, batch: ImportBatch, report: ImportReport, dry_run: bool) -> None:
        with self._sessions.begin() as session, session.no_autoflush:
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
            merged: set[int] = set()
            for record, key in zip(batch.papers, keys, strict=True):
                found = resolver.find(key)
                if isinstance(found, Pending):
                    repeats.append((found.index, record, key))
                    places.append(found.index)
                elif found is None:
                    resolver.remember_pending(key, Pending(len(fresh), key))
                    places.append(len(fresh))
                    fresh.append((record, key))
                else:
                    merge_into(found, record, key, tags, resolver)
                    merged.add(id(found))
                    places.append(found)
            session.flush()
            new_ids = insert_new(session, fresh, tags)
            for index, record, key in repeats:
                merge_into(_get(session, new_ids[index]), record, key, tags, resolver)
            session.flush()
            paper_ids = [new_ids[p] if isinstance(p, int) else p.id for p in places]
            for reading_list in batch.lists:
                self._store_list(session, reading_list, paper_ids)
            report.added, report.merged = len(fresh), len(merged)
            report.lists = len(batch.lists)
            report.paper_ids = paper_ids
            self._after_write(session.connection(), paper_ids)
            if dry_run:
                raise _DryRun

    def set_status(self, ids: Iterable[int], status: Status) -> None:
        """The user's choice: it sticks, and automation will not move it again."""
        wanted = sorted(set(ids))
        with self._sessions.begin() as session:
            for chunk in chunks(wanted):
                session.execute(
                    update(Paper)
                    .where(Paper.id.in_(chunk))
                    .values(
                        status=Status(status).value, status_manual=True, status_changed_at=utcnow()
                    )
                    .execution_options(synchronize_session=False)
                )
            catch_up(session.connection())

    def clear_manual_status(self, ids: Iterable[int]) -> None:
        """Hand a paper's status back to automation (used by undo)."""
        with self._sessions.begin() as session:
            for chunk in chunks(sorted(set(ids))):
                session.execute(
                    update(Paper)
                    .where(Paper.id.in_(chunk))
                    .values(status_manual=False)
                    .execution_options(synchronize_session=False)
                )

    def promote(self, paper_id: int, status: Status) -> Status:
        """An automatic proposal; returns the status the paper ends with."""
        with self._sessions.begin() as session:
            result = _promote(_get(session, paper_id), status)
            session.flush()
            catch_up(session.connection())
            return result

    def set_note(self, paper_id: int, markdown: str) -> Status:
        """Save the note; text in it makes the paper noted. Returns the resulting status."""
        with self._sessions.begin() as session:
            paper = _get(session, paper_id)
            if paper.note is None:
                paper.note = Note(markdown=markdown)
            else:
                paper.note.markdown = markdown
            status = _promote(paper, status_for_note(markdown))
            session.flush()
            catch_up(session.connection())
            return status

    def record_reading(
        self, paper_id: int, page: int, page_count: int, pages_seen: int = 1
    ) -> Status:
        """Remember where the reader is; paging through an unread paper skims it."""
        with self._sessions.begin() as session:
            paper = _get(session, paper_id)
            paper.last_page = max(0, min(page, max(page_count - 1, 0)))
            paper.page_count = page_count
            paper.pages_seen = max(paper.pages_seen or 0, min(pages_seen, page_count))
            result = _promote(paper, status_for_reading(pages_seen))
            session.flush()
            catch_up(session.connection())
            return result

    def add_tags(self, ids: Iterable[int], names: Iterable[str]) -> None:
        wanted = sorted(set(ids))
        with self._sessions.begin() as session:
            tags = TagCache(session)
            tag_ids = sorted({t.id for t in _flushed_tags(session, tags, names)})
            for chunk in chunks(wanted):
                have = {
                    (paper_id, tag_id)
                    for paper_id, tag_id in session.execute(
                        select(PaperTag.paper_id, PaperTag.tag_id).where(
                            PaperTag.paper_id.in_(chunk), PaperTag.tag_id.in_(tag_ids)
                        )
                    )
                }
                rows = [
                    {"paper_id": p, "tag_id": t}
                    for p in chunk
                    for t in tag_ids
                    if (p, t) not in have
                ]
                if rows:
                    session.execute(PaperTag.__table__.insert(), rows)
            self._after_write(session.connection(), wanted)

    def remove_tags(self, ids: Iterable[int], names: Iterable[str]) -> None:
        wanted = sorted(set(ids))
        keys = q.tag_keys(tuple(names))
        with self._sessions.begin() as session:
            tag_ids = list(session.execute(select(Tag.id).where(Tag.name_key.in_(keys))).scalars())
            for chunk in chunks(wanted):
                session.execute(
                    delete(PaperTag).where(
                        PaperTag.paper_id.in_(chunk), PaperTag.tag_id.in_(tag_ids)
                    )
                )
            self._after_write(session.connection(), wanted)

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag; renaming onto an existing tag merges the two."""
        new_clean = " ".join(new.split())
        if not new_clean:
            raise LibraryError("a tag needs a name")
        with self._sessions.begin() as session:
            source = session.execute(
                select(Tag).where(Tag.name_key == old.strip().casefold())
            ).scalar()
            if source is None:
                raise LibraryError(f"no tag named {old!r}")
            target = session.execute(
                select(Tag).where(Tag.name_key == new_clean.casefold())
            ).scalar()
            affected = list(
                session.execute(
                    select(PaperTag.paper_id).where(PaperTag.tag_id == source.id)
                ).scalars()
            )
            if target is None or target.id == source.id:
                source.name, source.name_key = new_clean, new_clean.casefold()
            else:
                already = set(
                    session.execute(
                        select(PaperTag.paper_id).where(PaperTag.tag_id == target.id)
                    ).scalars()
                )
                moved = [{"paper_id": p, "tag_id": target.id} for p in affected if p not in already]
                if moved:
                    session.execute(PaperTag.__table__.insert(), moved)
                if not target.color:
                    target.color = source.color
                session.delete(source)
            session.flush()
            self._after_write(session.connection(), affected)

    def set_tag_color(self, name: str, color: str | None) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(Tag).where(Tag.name_key == name.strip().casefold()).values(color=color)
            )

    def update_fields(self, paper_id: int, **fields: Any) -> None:
        """Edit fields by hand; they are then never overwritten by imports or look-ups."""
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise LibraryError(f"cannot edit {', '.join(sorted(unknown))}")
        with self._sessions.begin() as session:
            paper = _get(session, paper_id)
            for name, value in fields.items():
                if name == "arxiv_id":
                    value = normalize_arxiv_id(value) if value else None
                elif name == "doi":
                    value = normalize_doi(value) if value else None
                elif name == "authors":
                    value = [a.strip() for a in value if a.strip()]
                setattr(paper, name, value)
            if "title" in fields:
                paper.title_key = title_key(paper.title)
                paper.title_truncated = False
            paper.user_edited = sorted(set(paper.user_edited) | set(fields))
            paper.updated_at = utcnow()
            session.flush()
            catch_up(session.connection())

    def set_pdf(self, paper_id: int, relative_path: str | None) -> None:
        with self._sessions.begin() as session:
            _get(session, paper_id).pdf_path = relative_path

    def delete_papers(self, ids: Iterable[int]) -> None:
        wanted = sorted(set(ids))
        with self._sessions.begin() as session:
            for chunk in chunks(wanted):
                session.execute(delete(Paper).where(Paper.id.in_(chunk)))
            catch_up(session.connection())

    def export_batch(self, query: PaperQuery | None = None) -> ImportBatch:
        """The papers of ``query`` (all by default) with their lists, as records."""
        with self.exporting(query) as found:
            return ImportBatch(papers=list(found.papers), lists=found.lists, tags=found.tags)

    @contextlib.contextmanager
    def exporting(self, query: PaperQuery | None = None, chunk: int = 1000) -> Iterator[Export]:
        """The papers of ``query`` (all by default) in id order, read ``chunk`` at a time
        while the caller writes them out, with their lists and every tag."""
        if query is None:
            with self.engine.connect() as conn:
                wanted = list(conn.execute(select(Paper.id).order_by(Paper.id)).scalars())
        else:
            wanted = sorted(self.ids(query))
        with self._sessions() as session:
            members = session.execute(select(Entry.paper_id).distinct()).scalars()
            index = {
                paper_id: at for paper_id in members if (at := _position(wanted, paper_id)) >= 0
            }
            lists = []
            for rl in session.execute(
                select(ReadingList)
                .options(selectinload(ReadingList.sections))
                .order_by(ReadingList.id)
            ).scalars():
                record = list_record(session, rl, index)
                if query is None or any(s.entries for s in record.sections):
                    lists.append(record)
            tags = [
                TagRecord(t.name, t.color)
                for t in session.execute(select(Tag).order_by(Tag.name_key)).scalars()
            ]

            def papers() -> Iterator[PaperRecord]:
                statement = select(Paper).options(*_paper_loads()).order_by(Paper.id)
                for start in range(0, len(wanted), chunk):
                    part = wanted[start : start + chunk]
                    found = session.execute(statement.where(Paper.id.in_(part))).scalars()
                    yield from (paper_record(paper) for paper in found)
                    session.expunge_all()

            yield Export(wanted, papers(), lists, tags)

    # Internals -----------------------------------------------------------------

    def _store_list(self, session: Session, record: ListRecord, paper_ids: list[int]) -> None:
        """Store a list as the source has it now: re-importing replaces its structure."""
        name = record.name.strip() or "Untitled list"
        reading_list = session.execute(
            select(ReadingList).where(func.lower(ReadingList.name) == name.lower())
        ).scalar()
        if reading_list is None:
            reading_list = ReadingList(name=name)
            session.add(reading_list)
        else:
            touched = session.execute(
                select(Entry.paper_id).where(Entry.list_id == reading_list.id)
            ).scalars()
            papers_before = set(touched)
            session.execute(delete(Entry).where(Entry.list_id == reading_list.id))
            session.execute(delete(Section).where(Section.list_id == reading_list.id))
            session.expire(reading_list, ["sections"])
            self._after_write(session.connection(), papers_before)
        reading_list.source = record.source
        reading_list.imported_at = record.imported_at or utcnow()
        session.flush()
        section_ids = allocate_ids(session, Section.id, len(record.sections))
        sections: list[dict[str, object]] = []
        entries: list[dict[str, object]] = []
        for number, (section_id, section) in enumerate(
            zip(section_ids, record.sections, strict=True)
        ):
            sections.append(
                {
                    "id": section_id,
                    "list_id": reading_list.id,
                    "position": number,
                    "heading": section.heading,
                    "date": section.date,
                }
            )
            for entry in section.entries:
                if 0 <= entry.paper < len(paper_ids):
                    entries.append(
                        {
                            "list_id": reading_list.id,
                            "section_id": section_id,
                            "paper_id": paper_ids[entry.paper],
                            "position": len(entries),
                            "tldr": entry.tldr,
                            "optional": entry.optional,
                        }
                    )
        for model, rows in ((Section, sections), (Entry, entries)):
            for chunk in chunks(rows):
                session.execute(model.__table__.insert(), list(chunk))

    def _after_write(self, conn: Connection, paper_ids: Iterable[int]) -> None:
        """Derived data of a write: the labels of the papers it touched, and the search
        index, which triggers told what changed (``core.search.upkeep``)."""
        refresh_labels(conn, sorted(set(paper_ids)))
        catch_up(conn)

    def _detail(self, session: Session, paper: Paper) -> PaperDetail:
        entries = session.execute(
            select(Entry, ReadingList.name, Section.heading, Section.date)
            .join(ReadingList, ReadingList.id == Entry.list_id)
            .outerjoin(Section, Section.id == Entry.section_id)
            .where(Entry.paper_id == paper.id)
            .order_by(ReadingList.name, Entry.position)
        ).all()
        return PaperDetail(
            id=paper.id,
            title=paper.title,
            title_truncated=paper.title_truncated,
            authors=list(paper.authors),
            year=paper.year,
            venue=paper.venue,
            abstract=paper.abstract,
            arxiv_id=paper.arxiv_id,
            doi=paper.doi,
            links=[LinkRecord(link.url, LinkKind(link.kind)) for link in paper.links],
            tags=sorted((t.name for t in paper.tags), key=str.casefold),
            status=Status(paper.status),
            status_manual=paper.status_manual,
            status_changed_at=paper.status_changed_at,
            note=paper.note.markdown if paper.note else "",
            added=paper.added_at,
            updated=paper.updated_at,
            last_page=paper.last_page,
            page_count=paper.page_count,
            pages_seen=paper.pages_seen or 0,
            pdf_path=self.folder / paper.pdf_path if paper.pdf_path else None,
            entries=[
                EntryInfo(
                    e.list_id,
                    list_name,
                    e.section_id,
                    heading or "",
                    date,
                    e.position,
                    e.tldr,
                    e.optional,
                )
                for e, list_name, heading, date in entries
            ],
            user_edited=list(paper.user_edited),
        )


@dataclass(frozen=True, slots=True)
class Export:
    """What an export writes: the papers' ids, the papers (read as they are written),
    their reading lists (entries index the papers in id order) and every tag."""

    ids: list[int]
    papers: Iterator[PaperRecord]
    lists: list[ListRecord]
    tags: list[TagRecord]


def _position(ids: list[int], paper_id: int) -> int:
    """Where ``paper_id`` is in the sorted ``ids``; -1 when it is not there."""
    at = bisect.bisect_left(ids, paper_id)
    return at if at < len(ids) and ids[at] == paper_id else -1


class _DryRun(Exception):
    """Raised inside a dry-run import so its transaction rolls back."""


def _paper_loads() -> list[Any]:
    return [selectinload(Paper.links), selectinload(Paper.tags), selectinload(Paper.note)]


def _get(session: Session, paper_id: int) -> Paper:
    paper = session.get(Paper, paper_id)
    if paper is None:
        raise LibraryError(f"no paper with id {paper_id}")
    return paper


def _promote(paper: Paper, proposed: Status) -> Status:
    current = Status(paper.status)
    new = promoted(current, paper.status_manual, proposed)
    if new is not current:
        paper.status = new.value
        paper.status_changed_at = utcnow()
    return new


def _flushed_tags(session: Session, tags: TagCache, names: Iterable[str]) -> list[Tag]:
    made = [t for t in (tags.get(name) for name in names) if t is not None]
    session.flush()
    return made
