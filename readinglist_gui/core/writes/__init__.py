"""Every change to a library, as ops run one at a time by one writer, each saying what it changed.

The writer, change sets and the change feed load with the package: opening a
library needs them. The ops load when one is first asked for (``__getattr__``):
their modules bring the import, merge and identity code, which a window
showing a library it has not yet changed has no use for (start-up time).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from readinglist_gui.core.writes.changes import Aspect, ChangeSet, Scope
from readinglist_gui.core.writes.feed import ChangeHub, ExternalChanges
from readinglist_gui.core.writes.writer import Done, Op, Tx, UndoOf, Writer

if TYPE_CHECKING:
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
    from readinglist_gui.core.writes.rows import DeletePapers, RestorePapers, papers_label
    from readinglist_gui.core.writes.tag_edits import AddTags, RemoveTags, RenameTag, SetTagColor

_LAZY = {
    **dict.fromkeys(
        (
            "AddHighlight",
            "DeleteHighlights",
            "EditHighlight",
            "ImportHighlights",
            "RestoreHighlights",
        ),
        "highlight_edits",
    ),
    **dict.fromkeys(("FoldSearch", "ImportPapers"), "importing"),
    **dict.fromkeys(
        (
            "EDITABLE_FIELDS",
            "HandBackStatus",
            "Promote",
            "RecordReading",
            "SetNote",
            "SetPdf",
            "SetReaderZoom",
            "SetStatus",
            "UpdateFields",
        ),
        "paper_edits",
    ),
    **dict.fromkeys(("DeletePapers", "RestorePapers", "papers_label"), "rows"),
    **dict.fromkeys(("AddTags", "RemoveTags", "RenameTag", "SetTagColor"), "tag_edits"),
}
"""Which module of the package defines each op (and the wording helper ops share)."""


def __getattr__(name: str) -> Any:
    """Load an op's module the first time the op is asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


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
    "papers_label",
]
