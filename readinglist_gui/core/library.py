"""The one door to a library: what the GUI, the command line and benchmarks call.

Reads run on short-lived connections and return detached values from
``results``; every write is an op run by the library's one writer
(``core.writes``), which says in a change set what it changed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from platformdirs import user_data_path
from sqlalchemy import Connection, Engine, Select, case, func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from readinglist_gui.core import facets, sweep
from readinglist_gui.core import query as q
from readinglist_gui.core.count_cache import CountCache
from readinglist_gui.core.database import (
    DATABASE_NAME,
    LibraryError,
    open_database,
    read_only_uri,
)
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import (
    Entry,
    Paper,
    PaperFacet,
    ReaderState,
    ReadingList,
    Section,
    Tag,
)
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import (
    ImportBatch,
    LinkKind,
    LinkRecord,
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
    SectionInfo,
    TagCount,
    View,
)
from readinglist_gui.core.snapshot import add_highlights, list_record, paper_record
from readinglist_gui.core.sqlite_backend import ChangeWatch, Survey, TextIndex, match_query
from readinglist_gui.core.writes import (
    AddTags,
    ChangeHub,
    ChangeSet,
    DeletePapers,
    Done,
    ExternalChanges,
    HandBackStatus,
    ImportPapers,
    Op,
    Promote,
    RecordReading,
    RemoveTags,
    RenameTag,
    SetNote,
    SetPdf,
    SetStatus,
    SetTagColor,
    UpdateFields,
    Writer,
)
from readinglist_gui.core.writes.feed import POLL_SECONDS

__all__ = [
    "Interrupted",
    "Library",
    "LibraryError",
    "PaperQuery",
    "SortKey",
    "default_library_dir",
]

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

T = TypeVar("T")
_CORES = os.cpu_count() or 1
_IDS_CHUNK = 5000


def default_library_dir() -> Path:
    """``READINGLIST_HOME`` if set, else the platform's per-user data folder."""
    env = os.environ.get("READINGLIST_HOME")
    if env:
        return Path(env).expanduser()
    return user_data_path("readinglist-gui", appauthor=False)


class Interrupted(Exception):
    """A read abandoned because its caller said the answer is no longer wanted."""


