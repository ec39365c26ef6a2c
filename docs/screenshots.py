"""Make the README screenshots in a real X server: ``make screenshots`` (needs Xvfb).

The images must show what a user sees, so the script drives the real window on
a fresh library filled by the same code as the window's "Open the sample
library" button, and grabs the window from the X screen rather than asking Qt
to paint it offscreen. Xvfb has no desktop to supply a theme, so the script
plays one: Qt's Fusion style with a readable UI font and, for the dark shots,
Fusion's dark palette — what Qt itself uses under a dark desktop — set before
the window is built, as the app would find it at start-up.

Run it under ``xvfb-run -a -s "-screen 0 1600x1000x24"``; it needs no network.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QColor, QCursor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

# A checkout works without installing the package: the script runs from docs/.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from readinglist_gui.app import APP_NAME, create_main_window
from readinglist_gui.ui.icons import app_icon
from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.reader import ReaderTab

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1440, 900)
"""Big enough for every table column without a horizontal scroll bar."""
SIDEBAR = 290
"""Wide enough for the sample's list and section names, as a user would drag it."""
FONTS = ("Inter", "Noto Sans", "DejaVu Sans")
"""UI fonts in order of preference; a desktop would hand Qt one of these."""
FONT_POINTS = 10
SHOWN_LIST = "LLM Systems Seminar"
SHOWN_PAPER = "2309.06180"
"""arXiv id of the paper selected and opened: it has a demo PDF and a note in the sample."""
MORE_NOTES = """

## Take-aways

- near-zero waste: under **4 %** of KV memory lost
- `copy-on-write` shares blocks across beams in parallel sampling
- 2 to 4 times the throughput of earlier systems at the same latency, see [p. 1](page:1)

> How does the block size interact with prefix caching?
"""
"""Typed under the sample's note in the reader, to show the Markdown preview with a page link."""


