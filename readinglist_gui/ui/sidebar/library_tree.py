"""The sidebar's library tree: all papers, each status, "Needs review", and the reading lists.

Single selection; counts are updated in place while the lists stay the same,
so the selection and scroll position survive every keystroke in the search box.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QFrame, QMenu, QTreeView, QWidget

from readinglist_gui.core.records import Status
from readinglist_gui.core.results import ListInfo
from readinglist_gui.ui.icons import icon
from readinglist_gui.ui.plain_text import plain_tooltip
from readinglist_gui.ui.sidebar.count_delegate import (
    COUNT_ROLE,
    ICON_ROLE,
    KIND_ROLE,
    SUBTITLE_ROLE,
    VALUE_ROLE,
    CountDelegate,
)
from readinglist_gui.ui.stage_words import STAGE_WORDS
from readinglist_gui.ui.status_chip import LABELS
from readinglist_gui.ui.view_state import SidebarFilters

_ALL = "all"
_STATUS = "status"
_LIST = "list"
_SECTION = "section"
_REVIEW = "review"
_HEADER = "header"


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
    onlineRequested = Signal(object, object)
    """(``Stage``, (list id, section id or None)): run a stage on a list or one section."""

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

    def filters(self) -> SidebarFilters:
        """What the selected row narrows the library to (tags are the tag panel's)."""
        kind, value = self.selected()
        if kind == _STATUS and isinstance(value, str):
            return SidebarFilters(statuses=frozenset({Status(value)}))
        if kind == _LIST and isinstance(value, int):
            return SidebarFilters(list_id=value)
        if kind == _SECTION and isinstance(value, tuple):
            return SidebarFilters(list_id=value[0], section_id=value[1])
        if kind == _REVIEW:
            return SidebarFilters(review_ids=self._review_ids)
        return SidebarFilters()

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
        for stage, words in STAGE_WORDS.items():
            menu.addAction(words.action, partial(self.onlineRequested.emit, stage, scope))
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
            list_item.setToolTip(
                plain_tooltip(f"{info.name}\n{info.source}" if info.source else info.name)
            )
            list_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            for section in info.sections:
                section_item = QStandardItem(section.heading or "(no heading)")
                section_item.setData(_SECTION, KIND_ROLE)
                section_item.setData((info.id, section.id), VALUE_ROLE)
                tip = section.heading
                if section.date:
                    tip = f"{section.heading}\n{section.date.isoformat()}"
                section_item.setToolTip(plain_tooltip(tip))
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
