"""Markdown reading lists: blog posts of links, curated READMEs, daily digests.

The list keeps its shape: headings are sections in source order, each bullet or
table row naming a paper is an entry. What decides that something is a paper:

* a link whose label is a title (``[Title](url)``); a label like ``pdf``,
  ``[[paper]]`` or ``code`` is never a title, so the title then comes from the
  bullet's own words or the table's title column, and the link is kept as a link;
* links to Markdown files, images, badges and anchors are never papers (index
  pages link to their category files; badges link to star counts);
* a bullet without any link is a title-only entry only where it is clearly an
  item of a reading list: its section also lists linked papers, or the whole
  document has no links and the bullet reads like a title. A bullet of the
  form ``**Topic**: text`` is a description, never a paper, so an index that
  names techniques in prose does not invent papers;
* a ``### Title`` heading followed only by ``- **Link:** …`` style fields is a
  paper, not a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from readinglist_gui.core.identity import normalize_arxiv_id, normalize_doi
from readinglist_gui.core.importers.markdown_inline import (
    Link,
    find_links,
    html_to_markdown,
    is_reference_definition,
    reference_definitions,
    without_links,
)
from readinglist_gui.core.importers.paper_builder import (
    add_link,
    clean_text,
    paper_from_links,
    unique,
)
from readinglist_gui.core.importers.section_dates import date_in
from readinglist_gui.core.links import safe_url
from readinglist_gui.core.records import (
    EntryRecord,
    ImportBatch,
    ListRecord,
    PaperRecord,
    Problem,
    SectionRecord,
    Status,
)

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+•]|\d{1,4}[.)])\s+(.*)$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>", re.IGNORECASE)
_ONLY_HTML = re.compile(r"^\s*(<[^>]+>\s*)+$")
_CHECKBOX = re.compile(r"^\[([ xX])\]\s+")
_DEFINITION = re.compile(r"^(\*\*|__)[^*_]{1,80}?(:\s*\1|\1\s*[:\-\u2013—])")
_FIELD = re.compile(
    r"^(?:\*\*|__)?([A-Za-z][A-Za-z;./ -]{0,24}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(.*)$"
)
_VENUE_AFTER_COMMA = re.compile(
    r"^(?P<title>.+?),\s*(?P<venue>[A-Z][\w&.\- ]{0,30}?)\s+'?(?P<year>(?:19|20)\d{2})$"
)
_VENUE_IN_BRACKETS = re.compile(
    r"^(?P<title>.+?)\s*[(\[](?P<venue>[A-Z][\w&.\- ]{0,30}?)\s*'?(?P<year>(?:19|20)\d{2})[)\]]$"
)
_VENUE_ALONE = re.compile(
    r"^[(\[]?(?P<venue>[A-Z][\w&.\- ]{0,30}?)\s*'?(?P<year>(?:19|20)\d{2})[)\]]?$"
)
_LEADING_BOLD = re.compile(r"^\s*(\*\*|__)(.+?)\1")
_EMPTY_BRACKETS = re.compile(r"\[\s*\]|\(\s*\)")
_TRAILING_SEPARATORS = re.compile(r"[\s\-\u2013\u2014:|,;(\[]+$")
_WORDS = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_DOMAIN_LABEL = re.compile(r"[\w.-]+\.[a-z]{2,}(/\S*)?")
_INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_INLINE_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SETEXT_UNDERLINE = re.compile(r"\s{0,3}(=+|-{2,})\s*")
_LEADING_SEPARATORS = re.compile(r"^[\s\-\u2013—:|,;.\])]+")
_SYMBOLS = re.compile(r"^[^\w(\[]+|[^\w)\]?!.…]+$")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".ico")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_BADGE_HOSTS = ("img.shields.io", "badgen.net", "badge.fury.io", "api.star-history.com")
_GENERIC_WORDS = frozenset(
    [
        "pdf",
        "paper",
        "papers",
        "code",
        "arxiv",
        "link",
        "links",
        "project",
        "page",
        "site",
        "web",
        "website",
        "blog",
        "post",
        "repo",
        "repository",
        "github",
        "gitlab",
        "source",
        "official",
        "unofficial",
        "implementation",
        "slides",
        "video",
        "demo",
        "html",
        "abs",
        "abstract",
        "doi",
        "openreview",
        "bib",
        "bibtex",
        "url",
        "here",
        "poster",
        "dataset",
        "data",
        "model",
        "models",
        "weights",
        "huggingface",
        "hugging",
        "face",
        "hf",
        "colab",
        "notebook",
        "talk",
        "youtube",
        "tweet",
        "thread",
        "twitter",
        "x",
        "review",
        "reviews",
        "summary",
        "notes",
        "note",
        "pytorch",
        "jax",
        "tensorflow",
        "paperswithcode",
        "with",
        "semantic",
        "scholar",
        "acl",
        "anthology",
        "ieee",
        "acm",
        "springer",
        "medium",
        "zhihu",
        "star",
        "stars",
        "docs",
        "documentation",
        "leaderboard",
        "supp",
        "supplementary",
        "appendix",
        "citation",
        "cite",
        "alphaxiv",
        "read",
        "more",
        "discussion",
        "podcast",
        "audio",
        "full",
        "text",
        "preprint",
        "published",
        "version",
        "homepage",
        "checkpoint",
        "checkpoints",
        "api",
        "article",
    ]
)
_TITLE_HEADERS = frozenset(
    [
        "title",
        "paper",
        "papers",
        "name",
        "paper title",
        "paper name",
        "reading",
        "readings",
        "work",
        "article",
        "publication",
        "required reading",
        "required readings",
    ]
)
_VENUE_HEADERS = frozenset(["venue", "conference", "conf", "journal", "published", "publisher"])
_DATE_HEADERS = frozenset(["date", "day", "week", "when", "lecture date", "session date"])
_TOPIC_HEADERS = frozenset(["topic", "topics", "session", "lecture", "theme", "subject"])
_TLDR_HEADERS = frozenset(
    [
        "tl;dr",
        "tldr",
        "summary",
        "description",
        "notes",
        "note",
        "comment",
        "comments",
        "remarks",
        "highlights",
        "contribution",
        "key idea",
        "takeaway",
    ]
)
_AUTHOR_HEADERS = frozenset(["author", "authors"])
_YEAR_HEADERS = frozenset(["year"])
_LINK_FIELDS = frozenset(
    [
        "link",
        "links",
        "paper",
        "pdf",
        "url",
        "arxiv",
        "code",
        "doi",
        "project",
        "website",
        "github",
        "blog",
        "project page",
    ]
)
_FIELD_NAMES = _LINK_FIELDS | frozenset(
    [
        "authors",
        "author",
        "venue",
        "conference",
        "published",
        "journal",
        "year",
        "date",
        "tags",
        "keywords",
        "topics",
        "categories",
        "tl;dr",
        "tldr",
        "summary",
        "takeaway",
        "abstract",
        "notes",
        "note",
        "comment",
        "comments",
        "status",
    ]
)


def looks_like(text: str) -> bool:
    head = text[:20000]
    linked_bullets = re.findall(
        r"^\s*(?:[-*+]|\d{1,4}[.)])\s.*(?:https?://|www\.|arxiv\.org/)", head, re.MULTILINE
    )
    return bool(
        len(linked_bullets) >= 2
        or head.startswith("---\n")
        or re.search(r"^\s{0,3}#{1,6}\s+\S", head, re.MULTILINE)
        or re.search(r"\]\(\S+\)", head)
        or re.search(r"^\s*\|?\s*:?-{3,}:?\s*\|", head, re.MULTILINE)
    )


def read(text: str, source: str) -> ImportBatch:
    return _Reader(text, source).read()


def linked_markdown_files(text: str) -> list[tuple[str, str]]:
    """``(label, relative path)`` of the local Markdown files a page links to, first label wins.

    Paths that leave the page's folder (``../README.md``) are navigation to a
    parent page, not category files, so they are left out.
    """
    found: dict[str, str] = {}
    for line in text.splitlines():
        if ".md" not in line.lower() and ".markdown" not in line.lower():
            continue
        for link in find_links(html_to_markdown(line)):
            target = link.target.split("#", 1)[0].split("?", 1)[0]
            if not target.lower().endswith(_MARKDOWN_SUFFIXES) or "://" in target:
                continue
            path = PurePosixPath(target.removeprefix("./"))
            if path.is_absolute() or ".." in path.parts or target.startswith("www."):
                continue
            found.setdefault(str(path), category_name(link.label))
    return [(label, target) for target, label in found.items()]


def category_name(label: str) -> str:
    """A heading or link label as a tag: emoji and decoration dropped, words kept."""
    return _SYMBOLS.sub("", clean_text(_label_text(label))).strip()


@dataclass(slots=True)
class _Item:
    """What one bullet or table cell says about a paper."""

    title: str = ""
    urls: list[str] = field(default_factory=list)
    has_title_link: bool = False
    tldr: str = ""
    venue: str = ""
    year: int | None = None
    checked: bool = False


@dataclass(slots=True)
class _Open:
    indent: int
    entry: EntryRecord | None


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.batch = ImportBatch()
        self.lines = text.splitlines()
        self.first_line = 1
        self.name = ""
        self.tags: list[str] = []
        self.sections: list[SectionRecord] = []
        self.section: SectionRecord | None = None
        self.references: dict[str, str] = {}
        self.papers_by_index: dict[int, PaperRecord] = {}

    def read(self) -> ImportBatch:
        self._front_matter()
        self.references = reference_definitions(self.lines)
        chunks = self._chunks()
        document_links = any(has_links for _, _, has_links in chunks)
        for start, end, has_links in chunks:
            self._chunk(start, end, has_links, document_links)
        sections = [s for s in self.sections if s.entries]
        if not sections:
            self.batch.problems.append(Problem("no papers found", source=self.source))
            return self.batch
        name = self.name or PurePosixPath(self.source).stem or self.source
        self.batch.lists.append(ListRecord(name=name, source=self.source, sections=sections))
        return self.batch

    # -- document structure -------------------------------------------------------------

    def _front_matter(self) -> None:
        if not self.lines or self.lines[0].strip() != "---":
            return
        for end in range(1, len(self.lines)):
            if self.lines[end].strip() in ("---", "..."):
                break
        else:
            self.batch.problems.append(
                Problem("front matter is never closed; read as text", 1, self.source)
            )
            return
        values = _yaml_subset(self.lines[1:end])
        self.name = clean_text(_first(values.get("title", [])))
        self.tags = unique(
            [*values.get("categories", []), *values.get("tags", []), *values.get("keywords", [])]
        )
        self.lines = self.lines[end + 1 :]
        self.first_line = end + 2

    def _chunks(self) -> list[tuple[int, int, bool]]:
        """Line ranges between headings, each with whether it links to any paper."""
        bounds: list[int] = [0]
        fenced = False
        for number, line in enumerate(self.lines):
            if _FENCE.match(line):
                fenced = not fenced
            elif not fenced and (
                _HEADING.match(line) or _SUMMARY.search(line) or _is_setext(self.lines, number)
            ):
                bounds.append(number)
        bounds.append(len(self.lines))
        chunks = []
        for start, end in pairwise(bounds):
            if end > start:
                chunks.append((start, end, self._links_papers(start, end)))
        return chunks

    def _links_papers(self, start: int, end: int) -> bool:
        """Whether any line links to a paper (badges, images and Markdown files do not count)."""
        for line in self.lines[start:end]:
            if ("[" in line or "http" in line or "href" in line) and any(
                _kind(link) != "drop"
                for link in find_links(html_to_markdown(line), self.references)
            ):
                return True
        return False

    def _chunk(self, start: int, end: int, has_links: bool, document_links: bool) -> None:
        number = start
        open_items: list[_Open] = []
        fenced = False
        while number < end:
            line = self.lines[number]
            if _FENCE.match(line):
                fenced = not fenced
                number += 1
                continue
            if fenced or is_reference_definition(line):
                number += 1
                continue
            if number == start and (kind := self._heading(number)) is not None:
                number = self._after_field_paper(number, end) if kind == "section" else number + 1
                open_items.clear()
                continue
            if "|" in line and number + 1 < end and _TABLE_SEPARATOR.match(self.lines[number + 1]):
                number = self._table(number, end)
                open_items.clear()
                continue
            bullet = _BULLET.match(line)
            if bullet:
                number = self._bullet(number, end, bullet, open_items, has_links, document_links)
                continue
            stripped = line.strip()
            if stripped and not _ONLY_HTML.match(stripped) and not line[:1].isspace():
                open_items.clear()
                self._paragraph_link(number, stripped)
            number += 1

    def _heading(self, number: int) -> str | None:
        """Open the section a heading starts: ``section``, ``name`` (the list's title) or None."""
        line = self.lines[number]
        match = _HEADING.match(line)
        if match:
            level, text = len(match.group(1)), match.group(2)
        elif (summary := _SUMMARY.search(line)) is not None:
            level, text = 7, summary.group(1)
        elif _is_setext(self.lines, number):
            level, text = (
                (1 if self.lines[number].lstrip().startswith("=") else 2),
                self.lines[number - 1],
            )
        else:
            return None
        heading = clean_text(_label_text(html_to_markdown(text)))
        if level == 1 and not self.name and not self.sections:
            self.name = heading
            return "name"
        self.section = SectionRecord(heading, date_in(heading))
        self.sections.append(self.section)
        return "section"

    def _section(self) -> SectionRecord:
        if self.section is None:
            self.section = SectionRecord("")
            self.sections.insert(0, self.section)
        return self.section

    def _add(self, item: _Item, line: int) -> EntryRecord | None:
        if not item.title and not item.urls:
            return None
        paper = paper_from_links(item.title, item.urls, self.tags)
        if not paper.title and paper.arxiv_id is None and paper.doi is None:
            self.batch.problems.append(
                Problem("link without a title or paper identifier skipped", line, self.source)
            )
            return None
        paper.venue, paper.year = item.venue, item.year
        if item.checked:
            paper.status = Status.SKIMMED
        self.batch.papers.append(paper)
        entry = EntryRecord(len(self.batch.papers) - 1, tldr=item.tldr)
        self._section().entries.append(entry)
        self.papers_by_index[entry.paper] = paper
        return entry

    # -- bullets and paragraphs ----------------------------------------------------------

    def _bullet(
        self,
        number: int,
        end: int,
        match: re.Match[str],
        open_items: list[_Open],
        has_links: bool,
        document_links: bool,
    ) -> int:
        indent = len(match.group(1).expandtabs(4))
        text = match.group(2)
        following = number + 1
        while following < end and self._continues(following, indent):
            text += " " + self.lines[following].strip()
            following += 1
        while open_items and open_items[-1].indent >= indent:
            open_items.pop()
        parent = open_items[-1].entry if open_items else None
        item = self._analyse(text)
        entry = None
        if item.has_title_link:
            entry = self._add(item, number + self.first_line)
        elif parent is not None and (item.urls or item.title):
            self._attach(parent, item)
        elif item.urls or (
            item.title
            and self._title_only(text, item, has_links, document_links, following, end, indent)
        ):
            entry = self._add(item, number + self.first_line)
        open_items.append(_Open(indent, entry))
        return following

    def _continues(self, number: int, indent: int) -> bool:
        line = self.lines[number]
        if not line.strip() or _BULLET.match(line) or _HEADING.match(line):
            return False
        return len(line) - len(line.lstrip()) > indent

    def _title_only(
        self,
        text: str,
        item: _Item,
        has_links: bool,
        document_links: bool,
        following: int,
        end: int,
        indent: int,
    ) -> bool:
        if _DEFINITION.match(text.strip()) or self._has_children(following, end, indent):
            return False
        if has_links:
            return _reads_like_item(item.title)
        return not document_links and _reads_like_title(item.title)

    def _has_children(self, number: int, end: int, indent: int) -> bool:
        while number < end and not self.lines[number].strip():
            number += 1
        if number >= end:
            return False
        match = _BULLET.match(self.lines[number])
        return match is not None and len(match.group(1).expandtabs(4)) > indent

    def _attach(self, entry: EntryRecord, item: _Item) -> None:
        """A nested bullet under a paper adds its links and words to that paper."""
        paper = self.papers_by_index[entry.paper]
        for url in item.urls:
            add_link(paper, url)
        words = " ".join(part for part in (item.title, item.tldr) if part)
        if words:
            entry.tldr = f"{entry.tldr} {words}".strip() if entry.tldr else words

    def _paragraph_link(self, number: int, stripped: str) -> None:
        """A paragraph that opens with a titled paper link is a paper, as in numbered READMEs."""
        text = stripped.strip("*_ ")
        if not text.startswith("["):
            return
        links = find_links(html_to_markdown(text), self.references)
        if links and links[0].start == 0 and _kind(links[0]) == "title":
            self._add(self._analyse(text), number + self.first_line)

    def _analyse(self, text: str) -> _Item:
        text = html_to_markdown(text.strip())
        item = _Item()
        checkbox = _CHECKBOX.match(text)
        if checkbox:
            item.checked = checkbox.group(1) in "xX"
            text = text[checkbox.end() :]
        links = find_links(text, self.references)
        kinds = [(link, _kind(link)) for link in links]
        titled = [link for link, kind in kinds if kind == "title"]
        item.urls = [link.target for link, kind in kinds if kind != "drop"]
        if titled:
            first = titled[0]
            item.title = clean_text(_label_text(first.label))
            item.has_title_link = True
            after = text[first.end :]
            rest = without_links(
                after, [_shift(link, first.end) for link in links if link.start >= first.end]
            )
            item.tldr = _tidy(rest)
        elif any(kind == "aux" for _, kind in kinds):
            aux = [link for link, kind in kinds if kind != "drop"]
            first, last = aux[0].start, aux[-1].end
            before = without_links(text[:first], [link for link in links if link.end <= first])
            after = _tidy(
                without_links(
                    text[last:], [_shift(link, last) for link in links if link.start >= last]
                )
            )
            bold = _LEADING_BOLD.match(before)
            if bold:
                item.title = clean_text(bold.group(2))
                item.tldr = " ".join(part for part in (_tidy(before[bold.end() :]), after) if part)
            else:
                item.title = _tidy(before) or after
                item.tldr = after if _tidy(before) else ""
        elif not any(kind == "drop" for _, kind in kinds):
            item.title = clean_text(text)
        if item.tldr:
            venue = _VENUE_ALONE.match(item.tldr)
            if venue:
                item.venue, item.year, item.tldr = item.tldr.strip("()[] "), int(venue["year"]), ""
        if item.title and not item.venue:
            item.title, item.venue, item.year = _split_venue(item.title)
        return item

    # -- papers written as headings with fields ------------------------------------------

    def _after_field_paper(self, number: int, end: int) -> int:
        """Read the fields under a heading if the heading is a paper; return the next line."""
        fields, after = self._fields(number + 1, end)
        if not fields or not any(name in _LINK_FIELDS for name, _, _ in fields):
            return number + 1
        section = self.sections.pop()
        self.section = self.sections[-1] if self.sections else None
        title = section.heading
        item = _Item(title=title)
        tags: list[str] = []
        paper_fields: dict[str, str] = {}
        for name, value, _ in fields:
            links = find_links(html_to_markdown(value), self.references)
            if name in _LINK_FIELDS:
                item.urls.extend(link.target for link in links if _kind(link) != "drop")
                if not links and name in ("arxiv", "doi"):
                    paper_fields[name] = value
            elif name in ("tags", "keywords", "topics", "categories"):
                tags.extend(re.split(r"\s*[,;]\s*", clean_text(value)))
            else:
                paper_fields.setdefault(name, clean_text(_label_text(value)))
        item.tldr = (
            paper_fields.get("tl;dr")
            or paper_fields.get("tldr")
            or paper_fields.get("summary", paper_fields.get("takeaway", ""))
        )
        entry = self._add(item, number + self.first_line)
        if entry is None:
            return after
        paper = self.papers_by_index[entry.paper]
        _fill_fields(paper, paper_fields)
        paper.tags = unique([*paper.tags, *tags])
        return after

    def _fields(self, number: int, end: int) -> tuple[list[tuple[str, str, int]], int]:
        fields: list[tuple[str, str, int]] = []
        while number < end:
            line = self.lines[number]
            if not line.strip():
                number += 1
                continue
            bullet = _BULLET.match(line)
            if bullet is None:
                break
            match = _FIELD.match(bullet.group(2).strip())
            if match is None or match.group(1).strip().casefold() not in _FIELD_NAMES:
                return [], number
            fields.append((match.group(1).strip().casefold(), match.group(2), number))
            number += 1
        return fields, number

    # -- tables --------------------------------------------------------------------------

    def _table(self, number: int, end: int) -> int:
        header = [_header_name(cell) for cell in _cells(self.lines[number])]
        roles = _roles(header)
        row = number + 2
        while row < end and "|" in self.lines[row] and self.lines[row].strip():
            self._table_row(_cells(self.lines[row]), roles, row + self.first_line)
            row += 1
        return row

    def _table_row(self, cells: list[str], roles: dict[str, int], line: int) -> None:
        cells = [html_to_markdown(cell) for cell in cells]
        date_column = roles.get("date")
        if (
            date_column is not None
            and date_column < len(cells)
            and cells[date_column].strip()
            and ("topic" in roles or date_in(cells[date_column]) is not None)
        ):
            self._dated_section(cells, roles)
        title_column = self._title_column(cells, roles)
        if title_column is None:
            return
        parts = [
            p for p in re.split(r"<br\s*/?>", cells[title_column], flags=re.IGNORECASE) if p.strip()
        ]
        items = [self._analyse(part) for part in parts]
        items = [item for item in items if item.title or item.urls]
        if not items:
            return
        for column, cell in enumerate(cells):
            if column == title_column or column in roles.values():
                continue
            extra = [
                link.target for link in find_links(cell, self.references) if _kind(link) != "drop"
            ]
            if len(items) == 1:
                items[0].urls.extend(extra)
        for item in items:
            self._role_values(item, cells, roles)
            if item.title and not item.has_title_link and not _has_letters(item.title):
                continue
            self._add(item, line)

    def _title_column(self, cells: list[str], roles: dict[str, int]) -> int | None:
        if "title" in roles and roles["title"] < len(cells):
            return roles["title"]
        free = [c for c in range(len(cells)) if c not in roles.values()]
        for column in free:
            if any(_kind(link) == "title" for link in find_links(cells[column], self.references)):
                return column
        if any(
            _kind(link) == "aux" for c in free for link in find_links(cells[c], self.references)
        ):
            for column in free:
                text = _tidy(
                    without_links(cells[column], find_links(cells[column], self.references))
                )
                if _has_letters(text) and date_in(text) is None:
                    return column
        return None

    def _role_values(self, item: _Item, cells: list[str], roles: dict[str, int]) -> None:
        def cell(role: str) -> str:
            column = roles.get(role)
            return (
                clean_text(_label_text(cells[column]))
                if column is not None and column < len(cells)
                else ""
            )

        item.venue = cell("venue") or item.venue
        year = _YEAR.search(cell("year") or item.venue or cell("date"))
        if year:
            item.year = int(year.group(0))
        item.tldr = cell("tldr") or item.tldr

    def _dated_section(self, cells: list[str], roles: dict[str, int]) -> None:
        date_text = clean_text(cells[roles["date"]])
        topic_column = roles.get("topic")
        topic = (
            clean_text(_label_text(cells[topic_column]))
            if topic_column is not None and topic_column < len(cells)
            else ""
        )
        self.section = SectionRecord(topic or date_text, date_in(date_text))
        self.sections.append(self.section)


def _kind(link: Link) -> str:
    """``title`` for a link that names a paper, ``aux`` for a paper's extra link, else ``drop``."""
    target = link.target.strip()
    if not target or target.startswith("#") or link.is_image:
        return "drop"
    parts = urlsplit(target if "://" in target else f"https://{target}")
    path = parts.path.lower()
    if path.endswith(_IMAGE_SUFFIXES + _MARKDOWN_SUFFIXES) or parts.netloc.lower() in _BADGE_HOSTS:
        return "drop"
    if safe_url(target) is None:
        return "drop"
    if link.image_label:
        return "aux"
    label = clean_text(_label_text(link.label))
    if not label or _is_generic(label) or _looks_like_url(label):
        return "aux"
    return "title"


def _is_generic(label: str) -> bool:
    words = _WORDS.findall(label.casefold())
    return bool(words) and all(word in _GENERIC_WORDS or _YEAR.fullmatch(word) for word in words)


def _looks_like_url(label: str) -> bool:
    return "://" in label or label.startswith("www.") or bool(_DOMAIN_LABEL.fullmatch(label))


def _label_text(label: str) -> str:
    """A label's words: nested links give their labels, images give nothing."""
    if "](" not in label:
        return label
    return _INLINE_LINK.sub(r"\1", _INLINE_IMAGE.sub("", label))


def _shift(link: Link, offset: int) -> Link:
    return Link(
        link.label,
        link.target,
        link.is_image,
        link.image_label,
        link.start - offset,
        link.end - offset,
    )


def _tidy(text: str) -> str:
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = clean_text(text)
    text = _EMPTY_BRACKETS.sub(" ", text)
    return _LEADING_SEPARATORS.sub("", _TRAILING_SEPARATORS.sub("", text)).strip()


def _split_venue(title: str) -> tuple[str, str, int | None]:
    for pattern in (_VENUE_AFTER_COMMA, _VENUE_IN_BRACKETS):
        match = pattern.match(title)
        if match and len(match["title"]) > 3:
            venue = f"{match['venue'].strip()} {match['year']}"
            return match["title"].strip(), venue, int(match["year"])
    return title, "", None


def _reads_like_item(text: str) -> bool:
    """Short, and not a sentence: remarks between linked papers end with a full stop."""
    if text.endswith(("...", "\u2026")):
        return len(text.split()) <= 30
    return len(text.split()) <= 30 and not text.endswith((".", ":"))


def _reads_like_title(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 30 or text.endswith((".", ":", ",")):
        return False
    significant = [w for w in words if len(w) > 3]
    capitalised = [w for w in significant if w[0].isupper() or w[0].isdigit()]
    return not significant or len(capitalised) * 2 >= len(significant)


def _has_letters(text: str) -> bool:
    return len(re.findall(r"[^\W\d_]", text)) >= 3


def _is_setext(lines: list[str], number: int) -> bool:
    if number == 0 or not _SETEXT_UNDERLINE.fullmatch(lines[number]):
        return False
    above = lines[number - 1].strip()
    return (
        bool(above)
        and not _BULLET.match(lines[number - 1])
        and not above.startswith(("|", "#", "<"))
    )


def _cells(line: str) -> list[str]:
    line = line.strip()
    line = line.removeprefix("|")
    line = line.removesuffix("|") if not line.endswith("\\|") else line
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)]


