"""The reader's PdfView marks every word of a full-text search on the page it opens at."""

from __future__ import annotations

from pathlib import Path

from pdf_factory import pages_pdf
from pytestqt.qtbot import QtBot

from readinglist_gui.ui.reader.pdf_view import PdfView

WAIT_MS = 10_000


def test_every_term_is_marked_and_the_page_asked_for_comes_first(
    qtbot: QtBot, tmp_path: Path
) -> None:
    texts = [f"Page {n}: okapi and zebra graze. Okapi again." for n in range(1, 7)]
    pdf = pages_pdf(tmp_path / "two.pdf", texts)
    view = PdfView()
    qtbot.addWidget(view)
    view.resize(800, 1000)
    view.show()
    qtbot.waitExposed(view)
    view.open(pdf)
    view.find_terms(["okapi", "zebra"], 4)  # asked while the document is still opening
    qtbot.waitUntil(lambda: len(view.hits) == 6 * 3, timeout=WAIT_MS)
    assert view.current_page == 4
    assert view.current_hit >= 0
    current_page, _ = view.hits[view.current_hit]
    assert current_page == 4
    view.find_terms(["", "  "], 1)
    qtbot.waitUntil(lambda: not view.hits, timeout=WAIT_MS)
    assert view.current_page == 1
    view.shutdown()
