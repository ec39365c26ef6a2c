"""How a record from a list meets the paper we may already have.

The rules, in one place: a paper is the same paper if its arXiv id, its DOI or
its normalised title matches; what the user set (status, notes, tags, edited
fields) is never overwritten; new information only fills gaps or adds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readinglist_gui.core import library_meta
from readinglist_gui.core.identity import normalize_arxiv_id, normalize_doi, title_key
from readinglist_gui.core.models import (
    Link,
    Note,
    Paper,
    Tag,
    stored_list,
    stored_time,
    utcnow,
)
from readinglist_gui.core.records import LinkKind, PaperRecord, Status
from readinglist_gui.core.sqlite_backend import insert_many, new_papers_noted_in_bulk
from readinglist_gui.core.status_rules import promoted, status_for_note

_CHUNK = 500
T = TypeVar("T")
NOTE_SEPARATOR = "\n\n---\n\n"


def chunks(values: Sequence[T], size: int = _CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(slots=True)
class Keys:
    """The identity of a record: any one of these matching means the same paper."""

    arxiv_id: str | None
    doi: str | None
    title: str
    url: str | None

    @classmethod
    def of(cls, record: PaperRecord) -> Keys:
        """A truncated title is still a key: the same list re-imported cuts it the same way.

        A bare link is the identity only of a record with nothing else to go by,
        since two papers often share a code or blog link.
        """
        arxiv_id = normalize_arxiv_id(record.arxiv_id) if record.arxiv_id else None
        doi = normalize_doi(record.doi) if record.doi else None
        if arxiv_id is None and doi is not None:
            arxiv_id = normalize_arxiv_id(doi)
        key = title_key(record.title)
        url = None
        if not (arxiv_id or doi or key) and record.links:
            url = record.links[0].url
        return cls(arxiv_id, doi, key, url)


@dataclass(frozen=True, slots=True)
class Pending:
    """A paper this batch will add, standing in until it has an id."""

    index: int
    keys: Keys


@dataclass(slots=True)
class Resolver:
    """Finds the paper a record belongs to, among stored papers and this batch's new ones.

    Existing keys are looked up once per batch, in chunks, rather than three
    queries per record: a 100k-paper import stays a handful of queries.
    """

    session: Session
    by_arxiv: dict[str, int | Paper | Pending] = field(default_factory=dict)
    by_doi: dict[str, int | Paper | Pending] = field(default_factory=dict)
    by_title: dict[str, int | Paper | Pending] = field(default_factory=dict)
    by_url: dict[str, int | Paper | Pending] = field(default_factory=dict)

    def preload(self, keys: Sequence[Keys]) -> None:
        for column, index, values in (
            (Paper.arxiv_id, self.by_arxiv, [k.arxiv_id for k in keys if k.arxiv_id]),
            (Paper.doi, self.by_doi, [k.doi for k in keys if k.doi]),
            (Paper.title_key, self.by_title, [k.title for k in keys if k.title]),
        ):
            unique = sorted(set(values))
            for chunk in chunks(unique):
                rows = self.session.execute(select(column, Paper.id).where(column.in_(chunk)))
                for value, paper_id in rows:
                    if value is not None:
                        index.setdefault(value, paper_id)
        urls = sorted({k.url for k in keys if k.url})
        for chunk in chunks(urls):
            rows = self.session.execute(select(Link.url, Link.paper_id).where(Link.url.in_(chunk)))
            for url, paper_id in rows:
                if url is not None:
                    self.by_url.setdefault(url, paper_id)

    def find(self, keys: Keys) -> Paper | Pending | None:
        for value, index in self._indexes(keys):
            if not value or value not in index:
                continue
            found = index[value]
            paper = self.session.get(Paper, found) if isinstance(found, int) else found
            if paper is None or _conflicting(paper, keys):
                continue
            index[value] = paper
            return paper
        return None

    def release_taken_doi(self, keys: Keys) -> bool:
        """Drop the DOI of a record that matched no paper only because of it.

        Either another paper (stored, or new in this batch) holds that DOI, and
        the column is unique; or the record's arXiv id is a paper's whose DOI
        differs (a newer arXiv snapshot with a corrected DOI), and the arXiv id
        decides. Sources do repeat and change DOIs, so the record keeps its
        other identifiers instead of failing the whole import. Returns whether
        it dropped one.
        """
        taken = keys.doi in self.by_doi or (keys.arxiv_id and keys.arxiv_id in self.by_arxiv)
        if keys.doi and taken:
            keys.doi = None
            return True
        return False

    def remember_pending(self, keys: Keys, pending: Pending) -> None:
        for value, index in self._indexes(keys):
            if value:
                index.setdefault(value, pending)

    def _indexes(self, keys: Keys) -> list[tuple[str | None, dict[str, int | Paper | Pending]]]:
        return [
            (keys.arxiv_id, self.by_arxiv),
            (keys.doi, self.by_doi),
            (keys.title, self.by_title),
            (keys.url, self.by_url),
        ]

    def remember(self, paper: Paper) -> None:
        for value, index in (
            (paper.arxiv_id, self.by_arxiv),
            (paper.doi, self.by_doi),
            (paper.title_key, self.by_title),
        ):
            if value:
                index.setdefault(value, paper)

    def owner_of_doi(self, doi: str) -> int | Paper | Pending | None:
        if doi not in self.by_doi:
            found = self.session.execute(select(Paper.id).where(Paper.doi == doi)).scalar()
            if found is not None:
                self.by_doi[doi] = found
        return self.by_doi.get(doi)


def _conflicting(paper: Paper | Pending, keys: Keys) -> bool:
    """Two different arXiv ids (or DOIs) are two papers, whatever their titles say."""
    if isinstance(paper, Pending):
        arxiv_id, doi = paper.keys.arxiv_id, paper.keys.doi
    else:
        arxiv_id, doi = paper.arxiv_id, paper.doi
    if keys.arxiv_id and arxiv_id and keys.arxiv_id != arxiv_id:
        return True
    return bool(keys.doi and doi and keys.doi != doi)


class TagCache:
    """Tags by case-folded name, created on first use within a session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._tags: dict[str, Tag] = {}

    def get(self, name: str) -> Tag | None:
        clean = " ".join(name.split())
        if not clean:
            return None
        key = clean.casefold()
        tag = self._tags.get(key)
        if tag is None:
            tag = self.session.execute(select(Tag).where(Tag.name_key == key)).scalar()
            if tag is None:
                tag = Tag(name=clean, name_key=key)
                self.session.add(tag)
            self._tags[key] = tag
        return tag


