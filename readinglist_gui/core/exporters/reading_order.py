"""A batch seen the way a reader sees a list: lists, their sections, their papers in order.

Documents written for people (Markdown, the published page) follow the lists;
papers that no exported list holds still appear, in a last group of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from readinglist_gui.core.records import PaperRecord, RecordBatch

OTHER_PAPERS = "Other papers"


@dataclass(frozen=True, slots=True)
class Placed:
    paper: PaperRecord
    tldr: str = ""
    optional: bool = False


@dataclass(slots=True)
class PlacedSection:
    heading: str
    date: dt.date | None = None
    papers: list[Placed] = field(default_factory=list)

    @property
    def date_text(self) -> str:
        return self.date.isoformat() if self.date else ""


@dataclass(slots=True)
class PlacedList:
    name: str
    sections: list[PlacedSection] = field(default_factory=list)


def placed_papers(batch: RecordBatch) -> list[PlacedList]:
    """The batch's lists in order; papers in none of them come last, unnamed if alone."""
    groups: list[PlacedList] = []
    seen: set[int] = set()
    for reading_list in batch.lists:
        group = PlacedList(reading_list.name)
        for section in reading_list.sections:
            placed = PlacedSection(section.heading, section.date)
            for entry in section.entries:
                if 0 <= entry.paper < len(batch.papers):
                    seen.add(entry.paper)
                    placed.papers.append(
                        Placed(batch.papers[entry.paper], entry.tldr, entry.optional)
                    )
            group.sections.append(placed)
        groups.append(group)
    rest = [Placed(paper) for n, paper in enumerate(batch.papers) if n not in seen]
    if rest:
        groups.append(PlacedList(OTHER_PAPERS if groups else "", [PlacedSection("", None, rest)]))
    return groups
