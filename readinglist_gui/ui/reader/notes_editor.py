"""Markdown notes beside the PDF: an editor that saves itself and an offline preview.

Notes are the one thing in the app a reader cannot get back from anywhere else,
so the editor saves on a short throttle (never more than ``SAVE_DELAY_MS``
behind the keyboard, even while typing non-stop) as well as whenever the tab
loses sight of it. The preview renders with Qt's own Markdown support into a
document that refuses to load any resource, so a note can never reach the
network or the disk by embedding an image.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QRegularExpression, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from readinglist_gui.ui.reader.highlights_panel import HighlightsPanel
from readinglist_gui.ui.status_chip import is_dark

SAVE_DELAY_MS = 600
PAGE_SCHEME = "page"
_PAGE_PATH = re.compile(r"\d{1,6}")
_WEB_SCHEMES = ("http", "https")
NOTE_MARGIN = 10
"""Pixels around a note's text, written or rendered, so it never touches the frame."""


def page_link(page: int) -> str:
    """Markdown for a link to ``page`` (1-based, as printed in the page box)."""
    return f"[p. {page}]({PAGE_SCHEME}:{page})"


def quote_markdown(text: str, page: int) -> str:
    """A passage as a Markdown quote ending in a link to its page (1-based).

    The PDF's line breaks are layout, so the passage becomes one paragraph.
    """
    return f"> {' '.join(text.split())} {page_link(page)}"


