"""The Highlights panel beside the notes: every highlight of the paper, in reading order.

Clicking one jumps the PDF to it; below the list its colour can be changed,
its comment written (saved when the comment box loses the focus, or with
Ctrl+Enter) and it can be deleted. The panel only asks (signals); the reader
does the writing, through its undo stack.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readinglist_gui.core.highlights import COLORS, Highlight, quote
from readinglist_gui.core.records import HighlightColor

HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole
COLOR_NAMES = {
    HighlightColor.YELLOW: "Yellow",
    HighlightColor.GREEN: "Green",
    HighlightColor.BLUE: "Blue",
    HighlightColor.PINK: "Pink",
}
COLOR_KEYS = {
    HighlightColor.YELLOW: "1",
    HighlightColor.GREEN: "2",
    HighlightColor.BLUE: "3",
    HighlightColor.PINK: "4",
}
TEXT_LINES = 3
PADDING = 6
BAR = 4
"""Width of the colour bar at each entry's left edge."""
EMPTY = (
    "No highlights yet.\n\nSelect text in the PDF, then press 1 to 4 for a colour, "
    "or right-click it. Highlights already in an attached PDF appear here too."
)


def qcolor(color: HighlightColor, alpha: int = 255) -> QColor:
    red, green, blue = COLORS[color]
    return QColor.fromRgbF(red, green, blue, alpha / 255)


class HighlightModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._highlights: list[Highlight] = []

    def set_highlights(self, highlights: list[Highlight]) -> None:
        self.beginResetModel()
        self._highlights = list(highlights)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._highlights)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        highlight = self._highlights[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return quote(highlight.text) or highlight.comment
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Page {highlight.page + 1}: click to go there"
        if role == HIGHLIGHT_ROLE:
            return highlight
        return None

    def row_of(self, highlight_id: int) -> int | None:
        for row, highlight in enumerate(self._highlights):
            if highlight.id == highlight_id:
                return row
        return None


class HighlightDelegate(QStyledItemDelegate):
    """A colour bar, the page, up to three lines of the passage, and the comment's first line."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        highlight: Highlight = index.data(HIGHLIGHT_ROLE)
        metrics = QFontMetrics(option.font)
        width = max(option.rect.width(), 200) - BAR - 3 * PADDING
        passage = self._passage_rect(metrics, width, quote(highlight.text))
        lines = 1 + (1 if highlight.comment else 0)
        return QSize(width, 2 * PADDING + passage.height() + lines * metrics.lineSpacing())

    @staticmethod
    def _passage_rect(metrics: QFontMetrics, width: int, text: str) -> QRect:
        if not text:
            return QRect(0, 0, width, 0)
        bounds = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
        height = min(bounds.height(), TEXT_LINES * metrics.lineSpacing())
        return QRect(0, 0, width, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        highlight: Highlight = index.data(HIGHLIGHT_ROLE)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        painter.fillRect(
            QRect(rect.x(), rect.y() + 2, BAR, rect.height() - 4), qcolor(highlight.color)
        )
        ink = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(ink)
        muted.setAlphaF(0.65)
        font: QFont = QFont(option.font)
        metrics = QFontMetrics(font)
        x = rect.x() + BAR + 2 * PADDING
        width = rect.width() - BAR - 3 * PADDING
        y = rect.y() + PADDING
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.9, 6.0))
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawText(QRect(x, y, width, metrics.lineSpacing()), 0, f"p. {highlight.page + 1}")
        y += metrics.lineSpacing()
        passage = quote(highlight.text)
        box = self._passage_rect(metrics, width, passage).translated(x, y)
        if passage:
            painter.setFont(font)
            painter.setPen(ink)
            painter.setClipRect(box)
            painter.drawText(box, Qt.TextFlag.TextWordWrap, passage)
            painter.setClipping(False)
            y += box.height()
        if highlight.comment:
            italic = QFont(font)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.setPen(muted if passage else ink)
            first = highlight.comment.strip().splitlines()[0] if highlight.comment.strip() else ""
            line = QFontMetrics(italic).elidedText(first, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(x, y, width, metrics.lineSpacing()), 0, line)
        painter.restore()


class CommentBox(QPlainTextEdit):
    """The selected highlight's comment; ``commit`` fires on leaving it or on Ctrl+Enter."""

    commit = Signal()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.commit.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: Any) -> None:
        self.commit.emit()
        super().focusOutEvent(event)


