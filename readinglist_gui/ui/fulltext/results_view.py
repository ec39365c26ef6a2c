"""The results of a full-text search: papers, each with its best matching pages and a snippet.

At most ``RESULT_PAPERS`` papers of a few pages each, so a rich-text page is
the simplest view that reads well: titles, bylines, and snippets with the
matched words in bold, every page a link. Clicking one, or Tab to it and
Enter, asks for the reader at that page (``hitChosen``). Whatever a PDF's
text holds is escaped before it is shown. With nothing to list, the page
says why: no words yet, no PDFs indexed yet, or no page matching.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from readinglist_gui.core.fulltext.search import Hit
from readinglist_gui.core.fulltext.status import IndexStatus
from readinglist_gui.ui.fulltext.text_search import RESULT_PAPERS, PaperResult, TextAnswer

SCHEME = "hit"


def hit_url(paper_id: int, page: int) -> QUrl:
    return QUrl(f"{SCHEME}:{paper_id}/{page}")


def parse_hit(url: QUrl) -> tuple[int, int] | None:
    """(paper id, 1-based page) of a result link; None for anything else."""
    if url.scheme() != SCHEME:
        return None
    paper, _, page = url.path().partition("/")
    if not (paper.isdigit() and page.isdigit()):
        return None
    return int(paper), int(page)


class ResultsView(QTextBrowser):
    hitChosen = Signal(int, int)
    """(paper id, 1-based page) of the result the user chose."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fulltextResults")
        self.setAccessibleName("Full-text search results")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.document().setDocumentMargin(18)
        self.anchorClicked.connect(self._clicked)
        self._answer: TextAnswer | None = None
        self._searching = False
        self._indexing = False
        self.show_answer(None)

    # -- what it shows ------------------------------------------------------------------
    def show_answer(self, answer: TextAnswer | None) -> None:
        self._answer = answer
        self._render()

    def set_indexing(self, indexing: bool) -> None:
        """Whether the index is being brought up to date (the empty states mention it)."""
        if indexing != self._indexing:
            self._indexing = indexing
            self._render()

    def answer(self) -> TextAnswer | None:
        return self._answer

    def links(self) -> list[tuple[int, int]]:
        """(paper id, page) of every result link, top to bottom (tests, keyboard checks)."""
        if self._answer is None:
            return []
        return [(p.paper_id, hit.page) for p in self._answer.papers for hit in p.hits]

    def choose_first(self) -> bool:
        """Open the best result (Enter in the search box); False when there is none."""
        found = self.links()
        if not found:
            return False
        self.hitChosen.emit(*found[0])
        return True

    # -- drawing ------------------------------------------------------------------------
    def _render(self) -> None:
        palette = self.palette()
        self.document().setDefaultStyleSheet(_style(palette))
        answer = self._answer
        if answer is None or not answer.terms:
            body = _message("Search inside your PDFs", _hint(answer, self._indexing))
        elif not answer.status.indexed:
            body = _message("No PDFs indexed yet", _not_indexed(answer.status, self._indexing))
        elif not answer.papers:
            body = _message("No matches", _no_match(answer, self._indexing))
        else:
            body = _results(answer, self._indexing)
        self.setHtml(body)

    def changeEvent(self, event: QEvent) -> None:
        """Redraw in the new palette's colours (light and dark)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._render()

    def _clicked(self, url: QUrl) -> None:
        found = parse_hit(url)
        if found is not None:
            self.hitChosen.emit(*found)


def _style(palette: QPalette) -> str:
    text = palette.color(QPalette.ColorRole.Text).name()
    muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
    link = palette.color(QPalette.ColorRole.Link).name()
    return (
        f"body {{ color: {text}; }}"
        f"a {{ text-decoration: none; color: {text}; }}"
        f"a.title {{ color: {link}; font-weight: 600; }}"
        f".byline, .note, .hint {{ color: {muted}; }}"
        f".page {{ color: {link}; font-weight: 600; }}"
        f"b {{ font-weight: 700; }}"
    )


def _results(answer: TextAnswer, indexing: bool) -> str:
    count = len(answer.papers)
    if count >= RESULT_PAPERS:
        heading = f"The {count:,} papers with the best pages matching {_quoted(answer)}"
    else:
        heading = (
            f"{count:,} paper{'s' if count != 1 else ''} with pages matching {_quoted(answer)}"
        )
    notes = [_scope_note(answer), _waiting_note(answer.status, indexing)]
    parts = [f"<p class='note'>{html.escape(heading)}{''.join(n for n in notes if n)}</p>"]
    parts.extend(_paper(paper) for paper in answer.papers)
    return "".join(parts)


def _paper(paper: PaperResult) -> str:
    first = paper.hits[0].page if paper.hits else 1
    title = html.escape(paper.title)
    more = paper.pages_matched
    pages = f"{more:,} page{'s' if more != 1 else ''} match"
    byline = " · ".join(part for part in (html.escape(paper.byline), pages) if part)
    rows = "".join(_hit_row(paper.paper_id, hit) for hit in paper.hits)
    return (
        f"<p style='margin-top:14px; margin-bottom:2px'>"
        f"<a class='title' href='{hit_url(paper.paper_id, first).toString()}'>{title}</a><br>"
        f"<span class='byline'>{byline}</span></p>"
        f"<table cellspacing='0' cellpadding='2' style='margin-left:12px'>{rows}</table>"
    )


def _hit_row(paper_id: int, hit: Hit) -> str:
    href = hit_url(paper_id, hit.page).toString()
    return (
        f"<tr><td valign='top' style='padding-right:10px'>"
        f"<a class='page' href='{href}'>p.&nbsp;{hit.page}</a></td>"
        f"<td><a href='{href}'>{_marked(hit)}</a></td></tr>"
    )


def _marked(hit: Hit) -> str:
    """The snippet, escaped, with its matched words in bold."""
    parts: list[str] = []
    at = 0
    for start, end in hit.spans:
        if start < at or end > len(hit.snippet):
            continue
        parts.append(html.escape(hit.snippet[at:start]))
        parts.append(f"<b>{html.escape(hit.snippet[start:end])}</b>")
        at = end
    parts.append(html.escape(hit.snippet[at:]))
    return "".join(parts)


def _message(title: str, detail: str) -> str:
    return (
        "<div align='center' style='margin-top:80px'>"
        f"<p style='font-size:large; font-weight:600'>{html.escape(title)}</p>"
        f"<p class='hint'>{detail}</p></div>"
    )


def _quoted(answer: TextAnswer) -> str:
    return "“" + answer.request.text.strip() + "”"


def _hint(answer: TextAnswer | None, indexing: bool) -> str:
    if answer is None:
        return "Type words to find the pages of your PDFs that hold them all."
    indexed = answer.status.indexed
    text = (
        f"Type words to find the pages of your {indexed:,} indexed PDF"
        f"{'s' if indexed != 1 else ''} that hold them all."
    )
    return html.escape(text) + _waiting_note(answer.status, indexing)


def _not_indexed(status: IndexStatus, indexing: bool) -> str:
    if not status.pdfs:
        return html.escape(
            "No paper has a PDF yet. Attach one (or download it from arXiv) and its text "
            "becomes searchable here."
        )
    waiting = status.unread
    text = f"{waiting:,} PDF{'s are' if waiting != 1 else ' is'} waiting to be indexed. "
    if indexing:
        text += "Indexing runs in the background; results show as PDFs are read."
    elif waiting:
        text += "Indexing starts by itself shortly, or choose File → Update Full-Text Index."
    else:
        text = "None of the PDFs has text to search (they may be scans, encrypted or damaged)."
    return html.escape(text)


def _no_match(answer: TextAnswer, indexing: bool) -> str:
    indexed = answer.status.indexed
    text = (
        f"No page of your {indexed:,} indexed PDF{'s' if indexed != 1 else ''} "
        f"holds every word of {_quoted(answer)}."
    )
    return html.escape(text) + _scope_note(answer) + _waiting_note(answer.status, indexing)


def _scope_note(answer: TextAnswer) -> str:
    if answer.request.within is None:
        return ""
    return html.escape(" Only papers the sidebar's filter shows are searched.")


def _waiting_note(status: IndexStatus, indexing: bool) -> str:
    if not status.unread:
        return ""
    waiting = status.unread
    verb = "being indexed" if indexing else "not indexed yet"
    return html.escape(f" ({waiting:,} PDF{'s' if waiting != 1 else ''} {verb}.)")
