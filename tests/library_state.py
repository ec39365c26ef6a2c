"""The whole content of a library as plain values, to compare before and after writes."""

from __future__ import annotations

from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.models import Base

BOOKKEEPING = frozenset({"change_log", "library_meta", "status_event"})
"""Tables that record history rather than state: undo appends to them like any write."""


SEARCHED = ("attention", "memory", "deep", "llm", "vision", "a", "new", "paged")
"""Words whose matches show whether the search index followed the tables."""


def library_state(library: Library) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, and what the search index answers, sorted."""
    state: dict[str, list[tuple[object, ...]]] = {}
    with library.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in BOOKKEEPING:
                continue
            rows = conn.execute(table.select()).all()
            state[table.name] = sorted((tuple(r) for r in rows), key=repr)
    view = library.view(PaperQuery(), limit=0)
    state["search: counts"] = [
        (view.total,),
        *sorted((status.value, n) for status, n in view.status_counts.items()),
        *sorted((tag.name, tag.count) for tag in view.tag_counts),
    ]
    for word in SEARCHED:
        state[f"search: {word}"] = [(i,) for i in sorted(library.ids(PaperQuery(text=word)))]
    return state