class HighlightsPanel(QWidget):
    jump_requested = Signal(object)  # Highlight
    recolor_requested = Signal(object, object)  # Highlight, HighlightColor
    comment_edited = Signal(object, str)  # Highlight, the new comment
    delete_requested = Signal(object)  # Highlight
    save_pdf_requested = Signal()
    count_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightsPanel")
        self.model = HighlightModel(self)
        self.list = QListView(self)
        self.list.setObjectName("highlightsList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HighlightDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.empty = QLabel(EMPTY, self)
        self.empty.setObjectName("highlightsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setContentsMargins(16, 16, 16, 16)
        self.color_buttons: dict[HighlightColor, QToolButton] = {}
        colors = QHBoxLayout()
        colors.setContentsMargins(6, 4, 6, 0)
        for color in HighlightColor:
            button = QToolButton(self)
            button.setObjectName(f"highlightColor{COLOR_NAMES[color]}")
            button.setToolTip(f"{COLOR_NAMES[color]} ({COLOR_KEYS[color]} in the PDF)")
            button.setAccessibleName(f"Colour the highlight {COLOR_NAMES[color].lower()}")
            button.setFixedSize(22, 22)
            button.setStyleSheet(
                f"QToolButton {{ background: {qcolor(color).name()}; border-radius: 11px; "
                "border: 1px solid palette(mid); }"
            )
            button.clicked.connect(lambda _checked=False, c=color: self._recolor(c))
            colors.addWidget(button)
            self.color_buttons[color] = button
        colors.addStretch(1)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setObjectName("deleteHighlightButton")
        self.delete_button.setToolTip("Delete the highlight (Delete)")
        self.delete_button.clicked.connect(self._delete)
        colors.addWidget(self.delete_button)
        self.comment = CommentBox(self)
        self.comment.setObjectName("highlightComment")
        self.comment.setPlaceholderText("A comment on this highlight (saved as you leave the box)")
        self.comment.setMaximumHeight(90)
        self.comment.commit.connect(self._commit_comment)
        self.save_button = QPushButton("Save PDF with Highlights…", self)
        self.save_button.setObjectName("savePdfWithHighlights")
        self.save_button.clicked.connect(self.save_pdf_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(colors)
        layout.addWidget(self.comment)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(6, 0, 6, 0)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        self.list.installEventFilter(self)
        self._shown_id: int | None = None
        self._show_current(None)
        self._refresh_empty()

    # ---------------------------------------------------------------- contents

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """Show these, keeping the selected highlight selected if it is still there."""
        keep = self._shown_id
        self.list.selectionModel().blockSignals(True)
        self.model.set_highlights(highlights)
        self.list.selectionModel().blockSignals(False)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))
            self._show_current(self.current(), keep_text=self.comment.hasFocus())
        else:
            self._show_current(None)
        self._refresh_empty()
        self.count_changed.emit(len(highlights))

    def highlights(self) -> list[Highlight]:
        return [self.model.index(row).data(HIGHLIGHT_ROLE) for row in range(self.model.rowCount())]

    def current(self) -> Highlight | None:
        index = self.list.currentIndex()
        return index.data(HIGHLIGHT_ROLE) if index.isValid() else None

    def select(self, highlight_id: int) -> bool:
        """Select a highlight by id; False if the panel does not show it (yet)."""
        row = self.model.row_of(highlight_id)
        if row is None:
            return False
        self.list.setCurrentIndex(self.model.index(row))
        self.list.scrollTo(self.model.index(row))
        return True

    def edit_comment(self, highlight_id: int) -> bool:
        """Select a highlight and put the cursor in its comment."""
        if not self.select(highlight_id):
            return False
        self.comment.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _refresh_empty(self) -> None:
        empty = self.model.rowCount() == 0
        self.list.setVisible(not empty)
        self.empty.setVisible(empty)

    # ---------------------------------------------------------------- reacting

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._commit_comment()
        self._show_current(current.data(HIGHLIGHT_ROLE) if current.isValid() else None)

    def _show_current(self, highlight: Highlight | None, keep_text: bool = False) -> None:
        self._shown_id = None if highlight is None else highlight.id
        for button in (*self.color_buttons.values(), self.delete_button):
            button.setEnabled(highlight is not None)
        self.comment.setEnabled(highlight is not None)
        if not keep_text:
            self.comment.blockSignals(True)
            self.comment.setPlainText("" if highlight is None else highlight.comment)
            self.comment.blockSignals(False)

    def _clicked(self, index: QModelIndex) -> None:
        highlight = index.data(HIGHLIGHT_ROLE)
        if highlight is not None:
            self.jump_requested.emit(highlight)

    def _commit_comment(self) -> None:
        highlight = self._shown_highlight()
        if highlight is None:
            return
        text = self.comment.toPlainText().strip()
        if text != highlight.comment:
            self.comment_edited.emit(highlight, text)

    def _shown_highlight(self) -> Highlight | None:
        if self._shown_id is None:
            return None
        row = self.model.row_of(self._shown_id)
        return None if row is None else self.model.index(row).data(HIGHLIGHT_ROLE)

    def _recolor(self, color: HighlightColor) -> None:
        highlight = self.current()
        if highlight is not None and highlight.color is not color:
            self.recolor_requested.emit(highlight, color)

    def _delete(self) -> None:
        highlight = self.current()
        if highlight is not None:
            self.delete_requested.emit(highlight)

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and (
                event.matches(QKeySequence.StandardKey.Delete)
                or event.key() == Qt.Key.Key_Backspace
            )
        ):
            self._delete()
            return True
        return super().eventFilter(watched, event)
