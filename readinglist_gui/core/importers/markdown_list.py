"""Markdown reading lists: blog posts of links, curated READMEs, daily digests, reading notes.

The list keeps its shape: headings are sections in source order, each bullet or
table row naming a paper is an entry. The text is cut into blocks by
``markdown_blocks``, one heading's chunk at a time, and each block goes to the
classifier for its shape: bullets and paragraphs here, tables in
``markdown_tables``, papers written as a heading with fields in
``markdown_fields``; ``markdown_links`` decides what each link is.

What decides that a bullet without any link is a paper: it is clearly an item
of a reading list, because its section also lists linked papers, or the whole
document has no links and the bullet reads like a title. A bullet of the form
``**Topic**: text`` is a description, never a paper, so an index that names
techniques in prose does not invent papers.

``markdown-it-py`` (4.3, with ``mdurl``; ~80 ms to import) was weighed and
left out: it parses CommonMark faithfully, but took 9 s for the first 5 MB of
a generated list on the development machine, where the whole 50 MB import has
20 s, and lists are read for their looser conventions anyway (``•`` bullets,
brackets inside link titles, ``<summary>`` headings, field lines).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from readinglist_gui.core.importers.decoding import unrepaired
from readinglist_gui.core.importers.markdown_blocks import (
    Block,
    Bullet,
    Chunk,
    Heading,
    Paragraph,
    Table,
    chunks,
    reference_definitions,
    split_front_matter,
)
from readinglist_gui.core.importers.markdown_builder import ListBuilder
from readinglist_gui.core.importers.markdown_fields import read_field_paper
from readinglist_gui.core.importers.markdown_inline import find_links, html_to_markdown
from readinglist_gui.core.importers.markdown_items import Item, analyse
from readinglist_gui.core.importers.markdown_links import (
    DROP,
    MARKDOWN_SUFFIXES,
    REFUSED,
    TITLE,
    label_text,
    role,
)
from readinglist_gui.core.importers.markdown_tables import read_table
from readinglist_gui.core.importers.paper_builder import clean_text, unique
from readinglist_gui.core.importers.repair import repair_line
from readinglist_gui.core.importers.section_dates import date_in
from readinglist_gui.core.records import EntryRecord, RecordBatch

_DEFINITION = re.compile(r"^(\*\*|__)[^*_]{1,80}?(:\s*\1|\1\s*[:\-\u2013—])")
_SYMBOLS = re.compile(r"^[^\w(\[]+|[^\w)\]?!.…]+$")
_LINKED_BULLET = re.compile(
    r"^\s*(?:[-*+]|\d{1,4}[.)])\s.*(?:https?://|www\.|arxiv\.org/)", re.MULTILINE
)


def looks_like(text: str) -> bool:
    head = text[:20000]
    return bool(
        len(_LINKED_BULLET.findall(head)) >= 2
        or head.startswith("---\n")
        or re.search(r"^\s{0,3}#{1,6}\s+\S", head, re.MULTILINE)
        or re.search(r"\]\(\S+\)", head)
        or re.search(r"^\s*\|?\s*:?-{3,}:?\s*\|", head, re.MULTILINE)
    )


def read(text: str, source: str) -> RecordBatch:
    return read_lines(text.splitlines(), source)


def read_lines(lines: Iterable[str], source: str) -> RecordBatch:
    """Read ``lines`` twice: once for reference definitions, then chunk by chunk."""
    return _Reader(source, reference_definitions(lines)).read(lines)


def linked_markdown_files(lines: Iterable[str]) -> list[tuple[str, str]]:
    """``(label, relative path)`` of the local Markdown files a page links to, first label wins.

    Paths that leave the page's folder (``../README.md``) are navigation to a
    parent page, not category files, so they are left out.
    """
    found: dict[str, str] = {}
    for line in unrepaired(lines):
        if ".md" not in line.lower() and ".markdown" not in line.lower():
            continue
        for link in find_links(html_to_markdown(repair_line(line))):
            target = link.target.split("#", 1)[0].split("?", 1)[0]
            if not target.lower().endswith(MARKDOWN_SUFFIXES) or "://" in target:
                continue
            path = PurePosixPath(target.removeprefix("./"))
            if path.is_absolute() or ".." in path.parts or target.startswith("www."):
                continue
            found.setdefault(str(path), category_name(link.label))
    return [(label, target) for target, label in found.items()]


def category_name(label: str) -> str:
    """A heading or link label as a tag: emoji and decoration dropped, words kept."""
    return _SYMBOLS.sub("", clean_text(label_text(label))).strip()


@dataclass(slots=True)
class _Open:
    indent: int
    entry: EntryRecord | None


class _Reader:
    def __init__(self, source: str, references: dict[str, str]) -> None:
        self.list = ListBuilder(source, references)
        self.references = references
        self.document_links = False

    def read(self, lines: Iterable[str]) -> RecordBatch:
        front, numbered = split_front_matter(lines)
        if front is not None and front.unclosed:
            self.list.problem("front matter is never closed; read as text", 1)
        elif front is not None:
            self.list.name = clean_text(next(iter(front.values.get("title", [])), ""))
            self.list.tags = unique(
                [
                    *front.values.get("categories", []),
                    *front.values.get("tags", []),
                    *front.values.get("keywords", []),
                ]
            )
        for chunk in chunks(numbered):
            _ChunkReader(self, chunk).read()
        return self.list.finish(self.document_links)


class _ChunkReader:
    """One heading's chunk: its heading, then its blocks in order."""

    def __init__(self, reader: _Reader, chunk: Chunk) -> None:
        self.reader = reader
        self.list = reader.list
        self.chunk = chunk
        self.has_links: bool | None = None
        self.open_items: list[_Open] = []

    def read(self) -> None:
        blocks = self.chunk.blocks
        index = 0
        if self.chunk.heading is not None:
            index = self._heading(self.chunk.heading)
        while index < len(blocks):
            block = blocks[index]
            if isinstance(block, Bullet):
                self._bullet(block, blocks[index + 1] if index + 1 < len(blocks) else None)
            elif isinstance(block, Table):
                self.open_items.clear()
                read_table(block, self.list)
            else:
                self.open_items.clear()
                self._paragraph(block)
            index += 1
        if self.has_links is None:
            self.has_links = self._links_papers()
        self.reader.document_links = self.reader.document_links or self.has_links

    def _heading(self, heading: Heading) -> int:
        """Open the section a heading starts (or name the list); return the first block to read."""
        text = clean_text(label_text(html_to_markdown(heading.text)))
        if heading.level == 1 and not self.list.name and not self.list.sections:
            self.list.name = text
            return 0
        after = (
            read_field_paper(text, self.chunk.blocks, 0, self.list) if self.chunk.blocks else None
        )
        if after is not None:
            self.has_links = True
            return after
        self.list.open_section(text, date_in(text))
        return 0

    def _analyse(self, text: str, line: int) -> Item:
        item = analyse(text, self.reader.references)
        self.list.report_refused(item, line)
        if item.urls:
            self.has_links = True
        return item

    def _bullet(self, bullet: Bullet, following: Block | None) -> None:
        open_items = self.open_items
        while open_items and open_items[-1].indent >= bullet.indent:
            open_items.pop()
        parent = open_items[-1].entry if open_items else None
        item = self._analyse(bullet.text, bullet.line)
        entry = None
        if item.has_title_link:
            entry = self.list.add(item, bullet.line)
        elif parent is not None and (item.urls or item.title):
            self.list.attach(parent, item)
        elif item.urls:
            entry = self.list.add(item, bullet.line)
        elif item.title and not _DEFINITION.match(bullet.text.strip()):
            has_children = isinstance(following, Bullet) and following.indent > bullet.indent
            if not has_children:
                entry = self._title_only(item, bullet.line)
        open_items.append(_Open(bullet.indent, entry))

    def _title_only(self, item: Item, line: int) -> EntryRecord | None:
        """A bullet without links is a paper in a section of linked papers if it reads like an
        item; elsewhere only if it reads like a title, and only if the document has no links."""
        if self.has_links is None:
            self.has_links = self._links_papers()
        if self.has_links:
            return self.list.add(item, line) if _reads_like_item(item.title) else None
        if _reads_like_title(item.title):
            return self.list.add(item, line, provisional=True)
        return None

    def _paragraph(self, paragraph: Paragraph) -> None:
        """A paragraph that opens with a titled paper link is a paper, as in numbered READMEs."""
        text = paragraph.text.strip("*_ ")
        if not text.startswith("["):
            return
        links = find_links(html_to_markdown(text), self.reader.references)
        if links and links[0].start == 0 and role(links[0]) == TITLE:
            self.list.add(self._analyse(text, paragraph.line), paragraph.line)

    def _links_papers(self) -> bool:
        """Whether any line links to a paper (badges, images and Markdown files do not count)."""
        references = self.reader.references
        for line in self.chunk.lines:
            if ("[" in line or "http" in line or "href" in line) and any(
                role(link) not in (DROP, REFUSED)
                for link in find_links(html_to_markdown(line), references)
            ):
                return True
        return False


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
