"""The sidebar: where the user narrows the library by status, reading list and tags.

It holds no query logic of its own: it says what is selected
(``filtersChanged`` and ``filters()``) and shows the counts it is handed.
Requests it cannot answer itself (a tag rename, an online job for a list) go
out as signals; the window decides who answers them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtWidgets import QSplitter, QToolButton, QVBoxLayout, QWidget

from readinglist_gui.core.fetch_stage import Stage
from readinglist_gui.ui.icons import set_themed_icon
from readinglist_gui.ui.query_runner import Counts
from readinglist_gui.ui.sidebar.library_tree import LibraryTree
from readinglist_gui.ui.sidebar.tag_panel import TagPanel
from readinglist_gui.ui.view_state import SidebarFilters

SPLITTER_KEY = "mainWindow/sidebarSplitter"
TAG_MODE_KEY = "sidebar/tagMode"


class Sidebar(QWidget):
    """Status, reading-list and tag filters stacked in one resizable column."""

    filtersChanged = Signal()
    """What is selected changed; ``filters()`` says what it is now."""
    onlineRequested = Signal(object, int, object)
    """(``Stage``, list id, section id or None): run a stage on a reading list or section."""
    tagRenameRequested = Signal(str)
    tagMergeRequested = Signal(str, str)
    """(tag, the tag it should become part of)."""
    tagColorRequested = Signal(str)
    statisticsRequested = Signal()
    """The Statistics entry at the foot of the sidebar was clicked."""

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
        self.statistics_button = QToolButton(self)
        self.statistics_button.setObjectName("sidebarStatistics")
        self.statistics_button.setText("Statistics")
        self.statistics_button.setToolTip("Charts of your reading (Ctrl+Shift+S)")
        self.statistics_button.setAutoRaise(True)
        self.statistics_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        set_themed_icon(self.statistics_button, "statistics")
        self.statistics_button.clicked.connect(self.statisticsRequested)
        layout.addWidget(self.statistics_button)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self.filtersChanged.emit())
        self.tags.changed.connect(self.filtersChanged)
        self.tree.reviewChanged.connect(self.filtersChanged)
        self.tree.onlineRequested.connect(self._online_requested)
        self.tags.renameRequested.connect(self.tagRenameRequested)
        self.tags.mergeRequested.connect(self.tagMergeRequested)
        self.tags.colorRequested.connect(self.tagColorRequested)

    def filters(self) -> SidebarFilters:
        """What the library is narrowed to here; the search text and sort are not ours."""
        return replace(
            self.tree.filters(), tags=self.tags.selected_tags(), tag_mode=self.tags.mode()
        )

    def show_counts(self, counts: Counts) -> None:
        """Counts for the query on screen; the lists and review queue when they came too."""
        self.tree.set_status_counts(counts.status_counts)
        self.tags.set_counts(counts.tag_counts)
        if counts.lists is not None:
            self.tree.set_lists(counts.lists)
        if counts.review_ids is not None:
            self.tree.set_review_ids(counts.review_ids)

    def show_review(self) -> None:
        """Choose the "Needs review" papers."""
        self.tree.select_review()

    def follow_tag_rename(self, old: str, new: str) -> None:
        """A renamed (or merged) tag that was chosen stays chosen under its new name."""
        chosen = self.tags.selected_tags()
        if old in chosen:
            self.tags.select_tags(_renamed(chosen, old, new.strip()))

    def focus_chain(self) -> list[QWidget]:
        """Its widgets in the order Tab walks them."""
        return [self.tree, self.tags.filter_box(), self.tags.view()]

    def retint(self) -> None:
        self.tree.retint()

    def restore_state(self, settings: QSettings) -> None:
        """The tag mode at once (it is part of the first query); the splitter as it was left."""
        self.tags.set_mode("any" if settings.value(TAG_MODE_KEY, "all") == "any" else "all")
        state = settings.value(SPLITTER_KEY)
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        settings.setValue(TAG_MODE_KEY, self.tags.mode())

    def _online_requested(self, stage: Stage, scope: tuple[int, int | None]) -> None:
        self.onlineRequested.emit(stage, *scope)


def _renamed(names: Iterable[str], old: str, new: str) -> list[str]:
    return [new if name == old else name for name in names]
