"""Tables of papers: which column holds the title, which the venue, the date or the TL;DR.

Curated READMEs put papers in tables (title, venue, code columns), and
syllabi put sessions in them (date, topic, readings). Columns are recognised
by their header; without a title header, the first free column whose cells
link to papers is the title column. A dated row opens a session of its own,
and rows below it without a date (continuation rows) belong to it.
"""

from __future__ import annotations

import re

from readinglist_gui.core.importers.markdown_blocks import Table
from readinglist_gui.core.importers.markdown_builder import ListBuilder
from readinglist_gui.core.importers.markdown_inline import (
    find_links,
    html_to_markdown,
    without_links,
)
from readinglist_gui.core.importers.markdown_items import Item, analyse, tidy
from readinglist_gui.core.importers.markdown_links import AUX, TITLE, label_text, role
from readinglist_gui.core.importers.paper_builder import clean_text
from readinglist_gui.core.importers.section_dates import date_in

_YEAR = re.compile(r"(?:19|20)\d{2}")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# fmt: off
_ROLES = (
    ("title", frozenset([
        "title", "paper", "papers", "name", "paper title", "paper name", "reading", "readings",
        "work", "article", "publication", "required reading", "required readings",
    ])),
    ("venue", frozenset(["venue", "conference", "conf", "journal", "published", "publisher"])),
    ("date", frozenset(["date", "day", "week", "when", "lecture date", "session date"])),
    ("topic", frozenset(["topic", "topics", "session", "lecture", "theme", "subject"])),
    ("tldr", frozenset([
        "tl;dr", "tldr", "summary", "description", "notes", "note", "comment", "comments",
        "remarks", "highlights", "contribution", "key idea", "takeaway",
    ])),
    ("authors", frozenset(["author", "authors"])),
    ("year", frozenset(["year"])),
)
# fmt: on


def read_table(table: Table, builder: ListBuilder) -> None:
    roles = _roles([_header_name(cell) for cell in table.header])
    for line, row in table.rows:
        _row(row, roles, line, builder)


def _row(row: list[str], roles: dict[str, int], line: int, builder: ListBuilder) -> None:
    row = [html_to_markdown(cell) for cell in row]
    references = builder.references
    date_column = roles.get("date")
    if (
        date_column is not None
        and date_column < len(row)
        and row[date_column].strip()
        and ("topic" in roles or date_in(row[date_column]) is not None)
    ):
        _dated_section(row, roles, builder)
    title_column = _title_column(row, roles, references)
    if title_column is None:
        return
    parts = [p for p in _BREAK.split(row[title_column]) if p.strip()]
    items = [analyse(part, references) for part in parts]
    for item in items:
        builder.report_refused(item, line)
    items = [item for item in items if item.title or item.urls]
    if not items:
        return
    for column, cell in enumerate(row):
        if column == title_column or column in roles.values():
            continue
        extra = [link.target for link in find_links(cell, references) if role(link) in (TITLE, AUX)]
        if len(items) == 1:
            items[0].urls.extend(extra)
    for item in items:
        _role_values(item, row, roles)
        if item.title and not item.has_title_link and not has_letters(item.title):
            continue
        builder.add(item, line)


def _title_column(row: list[str], roles: dict[str, int], references: dict[str, str]) -> int | None:
    if "title" in roles and roles["title"] < len(row):
        return roles["title"]
    free = [c for c in range(len(row)) if c not in roles.values()]
    for column in free:
        if any(role(link) == TITLE for link in find_links(row[column], references)):
            return column
    if any(role(link) == AUX for c in free for link in find_links(row[c], references)):
        for column in free:
            text = tidy(without_links(row[column], find_links(row[column], references)))
            if has_letters(text) and date_in(text) is None:
                return column
    return None


def _role_values(item: Item, row: list[str], roles: dict[str, int]) -> None:
    def cell(name: str) -> str:
        column = roles.get(name)
        return (
            clean_text(label_text(row[column])) if column is not None and column < len(row) else ""
        )

    item.venue = cell("venue") or item.venue
    year = _YEAR.search(cell("year") or item.venue or cell("date"))
    if year:
        item.year = int(year.group(0))
    item.tldr = cell("tldr") or item.tldr


def _dated_section(row: list[str], roles: dict[str, int], builder: ListBuilder) -> None:
    date_text = clean_text(row[roles["date"]])
    topic_column = roles.get("topic")
    topic = (
        clean_text(label_text(row[topic_column]))
        if topic_column is not None and topic_column < len(row)
        else ""
    )
    builder.open_section(topic or date_text, date_in(date_text))


def has_letters(text: str) -> bool:
    return len(re.findall(r"[^\W\d_]", text)) >= 3


def _header_name(cell: str) -> str:
    return " ".join(re.findall(r"[a-z;]+", clean_text(label_text(cell)).casefold()))


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for column, name in enumerate(header):
        for role_name, names in _ROLES:
            if name in names and role_name not in roles:
                roles[role_name] = column
                break
    return roles