def insert_new(
    session: Session,
    fresh: Sequence[tuple[PaperRecord, Keys]],
    tags: TagCache,
    places: Mapping[int, str] | None = None,
) -> list[int]:
    """Insert papers known to be new with a few bulk statements; returns their ids in order.

    Their labels are written with them: the tag label (``tags_label_of``) and,
    when the caller knows it, the place label (``places``, by position in
    ``fresh``), so the writer's upkeep need not rewrite every new row once more.
    Papers, their tags, links and notes go through ``sqlite_backend.insert_many``
    with values already in the columns' stored form: SQLAlchemy's per-row
    parameter processing was a fifth of a 100k-paper import
    (bench/snapshot_import.py).
    """
    if not fresh:
        return []
    now = utcnow()
    stamp = stored_time(now)
    places = places or {}
    ids = list(allocate_paper_ids(session, len(fresh)))
    tag_lists, tag_labels = _tags_of(tags, [record for record, _keys in fresh])
    session.flush()
    papers = (
        _paper_row(paper_id, record, keys, now, tag_label, places.get(index, ""))
        for index, (paper_id, (record, keys), tag_label) in enumerate(
            zip(ids, fresh, tag_labels, strict=True)
        )
    )
    paper_tags = (
        (paper_id, tag.id)
        for paper_id, record_tags in zip(ids, tag_lists, strict=True)
        for tag in record_tags
    )
    notes = (
        (paper_id, record.note, stamp)
        for paper_id, (record, _keys) in zip(ids, fresh, strict=True)
        if record.note.strip()
    )
    connection = session.connection()
    with new_papers_noted_in_bulk(connection, ids[0], ids[-1]):
        insert_many(connection, _INSERT_PAPER, papers)
        insert_many(
            connection, "INSERT INTO paper_tag (paper_id, tag_id) VALUES (?, ?)", paper_tags
        )
    insert_many(
        connection,
        "INSERT INTO link (paper_id, url, kind) VALUES (?, ?, ?)",
        _link_rows(ids, fresh),
    )
    insert_many(
        connection, "INSERT INTO note (paper_id, markdown, updated_at) VALUES (?, ?, ?)", notes
    )
    return ids


