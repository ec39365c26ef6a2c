"""What one bullet, table cell or paragraph says about a paper: title, links, TL;DR, venue.

Lists write the same facts many ways: ``[Title](url) - remark``, ``**Title**
[[paper](url)] [[code](url)]``, ``Title, ICLR 2023 [[pdf](url)]``, a checkbox
in front for papers already read. ``analyse`` reduces each to an ``Item``.
A leading field label (``**Link:**``) is a label, never a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from readinglist_gui.core.importers.markdown_inline import (
    Link,
    find_links,
    html_to_markdown,
    without_links,
)
from readinglist_gui.core.importers.markdown_links import (
    AUX,
    DROP,
    REFUSED,
    TITLE,
    label_text,
    role,
)
from readinglist_gui.core.importers.paper_builder import clean_text

_CHECKBOX = re.compile(r"^\[([ xX])\]\s+")
_LEADING_BOLD = re.compile(r"^\s*(\*\*|__)(.+?)\1")
FIELD = re.compile(
    r"^(?:\*\*|__)?([A-Za-z][A-Za-z;./ -]{0,24}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(.*)$"
)
"""``**Name:** value``, ``**Name**: value`` or ``Name: value``."""
# fmt: off
LINK_FIELDS = frozenset([
    "link", "links", "paper", "pdf", "url", "arxiv", "code", "doi", "project", "website",
    "github", "blog", "project page",
])
FIELD_NAMES = LINK_FIELDS | frozenset([
    "authors", "author", "venue", "conference", "published", "journal", "year", "date", "tags",
    "keywords", "topics", "categories", "tl;dr", "tldr", "summary", "takeaway", "abstract",
    "notes", "note", "comment", "comments", "status",
])
# fmt: on
_EMPTY_BRACKETS = re.compile(r"\[\s*\]|\(\s*\)")
_SPACES = "".join(char for char in map(chr, range(0x3001)) if char.isspace())
"""What ``str.isspace`` and a pattern's ``\\s`` call space: none lies past U+3000."""
_TRAILING_SEPARATORS = _SPACES + "-\u2013\u2014:|,;(["
_LEADING_SEPARATORS = _SPACES + "-\u2013\u2014:|,;.])"
_VENUE_AFTER_COMMA = re.compile(
    r"^(?P<title>.+?),\s*(?P<venue>[A-Z][\w&.\- ]{0,30}?)\s+'?(?P<year>(?:19|20)\d{2})$"
)
_VENUE_IN_BRACKETS = re.compile(
    r"^(?P<title>.+?)\s*[(\[](?P<venue>[A-Z][\w&.\- ]{0,30}?)\s*'?(?P<year>(?:19|20)\d{2})[)\]]$"
)
_VENUE_ALONE = re.compile(
    r"^[(\[]?(?P<venue>[A-Z][\w&.\- ]{0,30}?)\s*'?(?P<year>(?:19|20)\d{2})[)\]]?$"
)


@dataclass(slots=True)
class Item:
    """What one bullet or table cell says about a paper."""

    title: str = ""
    urls: list[str] = field(default_factory=list)
    has_title_link: bool = False
    tldr: str = ""
    venue: str = ""
    year: int | None = None
    checked: bool = False
    refused: list[str] = field(default_factory=list)
    """Links left out (``file:``, ``javascript:``), each with the reason, for the report."""


def analyse(text: str, references: dict[str, str]) -> Item:
    text = html_to_markdown(text.strip()) if "<" in text else text.strip()
    item = Item()
    if text.startswith("["):
        checkbox = _CHECKBOX.match(text)
        if checkbox:
            item.checked = checkbox.group(1) in "xX"
            text = text[checkbox.end() :]
    links = find_links(text, references)
    kinds = [(link, role(link)) for link in links]
    item.urls = [link.target for link, kind in kinds if kind in (TITLE, AUX)]
    item.refused = [link.target for link, kind in kinds if kind == REFUSED]
    titled = [link for link, kind in kinds if kind == TITLE]
    if titled:
        first = titled[0]
        item.title = clean_text(label_text(first.label))
        item.has_title_link = True
        after = text[first.end :]
        rest = without_links(
            after, [shift(link, first.end) for link in links if link.start >= first.end]
        )
        item.tldr = tidy(rest)
    elif any(kind == AUX for _, kind in kinds):
        _words_around_links(item, text, [link for link, kind in kinds if kind == AUX], links)
    elif not any(kind in (DROP, REFUSED) for _, kind in kinds):
        item.title = clean_text(text)
    if item.tldr:
        venue = _VENUE_ALONE.match(item.tldr)
        if venue:
            item.venue, item.year, item.tldr = item.tldr.strip("()[] "), int(venue["year"]), ""
    if item.title and not item.venue:
        item.title, item.venue, item.year = split_venue(item.title)
    return item


def _words_around_links(item: Item, text: str, aux: list[Link], links: list[Link]) -> None:
    """``Title [[paper](url)] [[code](url)] remark``: the words name the paper."""
    first, last = aux[0].start, aux[-1].end
    before = without_links(text[:first], [link for link in links if link.end <= first])
    label = FIELD.match(before.strip())
    if label and label.group(1).strip().casefold() in FIELD_NAMES and not label.group(2):
        before = ""  # "- **Link:** [arXiv](…)": a field of a paper named elsewhere
    after = tidy(
        without_links(text[last:], [shift(link, last) for link in links if link.start >= last])
    )
    bold = _LEADING_BOLD.match(before)
    if bold:
        item.title = clean_text(bold.group(2))
        item.tldr = " ".join(part for part in (tidy(before[bold.end() :]), after) if part)
    else:
        words = tidy(before)
        item.title = words or after
        item.tldr = after if words else ""


def shift(link: Link, offset: int) -> Link:
    return Link(
        link.label,
        link.target,
        link.is_image,
        link.image_label,
        link.start - offset,
        link.end - offset,
    )


def tidy(text: str) -> str:
    """The words left beside a paper's links, without the brackets and dashes that
    joined them. Plain string work where it will do: a 50 MB list tidies every line."""
    text = _without_empty_brackets(text)
    text = _without_empty_brackets(clean_text(text))
    return text.rstrip(_TRAILING_SEPARATORS).lstrip(_LEADING_SEPARATORS).strip()


def _without_empty_brackets(text: str) -> str:
    return _EMPTY_BRACKETS.sub(" ", text) if "[" in text or "(" in text else text


def split_venue(title: str) -> tuple[str, str, int | None]:
    """``Title, ICLR 2023`` or ``Title (NeurIPS'22)``: the venue and year are not the title."""
    if not title[-1:].isdigit() and not title.endswith((")", "]")):
        return title, "", None
    for pattern in (_VENUE_AFTER_COMMA, _VENUE_IN_BRACKETS):
        match = pattern.match(title)
        if match and len(match["title"]) > 3:
            venue = f"{match['venue'].strip()} {match['year']}"
            return match["title"].strip(), venue, int(match["year"])
    return title, "", None
