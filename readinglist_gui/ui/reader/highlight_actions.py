"""Highlighting in one reader: the keys and menus that start it, and the undo stack that keeps it.

Select text, then 1 to 4 (yellow, green, blue, pink), H for the colour used
last, C to highlight and write a comment, or right-click for the same and
more. Every change to a highlight is a command on the reader's own
``QUndoStack``: Ctrl+Z in the PDF or the Highlights panel undoes what was done
to this paper, as in any document window, while the notes editor keeps its
own text undo and the library tab its own stack of library edits. Commands
submit ops and undo through the inverse the writer left (``UndoOf``), so the
GUI never waits for a write and undo puts back exactly what was there.

"Quote to Note" (Ctrl+Shift+Q) puts the selection into the notes as a
Markdown quote ending in a link to its page.
"""

from __future__ import annotations

from concurrent.futures import Future
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from readinglist_gui.core.highlights import Highlight, same_place
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import HighlightColor, HighlightRecord
from readinglist_gui.core.writes import (
    AddHighlight,
    DeleteHighlights,
    Done,
    EditHighlight,
    Op,
    UndoOf,
)
from readinglist_gui.ui.background import TaskRunner
from readinglist_gui.ui.reader.highlights_panel import COLOR_KEYS, COLOR_NAMES
from readinglist_gui.ui.reader.notes_editor import NotesPane
from readinglist_gui.ui.reader.pdf_view import PdfView
from readinglist_gui.ui.reader.write_relay import when_written


class WriteCommand(QUndoCommand):
    """One op as an undoable step: redo and undo each submit, neither waits."""

    def __init__(self, library: Library, op: Op[Any], origin: object, text: str) -> None:
        super().__init__(text)
        self._library = library
        self._op = op
        self._origin = origin
        self.done: Future[Done[Any]] | None = None

    def redo(self) -> None:
        op = self._op if self.done is None else UndoOf(self.done, self.text())
        self._submit(op)

    def undo(self) -> None:
        if self.done is not None:
            self._submit(UndoOf(self.done, self.text()))

    def _submit(self, op: Op[Any]) -> None:
        # Once the library has closed under the window there is nothing left to change.
        with suppress(RuntimeError):
            self.done = self._library.submit(op, origin=self._origin)


