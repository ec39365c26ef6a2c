"""A paper written as a heading followed by its fields, as reading notes do::

    #### Efficient Streaming Language Models with Attention Sinks
    - **Link:** [arXiv:2309.17453](https://arxiv.org/abs/2309.17453)
    **Summary:** Keeps the first tokens to steady windowed attention.

The heading is the title, not a section. Fields may be bullets or plain lines,
and a field may follow another on the same line. A run of fields is a paper's
only when one of them is a link field (``Link``, ``PDF``, ``arXiv``, ``Code``…)
and no bullet that is not a field follows them under the same heading;
otherwise the heading is a section and the lines are read as they are
(``**Topic**: prose`` describes, it never names a paper). Fields the reader does
not know (``**Why it matters:**``) join the TL;DR rather than becoming papers.
"""

from __future__ import annotations

import re

from readinglist_gui.core.identity import normalize_arxiv_id, normalize_doi
from readinglist_gui.core.importers.markdown_blocks import Block, Bullet, Paragraph
from readinglist_gui.core.importers.markdown_builder import ListBuilder
from readinglist_gui.core.importers.markdown_inline import find_links, html_to_markdown
from readinglist_gui.core.importers.markdown_items import FIELD, FIELD_NAMES, LINK_FIELDS, Item
from readinglist_gui.core.importers.markdown_links import AUX, REFUSED, TITLE, label_text, role
from readinglist_gui.core.importers.paper_builder import clean_text, unique
from readinglist_gui.core.records import PaperRecord, Status

_BOLD_LABEL = re.compile(r"^(?:\*\*|__)[A-Za-z][^*_:]{0,24}(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)")
_NEXT_FIELD = re.compile(
    r"\s+(?=(?:\*\*|__)[A-Za-z][^*_:]{0,24}(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:))"
)
_TAG_FIELDS = frozenset(["tags", "keywords", "topics", "categories"])
_TLDR_FIELDS = ("tl;dr", "tldr", "summary", "takeaway")
_LONG_SUMMARY_WORDS = 60
"""A summary longer than this is an abstract, not a TL;DR."""


def read_field_paper(
    title: str, blocks: list[Block], start: int, builder: ListBuilder
) -> int | None:
    """Add the paper if the blocks from ``start`` are a heading's fields; return the next block."""
    fields: list[tuple[str, str, int]] = []
    index = start
    while index < len(blocks):
        block = blocks[index]
        if not isinstance(block, Bullet | Paragraph):
            break
        found = _fields(block.text, block.line)
        if found is None:
            if isinstance(block, Bullet):
                return None  # bullets of fields and bullets of papers: a section, not a paper
            break
        fields.extend(found)
        index += 1
    if not any(name in LINK_FIELDS for name, _, _ in fields) or _names_papers(fields, builder):
        return None
    _add(title, fields, builder, blocks[start].line)
    return index


def _names_papers(fields: list[tuple[str, str, int]], builder: ListBuilder) -> bool:
    """``- Paper: [Title A](…)`` twice is a list of papers under a heading, not one paper's fields."""
    titles = {
        link.label
        for name, value, _ in fields
        if name in LINK_FIELDS
        for link in find_links(value, builder.references)
        if role(link) == TITLE
    }
    return len(titles) >= 2


def _fields(text: str, line: int) -> list[tuple[str, str, int]] | None:
    """``(name, value, line)`` of each field on a line, or None if the line is not fields."""
    found = []
    for part in _NEXT_FIELD.split(text.strip()):
        match = FIELD.match(part)
        if match is None:
            return None
        name = match.group(1).strip().casefold()
        if name not in FIELD_NAMES and not _BOLD_LABEL.match(part):
            return None
        found.append((name, match.group(2), line))
    return found or None


def _add(title: str, fields: list[tuple[str, str, int]], builder: ListBuilder, line: int) -> None:
    item = Item(title=title)
    tags: list[str] = []
    known: dict[str, str] = {}
    others: list[str] = []
    for name, value, value_line in fields:
        links = find_links(html_to_markdown(value), builder.references)
        refused = [link.target for link in links if role(link) == REFUSED]
        builder.report_refused(Item(refused=refused), value_line)
        if name in LINK_FIELDS:
            item.urls.extend(link.target for link in links if role(link) in (TITLE, AUX))
            if not links and name in ("arxiv", "doi"):
                known[name] = value
        elif name in _TAG_FIELDS:
            tags.extend(re.split(r"\s*[,;]\s*", clean_text(value)))
        elif name in FIELD_NAMES:
            known.setdefault(name, clean_text(label_text(value)))
        elif value.strip():
            others.append(f"{name.capitalize()}: {clean_text(label_text(value))}")
    summary = next((known[name] for name in _TLDR_FIELDS if known.get(name)), "")
    if len(summary.split()) > _LONG_SUMMARY_WORDS and not known.get("abstract"):
        known["abstract"], summary = summary, ""
    item.tldr = " ".join(part for part in (summary, *others) if part)
    entry = builder.add(item, line)
    if entry is None:
        return
    paper = builder.paper(entry)
    _fill(paper, known)
    paper.tags = unique([*paper.tags, *tags])


def _fill(paper: PaperRecord, fields: dict[str, str]) -> None:
    authors = fields.get("authors") or fields.get("author")
    if authors:
        paper.authors = [a.strip() for a in re.split(r",\s*|\s+and\s+", authors) if a.strip()]
    venue = (
        fields.get("venue")
        or fields.get("conference")
        or fields.get("published")
        or fields.get("journal")
    )
    if venue:
        paper.venue, year = venue, re.search(r"(?:19|20)\d{2}", venue)
        paper.year = paper.year or (int(year.group(0)) if year else None)
    year = re.search(r"(?:19|20)\d{2}", fields.get("year", "") or fields.get("date", ""))
    if year:
        paper.year = int(year.group(0))
    paper.abstract = fields.get("abstract", "")
    note = (
        fields.get("notes") or fields.get("note") or fields.get("comment") or fields.get("comments")
    )
    if note:
        paper.note, paper.status = note, Status.NOTED
    if paper.arxiv_id is None and "arxiv" in fields:
        paper.arxiv_id = normalize_arxiv_id(fields["arxiv"])
    if paper.doi is None and "doi" in fields:
        paper.doi = normalize_doi(fields["doi"])
