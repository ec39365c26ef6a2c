"""Undoable edits: each command records just enough of the before-state to put it back.

Commands work on whole selections in one call to the core, so a change to
thousands of papers is a handful of SQL statements. Deleting and restoring a
paper gives it a new id; ``EditContext.alias`` lets commands that were recorded
earlier still find the paper after such a round trip.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from PySide6.QtGui import QUndoCommand

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import ImportBatch, Status
from readinglist_gui.ui.status_chip import LABELS


@dataclass
class EditContext:
    """What every command needs: the library, a hook to refresh views, and id aliases."""

    library: Library
    changed: Callable[[], None]
    alias: dict[int, int] = field(default_factory=dict)

    def resolve(self, ids: Iterable[int]) -> list[int]:
        """Current ids for ids a command remembered (papers restored by undo get new ids)."""
        result = []
        for paper_id in ids:
            while paper_id in self.alias:
                paper_id = self.alias[paper_id]
            result.append(paper_id)
        return result


ID_CHUNK = 10_000
"""Ids per query when narrowing a selection; SQLite caps bound parameters at 32,766."""


def ids_within(library: Library, ids: Sequence[int], query: PaperQuery) -> list[int]:
    """The papers among ``ids`` that also match ``query``'s filters."""
    found: list[int] = []
    for start in range(0, len(ids), ID_CHUNK):
        chunk = tuple(ids[start : start + ID_CHUNK])
        found.extend(library.ids(replace(query, ids=chunk)))
    return found


MANUAL_LOOKUP_LIMIT = 300
"""Papers whose "set by hand" flag undo reads one by one (the core has no bulk read of it yet).

Above this, undoing a status change restores every old status but leaves it marked as
set by hand, so automatic promotion will not move those papers again.
"""


def _papers(count: int) -> str:
    return "1 paper" if count == 1 else f"{count:,} papers"


class SetStatusCommand(QUndoCommand):
    """Mark papers unread/skimmed/noted by hand; undo restores each paper's own status."""

    def __init__(self, context: EditContext, ids: Sequence[int], status: Status) -> None:
        super().__init__(f"Mark {_papers(len(ids))} {LABELS[status].lower()}")
        self._context = context
        self._ids = list(ids)
        self._status = status
        lib = context.library
        self._before: dict[Status, list[int]] = defaultdict(list)
        for row in lib.rows(self._ids):
            self._before[row.status].append(row.id)
        self._automatic = (
            [pid for pid in self._ids if not _set_by_hand(lib, pid)]
            if len(self._ids) <= MANUAL_LOOKUP_LIMIT
            else []
        )

    def redo(self) -> None:
        self._context.library.set_status(self._context.resolve(self._ids), self._status)
        self._context.changed()

    def undo(self) -> None:
        lib = self._context.library
        for status, ids in self._before.items():
            lib.set_status(self._context.resolve(ids), status)
        lib.clear_manual_status(self._context.resolve(self._automatic))
        self._context.changed()


def _set_by_hand(lib: Library, paper_id: int) -> bool:
    """Whether the user chose this paper's status (undo must not leave it "by hand")."""
    detail = lib.paper(paper_id)
    return detail is not None and detail.status_manual


class TagCommand(QUndoCommand):
    """Add or remove tags on papers; undo touches only papers whose tags actually changed."""

    def __init__(
        self, context: EditContext, ids: Sequence[int], names: Sequence[str], *, add: bool
    ) -> None:
        verb = "Tag" if add else "Untag"
        super().__init__(f"{verb} {_papers(len(ids))} with {', '.join(names)}")
        self._context = context
        self._ids = list(ids)
        self._names = list(names)
        self._add = add
        lib = context.library
        self._had: dict[str, list[int]] = {
            name: ids_within(lib, self._ids, PaperQuery(tags=(name,))) for name in self._names
        }

    def redo(self) -> None:
        lib = self._context.library
        ids = self._context.resolve(self._ids)
        if self._add:
            lib.add_tags(ids, self._names)
        else:
            lib.remove_tags(ids, self._names)
        self._context.changed()

    def undo(self) -> None:
        lib = self._context.library
        for name, had in self._had.items():
            had_set = set(had)
            if self._add:
                lib.remove_tags(
                    self._context.resolve(i for i in self._ids if i not in had_set), [name]
                )
            else:
                lib.add_tags(self._context.resolve(had), [name])
        self._context.changed()