class Library:
    """A folder holding the database and the PDFs downloaded or attached to it."""

    def __init__(self, folder: Path, engine: Engine) -> None:
        self.folder = folder
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._watch = ChangeWatch(folder / DATABASE_NAME, uri=read_only_uri(engine))
        self._counts = CountCache(self._watch.version)
        self._helper: ThreadPoolExecutor | None = None
        self._helper_lock = threading.Lock()
        self._hub = ChangeHub()
        self.writer = Writer(engine, self._hub, folder / DATABASE_NAME)
        self._external: ExternalChanges | None = None

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
        """Finish queued writes, stop watching, release every connection."""
        self.writer.close()
        if self._external is not None:
            self._external.stop()
        with self._helper_lock:
            helper, self._helper = self._helper, None
        if helper is not None:
            helper.shutdown()
        self._watch.close()
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Reading -----------------------------------------------------------------

    def view(
        self,
        query: PaperQuery = PaperQuery(),
        offset: int = 0,
        limit: int = 200,
        *,
        sidebar: bool = False,
    ) -> View:
        """One page of rows with the total and every count, in one go.

        This is what the GUI asks on each keystroke: one connection, one
        evaluation of the search, and the cheapest plan for each statement.
        With ``sidebar`` the status counts also set the reading-list filter
        aside, because the sidebar offers statuses and lists as alternatives.
        """
        with self.engine.connect() as conn:
            survey = self._survey(conn, query)
            if survey is not None and sweep.applies(query, survey):
                swept = self._swept(conn, query, survey, (offset, limit))
                if swept is not None:
                    return swept
            criteria = self._criteria(conn, query, survey)
            total = self._counted("total", criteria, lambda: q.count(conn, criteria))
            scan = q.walks_sort_index(conn, criteria, total)
            rows = q.page_rows(conn, criteria, offset, limit, scan=scan)
            found = self._facets(conn, criteria, sidebar=sidebar, total=total)
            return View(total, rows, found.statuses, self._tag_counts(conn, found))

    def ids(
        self, query: PaperQuery = PaperQuery(), *, stop: Callable[[], bool] | None = None
    ) -> list[int]:
        """Every matching id in display order: cheap enough for 100k rows.

        ``stop`` is asked between chunks of rows; once it says yes the read is
        abandoned with ``Interrupted``, so a newer request never waits long
        behind one whose answer nobody wants any more.
        """
        with self.engine.connect() as conn:
            criteria = self._criteria(conn, query)
            scan = q.walks_sort_index(conn, criteria)
            statement = select(Paper.id).where(*criteria.where(scan=scan))
            return _first_column(conn, statement.order_by(*q.order_by(query)), stop)

    def warm_counts(self, stop: Callable[[], bool] | None = None) -> None:
        """Count the views people click most (everything, each status) before they click.

        Their counts span most of the library, so they cost tens of milliseconds
        at 100k papers the first time after a write and nothing afterwards; an
        idle moment is the time to pay. ``stop`` is asked before each view.
        """
        for statuses in ((), *((status,) for status in Status)):
            if stop is not None and stop():
                return
            self.view(PaperQuery(statuses=frozenset(statuses)), 0, 0)

    def count(self, query: PaperQuery = PaperQuery()) -> int:
        with self.engine.connect() as conn:
            return q.count(conn, self._criteria(conn, query))

    def page(self, query: PaperQuery = PaperQuery(), offset: int = 0, limit: int = 200) -> Page:
        with self.engine.connect() as conn:
            criteria = self._criteria(conn, query)
            total = q.count(conn, criteria)
            scan = q.walks_sort_index(conn, criteria, total)
            return Page(total, q.page_rows(conn, criteria, offset, limit, scan=scan))

    def head(self, query: PaperQuery = PaperQuery(), limit: int = 200) -> list[PaperRow]:
        """The first rows of a query without its total: what start-up shows at once.

        The background query brings the total a moment later; an unfiltered
        library is then not counted here at all (see ``walks_sort_index``).
        """
        with self.engine.connect() as conn:
            criteria = self._criteria(conn, query)
            scan = q.walks_sort_index(conn, criteria)
            return q.page_rows(conn, criteria, 0, limit, scan=scan)

    def rows(self, ids: Sequence[int]) -> list[PaperRow]:
        """Rows for these ids, in the order given (missing ids are left out)."""
        found: dict[int, PaperRow] = {}
        with self.engine.connect() as conn:
            for chunk in chunks(list(ids)):
                for r in conn.execute(q.row_select().where(Paper.id.in_(chunk))):
                    found[r.id] = q.row(r)
        return [found[i] for i in ids if i in found]

    def status_counts(self, query: PaperQuery = PaperQuery()) -> dict[Status, int]:
        """Counts per status for the query, its own status filter set aside."""
        with self.engine.connect() as conn:
            return self._facets(conn, self._criteria(conn, query)).statuses

    def tag_counts(self, query: PaperQuery = PaperQuery()) -> list[TagCount]:
        """Every tag with the number of papers in the query that carry it."""
        with self.engine.connect() as conn:
            return self._tag_counts(conn, self._facets(conn, self._criteria(conn, query)))

    def lists(self) -> list[ListInfo]:
        """Reading lists with their sections and progress (read = not unread)."""
        with self.engine.connect() as conn:
            per_list = _progress_by(conn, Entry.list_id)
            per_section = _progress_by(conn, Entry.section_id)
            sections: dict[int, list[SectionInfo]] = {}
            for s in conn.execute(select(Section).order_by(Section.list_id, Section.position)):
                total, done = per_section.get(s.id, (0, 0))
                sections.setdefault(s.list_id, []).append(
                    SectionInfo(s.id, s.heading, s.date, total, done)
                )
            result = []
            for rl in conn.execute(select(ReadingList).order_by(ReadingList.name)):
                total, done = per_list.get(rl.id, (0, 0))
                result.append(
                    ListInfo(
                        rl.id,
                        rl.name,
                        rl.source,
                        rl.imported_at,
                        total,
                        done,
                        sections.get(rl.id, []),
                    )
                )
            return result

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
    # Every write is an op run by the one writer (``core.writes``); these are the
    # short forms callers that wait for the result use. The GUI submits instead.

    def write(self, op: Op[T], *, origin: object = None, preview: bool = False) -> Done[T]:
        """Run one op through the writer and wait for it; returns its value and change set."""
        return self.writer.run(op, origin=origin, preview=preview)

    def submit(self, op: Op[T], *, origin: object = None) -> Future[Done[T]]:
        """Queue one op with the writer; the future completes once it has committed."""
        return self.writer.submit(op, origin=origin)

    def listen(self, listener: Callable[[ChangeSet], None]) -> Callable[[], None]:
        """Hear of every change set, this process's and (once watched) other processes'."""
        return self._hub.listen(listener)

    def watch_other_processes(self, interval: float = POLL_SECONDS) -> ExternalChanges:
        """Start announcing what other processes commit to this library; stops at ``close``."""
        if self._external is None:
            self._external = ExternalChanges(self.engine, self._watch, self._hub)
            self._external.start(interval)
        return self._external

    def add_paper(self, record: PaperRecord) -> int:
        """Add one paper, merging into the one already there if it is the same paper."""
        return self.import_batch(ImportBatch(papers=[record])).paper_ids[0]

    def import_batch(self, batch: ImportBatch, *, dry_run: bool = False) -> ImportReport:
        """Bring a whole import in, or nothing of it; a dry run reports and changes nothing."""
        return self.write(ImportPapers(batch), preview=dry_run).value

    def set_status(self, ids: Iterable[int], status: Status) -> ChangeSet:
        """The user's choice: it sticks, and automation will not move it again."""
        return self.write(SetStatus(tuple(ids), Status(status))).changes

    def clear_manual_status(self, ids: Iterable[int]) -> ChangeSet:
        """Hand papers' statuses back to automation."""
        return self.write(HandBackStatus(tuple(ids))).changes

    def promote(self, paper_id: int, status: Status) -> Status:
        """An automatic proposal; returns the status the paper ends with."""
        return self.write(Promote(paper_id, status)).value

    def set_note(self, paper_id: int, markdown: str) -> Status:
        """Save the note; text in it makes the paper noted. Returns the resulting status."""
        return self.write(SetNote(paper_id, markdown)).value

    def record_reading(
        self, paper_id: int, page: int, page_count: int, pages_seen: int = 1
    ) -> Status:
        """Remember where the reader is; paging through an unread paper skims it."""
        return self.write(RecordReading(paper_id, page, page_count, pages_seen)).value

    def add_tags(self, ids: Iterable[int], names: Iterable[str]) -> ChangeSet:
        return self.write(AddTags(tuple(ids), tuple(names))).changes

    def remove_tags(self, ids: Iterable[int], names: Iterable[str]) -> ChangeSet:
        return self.write(RemoveTags(tuple(ids), tuple(names))).changes

    def rename_tag(self, old: str, new: str) -> ChangeSet:
        """Rename a tag; renaming onto an existing tag merges the two."""
        return self.write(RenameTag(old, new)).changes

    def set_tag_color(self, name: str, color: str | None) -> ChangeSet:
        return self.write(SetTagColor(name, color)).changes

    def update_fields(self, paper_id: int, **fields: Any) -> ChangeSet:
        """Edit fields by hand; they are then never overwritten by imports or look-ups."""
        return self.write(UpdateFields.of(paper_id, fields)).changes

    def set_pdf(self, paper_id: int, relative_path: str | None) -> ChangeSet:
        return self.write(SetPdf(paper_id, relative_path)).changes

    def delete_papers(self, ids: Iterable[int]) -> ChangeSet:
        return self.write(DeletePapers(tuple(sorted(set(ids))))).changes

    def reader_zoom(self, paper_id: int) -> str | None:
        """How the reader last showed this paper (a factor or a fit mode), if it did."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(ReaderState.zoom).where(ReaderState.paper_id == paper_id)
            ).scalar()

    def export_batch(self, query: PaperQuery | None = None) -> ImportBatch:
        """The papers of ``query`` (all by default) with their lists, as records."""
        wanted = None if query is None else sorted(self.ids(query))
        batch = ImportBatch()
        with self._sessions() as session:
            index: dict[int, int] = {}
            statement = select(Paper).options(*_paper_loads()).order_by(Paper.id)
            selections = (
                [statement]
                if wanted is None
                else [statement.where(Paper.id.in_(chunk)) for chunk in chunks(wanted)]
            )
            for selection in selections:
                for paper in session.execute(selection).scalars():
                    index[paper.id] = len(batch.papers)
                    batch.papers.append(paper_record(paper))
            add_highlights(session, batch, index)
            for rl in session.execute(
                select(ReadingList)
                .options(selectinload(ReadingList.sections))
                .order_by(ReadingList.id)
            ).scalars():
                record = list_record(session, rl, index)
                if wanted is None or any(s.entries for s in record.sections):
                    batch.lists.append(record)
            batch.tags = [
                TagRecord(t.name, t.color)
                for t in session.execute(select(Tag).order_by(Tag.name_key)).scalars()
            ]
        return batch

    # Internals -----------------------------------------------------------------

    def _criteria(
        self, conn: Connection, query: PaperQuery, survey: Survey | None = None
    ) -> q.Criteria:
        """The query resolved on ``conn``, knowing how broad its search is."""
        return q.Criteria(conn, query, survey or self._survey(conn, query))

    def _survey(self, conn: Connection, query: PaperQuery) -> Survey | None:
        """How much of the library the query's search matches; None without one."""
        fts = match_query(query.text)
        return None if fts is None else TextIndex.survey(conn, fts, self._size(conn))

    def _size(self, conn: Connection) -> int:
        """How many papers the library holds: the unfiltered view's cached total."""
        everything = q.Criteria(conn, PaperQuery())
        return self._counted("total", everything, lambda: q.count(conn, everything))

    def _counted(self, name: str, criteria: q.Criteria, compute: Callable[[], T]) -> T:
        """Counts of the unfiltered or status-only views come from the cache."""
        if criteria.only_statuses():
            return self._counts.get((name, criteria.query.statuses), compute)
        return compute()

    def _facets(
        self,
        conn: Connection,
        criteria: q.Criteria,
        *,
        sidebar: bool = False,
        total: int | None = None,
    ) -> facets.Facets:
        """Status counts with the status filter set aside, tag counts as filtered.

        The sidebar offers statuses and reading lists as alternatives, so with
        ``sidebar`` its status counts set the list filter aside too. Both come
        from one pass over the papers the remaining filters match; when those
        are nearly the whole library, the pass runs over the few papers left
        out instead and their counts come off the cached library-wide ones.
        ``total``, the criteria's own count when the caller has it, saves
        counting again when nothing was set aside.
        """
        if sidebar and criteria.listed():
            beside = self._facets(conn, criteria.outside_lists())
            return replace(beside, tags=self._facets(conn, criteria, total=total).tags)
        statuses = criteria.query.statuses
        known = None if statuses else total
        aside = criteria.without_statuses()
        ids = self._tag_ids(conn)
        within = aside.matching()
        if within is None:
            return self._everything(conn, statuses, ids)
        outside = aside.left_out()
        if outside is None:
            matched = q.count(conn, aside) if known is None else known
            left_out = self._size(conn) - matched
            if left_out < matched and left_out <= q.COUNT_DRIVE_LIMIT:
                outside = select(PaperFacet.paper_id).where(PaperFacet.paper_id.not_in(within))
        if outside is not None:
            whole = self._everything(conn, statuses, ids)
            return whole.minus(facets.count(conn, outside, statuses, ids))
        return facets.count(conn, within, statuses, ids)

    def _swept(
        self, conn: Connection, query: PaperQuery, survey: Survey, window: tuple[int, int]
    ) -> View | None:
        """``view`` from one pass over a broad search's matches (see ``core.sweep``)."""
        ids = self._tag_ids(conn)
        found = sweep.sweep(
            conn,
            query,
            survey,
            window,
            ids,
            lambda: self._everything(conn, query.statuses, ids),
            self._beside if _CORES > 1 else None,
        )
        if found is None:
            return None
        rows = q.ordered_rows(conn, found.page, query)
        return View(found.total, rows, found.facets.statuses, self._tag_counts(conn, found.facets))

    def _beside(self, work: Callable[[Connection], T]) -> Future[T]:
        """Run ``work`` on a connection of its own in the helper thread.

        The thread pool is made on first use: importing it cost every start-up
        a millisecond and a half, and only broad searches need it.
        """
        with self._helper_lock:
            if self._helper is None:
                from concurrent.futures import ThreadPoolExecutor

                self._helper = ThreadPoolExecutor(1, thread_name_prefix="readinglist-sweep")
            helper = self._helper

        def run() -> T:
            with self.engine.connect() as conn:
                return work(conn)

        return helper.submit(run)

    def _everything(
        self, conn: Connection, statuses: frozenset[Status], ids: list[int]
    ) -> facets.Facets:
        """Counts over the whole library, kept until the next write."""
        return self._counts.get(
            ("facets", statuses), lambda: facets.count(conn, None, statuses, ids)
        )

    def _tag_list(self, conn: Connection) -> list[tuple[int, str, str | None]]:
        """(id, name, colour) of every tag in sidebar order, kept until the next write."""
        statement = select(Tag.id, Tag.name, Tag.color).order_by(Tag.name_key)
        return self._counts.get(("tag list",), lambda: [tuple(r) for r in conn.execute(statement)])

    def _tag_ids(self, conn: Connection) -> list[int]:
        return [tag_id for tag_id, _, _ in self._tag_list(conn)]

    def _tag_counts(self, conn: Connection, found: facets.Facets) -> list[TagCount]:
        return [
            TagCount(tag_id, name, color, found.tags.get(tag_id, 0))
            for tag_id, name, color in self._tag_list(conn)
        ]

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


