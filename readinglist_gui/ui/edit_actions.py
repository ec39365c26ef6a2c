"""Edits made by hand: the actions that start them and the undo stack that keeps them.

Every edit is one of the core's ops on the view state's selection, pushed on
one ``QUndoStack`` as an ``OpCommand``: marking 100,000 papers is one write and
one step to undo. Nothing here waits for a write or refreshes a view: the
writer's change set reaches every part through the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QColorDialog, QDialog, QInputDialog, QWidget

from readinglist_gui.core import writes
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status
from readinglist_gui.core.results import ImportReport
from readinglist_gui.core.writes import Done, Op
from readinglist_gui.ui.details import split_tags
from readinglist_gui.ui.icons import set_themed_icon
from readinglist_gui.ui.op_command import OpCommand, WriteFailures
from readinglist_gui.ui.status_chip import LABELS
from readinglist_gui.ui.undo_notice import UndoNotice
from readinglist_gui.ui.view_state import ViewState


class EditActions(QObject):
    failed = Signal(str)
    """A write (done, undone or redone) could not be made: why, in one sentence."""
    tagRenamed = Signal(str, str)
    """(old, new): a tag was renamed, or merged into ``new``."""

    def __init__(self, library: Library, view: ViewState, window: QWidget) -> None:
        """``window`` parents the actions and the dialogs that ask for names and colours."""
        super().__init__(window)
        self._library = library
        self._view = view
        self._window = window
        self.undo_stack = QUndoStack(self)
        self._failures = WriteFailures(self)
        self._failures.failed.connect(self.failed)
        self.notice = UndoNotice(self.undo_stack)
        self.undo_action = self.undo_stack.createUndoAction(window, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(window, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.status_actions: dict[Status, QAction] = {}
        for number, status in enumerate(Status, start=1):
            action = self._action(
                f"Mark as {LABELS[status]}",
                lambda _checked=False, s=status: self.set_status(s),
                str(number),
                status.value,
            )
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.status_actions[status] = action
        self.tag_action = self._action("Add &Tags…", self.ask_tags, "Ctrl+T", "tag")
        self.edit_action = self._action("&Edit Paper…", self.edit_current, "F2", "edit")
        self.delete_action = self._action(
            "&Delete", self.delete_selected, QKeySequence.StandardKey.Delete, "delete"
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str,
        icon_name: str,
    ) -> QAction:
        action = QAction(text, self._window)
        set_themed_icon(action, icon_name)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def table_actions(self) -> list[QAction]:
        """The actions whose keys work while the paper table has the focus."""
        return [*self.status_actions.values(), self.delete_action]

    def selection_changed(self, selected: int) -> None:
        for action in (*self.status_actions.values(), self.tag_action, self.delete_action):
            action.setEnabled(selected > 0)
        self.edit_action.setEnabled(selected == 1)

    # -- edits of the selection ---------------------------------------------------------
    def set_status(self, status: Status) -> None:
        """Mark the selected papers, as one undoable step."""
        ids = self._view.selected_ids()
        if ids:
            text = f"Mark {writes.papers_label(len(ids))} {LABELS[status].lower()}"
            self._view.show_status(ids, status)
            self._push(text, writes.SetStatus(tuple(ids), status))

    def add_tags(self, names: list[str]) -> None:
        ids = self._view.selected_ids()
        if ids and names:
            self._push_tags(ids, names, add=True)

    def edit_tags(self, added: list[str], removed: list[str]) -> None:
        """Tags typed in the details pane, for the whole selection, as one step."""
        ids = self._view.selected_ids()
        if not ids:
            return
        self.undo_stack.beginMacro("Edit tags")
        if added:
            self._push_tags(ids, added, add=True)
        if removed:
            self._push_tags(ids, removed, add=False)
        self.undo_stack.endMacro()

    def delete_selected(self) -> None:
        ids = self._view.selected_ids()
        if ids:
            self._push(
                f"Delete {writes.papers_label(len(ids))}", writes.DeletePapers(tuple(sorted(ids)))
            )

    def ask_tags(self) -> None:
        if not self._view.selected_ids():
            return
        text, ok = QInputDialog.getText(self._window, "Add tags", "Tags (comma-separated):")
        if ok:
            self.add_tags(split_tags(text))

    # -- one paper --------------------------------------------------------------------
    def edit_current(self) -> None:
        paper_id = self._view.current_id()
        if paper_id is not None:
            self.edit_paper(paper_id)

    def edit_paper(self, paper_id: int) -> None:
        detail = self._library.paper(paper_id)
        if detail is None:
            return
        from readinglist_gui.ui.dialogs.edit_paper import EditPaperDialog

        dialog = EditPaperDialog(detail, self._window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.update_paper(paper_id, **dialog.changed_fields())

    def update_paper(self, paper_id: int, **fields: object) -> None:
        """Edit a paper's fields by hand, as one undoable step."""
        if fields:
            self._push("Edit paper", writes.UpdateFields.of(paper_id, fields))

    # -- tags -------------------------------------------------------------------------
    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag everywhere; a name that already exists merges the two (undoable)."""
        if not new.strip() or new.strip() == old:
            return
        new = " ".join(new.split())
        self._push(f"Rename tag {old} to {new}", writes.RenameTag(old, new))
        self.tagRenamed.emit(old, new)

    def set_tag_color(self, name: str, color: str | None) -> None:
        self._push(f"Colour tag {name}", writes.SetTagColor(name, color))

    def ask_tag_name(self, old: str) -> None:
        new, ok = QInputDialog.getText(
            self._window, "Rename tag", f"New name for “{old}”:", text=old
        )
        if ok:
            self.rename_tag(old, new)

    def ask_tag_color(self, name: str) -> None:
        color = QColorDialog.getColor(parent=self._window, title=f"Colour for “{name}”")
        if color.isValid():
            self.set_tag_color(name, color.name())

    # -- imports ----------------------------------------------------------------------
    def keep_import(self, done: Done[ImportReport], what: str, message: str) -> None:
        """An import just written becomes one step to undo, offered beside ``message``.

        Only when the core can take it back whole (it only added: a paper it
        merged into, or a list it replaced, was the user's before).
        """
        if done.undo is None:
            self.notice.show_text(message)
            return
        self.undo_stack.push(OpCommand(self._library, what, None, self._failures, undo=done.undo))
        self.notice.show_for_last_step(message)

    # -- pushing ----------------------------------------------------------------------
    def _push(self, text: str, op: Op[object]) -> None:
        self.undo_stack.push(OpCommand(self._library, text, op, self._failures))

    def _push_tags(self, ids: list[int], names: list[str], *, add: bool) -> None:
        verb = "Tag" if add else "Untag"
        text = f"{verb} {writes.papers_label(len(ids))} with {', '.join(names)}"
        edit = writes.AddTags if add else writes.RemoveTags
        self._push(text, edit(tuple(ids), tuple(names)))