def _link_rows(
    ids: Sequence[int], fresh: Sequence[tuple[PaperRecord, Keys]]
) -> Iterator[tuple[int, str, str]]:
    """Each new paper's links, once each, as ``link`` rows."""
    for paper_id, (record, _keys) in zip(ids, fresh, strict=True):
        seen: set[str] = set()
        for link in record.links:
            if link.url and link.url not in seen:
                seen.add(link.url)
                yield paper_id, link.url, LinkKind(link.kind).value


def _tags_of(tags: TagCache, records: Sequence[PaperRecord]) -> tuple[list[list[Tag]], list[str]]:
    """Each record's tags and tag label. Worked out once per distinct list of names: the
    papers of one reading list mostly carry the same few tags."""
    known: dict[tuple[str, ...], tuple[list[Tag], str]] = {}
    tag_lists: list[list[Tag]] = []
    labels: list[str] = []
    for record in records:
        names = tuple(record.tags)
        found = known.get(names)
        if found is None:
            made = _unique_tags(tags, names)
            found = known[names] = (made, tags_label_of(made))
        tag_lists.append(found[0])
        labels.append(found[1])
    return tag_lists, labels


def tags_label_of(tags: Iterable[Tag]) -> str:
    """The table's tag label, as ``labels.refresh_labels`` makes it: names by their key."""
    return ", ".join(tag.name for tag in sorted(tags, key=lambda tag: tag.name_key))


def allocate_ids(session: Session, column: Any, count: int) -> range:
    """Ids for rows about to be bulk-inserted, so no per-row RETURNING is needed.

    Safe because the import runs in one write transaction: a concurrent writer
    taking the same ids would make the whole import fail, never mix two.
    """
    start = session.execute(select(func.coalesce(func.max(column), 0))).scalar_one() + 1
    return range(start, start + count)


def allocate_paper_ids(session: Session, count: int) -> range:
    """Ids for new papers, past every id ever used (see ``library_meta.PAPER_ID_HIGH_WATER``)."""
    used = library_meta.get(session, library_meta.PAPER_ID_HIGH_WATER)
    ids = allocate_ids(session, Paper.id, count)
    start = max(ids.start, int(used or 0) + 1)
    ids = range(start, start + count)
    if count:
        library_meta.put(session, library_meta.PAPER_ID_HIGH_WATER, str(ids.stop - 1))
    return ids


_PAPER_COLUMNS = (
    "id, title, title_key, title_truncated, authors, year, venue, abstract, arxiv_id, doi, "
    "added_at, updated_at, status, status_manual, status_changed_at, last_page, page_count, "
    "pages_seen, pdf_path, user_edited, tags_label, place_label"
)
_NO_EDITS = stored_list([])
"""A new paper's ``user_edited``: nothing yet."""
_INSERT_PAPER = f"INSERT INTO paper ({_PAPER_COLUMNS}) VALUES ({', '.join('?' * (_PAPER_COLUMNS.count(',') + 1))})"


