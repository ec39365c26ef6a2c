"""A strip above the window's tabs saying what is wrong with the library file, and what to do.

A banner rather than a dialog: a read-only or damaged library stays usable
for reading, and the message must stay in view for as long as it is true.
Its colours are mixed from the palette, so it reads in light and dark alike.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)


class Tone(Enum):
    """How worried the banner sounds: a notice (read-only) or trouble (damage)."""

    NOTICE = "#e0a100"
    TROUBLE = "#d32f2f"


class LibraryBanner(QFrame):
    """Hidden until there is something to say; ``restoreRequested`` when its button is pressed."""

    restoreRequested = Signal()
    visibilityChanged = Signal(bool)
    """Shown or hidden, for the bar that holds it to follow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryBanner")
        self.setAccessibleName("Library status")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._tone = Tone.NOTICE
        self._fill = QColor()
        self._edge = QColor()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        layout.setSpacing(12)
        self.mark = QLabel(self)
        self.mark.setObjectName("libraryBannerMark")
        self.mark.setFixedWidth(4)
        layout.addWidget(self.mark)
        self.text = QLabel(self)
        self.text.setObjectName("libraryBannerText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text, 1)
        self.restore_button = QPushButton("Restore from Backup…", self)
        self.restore_button.setObjectName("libraryBannerRestore")
        self.restore_button.clicked.connect(self.restoreRequested)
        layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_read_only(self, where: str) -> None:
        """The library may be read but not written: say so, and that nothing will be saved."""
        self._show(
            Tone.NOTICE,
            f"This library is read-only for you ({where}). You can read, search and export "
            "it; changes cannot be saved, so editing is turned off.",
            restore=False,
        )
        self.text.setToolTip("")

    def show_damage(self, headline: str, details: str = "", *, restorable: bool) -> None:
        """The library file is damaged: what was found (SQLite's own words in the tooltip),
        and the way back if there is one."""
        advice = (
            "Restore a backup to go on safely; the damaged file will be kept aside."
            if restorable
            else "There is no automatic backup to restore yet: export what you can."
        )
        self._show(Tone.TROUBLE, f"{headline} {advice}", restore=restorable)
        self.text.setToolTip(details)

    def _show(self, tone: Tone, text: str, *, restore: bool) -> None:
        self._tone = tone
        self.text.setText(text)
        self.restore_button.setVisible(restore)
        self._paint()
        self.show()
        self.visibilityChanged.emit(True)
        self._fit()

    def _paint(self) -> None:
        base = QApplication.palette().color(QPalette.ColorRole.Window)
        accent = QColor(self._tone.value)
        dark = base.lightnessF() < 0.5
        self._fill = _mix(base, accent, 0.30 if dark else 0.14)
        self._edge = _mix(base, accent, 0.55 if dark else 0.45)
        self.mark.setStyleSheet(f"background: {accent.name()}; border-radius: 2px;")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A tinted strip with a hairline under it; painted here, since a style sheet on
        the bar holding the banner would override a palette's background."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._fill)
        painter.fillRect(0, self.height() - 1, self.width(), 1, self._edge)
        painter.end()
        super().paintEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """As tall as the wrapped message needs at this width: a toolbar asks no layout."""
        layout = self.layout()
        if layout is None:
            return
        layout.invalidate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > 0 and needed != self.height():
            self.setFixedHeight(needed)
        layout.setGeometry(self.rect())  # a resize from within a resize reaches no layout

    def changeEvent(self, event: QEvent) -> None:
        """Follow a switch between light and dark palettes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._paint()


def _mix(base: QColor, accent: QColor, share: float) -> QColor:
    return QColor.fromRgbF(
        base.redF() + (accent.redF() - base.redF()) * share,
        base.greenF() + (accent.greenF() - base.greenF()) * share,
        base.blueF() + (accent.blueF() - base.blueF()) * share,
    )
