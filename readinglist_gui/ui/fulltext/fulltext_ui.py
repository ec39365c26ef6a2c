"""The window's full-text part: the index kept up to date, and the "Text of PDFs" search scope.

``MainWindow`` holds one ``FulltextUi`` and tells it what any part hears: the
window settled (``window_settled``: the first indexing run may start), a
write happened (``apply``), the sidebar's filters (``set_filters``), and the
window closes (``close``). It brings its widgets (the results page, the
status-bar word) and its actions (File → Update Full-Text Index, Edit →
Search Text of PDFs), and asks for a paper to be opened at a page with the
words to mark (``openRequested``) rather than knowing the readers.

The search box is shared with the library view: in the "Text of PDFs" scope
its words go here, and the results page replaces the table
(``activeChanged``); back in the library scope the table shows again as it
was. The results page and the searches' thread are made with the first
search: most sessions never search the text of their PDFs, and their code is
not worth loading before the window's first paint.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.writes import Aspect, ChangeSet
from readinglist_gui.ui.fulltext.background_index import BackgroundIndex, IndexRun
from readinglist_gui.ui.fulltext.index_indicator import IndexIndicator, show_problems
from readinglist_gui.ui.search_box import SearchBox, SearchScope
from readinglist_gui.ui.view_state import SidebarFilters

if TYPE_CHECKING:
    from readinglist_gui.ui.fulltext.results_view import ResultsView
    from readinglist_gui.ui.fulltext.text_search import TextAnswer, TextSearch

SUMMARY_MS = 8000
"""How long a finished run's summary stays in the status bar."""


