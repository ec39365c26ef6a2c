"""Highlighting in a reader tab on a real library and real PDFs: keys, the panel, drawing, undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdf_factory
import pymupdf
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from readinglist_gui.core import highlights
from readinglist_gui.core.library import Library
from readinglist_gui.core.pdf_annotations import read_highlights
from readinglist_gui.core.records import HighlightColor, HighlightRecord, PaperRecord, Status
from readinglist_gui.core.writes import AddHighlight
from readinglist_gui.ui.reader.pdf_view import PdfView
from readinglist_gui.ui.reader.reader_tab import ReaderTab

TabFactory = Callable[..., ReaderTab]

CONTROL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def paper(library: Library) -> int:
    """A paper with a three-page text PDF, attached as the app stores it."""
    paper_id = library.add_paper(PaperRecord(title="Paged attention"))
    library.pdf_dir.mkdir(parents=True, exist_ok=True)
    pdf_factory.text_pdf(library.pdf_dir / f"{paper_id}.pdf", pages=3)
    library.set_pdf(paper_id, f"pdfs/{paper_id}.pdf")
    return paper_id


def stored(library: Library, paper_id: int) -> list[highlights.Highlight]:
    with library.engine.connect() as conn:
        return highlights.of_paper(conn, paper_id)


def words_rect(library: Library, paper_id: int, page: int, text: str) -> pymupdf.Rect:
    path = library.pdf_path(paper_id)
    assert path is not None
    with pymupdf.open(path) as document:
        return document[page].search_for(text)[0]


def on_screen(view: PdfView, page: int, x: float, y: float) -> QPoint:
    rect = view.page_rect(page)
    return QPoint(
        round(rect.x() + x * view.zoom - view.horizontalScrollBar().value()),
        round(rect.y() + y * view.zoom - view.verticalScrollBar().value()),
    )


def select(qtbot: QtBot, view: PdfView, page: int, rect: pymupdf.Rect) -> None:
    """Drag over ``rect`` (PDF points) as a reader would, and wait for the selection."""
    view.reveal(page, rect.y0)
    scale = view.render_scale()
    qtbot.waitUntil(lambda: (page, scale) in view.cache, timeout=5000)
    middle = (rect.y0 + rect.y1) / 2
    start = on_screen(view, page, rect.x0 + 1, middle)
    end = on_screen(view, page, rect.x1 - 1, middle)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.waitUntil(lambda: view._selection.has_words(page), timeout=5000)
    qtbot.mouseMove(view.viewport(), pos=end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(lambda: view.selected_lines() is not None, timeout=5000)


def test_select_highlight_quote_to_note_and_undo(
    qtbot: QtBot, library: Library, paper: int, open_tab: TabFactory
) -> None:
    tab = open_tab(paper)
    view = tab.view
    view.setFocus()
    select(qtbot, view, 0, words_rect(library, paper, 0, "quick brown fox"))
    assert view.selected_text() == "quick brown fox"
    qtbot.keyClick(view, Qt.Key.Key_2)  # green
    qtbot.waitUntil(lambda: len(tab.highlighting.highlights) == 1, timeout=5000)
    [made] = stored(library, paper)
    assert (made.page, made.text, made.color) == (0, "quick brown fox", HighlightColor.GREEN)
    assert len(made.rects) == 1
    assert tab.notes.tabs.tabText(tab.notes.tabs.indexOf(tab.notes.highlights)) == (
        "Highlights (1)"
    )

    select(qtbot, view, 0, words_rect(library, paper, 0, "lazy dog"))
    qtbot.keyClick(view, Qt.Key.Key_Q, CONTROL | SHIFT)
    quoted = "> lazy dog. [p. 1](page:1)"
    assert tab.editor.toPlainText().strip() == quoted
    assert tab.notes.tabs.currentWidget() is tab.editor
    qtbot.waitUntil(lambda: library.paper(paper).note.strip() == quoted, timeout=5000)
    assert library.paper(paper).status is Status.NOTED, "a quote is a note"

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, CONTROL)
    qtbot.waitUntil(lambda: not tab.highlighting.highlights, timeout=5000)
    assert stored(library, paper) == []
    assert tab.editor.toPlainText().strip() == quoted, "the reader's undo leaves the note be"
    qtbot.keyClick(view, Qt.Key.Key_Z, CONTROL | SHIFT)
    qtbot.waitUntil(lambda: len(tab.highlighting.highlights) == 1, timeout=5000)
    assert stored(library, paper) == [made], "redo brings back the same highlight, id and all"


def test_highlighting_a_highlighted_passage_recolours_it(
    qtbot: QtBot, library: Library, paper: int, open_tab: TabFactory
) -> None:
    tab = open_tab(paper)
    rect = words_rect(library, paper, 1, "brown fox")
    select(qtbot, tab.view, 1, rect)
    tab.highlighting.highlight_selection(HighlightColor.YELLOW)
    qtbot.waitUntil(lambda: len(tab.highlighting.highlights) == 1, timeout=5000)
    select(qtbot, tab.view, 1, rect)
    tab.highlighting.color_actions[HighlightColor.PINK].trigger()
    qtbot.waitUntil(
        lambda: tab.highlighting.highlights[0].color is HighlightColor.PINK, timeout=5000
    )
    assert len(stored(library, paper)) == 1


def test_highlight_with_comment_puts_the_cursor_in_its_comment(
    qtbot: QtBot, library: Library, paper: int, open_tab: TabFactory
) -> None:
    tab = open_tab(paper)
    tab.view.setFocus()
    select(qtbot, tab.view, 0, words_rect(library, paper, 0, "jumps over"))
    qtbot.keyClick(tab.view, Qt.Key.Key_C)
    panel = tab.notes.highlights
    qtbot.waitUntil(lambda: panel.comment.hasFocus(), timeout=5000)
    assert tab.notes.tabs.currentWidget() is panel
    qtbot.keyClicks(panel.comment, "the fox moves")
    tab.view.setFocus()  # leaving the box saves the comment
    qtbot.waitUntil(
        lambda: [h.comment for h in stored(library, paper)] == ["the fox moves"], timeout=5000
    )


def test_the_panel_jumps_recolours_deletes_and_undo_brings_it_back(
    qtbot: QtBot, library: Library, paper: int, open_tab: TabFactory
) -> None:
    rect = tuple(words_rect(library, paper, 2, "lazy dog"))
    library.write(AddHighlight(paper, HighlightRecord(2, "lazy dog", (rect,), comment="a dog")))
    tab = open_tab(paper)
    panel = tab.notes.highlights
    tab.notes.show_highlights()
    assert panel.model.rowCount() == 1
    index = panel.model.index(0)
    with qtbot.waitSignal(tab.view.page_rendered, timeout=5000):
        qtbot.mouseClick(
            panel.list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=panel.list.visualRect(index).center(),
        )
    assert tab.view.current_page == 2
    assert panel.comment.toPlainText() == "a dog"
    qtbot.mouseClick(panel.color_buttons[HighlightColor.BLUE], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored(library, paper)[0].color is HighlightColor.BLUE, timeout=5000)
    before = stored(library, paper)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=5000)
    assert panel.empty.isVisible()
    tab.highlighting.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    assert stored(library, paper) == before


def yellowish(color: QColor) -> bool:
    red, green, blue = rgb_of(HighlightColor.YELLOW)
    return (
        abs(color.red() - red) < 25
        and abs(color.green() - green) < 25
        and abs(color.blue() - blue) < 40
    )


def rgb_of(color: HighlightColor) -> tuple[int, int, int]:
    red, green, blue = highlights.COLORS[color]
    return round(red * 255), round(green * 255), round(blue * 255)


@pytest.mark.parametrize("zoom", [1.0, 2.0])
def test_highlights_are_drawn_where_they_are_at_any_zoom(
    qtbot: QtBot, library: Library, paper: int, open_tab: TabFactory, zoom: float
) -> None:
    blank = (300.0, 400.0, 420.0, 430.0)  # white paper: the highlight shows its own colour
    library.write(AddHighlight(paper, HighlightRecord(0, "", (blank,), HighlightColor.YELLOW)))
    tab = open_tab(paper)
    view = tab.view
    view.set_zoom(zoom)
    view.reveal(0, blank[1])
    scale = view.render_scale()
    qtbot.waitUntil(lambda: (0, scale) in view.cache, timeout=5000)
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()

    def pixel(x: float, y: float) -> QColor:
        point = on_screen(view, 0, x, y)
        return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))

    assert yellowish(pixel(360, 415)), pixel(360, 415).name()
    assert yellowish(pixel(302, 402)) and yellowish(pixel(418, 428)), "its corners"
    outside = pixel(360, 440)
    assert outside.lightness() > 240 and not yellowish(outside)
    assert not yellowish(pixel(290, 415))


def test_a_pdf_attached_before_highlights_existed_gives_its_marks_once(
    qtbot: QtBot, library: Library, open_tab: TabFactory, tmp_path: Path
) -> None:
    paper_id = library.add_paper(PaperRecord(title="Annotated elsewhere"))
    library.pdf_dir.mkdir(parents=True, exist_ok=True)
    source = pdf_factory.text_pdf(tmp_path / "marked.pdf", pages=2)
    with pymupdf.open(source) as document:
        page = document[1]
        page.add_highlight_annot(page.search_for("lazy dog", quads=True)[:1]).update()
        document.save(library.pdf_dir / f"{paper_id}.pdf")
    library.set_pdf(paper_id, f"pdfs/{paper_id}.pdf")  # as an older version attached it
    tab = open_tab(paper_id)
    qtbot.waitUntil(lambda: len(tab.highlighting.highlights) == 1, timeout=5000)
    [taken] = stored(library, paper_id)
    assert (taken.page, taken.text) == (1, "lazy dog.")
    tab.highlighting.delete(taken)
    qtbot.waitUntil(lambda: not stored(library, paper_id), timeout=5000)
    tab.close()
    again = open_tab(paper_id)
    assert again._opening is not None and again._opening.marks_read, "not read a second time"
    with qtbot.waitSignal(again.view.page_rendered, timeout=5000):
        again.view.go_to_page(1)
    assert stored(library, paper_id) == [], "a highlight deleted stays deleted"


def test_save_pdf_with_highlights_from_the_reader(
    qtbot: QtBot, library: Library, paper: int, open_tab: TabFactory, tmp_path: Path
) -> None:
    rect = tuple(words_rect(library, paper, 0, "quick brown"))
    library.write(AddHighlight(paper, HighlightRecord(0, "quick brown", (rect,), comment="see")))
    tab = open_tab(paper)
    target = tmp_path / "with highlights.pdf"
    with qtbot.waitSignal(tab.highlighting.saved, timeout=5000) as blocker:
        tab.highlighting.save_copy(target)
    assert blocker.args == ["Saved with highlights.pdf: 1 highlight written as annotations."]
    assert [(h.text, h.comment) for h in read_highlights(target)] == [("quick brown", "see")]
    menu = tab.highlighting.build_menu(stored(library, paper)[0])
    labels = [action.text() for action in menu.actions() if action.text()]
    assert labels[:4] == ["Edit Comment…", "Colour", "Quote to Note", "Delete Highlight"]
    assert "Save PDF with Highlights…" in labels
