"""CSL-JSON, the JSON that Zotero, Mendeley and citation tools export.

Like BibTeX it is a library, so it brings papers without a reading list. Items
are decoded one at a time, so a problem names the line where its item starts
and the items before a syntax error still import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from readinglist_gui.core.identity import arxiv_id_in, normalize_arxiv_id, normalize_doi
from readinglist_gui.core.importers import values
from readinglist_gui.core.importers.paper_builder import add_link, clean_text, unique
from readinglist_gui.core.records import PaperRecord, Problem, RecordBatch

_CSL_KEYS = ('"issued"', '"container-title"', '"DOI"', '"author"', '"type"', '"URL"')


def looks_like(text: str) -> bool:
    head = text.lstrip()[:5000]
    if not head.startswith(("[", "{")) or '"title"' not in head:
        return False
    return sum(key in head for key in _CSL_KEYS) >= 2


def read_lines(lines: Iterable[str], source: str) -> RecordBatch:
    return read("\n".join(lines), source)


def read(text: str, source: str) -> RecordBatch:
    batch = RecordBatch()
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if text.startswith("{", position):
        try:
            data, _ = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            batch.problems.append(Problem(f"not valid JSON: {exc.msg}", exc.lineno, source))
            return batch
        except (ValueError, RecursionError) as exc:
            batch.problems.append(Problem(f"not readable JSON: {_first_line(exc)}", 1, source))
            return batch
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, list):
            items = [data]
        for item in items:
            _add(batch, item, None, source)
        return batch
    if not text.startswith("[", position):
        batch.problems.append(Problem("not a CSL-JSON list of items", 1, source))
        return batch
    position = _skip_space(text, position + 1)
    line, counted = 1, 0
    while position < len(text) and text[position] != "]":
        line += text.count("\n", counted, position)
        counted = position
        try:
            item, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            batch.problems.append(
                Problem(
                    f"item is not valid JSON ({exc.msg}); it and the rest are skipped",
                    exc.lineno,
                    source,
                )
            )
            return batch
        except (ValueError, RecursionError) as exc:
            batch.problems.append(
                Problem(
                    f"item is not readable JSON ({_first_line(exc)}); it and the rest are skipped",
                    line,
                    source,
                )
            )
            return batch
        _add(batch, item, line, source)
        position = _skip_space(text, position)
        if position < len(text) and text[position] == ",":
            position = _skip_space(text, position + 1)
    return batch


def _first_line(exc: BaseException) -> str:
    return str(exc).split("\n", 1)[0][:120]


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _add(batch: RecordBatch, item: Any, line: int | None, source: str) -> None:
    if not isinstance(item, dict):
        batch.problems.append(Problem("item is not an object; skipped", line, source))
        return
    refused: list[str] = []
    paper = _paper(item, refused)
    batch.problems.extend(Problem(reason, line, source) for reason in refused)
    given = item.get("issued")
    if paper.year is None and isinstance(given, dict) and _first_date_part(given) is not None:
        batch.problems.append(Problem("item's year left out: not a year", line, source))
    if not paper.title and paper.arxiv_id is None and paper.doi is None:
        batch.problems.append(Problem("item has no title, arXiv id or DOI; skipped", line, source))
        return
    batch.papers.append(paper)


def _paper(item: dict[str, Any], refused: list[str]) -> PaperRecord:
    paper = PaperRecord(title=clean_text(_text(item.get("title"))))
    paper.authors = [name for name in (_name(a) for a in _list(item.get("author"))) if name]
    paper.year = _year(item.get("issued"))
    paper.venue = clean_text(_text(item.get("container-title")))
    paper.abstract = clean_text(_text(item.get("abstract")))
    doi = _text(item.get("DOI"))
    paper.doi = normalize_doi(doi) if doi else None
    for name in ("URL", "url"):
        for url in _text(item.get(name)).split():
            add_link(paper, url, refused)
    if paper.arxiv_id is None:
        paper.arxiv_id = _arxiv_id(item, paper.doi)
    keywords = _text(item.get("keyword")) or ",".join(_text(k) for k in _list(item.get("keywords")))
    paper.tags = unique(clean_text(tag) for tag in re.split(r"[,;]", keywords))
    return paper


def _arxiv_id(item: dict[str, Any], doi: str | None) -> str | None:
    if doi:
        found = normalize_arxiv_id(doi)
        if found:
            return found
    for name in ("number", "archive_location", "note", "container-title", "publisher", "id"):
        found = arxiv_id_in(_text(item.get(name)))
        if found:
            return found
    return None


def _name(author: Any) -> str:
    if not isinstance(author, dict):
        return clean_text(_text(author))
    if author.get("literal"):
        return clean_text(_text(author["literal"]))
    return clean_text(f"{_text(author.get('given'))} {_text(author.get('family'))}")


def _year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        first = _first_date_part(issued)
        if isinstance(first, str) and first.strip().isdigit() and len(first.strip()) <= 4:
            first = int(first)  # "date-parts": [["2023"]], as some tools write it
        if first is not None:
            return values.year(first)
        match = re.search(r"\d{4}", _text(issued.get("raw") or issued.get("literal")))
        return int(match.group(0)) if match else None
    return None


def _first_date_part(issued: dict[str, Any]) -> Any:
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        return parts[0][0]
    return None


def _text(value: Any) -> str:
    """CSL writes numbers (volume, issue, ``number``) as either strings or numbers."""
    if isinstance(value, float) and value == value and abs(value) < 1e15:
        return str(value)
    return values.text(value)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