def _header_name(cell: str) -> str:
    return " ".join(re.findall(r"[a-z;]+", clean_text(_label_text(cell)).casefold()))


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for column, name in enumerate(header):
        for role, names in (
            ("title", _TITLE_HEADERS),
            ("venue", _VENUE_HEADERS),
            ("date", _DATE_HEADERS),
            ("topic", _TOPIC_HEADERS),
            ("tldr", _TLDR_HEADERS),
            ("authors", _AUTHOR_HEADERS),
            ("year", _YEAR_HEADERS),
        ):
            if name in names and role not in roles:
                roles[role] = column
                break
    return roles


def _fill_fields(paper: PaperRecord, fields: dict[str, str]) -> None:
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


def _yaml_subset(lines: list[str]) -> dict[str, list[str]]:
    """The flat ``key: value`` / ``key: [a, b]`` / ``- item`` YAML that front matter uses."""
    values: dict[str, list[str]] = {}
    key = ""
    for line in lines:
        line = re.sub(r"\s+#.*$", "", line)
        item = re.match(r"^\s+-\s+(.*)$", line) or re.match(r"^-\s+(.*)$", line)
        if item and key:
            values.setdefault(key, []).append(_unquote(item.group(1)))
            continue
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if not match:
            continue
        key, value = match.group(1).casefold(), match.group(2).strip()
        if value.startswith("[") and value.endswith("]"):
            values[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        elif value:
            values[key] = [_unquote(value)]
    return values


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _first(values: list[str]) -> str:
    return values[0] if values else ""
