"""Plain lists of identifiers: one arXiv id, arXiv URL, DOI or paper URL per line.

The quickest list to make by hand or by script. ``#`` starts a comment (a
whole line, or the rest of a line after an identifier) and is skipped quietly;
any other line that is not an identifier is reported and skipped, so a typo
shows up in the report instead of becoming a junk paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from readinglist_gui.core.identity import normalize_arxiv_id, normalize_doi
from readinglist_gui.core.importers.paper_builder import add_link
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    Problem,
    RecordBatch,
    SectionRecord,
)

_COMMENT = re.compile(r"(?:^|\s)#.*$")
_BULLET = re.compile(r"^(?:[-*+•]|\d{1,4}[.)])\s+")


def looks_like(text: str) -> bool:
    """Nearly every meaningful line is an identifier (a stray typo is allowed)."""
    lines = [_identifier_text(line) for line in text.splitlines()[:500]]
    lines = [line for line in lines if line]
    if not lines:
        return False
    found = sum(1 for line in lines if _paper(line) is not None)
    return found >= 1 and found * 10 >= len(lines) * 8


def read_lines(lines: Iterable[str], source: str) -> RecordBatch:
    return read("\n".join(lines), source)


def read(text: str, source: str) -> RecordBatch:
    batch = RecordBatch()
    section = SectionRecord("")
    for number, line in enumerate(text.splitlines(), start=1):
        candidate = _identifier_text(line)
        if not candidate:
            continue
        paper = _paper(candidate)
        if paper is None:
            batch.problems.append(
                Problem(f"not an arXiv id, DOI or URL, skipped: {candidate[:60]}", number, source)
            )
            continue
        batch.papers.append(paper)
        section.entries.append(EntryRecord(len(batch.papers) - 1))
    if section.entries:
        name = PurePosixPath(source).stem or source
        batch.lists.append(ListRecord(name=name, source=source, sections=[section]))
    elif not batch.problems:
        batch.problems.append(Problem("no arXiv ids, DOIs or links found", source=source))
    return batch


def _identifier_text(line: str) -> str:
    return _BULLET.sub("", _COMMENT.sub("", line).strip()).strip()


def _paper(text: str) -> PaperRecord | None:
    if " " in text.strip():
        return None
    paper = PaperRecord(arxiv_id=normalize_arxiv_id(text))
    if paper.arxiv_id is None:
        paper.doi = normalize_doi(text)
    is_url = re.match(r"^(?:https?://|www\.)", text, re.IGNORECASE) is not None
    linked = is_url and add_link(paper, text)
    return paper if paper.arxiv_id or paper.doi or linked else None
