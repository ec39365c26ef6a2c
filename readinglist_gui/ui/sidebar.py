"""The sidebar: where the user narrows the library by status, reading list and tags.

It holds no query logic of its own: it reports what is selected (``apply_to``)
and shows the counts the window hands it. Counts are updated in place when the
structure is unchanged, so selection and scroll position survive every keystroke
in the search box.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Literal

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
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
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import Status
from readinglist_gui.core.results import ListInfo, TagCount
from readinglist_gui.ui.icons import icon
from readinglist_gui.ui.status_chip import LABELS

KIND_ROLE = Qt.ItemDataRole.UserRole + 10
VALUE_ROLE = Qt.ItemDataRole.UserRole + 11
COUNT_ROLE = Qt.ItemDataRole.UserRole + 12
"""Text drawn right-aligned and muted: a count, or progress such as ``4/7 read``."""
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 13
"""A muted second line: a dated section's date and progress."""
ICON_ROLE = Qt.ItemDataRole.UserRole + 14
"""The themed icon's name, so a theme switch can redraw it."""

_ALL = "all"
_STATUS = "status"
_LIST = "list"
_SECTION = "section"
_REVIEW = "review"
_HEADER = "header"

ONLINE_ACTIONS = {
    "pdfs": "Download PDFs for Offline Reading",
    "metadata": "Fetch Details from arXiv",
    "titles": "Find Titles on arXiv",
}
"""What the context menu of a reading list or section offers, by the name it reports."""


class CountDelegate(QStyledItemDelegate):
    """Draws the label with its ``COUNT_ROLE`` text right-aligned in a quieter colour,
    and a ``SUBTITLE_ROLE`` line (a section's date and progress) below it."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        count = index.data(COUNT_ROLE) or ""
        subtitle = index.data(SUBTITLE_ROLE) or ""
        if not count and not subtitle:
            super().paint(painter, option, index)
            return
        metrics = QFontMetrics(option.font)
        room = metrics.horizontalAdvance(count) + 12 if count else 0
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text = item.text
        item.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, option.widget)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, option.widget)
        ink = _ink(option, index)
        muted = QColor(ink)
        muted.setAlphaF(0.6)
        line = QRect(text_rect)
        if subtitle:
            line.setHeight(text_rect.height() // 2)
        label_rect = QRect(line)
        label_rect.setRight(line.right() - room)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.save()
        painter.setFont(item.font)
        painter.setPen(ink)
        painter.drawText(
            label_rect,
            left,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, label_rect.width()),
        )
        painter.setPen(muted)
        if count:
            count_rect = QRect(line)
            count_rect.setLeft(line.right() - room)
            count_rect.setRight(line.right() - 4)
            painter.drawText(
                count_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count
            )
        if subtitle:
            below = QRect(text_rect)
            below.setTop(line.bottom())
            elided = metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, below.width() - 4)
            painter.drawText(below, left, elided)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        line = QFontMetrics(option.font).height()
        lines = 2 if index.data(SUBTITLE_ROLE) else 1
        return QSize(size.width(), max(size.height(), line * lines + 8))


def _ink(option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QColor:
    """The text colour the style would use, or the item's own foreground when not selected."""
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    group = (
        QPalette.ColorGroup.Normal
        if option.state & QStyle.StateFlag.State_Enabled
        else QPalette.ColorGroup.Disabled
    )
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    foreground = index.data(Qt.ItemDataRole.ForegroundRole)
    if isinstance(foreground, QColor) and not selected:
        return foreground
    return option.palette.color(group, role)


def _header(text: str) -> QStandardItem:
    item = QStandardItem(text.upper())
    item.setData(_HEADER, KIND_ROLE)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    font = item.font()
    font.setBold(True)
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    item.setFont(font)
    return item


