"""Settle one "Needs review" paper: pick the arXiv candidate that is it, or say none is.

The candidates are the few papers a title search found but could not accept
on its own, so a small item widget is the right tool here. The dialog writes
through ``core.review`` only when the user decides, and reports problems
(the chosen paper is already in the library) without closing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readinglist_gui.core import review
from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.library import Library

AUTHORS_SHOWN = 3


class ReviewDialog(QDialog):
    """Candidates for one paper; accepted once the paper has left the queue."""

    def __init__(self, library: Library, paper_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.setWindowTitle("Find this paper on arXiv")
        self.resize(720, 360)
        self._library = library
        self._paper_id = paper_id
        items = review.pending(library, [paper_id])
        self.candidates = items[0].candidates if items else []
        title = items[0].title if items else ""

        intro = QLabel(self)
        intro.setObjectName("reviewTitle")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        intro.setText(
            f"The list names “{title}”. Which of these arXiv papers is it?"
            if self.candidates
            else "This paper no longer waits for review."
        )
        self.table = QTreeWidget(self)
        self.table.setObjectName("reviewCandidates")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Title", "Authors", "Year", "Match"])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for candidate in self.candidates:
            authors = ", ".join(candidate.authors[:AUTHORS_SHOWN])
            if len(candidate.authors) > AUTHORS_SHOWN:
                authors += " et al."
            item = QTreeWidgetItem(
                [
                    candidate.title,
                    authors,
                    str(candidate.year or ""),
                    f"{candidate.score:.0f}%",
                ]
            )
            item.setToolTip(0, f"{candidate.title}\narXiv {candidate.arxiv_id}")
            item.setToolTip(1, ", ".join(candidate.authors))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)
        self.table.itemDoubleClicked.connect(lambda *_: self.use_selected())

        self.message = QLabel(self)
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        buttons = QDialogButtonBox(self)
        self.use_button = QPushButton("Use this", self)
        self.use_button.setObjectName("reviewUse")
        self.use_button.setDefault(True)
        self.none_button = QPushButton("Not on arXiv", self)
        self.none_button.setObjectName("reviewNone")
        self.none_button.setToolTip("Keep the paper as it is and never search arXiv for it again")
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.none_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.use_button.clicked.connect(self.use_selected)
        self.none_button.clicked.connect(self.not_on_arxiv)
        buttons.rejected.connect(self.reject)
        for button in (self.use_button, self.none_button):
            button.setEnabled(bool(self.candidates))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def use_selected(self) -> None:
        current = self.table.currentItem()
        index = -1 if current is None else self.table.indexOfTopLevelItem(current)
        if not 0 <= index < len(self.candidates):
            return
        try:
            review.choose(self._library, self._paper_id, self.candidates[index].arxiv_id)
        except LibraryError as error:
            self.message.setText(f"Could not use it: {error}.")
            self.message.show()
            return
        self.accept()

    def not_on_arxiv(self) -> None:
        review.mark_not_on_arxiv(self._library, self._paper_id)
        self.accept()
