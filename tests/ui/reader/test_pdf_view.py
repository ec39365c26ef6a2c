"""The PDF view on real PDFs: what it renders, when, and how the reader moves through it."""

from __future__ import annotations

from pathlib import Path

import pdf_factory
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from url_catcher import UrlCatcher

from readinglist_gui.core.pdf import MAX_RENDER_PIXELS
from readinglist_gui.ui.reader.pdf_pane import PdfPane
from readinglist_gui.ui.reader.pdf_view import GAP, PdfView


def page_point(view: PdfView, page: int, x: float, y: float) -> QPoint:
    """A viewport position for PDF coordinates (points) on ``page``."""
    rect = view.page_rect(page)
    return QPoint(
        round(rect.x() + x * view.zoom - view.horizontalScrollBar().value()),
        round(rect.y() + y * view.zoom - view.verticalScrollBar().value()),
    )


def wait_for_page(qtbot: QtBot, view: PdfView, page: int, action) -> None:
    with qtbot.waitSignal(
        view.page_rendered, timeout=5000, check_params_cb=lambda shown: shown == page
    ):
        action()


def settle(qtbot: QtBot, view: PdfView) -> None:
    """Wait until the visible pages and their neighbours are all rendered."""
    wanted = set(view.visible_pages())
    wanted |= {page + 1 for page in wanted if page + 1 < view.page_count}
    scale = view.render_scale()
    qtbot.waitUntil(lambda: all((page, scale) in view.cache for page in wanted), timeout=5000)


def wait_for_links(qtbot: QtBot, view: PdfView, page: int) -> None:
    qtbot.waitUntil(lambda: view.has_links(page), timeout=5000)


@pytest.fixture
def sixty(tmp_path: Path) -> Path:
    return pdf_factory.text_pdf(tmp_path / "sixty.pdf", pages=60, marker="zebra")


def test_opening_renders_only_the_first_visible_pages(qtbot: QtBot, open_view, sixty) -> None:
    rendered: list[int] = []
    view = open_view(sixty, wait=False)
    view._thread.rendered.connect(lambda page, *_: rendered.append(page))
    with qtbot.waitSignal(view.page_rendered, timeout=5000) as blocker:
        pass
    assert blocker.args == [0]
    assert view.page_count == 60
    assert view.current_page == 0
    qtbot.waitUntil(lambda: len(rendered) >= 3, timeout=5000)
    assert set(rendered) <= {0, 1, 2}


def test_jumping_far_renders_the_target_and_not_the_pages_between(
    qtbot: QtBot, open_view, sixty
) -> None:
    view = open_view(sixty)
    settle(qtbot, view)
    rendered: list[int] = []
    view._thread.rendered.connect(lambda page, *_: rendered.append(page))
    wait_for_page(qtbot, view, 40, lambda: view.go_to_page(40))
    assert view.current_page == 40
    assert 40 in view.visible_pages()
    qtbot.waitUntil(lambda: {39, 41} <= set(rendered), timeout=5000)
    assert set(rendered) <= {38, 39, 40, 41, 42}


def test_scrolling_renders_each_page_that_comes_into_view(qtbot: QtBot, open_view, sixty) -> None:
    view = open_view(sixty)
    scroll = view.verticalScrollBar()
    for page in (5, 10, 15):
        top = round(view.page_rect(page).y())
        wait_for_page(qtbot, view, page, lambda top=top: scroll.setValue(top))
        assert view.current_page == page


def test_zoom_rerenders_crisply_at_the_new_scale(qtbot: QtBot, open_view, tmp_path) -> None:
    view = open_view(pdf_factory.text_pdf(tmp_path / "a.pdf", pages=3))
    wait_for_page(qtbot, view, 0, lambda: view.set_zoom(2.0))
    scale = view.render_scale()
    assert scale == pytest.approx(2.0 * view.devicePixelRatioF())
    image = view.cache.get((0, scale))
    assert image is not None
    assert image.width() == round(595 * scale)
    assert view.page_rect(0).width() == pytest.approx(595 * 2.0)


