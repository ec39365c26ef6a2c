"""Read the ``readinglist-gui/1`` JSON exchange format back into records.

The format is ours, so it is read strictly enough to refuse other JSON, and
leniently inside: unknown fields are ignored and missing ones take defaults,
so files from newer or older versions still import.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from readinglist_gui.core.links import link_kind, safe_url
from readinglist_gui.core.records import (
    EntryRecord,
    ImportBatch,
    LinkRecord,
    ListRecord,
    PaperRecord,
    Problem,
    SectionRecord,
    Status,
    TagRecord,
)

FORMAT = "readinglist-gui/1"


def looks_like(text: str) -> bool:
    return '"format"' in text[:2000] and FORMAT in text[:2000]


def read(text: str, source: str) -> ImportBatch:
    batch = ImportBatch()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        batch.problems.append(Problem(f"not valid JSON: {exc.msg}", exc.lineno, source))
        return batch
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        batch.problems.append(Problem(f"not a {FORMAT} file", source=source))
        return batch
    lists: dict[str, ListRecord] = {}
    for item in _dicts(data.get("lists")):
        name = _text(item.get("name")).strip()
        if name:
            lists[name.casefold()] = ListRecord(
                name=name,
                source=_text(item.get("source")),
                imported_at=_datetime(item.get("imported_at")),
                sections=[
                    SectionRecord(_text(s.get("heading")), _date(s.get("date")))
                    for s in _dicts(item.get("sections"))
                ],
            )
    placed: list[tuple[int, str, int | None, str, EntryRecord]] = []
    for number, item in enumerate(_dicts(data.get("papers"))):
        record = _paper(item)
        if not record.title and not record.arxiv_id and not record.doi:
            batch.problems.append(Problem(f"paper #{number + 1} has no title or id", source=source))
            continue
        index = len(batch.papers)
        batch.papers.append(record)
        for place in _dicts(item.get("lists")):
            entry = EntryRecord(index, _text(place.get("tldr")), bool(place.get("optional")))
            section_index = place.get("section_index")
            placed.append(
                (
                    _int(place.get("position")) or 0,
                    _text(place.get("name")).strip(),
                    section_index if isinstance(section_index, int) else None,
                    _text(place.get("section")),
                    entry,
                )
            )
    for _position, name, section_index, heading, entry in sorted(placed, key=lambda p: p[0]):
        if not name:
            continue
        reading_list = lists.setdefault(name.casefold(), ListRecord(name=name, source=source))
        _section(reading_list, section_index, heading).entries.append(entry)
    batch.lists = list(lists.values())
    for item in data.get("tags") or []:
        if isinstance(item, str):
            batch.tags.append(TagRecord(item))
        elif isinstance(item, dict) and _text(item.get("name")).strip():
            batch.tags.append(TagRecord(_text(item["name"]), _text(item.get("color")) or None))
    return batch


def _paper(item: dict[str, Any]) -> PaperRecord:
    urls = [u for u in (safe_url(_text(x)) for x in item.get("urls") or []) if u]
    try:
        status = Status(item.get("status") or Status.UNREAD)
    except ValueError:
        status = Status.UNREAD
    return PaperRecord(
        title=_text(item.get("title")),
        authors=[_text(a) for a in item.get("authors") or [] if _text(a).strip()],
        year=_int(item.get("year")),
        venue=_text(item.get("venue")),
        abstract=_text(item.get("abstract")),
        arxiv_id=_text(item.get("arxiv_id")) or None,
        doi=_text(item.get("doi")) or None,
        links=[_link(u) for u in urls],
        tags=[_text(t) for t in item.get("tags") or [] if _text(t).strip()],
        status=status,
        status_manual=bool(item.get("status_manual", False)),
        note=_text(item.get("note")),
        last_page=_int(item.get("last_page")),
        page_count=_int(item.get("page_count")),
        pdf=_relative_pdf(item.get("pdf")),
        title_truncated=bool(item.get("title_truncated", False)),
        added=_datetime(item.get("added")),
    )


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
    path = _text(value).replace("\\", "/")
    if not path or path.startswith("/") or ".." in path.split("/") or ":" in path:
        return None
    return path


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _datetime(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
