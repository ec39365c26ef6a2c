"""Read the ``readinglist-gui/1`` JSON exchange format back into records.

The format is ours, so it is read strictly enough to refuse other JSON, and
leniently inside: unknown fields are ignored and missing ones take defaults,
so files from newer or older versions still import.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

from readinglist_gui.core.importers import values
from readinglist_gui.core.importers.paper_builder import refusal
from readinglist_gui.core.importers.values import dicts, strings, text
from readinglist_gui.core.links import link_kind, safe_url
from readinglist_gui.core.records import (
    EntryRecord,
    HighlightColor,
    HighlightRecord,
    LinkRecord,
    ListRecord,
    PaperRecord,
    Problem,
    RecordBatch,
    Rect,
    SectionRecord,
    Status,
    TagRecord,
)

FORMAT = "readinglist-gui/1"
_ANY_INT = range(-(2**62), 2**62)
"""Positions only order entries; any integer a file can sensibly hold will do."""


def looks_like(text: str) -> bool:
    return '"format"' in text[:2000] and FORMAT in text[:2000]


def read_lines(lines: Iterable[str], source: str) -> RecordBatch:
    return read("\n".join(lines), source)


def read(document: str, source: str) -> RecordBatch:
    batch = RecordBatch()
    try:
        data = json.loads(document)
    except json.JSONDecodeError as exc:
        batch.problems.append(Problem(f"not valid JSON: {exc.msg}", exc.lineno, source))
        return batch
    except (ValueError, RecursionError) as exc:
        # Integers past Python's 4,300-digit limit, or nesting deeper than the stack.
        batch.problems.append(Problem(f"not readable JSON: {_first_line(exc)}", source=source))
        return batch
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        batch.problems.append(Problem(f"not a {FORMAT} file", source=source))
        return batch
    lists: dict[str, ListRecord] = {}
    for item in dicts(data.get("lists")):
        name = text(item.get("name")).strip()
        if name:
            lists[name.casefold()] = ListRecord(
                name=name,
                source=text(item.get("source")),
                imported_at=values.datetime(item.get("imported_at")),
                sections=[
                    SectionRecord(text(s.get("heading")), values.date(s.get("date")))
                    for s in dicts(item.get("sections"))
                ],
            )
    placed: list[tuple[int, str, int | None, str, EntryRecord]] = []
    for number, item in enumerate(dicts(data.get("papers"))):
        record = _paper(item, number, batch, source)
        if not record.title and not record.arxiv_id and not record.doi:
            batch.problems.append(Problem(f"paper #{number + 1} has no title or id", source=source))
            continue
        index = len(batch.papers)
        batch.papers.append(record)
        for place in dicts(item.get("lists")):
            entry = EntryRecord(index, text(place.get("tldr")), bool(place.get("optional")))
            placed.append(
                (
                    values.integer(place.get("position"), _ANY_INT) or 0,
                    text(place.get("name")).strip(),
                    values.integer(place.get("section_index"), _ANY_INT),
                    text(place.get("section")),
                    entry,
                )
            )
    for _position, name, section_index, heading, entry in sorted(placed, key=lambda p: p[0]):
        if not name:
            continue
        reading_list = lists.setdefault(name.casefold(), ListRecord(name=name, source=source))
        _section(reading_list, section_index, heading).entries.append(entry)
    batch.lists = list(lists.values())
    tags = data.get("tags")
    for item in tags if isinstance(tags, list) else []:
        if isinstance(item, str) and text(item).strip():
            batch.tags.append(TagRecord(text(item)))
        elif isinstance(item, dict) and text(item.get("name")).strip():
            batch.tags.append(TagRecord(text(item["name"]), text(item.get("color")) or None))
    return batch


def _paper(item: dict[str, Any], number: int, batch: RecordBatch, source: str) -> PaperRecord:
    urls: list[str] = []
    for url in strings(item.get("urls")):
        safe = safe_url(url)
        if safe is not None:
            urls.append(safe)
        elif (reason := refusal(url)) is not None:
            batch.problems.append(Problem(f"paper #{number + 1}: {reason}", source=source))
    try:
        status = Status(text(item.get("status")) or Status.UNREAD)
    except ValueError:
        status = Status.UNREAD
    record = PaperRecord(
        title=text(item.get("title")),
        authors=strings(item.get("authors")),
        year=values.year(item.get("year")),
        venue=text(item.get("venue")),
        abstract=text(item.get("abstract")),
        arxiv_id=text(item.get("arxiv_id")) or None,
        doi=text(item.get("doi")) or None,
        links=[_link(u) for u in urls],
        tags=strings(item.get("tags")),
        status=status,
        status_manual=bool(item.get("status_manual", False)),
        note=text(item.get("note")),
        last_page=values.page(item.get("last_page")),
        page_count=values.page(item.get("page_count")),
        pdf=_relative_pdf(item.get("pdf")),
        title_truncated=bool(item.get("title_truncated", False)),
        added=values.datetime(item.get("added")),
    )
    for place, highlight in enumerate(dicts(item.get("highlights")), start=1):
        found = _highlight(highlight)
        if found is None:
            batch.problems.append(
                Problem(
                    f"paper #{number + 1}: highlight #{place} has no page or no rectangles, "
                    "left out",
                    source=source,
                )
            )
        else:
            record.highlights.append(found)
    for name in ("year", "last_page", "page_count"):
        given = item.get(name)
        # Wrong types take defaults quietly, like unknown fields; a number out of range is news.
        if isinstance(given, int) and not isinstance(given, bool) and getattr(record, name) is None:
            label = name.replace("_", " ")
            batch.problems.append(
                Problem(f"paper #{number + 1}: {label} {_shown(given)} left out", source=source)
            )
    return record


def _highlight(item: dict[str, Any]) -> HighlightRecord | None:
    """A highlight as the format writes it (``page`` from 1); None without a page or a place."""
    page = values.page(item.get("page"))
    rects = _rects(item.get("rects"))
    if not page or not rects:
        return None
    return HighlightRecord(
        page=page - 1,
        text=text(item.get("text")),
        rects=rects,
        color=HighlightColor.named(text(item.get("color"))),
        comment=text(item.get("comment")),
        created=values.datetime(item.get("created")),
    )


def _rects(value: Any) -> tuple[Rect, ...]:
    """Rectangles ``[x0, y0, x1, y1]`` of finite numbers; anything else is left out."""
    found: list[Rect] = []
    for item in value if isinstance(value, list) else []:
        if not (isinstance(item, list) and len(item) == 4):
            continue
        numbers = [v for v in item if isinstance(v, int | float) and not isinstance(v, bool)]
        if len(numbers) == 4 and all(math.isfinite(v) and abs(v) < 1e7 for v in numbers):
            x0, y0, x1, y1 = (float(v) for v in numbers)
            found.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return tuple(found)


def _shown(value: int) -> str:
    if abs(value) >= 10**30:
        return "(a number too large for any page or year)"
    return str(value)


def _first_line(exc: BaseException) -> str:
    return str(exc).split("\n", 1)[0][:120]


def _link(url: str) -> LinkRecord:
    return LinkRecord(url, link_kind(url))


def _section(reading_list: ListRecord, index: int | None, heading: str) -> SectionRecord:
    if index is not None and 0 <= index < len(reading_list.sections):
        return reading_list.sections[index]
    for section in reading_list.sections:
        if section.heading == heading:
            return section
    section = SectionRecord(heading)
    reading_list.sections.append(section)
    return section


def _relative_pdf(value: Any) -> str | None:
    """Only a plain relative path inside the library folder is trusted."""
    path = text(value).replace("\\", "/")
    if not path or path.startswith("/") or ".." in path.split("/") or ":" in path:
        return None
    return path
