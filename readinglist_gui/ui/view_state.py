"""What the user is looking at, as the window's parts may read it.

The library view owns the query on screen and the table's selection; the
other parts (edits, online jobs, exports, the details pane, readers) act on
"the selected papers" or "the papers on screen" through this protocol, so
none of them reaches into a table or a sidebar it does not own.
"""

from __future__ import annotations

from typing import Protocol

from readinglist_gui.core.query import PaperQuery


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
