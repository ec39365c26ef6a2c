"""A window over a library that can only be read: every way to change it is turned off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QActionGroup

if TYPE_CHECKING:
    from readinglist_gui.ui.main_window import MainWindow


def lock_editing(window: MainWindow, notice: str) -> None:
    """Turn off everything that would change the library (it can only be read).

    The editing actions join one disabled action group, which keeps them
    disabled however often a part enables them for a new selection.
    Requests that come as signals (the sidebar's tag and online menus) show
    ``notice`` in the status bar instead of a write that would fail.
    """
    edits, online = window.edits, window.online_actions
    group = QActionGroup(window)
    group.setObjectName("readOnlyEdits")
    group.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
    for action in (
        window.files.import_action,
        *edits.status_actions.values(),
        edits.tag_action,
        edits.edit_action,
        edits.delete_action,
        edits.undo_action,
        edits.redo_action,
        *online.selection_actions(),
        online.review_action,
        online.retry_action,
    ):
        group.addAction(action)
    group.setEnabled(False)
    window.setAcceptDrops(False)
    window.details.set_read_only(True)
    window.empty_state.setEnabled(False)
    window.tabs.set_read_only()
    window.fulltext.set_read_only()
    sidebar = window.sidebar
    for signal in (
        sidebar.tagRenameRequested,
        sidebar.tagMergeRequested,
        sidebar.tagColorRequested,
        sidebar.onlineRequested,
    ):
        signal.disconnect()
        signal.connect(lambda *_args: window.statusBar().showMessage(notice, 6000))
