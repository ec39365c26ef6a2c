"""The reading list a Markdown reader builds: sections in source order, one entry per paper mention.

The shape classifiers (bullets, tables, papers written as headings with
fields) all end here, so the rules for turning an ``Item`` into a paper and an
entry, and for what the report says, are in one place.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from readinglist_gui.core.importers.markdown_items import Item
from readinglist_gui.core.importers.paper_builder import add_link, paper_from_links, refusal
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    Problem,
    RecordBatch,
    SectionRecord,
    Status,
)


class ListBuilder:
    def __init__(self, source: str, references: dict[str, str]) -> None:
        self.source = source
        self.references = references
        self.batch = RecordBatch()
        self.name = ""
        self.tags: list[str] = []
        self.sections: list[SectionRecord] = []
        self.section: SectionRecord | None = None
        self.provisional: list[int] = []
        """Papers named by a bare title in a section without links: kept only if the
        whole document turns out to have no links at all."""

    def open_section(self, heading: str, date: dt.date | None) -> SectionRecord:
        self.section = SectionRecord(heading, date)
        self.sections.append(self.section)
        return self.section

    def current_section(self) -> SectionRecord:
        if self.section is None:
            self.section = SectionRecord("")
            self.sections.insert(0, self.section)
        return self.section

    def problem(self, message: str, line: int | None = None) -> None:
        self.batch.problems.append(Problem(message, line, self.source))

    def report_refused(self, item: Item, line: int) -> None:
        for target in item.refused:
            self.problem(refusal(target) or f"link {target[:80]!r} skipped", line)

    def add(self, item: Item, line: int, provisional: bool = False) -> EntryRecord | None:
        if not item.title and not item.urls:
            return None
        paper = paper_from_links(item.title, item.urls, self.tags)
        if not paper.title and paper.arxiv_id is None and paper.doi is None:
            self.problem("link without a title or paper identifier skipped", line)
            return None
        paper.venue, paper.year = item.venue, item.year
        if item.checked:
            paper.status = Status.SKIMMED
        if provisional:
            self.provisional.append(len(self.batch.papers))
        self.batch.papers.append(paper)
        entry = EntryRecord(len(self.batch.papers) - 1, tldr=item.tldr)
        self.current_section().entries.append(entry)
        return entry

    def paper(self, entry: EntryRecord) -> PaperRecord:
        return self.batch.papers[entry.paper]

    def attach(self, entry: EntryRecord, item: Item) -> None:
        """A nested bullet under a paper adds its links and words to that paper."""
        paper = self.paper(entry)
        for url in item.urls:
            add_link(paper, url)
        words = " ".join(part for part in (item.title, item.tldr) if part)
        if words:
            entry.tldr = f"{entry.tldr} {words}".strip() if entry.tldr else words

    def finish(self, document_links: bool) -> RecordBatch:
        if document_links and self.provisional:
            self._drop_provisional()
        sections = [s for s in self.sections if s.entries]
        if not sections:
            self.problem("no papers found")
            return self.batch
        name = self.name or PurePosixPath(self.source).stem or self.source
        self.batch.lists.append(ListRecord(name=name, source=self.source, sections=sections))
        return self.batch

    def _drop_provisional(self) -> None:
        dropped = set(self.provisional)
        position: dict[int, int] = {}
        kept: list[PaperRecord] = []
        for index, paper in enumerate(self.batch.papers):
            if index not in dropped:
                position[index] = len(kept)
                kept.append(paper)
        self.batch.papers[:] = kept
        for section in self.sections:
            section.entries[:] = [e for e in section.entries if e.paper in position]
            for entry in section.entries:
                entry.paper = position[entry.paper]
        self.provisional.clear()
