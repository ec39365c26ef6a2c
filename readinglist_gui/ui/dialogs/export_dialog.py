"""File → Export…: which format, and which papers.

The dialog only turns the user's choice into an ``ExportChoice`` (a format,
a query and a title); the window runs the export in the background. Scopes
that make no sense right now (no reading list on screen, no tag chosen,
nothing selected) are offered but disabled, so the choice is always visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from readinglist_gui.core.exporters import FORMATS
from readinglist_gui.core.query import PaperQuery, SortKey

SELECTION_LIMIT = 30_000
"""Selected papers one export can name; SQLite binds at most 32,766 values per query."""


class Scope(StrEnum):
    LIBRARY = "library"
    LIST = "list"
    TAGS = "tags"
    SELECTION = "selection"


@dataclass(frozen=True, slots=True)
class ExportChoice:
    format: str
    query: PaperQuery | None
    """None for the whole library."""
    title: str
    notes: bool


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What is on screen when the dialog opens."""

    query: PaperQuery
    list_title: str
    """The reading list (and section) on screen, or empty."""
    selected: tuple[int, ...]


def scope_query(scope: Scope, context: ExportContext) -> PaperQuery | None:
    view = context.query
    match scope:
        case Scope.LIBRARY:
            return None
        case Scope.LIST:
            return PaperQuery(
                list_id=view.list_id,
                section_id=view.section_id,
                sort=SortKey.POSITION,
                descending=False,
            )
        case Scope.TAGS:
            return PaperQuery(tags=view.tags, tag_mode=view.tag_mode)
        case Scope.SELECTION:
            return PaperQuery(ids=context.selected)


class ExportDialog(QDialog):
    def __init__(self, context: ExportContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.setMinimumWidth(460)
        self._context = context
        query = context.query

        self.format_box = QComboBox(self)
        self.format_box.setObjectName("exportFormat")
        for name, spec in FORMATS.items():
            self.format_box.addItem(spec.label, name)

        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[Scope, QRadioButton] = {}
        tags = ", ".join(query.tags)
        selected = len(context.selected)
        scopes = {
            Scope.LIBRARY: ("The whole library", True),
            Scope.LIST: (
                f"Reading list: {context.list_title}" if context.list_title else "Reading list",
                query.list_id is not None,
            ),
            Scope.TAGS: (f"Tagged: {tags}" if tags else "Tagged", bool(query.tags)),
            Scope.SELECTION: (
                f"Selected papers ({selected:,})",
                0 < selected <= SELECTION_LIMIT,
            ),
        }
        scope_box = QVBoxLayout()
        for scope, (label, enabled) in scopes.items():
            button = QRadioButton(label, self)
            button.setObjectName(f"exportScope{scope.value.title()}")
            button.setEnabled(enabled)
            self.scope_group.addButton(button)
            self.scope_buttons[scope] = button
            scope_box.addWidget(button)
        default = next(s for s in (Scope.SELECTION, Scope.LIST, Scope.LIBRARY) if scopes[s][1])
        if default is Scope.SELECTION and selected == 1:
            default = Scope.LIST if scopes[Scope.LIST][1] else Scope.LIBRARY
        self.scope_buttons[default].setChecked(True)

        self.title_edit = QLineEdit(context.list_title or "Reading list", self)
        self.title_edit.setObjectName("exportTitle")
        self.title_edit.setToolTip("The heading of a Markdown list or web page")
        self.notes_box = QCheckBox("Include notes", self)
        self.notes_box.setObjectName("exportNotes")
        self.notes_box.setToolTip("Markdown lists can carry each paper's notes")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow("Format:", self.format_box)
        form.addRow("Papers:", scope_box)
        form.addRow("Title:", self.title_edit)
        form.addRow("", self.notes_box)
        form.addRow(buttons)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def set_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(name))

    def set_scope(self, scope: Scope) -> None:
        self.scope_buttons[scope].setChecked(True)

    def scope(self) -> Scope:
        return next(s for s, b in self.scope_buttons.items() if b.isChecked())

    def choice(self) -> ExportChoice:
        name = self.format_box.currentData()
        return ExportChoice(
            format=name,
            query=scope_query(self.scope(), self._context),
            title=self.title_edit.text().strip() or "Reading list",
            notes=name == "markdown" and self.notes_box.isChecked(),
        )

    def _format_changed(self) -> None:
        name = self.format_box.currentData()
        self.notes_box.setEnabled(name == "markdown")
        self.title_edit.setEnabled(name in ("markdown", "html"))
