"""Searching the text of PDFs: pages best first, or papers with their best pages.

What the UI's "Text of PDFs" scope and ``readinglist-gui fulltext`` call.
Anything typed is safe: the words are taken out of the text and matched as
words, so quotes, operators and brackets are only characters. Every word must
be on the page. A word of three letters or more also matches longer words it
begins ("transform" finds "transformers"); shorter ones match whole words only,
since as prefixes they would match thousands.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from readinglist_gui.core.fulltext.sqlite_pages import PageIndex, Snippet, Word
from readinglist_gui.core.fulltext.tables import indexed_pages
from readinglist_gui.core.library import Library

_WORD = re.compile(r"\w+", re.UNICODE)
PREFIX_FROM = 3
_NO_SNIPPET = Snippet("", ())


@dataclass(frozen=True, slots=True)
class Hit:
    """A matching page: ``page`` counts from 1, as readers number pages."""

    paper_id: int
    page: int
    snippet: str
    spans: tuple[tuple[int, int], ...] = ()
    """(start, end) of each matched word within ``snippet``, for showing it in bold."""


@dataclass(frozen=True, slots=True)
class PaperHits:
    """One paper's best matching pages, best first, and how many of its pages match."""

    paper_id: int
    hits: tuple[Hit, ...]
    pages_matched: int


def words(text: str) -> list[Word]:
    """The words of a search as the index matches them."""
    return [Word(w, len(w) >= PREFIX_FROM) for w in dict.fromkeys(_WORD.findall(text))]


def terms(text: str) -> list[str]:
    """The words of a search, to find on a page the reader opens at (``PdfDocument.search``)."""
    return [word.text for word in words(text)]


def search(library: Library, text: str, limit: int = 50) -> list[Hit]:
    """The ``limit`` best matching pages of all PDFs, best first."""
    if limit <= 0:
        return []
    with library.engine.connect() as conn:
        plan = PageIndex.plan(conn, words(text), indexed_pages(conn))
        if plan is None:
            return []
        found = PageIndex.best(conn, plan, limit)
    return [
        Hit(paper_id, page + 1, snippet.text, snippet.spans) for paper_id, page, snippet in found
    ]


def search_papers(
    library: Library,
    text: str,
    papers: int = 50,
    pages_per_paper: int = 3,
    within: Collection[int] | None = None,
) -> list[PaperHits]:
    """The ``papers`` papers with the best matching pages, best first, each with its
    ``pages_per_paper`` best pages and the number of its pages that match.

    ``within`` keeps only those papers (the sidebar's status, list or tag
    filter): matching pages of other papers are passed over as they are read,
    so a narrow filter costs no more than the search itself.
    """
    if papers <= 0:
        return []
    with library.engine.connect() as conn:
        plan = PageIndex.plan(conn, words(text), indexed_pages(conn))
        if plan is None:
            return []
        chosen: dict[int, list[tuple[int, int]]] = {}
        matched: dict[int, int] = {}
        for paper_id, page in PageIndex.matches(conn, plan):
            if within is not None and paper_id not in within:
                continue
            matched[paper_id] = matched.get(paper_id, 0) + 1
            best = chosen.get(paper_id)
            if best is None:
                if len(chosen) < papers:
                    chosen[paper_id] = [(paper_id, page)]
            elif len(best) < pages_per_paper:
                best.append((paper_id, page))
        keys = [key for best in chosen.values() for key in best]
        snippets = PageIndex.snippets(conn, plan, keys)
    return [
        PaperHits(paper_id, tuple(_hit(key, snippets) for key in best), matched[paper_id])
        for paper_id, best in chosen.items()
    ]


def group_by_paper(hits: Iterable[Hit]) -> list[PaperHits]:
    """Pages grouped by paper, papers in the order of their best page."""
    grouped: dict[int, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit.paper_id, []).append(hit)
    return [PaperHits(paper_id, tuple(found), len(found)) for paper_id, found in grouped.items()]


def _hit(key: tuple[int, int], snippets: dict[tuple[int, int], Snippet]) -> Hit:
    snippet = snippets.get(key, _NO_SNIPPET)
    return Hit(key[0], key[1] + 1, snippet.text, snippet.spans)
