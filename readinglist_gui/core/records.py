"""Plain records that importers produce and the library consumes.

Importers never touch the database: they turn a source file into these
records, and ``Library.import_batch`` merges them in one transaction. That keeps
every parser testable on its own and every import all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """Reading progress, in the order automatic promotion may move it."""

    UNREAD = "unread"
    SKIMMED = "skimmed"
    NOTED = "noted"

    @property
    def rank(self) -> int:
        return _STATUS_RANK[self]


_STATUS_RANK = {Status.UNREAD: 0, Status.SKIMMED: 1, Status.NOTED: 2}


class LinkKind(StrEnum):
    ABS = "abs"
    PDF = "pdf"
    CODE = "code"
    BLOG = "blog"
    OTHER = "other"


@dataclass(slots=True)
class LinkRecord:
    url: str
    kind: LinkKind = LinkKind.OTHER


class HighlightColor(StrEnum):
    """The four colours a passage can be highlighted in, by the names the exchange format uses."""

    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    PINK = "pink"

    @classmethod
    def named(cls, name: str | None) -> HighlightColor:
        """The colour of that name; anything else is yellow, the colour people highlight in."""
        try:
            return cls(name or cls.YELLOW)
        except ValueError:
            return cls.YELLOW


Rect = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class HighlightRecord:
    """A highlighted passage as a source describes it: the page counts from 0, the rectangles
    are the marked lines in the page's coordinates (points, origin top left)."""

    page: int
    text: str
    rects: tuple[Rect, ...]
    color: HighlightColor = HighlightColor.YELLOW
    comment: str = ""
    created: dt.datetime | None = None


@dataclass(slots=True)
class PaperRecord:
    """One paper as a source describes it; empty fields mean "not known"."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str = ""
    abstract: str = ""
    arxiv_id: str | None = None
    doi: str | None = None
    links: list[LinkRecord] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: Status = Status.UNREAD
    status_manual: bool = False
    note: str = ""
    last_page: int | None = None
    page_count: int | None = None
    pdf: str | None = None
    title_truncated: bool = False
    added: dt.datetime | None = None
    highlights: list[HighlightRecord] = field(default_factory=list)


@dataclass(slots=True)
class EntryRecord:
    """A paper's place in a reading list; ``paper`` indexes ``RecordBatch.papers``."""

    paper: int
    tldr: str = ""
    optional: bool = False


@dataclass(slots=True)
class SectionRecord:
    heading: str
    date: dt.date | None = None
    entries: list[EntryRecord] = field(default_factory=list)


@dataclass(slots=True)
class ListRecord:
    name: str
    source: str = ""
    imported_at: dt.datetime | None = None
    sections: list[SectionRecord] = field(default_factory=list)


@dataclass(slots=True)
class Problem:
    """Something in the source that was skipped or guessed, for the import report."""

    message: str
    line: int | None = None
    source: str = ""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}" if where else self.message


@dataclass(slots=True)
class TagRecord:
    name: str
    color: str | None = None


@dataclass(slots=True)
class RecordBatch:
    """Papers with their reading lists and tags as plain records: what an import reads
    (with what it could not read) and what an export writes out."""

    papers: list[PaperRecord] = field(default_factory=list)
    lists: list[ListRecord] = field(default_factory=list)
    tags: list[TagRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    repeats: int = 0
    """Entries that named the same work as an earlier entry of the import, folded into it."""

    def extend(self, other: RecordBatch) -> None:
        """Append another batch, re-pointing its entries at the combined paper list."""
        offset = len(self.papers)
        self.papers.extend(other.papers)
        for reading_list in other.lists:
            for section in reading_list.sections:
                for entry in section.entries:
                    entry.paper += offset
        self.lists.extend(other.lists)
        self.tags.extend(other.tags)
        self.problems.extend(other.problems)
        self.repeats += other.repeats
