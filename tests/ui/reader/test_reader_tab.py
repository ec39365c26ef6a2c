"""A reader tab on a real library: notes saved, progress recorded, PDFs attached."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdf_factory
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from url_catcher import UrlCatcher

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord, Status
from readinglist_gui.ui.reader import reader_tab
from readinglist_gui.ui.reader.reader_tab import ReaderTab

TabFactory = Callable[..., ReaderTab]


@pytest.fixture
def paper(library: Library) -> int:
    return library.add_paper(PaperRecord(title="Paged attention", arxiv_id="2309.06180"))


@pytest.fixture
def with_pdf(library: Library, paper: int, tmp_path: Path) -> int:
    """The paper with a 60-page PDF stored in the library the way attach stores it."""
    library.pdf_dir.mkdir(parents=True, exist_ok=True)
    pdf_factory.outline_pdf(library.pdf_dir / f"{paper}.pdf", pages=60)
    library.set_pdf(paper, f"pdfs/{paper}.pdf")
    return paper


def test_typing_is_saved_while_the_tab_stays_open_and_makes_the_paper_noted(
    qtbot: QtBot, library: Library, with_pdf: int, open_tab
) -> None:
    tab = open_tab(with_pdf)
    assert tab.editor.objectName() == "notesEditor"
    assert tab.view.objectName() == "pdfView"
    qtbot.keyClicks(tab.editor, "Blocks of KV cache")
    # Saved after a pause in typing; the timeout leaves room for a loaded machine.
    qtbot.waitUntil(lambda: library.paper(with_pdf).note == "Blocks of KV cache", timeout=5000)
    assert library.paper(with_pdf).status is Status.NOTED


def test_hiding_the_tab_saves_at_once(
    qtbot: QtBot, library: Library, with_pdf: int, open_tab
) -> None:
    tab = open_tab(with_pdf)
    qtbot.keyClicks(tab.editor, "switching away")
    tab.hide()
    qtbot.waitUntil(lambda: library.paper(with_pdf).note == "switching away", timeout=5000)


def test_closing_saves_the_note_and_the_position(
    qtbot: QtBot, library: Library, with_pdf: int, open_tab
) -> None:
    tab = open_tab(with_pdf)
    with qtbot.waitSignal(tab.view.page_rendered, timeout=5000):
        tab.view.go_to_page(33)
    qtbot.keyClicks(tab.editor, "bye")
    tab.close()
    qtbot.waitUntil(lambda: library.paper(with_pdf).last_page == 33, timeout=5000)
    detail = library.paper(with_pdf)
    assert detail.note == "bye", "written before the position"
    assert detail.last_page == 33
    assert detail.page_count == 60


def test_reopens_at_the_last_page_and_zoom(
    qtbot: QtBot, library: Library, with_pdf: int, open_tab
) -> None:
    library.record_reading(with_pdf, 41, 60)
    tab = open_tab(with_pdf)
    assert tab.view.current_page == 41
    assert 41 in tab.view.visible_pages()
    tab.view.set_zoom(1.5)
    tab.close()
    qtbot.waitUntil(lambda: library.reader_zoom(with_pdf) == "1.5", timeout=5000)
    again = open_tab(with_pdf)
    assert again.view.zoom == pytest.approx(1.5)
    assert again.view.current_page == 41


def test_reading_pages_skims_an_unread_paper(
    qtbot: QtBot, library: Library, with_pdf: int, open_tab, monkeypatch
) -> None:
    monkeypatch.setattr(reader_tab, "SEEN_AFTER_MS", 0)
    monkeypatch.setattr(reader_tab, "RECORD_DELAY_MS", 0)
    tab = open_tab(with_pdf)
    for page in (1, 2, 3):
        with qtbot.waitSignal(tab.progress_changed, timeout=5000):
            tab.view.go_to_page(page)
        qtbot.waitUntil(lambda page=page: page in tab._seen, timeout=5000)
    tab.save_now()
    qtbot.waitUntil(lambda: library.paper(with_pdf).last_page == 3, timeout=5000)
    detail = library.paper(with_pdf)
    assert detail.status is Status.SKIMMED
    assert detail.pages_seen >= 3


def test_manual_status_wins_over_reading(
    qtbot: QtBot, library: Library, with_pdf: int, open_tab, monkeypatch
) -> None:
    library.set_status([with_pdf], Status.UNREAD)
    monkeypatch.setattr(reader_tab, "SEEN_AFTER_MS", 0)
    monkeypatch.setattr(reader_tab, "RECORD_DELAY_MS", 0)
    tab = open_tab(with_pdf)
    for page in (5, 6, 7, 8):
        tab.view.go_to_page(page)
        qtbot.waitUntil(lambda page=page: page in tab._seen, timeout=5000)
    tab.save_now()
    qtbot.waitUntil(lambda: library.paper(with_pdf).pages_seen >= 4, timeout=5000)
    assert library.paper(with_pdf).status is Status.UNREAD


def anchor_position(preview, href: str) -> QPoint:
    """Where the link to ``href`` is drawn in the preview."""
    document = preview.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + 1)
                return preview.cursorRect(cursor).center()
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link to {href}")


def test_page_link_inserted_and_followed_from_the_preview(
    qtbot: QtBot, library: Library, with_pdf: int, open_tab
) -> None:
    tab = open_tab(with_pdf)
    with qtbot.waitSignal(tab.view.page_rendered, timeout=5000):
        tab.view.go_to_page(11)
    tab.editor.setFocus()
    qtbot.keyClicks(tab.editor, "See")
    qtbot.keyClick(
        tab.editor,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert tab.editor.toPlainText() == "See [p. 12](page:12)"
    tab.view.go_to_page(0)
    tab.notes.show_preview()
    spot = anchor_position(tab.notes.preview, "page:12")
    qtbot.mouseClick(tab.notes.preview.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert tab.view.current_page == 11
    qtbot.waitUntil(lambda: library.paper(with_pdf).note == "See [p. 12](page:12)", timeout=5000)


def test_preview_loads_no_images_and_ignores_unsafe_links(
    qtbot: QtBot, library: Library, paper: int, open_tab, tmp_path: Path
) -> None:
    picture = tmp_path / "local.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    tab = open_tab(paper)
    tab.editor.setPlainText(
        f"![remote](https://example.org/x.png) ![local]({picture.as_uri()})\n\n"
        "<img src='https://example.org/y.png'><script>alert(1)</script>\n\n"
        "[js](javascript:alert(1))"
    )
    preview = tab.notes.preview
    jumps: list[int] = []
    preview.page_link_activated.connect(jumps.append)
    tab.notes.show_preview()
    html = preview.toHtml()
    assert "<script" not in html
    assert preview.document().resource(2, QUrl("https://example.org/x.png")) is None
    assert preview.loadResource(2, QUrl(picture.as_uri())) is None
    preview.follow(QUrl("javascript:alert(1)"))
    preview.follow(QUrl("page:../../etc"))
    assert jumps == []
    preview.follow(QUrl("page:3"))
    assert jumps == [2]


def test_missing_pdf_panel_attaches_a_checked_copy(
    qtbot: QtBot, library: Library, paper: int, open_tab, tmp_path: Path
) -> None:
    tab = open_tab(paper)
    assert tab.pdf_stack.currentWidget() is tab.missing
    assert not tab.missing.download_button.isEnabled()
    tab.attach(pdf_factory.html_named_pdf(tmp_path / "fake.pdf"))
    qtbot.waitUntil(lambda: "is not a PDF" in tab.missing.message.text(), timeout=5000)
    assert not library.pdf_dir.exists() or not any(library.pdf_dir.iterdir())
    source = pdf_factory.text_pdf(tmp_path / "Some Paper (final) v2.pdf", pages=4)
    with qtbot.waitSignal(tab.view.page_rendered, timeout=5000):
        tab.attach(source)
    assert tab.pdf_stack.currentWidget() is tab.pdf
    assert library.paper(paper).pdf_path == library.pdf_dir / f"{paper}.pdf"
    assert tab.view.page_count == 4


def test_dropping_a_pdf_attaches_it(
    qtbot: QtBot, library: Library, paper: int, open_tab, tmp_path: Path
) -> None:
    tab = open_tab(paper)
    source = pdf_factory.text_pdf(tmp_path / "dropped.pdf", pages=2)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(source))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, data, buttons, keys)
    QApplication.sendEvent(tab, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, data, buttons, keys)
    with qtbot.waitSignal(tab.view.page_rendered, timeout=5000):
        QApplication.sendEvent(tab, drop)
    assert library.paper(paper).pdf_path == library.pdf_dir / f"{paper}.pdf"


@pytest.mark.parametrize(
    "make", [pdf_factory.html_named_pdf, pdf_factory.empty_file, pdf_factory.truncated_pdf]
)
def test_a_bad_pdf_shows_a_message_and_notes_still_work(
    qtbot: QtBot, library: Library, paper: int, open_tab, make
) -> None:
    library.pdf_dir.mkdir(parents=True, exist_ok=True)
    make(library.pdf_dir / f"{paper}.pdf")
    library.set_pdf(paper, f"pdfs/{paper}.pdf")
    tab = open_tab(paper, wait=False)
    qtbot.waitUntil(lambda: tab.view.info is not None or bool(tab.view.message), timeout=5000)
    qtbot.waitUntil(lambda: tab.view.message != "Opening…", timeout=5000)
    if tab.view.info is None:
        assert "PDF" in tab.view.message or "file" in tab.view.message
    qtbot.keyClicks(tab.editor, "still here")
    tab.save_now()
    qtbot.waitUntil(lambda: library.paper(paper).note == "still here", timeout=5000)


def test_encrypted_pdf_asks_for_its_password(
    qtbot: QtBot, library: Library, paper: int, open_tab
) -> None:
    library.pdf_dir.mkdir(parents=True, exist_ok=True)
    pdf_factory.encrypted_pdf(library.pdf_dir / f"{paper}.pdf", user="reader")
    library.set_pdf(paper, f"pdfs/{paper}.pdf")
    tab = open_tab(paper, wait=False)
    bar = tab.pdf.password_bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    bar.field.setText("reader")
    with qtbot.waitSignal(tab.view.page_rendered, timeout=5000):
        qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert not bar.isVisible()
    assert tab.view.page_count == 2


def test_splitter_sizes_are_remembered(
    qtbot: QtBot, library: Library, with_pdf: int, open_tab
) -> None:
    tab = open_tab(with_pdf)
    tab.splitter.setSizes([900, 300])
    sizes = tab.splitter.sizes()
    tab.close()
    again = open_tab(with_pdf)
    assert again.splitter.sizes() == sizes


def test_ctrl_f_in_the_reader_opens_find(
    qtbot: QtBot, library: Library, with_pdf: int, open_tab
) -> None:
    tab = open_tab(with_pdf)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.pdf.find_bar.isVisible()
    with qtbot.waitSignal(
        tab.view.find_status, timeout=5000, check_params_cb=lambda *status: status[2]
    ):
        qtbot.keyClicks(tab.pdf.find_bar.field, "page 30")
    assert tab.view.current_page == 29
    assert tab.pdf.find_bar.status.text() == "1 of 1"


def test_open_link_goes_to_the_papers_web_page(
    qtbot: QtBot, library: Library, paper: int, open_tab
) -> None:
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "catch")
    try:
        tab = open_tab(paper)
        qtbot.mouseClick(tab.missing.link_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == ["https://arxiv.org/abs/2309.06180"]


def test_download_button_asks_the_arxiv_feature(
    qtbot: QtBot, library: Library, paper: int, open_tab
) -> None:
    tab = open_tab(paper)
    tab.set_download_available(True)
    with qtbot.waitSignal(tab.download_requested, timeout=1000) as blocker:
        qtbot.mouseClick(tab.missing.download_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [paper]
