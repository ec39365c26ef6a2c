"""RIS, the tagged text format every reference manager exports.

Each record runs from ``TY  -`` to ``ER  -``; lines without a tag continue
the previous field, as abstracts wrapped by an exporter do. RIS is a library
format, so it brings papers without a reading list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from readinglist_gui.core.identity import arxiv_id_in, normalize_arxiv_id, normalize_doi
from readinglist_gui.core.importers.paper_builder import add_link, clean_text, unique
from readinglist_gui.core.records import PaperRecord, Problem, RecordBatch

_FIELD = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?:\s(.*))?$")
_TITLE_TAGS = ("TI", "T1", "CT", "BT")
_VENUE_TAGS = ("T2", "JO", "JF", "JA", "J2", "BT")
_YEAR_TAGS = ("PY", "Y1", "DA")
_LINK_TAGS = ("UR", "L1", "L2", "LK")
_ARXIV_TAGS = ("N1", "M1", "M3", "AN", "JO", "T2", "ID")


def looks_like(text: str) -> bool:
    for line in text.lstrip("\ufeff").splitlines()[:50]:
        if line.strip():
            return bool(re.match(r"^TY\s{1,2}-\s", line))
    return False


def read_lines(lines: Iterable[str], source: str) -> RecordBatch:
    return read("\n".join(lines), source)


def read(text: str, source: str) -> RecordBatch:
    batch = RecordBatch()
    record: dict[str, list[str]] | None = None
    start = 0
    last_tag = ""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FIELD.match(line.rstrip())
        if match is None:
            if record is not None and last_tag and line.strip():
                record[last_tag][-1] += " " + line.strip()
            elif line.strip():
                batch.problems.append(
                    Problem("line outside any RIS record, skipped", number, source)
                )
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if record is not None:
                batch.problems.append(
                    Problem("record has no ER line; read up to here", start, source)
                )
                _finish(batch, record, start, source)
            record, start, last_tag = {}, number, ""
        elif tag == "ER":
            if record is None:
                batch.problems.append(Problem("ER line without a TY line, skipped", number, source))
            else:
                _finish(batch, record, start, source)
            record, last_tag = None, ""
        elif record is None:
            batch.problems.append(
                Problem(f"{tag} line outside any record, skipped", number, source)
            )
        else:
            record.setdefault(tag, []).append(value)
            last_tag = tag
    if record is not None:
        batch.problems.append(Problem("last record has no ER line; read anyway", start, source))
        _finish(batch, record, start, source)
    if not batch.papers and not batch.problems:
        batch.problems.append(Problem("no RIS records found", source=source))
    return batch


def _finish(batch: RecordBatch, record: dict[str, list[str]], line: int, source: str) -> None:
    refused: list[str] = []
    paper = _paper(record, refused)
    batch.problems.extend(Problem(reason, line, source) for reason in refused)
    if not paper.title and paper.arxiv_id is None and paper.doi is None:
        batch.problems.append(
            Problem("record has no title, arXiv id or DOI; skipped", line, source)
        )
        return
    batch.papers.append(paper)


def _paper(record: dict[str, list[str]], refused: list[str]) -> PaperRecord:
    def first(tags: tuple[str, ...]) -> str:
        return next((values[0] for tag in tags if (values := record.get(tag))), "")

    paper = PaperRecord(title=clean_text(first(_TITLE_TAGS)))
    paper.authors = [_name(a) for tag in ("AU", "A1", "A2") for a in record.get(tag, []) if a]
    year = re.search(r"\d{4}", first(_YEAR_TAGS))
    paper.year = int(year.group(0)) if year else None
    venue = first(tuple(tag for tag in _VENUE_TAGS if tag != "BT" or "TI" in record))
    paper.venue = clean_text(venue)
    paper.abstract = clean_text(first(("AB", "N2")))
    for tag in _LINK_TAGS:
        for url in record.get(tag, []):
            add_link(paper, url, refused)
    doi = first(("DO",))
    if doi:
        paper.doi = normalize_doi(doi)
        if paper.arxiv_id is None and paper.doi:
            paper.arxiv_id = normalize_arxiv_id(paper.doi)
    if paper.arxiv_id is None:
        paper.arxiv_id = _arxiv_id(record)
    paper.tags = unique(
        clean_text(part) for value in record.get("KW", []) for part in re.split(r"[;,]", value)
    )
    return paper


def _arxiv_id(record: dict[str, list[str]]) -> str | None:
    for tag in _ARXIV_TAGS:
        for value in record.get(tag, []):
            found = arxiv_id_in(value)
            if found:
                return found
    return None


def _name(author: str) -> str:
    last, comma, first = author.partition(",")
    return clean_text(f"{first.strip()} {last.strip()}" if comma else author)
