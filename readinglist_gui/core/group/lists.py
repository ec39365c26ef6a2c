"""Reading lists as the group shares them: one document per list, papers by group id.

A list is replaced whole on either side when it changed (the later sync
wins), because its sections and positions only make sense together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from readinglist_gui.core.group import state
from readinglist_gui.core.group.local_tables import GROUP_LIST
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import Entry, ReadingList, Section, table_of

LIST = table_of(ReadingList)
SECTION = table_of(Section)
ENTRY = table_of(Entry)
Doc = dict[str, Any]


def digest(doc: Doc) -> str:
    """A fingerprint of a list's content; keys sorted, as the server's JSONB reorders them."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def local_docs(conn: Connection, group_ids: dict[int, int]) -> dict[int, Doc]:
    """Every local list as a document, its papers named by ``group_ids`` (local → group).

    Entries of papers not linked to the group are left out.
    """
    docs: dict[int, Doc] = {}
    sections: dict[int, dict[str, Any]] = {}
    for row in conn.execute(select(LIST).order_by(LIST.c.id)):
        docs[row.id] = {
            "name": row.name,
            "source": row.source,
            "imported_at": state.stamp(row.imported_at),
            "sections": [],
        }
    for row in conn.execute(select(SECTION).order_by(SECTION.c.list_id, SECTION.c.position)):
        section = {"heading": row.heading, "date": _day(row.date), "entries": []}
        sections[row.id] = section
        docs[row.list_id]["sections"].append(section)
    for row in conn.execute(select(ENTRY).order_by(ENTRY.c.list_id, ENTRY.c.position)):
        group_id = group_ids.get(row.paper_id)
        if group_id is None:
            continue
        target = sections.get(row.section_id) if row.section_id is not None else None
        if target is None:
            doc_sections = docs[row.list_id]["sections"]
            if not doc_sections or doc_sections[0].get("loose") is not True:
                doc_sections.insert(0, {"heading": "", "date": None, "entries": [], "loose": True})
            target = doc_sections[0]
        target["entries"].append(
            {"paper": group_id, "tldr": row.tldr, "optional": bool(row.optional)}
        )
    for doc in docs.values():
        for section in doc["sections"]:
            section.pop("loose", None)
    return docs


def bases(conn: Connection) -> dict[int, tuple[int, str]]:
    """(group list id, digest) of each linked local list."""
    g = GROUP_LIST.c
    return {
        list_id: (group_id, text)
        for list_id, group_id, text in conn.execute(select(g.list_id, g.group_id, g.digest))
    }


def replace_local(
    conn: Connection, doc: Doc, list_id: int | None, local_ids: dict[int, int]
) -> tuple[int, list[int]]:
    """Make (or remake) a local list from a group document; returns its id and its papers.

    ``local_ids`` maps group paper ids to local ones; papers not here are skipped.
    """
    touched: list[int] = []
    if list_id is None:
        list_id = conn.execute(
            select(LIST.c.id).where(func.lower(LIST.c.name) == doc["name"].lower())
        ).scalar()
    if list_id is None:
        list_id = conn.execute(
            insert(LIST)
            .values(
                name=doc["name"],
                source=doc.get("source") or "",
                imported_at=state.unstamp(doc.get("imported_at"))
                or dt.datetime.now(dt.UTC).replace(tzinfo=None),
            )
            .returning(LIST.c.id)
        ).scalar_one()
    else:
        touched.extend(
            conn.execute(select(ENTRY.c.paper_id).where(ENTRY.c.list_id == list_id)).scalars()
        )
        conn.execute(delete(ENTRY).where(ENTRY.c.list_id == list_id))
        conn.execute(delete(SECTION).where(SECTION.c.list_id == list_id))
        values: dict[str, Any] = {"name": doc["name"], "source": doc.get("source") or ""}
        if doc.get("imported_at"):
            values["imported_at"] = state.unstamp(doc["imported_at"])
        conn.execute(LIST.update().where(LIST.c.id == list_id).values(values))
    entries: list[dict[str, Any]] = []
    for number, section in enumerate(doc["sections"]):
        section_id = conn.execute(
            insert(SECTION)
            .values(
                list_id=list_id,
                position=number,
                heading=section.get("heading") or "",
                date=dt.date.fromisoformat(section["date"]) if section.get("date") else None,
            )
            .returning(SECTION.c.id)
        ).scalar_one()
        for entry in section["entries"]:
            paper_id = local_ids.get(entry["paper"])
            if paper_id is None:
                continue
            entries.append(
                {
                    "list_id": list_id,
                    "section_id": section_id,
                    "paper_id": paper_id,
                    "position": len(entries),
                    "tldr": entry.get("tldr") or "",
                    "optional": bool(entry.get("optional")),
                }
            )
    for chunk in chunks(entries):
        conn.execute(insert(ENTRY), list(chunk))
    touched.extend(entry["paper_id"] for entry in entries)
    return list_id, touched


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()
