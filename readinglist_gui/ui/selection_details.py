"""What the details pane shows: the selected paper in full, or what a selection shares.

The pane itself only displays and asks; this part reads the library for the
selection the view state reports. A selection of many papers is summarised
in SQL (statuses present, tags every one of them carries), never by loading
the papers.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.writes import ChangeSet
from readinglist_gui.ui.details import DetailsPane
from readinglist_gui.ui.query_runner import Counts
from readinglist_gui.ui.view_state import ViewState

ID_CHUNK = 10_000
"""Selected ids summarised in one query at most; SQLite caps bound parameters at 32,766."""


class SelectionDetails(QObject):
    def __init__(self, library: Library, view: ViewState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._view = view
        self.pane = DetailsPane()
        self._later = QTimer(self, singleShot=True, interval=0)
        self._later.timeout.connect(self.show_selection)

    def show_selection(self) -> None:
        ids = self._view.selected_ids()
        selected = len(ids)
        if not ids:
            self.pane.show_nothing()
            return
        if selected == 1:
            detail = self._library.paper(ids[0])
            if detail is None:
                self.pane.show_nothing()
            else:
                self.pane.show_paper(detail)
            return
        if selected == self._view.shown_count():
            scope = self._view.query()
        elif selected <= ID_CHUNK:
            scope = PaperQuery(ids=tuple(ids))
        else:
            # Too many loose ids for one query; the pane still edits, it just cannot summarise.
            self.pane.show_selection(selected, set(), [])
            return
        statuses = {s for s, n in self._library.status_counts(scope).items() if n}
        if scope.statuses:
            statuses &= set(scope.statuses)
        common = [tag.name for tag in self._library.tag_counts(scope) if tag.count == selected]
        self.pane.show_selection(selected, statuses, common)

    def apply(self, changes: ChangeSet) -> None:
        """Show the selected papers as they are now, if the write touched any of them.

        Once the event loop is idle: the table's repaint of the same write comes first.
        """
        ids = self._view.selected_ids()
        if changes.everything or changes.scope or any(changes.of(i) for i in ids[:ID_CHUNK]):
            self._later.start()

    def is_settled(self) -> bool:
        return not self._later.isActive()

    def show_counts(self, counts: Counts) -> None:
        """Every tag in the library completes in the tag editor (they come with the lists)."""
        if counts.lists is not None:
            self.pane.set_tag_names([tag.name for tag in counts.tag_counts])
