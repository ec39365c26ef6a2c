"""Lightweight, detached values that queries hand to the GUI and command line.

Views never hold ORM objects: these are plain slotted records, cheap to build
for the 200 rows on screen and safe to pass between threads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from readinglist_gui.core.records import LinkRecord, Problem, Status


@dataclass(frozen=True, slots=True)
class PaperRow:
    id: int
    title: str
    authors: str
    year: int | None
    status: Status
    tags: str
    place: str
    added: dt.datetime
    last_page: int | None
    page_count: int | None
    pages_seen: int
    has_pdf: bool
    title_truncated: bool


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    rows: list[PaperRow]


@dataclass(frozen=True, slots=True)
class View:
    """Everything the main window shows for one query: a page, the total, the counts."""

    total: int
    rows: list[PaperRow]
    status_counts: dict[Status, int]
    tag_counts: list[TagCount]


@dataclass(frozen=True, slots=True)
class TagCount:
    id: int
    name: str
    color: str | None
    count: int


@dataclass(frozen=True, slots=True)
class SectionInfo:
    id: int
    heading: str
    date: dt.date | None
    total: int
    read: int


@dataclass(frozen=True, slots=True)
class ListInfo:
    id: int
    name: str
    source: str
    imported_at: dt.datetime
    total: int
    read: int
    sections: list[SectionInfo]


@dataclass(frozen=True, slots=True)
class EntryInfo:
    list_id: int
    list_name: str
    section_id: int | None
    section_heading: str
    section_date: dt.date | None
    position: int
    tldr: str
    optional: bool


@dataclass(frozen=True, slots=True)
class PaperDetail:
    id: int
    title: str
    title_truncated: bool
    authors: list[str]
    year: int | None
    venue: str
    abstract: str
    arxiv_id: str | None
    doi: str | None
    links: list[LinkRecord]
    tags: list[str]
    status: Status
    status_manual: bool
    status_changed_at: dt.datetime | None
    note: str
    added: dt.datetime
    updated: dt.datetime
    last_page: int | None
    page_count: int | None
    pages_seen: int
    pdf_path: Path | None
    entries: list[EntryInfo]
    user_edited: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ImportReport:
    added: int = 0
    merged: int = 0
    lists: int = 0
    sections: int = 0
    paper_ids: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    repeats: int = 0
    """Entries of the import that named the same work as another of its entries."""

    def summary(self) -> str:
        parts = [
            f"{self.added} added",
            f"{self.merged} merged into existing papers",
        ]
        if self.repeats:
            parts.append(
                f"{self.repeats} {'entries were' if self.repeats > 1 else 'entry was'} "
                "the same paper as another entry of the import"
            )
        parts += [
            f"{len(self.problems)} skipped or noted",
            f"{self.lists} reading lists with {self.sections} sections",
        ]
        return ", ".join(parts)
