"""A long PDF shows before every page is measured, and takes its true page sizes after."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pytestqt.qtbot import QtBot

from readinglist_gui.ui.reader.pdf_view import PdfView
from readinglist_gui.ui.reader.render_thread import MEASURED_AT_OPEN

LANDSCAPE = 50
"""The one landscape page, beyond those measured at open."""


def long_pdf(path: Path, pages: int = 80) -> Path:
    document = pymupdf.open()
    for number in range(pages):
        size = (842, 595) if number == LANDSCAPE else (595, 842)
        document.new_page(width=size[0], height=size[1]).insert_text(
            (72, 72), f"Page {number + 1}", fontsize=14
        )
    document.save(path)
    document.close()
    return path


def test_page_sizes_beyond_the_first_pages_arrive_after_the_first_page(
    qtbot: QtBot, open_view, tmp_path: Path
) -> None:
    assert LANDSCAPE > MEASURED_AT_OPEN
    view = open_view(long_pdf(tmp_path / "long.pdf"), wait=False)
    opened: list[object] = []
    view.document_opened.connect(opened.append)
    with qtbot.waitSignal(view._thread.page_sizes_measured, timeout=5000):
        pass
    assert opened and not opened[0].measured, "shown before every page was measured"
    assert opened[0].page_sizes[LANDSCAPE] == (595.0, 842.0), "a guess"
    assert view.info.measured
    assert view.info.page_sizes[LANDSCAPE] == (842.0, 595.0)
    rect = view.page_rect(LANDSCAPE)
    assert rect.width() == pytest.approx(842 * view.zoom)
    assert rect.height() == pytest.approx(595 * view.zoom)
    with qtbot.waitSignal(view.page_rendered, timeout=5000):
        view.go_to_page(LANDSCAPE)
    assert view.current_page == LANDSCAPE


def test_the_page_shown_first_is_measured_at_open(qtbot: QtBot, tmp_path: Path) -> None:
    path = long_pdf(tmp_path / "long.pdf")
    shown = PdfView()
    qtbot.addWidget(shown)
    shown.resize(800, 1000)
    shown.show()
    shown.go_to_page(LANDSCAPE)
    with qtbot.waitSignal(shown.document_opened, timeout=5000) as blocker:
        shown.open(path)
    info = blocker.args[0]
    assert not info.measured
    assert info.page_sizes[LANDSCAPE] == (842.0, 595.0)
    with qtbot.waitSignal(shown.page_rendered, timeout=5000):
        pass
    assert shown.current_page == LANDSCAPE
    shown.shutdown()
