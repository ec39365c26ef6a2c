"""Derived data kept in step with every write, decided from what the write recorded.

The table's labels, the sidebar's facets and the text index are copies shaped
for reading fast. Rather than each write remembering which copies to refresh,
the writer refreshes them here, inside the same transaction, for exactly the
papers whose changed aspects each copy is made from.
"""

from __future__ import annotations

from sqlalchemy import Connection

from readinglist_gui.core import facets
from readinglist_gui.core.fulltext import tables as pdf_text
from readinglist_gui.core.labels import refresh_labels
from readinglist_gui.core.sqlite_backend import TextIndex
from readinglist_gui.core.writes.changes import Aspect, ChangeRecorder

LABELLED = Aspect.TAGS | Aspect.LISTS
"""The table's tag and place labels are made from these."""
FACETED = Aspect.TAGS
"""Facets hold each paper's tag marks; its status mark the database copies itself."""
INDEXED = Aspect.METADATA | Aspect.NOTE | Aspect.TAGS
"""The text index holds title, authors, abstract, note and tag names."""
PAGED = Aspect.FILE
"""The PDF page index holds the text of the paper's file as it was when read."""


def refresh(conn: Connection, changes: ChangeRecorder) -> None:
    """Bring every derived copy up to date with the recorded changes."""
    labelled = _ids(changes, LABELLED)
    if labelled:
        refresh_labels(conn, labelled)
    faceted = _ids(changes, FACETED)
    if faceted:
        facets.refresh(conn, faceted)
    indexed = _ids(changes, INDEXED) + sorted(changes.removed)
    if indexed:
        TextIndex.refresh(conn, indexed)
    # A new paper has no pages yet; a paper whose file changed must be read again.
    stale = set(_ids(changes, PAGED)) - changes.added
    if stale:
        changes.changed(pdf_text.forget(conn, stale), Aspect.FULLTEXT)
    if changes.removed:
        pdf_text.forget_deleted(conn, changes.removed)


def _ids(changes: ChangeRecorder, aspects: Aspect) -> list[int]:
    return sorted(i for i, changed in changes.papers.items() if changed & aspects)
