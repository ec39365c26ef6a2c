"""Full-text searches run off the GUI thread, the newest request winning.

Each settled keystroke (the search box debounces) asks for one search. One
search runs at a time on a private thread; a request made meanwhile waits,
and only the newest waiting one runs next, so a fast typist costs a search
per pause, not per letter. An answer to anything but the newest request is
dropped unseen. The search itself is the core's (FTS5 ranks the pages and
cuts the snippets); this adds what the results show beside each paper
(title, authors, year) and how far the index has got, for the empty states.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.ui.background import TaskRunner

# The core's full-text search loads with the first search, on its thread.
if TYPE_CHECKING:
    from readinglist_gui.core.fulltext.search import Hit
    from readinglist_gui.core.fulltext.status import IndexStatus

RESULT_PAPERS = 50
"""Papers listed for one search, best first."""
PAGES_PER_PAPER = 3
"""Matching pages shown under each paper (the count of all of them is shown too)."""


@dataclass(frozen=True, slots=True)
class TextRequest:
    """What to search for, and among which papers (the sidebar's filters; None: all)."""

    text: str
    within: PaperQuery | None = None


@dataclass(frozen=True, slots=True)
class PaperResult:
    paper_id: int
    title: str
    byline: str
    """Authors and year, as the table shows them."""
    pages_matched: int
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class TextAnswer:
    request: TextRequest
    terms: tuple[str, ...]
    """The words searched for, as the reader marks them on the page."""
    papers: tuple[PaperResult, ...]
    status: IndexStatus


def answer(library: Library, request: TextRequest) -> TextAnswer:
    """On a worker thread: the best papers for ``request``, with what to show of each."""
    from readinglist_gui.core.fulltext.search import search_papers, terms
    from readinglist_gui.core.fulltext.status import index_status

    status = index_status(library)
    words = tuple(terms(request.text))
    if not words or not status.indexed:
        return TextAnswer(request, words, (), status)
    within = None
    if request.within is not None:
        within = frozenset(library.ids(replace(request.within, text="")))
    found = search_papers(library, request.text, RESULT_PAPERS, PAGES_PER_PAPER, within)
    rows = {row.id: row for row in library.rows([paper.paper_id for paper in found])}
    papers = []
    for paper in found:
        row = rows.get(paper.paper_id)
        if row is None:
            continue
        byline = " · ".join(part for part in (row.authors, str(row.year or "")) if part)
        papers.append(
            PaperResult(
                paper.paper_id, row.title or "(untitled)", byline, paper.pages_matched, paper.hits
            )
        )
    return TextAnswer(request, words, tuple(papers), status)


class TextSearch(QObject):
    answered = Signal(object)
    """The ``TextAnswer`` to the newest request."""
    failed = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        pool = QThreadPool(self)
        pool.setMaxThreadCount(1)
        self._tasks = TaskRunner(pool, self)
        self._newest: TextRequest | None = None
        self._waiting: TextRequest | None = None
        self._running = False

    def submit(self, request: TextRequest) -> None:
        self._newest = request
        self._waiting = request
        self._run_waiting()

    def is_idle(self) -> bool:
        return not self._running and self._waiting is None

    def close(self) -> None:
        self._waiting = None
        self._tasks.wait()

    def _run_waiting(self) -> None:
        if self._running or self._waiting is None:
            return
        request, self._waiting = self._waiting, None
        self._running = True
        library = self._library
        self._tasks.run(lambda: answer(library, request), self._done, self._failed)

    def _done(self, result: TextAnswer) -> None:
        self._running = False
        if result.request == self._newest and self._waiting is None:
            self.answered.emit(result)
        self._run_waiting()

    def _failed(self, message: str) -> None:
        self._running = False
        if self._waiting is None:
            self.failed.emit(message)
        self._run_waiting()
