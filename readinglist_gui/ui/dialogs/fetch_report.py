"""Tell the user which papers an online job could not do, and why.

Shown only when something failed: a run that went well says so in the status
bar and asks for nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from readinglist_gui.core.fetch_report import FetchSummary
from readinglist_gui.core.library import Library

SHOWN_FAILURES = 300


def fetch_report_box(
    library: Library, label: str, summary: FetchSummary, parent: QWidget | None = None
) -> QMessageBox:
    """A non-blocking warning listing each failed paper by title; the caller opens it."""
    failures = summary.failures[:SHOWN_FAILURES]
    titles = {row.id: row.title for row in library.rows([f.paper_id for f in failures])}
    lines = [f"{titles.get(f.paper_id) or f'Paper {f.paper_id}'}: {f.message}" for f in failures]
    hidden = len(summary.failures) - len(failures)
    if hidden > 0:
        lines.append(f"… and {hidden:,} more")
    count = len(summary.failures)
    box = QMessageBox(parent)
    box.setObjectName("fetchReport")
    box.setWindowTitle(label)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the label names a list or section
    box.setText(f"{label}: {count} paper{'s' if count != 1 else ''} could not be done.")
    box.setInformativeText(f"Done: {summary.text()}.")
    box.setDetailedText("\n".join(lines))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box
