"""Edit a paper's descriptive fields by hand (which then win over later imports)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from readinglist_gui.core.results import PaperDetail

NO_YEAR = 0


class EditPaperDialog(QDialog):
    def __init__(self, detail: PaperDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editPaperDialog")
        self.setWindowTitle("Edit paper")
        self.setMinimumWidth(520)
        self._detail = detail
        form = QFormLayout(self)
        self.title = QLineEdit(detail.title)
        self.authors = QPlainTextEdit("\n".join(detail.authors))
        self.authors.setPlaceholderText("One author per line")
        self.authors.setTabChangesFocus(True)
        self.authors.setFixedHeight(self.fontMetrics().height() * 5 + 12)
        self.year = QSpinBox()
        self.year.setRange(NO_YEAR, 2999)
        self.year.setSpecialValueText("unknown")
        self.year.setValue(detail.year or NO_YEAR)
        self.venue = QLineEdit(detail.venue)
        form.addRow("&Title", self.title)
        form.addRow("&Authors", self.authors)
        form.addRow("&Year", self.year)
        form.addRow("&Venue", self.venue)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changed_fields(self) -> dict[str, object]:
        """Only the fields the user actually changed, so untouched ones stay automatic."""
        authors = [line.strip() for line in self.authors.toPlainText().splitlines() if line.strip()]
        values: dict[str, object] = {
            "title": " ".join(self.title.text().split()),
            "authors": authors,
            "year": self.year.value() or None,
            "venue": self.venue.text().strip(),
        }
        return {
            name: value for name, value in values.items() if getattr(self._detail, name) != value
        }
