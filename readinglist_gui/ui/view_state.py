"""What the user is looking at, as values and a protocol the window's parts share.

The library view owns the query on screen and the table's selection; the
other parts (edits, online jobs, exports, the details pane, readers) act on
"the selected papers" or "the papers on screen" through ``ViewState``, so
none of them reaches into a table it does not own. The sidebar hands what it
has selected to the library view as a ``SidebarFilters`` value, not widgets:
the library view keeps the last one it was given, and the rules that turn it
into a query are testable without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, Protocol

from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import Status


class ViewState(Protocol):
    def query(self) -> PaperQuery:
        """The query on screen (a newer one may still be running)."""
        ...

    def shown_count(self) -> int:
        """How many papers the query on screen found."""
        ...

    def selected_ids(self) -> list[int]:
        """The selected papers, in table order."""
        ...

    def current_id(self) -> int | None:
        """The paper an action on "this paper" means: the current row, if it is selected."""
        ...

    def show_status(self, ids: list[int], status: Status) -> None:
        """Show these papers with ``status`` at once, while the write that sets it runs.

        The write's change set then repaints them as stored; a write that fails
        repaints them as they are.
        """
        ...


@dataclass(frozen=True, slots=True)
class SidebarFilters:
    statuses: frozenset[Status] = frozenset()
    list_id: int | None = None
    section_id: int | None = None
    review_ids: tuple[int, ...] | None = None
    """The papers waiting in "Needs review", while that view is chosen."""
    tags: tuple[str, ...] = ()
    tag_mode: Literal["all", "any"] = "all"

    def apply_to(self, query: PaperQuery) -> PaperQuery:
        """``query`` narrowed to these filters; its text is left alone.

        Choosing a reading list shows it in the list's own order; leaving the
        lists for the library goes back to newest first.
        """
        changed_list = self.list_id != query.list_id
        query = replace(
            query,
            statuses=self.statuses,
            list_id=self.list_id,
            section_id=self.section_id,
            ids=self.review_ids,
            tags=self.tags,
            tag_mode=self.tag_mode,
        )
        if changed_list and self.list_id is not None:
            return replace(query, sort=SortKey.POSITION, descending=False)
        if self.list_id is None and query.sort is SortKey.POSITION:
            return replace(query, sort=SortKey.ADDED, descending=True)
        return query