def wait_until(done: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Let the event loop run until ``done()``; background queries and renders report late."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        QTest.qWait(20)


def settle(ms: int = 400) -> None:
    """Give repaints, debounces and fade-ins time to finish before a grab."""
    QTest.qWait(ms)


def fusion_palette(dark: bool) -> QPalette:
    """Fusion's own light or dark palette (Qt's ``qt_fusionPalette``), spelled out.

    Qt picks the dark one only when the platform theme reports a dark desktop,
    which Xvfb never does, so the colours are set here the way Qt would set them.
    """
    style = QApplication.style()
    if not dark:
        return style.standardPalette()
    window = QColor(50, 50, 50)
    text = QColor(240, 240, 240)
    base = QColor(36, 36, 36)
    highlight = QColor(48, 140, 198)
    disabled = QColor(130, 130, 130)
    palette = QPalette(
        text, window, QColor(75, 75, 75), QColor(33, 33, 33), QColor(38, 38, 38), text, base
    )
    roles = {
        QPalette.ColorRole.Midlight: QColor(42, 42, 42),
        QPalette.ColorRole.Button: window,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.Shadow: QColor(25, 25, 25),
        QPalette.ColorRole.AlternateBase: QColor(43, 43, 43),
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: text,
        QPalette.ColorRole.Accent: highlight,
        QPalette.ColorRole.Link: highlight,
        QPalette.ColorRole.LinkVisited: QColor(160, 120, 210),
        QPalette.ColorRole.ToolTipBase: QColor(60, 60, 60),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(240, 240, 240, 128),
    }
    for role, color in roles.items():
        palette.setColor(role, color)
    group = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(group, role, disabled)
    palette.setColor(group, QPalette.ColorRole.Base, window)
    palette.setColor(group, QPalette.ColorRole.Highlight, QColor(145, 145, 145))
    return palette


def make_app() -> QApplication:
    """The application as ``run_gui`` builds it, on Fusion with a desktop-like font."""
    if not os.environ.get("DISPLAY") and "QT_QPA_PLATFORM" not in os.environ:
        raise SystemExit(
            'screenshots: no X display; run under xvfb-run -a -s "-screen 0 1600x1000x24"'
        )
    app = QApplication([sys.argv[0], "-style", "Fusion"])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("Reading List")
    app.setWindowIcon(app_icon())
    families = set(QFontDatabase.families())
    family = next((name for name in FONTS if name in families), None)
    if family:
        app.setFont(QFont(family, FONT_POINTS))
    return app


def open_window(folder: Path) -> MainWindow:
    """A window on an empty library, filled through the empty state's sample button."""
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = create_main_window(folder / "library", settings=settings)
    window.resize(*SIZE)
    window.move(0, 0)
    sizes = window.splitter.sizes()
    window.splitter.setSizes([SIDEBAR, sum(sizes) - SIDEBAR])
    window.show()
    window.activateWindow()
    wait_until(lambda: window.isVisible() and window.is_settled(), "the empty window")
    reports: list[object] = []
    window.importFinished.connect(reports.append)
    window.empty_state.sample_button.click()
    wait_until(lambda: bool(reports), "the sample library to load", timeout=60)
    for box in window.findChildren(QMessageBox):
        box.done(0)
    window.statusBar().clearMessage()  # the import summary fades after a few seconds anyway
    window.edits.notice.hide()  # and so does the offer to undo the sample
    wait_until(window.is_settled, "the first query")
    settle()
    return window


def show_library(window: MainWindow) -> None:
    """One reading list expanded and one paper selected, so every pane has something in it."""
    library = window.library
    info = next(item for item in library.lists() if item.name == SHOWN_LIST)
    window.sidebar.tree.select_list(info.id)
    window.sidebar.tree.expand(window.sidebar.tree.currentIndex())
    wait_until(window.is_settled, "the list's papers")
    paper_id = find_paper(window)
    wait_until(lambda: window.model.row_of(paper_id) is not None, "the paper's row")
    window.table.select_ids([paper_id])
    window.table.setFocus()
    wait_until(window.is_settled, "the details pane")
    settle()


def find_paper(window: MainWindow) -> int:
    """The id of ``SHOWN_PAPER`` in this library."""
    for paper_id in window.model.ids():
        detail = window.library.paper(paper_id)
        if detail is not None and detail.arxiv_id == SHOWN_PAPER:
            return paper_id
    raise SystemExit(f"screenshots: the sample has no paper {SHOWN_PAPER}")


def show_reader(window: MainWindow, dark: bool) -> None:
    """The paper's reader: the demo PDF beside its note, rendered crisp."""
    paper_id = find_paper(window)
    window.open_paper(paper_id)
    reader = window.tabs.currentWidget()
    if not isinstance(reader, ReaderTab):
        raise SystemExit("screenshots: the paper did not open in a reader tab")
    view = reader.view
    # A dark desktop's reader would have its dark reading mode on.
    reader.pdf.dark_action.setChecked(dark)
    reader.editor.setPlainText(reader.editor.toPlainText().rstrip() + MORE_NOTES)
    reader.notes.show_preview()
    wait_until(lambda: view.info is not None, "the PDF to open")
    view.fit_page()

    def crisp() -> bool:
        scale = view.render_scale()
        return all((page, scale) in view.cache for page in view.visible_pages())

    wait_until(crisp, "the pages to render")
    settle()


HIGHLIGHTED = (
    ("Page through it to see the reading position", "yellow", "The table shows where I stopped."),
    ("write a note beside it", "green", ""),
    ("come back later", "pink", "Position and note survive a restart."),
)
"""Passages of the demo PDF's first page highlighted for the highlights shot, with comments."""


def show_highlights(window: MainWindow) -> None:
    """The open reader with a few highlights, one chosen in the Highlights panel."""
    import pymupdf

    from readinglist_gui.core.records import HighlightColor, HighlightRecord
    from readinglist_gui.core.writes import AddHighlight

    reader = window.tabs.currentWidget()
    if not isinstance(reader, ReaderTab):
        raise SystemExit("screenshots: no reader is open")
    path = window.library.pdf_path(reader.paper_id)
    assert path is not None
    with pymupdf.open(path) as document:
        page = document[0]
        for text, color, comment in HIGHLIGHTED:
            lines = tuple(tuple(rect) for rect in page.search_for(text))
            record = HighlightRecord(0, text, lines, HighlightColor(color), comment)
            window.library.write(AddHighlight(reader.paper_id, record))
    wait_until(lambda: len(reader.highlighting.highlights) == len(HIGHLIGHTED), "highlights")
    reader.notes.show_highlights()
    chosen = reader.highlighting.highlights[-1]
    reader.notes.highlights.select(chosen.id)
    reader.highlighting.jump_to(chosen)
    reader.view.fit_width()
    reader.view.go_to_page(0)
    view = reader.view

    def crisp() -> bool:
        scale = view.render_scale()
        return all((page, scale) in view.cache for page in view.visible_pages())

    wait_until(crisp, "the pages to render")
    settle()


def grab(window: MainWindow, name: str, out: Path) -> None:
    """Save the window as the X server shows it (the screen, not an offscreen repaint)."""
    QCursor.setPos(QPoint(SIZE[0] + 50, SIZE[1] + 50))  # no hover highlight in the shot
    window.raise_()
    window.repaint()
    settle(200)
    screen = window.screen() or QGuiApplication.primaryScreen()
    pixmap = screen.grabWindow(window.winId())
    path = out / f"{name}.png"
    if not pixmap.save(str(path)):
        raise SystemExit(f"screenshots: could not write {path}")
    print(f"wrote {path} ({pixmap.width()}x{pixmap.height()})")


def shoot(app: QApplication, dark: bool, out: Path) -> None:
    """The library and reader shots for one colour scheme, on a library of their own."""
    app.setPalette(fusion_palette(dark))
    suffix = "-dark" if dark else ""
    with tempfile.TemporaryDirectory(prefix="readinglist-shots-") as scratch:
        window = open_window(Path(scratch))
        try:
            show_library(window)
            grab(window, f"main-window{suffix}", out)
            show_reader(window, dark)
            grab(window, f"reader{suffix}", out)
            show_highlights(window)
            grab(window, f"highlights{suffix}", out)
        finally:
            window.close()
            window.library.close()
            window.deleteLater()
            settle(100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    parser.add_argument("--only", choices=("light", "dark"), help="make one scheme's shots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    for dark in (False, True):
        if args.only in (None, "dark" if dark else "light"):
            shoot(app, dark, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
