"""The search field: search as you type, without a query per keystroke, in one of two scopes.

Typing restarts a short timer and only the pause runs the query, so a fast
typist costs one search, not one per letter; Esc clears the field.

The field searches either the library (titles, authors, notes, tags: the
table filters) or the text of the PDFs (results replace the table). The scope
is chosen from a small menu on the field's leading icon, which Alt+Down also
opens; whoever shows results asks ``library_text`` or ``pdf_text``, so the
library's table is never filtered by words meant for the PDFs.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QMenu, QWidget

from readinglist_gui.ui.icons import icon, set_themed_icon

DEBOUNCE_MS = 30


class SearchScope(Enum):
    LIBRARY = "library"
    PDF_TEXT = "pdf_text"


_PLACEHOLDERS = {
    SearchScope.LIBRARY: "Search titles, authors, abstracts, notes and tags  (Ctrl+F)",
    SearchScope.PDF_TEXT: "Search the text of PDFs  (Ctrl+Shift+F)",
}
_ICONS = {SearchScope.LIBRARY: "search", SearchScope.PDF_TEXT: "search-text"}
_NAMES = {
    SearchScope.LIBRARY: "Search papers",
    SearchScope.PDF_TEXT: "Search the text of PDFs",
}


class SearchBox(QLineEdit):
    searchChanged = Signal(str)
    """The settled text, after the debounce."""
    scopeChanged = Signal(object)
    """The ``SearchScope`` chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self._scope = SearchScope.LIBRARY
        self.scope_menu = QMenu(self)
        self.scope_menu.setObjectName("searchScopeMenu")
        group = QActionGroup(self)
        self.scope_actions: dict[SearchScope, QAction] = {}
        for scope, text in (
            (SearchScope.LIBRARY, "Search &Library"),
            (SearchScope.PDF_TEXT, "Search &Text of PDFs"),
        ):
            action = self.scope_menu.addAction(text)
            action.setCheckable(True)
            action.setData(scope.value)
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, chosen=scope: self.set_scope(chosen))
            self.scope_actions[scope] = action
        self.scope_action = self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        set_themed_icon(self.scope_action, "search")
        self.scope_action.setToolTip("Choose what to search (Alt+Down)")
        self.scope_action.triggered.connect(self.open_scope_menu)
        self.setMinimumWidth(320)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.searchChanged.emit(self.text()))
        self.textChanged.connect(lambda _text: self._timer.start())
        self._show_scope()

    # -- the scope ----------------------------------------------------------------------
    def scope(self) -> SearchScope:
        return self._scope

    def set_scope(self, scope: SearchScope) -> None:
        if scope is self._scope:
            return
        self._scope = scope
        self._show_scope()
        self.scopeChanged.emit(scope)

    def library_text(self) -> str:
        """What the library's table is filtered by: nothing while the PDFs are searched."""
        return self.text() if self._scope is SearchScope.LIBRARY else ""

    def pdf_text(self) -> str:
        """What the text of the PDFs is searched for: nothing while the library is."""
        return self.text() if self._scope is SearchScope.PDF_TEXT else ""

    def open_scope_menu(self) -> None:
        self.scope_menu.popup(self.mapToGlobal(QPoint(0, self.height())))

    def _show_scope(self) -> None:
        self.scope_actions[self._scope].setChecked(True)
        set_themed_icon(self.scope_action, _ICONS[self._scope])
        self.setPlaceholderText(_PLACEHOLDERS[self._scope])
        self.setAccessibleName(_NAMES[self._scope])

    # -- typing -------------------------------------------------------------------------
    def is_pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Run a pending search now (used before actions that depend on the result)."""
        if self._timer.isActive():
            self._timer.stop()
            self.searchChanged.emit(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.flush()
            return
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.open_scope_menu()
            return
        super().keyPressEvent(event)