def test_zoom_keys_wheel_and_fit(qtbot: QtBot, open_view, tmp_path) -> None:
    view = open_view(pdf_factory.text_pdf(tmp_path / "a.pdf", pages=3))
    view.set_zoom(1.0)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom == pytest.approx(1.1)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom == pytest.approx(0.9)
    centre = QPointF(400, 300)
    wheel = QWheelEvent(
        centre,
        view.viewport().mapToGlobal(centre),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom > 0.9
    view.fit_width()
    assert view.zoom == pytest.approx((view.viewport().width() - 2 * GAP) / 595)
    view.fit_page()
    assert view.page_rect(0).height() <= view.viewport().height() - 2 * GAP + 1
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.zoom == 1.0
    assert view.fit_mode is None


def test_find_highlights_every_hit_and_steps_through_them(qtbot: QtBot, open_view, sixty) -> None:
    view = open_view(sixty)
    with qtbot.waitSignal(
        view.find_status, timeout=5000, check_params_cb=lambda *status: status[2]
    ) as blocker:
        view.find_text("Zebra")
    current, total, _ = blocker.args
    assert total == 30  # the marker is on every odd page
    assert current == 1
    assert [page for page, _ in view.hits] == list(range(0, 60, 2))
    view.find_next()
    assert view.current_hit == 1
    assert 2 in view.visible_pages()
    view.find_previous()
    view.find_previous()
    assert view.current_hit == 29
    assert 58 in view.visible_pages()


def test_a_new_search_replaces_the_old_one(qtbot: QtBot, open_view, sixty) -> None:
    view = open_view(sixty)
    view.find_text("zebra")
    with qtbot.waitSignal(
        view.find_status, timeout=5000, check_params_cb=lambda *status: status[2]
    ) as blocker:
        view.find_text("Heading of page 17")
    assert blocker.args[1] == 1
    assert view.hits[0][0] == 16


def test_outline_entry_jumps_to_its_page(qtbot: QtBot, tmp_path) -> None:
    pane = PdfPane()
    qtbot.addWidget(pane)
    pane.resize(1000, 900)
    pane.show()
    with qtbot.waitSignal(pane.view.page_rendered, timeout=5000):
        pane.open(pdf_factory.outline_pdf(tmp_path / "toc.pdf", pages=12))
    assert pane.outline_action.isEnabled()
    pane.outline_action.setChecked(True)
    qtbot.waitUntil(lambda: pane.outline.isVisible() and pane.outline.width() > 50, timeout=5000)
    results = pane.outline.findItems("Results", Qt.MatchFlag.MatchExactly)[0]
    rect = pane.outline.visualItemRect(results)
    wait_for_page(
        qtbot,
        pane.view,
        8,
        lambda: qtbot.mouseClick(
            pane.outline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
        ),
    )
    assert pane.view.current_page == 8
    assert pane.page_box.value() == 9
    pane.page_box.setValue(3)
    assert pane.view.current_page == 2
    pane.view.shutdown()


def test_internal_link_click_jumps(qtbot: QtBot, open_view, tmp_path) -> None:
    view = open_view(pdf_factory.linked_pdf(tmp_path / "links.pdf"))
    view.set_zoom(1.0)
    wait_for_links(qtbot, view, 0)
    spot = page_point(view, 0, 100, 310)
    wait_for_page(
        qtbot,
        view,
        7,
        lambda: qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot),
    )
    assert view.current_page == 7


def test_external_links_open_only_for_the_web(qtbot: QtBot, open_view, tmp_path) -> None:
    catcher = UrlCatcher()
    for scheme in ("https", "http", "javascript", "file"):
        QDesktopServices.setUrlHandler(scheme, catcher, "catch")
    try:
        view = open_view(pdf_factory.linked_pdf(tmp_path / "links.pdf"))
        view.set_zoom(1.0)
        wait_for_links(qtbot, view, 0)
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=page_point(view, 0, 100, 350)
        )
        assert catcher.urls == ["https://example.org/paper"]
        view.go_to_page(1)
        wait_for_links(qtbot, view, 1)
        (script,) = view.links_on_page(1)
        assert view.follow_link(script) is False
        assert catcher.urls == ["https://example.org/paper"]
    finally:
        for scheme in ("https", "http", "javascript", "file"):
            QDesktopServices.unsetUrlHandler(scheme)


