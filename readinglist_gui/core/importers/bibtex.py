"""BibTeX files, as reference managers and paper pages export them.

A ``.bib`` file is a library, not a reading list, so it brings papers without
a list. ``bibtexparser`` is imported only when a BibTeX file is read: it and
its LaTeX decoder cost tens of milliseconds that every app start would
otherwise pay. Its own log messages about broken blocks are silenced because
each broken block is reported here, with its line, as a ``Problem``.
"""

from __future__ import annotations

import re
from typing import Any

from readinglist_gui.core.identity import normalize_arxiv_id, normalize_doi
from readinglist_gui.core.importers.paper_builder import add_link, clean_text, unique
from readinglist_gui.core.records import ImportBatch, PaperRecord, Problem

_ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_ARXIV_MENTION = re.compile(
    r"(?:arxiv|corr)[\s:./]*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[a-z]{2})?/\d{7})",
    re.IGNORECASE,
)
_AUTHOR_SEPARATOR = re.compile(r"\s+and\s+", re.IGNORECASE)
_NOT_PAPERS = frozenset({"string", "preamble", "comment"})


def looks_like(text: str) -> bool:
    """The first line that is not blank or a ``%`` comment opens an entry.

    Not "an entry anywhere": READMEs often end with a BibTeX citation block.
    """
    for line in text[:20000].splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("%"):
            return _ENTRY_START.match(stripped) is not None
    return False


def read(text: str, source: str) -> ImportBatch:
    import logging

    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware
    from bibtexparser.model import Entry

    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
    logging.getLogger("bibtexparser").propagate = False
    batch = ImportBatch()
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    entries = list(library.entries)
    for block in library.failed_blocks:
        line = block.start_line + 1 if block.start_line is not None else None
        salvaged = getattr(block, "ignore_error_block", None)
        if isinstance(salvaged, Entry):
            entries.append(salvaged)
            message = f"BibTeX entry read despite an error ({_reason(block)})"
        else:
            message = f"BibTeX entry could not be read, skipped ({_reason(block)})"
        batch.problems.append(Problem(message, line, source))
    entries.sort(key=lambda entry: entry.start_line or 0)
    for entry in entries:
        if entry.entry_type.casefold() in _NOT_PAPERS:
            continue
        fields = {key.casefold(): str(value.value) for key, value in entry.fields_dict.items()}
        paper = _paper(fields)
        if not paper.title and paper.arxiv_id is None and paper.doi is None:
            line = entry.start_line + 1 if entry.start_line is not None else None
            batch.problems.append(
                Problem(f"entry {entry.key!r} has no title, arXiv id or DOI; skipped", line, source)
            )
            continue
        batch.papers.append(paper)
    return batch


def _reason(block: Any) -> str:
    error = getattr(block, "error", None)
    text = (
        getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error or "")
    )
    return text.strip().split("\n", 1)[0].split(". Note:", 1)[0].rstrip(".") or "syntax error"


def _paper(fields: dict[str, Any]) -> PaperRecord:
    paper = PaperRecord(title=_plain(fields.get("title", "")))
    paper.authors = _authors(fields.get("author", ""))
    year = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
    paper.year = int(year.group(0)) if year else None
    paper.abstract = _plain(fields.get("abstract", ""))
    paper.arxiv_id = _arxiv_id(fields)
    paper.doi = normalize_doi(fields["doi"]) if fields.get("doi") else None
    if paper.arxiv_id is None and paper.doi:
        paper.arxiv_id = normalize_arxiv_id(paper.doi)
    venue = _plain(
        fields.get("journal") or fields.get("booktitle") or fields.get("journaltitle", "")
    )
    paper.venue = "arXiv" if venue and _ARXIV_MENTION.search(venue) else venue
    for url in re.split(r"\s+", fields.get("url", "").strip()):
        if url:
            add_link(paper, url)
    keywords = fields.get("keywords", "")
    paper.tags = unique(_plain(tag) for tag in re.split(r"[,;]", keywords))
    paper.title_truncated = False
    return paper


def _arxiv_id(fields: dict[str, Any]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").casefold()
    eprint = fields.get("eprint", "")
    if eprint and (prefix in ("arxiv", "") or "arxiv" in eprint.casefold()):
        found = normalize_arxiv_id(eprint)
        if found:
            return found
    for name in ("journal", "note", "volume", "howpublished", "url", "number"):
        match = _ARXIV_MENTION.search(fields.get(name, ""))
        if match:
            found = normalize_arxiv_id(match.group(1))
            if found:
                return found
        if name == "url" and fields.get("url"):
            found = normalize_arxiv_id(fields["url"].split()[0])
            if found:
                return found
    return None


def _authors(text: str) -> list[str]:
    authors = []
    for name in _AUTHOR_SEPARATOR.split(_plain(text)):
        name = name.strip()
        if not name or name.casefold() == "others":
            continue
        if "," in name:
            last, _, first = name.partition(",")
            name = f"{first.strip()} {last.strip()}".strip()
        authors.append(name)
    return authors


def _plain(text: str) -> str:
    """Braces left after LaTeX decoding only protected capitals; they are not text."""
    return clean_text(text.replace("{", "").replace("}", ""))
