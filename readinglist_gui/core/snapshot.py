"""Stored papers and lists turned back into the plain records importers produce.

Export and undo both go through these: a library written out as records and
read back in is the same library.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from readinglist_gui.core import highlights
from readinglist_gui.core.models import Entry, Paper, ReadingList
from readinglist_gui.core.records import (
    EntryRecord,
    LinkKind,
    LinkRecord,
    ListRecord,
    PaperRecord,
    SectionRecord,
    Status,
)


def paper_record(paper: Paper) -> PaperRecord:
    return PaperRecord(
        title=paper.title,
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
        note=paper.note.markdown if paper.note else "",
        last_page=paper.last_page,
        page_count=paper.page_count,
        pdf=paper.pdf_path,
        title_truncated=paper.title_truncated,
        added=paper.added_at,
    )


def list_record(session: Session, rl: ReadingList, index: dict[int, int]) -> ListRecord:
    record = ListRecord(name=rl.name, source=rl.source, imported_at=rl.imported_at)
    by_section: dict[int | None, SectionRecord] = {}
    for section in rl.sections:
        by_section[section.id] = SectionRecord(section.heading, section.date)
        record.sections.append(by_section[section.id])
    for entry in session.execute(
        select(Entry).where(Entry.list_id == rl.id).order_by(Entry.position)
    ).scalars():
        if entry.paper_id not in index:
            continue
        target = by_section.get(entry.section_id)
        if target is None:
            target = by_section.setdefault(None, SectionRecord(""))
            if target not in record.sections:
                record.sections.insert(0, target)
        target.entries.append(EntryRecord(index[entry.paper_id], entry.tldr, entry.optional))
    return record


def add_highlights(session: Session, records: dict[int, PaperRecord]) -> None:
    """Give each exported paper (by id) its highlights."""
    found = highlights.of_papers(session.connection(), records)
    for paper_id, marked in found.items():
        records[paper_id].highlights = [h.record() for h in marked]
