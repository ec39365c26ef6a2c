"""The table's tag and place labels, stored on each paper so 100k rows sort without joins.

They are derived data: every write recomputes them for exactly the papers it
touched, in bulk, with dialect-neutral SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, select

from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import Entry, Paper, PaperTag, ReadingList, Section, Tag, table_of

PLACE_SEPARATOR = " — "


def place_label(list_name: str, heading: str | None) -> str:
    """Where a paper sits, as the table shows it: its list and section."""
    return PLACE_SEPARATOR.join(part for part in (list_name, heading) if part)


def refresh_labels(conn: Connection, ids: Sequence[int]) -> None:
    """Recompute the table's tag and place labels for these papers, in bulk."""
    paper = table_of(Paper)
    for chunk in chunks(ids):
        tag_names: dict[int, list[str]] = {i: [] for i in chunk}
        for paper_id, name in conn.execute(
            select(PaperTag.paper_id, Tag.name)
            .join(Tag, Tag.id == PaperTag.tag_id)
            .where(PaperTag.paper_id.in_(chunk))
            .order_by(Tag.name_key)
        ):
            tag_names[paper_id].append(name)
        places: dict[int, str] = {}
        for paper_id, list_name, heading in conn.execute(
            select(Entry.paper_id, ReadingList.name, Section.heading)
            .join(ReadingList, ReadingList.id == Entry.list_id)
            .outerjoin(Section, Section.id == Entry.section_id)
            .where(Entry.paper_id.in_(chunk))
            .order_by(ReadingList.name, Entry.position)
        ):
            if paper_id not in places:
                places[paper_id] = place_label(list_name, heading)
        conn.execute(
            paper.update()
            .where(paper.c.id == bindparam("pid"))
            # Derived data: refreshing it is not an update of the paper.
            .values(
                tags_label=bindparam("tags"),
                place_label=bindparam("place"),
                updated_at=paper.c.updated_at,
            ),
            [
                {"pid": i, "tags": ", ".join(tag_names[i]), "place": places.get(i, "")}
                for i in chunk
            ],
        )
