"""The paper table's columns: what each shows, what it sorts by, and what its cells say."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication

from readinglist_gui.core.query import SortKey
from readinglist_gui.core.results import PaperRow
from readinglist_gui.ui.pdf_badge import PdfState
from readinglist_gui.ui.plain_text import plain_tooltip
from readinglist_gui.ui.status_chip import is_dark


class Column(IntEnum):
    TITLE = 0
    AUTHORS = 1
    YEAR = 2
    STATUS = 3
    TAGS = 4
    PLACE = 5
    ADDED = 6
    READ_BY = 7
    """How many of the reading group's members have read it: only for a library in a group."""


@dataclass(frozen=True, slots=True)
class _ColumnSpec:
    label: str
    sort: SortKey | None
    """None: not sortable (the header click keeps the order shown)."""
    width: int


COLUMNS: dict[Column, _ColumnSpec] = {
    Column.TITLE: _ColumnSpec("Title", SortKey.TITLE, 220),
    Column.AUTHORS: _ColumnSpec("Authors", SortKey.AUTHORS, 130),
    Column.YEAR: _ColumnSpec("Year", SortKey.YEAR, 52),
    Column.STATUS: _ColumnSpec("Status", SortKey.STATUS, 88),
    Column.TAGS: _ColumnSpec("Tags", SortKey.TAGS, 110),
    Column.PLACE: _ColumnSpec("Reading list", SortKey.PLACE, 110),
    Column.ADDED: _ColumnSpec("Added", SortKey.ADDED, 92),
    Column.READ_BY: _ColumnSpec("Read by", None, 70),
}

PAPER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PDF_STATE_ROLE = Qt.ItemDataRole.UserRole + 2
"""The title's ``PdfState``: what the mark before it says."""


def column_for_sort(key: SortKey) -> Column | None:
    for column, spec in COLUMNS.items():
        if spec.sort is key:
            return column
    return None


def cell_text(row: PaperRow, column: Column) -> str:
    match column:
        case Column.TITLE:
            return row.title or "(untitled)"
        case Column.AUTHORS:
            return row.authors
        case Column.YEAR:
            return str(row.year) if row.year else ""
        case Column.STATUS:
            return row.status.value
        case Column.TAGS:
            return row.tags
        case Column.PLACE:
            return row.place
        case Column.ADDED:
            return row.added.strftime("%Y-%m-%d")
        case Column.READ_BY:
            return ""  # the model's ``ReadByColumn`` answers for these cells


_PDF_NOTES = {
    PdfState.NONE: "",
    PdfState.AVAILABLE: "\nPDF available offline",
    PdfState.DOWNLOADING: "\nPDF downloading…",
}


def cell_tooltip(row: PaperRow, column: Column, pdf: PdfState) -> str | None:
    """The whole text of a cell that may be cut short, shown literally whatever it contains."""
    if column is Column.TITLE:
        suffix = "\n(title was truncated in the source list)" if row.title_truncated else ""
        return plain_tooltip(f"{row.title}{suffix}{_PDF_NOTES[pdf]}") if row.title else None
    if column in (Column.AUTHORS, Column.TAGS, Column.PLACE):
        text = cell_text(row, column)
        return plain_tooltip(text) if text else None
    return None


def noted_background() -> QColor:
    """A soft green wash, like the highlighter green of published reading lists."""
    if is_dark(QGuiApplication.palette()):
        return QColor(60, 140, 90, 60)
    return QColor(120, 200, 140, 55)
