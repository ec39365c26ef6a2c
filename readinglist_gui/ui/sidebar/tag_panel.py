"""The sidebar's tags: each with its count under the current filter, chosen by All or Any.

Several tags may be selected; a filter box narrows the list, and the context
menu asks (never does) for a rename, a merge or a colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Literal

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readinglist_gui.core.results import TagCount
from readinglist_gui.ui.plain_text import plain_tooltip
from readinglist_gui.ui.sidebar.count_delegate import COUNT_ROLE, VALUE_ROLE, CountDelegate


class TagPanel(QWidget):
    """Tags with counts for the current filter: multi-select, All/Any, and a filter box."""

    changed = Signal()
    renameRequested = Signal(str)
    mergeRequested = Signal(str, str)
    colorRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagSidebar")
        self.setAccessibleName("Tags")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)

        top = QHBoxLayout()
        top.setContentsMargins(8, 0, 6, 0)
        title = QLabel("TAGS")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        title.setFont(font)
        top.addWidget(title)
        top.addStretch(1)
        self._mode_group = QButtonGroup(self)
        self._mode_buttons: dict[str, QToolButton] = {}
        for mode, tip in (
            ("all", "Show papers that carry every selected tag"),
            ("any", "Show papers that carry at least one selected tag"),
        ):
            button = QToolButton(self)
            button.setObjectName(f"tagMode{mode.title()}")
            button.setText(mode.title())
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(tip)
            button.setAccessibleName(f"Match {mode} selected tags")
            self._mode_group.addButton(button)
            self._mode_buttons[mode] = button
            top.addWidget(button)
        self._mode_buttons["all"].setChecked(True)
        self._mode_group.buttonToggled.connect(self._mode_toggled)
        layout.addLayout(top)

        self._filter = QLineEdit(self)
        self._filter.setObjectName("tagFilter")
        self._filter.setPlaceholderText("Filter tags")
        self._filter.setAccessibleName("Filter tags")
        self._filter.setClearButtonEnabled(True)
        self._filter.textChanged.connect(self._apply_filter)
        filter_row = QHBoxLayout()
        filter_row.setContentsMargins(6, 0, 6, 0)
        filter_row.addWidget(self._filter)
        layout.addLayout(filter_row)

        self._view = QListView(self)
        self._view.setObjectName("tagList")
        self._view.setAccessibleName("Tag list")
        self._view.setFrameShape(QFrame.Shape.NoFrame)
        self._view.setUniformItemSizes(True)
        self._view.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self._view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._view.setItemDelegate(CountDelegate(self._view))
        self._view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._view.customContextMenuRequested.connect(self._context_menu)
        self._model = QStandardItemModel(self)
        self._view.setModel(self._model)
        self._view.selectionModel().selectionChanged.connect(self._selection_changed)
        layout.addWidget(self._view, 1)
        self._items: dict[str, QStandardItem] = {}
        self._structure: list[tuple[int, str, str | None]] = []

    def view(self) -> QListView:
        return self._view

    def filter_box(self) -> QLineEdit:
        return self._filter

    def mode(self) -> Literal["all", "any"]:
        return "any" if self._mode_buttons["any"].isChecked() else "all"

    def set_mode(self, mode: Literal["all", "any"]) -> None:
        self._mode_buttons[mode].setChecked(True)

    def selected_tags(self) -> tuple[str, ...]:
        rows = sorted(index.row() for index in self._view.selectionModel().selectedIndexes())
        return tuple(self._model.item(row).data(VALUE_ROLE) for row in rows)

    def tag_names(self) -> list[str]:
        return list(self._items)

    def select_tags(self, names: Iterable[str]) -> None:
        """Replace the tag selection; one ``changed`` signal for the whole change."""
        wanted = {name.casefold() for name in names}
        selection = QItemSelection()
        for name, item in self._items.items():
            if name.casefold() in wanted:
                selection.select(item.index(), item.index())
        model = self._view.selectionModel()
        blocker = model.blockSignals(True)
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        model.blockSignals(blocker)
        self._view.viewport().update()
        self.changed.emit()

    def set_counts(self, tags: list[TagCount]) -> None:
        """Show every tag with its count within the current filter; keep the selection."""
        structure = [(tag.id, tag.name, tag.color) for tag in tags]
        if structure != self._structure:
            self._rebuild(tags)
            self._structure = structure
        disabled = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for tag in tags:
            item = self._items[tag.name]
            item.setData(f"{tag.count:,}", COUNT_ROLE)
            item.setData(disabled if tag.count == 0 else None, Qt.ItemDataRole.ForegroundRole)

    def _rebuild(self, tags: list[TagCount]) -> None:
        chosen = set(self.selected_tags())
        model = self._view.selectionModel()
        blocker = model.blockSignals(True)
        self._model.clear()
        self._items.clear()
        selection = QItemSelection()
        for tag in tags:
            item = QStandardItem(tag.name)
            item.setData(tag.name, VALUE_ROLE)
            item.setData(_color_dot(tag.color), Qt.ItemDataRole.DecorationRole)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setToolTip(plain_tooltip(tag.name))
            self._model.appendRow(item)
            self._items[tag.name] = item
            if tag.name in chosen:
                selection.select(item.index(), item.index())
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        model.blockSignals(blocker)
        self._apply_filter(self._filter.text())
        if set(self.selected_tags()) != chosen:
            self.changed.emit()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self._model.rowCount()):
            name = self._model.item(row).data(VALUE_ROLE)
            self._view.setRowHidden(row, bool(needle) and needle not in name.casefold())

    def _mode_toggled(self, _button: QToolButton, checked: bool) -> None:
        if checked and self.selected_tags():
            self.changed.emit()

    def _selection_changed(self) -> None:
        self.changed.emit()

    def _context_menu(self, pos: QPoint) -> None:
        index = self._view.indexAt(pos)
        if not index.isValid():
            return
        name = index.data(VALUE_ROLE)
        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self.renameRequested.emit(name))
        merge = menu.addMenu("Merge into")
        for other in self._items:
            if other != name:
                merge.addAction(other, partial(self.mergeRequested.emit, name, other))
        merge.setEnabled(len(self._items) > 1)
        menu.addAction("Colour…", lambda: self.colorRequested.emit(name))
        menu.exec(self._view.viewport().mapToGlobal(pos))


def _color_dot(color: str | None) -> QIcon:
    """A small filled circle in the tag's colour, or a faint ring when it has none.

    The ring is the text colour made translucent: the palette's ``Mid`` vanished
    on a dark base.
    """
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if color and QColor(color).isValid():
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawEllipse(6, 6, 20, 20)
    else:
        ring = QApplication.palette().color(QPalette.ColorRole.Text)
        ring.setAlphaF(0.4)
        painter.setPen(QPen(ring, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(8, 8, 16, 16)
    painter.end()
    return QIcon(pixmap)
