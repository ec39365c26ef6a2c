"""What a reader shows instead of a PDF it does not have: ways to get one, calmly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class MissingPdfPanel(QWidget):
    """What a paper without a local PDF shows: ways to get one, calmly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("missingPdf")
        title = QLabel("<h3>No PDF for this paper yet</h3>", self)
        hint = QLabel("Attach a file, drop a PDF here, or fetch it from arXiv.", self)
        self.download_button = QPushButton("Download from arXiv", self)
        self.download_button.setObjectName("downloadPdfButton")
        self.download_button.setEnabled(False)
        self.attach_button = QPushButton("Attach a PDF…", self)
        self.attach_button.setObjectName("attachPdfButton")
        self.link_button = QPushButton("Open link", self)
        self.link_button.setObjectName("openLinkButton")
        self.message = QLabel(self)
        self.message.setObjectName("missingPdfMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.download_button, self.attach_button, self.link_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (title, hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(2)
