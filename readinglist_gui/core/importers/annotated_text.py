"""Annotated lists exported as plain text: one paper per block, with abstract, notes and tags.

Each block reads::

    Title                       (after a blank line)
    https://… https://…         one or more URLs on one line
    Abstract                    optional, followed by its paragraph(s)
    Notes                       optional: the reader's own notes, so the paper is "noted"
    Tag Words Here              the last short line of the block
    Paper preview               optional end marker

Exports lose pieces: a block without its title or URL is skipped and reported
rather than imported as a half-paper.

Tags are separated by single spaces, yet some are two words (``Data Eng``).
Which ones is learnt from the list itself, never from a fixed vocabulary: a
word that some block uses as its only tag stands alone; a word is also free
once it is seen with only free words beside it. Words never seen free are
parts of longer tags, and a pair of them that forms a whole run somewhere
(``Model Release`` in ``Model Release Pretrain``) is a tag that then splits
longer runs (``Data Eng Model Release``). A pair that always occurs together
and recurs is a tag too, which covers lists where no block has a single tag.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import PurePosixPath

from readinglist_gui.core.importers.paper_builder import clean_text, paper_from_links
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    Problem,
    RecordBatch,
    SectionRecord,
    Status,
)

_URL_TOKEN = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_TAG_LINE = re.compile(r"^[^\W_][\w+#&./'\u2019-]*(?: [^\W_][\w+#&./'\u2019-]*){0,11}$")
_PROSE_WORDS = frozenset(
    [
        "the",
        "is",
        "a",
        "an",
        "and",
        "of",
        "to",
        "this",
        "that",
        "it",
        "in",
        "i",
        "you",
        "we",
        "are",
        "was",
        "be",
    ]
)
_ABSTRACT, _NOTES, _PREVIEW, _URLS, _TEXT = "abstract", "notes", "preview", "urls", "text"
_MARKERS = {
    "abstract": _ABSTRACT,
    "summary": _ABSTRACT,
    "notes": _NOTES,
    "note": _NOTES,
    "my notes": _NOTES,
    "paper preview": _PREVIEW,
    "preview": _PREVIEW,
}


def looks_like(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines()]
    markers = sum(1 for line in lines if _kind(line) in (_ABSTRACT, _NOTES, _PREVIEW))
    titled_urls = sum(
        1
        for number in range(2, len(lines))
        if _kind(lines[number]) == _URLS
        and not lines[number - 1]
        and _kind(lines[number - 2]) == _TEXT
    )
    return titled_urls >= 2 and (markers >= 1 or titled_urls >= 3)


def read_lines(lines: Iterable[str], source: str) -> RecordBatch:
    return read("\n".join(lines), source)


def read(text: str, source: str) -> RecordBatch:
    lines = [line.strip() for line in text.splitlines()]
    records, preamble = _records(lines)
    for record in records:
        record.take_tag_line()
    splitter = TagSplitter(
        [r.tag_words for r in records if r.tag_words and not r.tags_whole],
        known=[word for r in records if r.tags_whole for word in r.tag_words],
    )
    batch = RecordBatch()
    section = SectionRecord("")
    for record in records:
        problem = record.problem()
        if problem:
            batch.problems.append(Problem(problem, record.line, source))
            continue
        tags = record.tag_words if record.tags_whole else splitter.split(record.tag_words)
        paper = paper_from_links(record.title, record.urls, tags)
        paper.abstract = "\n\n".join(record.abstract)
        if record.notes:
            paper.note = "\n\n".join(record.notes)
            paper.status = Status.NOTED
        batch.papers.append(paper)
        section.entries.append(EntryRecord(len(batch.papers) - 1))
    if section.entries:
        name = clean_text(preamble[0]) if preamble and len(preamble[0]) <= 120 else ""
        name = name or PurePosixPath(source).stem
        batch.lists.append(ListRecord(name=name, source=source, sections=[section]))
    else:
        batch.problems.append(Problem("no entries with a title and a URL found", source=source))
    return batch


@dataclass(slots=True)
class _Record:
    line: int
    title: str = ""
    urls: list[str] = field(default_factory=list)
    abstract: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)
    mode: str = _TEXT
    seen: set[str] = field(default_factory=set)
    closed: bool = False
    tag_words: list[str] = field(default_factory=list)
    tags_whole: bool = False
    """The tag line separated its tags with commas, so each is a whole tag."""

    def accepts(self, kind: str) -> bool:
        if self.closed:
            return False
        if kind == _URLS:
            return not self.urls and not self.seen
        return kind not in self.seen

    def add_text(self, text: str) -> None:
        {_ABSTRACT: self.abstract, _NOTES: self.notes}.get(self.mode, self.loose).append(text)

    def take_tag_line(self) -> None:
        """The block's last line is its tags when it reads like tags and is not a paragraph's only line."""
        section = {_ABSTRACT: self.abstract, _NOTES: self.notes}.get(self.mode, self.loose)
        if not section or (section is not self.loose and len(section) < 2):
            return
        if _is_tag_line(section[-1]):
            line = section.pop()
            self.tag_words, self.tags_whole = _tag_words(line), "," in line

    def problem(self) -> str:
        if self.title and self.urls:
            return ""
        if self.title:
            return f"entry {self.title[:60]!r} has no URL; skipped"
        if self.urls:
            return f"entry for {self.urls[0]} has no title; skipped"
        return "notes or tags without a title or URL (a lost entry); skipped"


def _records(lines: list[str]) -> tuple[list[_Record], list[str]]:
    records: list[_Record] = []
    preamble: list[str] = []
    current: _Record | None = None
    after_blank = True
    for number, line in enumerate(lines):
        if not line:
            after_blank = True
            continue
        kind = _kind(line)
        if (
            kind == _TEXT
            and after_blank
            and _next_kind(lines, number) in (_URLS, _ABSTRACT, _NOTES)
        ):
            current = _Record(number + 1, title=clean_text(line))
            records.append(current)
        elif kind in (_URLS, _ABSTRACT, _NOTES):
            if current is None or not current.accepts(kind):
                current = _Record(number + 1)
                records.append(current)
            if kind == _URLS:
                current.urls = line.split()
            current.seen.add(kind)
            current.mode = kind if kind != _URLS else current.mode
        elif kind == _PREVIEW:
            if current is not None:
                current.closed = True
        elif current is None:
            preamble.append(line)
        else:
            if current.closed:
                current = _Record(number + 1)
                records.append(current)
            current.add_text(line)
        after_blank = False
    return records, preamble


def _kind(line: str) -> str:
    if not line:
        return ""
    marker = _MARKERS.get(line.rstrip(":").strip().casefold())
    if marker:
        return marker
    if all(_URL_TOKEN.match(token) for token in line.split()):
        return _URLS
    return _TEXT


def _next_kind(lines: list[str], number: int) -> str:
    for line in lines[number + 1 :]:
        if line:
            return _kind(line)
    return ""


def _is_tag_line(line: str) -> bool:
    if "," in line:
        return all(_TAG_LINE.match(part.strip()) for part in line.split(",") if part.strip())
    if len(line) > 100 or not _TAG_LINE.match(line) or line.endswith("."):
        return False
    return not any(word.casefold() in _PROSE_WORDS for word in line.split())


def _tag_words(line: str) -> list[str]:
    """Words of a tag line; comma-separated lines already say where tags end, so keep them whole."""
    if "," in line:
        return [part.strip() for part in line.split(",") if part.strip()]
    return line.split()


class TagSplitter:
    """Learns from all tag lines of one list which words form multi-word tags.

    Words are compared without regard to case (``MoE`` on one entry, ``moe`` alone
    on another are one tag) and kept as each line writes them. A word known to be a
    whole tag, standing alone on a line or between commas, never joins another.
    """

    def __init__(self, lines: list[list[str]], known: Iterable[str] = ()) -> None:
        self.lines = [
            [word.casefold() for word in line] for line in lines if not any(" " in w for w in line)
        ]
        alone = {line[0] for line in self.lines if len(line) == 1}
        alone |= {word.casefold() for word in known if " " not in word.strip()}
        self.evidence = bool(alone)
        self.free = self._free(alone)
        self.units = self._glued(alone) | (self._runs() if self.evidence else set())

    def _free(self, alone: set[str]) -> set[str]:
        """Spread freedom from words seen alone to words seen only beside free words."""
        places: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for number, line in enumerate(self.lines):
            for index, word in enumerate(line):
                places[word].append((number, index))
        free = set(alone)
        waiting = list(free)
        while waiting:
            word = waiting.pop()
            for number, index in places[word]:
                line = self.lines[number]
                for neighbour in (index - 1, index + 1):
                    if (
                        0 <= neighbour < len(line)
                        and line[neighbour] not in free
                        and self._free_at(line, neighbour, free)
                    ):
                        free.add(line[neighbour])
                        waiting.append(line[neighbour])
        return free

    @staticmethod
    def _free_at(line: list[str], index: int, free: set[str]) -> bool:
        left = index == 0 or line[index - 1] in free
        right = index + 1 == len(line) or line[index + 1] in free
        return left and right

    def _glued(self, alone: set[str]) -> set[tuple[str, str]]:
        """Pairs that recur and whose one word never appears without the other."""
        pairs: Counter[tuple[str, str]] = Counter()
        after: defaultdict[str, set[str | None]] = defaultdict(set)
        before: defaultdict[str, set[str | None]] = defaultdict(set)
        for line in self.lines:
            for index, word in enumerate(line):
                after[word].add(line[index + 1] if index + 1 < len(line) else None)
                before[word].add(line[index - 1] if index else None)
            pairs.update(pairwise(line))
        return {
            (a, b)
            for (a, b), count in pairs.items()
            if count >= 2
            and a not in alone
            and b not in alone
            and (after[a] == {b} or before[b] == {a})
        }

    def _runs(self) -> set[tuple[str, str]]:
        """Two words never seen free, standing together between free words, are one tag."""
        units = set()
        for line in self.lines:
            for run in self._bound_runs(line):
                if len(run) == 2:
                    units.add((run[0], run[1]))
        return units

    def _bound_runs(self, line: list[str]) -> list[list[str]]:
        runs: list[list[str]] = []
        current: list[str] = []
        for word in line:
            if word in self.free:
                if current:
                    runs.append(current)
                current = []
            else:
                current.append(word)
        if current:
            runs.append(current)
        return runs

    def split(self, words: list[str]) -> list[str]:
        if any(" " in word for word in words):
            return words
        folded = [word.casefold() for word in words]
        tags: list[str] = []
        index = 0
        while index < len(words):
            if index + 1 < len(words) and (folded[index], folded[index + 1]) in self.units:
                tags.append(f"{words[index]} {words[index + 1]}")
                index += 2
                continue
            end = index + 1
            if self.evidence and folded[index] not in self.free:
                while (
                    end < len(words)
                    and folded[end] not in self.free
                    and not (end + 1 < len(words) and (folded[end], folded[end + 1]) in self.units)
                ):
                    end += 1
            tags.append(" ".join(words[index:end]))
            index = end
        return tags
