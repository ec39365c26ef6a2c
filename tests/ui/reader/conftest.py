"""Fixtures for the reader: a PDF view on real generated PDFs, torn down cleanly."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library
from readinglist_gui.ui.reader.pdf_view import PdfView
from readinglist_gui.ui.reader.reader_tab import ReaderTab

ViewFactory = Callable[..., PdfView]
TabFactory = Callable[..., ReaderTab]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Reader settings in an INI file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_view(qtbot: QtBot) -> Iterator[ViewFactory]:
    """Show a PdfView on a file and wait until its first page is on screen."""
    views: list[PdfView] = []

    def factory(path: Path, *, wait: bool = True, size=(800, 1000), **options) -> PdfView:
        view = PdfView(**options)
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        views.append(view)
        if wait:
            with qtbot.waitSignal(view.page_rendered, timeout=5000):
                view.open(path)
        else:
            view.open(path)
        return view

    yield factory
    for view in views:
        view.shutdown()


@pytest.fixture
def open_tab(qtbot: QtBot, library: Library, settings: QSettings) -> Iterator[TabFactory]:
    """Show a reader tab on a paper and, if it has a PDF, wait for its first page."""
    tabs: list[ReaderTab] = []

    def factory(paper_id: int, *, wait: bool = True) -> ReaderTab:
        tab = ReaderTab(library, paper_id, settings=settings)
        qtbot.addWidget(tab)
        tab.resize(1200, 900)
        tabs.append(tab)
        if wait and library.paper(paper_id).pdf_path is not None:
            with qtbot.waitSignal(tab.view.page_rendered, timeout=5000):
                tab.show()
        else:
            tab.show()
        qtbot.waitExposed(tab)
        return tab

    yield factory
    for tab in tabs:
        tab.close()
