"""What a new user sees instead of an empty table: two obvious ways to get started."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from readinglist_gui.ui.icons import app_icon, set_themed_icon


class EmptyState(QWidget):
    importRequested = Signal()
    sampleRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        picture = QLabel(self)
        picture.setPixmap(app_icon().pixmap(QSize(96, 96), self.devicePixelRatioF()))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(picture)
        heading = QLabel("Your library is empty", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(heading)
        text = QLabel(
            "Bring in a reading list you follow (a course schedule, a blog's monthly picks, "
            "a JSON export), or look around a small sample library first.",
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMinimumWidth(360)
        text.setMaximumWidth(460)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton("Import a reading list…", self)
        set_themed_icon(self.import_button, "import")
        self.import_button.setObjectName("emptyImportButton")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.importRequested)
        self.sample_button = QPushButton("Open the sample library", self)
        set_themed_icon(self.sample_button, "library")
        self.sample_button.setObjectName("emptySampleButton")
        self.sample_button.clicked.connect(self.sampleRequested)
        for button in (self.import_button, self.sample_button):
            button.setMinimumHeight(34)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(3)
