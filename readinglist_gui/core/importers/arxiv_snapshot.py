"""Read arXiv's metadata snapshot (``arxiv-metadata-oai-snapshot.json``) one line at a time.

The snapshot is one JSON object a line, about 2.8 million of them, several
GB: it is never held whole. ``parse_line`` turns one line into a
``PaperRecord`` (or says why it cannot), and ``SnapshotLines`` walks a file
as bytes, so a caller can stop after any line and knows how far it got.
What arXiv stores is cleaned on the way: titles and abstracts are unwrapped
(the snapshot wraps them with a newline and two spaces), authors come from
``authors_parsed`` with LaTeX accents turned into Unicode, the year is that
of the first version, and the categories become tags.

``read_lines`` serves the format registry (pasted text, the Import dialog's
preview of a small file); big files go through ``core.snapshot_import``,
which writes them a chunk at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readinglist_gui.core.identity import normalize_arxiv_id, normalize_doi
from readinglist_gui.core.importers.latex_text import latex_to_unicode
from readinglist_gui.core.records import PaperRecord, Problem, RecordBatch

_FIRST_KEYS = ('"id"', '"authors_parsed"', '"versions"')
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_NEW_ID = re.compile(r"^(\d\d)(\d\d)\.\d{4,5}$")
_OLD_ID = re.compile(r"/(\d\d)(\d\d)\d{3}$")
PROBLEMS_KEPT = 20
"""Malformed lines named one by one in a report; beyond these only the count grows."""


def looks_like(text: str) -> bool:
    """The first line is one JSON object with the snapshot's keys (a JSON export is a
    pretty-printed document, a CSL-JSON file an array)."""
    first = text.lstrip().split("\n", 1)[0].strip()
    return first.startswith("{") and all(key in first for key in _FIRST_KEYS)


def read_lines(lines: Iterable[str], source: str) -> RecordBatch:
    batch = RecordBatch()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parsed = parse_line(line)
        if isinstance(parsed, str):
            batch.problems.append(Problem(parsed, number, source))
        else:
            batch.papers.append(parsed)
    return batch


@dataclass(frozen=True, slots=True)
class SnapshotFilter:
    """Which papers of the snapshot to take: any of ``categories`` (an archive such as
    ``cs`` takes all of its categories), first version in ``since`` or later."""

    categories: frozenset[str] = frozenset()
    since: int | None = None

    @classmethod
    def of(cls, categories: Iterable[str] = (), since: int | None = None) -> SnapshotFilter:
        return cls(frozenset(c.strip().casefold() for c in categories if c.strip()), since)

    def __bool__(self) -> bool:
        return bool(self.categories) or self.since is not None

    def takes(self, record: PaperRecord) -> bool:
        if self.since is not None and (record.year is None or record.year < self.since):
            return False
        if not self.categories:
            return True
        for tag in record.tags:
            folded = tag.casefold()
            if folded in self.categories or folded.split(".", 1)[0] in self.categories:
                return True
        return False


def parse_line(line: str | bytes) -> PaperRecord | str:
    """One snapshot line as a record, or why it is not one (never raises)."""
    try:
        item = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return f"not a JSON object: {str(exc).splitlines()[0][:80]}"
    if not isinstance(item, dict):
        return "not a JSON object"
    raw_id = item.get("id")
    arxiv_id = normalize_arxiv_id(raw_id) if isinstance(raw_id, str) else None
    if arxiv_id is None:
        return f"no valid arXiv id ({str(raw_id)[:40]!r})"
    title = _unwrapped(item.get("title"))
    if not title:
        return f"arXiv {arxiv_id} has no title"
    record = PaperRecord(
        title=latex_to_unicode(title),
        authors=_authors(item),
        year=_first_year(item.get("versions")) or _year_of_id(arxiv_id),
        venue=_unwrapped(item.get("journal-ref")),
        abstract=_unwrapped(item.get("abstract")),
        arxiv_id=arxiv_id,
        doi=_doi(item.get("doi")),
    )
    categories = item.get("categories")
    if isinstance(categories, str):
        record.tags = list(dict.fromkeys(categories.split()))
    return record


def _unwrapped(value: Any) -> str:
    """arXiv wraps long fields at about 80 columns with a newline and two spaces."""
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())


def _authors(item: dict[str, Any]) -> list[str]:
    parsed = item.get("authors_parsed")
    names: list[str] = []
    if isinstance(parsed, list):
        for parts in parsed:
            if type(parts) is list and all(type(part) is str for part in parts):
                # [last, first, suffix]: "Erwin Schrödinger", "José Nuñez Jr".
                name = " ".join([*parts[1:2], *parts[:1], *parts[2:3]]).strip()
                if name:
                    names.append(latex_to_unicode(" ".join(name.split())))
    if not names and isinstance(item.get("authors"), str):
        # No parsed list: the submitter's string, split at commas and "and".
        for name in re.split(r",\s*|\s+and\s+", _unwrapped(item["authors"])):
            if name.strip():
                names.append(latex_to_unicode(name.strip()))
    return names


def _first_year(versions: Any) -> int | None:
    """The year of v1's date ("Mon, 2 Apr 2007 19:18:42 GMT"): when the paper appeared."""
    if not isinstance(versions, list) or not versions or not isinstance(versions[0], dict):
        return None
    created = versions[0].get("created")
    found = _YEAR.search(created) if isinstance(created, str) else None
    return int(found.group(1)) if found else None


def _year_of_id(arxiv_id: str) -> int | None:
    """Both id styles carry the year and month of submission: ``0704.0001``, ``hep-th/9901001``."""
    found = _NEW_ID.match(arxiv_id) or _OLD_ID.search(arxiv_id)
    if found is None:
        return None
    yy = int(found.group(1))
    return (1900 if yy >= 91 else 2000) + yy


def _doi(value: Any) -> str | None:
    """The snapshot sometimes lists several DOIs in one field; the first names the paper."""
    if not isinstance(value, str) or not value.strip():
        return None
    return normalize_doi(value.split()[0])


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    end: int
    """Bytes of the file read up to the end of this line, for progress."""
    text: bytes


def snapshot_lines(path: Path) -> Iterator[Line]:
    """The non-blank lines of a snapshot file, read as bytes (JSON decodes UTF-8 itself)."""
    end = 0
    with path.open("rb") as file:
        for number, text in enumerate(file, start=1):
            end += len(text)
            if text.strip():
                yield Line(number, end, text)


def first_line(path: Path) -> str:
    """The start of a file's first line, enough for ``looks_like``."""
    with path.open("rb") as file:
        return file.readline(1 << 20).decode("utf-8", "replace")