def test_drag_selects_text_and_copy_puts_it_on_the_clipboard(
    qtbot: QtBot, open_view, tmp_path
) -> None:
    view = open_view(pdf_factory.text_pdf(tmp_path / "a.pdf", pages=2))
    view.set_zoom(1.0)
    view.go_to_page(0)
    wait_for_links(qtbot, view, 0)
    start = page_point(view, 0, 74, 65)
    end = page_point(view, 0, 165, 117)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), pos=end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(lambda: bool(view.selected_text()), timeout=5000)
    assert view.selected_text() == "Heading of page 1\nThe quick brown fox"
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "Heading of page 1\nThe quick brown fox"


def test_dark_mode_inverts_the_page(qtbot: QtBot, open_view, tmp_path) -> None:
    view = open_view(pdf_factory.text_pdf(tmp_path / "a.pdf", pages=1))
    blank = page_point(view, 0, 500, 700)
    assert view.viewport().grab().toImage().pixelColor(blank).lightness() > 240
    view.set_dark(True)
    assert view.viewport().grab().toImage().pixelColor(blank).lightness() < 40


@pytest.mark.parametrize(
    ("make", "message", "needs_password"),
    [
        (pdf_factory.empty_file, "is empty", False),
        (pdf_factory.html_named_pdf, "is not a PDF", False),
        (pdf_factory.zero_page_pdf, "no pages", False),
        (pdf_factory.encrypted_pdf, "password", True),
    ],
)
def test_bad_pdfs_show_a_message_instead_of_pages(
    qtbot: QtBot, open_view, tmp_path, make, message, needs_password
) -> None:
    path = make(tmp_path / "bad.pdf")
    view = open_view(path, wait=False)
    with qtbot.waitSignal(view.document_failed, timeout=5000) as blocker:
        pass
    assert message in blocker.args[0]
    assert blocker.args[1] is needs_password
    assert message in view.message
    assert view.page_count == 0


def test_encrypted_pdf_opens_with_its_password(qtbot: QtBot, open_view, tmp_path) -> None:
    view = open_view(pdf_factory.encrypted_pdf(tmp_path / "locked.pdf"), wait=False)
    qtbot.waitUntil(lambda: "password" in view.message, timeout=5000)
    with qtbot.waitSignal(view.document_failed, timeout=5000) as blocker:
        view.unlock("guess")
    assert "does not open" in blocker.args[0]
    with qtbot.waitSignal(view.page_rendered, timeout=5000):
        view.unlock("reader")
    assert view.page_count == 2


def test_truncated_pdf_shows_what_survived(qtbot: QtBot, open_view, tmp_path) -> None:
    view = open_view(pdf_factory.truncated_pdf(tmp_path / "cut.pdf"), wait=False)
    qtbot.waitUntil(lambda: view.info is not None or "damaged" in view.message, timeout=5000)
    if view.info is not None:
        assert view.info.repaired


def test_cache_stays_within_its_budget(qtbot: QtBot, open_view, tmp_path) -> None:
    page_bytes = 595 * 842 * 4
    view = open_view(
        pdf_factory.text_pdf(tmp_path / "long.pdf", pages=40), cache_budget=6 * page_bytes
    )
    view.set_zoom(1.0)
    for page in range(3, 40, 3):
        wait_for_page(qtbot, view, page, lambda page=page: view.go_to_page(page))
        assert view.cache.size_in_bytes <= view.cache.budget + page_bytes
    assert len(view.cache) <= 7


def test_an_enormous_page_is_shown_at_a_bounded_resolution(
    qtbot: QtBot, open_view, tmp_path
) -> None:
    poster = pdf_factory.text_pdf(tmp_path / "poster.pdf", pages=2, size=(14_000, 14_000))
    view = open_view(poster)
    view.set_zoom(1.0)
    qtbot.waitUntil(lambda: view.cache.get((0, view.render_scale())) is not None, timeout=10000)
    image = view.cache.get((0, view.render_scale()))
    assert image.width() * image.height() <= MAX_RENDER_PIXELS * 1.01
    assert view.page_rect(0).width() == pytest.approx(14_000)