def _paper_row(
    paper_id: int,
    record: PaperRecord,
    keys: Keys,
    now: dt.datetime,
    tags_label: str,
    place_label: str,
) -> tuple[object, ...]:
    """A new paper's row in ``_PAPER_COLUMNS`` order, each value as the column stores it."""
    status = record.status
    if not record.status_manual:
        status = promoted(status, False, status_for_note(record.note))
    stamp = stored_time(now)
    return (
        paper_id,
        record.title.strip(),
        keys.title,
        int(record.title_truncated),
        stored_list([a for a in record.authors if a.strip()]),
        record.year,
        record.venue.strip(),
        record.abstract.strip(),
        keys.arxiv_id,
        keys.doi,
        stored_time(record.added) or stamp,
        stamp,
        status.value,
        int(record.status_manual),
        stamp if status is not Status.UNREAD else None,
        record.last_page,
        record.page_count,
        0,
        record.pdf,
        _NO_EDITS,
        tags_label,
        place_label,
    )


def merge_into(
    paper: Paper, record: PaperRecord, keys: Keys, tags: TagCache, resolver: Resolver
) -> None:
    """Fill the gaps of ``paper`` from ``record``; never overwrite what the user set."""
    edited = set(paper.user_edited)
    incoming_title = record.title.strip()
    completes_title = not paper.title or (paper.title_truncated and not record.title_truncated)
    if incoming_title and "title" not in edited and completes_title:
        paper.title = incoming_title
        paper.title_key = title_key(incoming_title)
        paper.title_truncated = record.title_truncated
    for name in ("venue", "abstract"):
        value = getattr(record, name).strip()
        if value and not getattr(paper, name) and name not in edited:
            setattr(paper, name, value)
    if record.authors and not paper.authors and "authors" not in edited:
        paper.authors = [a for a in record.authors if a.strip()]
    if record.year and paper.year is None and "year" not in edited:
        paper.year = record.year
    if keys.arxiv_id and not paper.arxiv_id and keys.arxiv_id not in resolver.by_arxiv:
        paper.arxiv_id = keys.arxiv_id
        resolver.remember(paper)
    if keys.doi and not paper.doi and resolver.owner_of_doi(keys.doi) is None:
        paper.doi = keys.doi
        resolver.remember(paper)
    if record.page_count and not paper.page_count:
        paper.page_count = record.page_count
    if record.last_page and not paper.last_page:
        paper.last_page = record.last_page
    if record.pdf and not paper.pdf_path:
        paper.pdf_path = record.pdf
    add_links(paper, record)
    have = {t.name_key for t in paper.tags}
    paper.tags.extend(t for t in _unique_tags(tags, record.tags) if t.name_key not in have)
    _merge_note(paper, record.note)
    current = Status(paper.status)
    proposed = promoted(
        record.status, False, status_for_note(paper.note.markdown if paper.note else "")
    )
    new_status = promoted(current, paper.status_manual, proposed)
    if new_status is not current:
        paper.status = new_status.value
        paper.status_changed_at = utcnow()
    paper.updated_at = utcnow()


def _merge_note(paper: Paper, incoming: str) -> None:
    text = incoming.strip()
    if not text:
        return
    if paper.note is None or not paper.note.markdown.strip():
        paper.note = Note(markdown=incoming) if paper.note is None else paper.note
        paper.note.markdown = incoming
    elif text not in paper.note.markdown:
        paper.note.markdown = paper.note.markdown.rstrip() + NOTE_SEPARATOR + text


def add_links(paper: Paper, record: PaperRecord) -> None:
    have = {link.url for link in paper.links}
    for link in record.links:
        if link.url and link.url not in have:
            paper.links.append(Link(url=link.url, kind=LinkKind(link.kind).value))
            have.add(link.url)


def _unique_tags(tags: TagCache, names: Iterable[str]) -> list[Tag]:
    seen: dict[str, Tag] = {}
    for name in names:
        tag = tags.get(name)
        if tag is not None:
            seen.setdefault(tag.name_key, tag)
    return list(seen.values())
