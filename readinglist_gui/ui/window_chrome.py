"""The window's chrome: its toolbar, menu bar, status bar and the table's context menu.

Laid out apart from ``MainWindow`` so the frame stays about wiring: these only
place the actions and widgets the parts bring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

if TYPE_CHECKING:
    from readinglist_gui.ui.main_window import MainWindow


def build_toolbar(window: MainWindow) -> QToolBar:
    """Import, the status keys, and the search box on the right."""
    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(toolbar)
    toolbar.addAction(window.files.import_action)
    toolbar.addSeparator()
    for action in window.edits.status_actions.values():
        toolbar.addAction(action)
    spacer = QWidget()
    spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred)
    toolbar.addWidget(spacer)
    toolbar.addWidget(window.search)
    return toolbar


def build_menus(window: MainWindow) -> QMenu:
    """The menu bar: every action a part brings, in the places users look for it; returns
    the Columns menu, which the window keeps."""
    edits, online, files = window.edits, window.online_actions, window.files
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    fill(
        file_menu,
        files.import_action,
        files.export_action,
        files.backup_action,
        None,
        window.fulltext.update_action,
        window.group.sync_action,
    )
    file_menu.addMenu(window.group.menu.menu)
    fill(
        file_menu,
        None,
        window.tabs.close_tab_action,
        None,
        window.quit_action,
    )
    fill(
        bar.addMenu("&Edit"),
        edits.undo_action,
        edits.redo_action,
        None,
        window.find_action,
        window.fulltext.search_action,
        window.library_view.select_all_action,
        None,
        *edits.status_actions.values(),
        edits.tag_action,
        edits.edit_action,
        None,
        edits.delete_action,
    )
    fill(
        bar.addMenu("&Online"),
        *online.selection_actions(),
        None,
        online.review_action,
        online.show_review_action,
        None,
        online.retry_action,
        online.cancel_action,
    )
    view_menu = bar.addMenu("&View")
    fill(view_menu, window.sidebar_action, window.details_action)
    columns_menu = view_menu.addMenu("&Columns")
    columns_menu.aboutToShow.connect(lambda: window.library_view.fill_columns_menu(columns_menu))
    fill(view_menu, None, window.tabs.open_action, window.statistics_action)
    fill(bar.addMenu("&Help"), window.about_action)
    return columns_menu


def build_status_bar(window: MainWindow) -> None:
    """Messages on the left; jobs, file work and the count on the right."""
    status_bar = window.statusBar()
    status_bar.addWidget(window.edits.notice)
    job_status = window.online_actions.job_status
    status_bar.addPermanentWidget(job_status)
    # A job's controls must not make the bar taller: that would lay out and
    # repaint the whole window just as the job's threads start.
    status_bar.setMinimumHeight(job_status.sizeHint().height())
    status_bar.addPermanentWidget(window.files.progress)
    status_bar.addPermanentWidget(window.fulltext.indicator)
    status_bar.addPermanentWidget(window.group.indicator)
    status_bar.addPermanentWidget(window.library_view.count_label)


def table_menu(window: MainWindow, position: QPoint) -> None:
    """The table's context menu: open, status keys, tags, online, delete."""
    edits, online = window.edits, window.online_actions
    menu = QMenu(window)
    fill(
        menu,
        window.tabs.open_action,
        None,
        *edits.status_actions.values(),
        edits.tag_action,
        edits.edit_action,
        None,
        *online.selection_actions(),
    )
    if online.review_action.isEnabled():
        menu.addAction(online.review_action)
    fill(menu, None, edits.delete_action)
    menu.exec(position)


def fill(menu: QMenu, *actions: QAction | None) -> None:
    """Add ``actions`` to ``menu``, a separator for each None."""
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
