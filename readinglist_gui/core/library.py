"""The one door to a library: what the GUI, the command line and benchmarks call.

Reads run on short-lived connections and return detached values from
``results``, answered by ``core.search`` (see ``core/search/plan.py``);
every write is an op run by the library's one writer (``core.writes``),
which says in a change set what it changed.
"""

from __future__ import annotations

import bisect
import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from readinglist_gui.core import writes
from readinglist_gui.core.database import (
    DATABASE_NAME,
    LibraryError,
    open_database,
    read_only_uri,
)
from readinglist_gui.core.models import Entry, Paper, ReaderState, ReadingList, Section, Tag
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import (
    LinkKind,
    LinkRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
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
from readinglist_gui.core.sqlite_backend import ChangeWatch
from readinglist_gui.core.writes import ChangeHub, ChangeSet, Done, ExternalChanges, Op, Writer
from readinglist_gui.core.writes.feed import POLL_SECONDS

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = [
    "Interrupted",
    "Library",
    "LibraryError",
    "PaperQuery",
    "SortKey",
    "default_library_dir",
]

T = TypeVar("T")


def default_library_dir() -> Path:
    """``READINGLIST_HOME`` if set, else the platform's per-user data folder."""
    env = os.environ.get("READINGLIST_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path  # only when no folder is given (start-up time)

    return user_data_path("readinglist-gui", appauthor=False)


class Library:
    """A folder holding the database and the PDFs downloaded or attached to it."""

    def __init__(self, folder: Path, engine: Engine) -> None:
        self.folder = folder
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._search = Search(engine)
        self._hub = ChangeHub()
        self.writer = Writer(engine, self._hub, folder / DATABASE_NAME)
        self._external: ExternalChanges | None = None
        self._watch: ChangeWatch | None = None

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
        if self._watch is not None:
            self._watch.close()
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
        from readinglist_gui.core.merge import chunks  # with the merge code (start-up time)

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
        """Start announcing what other processes commit to this library; stops at ``close``.

        The watch's own connection is opened here: the command line never needs it.
        """
        if self._external is None:
            uri = read_only_uri(self.engine)
            self._watch = ChangeWatch(self.folder / DATABASE_NAME, uri=uri)
            self._external = ExternalChanges(self.engine, self._watch, self._hub)
            self._external.start(interval)
        return self._external

    def add_paper(self, record: PaperRecord) -> int:
        """Add one paper, merging into the one already there if it is the same paper."""
        return self.import_batch(RecordBatch(papers=[record])).paper_ids[0]

    def import_batch(self, batch: RecordBatch, *, dry_run: bool = False) -> ImportReport:
        """Bring a whole import in, or nothing of it; a dry run reports and changes nothing."""
        return self.write(writes.ImportPapers(batch), preview=dry_run).value

    def set_status(self, ids: Iterable[int], status: Status) -> ChangeSet:
        """The user's choice: it sticks, and automation will not move it again."""
        return self.write(writes.SetStatus(tuple(ids), Status(status))).changes

    def clear_manual_status(self, ids: Iterable[int]) -> ChangeSet:
        """Hand papers' statuses back to automation."""
        return self.write(writes.HandBackStatus(tuple(ids))).changes

    def promote(self, paper_id: int, status: Status) -> Status:
        """An automatic proposal; returns the status the paper ends with."""
        return self.write(writes.Promote(paper_id, status)).value

    def set_note(self, paper_id: int, markdown: str) -> Status:
        """Save the note; text in it makes the paper noted. Returns the resulting status."""
        return self.write(writes.SetNote(paper_id, markdown)).value

    def record_reading(
        self, paper_id: int, page: int, page_count: int, pages_seen: int = 1
    ) -> Status:
        """Remember where the reader is; paging through an unread paper skims it."""
        return self.write(writes.RecordReading(paper_id, page, page_count, pages_seen)).value

    def add_tags(self, ids: Iterable[int], names: Iterable[str]) -> ChangeSet:
        return self.write(writes.AddTags(tuple(ids), tuple(names))).changes

    def remove_tags(self, ids: Iterable[int], names: Iterable[str]) -> ChangeSet:
        return self.write(writes.RemoveTags(tuple(ids), tuple(names))).changes

    def rename_tag(self, old: str, new: str) -> ChangeSet:
        """Rename a tag; renaming onto an existing tag merges the two."""
        return self.write(writes.RenameTag(old, new)).changes

    def set_tag_color(self, name: str, color: str | None) -> ChangeSet:
        return self.write(writes.SetTagColor(name, color)).changes

    def update_fields(self, paper_id: int, **fields: Any) -> ChangeSet:
        """Edit fields by hand; they are then never overwritten by imports or look-ups."""
        return self.write(writes.UpdateFields.of(paper_id, fields)).changes

    def set_pdf(self, paper_id: int, relative_path: str | None) -> ChangeSet:
        return self.write(writes.SetPdf(paper_id, relative_path)).changes

    def delete_papers(self, ids: Iterable[int]) -> ChangeSet:
        return self.write(writes.DeletePapers(tuple(sorted(set(ids))))).changes

    def reader_zoom(self, paper_id: int) -> str | None:
        """How the reader last showed this paper (a factor or a fit mode), if it did."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(ReaderState.zoom).where(ReaderState.paper_id == paper_id)
            ).scalar()

    def export_batch(self, query: PaperQuery | None = None) -> RecordBatch:
        """The papers of ``query`` (all by default) with their lists, as records."""
        with self.exporting(query) as found:
            return RecordBatch(papers=list(found.papers), lists=found.lists, tags=found.tags)

    @contextlib.contextmanager
    def exporting(self, query: PaperQuery | None = None, chunk: int = 1000) -> Iterator[Export]:
        """The papers of ``query`` (all by default) in id order, read ``chunk`` at a time
        while the caller writes them out, with their lists and every tag."""
        # Loaded by the first export, not by opening a library (start-up time).
        from readinglist_gui.core.snapshot import add_highlights, list_record, paper_record

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
                    records = {paper.id: paper_record(paper) for paper in found}
                    add_highlights(session, records)
                    yield from records.values()
                    session.expunge_all()

            yield Export(wanted, papers(), lists, tags)

    # Internals -----------------------------------------------------------------

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


def _paper_loads() -> list[Any]:
    return [selectinload(Paper.links), selectinload(Paper.tags), selectinload(Paper.note)]