def _format(color: str | None = None, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if color:
        fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


_INK = {
    # role: (on a light background, on a dark one); both keep 4.5:1 contrast or better.
    "heading": ("#1f5fbf", "#8ab4ff"),
    "list": ("#8a6d00", "#e3c15a"),
    "quote": ("#5c6670", "#a9b3bd"),
    "code": ("#a0522d", "#f0a476"),
    "link": ("#0a7d5a", "#5fd3a8"),
}


class MarkdownHighlighter(QSyntaxHighlighter):
    """Just enough colour to see structure while typing; the preview shows the real thing."""

    _IN_FENCE = 1

    def __init__(self, document: QTextDocument, *, dark: bool = False) -> None:
        super().__init__(document)
        self._dark: bool | None = None
        self._code = QTextCharFormat()
        self._rules: list[tuple[QRegularExpression, QTextCharFormat]] = []
        self.set_dark(dark)

    def set_dark(self, dark: bool) -> None:
        """Pick the colours for the background the editor now has, and recolour the text."""
        if dark == self._dark:
            return
        self._dark = dark

        def ink(role: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
            return _format(_INK[role][dark], bold=bold, italic=italic)

        code = ink("code")
        code.setFontFamilies(
            [QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()]
        )
        self._code = code
        self._rules = [
            (QRegularExpression(r"^#{1,6}\s.*$"), ink("heading", bold=True)),
            (QRegularExpression(r"^\s*(?:[-*+]|\d+[.)])\s"), ink("list", bold=True)),
            (QRegularExpression(r"^\s*>.*$"), ink("quote", italic=True)),
            (QRegularExpression(r"(\*\*|__)(?=\S).+?(?<=\S)\1"), _format(bold=True)),
            (
                QRegularExpression(r"(?<![*\w])([*_])(?=\S)[^*_]+?(?<=\S)\1(?![*\w])"),
                _format(italic=True),
            ),
            (QRegularExpression(r"`[^`]+`"), code),
            (QRegularExpression(r"\[[^\]]*\]\([^)\s]*\)"), ink("link")),
        ]
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        fence = text.lstrip().startswith("```")
        inside = self.previousBlockState() == self._IN_FENCE
        if inside or fence:
            self.setFormat(0, len(text), self._code)
            self.setCurrentBlockState(self._IN_FENCE if inside != fence else 0)
            return
        self.setCurrentBlockState(0)
        for pattern, fmt in self._rules:
            matches = pattern.globalMatch(text)
            while matches.hasNext():
                match = matches.next()
                self.setFormat(match.capturedStart(), match.capturedLength(), fmt)


class NotesEditor(QPlainTextEdit):
    """Plain-text Markdown editing; ``save_requested(text)`` fires at most ~0.6 s after a change."""

    save_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesEditor")
        self.document().setDocumentMargin(NOTE_MARGIN)
        self.setPlaceholderText("Notes in Markdown. Ctrl+Shift+P links the page you are reading.")
        self.setTabChangesFocus(False)
        self._highlighter = MarkdownHighlighter(self.document(), dark=is_dark(self.palette()))
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._changed)

    def set_note(self, markdown: str) -> None:
        """Show a stored note without treating it as an edit."""
        self.blockSignals(True)
        self.setPlainText(markdown)
        self.blockSignals(False)
        self._dirty = False
        self._timer.stop()

    def _changed(self) -> None:
        self._dirty = True
        # Not restarted on every key: a throttle, so non-stop typing still saves.
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Save now if anything changed since the last save."""
        self._timer.stop()
        if self._dirty:
            self._dirty = False
            self.save_requested.emit(self.toPlainText())

    def mark_unsaved(self) -> None:
        """A save failed: keep the text dirty and try again after the usual delay."""
        self._dirty = True
        self._timer.start()

    def insert_page_link(self, page: int) -> None:
        cursor = self.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        spacer = " " if before and not before.endswith(" ") else ""
        cursor.insertText(spacer + page_link(page))
        self.setTextCursor(cursor)

    def insert_quote(self, text: str, page: int) -> None:
        """Insert a passage as a quote with its page link at the cursor, as a paragraph of its
        own, and leave the cursor on a fresh line below it for a thought about it."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        before = cursor.block().text()[: cursor.positionInBlock()]
        if before.strip():
            cursor.insertText("\n\n")
        elif cursor.block().previous().isValid() and cursor.block().previous().text().strip():
            cursor.insertText("\n")
        cursor.insertText(quote_markdown(text, page) + "\n\n")
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def changeEvent(self, event: QEvent) -> None:
        """Follow the system switching between light and dark while the app runs."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._highlighter.set_dark(is_dark(self.palette()))

    def focusOutEvent(self, event) -> None:
        self.flush()
        super().focusOutEvent(event)


class OfflineDocument(QTextDocument):
    """A document that loads nothing: no remote images, no local files, nothing."""

    def loadResource(self, kind: int, url: QUrl | str) -> None:
        return None


class NotesPreview(QTextBrowser):
    """Rendered Markdown; page links jump the PDF, web links open in the browser."""

    page_link_activated = Signal(int)  # zero-based page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPreview")
        self.setDocument(OfflineDocument(self))
        self.document().setDocumentMargin(NOTE_MARGIN)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self.follow)

    def loadResource(self, kind: int, url: QUrl | str) -> None:
        return None

    def set_markdown(self, markdown: str) -> None:
        features = (
            QTextDocument.MarkdownFeature.MarkdownDialectGitHub
            | QTextDocument.MarkdownFeature.MarkdownNoHTML
        )
        self.document().setMarkdown(markdown, features)

    def follow(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == PAGE_SCHEME and _PAGE_PATH.fullmatch(url.path()):
            self.page_link_activated.emit(max(int(url.path()) - 1, 0))
        elif scheme in _WEB_SCHEMES and url.host():
            QDesktopServices.openUrl(url)


class NotesPane(QWidget):
    """Write and Preview tabs over one note, and the paper's highlights beside them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = NotesEditor(self)
        self.preview = NotesPreview(self)
        self.highlights = HighlightsPanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("notesTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.editor, "Write")
        self.tabs.addTab(self.preview, "Preview")
        self.tabs.addTab(self.highlights, "Highlights")
        self.highlights.count_changed.connect(self._count_highlights)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(self._tab_changed)

    def show_preview(self) -> None:
        self.tabs.setCurrentWidget(self.preview)

    def show_editor(self) -> None:
        self.tabs.setCurrentWidget(self.editor)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_highlights(self) -> None:
        self.tabs.setCurrentWidget(self.highlights)

    def _count_highlights(self, count: int) -> None:
        index = self.tabs.indexOf(self.highlights)
        self.tabs.setTabText(index, f"Highlights ({count})" if count else "Highlights")

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.preview:
            self.editor.flush()
            self.preview.set_markdown(self.editor.toPlainText())
