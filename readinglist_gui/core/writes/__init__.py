"""Every change to a library, as ops run one at a time by one writer, each saying what it changed."""

from readinglist_gui.core.writes.changes import Aspect, ChangeSet, Scope
from readinglist_gui.core.writes.feed import ChangeHub, ExternalChanges
from readinglist_gui.core.writes.highlight_edits import (
    AddHighlight,
    DeleteHighlights,
    EditHighlight,
    ImportHighlights,
    RestoreHighlights,
)
from readinglist_gui.core.writes.importing import FoldSearch, ImportPapers
from readinglist_gui.core.writes.paper_edits import (
    EDITABLE_FIELDS,
    HandBackStatus,
    Promote,
    RecordReading,
    SetNote,
    SetPdf,
    SetReaderZoom,
    SetStatus,
    UpdateFields,
)
from readinglist_gui.core.writes.rows import DeletePapers, RestorePapers
from readinglist_gui.core.writes.tag_edits import AddTags, RemoveTags, RenameTag, SetTagColor
from readinglist_gui.core.writes.writer import Done, Op, Tx, UndoOf, Writer

__all__ = [
    "EDITABLE_FIELDS",
    "AddHighlight",
    "AddTags",
    "Aspect",
    "ChangeHub",
    "ChangeSet",
    "DeleteHighlights",
    "DeletePapers",
    "Done",
    "EditHighlight",
    "ExternalChanges",
    "FoldSearch",
    "HandBackStatus",
    "ImportHighlights",
    "ImportPapers",
    "Op",
    "Promote",
    "RecordReading",
    "RemoveTags",
    "RenameTag",
    "RestoreHighlights",
    "RestorePapers",
    "Scope",
    "SetNote",
    "SetPdf",
    "SetReaderZoom",
    "SetStatus",
    "SetTagColor",
    "Tx",
    "UndoOf",
    "UpdateFields",
    "Writer",
]
