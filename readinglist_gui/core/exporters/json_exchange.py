"""Write the ``readinglist-gui/1`` JSON exchange format.

Lossless for everything a user made (statuses, notes, highlights, tags, lists, order), so
exporting and importing into an empty library gives the same library.
"""

from __future__ import annotations

import json
from typing import Any

from readinglist_gui.core.importers.json_exchange import FORMAT
from readinglist_gui.core.records import HighlightRecord, ImportBatch, PaperRecord


def dumps(batch: ImportBatch, ids: list[int] | None = None) -> str:
    """Serialise ``batch``; ``ids`` are the library ids of its papers, when known."""
    places: list[list[dict[str, Any]]] = [[] for _ in batch.papers]
    for reading_list in batch.lists:
        position = 0
        for section_index, section in enumerate(reading_list.sections):
            for entry in section.entries:
                places[entry.paper].append(
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
    document = {
        "format": FORMAT,
        "papers": [
            _paper(record, places[n], ids[n] if ids else n + 1)
            for n, record in enumerate(batch.papers)
        ],
        "lists": [
            {
                "name": rl.name,
                "source": rl.source,
                "imported_at": rl.imported_at.isoformat() if rl.imported_at else None,
                "sections": [
                    {"heading": s.heading, "date": s.date.isoformat() if s.date else None}
                    for s in rl.sections
                ],
            }
            for rl in batch.lists
        ],
        "tags": [{"name": t.name, "color": t.color} for t in batch.tags],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


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
