"""The PDF side of a reader tab: toolbar, find bar, password prompt, outline and the view.

The view knows pages; this pane is the chrome a reader reaches for — page box,
zoom, fit, outline, dark mode, find — so the view stays testable on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readinglist_gui.core.pdf import OutlineItem
from readinglist_gui.ui.reader.pdf_view import FIT_PAGE, FIT_WIDTH, PdfView
from readinglist_gui.ui.reader.render_thread import DocumentInfo

_PAGE_ROLE = Qt.ItemDataRole.UserRole


class OutlinePanel(QTreeWidget):
    """The table of contents; activating an entry asks for its page."""

    page_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfOutline")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)

    def set_outline(self, items: list[OutlineItem]) -> None:
        self.clear()
        parents: list[QTreeWidgetItem] = []
        for entry in items:
            del parents[max(entry.level - 1, 0) :]
            parent = parents[-1] if parents else self.invisibleRootItem()
            node = QTreeWidgetItem(parent, [entry.title or "(untitled)"])
            node.setData(0, _PAGE_ROLE, entry.page)
            if entry.page >= 0:
                node.setToolTip(0, f"Page {entry.page + 1}")
            parents.append(node)
        self.expandToDepth(0)

    def _activate(self, item: QTreeWidgetItem) -> None:
        page = item.data(0, _PAGE_ROLE)
        if isinstance(page, int) and page >= 0:
            self.page_activated.emit(page)


class FindBar(QWidget):
    """Type to search; Enter and Shift+Enter step through hits; Escape closes."""

    def __init__(self, view: PdfView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfFindBar")
        self._view = view
        self.field = QLineEdit(self)
        self.field.setObjectName("pdfFindField")
        self.field.setPlaceholderText("Find in document")
        self.field.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.status.setObjectName("pdfFindStatus")
        previous = _tool_button(self, "↑", "Previous match (Shift+Enter)")
        following = _tool_button(self, "↓", "Next match (Enter)")
        close = _tool_button(self, "✕", "Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for widget in (self.field, previous, following, self.status):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(close)
        self.field.textChanged.connect(view.find_text)
        self.field.returnPressed.connect(self._enter)
        previous.clicked.connect(view.find_previous)
        following.clicked.connect(view.find_next)
        close.clicked.connect(self.close_bar)
        view.find_status.connect(self._show_status)

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def show_terms(self, terms: Sequence[str]) -> None:
        """Show the bar with the words a full-text search found (the view searches them)."""
        self.field.blockSignals(True)
        self.field.setText(" ".join(terms))
        self.field.blockSignals(False)
        self.show()

    def close_bar(self) -> None:
        self.hide()
        self._view.clear_find()
        self._view.setFocus()

    def _enter(self) -> None:
        if QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._view.find_previous()
        else:
            self._view.find_next()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)

    def _show_status(self, current: int, total: int, finished: bool) -> None:
        if not self.field.text().strip():
            self.status.setText("")
        elif total:
            self.status.setText(f"{current} of {total}" + ("" if finished else "…"))
        else:
            self.status.setText("No matches" if finished else "Searching…")


def _tool_button(parent: QWidget, text: str, tip: str = "") -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    return button


class PasswordBar(QWidget):
    """Shown instead of an error when a password would open the PDF."""

    def __init__(self, view: PdfView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPasswordBar")
        self._view = view
        self.field = QLineEdit(self)
        self.field.setObjectName("pdfPasswordField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("Password")
        unlock = _tool_button(self, "Unlock")
        self.label = QLabel("This PDF is protected by a password.", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.label)
        layout.addWidget(self.field, 1)
        layout.addWidget(unlock)
        self.field.returnPressed.connect(self.unlock)
        unlock.clicked.connect(self.unlock)

    def unlock(self) -> None:
        password = self.field.text()
        self.field.clear()
        self._view.unlock(password)


class PdfPane(QWidget):
    """Everything on the PDF side of the reader, around one :class:`PdfView`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = PdfView(self)
        self.outline = OutlinePanel(self)
        self.find_bar = FindBar(self.view, self)
        self.password_bar = PasswordBar(self.view, self)
        self.notice = QLabel(self)
        self.notice.setObjectName("pdfNotice")
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(8, 4, 8, 4)
        self.page_box = QSpinBox(self)
        self.page_box.setObjectName("pdfPageBox")
        self.page_box.setKeyboardTracking(False)
        self.page_box.setRange(0, 0)
        self.page_total = QLabel("of 0", self)
        self.zoom_label = QLabel("100 %", self)
        self.zoom_label.setMinimumWidth(48)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("pdfToolbar")
        self._build_toolbar()

        self.body = QSplitter(Qt.Orientation.Horizontal, self)
        self.body.addWidget(self.outline)
        self.body.addWidget(self.view)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([200, 800])
        self.body.setChildrenCollapsible(True)
        self.outline.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget in (self.toolbar, self.password_bar, self.notice, self.find_bar):
            layout.addWidget(widget)
        layout.addWidget(self.body, 1)
        self.find_bar.hide()
        self.password_bar.hide()
        self.notice.hide()

        self.view.document_opened.connect(self._opened)
        self.view.document_failed.connect(self._failed)
        self.view.current_page_changed.connect(self._page_changed)
        self.view.zoom_changed.connect(self._zoom_changed)
        self.page_box.valueChanged.connect(self._page_box_changed)
        self.outline.page_activated.connect(self.view.go_to_page)

    def _build_toolbar(self) -> None:
        bar = self.toolbar
        bar.setIconSize(bar.iconSize() * 0.8)
        self.outline_action = self._action("Contents", "Show the table of contents", "F9")
        self.outline_action.setCheckable(True)
        self.outline_action.setEnabled(False)
        self.outline_action.toggled.connect(lambda on: self.outline.setVisible(on))
        bar.addAction(self.outline_action)
        bar.addSeparator()
        bar.addWidget(self.page_box)
        bar.addWidget(self.page_total)
        bar.addSeparator()
        out = self._action("\u2212", "Zoom out (-)", QKeySequence.StandardKey.ZoomOut)
        out.triggered.connect(self.view.zoom_out)
        zoom_in = self._action("+", "Zoom in (+)", QKeySequence.StandardKey.ZoomIn)
        zoom_in.triggered.connect(self.view.zoom_in)
        bar.addAction(out)
        bar.addWidget(self.zoom_label)
        bar.addAction(zoom_in)
        self.fit_width_action = self._action("Fit width", "Fit the page width (Ctrl+1)")
        self.fit_width_action.setCheckable(True)
        self.fit_width_action.triggered.connect(self.view.fit_width)
        self.fit_page_action = self._action("Fit page", "Fit the whole page (Ctrl+2)")
        self.fit_page_action.setCheckable(True)
        self.fit_page_action.triggered.connect(self.view.fit_page)
        bar.addAction(self.fit_width_action)
        bar.addAction(self.fit_page_action)
        bar.addSeparator()
        self.dark_action = self._action("Dark", "Dark reading mode: invert the pages")
        self.dark_action.setCheckable(True)
        self.dark_action.toggled.connect(self.view.set_dark)
        bar.addAction(self.dark_action)
        self.find_action = self._action("Find", "Find in document (Ctrl+F)")
        self.find_action.triggered.connect(self.find_bar.open_bar)
        bar.addAction(self.find_action)

    def _action(self, text: str, tip: str, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        return action

    def open(self, path: Path, read_marks: bool = False) -> None:
        self.password_bar.hide()
        self.notice.hide()
        self.view.open(path, read_marks=read_marks)

    def _opened(self, info: DocumentInfo) -> None:
        self.password_bar.hide()
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, info.page_count)
        self.page_box.setValue(self.view.current_page + 1)
        self.page_box.blockSignals(False)
        self.page_total.setText(f"of {info.page_count}")
        self.outline.set_outline(info.outline)
        self.outline_action.setEnabled(bool(info.outline))
        if info.repaired:
            self.notice.setText(
                "This PDF is damaged or incomplete; some pages may be missing or blank."
            )
            self.notice.show()

    def _failed(self, message: str, needs_password: bool) -> None:
        self.password_bar.label.setText(message)
        self.password_bar.setVisible(needs_password)
        if needs_password:
            self.password_bar.field.setFocus()
        self.page_box.setRange(0, 0)
        self.page_total.setText("of 0")
        self.outline.clear()
        self.outline_action.setEnabled(False)

    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)

    def _page_box_changed(self, value: int) -> None:
        if value >= 1:
            self.view.go_to_page(value - 1)

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)} %")
        self.fit_width_action.setChecked(self.view.fit_mode == FIT_WIDTH)
        self.fit_page_action.setChecked(self.view.fit_mode == FIT_PAGE)
