"""The whole content of a library as plain values, to compare before and after writes."""

from __future__ import annotations

from sqlalchemy import text

from readinglist_gui.core.library import Library
from readinglist_gui.core.models import Base

BOOKKEEPING = frozenset({"change_log", "library_meta"})
"""Tables that record history rather than state: undo appends to them like any write."""


def library_state(library: Library) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (derived ones and the text index included), sorted."""
    state: dict[str, list[tuple[object, ...]]] = {}
    with library.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in BOOKKEEPING:
                continue
            rows = conn.execute(table.select()).all()
            state[table.name] = sorted((tuple(r) for r in rows), key=repr)
        indexed = conn.execute(
            text("SELECT rowid, title, authors, abstract, notes, tags FROM paper_fts")
        ).all()
        state["paper_fts"] = sorted(tuple(r) for r in indexed)
    return state
