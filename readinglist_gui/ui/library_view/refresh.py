"""What a write means for the library view: which rows to repaint, whether to ask again.

A query's result depends on a few aspects of papers (its filters and its
order); the counts beside it on statuses, tags and lists. A change set that
touches none of these only repaints the rows it names; one that touches
them asks the background runner for the query again, and the table takes
the same result in place, keeping the selection and the scroll position.
"""

from __future__ import annotations

from dataclasses import dataclass

from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.writes import Aspect, ChangeSet, Scope

COUNTED = Aspect.STATUS | Aspect.TAGS | Aspect.LISTS
"""The sidebar counts statuses, tags, and each list's progress."""
LISTED = Aspect.STATUS | Aspect.LISTS
"""A list's progress: its papers and how many are read. (The lists come with the
tag names for completion and the papers awaiting review, hence their scopes.)"""
_SORTED_BY = {
    SortKey.TITLE: Aspect.METADATA,
    SortKey.AUTHORS: Aspect.METADATA,
    SortKey.YEAR: Aspect.METADATA,
    SortKey.STATUS: Aspect.STATUS,
    SortKey.TAGS: Aspect.TAGS,
    SortKey.PLACE: Aspect.LISTS,
    SortKey.POSITION: Aspect.LISTS,
    SortKey.ADDED: Aspect(0),
}
SHOWN = (
    Aspect.STATUS
    | Aspect.TAGS
    | Aspect.LISTS
    | Aspect.METADATA
    | Aspect.FILE
    | Aspect.READER
    | Aspect.GROUP
)
"""What the table's cells show: title, authors, year, status, tags, place, the PDF mark,
and who in the reading group has read it."""


def reads(query: PaperQuery) -> Aspect:
    """The aspects of papers that decide which papers ``query`` matches, and their order."""
    aspects = _SORTED_BY[query.sort]
    if query.text:
        aspects |= Aspect.METADATA | Aspect.NOTE | Aspect.TAGS
    if query.statuses:
        aspects |= Aspect.STATUS
    if query.tags:
        aspects |= Aspect.TAGS
    if query.list_id is not None or query.section_id is not None:
        aspects |= Aspect.LISTS
    return aspects


@dataclass(frozen=True, slots=True)
class Refresh:
    """What to redo for one change set."""

    rows: frozenset[int]
    """Papers whose rows to read again and repaint now."""
    query: bool
    """Ask for the query (ids and counts) again."""
    lists: bool
    """With the query, read the reading lists and their progress again."""


def refresh_for(changes: ChangeSet, query: PaperQuery) -> Refresh:
    return Refresh(
        rows=changes.ids(SHOWN),
        query=changes.touches(reads(query) | COUNTED, Scope.TAGS | Scope.LISTS | Scope.REVIEW),
        lists=changes.touches(LISTED, Scope.LISTS | Scope.TAGS | Scope.REVIEW),
    )
