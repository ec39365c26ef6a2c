"""Course schedules: an outline of numbered parts, dated sessions, and readings with TL;DRs.

The shape, as syllabi write it::

    1) Part                          outline heading, any depth: 1-1), 1-1-1) with any dash
    Week 1-1 (09/08/2025): Topic     a session with its date
    11/24/2025: Topic                a session that is only a date
    - Title: TL;DR                   a reading; "(optional)" marks an optional one

Outline headings and sessions both become sections, in source order, so the
numbering (``1-1-1)``) keeps the nesting visible in a flat list of sections; a
session without readings (a recess) stays as an empty section, never a paper.

Titles contain colons too (``DeepSeek-V2: A Strong … Model: Introduces …``):
when most readings of the schedule carry a TL;DR, the last colon separates it,
and a middle part joins the title only while it is written in title case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from readinglist_gui.core.importers.paper_builder import clean_text, paper_from_links
from readinglist_gui.core.importers.section_dates import date_in
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    Problem,
    RecordBatch,
    SectionRecord,
)

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_OUTLINE = re.compile(rf"^\s*(\d{{1,3}}(?:[{_DASHES}]\d{{1,3}})*)\)\s+(\S.*)$")
_SESSION = re.compile(
    rf"^\s*(?P<label>(?:Week|Lecture|Session|Class|Day|Module|Unit)\s+[{_DASHES}\w.]+)\s*"
    r"(?:\((?P<date>[^)]*)\))?\s*:\s*(?P<topic>.*)$",
    re.IGNORECASE,
)
_DATED_SESSION = re.compile(
    r"^\s*(?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\s*[:\-\u2013—]\s*(?P<topic>.*)$"
)
_READING = re.compile(r"^\s*[-*•+]\s+(.*\S)\s*$")
_OPTIONAL = re.compile(r"^\(optional\)\s*|\s*\(optional\)$", re.IGNORECASE)
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "for",
        "and",
        "or",
        "in",
        "on",
        "to",
        "with",
        "via",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "vs",
        "versus",
        "into",
        "over",
        "under",
        "without",
        "through",
        "toward",
        "towards",
        "than",
    ]
)


def looks_like(text: str) -> bool:
    """Sessions with readings, or an outline with sessions; a short schedule counts too when
    everything after its first session is sessions and readings, and it links nothing."""
    sessions = outline = readings = other = 0
    for line in text.splitlines()[:400]:
        if not line.strip():
            continue
        if _SESSION.match(line) or _DATED_SESSION.match(line):
            sessions += 1
        elif _OUTLINE.match(line):
            outline += 1
        elif _READING.match(line):
            readings += 1
        elif sessions:
            other += 1
    if (sessions >= 2 and readings >= 1) or (outline >= 2 and sessions >= 1):
        return True
    return sessions >= 1 and readings >= 1 and not other and "](" not in text[:20000]


def read_lines(lines: Iterable[str], source: str) -> RecordBatch:
    return read("\n".join(lines), source)


def read(text: str, source: str) -> RecordBatch:
    return _Reader(source).read(text)


@dataclass(slots=True)
class _Reading:
    line: int
    text: str
    optional: bool


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.batch = RecordBatch()
        self.sections: list[SectionRecord] = []
        self.preamble: list[str] = []

    def read(self, text: str) -> RecordBatch:
        placed: list[tuple[SectionRecord, _Reading]] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.translate({0x2010: "-", 0x2011: "-"}).strip()
            if not line:
                continue
            section = self._section_for(line, number)
            if section is not None:
                self.sections.append(section)
                continue
            reading = _READING.match(line)
            if reading and self.sections:
                body = reading.group(1)
                optional = _OPTIONAL.search(body) is not None
                placed.append(
                    (self.sections[-1], _Reading(number, _OPTIONAL.sub("", body), optional))
                )
            elif self.sections:
                self.batch.problems.append(
                    Problem(f"line not understood, skipped: {line[:60]}", number, self.source)
                )
            else:
                self.preamble.append(line)
        with_tldr = sum(1 for _, placed_reading in placed if ": " in placed_reading.text)
        tldr_everywhere = bool(placed) and with_tldr * 2 >= len(placed)
        for section, placed_reading in placed:
            title, tldr = split_title(placed_reading.text, tldr_everywhere)
            paper = paper_from_links(title)
            if not paper.title:
                self.batch.problems.append(
                    Problem("reading without a title", placed_reading.line, self.source)
                )
                continue
            self.batch.papers.append(paper)
            section.entries.append(
                EntryRecord(len(self.batch.papers) - 1, clean_text(tldr), placed_reading.optional)
            )
        if not self.sections:
            self.batch.problems.append(Problem("no sessions found", source=self.source))
            return self.batch
        name = _list_name(self.preamble) or PurePosixPath(self.source).stem
        self.batch.lists.append(ListRecord(name=name, source=self.source, sections=self.sections))
        return self.batch

    def _section_for(self, line: str, number: int) -> SectionRecord | None:
        session = _SESSION.match(line)
        if session:
            heading = f"{session['label']}: {session['topic']}".strip().rstrip(":")
            return SectionRecord(clean_text(heading), self._date(session["date"], number))
        dated = _DATED_SESSION.match(line)
        if dated:
            topic = clean_text(dated["topic"]) or dated["date"]
            return SectionRecord(topic, self._date(dated["date"], number))
        outline = _OUTLINE.match(line)
        if outline:
            label = re.sub(f"[{_DASHES}]", "-", outline.group(1))
            return SectionRecord(f"{label}) {clean_text(outline.group(2))}")
        return None

    def _date(self, text: str | None, number: int) -> dt.date | None:
        if not text:
            return None
        found = date_in(text)
        if found is None:
            self.batch.problems.append(
                Problem(
                    f"date {text!r} is not a calendar date; kept without it", number, self.source
                )
            )
        return found


def _list_name(preamble: list[str]) -> str:
    """The last line before the schedule that reads as a title: a remark such as
    "Attendance is required for every session." is a sentence, not the course's name."""
    for line in reversed(preamble):
        text = clean_text(line)
        if text and len(text) <= 120 and not text.endswith((".", "!", "?", ":")):
            return text
    return ""


def split_title(text: str, tldr_everywhere: bool) -> tuple[str, str]:
    """Split ``Title: TL;DR`` where the title may itself contain colons."""
    parts = text.split(": ")
    if len(parts) == 1:
        return text.strip(), ""
    if not tldr_everywhere and _title_case(parts[-1]):
        return text.strip(), ""
    title = [parts[0]]
    for part in parts[1:-1]:
        if not _title_case(part):
            break
        title.append(part)
    return ": ".join(title).strip(), ": ".join(parts[len(title) :]).strip()


def _title_case(text: str) -> bool:
    """Most significant words capitalised, as titles are and TL;DR sentences are not."""
    words = [
        w for w in re.findall(r"[^\s]+", text) if w.strip("()[],.").casefold() not in _SMALL_WORDS
    ]
    words = [w.lstrip("(\"'“\u2018[") for w in words]
    words = [w for w in words if any(char.isalnum() for char in w)]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capitalised * 10 >= len(words) * 7