class LibraryTree(QTreeView):
    """Library statuses and reading lists with their sections, single selection."""

    reviewChanged = Signal()
    """The "Needs review" papers changed while that view is shown."""
    onlineRequested = Signal(str, object)
    """(action, (list id, section id or None)): an ``ONLINE_ACTIONS`` key for a list or section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryTree")
        self.setAccessibleName("Library and reading lists")
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setIndentation(14)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegate(CountDelegate(self))
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self._structure: list[tuple[int, str, list[tuple[int, str]]]] = []
        self._status_items: dict[str | None, QStandardItem] = {}
        self._list_items: dict[int, QStandardItem] = {}
        self._section_items: dict[int, QStandardItem] = {}
        self._lists_header = _header("Reading lists")
        self._review_ids: tuple[int, ...] = ()
        self._build_library()
        self.select_status(None)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.selectionModel().selectionChanged.connect(lambda *_: self._show_review_row())

    def _build_library(self) -> None:
        root = self._model.invisibleRootItem()
        library = _header("Library")
        root.appendRow(library)
        entries: list[tuple[str | None, str, str]] = [(None, "All papers", "library")]
        entries += [(status.value, LABELS[status], status.value) for status in Status]
        for value, label, icon_name in entries:
            item = QStandardItem(icon(icon_name), label)
            item.setData(icon_name, ICON_ROLE)
            item.setData(_ALL if value is None else _STATUS, KIND_ROLE)
            item.setData(value, VALUE_ROLE)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            library.appendRow(item)
            self._status_items[value] = item
        self._review_item = QStandardItem(icon("search"), "Needs review")
        self._review_item.setData("search", ICON_ROLE)
        self._review_item.setData(_REVIEW, KIND_ROLE)
        self._review_item.setToolTip("Papers found on arXiv only by an uncertain title match")
        self._review_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        library.appendRow(self._review_item)
        root.appendRow(self._lists_header)
        self.expandAll()
        self.setRowHidden(self._review_item.row(), library.index(), True)

    def retint(self) -> None:
        """Redraw the row icons in the current palette."""
        items = [*self._status_items.values(), *self._list_items.values(), self._review_item]
        for item in items:
            item.setIcon(icon(item.data(ICON_ROLE)))

    # -- selection ---------------------------------------------------------------
    def selected(self) -> tuple[str, object]:
        """(kind, value) of the selected row; ``("all", None)`` when nothing is."""
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return _ALL, None
        return indexes[0].data(KIND_ROLE), indexes[0].data(VALUE_ROLE)

    def select_status(self, status: Status | None) -> None:
        self._select(self._status_items[status.value if status else None])

    def select_review(self) -> None:
        self._select(self._review_item)

    def review_ids(self) -> tuple[int, ...]:
        return self._review_ids

    def set_review_ids(self, ids: list[int]) -> None:
        """Show how many papers wait for review; the entry hides while there are none."""
        before, self._review_ids = self._review_ids, tuple(ids)
        self._review_item.setData(f"{len(ids):,}", COUNT_ROLE)
        self._show_review_row()
        if self.selected()[0] == _REVIEW and before != self._review_ids:
            self.reviewChanged.emit()

    def _show_review_row(self) -> None:
        """The entry stays while it is shown, so settling the last paper does not pull it away."""
        shown = self.selected()[0] == _REVIEW
        parent = self._review_item.parent().index()
        self.setRowHidden(self._review_item.row(), parent, not self._review_ids and not shown)

    def select_list(self, list_id: int, section_id: int | None = None) -> None:
        item = self._section_items.get(section_id) if section_id is not None else None
        item = item or self._list_items.get(list_id)
        if item is not None:
            if item.parent() is not None:
                self.expand(item.parent().index())
            self._select(item)

    def _select(self, item: QStandardItem) -> None:
        self.selectionModel().setCurrentIndex(
            item.index(), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.scrollTo(item.index())

    # -- counts ------------------------------------------------------------------
    def set_status_counts(self, counts: dict[Status, int]) -> None:
        self._status_items[None].setData(f"{sum(counts.values()):,}", COUNT_ROLE)
        for status in Status:
            self._status_items[status.value].setData(f"{counts.get(status, 0):,}", COUNT_ROLE)

    def set_lists(self, lists: list[ListInfo]) -> None:
        """Show reading lists; rebuilds rows only if lists or sections came or went."""
        structure = [
            (info.id, info.name, [(s.id, s.heading) for s in info.sections]) for info in lists
        ]
        if structure != self._structure:
            self._rebuild_lists(lists)
            self._structure = structure
        for info in lists:
            self._list_items[info.id].setData(f"{info.read}/{info.total} read", COUNT_ROLE)
            for section in info.sections:
                item = self._section_items[section.id]
                progress = f"{section.read}/{section.total} read"
                if section.date:
                    item.setData(f"{section.date:%b %-d, %Y} · {progress}", SUBTITLE_ROLE)
                else:
                    item.setData(progress, COUNT_ROLE)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        kind, value = index.data(KIND_ROLE), index.data(VALUE_ROLE)
        if kind == _LIST:
            scope = (value, None)
        elif kind == _SECTION:
            scope = tuple(value)
        else:
            return
        menu = QMenu(self)
        for action, label in ONLINE_ACTIONS.items():
            menu.addAction(label, lambda action=action: self.onlineRequested.emit(action, scope))
        menu.exec(self.viewport().mapToGlobal(pos))

    def _rebuild_lists(self, lists: list[ListInfo]) -> None:
        kind, value = self.selected()
        expanded = {
            list_id for list_id, item in self._list_items.items() if self.isExpanded(item.index())
        }
        blocker = self.selectionModel().blockSignals(True)
        self._lists_header.removeRows(0, self._lists_header.rowCount())
        self._list_items.clear()
        self._section_items.clear()
        for info in lists:
            list_item = QStandardItem(icon("reading-list"), info.name)
            list_item.setData("reading-list", ICON_ROLE)
            list_item.setData(_LIST, KIND_ROLE)
            list_item.setData(info.id, VALUE_ROLE)
            list_item.setToolTip(f"{info.name}\n{info.source}" if info.source else info.name)
            list_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            for section in info.sections:
                section_item = QStandardItem(section.heading or "(no heading)")
                section_item.setData(_SECTION, KIND_ROLE)
                section_item.setData((info.id, section.id), VALUE_ROLE)
                tip = section.heading
                if section.date:
                    tip = f"{section.heading}\n{section.date.isoformat()}"
                section_item.setToolTip(tip)
                section_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                list_item.appendRow(section_item)
                self._section_items[section.id] = section_item
            self._lists_header.appendRow(list_item)
            self._list_items[info.id] = list_item
        self.expand(self._lists_header.index())
        for list_id in expanded & self._list_items.keys():
            self.expand(self._list_items[list_id].index())
        self.selectionModel().blockSignals(blocker)
        self._restore(kind, value)

    def _restore(self, kind: str, value: object) -> None:
        """Reselect the list or section shown before a rebuild; if it is gone, show all papers."""
        if kind == _LIST and isinstance(value, int):
            item = self._list_items.get(value)
        elif kind == _SECTION and isinstance(value, tuple):
            item = self._section_items.get(value[1])
        else:
            return
        if item is None:
            self.select_status(None)
            return
        blocker = self.selectionModel().blockSignals(True)
        self._select(item)
        self.selectionModel().blockSignals(blocker)


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
            item.setToolTip(tag.name)
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
                merge.addAction(other, lambda other=other: self.mergeRequested.emit(name, other))
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


class Sidebar(QWidget):
    """Status, reading-list and tag filters stacked in one resizable column."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("sidebarSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.tree = LibraryTree(self.splitter)
        self.tags = TagPanel(self.splitter)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.tags)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([480, 320])
        layout.addWidget(self.splitter)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self.changed.emit())
        self.tags.changed.connect(lambda: self.changed.emit())
        self.tree.reviewChanged.connect(lambda: self.changed.emit())

    def apply_to(self, query: PaperQuery) -> PaperQuery:
        """``query`` narrowed to what is selected here; text and sort are left alone."""
        kind, value = self.tree.selected()
        statuses: frozenset[Status] = frozenset()
        list_id = section_id = None
        ids = self.tree.review_ids() if kind == _REVIEW else None
        if kind == _STATUS:
            statuses = frozenset({Status(value)})
        elif kind == _LIST:
            list_id = value
        elif kind == _SECTION:
            list_id, section_id = value
        changed_list = list_id != query.list_id
        query = replace(
            query,
            statuses=statuses,
            list_id=list_id,
            section_id=section_id,
            ids=ids,
            tags=self.tags.selected_tags(),
            tag_mode=self.tags.mode(),
        )
        if changed_list and list_id is not None:
            query = replace(query, sort=SortKey.POSITION, descending=False)
        elif list_id is None and query.sort is SortKey.POSITION:
            query = replace(query, sort=SortKey.ADDED, descending=True)
        return query