class RenameTagCommand(QUndoCommand):
    """Rename a tag, or merge it into another; undo splits a merge back apart."""

    def __init__(self, context: EditContext, old: str, new: str) -> None:
        super().__init__(f"Rename tag {old} to {new}")
        self._context = context
        self._old = old
        self._new = " ".join(new.split())
        lib = context.library
        colors = {tag.name.casefold(): tag.color for tag in lib.tags()}
        self._old_color = colors.get(old.casefold())
        self._merging = self._new.casefold() in colors and self._new.casefold() != old.casefold()
        self._new_color = colors.get(self._new.casefold())
        self._old_ids = lib.ids(PaperQuery(tags=(old,)))
        self._new_ids = lib.ids(PaperQuery(tags=(self._new,))) if self._merging else []

    def redo(self) -> None:
        self._context.library.rename_tag(self._old, self._new)
        self._context.changed()

    def undo(self) -> None:
        lib = self._context.library
        if not self._merging:
            lib.rename_tag(self._new, self._old)
        else:
            had_new = set(self._new_ids)
            lib.add_tags(self._context.resolve(self._old_ids), [self._old])
            lib.remove_tags(
                self._context.resolve(i for i in self._old_ids if i not in had_new), [self._new]
            )
            lib.set_tag_color(self._new, self._new_color)
        lib.set_tag_color(self._old, self._old_color)
        self._context.changed()


class TagColorCommand(QUndoCommand):
    def __init__(self, context: EditContext, name: str, color: str | None) -> None:
        super().__init__(f"Colour tag {name}")
        self._context = context
        self._name = name
        self._color = color
        colors = {tag.name.casefold(): tag.color for tag in context.library.tags()}
        self._before = colors.get(name.casefold())

    def redo(self) -> None:
        self._context.library.set_tag_color(self._name, self._color)
        self._context.changed()

    def undo(self) -> None:
        self._context.library.set_tag_color(self._name, self._before)
        self._context.changed()


class EditFieldsCommand(QUndoCommand):
    """Hand edits to one paper's fields; undo writes the old values back."""

    def __init__(self, context: EditContext, paper_id: int, fields: dict[str, object]) -> None:
        super().__init__("Edit paper")
        self._context = context
        self._id = paper_id
        self._after = dict(fields)
        detail = context.library.paper(paper_id)
        if detail is None:
            raise LookupError(f"paper {paper_id} is gone")
        self._before = {name: getattr(detail, name) for name in fields}

    def redo(self) -> None:
        (paper_id,) = self._context.resolve([self._id])
        self._context.library.update_fields(paper_id, **self._after)
        self._context.changed()

    def undo(self) -> None:
        (paper_id,) = self._context.resolve([self._id])
        self._context.library.update_fields(paper_id, **self._before)
        self._context.changed()


class DeleteCommand(QUndoCommand):
    """Delete papers; undo re-imports them with their tags, notes and list entries.

    Re-importing a reading list replaces its structure, so the snapshot holds every
    paper of each list a deleted paper belonged to, not only the deleted ones.
    """

    def __init__(self, context: EditContext, ids: Sequence[int]) -> None:
        super().__init__(f"Delete {_papers(len(ids))}")
        self._context = context
        self._ids = sorted(set(ids))
        self._snapshot: ImportBatch | None = None
        self._snapshot_ids: list[int] = []

    def redo(self) -> None:
        lib = self._context.library
        ids = self._context.resolve(self._ids)
        doomed = set(ids)
        keep = set(ids)
        for info in lib.lists():
            members = lib.ids(PaperQuery(list_id=info.id))
            if doomed.intersection(members):
                keep.update(members)
        self._snapshot_ids = sorted(keep)
        self._snapshot = lib.export_batch(PaperQuery(ids=tuple(self._snapshot_ids)))
        lib.delete_papers(ids)
        self._context.changed()

    def undo(self) -> None:
        if self._snapshot is None:
            return
        report = self._context.library.import_batch(self._snapshot)
        for old, new in zip(self._snapshot_ids, report.paper_ids, strict=True):
            if old != new:
                self._context.alias[old] = new
        self._context.changed()


class ImportedCommand(QUndoCommand):
    """Papers an import has just written: undo deletes them, redo brings them back.

    Pushed after the import, so its first ``redo`` has nothing left to do.
    """

    def __init__(self, context: EditContext, ids: Sequence[int], text: str) -> None:
        super().__init__(text)
        self._delete = DeleteCommand(context, ids)
        self._written = True

    def redo(self) -> None:
        if not self._written:
            self._delete.undo()
            self._written = True

    def undo(self) -> None:
        self._delete.redo()
        self._written = False