class FulltextUi(QObject):
    openRequested = Signal(int, int, object)
    """(paper id, 1-based page, the words to mark there): a result was chosen."""
    activeChanged = Signal(bool)
    """Whether the results page replaces the table (the search scope is "Text of PDFs")."""
    statusMessage = Signal(str, int)
    failed = Signal(str)

    def __init__(self, library: Library, search: SearchBox, window: QWidget) -> None:
        super().__init__(window)
        self._library = library
        self._search = search
        self._window = window
        self._within: PaperQuery | None = None
        self._answer: TextAnswer | None = None
        self.index = BackgroundIndex(library, self)
        self._searches: TextSearch | None = None
        self._results: ResultsView | None = None
        self.indicator = IndexIndicator()
        self.update_action = QAction("Update &Full-Text Index", window)
        self.update_action.setToolTip("Read the text of new or changed PDFs, for searching them")
        self.update_action.triggered.connect(self.index.update_all)
        self.search_action = QAction("Search &Text of PDFs", window)
        self.search_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.search_action.triggered.connect(lambda: search.set_scope(SearchScope.PDF_TEXT))
        self._connect()

    def _connect(self) -> None:
        index, search = self.index, self._search
        index.started.connect(self._index_started)
        index.progressed.connect(self.indicator.show_progress)
        index.finished.connect(self._index_finished)
        index.failed.connect(self._index_failed)
        self.indicator.cancelRequested.connect(index.cancel)
        self.indicator.problemsRequested.connect(self.show_problems)
        search.scopeChanged.connect(self._scope_changed)
        search.searchChanged.connect(lambda _text: self._ask())
        search.returnPressed.connect(self._open_best)

    # -- the window's calls -------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._search.scope() is SearchScope.PDF_TEXT

    @property
    def searches(self) -> TextSearch:
        """Runs the searches on a thread of its own; made with the first search."""
        if self._searches is None:
            from readinglist_gui.ui.fulltext.text_search import TextSearch

            self._searches = TextSearch(self._library, self)
            self._searches.answered.connect(self._answered)
            self._searches.failed.connect(self.failed)
        return self._searches

    @property
    def results(self) -> ResultsView:
        """The results page, made the first time it is asked for (the window asks when the
        "Text of PDFs" scope is chosen, and places it then)."""
        if self._results is None:
            from readinglist_gui.ui.fulltext.results_view import ResultsView

            self._results = ResultsView()
            self._results.set_indexing(self.index.is_running())
            self._results.hitChosen.connect(self._open_hit)
        return self._results

    def window_settled(self) -> None:
        self.index.window_settled()

    def apply(self, changes: ChangeSet) -> None:
        """Index what a write attached; search again if the pages on screen may differ."""
        self.index.apply(changes)
        if self.active and self._answer is not None and self._answer_outdated(changes):
            self._ask()

    def set_filters(self, filters: SidebarFilters) -> None:
        """The sidebar's status, list and tag filters narrow the search as they narrow the table."""
        within = _restricting(filters.apply_to(PaperQuery()))
        if within != self._within:
            self._within = within
            if self.active:
                self._ask()

    def set_read_only(self) -> None:
        """The library can only be read: searching stays, indexing stops."""
        self.index.disable()
        self.update_action.setEnabled(False)

    def is_searching(self) -> bool:
        """A search is running or waiting."""
        return self._searches is not None and not self._searches.is_idle()

    def is_idle(self) -> bool:
        """No search running or waiting, and no indexing run going or about to start."""
        return not self.is_searching() and self.index.is_idle()

    def close(self) -> None:
        """Cancel indexing and wait for both threads (the window is closing)."""
        self.index.close()
        if self._searches is not None:
            self._searches.close()

    def show_problems(self) -> None:
        """List the PDFs the index could not read, with the reason for each (an indexed PDF
        with a note about some unreadable pages is searchable, so not listed)."""
        from readinglist_gui.core.fulltext.status import problems
        from readinglist_gui.core.fulltext.tables import TextState

        found = [p for p in problems(self._library) if p.state is not TextState.INDEXED]
        titles = {row.id: row.title for row in self._library.rows([p.paper_id for p in found])}
        lines = [
            f"{titles.get(p.paper_id) or f'Paper {p.paper_id}'}: {p.reason}"
            for p in found
            if p.paper_id in titles
        ]
        show_problems(self._window, lines)

    # -- searching ----------------------------------------------------------------------
    def _scope_changed(self, scope: SearchScope) -> None:
        active = scope is SearchScope.PDF_TEXT
        if active:
            self._ask()
        self.activeChanged.emit(active)

    def _ask(self) -> None:
        if self.active:
            from readinglist_gui.ui.fulltext.text_search import TextRequest

            self.searches.submit(TextRequest(self._search.pdf_text().strip(), self._within))

    def _answered(self, answer: TextAnswer) -> None:
        self._answer = answer
        self.results.show_answer(answer)

    def _answer_outdated(self, changes: ChangeSet) -> bool:
        """Newly indexed pages change an empty answer; a shown paper deleted changes any."""
        assert self._answer is not None
        if changes.everything:
            return True
        shown = {paper.paper_id for paper in self._answer.papers}
        if shown & changes.removed:
            return True
        return not self._answer.papers and bool(changes.ids(Aspect.FULLTEXT))

    def _open_best(self) -> None:
        if self.active:
            self._search.flush()
            self.results.choose_first()

    def _open_hit(self, paper_id: int, page: int) -> None:
        terms = self._answer.terms if self._answer is not None else ()
        self.openRequested.emit(paper_id, page, terms)

    # -- indexing -----------------------------------------------------------------------
    def _index_started(self) -> None:
        self._show_indexing(True)

    def _index_finished(self, run: IndexRun) -> None:
        self._show_indexing(False)
        status = run.status
        self.indicator.show_idle(status.no_text + status.skipped)
        summary = run.summary
        if summary.total:
            self.statusMessage.emit(f"Full-text index: {summary.text()}", SUMMARY_MS)
        if self.active and summary.indexed:
            self._ask()

    def _index_failed(self, message: str) -> None:
        self._show_indexing(False)
        self.indicator.show_idle(0)
        self.statusMessage.emit(f"The text of PDFs could not be indexed: {message}", SUMMARY_MS)

    def _show_indexing(self, indexing: bool) -> None:
        """The results page's empty states mention a run going (a page not made yet will
        ask when it is)."""
        if self._results is not None:
            self._results.set_indexing(indexing)


def _restricting(query: PaperQuery) -> PaperQuery | None:
    """The query's filters if any narrow the library (status, list, tags, review), else None."""
    narrowed = bool(
        query.statuses or query.list_id is not None or query.tags or query.ids is not None
    )
    return replace(query, text="") if narrowed else None