def _progress_by(conn: Connection, group: Any) -> dict[int, tuple[int, int]]:
    """(papers, papers read) per list or per section; read means not unread."""
    read = case((Paper.status != Status.UNREAD.value, Entry.paper_id), else_=None)
    statement = (
        select(group, func.count(func.distinct(Entry.paper_id)), func.count(func.distinct(read)))
        .join(Paper, Paper.id == Entry.paper_id)
        .group_by(group)
    )
    return {key: (total, done) for key, total, done in conn.execute(statement)}


def _paper_loads() -> list[Any]:
    return [selectinload(Paper.links), selectinload(Paper.tags), selectinload(Paper.note)]


def _first_column(
    conn: Connection, statement: Select[Any], stop: Callable[[], bool] | None
) -> list[int]:
    """The first column of every row, read in chunks through the driver's own cursor.

    SQLAlchemy's per-row result processing costs about 0.6 µs a row: two thirds
    of the time for 100k bare integer ids, which need no processing at all. The
    statement's values are our own ids and names, so they can be rendered inline.
    """
    compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled))
        found: list[int] = []
        while rows := cursor.fetchmany(_IDS_CHUNK):
            if stop is not None and stop():
                raise Interrupted
            found.extend([row[0] for row in rows])
        return found
    finally:
        cursor.close()
