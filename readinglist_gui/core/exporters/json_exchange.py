"""Write the ``readinglist-gui/1`` JSON exchange format.

Lossless for everything a user made (statuses, notes, highlights, tags, lists, order), so
exporting and importing into an empty library gives the same library.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any, TextIO

from readinglist_gui.core.importers.json_exchange import FORMAT
from readinglist_gui.core.records import (
    HighlightRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    TagRecord,
)


def dumps(batch: RecordBatch, ids: list[int] | None = None) -> str:
    """Serialise ``batch``; ``ids`` are the library ids of its papers, when known."""
    out = io.StringIO()
    write(out, batch.papers, batch.lists, batch.tags, ids)
    return out.getvalue()


def write(
    out: TextIO,
    papers: Iterable[PaperRecord],
    lists: list[ListRecord],
    tags: list[TagRecord],
    ids: list[int] | None = None,
) -> None:
    """Write the document to ``out`` a paper at a time, as ``json.dumps`` with an
    indent of two would: memory holds one paper, not the whole library."""
    places = _places(lists)
    out.write('{\n  "format": ' + json.dumps(FORMAT) + ',\n  "papers": [')
    n = -1
    for n, record in enumerate(papers):
        item = _paper(record, places.get(n, []), ids[n] if ids else n + 1)
        out.write(("," if n else "") + "\n    " + _nested(item, 2))
    out.write("\n  ]" if n >= 0 else "]")
    out.write(',\n  "lists": ' + _nested([_list(rl) for rl in lists], 1))
    out.write(',\n  "tags": ' + _nested([{"name": t.name, "color": t.color} for t in tags], 1))
    out.write("\n}\n")


def _nested(value: object, level: int) -> str:
    """``value`` as it appears ``level`` levels deep in an indented document."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def _list(rl: ListRecord) -> dict[str, Any]:
    return {
        "name": rl.name,
        "source": rl.source,
        "imported_at": rl.imported_at.isoformat() if rl.imported_at else None,
        "sections": [
            {"heading": s.heading, "date": s.date.isoformat() if s.date else None}
            for s in rl.sections
        ],
    }


def _places(lists: list[ListRecord]) -> dict[int, list[dict[str, Any]]]:
    """Each listed paper's places in the lists, by its index among the papers."""
    places: dict[int, list[dict[str, Any]]] = {}
    for reading_list in lists:
        position = 0
        for section_index, section in enumerate(reading_list.sections):
            for entry in section.entries:
                places.setdefault(entry.paper, []).append(
                    {
                        "name": reading_list.name,
                        "section": section.heading,
                        "section_index": section_index,
                        "position": position,
                        "tldr": entry.tldr,
                        "optional": entry.optional,
                    }
                )
                position += 1
    return places


def _paper(record: PaperRecord, lists: list[dict[str, Any]], paper_id: int) -> dict[str, Any]:
    return {
        "id": paper_id,
        "title": record.title,
        "authors": record.authors,
        "year": record.year,
        "venue": record.venue,
        "abstract": record.abstract,
        "arxiv_id": record.arxiv_id,
        "doi": record.doi,
        "urls": [link.url for link in record.links],
        "tags": record.tags,
        "status": record.status.value,
        "status_manual": record.status_manual,
        "note": record.note,
        "last_page": record.last_page,
        "page_count": record.page_count,
        "pdf": record.pdf,
        "title_truncated": record.title_truncated,
        "added": record.added.isoformat() if record.added else None,
        "lists": lists,
        "highlights": [_highlight(highlight) for highlight in record.highlights],
    }


def _highlight(record: HighlightRecord) -> dict[str, Any]:
    """Pages from 1 as people count them; rectangles in points, exactly as stored."""
    return {
        "page": record.page + 1,
        "text": record.text,
        "color": record.color.value,
        "comment": record.comment,
        "rects": [list(rect) for rect in record.rects],
        "created": record.created.isoformat() if record.created else None,
    }
