"""arXiv's Atom feed: what an answer of its API says about each paper.

Kept apart from the client (``arxiv.py``), which only moves bytes: parsing
is where hostile input meets the app, so it is read and tested on its own.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from readinglist_gui.core.identity import arxiv_version, normalize_arxiv_id
from readinglist_gui.core.records import PaperRecord

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
# Markup we never parse: a DTD can define entities that expand without bound.
_FORBIDDEN_MARKUP = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


class FeedError(Exception):
    """The answer is not a feed this app reads, or arXiv refused the request in it."""


@dataclass(frozen=True, slots=True)
class ArxivEntry:
    """One paper as the arXiv API describes it."""

    arxiv_id: str
    version: int | None
    title: str
    authors: tuple[str, ...]
    abstract: str
    published: dt.date | None
    categories: tuple[str, ...] = ()
    doi: str | None = None
    journal_ref: str = ""

    @property
    def year(self) -> int | None:
        return self.published.year if self.published else None

    def record(self) -> PaperRecord:
        """The fields the library may use to fill gaps; merging decides what it keeps."""
        return PaperRecord(
            title=self.title,
            authors=list(self.authors),
            year=self.year,
            venue=self.journal_ref,
            abstract=self.abstract,
            arxiv_id=self.arxiv_id,
            doi=self.doi,
        )


def parse_feed(data: bytes) -> list[ArxivEntry]:
    """Entries of an arXiv Atom feed; raises :class:`FeedError` for anything else.

    Documents with a DTD are refused before parsing, which closes entity
    expansion attacks without another dependency; so are encodings other than
    UTF-8-compatible ones, which could hide a DTD from that check.
    """
    if b"\x00" in data[:4096] or _FORBIDDEN_MARKUP.search(data):
        raise FeedError("arXiv sent a document this app does not read (it declares a DTD)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise FeedError(f"arXiv sent something that is not an Atom feed ({error})") from None
    if root.tag != f"{_ATOM}feed":
        raise FeedError("arXiv sent something that is not an Atom feed")
    entries = []
    for element in root.iter(f"{_ATOM}entry"):
        raw_id = _text(element, f"{_ATOM}id")
        if "/api/errors" in raw_id:
            message = _text(element, f"{_ATOM}summary") or "the request was refused"
            raise FeedError(f"arXiv refused the request: {message}")
        arxiv_id = normalize_arxiv_id(raw_id)
        if arxiv_id is None:
            continue
        entries.append(
            ArxivEntry(
                arxiv_id=arxiv_id,
                version=arxiv_version(raw_id),
                title=_text(element, f"{_ATOM}title"),
                authors=tuple(
                    name
                    for name in (
                        _text(author, f"{_ATOM}name") for author in element.iter(f"{_ATOM}author")
                    )
                    if name
                ),
                abstract=_text(element, f"{_ATOM}summary"),
                published=_date(_text(element, f"{_ATOM}published")),
                categories=tuple(
                    dict.fromkeys(
                        c.get("term", "").strip()
                        for c in element.iter(f"{_ATOM}category")
                        if c.get("term", "").strip()
                    )
                ),
                doi=_text(element, f"{_ARXIV}doi") or None,
                journal_ref=_text(element, f"{_ARXIV}journal_ref"),
            )
        )
    return entries


def _text(element: ET.Element, tag: str) -> str:
    """Child text with arXiv's hard line wrapping folded back into single spaces."""
    child = element.find(tag)
    if child is None or child.text is None:
        return ""
    return " ".join(child.text.split())


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