class HighlightActions(QObject):
    saved = Signal(str)
    """A message for the reader about "Save PDF with Highlights…" (written, or why not)."""

    def __init__(
        self,
        library: Library,
        view: PdfView,
        notes: NotesPane,
        origin: object,
        tab: QWidget,
    ) -> None:
        super().__init__(tab)
        self._library = library
        self._view = view
        self._notes = notes
        self._panel = notes.highlights
        self._origin = origin
        self._tab = tab
        self.paper_id = 0
        self._highlights: list[Highlight] = []
        self._last_color = HighlightColor.YELLOW
        self._comment_on: int | None = None
        self._tasks = TaskRunner(parent=self)
        self.undo_stack = QUndoStack(self)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.color_actions: dict[HighlightColor, QAction] = {}
        for color in HighlightColor:
            action = self._view_action(
                f"Highlight {COLOR_NAMES[color]}",
                COLOR_KEYS[color],
                lambda _checked=False, c=color: self.highlight_selection(c),
            )
            self.color_actions[color] = action
        self.highlight_action = self._view_action(
            "Highlight", "H", lambda: self.highlight_selection(self._last_color)
        )
        self.comment_action = self._view_action(
            "Highlight with Comment…",
            "C",
            lambda: self.highlight_selection(self._last_color, comment=True),
        )
        self.quote_action = QAction("Quote to Note", self)
        self.quote_action.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.quote_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.quote_action.triggered.connect(self.quote_selection)
        tab.addAction(self.quote_action)
        self.copy_action = QAction("Copy", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.triggered.connect(view.copy)
        self.save_action = QAction("Save PDF with Highlights…", self)
        self.save_action.triggered.connect(self.ask_where_to_save)
        self._selection_changed(False)
        view.selection_changed.connect(self._selection_changed)
        view.context_menu_requested.connect(self.show_menu)
        view.highlight_clicked.connect(self._highlight_clicked)
        panel = self._panel
        panel.jump_requested.connect(self.jump_to)
        panel.recolor_requested.connect(self.recolor)
        panel.comment_edited.connect(self.set_comment)
        panel.delete_requested.connect(self.delete)
        panel.save_pdf_requested.connect(self.ask_where_to_save)

    def _view_action(self, text: str, key: str, slot: Any) -> QAction:
        """An action on the PDF view whose single-key shortcut works while the view has focus."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self._view.addAction(action)
        return action

    def _selection_changed(self, selected: bool) -> None:
        for action in (
            *self.color_actions.values(),
            self.highlight_action,
            self.comment_action,
            self.quote_action,
            self.copy_action,
        ):
            action.setEnabled(selected)

    # ------------------------------------------------------------- contents

    def load(self, paper_id: int, highlights: list[Highlight]) -> None:
        """A (new) paper: its highlights, and a fresh undo history."""
        self.paper_id = paper_id
        self.undo_stack.clear()
        self._comment_on = None
        self.show(highlights)

    def show(self, highlights: list[Highlight]) -> None:
        """The paper's highlights as stored now: on the pages and in the panel."""
        self._highlights = list(highlights)
        self._view.set_highlights(self._highlights)
        self._panel.set_highlights(self._highlights)
        if self._comment_on is not None and self._panel.edit_comment(self._comment_on):
            self._notes.show_highlights()
            self._comment_on = None

    @property
    def highlights(self) -> list[Highlight]:
        return list(self._highlights)

    # -------------------------------------------------------------- writing

    def _push(self, op: Op[Any], text: str) -> WriteCommand:
        command = WriteCommand(self._library, op, self._origin, text)
        self.undo_stack.push(command)
        return command

    def highlight_selection(self, color: HighlightColor, *, comment: bool = False) -> None:
        """Highlight the selected text in ``color`` (recolour it, if it is highlighted already)."""
        lines = self._view.selected_lines()
        if lines is None:
            return
        page, rects = lines
        text = self._view.selected_text()
        self._last_color = color
        self._view.clear_selection()
        existing = next(
            (h for h in self._highlights if same_place(page, rects, h.page, h.rects)), None
        )
        if existing is not None:
            if existing.color is not color:
                self.recolor(existing, color)
            if comment:
                self.edit_comment(existing)
            return
        record = HighlightRecord(page, text, tuple(rects), color)
        command = self._push(AddHighlight(self.paper_id, record), "Highlight")
        if comment and command.done is not None:
            when_written(command.done, self, self._comment_on_new)

    def _comment_on_new(self, done: Done[int]) -> None:
        if self._panel.edit_comment(done.value):
            self._notes.show_highlights()
        else:
            self._comment_on = done.value  # shown with the next refresh

    def recolor(self, highlight: Highlight, color: HighlightColor) -> None:
        self._last_color = color
        self._push(
            EditHighlight(highlight.id, color=color),
            f"Colour highlight {COLOR_NAMES[color].lower()}",
        )

    def set_comment(self, highlight: Highlight, comment: str) -> None:
        self._push(EditHighlight(highlight.id, comment=comment), "Edit comment")

    def delete(self, highlight: Highlight) -> None:
        if highlight.id == self._panel_chosen():
            self._view.choose_highlight(None)
        self._push(DeleteHighlights((highlight.id,)), "Delete highlight")

    def edit_comment(self, highlight: Highlight) -> None:
        self._notes.show_highlights()
        self._panel.edit_comment(highlight.id)

    def _panel_chosen(self) -> int | None:
        current = self._panel.current()
        return None if current is None else current.id

    # ------------------------------------------------------------- reading

    def jump_to(self, highlight: Highlight) -> None:
        """Show a highlight in the PDF, outlined."""
        self._view.reveal(highlight.page, highlight.top)
        self._view.choose_highlight(highlight.id)

    def _highlight_clicked(self, highlight: Highlight) -> None:
        self._view.choose_highlight(highlight.id)
        self._panel.select(highlight.id)

    def quote_selection(self) -> None:
        """Put the selected text in the notes as a quote with a link to its page."""
        lines = self._view.selected_lines()
        text = self._view.selected_text()
        if lines is None or not text.strip():
            return
        self.quote(text, lines[0])

    def quote(self, text: str, page: int) -> None:
        self._notes.show_editor()
        self._notes.editor.insert_quote(text, page + 1)

    # ----------------------------------------------------------------- menu

    def show_menu(self, position: QPoint, highlight: Highlight | None) -> None:
        menu = self.build_menu(highlight)
        menu.exec(position)
        menu.deleteLater()

    def build_menu(self, highlight: Highlight | None) -> QMenu:
        """The PDF's context menu: the highlight under the pointer, then the selection."""
        menu = QMenu(self._tab)
        if highlight is not None:
            menu.addAction("Edit Comment…", lambda: self.edit_comment(highlight))
            colors = menu.addMenu("Colour")
            for color in HighlightColor:
                action = colors.addAction(
                    COLOR_NAMES[color], partial(self.recolor, highlight, color)
                )
                action.setCheckable(True)
                action.setChecked(color is highlight.color)
            if highlight.text:
                menu.addAction("Quote to Note", lambda: self.quote(highlight.text, highlight.page))
            menu.addAction("Delete Highlight", lambda: self.delete(highlight))
            menu.addSeparator()
        if self._view.selected_lines() is not None:
            menu.addAction(self.copy_action)
            for action in self.color_actions.values():
                menu.addAction(action)
            menu.addAction(self.comment_action)
            menu.addAction(self.quote_action)
            menu.addSeparator()
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        menu.addSeparator()
        menu.addAction(self.save_action)
        return menu

    # ------------------------------------------------------- PDF with highlights

    def ask_where_to_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self._tab, "Save PDF with Highlights", "", "PDF files (*.pdf)"
        )
        if name:
            self.save_copy(Path(name if name.lower().endswith(".pdf") else name + ".pdf"))

    def save_copy(self, target: Path) -> None:
        """Write a copy of the PDF with every highlight as an annotation, in the background."""
        from readinglist_gui.core.pdf import PdfError
        from readinglist_gui.core.pdf_annotations import save_with_highlights

        library, paper_id = self._library, self.paper_id

        def write() -> str:
            try:
                outcome = save_with_highlights(library, paper_id, target)
            except PdfError as error:
                return f"Could not save {target.name}: {error}"
            return f"Saved {target.name}: {outcome.describe()}."

        self._tasks.run(write, self.saved.emit, lambda error: self.saved.emit(error))
