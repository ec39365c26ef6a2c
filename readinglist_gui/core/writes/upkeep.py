"""Derived data kept in step with every write, decided from what the write recorded.

The table's labels, the search index's sets and the PDF page index are
copies shaped for reading fast. Rather than each write remembering which
copies to refresh, the writer refreshes them here, inside the same
transaction: the labels of exactly the papers whose tags or places changed,
the search sets from what the database's triggers noted (whoever wrote), the
page index of papers whose file changed or went, and the status history of
papers whose status moved.
"""

from __future__ import annotations

from sqlalchemy import Connection

from readinglist_gui.core.fulltext import tables as pdf_text
from readinglist_gui.core.labels import refresh_labels
from readinglist_gui.core.search.upkeep import catch_up
from readinglist_gui.core.statistics.events import record_status_events
from readinglist_gui.core.writes.changes import Aspect, ChangeRecorder

LABELLED = Aspect.TAGS | Aspect.LISTS
"""The table's tag and place labels are made from these."""
STATUSED = Aspect.STATUS
"""A write that may have moved a status; new papers carry every aspect."""
PAGED = Aspect.FILE
"""The PDF page index holds the text of the paper's file as it was when read."""


def refresh(conn: Connection, changes: ChangeRecorder, *, search: bool = True) -> None:
    """Bring every derived copy up to date with the recorded changes (the search sets
    only when ``search``: an op may leave them to a later write, see ``Tx.defer_search``)."""
    labelled = [i for i in _ids(changes, LABELLED) if i not in changes.labelled]
    if labelled:
        refresh_labels(conn, labelled)
    if search:
        catch_up(conn)
    statused = _ids(changes, STATUSED)
    if statused:
        record_status_events(conn, statused)
    # A new paper has no pages yet; a paper whose file changed must be read again.
    stale = set(_ids(changes, PAGED)) - changes.added
    if stale:
        changes.changed(pdf_text.forget(conn, stale), Aspect.FULLTEXT)
    if changes.removed:
        pdf_text.forget_deleted(conn, changes.removed)


def _ids(changes: ChangeRecorder, aspects: Aspect) -> list[int]:
    return sorted(i for i, changed in changes.papers.items() if changed & aspects)
