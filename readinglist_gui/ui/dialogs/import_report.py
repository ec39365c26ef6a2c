"""Tell the user what an import brought in and what it had to leave out."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from readinglist_gui.core.results import ImportReport
from readinglist_gui.core.snapshot_import import SnapshotReport

SHOWN_PROBLEMS = 500
"""A report longer than this is truncated; nobody reads the 501st line."""


def import_report_box(report: ImportReport, parent: QWidget | None = None) -> QMessageBox:
    """A non-blocking message box; the caller opens it."""
    box = QMessageBox(parent)
    box.setObjectName("importReport")
    box.setWindowTitle("Import finished")
    box.setIcon(QMessageBox.Icon.Warning if report.problems else QMessageBox.Icon.Information)
    box.setText(f"Import finished: {report.summary()}.")
    if report.problems:
        box.setInformativeText("Some entries could not be read; the details list them.")
        lines = [str(problem) for problem in report.problems[:SHOWN_PROBLEMS]]
        hidden = len(report.problems) - len(lines)
        if hidden > 0:
            lines.append(f"… and {hidden:,} more")
        box.setDetailedText("\n".join(lines))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def snapshot_report_box(report: SnapshotReport, parent: QWidget | None = None) -> QMessageBox:
    """What an arXiv snapshot import did; a stopped one says what it kept."""
    box = QMessageBox(parent)
    box.setObjectName("snapshotReport")
    if report.cancelled:
        box.setWindowTitle("Import stopped")
        box.setText(
            f"Import stopped. The papers written before the stop are kept: {report.summary()}."
        )
        box.setInformativeText("Import the same file again to finish: nothing is added twice.")
    else:
        box.setWindowTitle("Import finished")
        box.setText(f"Import finished: {report.summary()}.")
    box.setIcon(QMessageBox.Icon.Information)
    if report.problems:
        lines = [str(problem) for problem in report.problems]
        hidden = report.malformed - len(lines)
        if hidden > 0:
            lines.append(f"… and {hidden:,} more malformed lines")
        box.setDetailedText("\n".join(lines))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box
