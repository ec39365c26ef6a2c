"""The status bar's sync indicator: how the last sync went, in a few words; click to sync now.

It only shows the ``SyncStatus`` it is given. "Synced 2 min ago" ages on a
slow clock of its own, which runs only while the indicator is on screen.
Colours and icons follow the palette, like the status chips.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QToolButton, QWidget

from readinglist_gui.ui.group.sync_state import SyncState, SyncStatus, label, tooltip
from readinglist_gui.ui.icons import set_themed_icon
from readinglist_gui.ui.plain_text import plain_tooltip
from readinglist_gui.ui.status_chip import is_dark

CLOCK_MS = 30_000
"""How often "Synced N min ago" is written again."""

_INK = {
    # (light palette, dark palette): the status chips' amber and a red of the same weight.
    SyncState.OFFLINE: ("#7a5200", "#ffd97a"),
    SyncState.FAILED: ("#a8281e", "#ff9a8f"),
}


class SyncIndicator(QToolButton):
    syncRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._status = SyncStatus()
        self._url = ""
        self._clock = QTimer(self, interval=CLOCK_MS)
        self._clock.timeout.connect(self._write)
        self.clicked.connect(self._clicked)
        self.hide()

    def status(self) -> SyncStatus:
        return self._status

    def show_status(self, status: SyncStatus, group_url: str) -> None:
        self._status, self._url = status, group_url
        hidden = status.state is SyncState.HIDDEN
        self.setVisible(not hidden)
        if hidden:
            self._clock.stop()
            return
        offline = status.state in (SyncState.OFFLINE, SyncState.FAILED)
        set_themed_icon(self, "sync-offline" if offline else "sync")
        self._tint()
        self._write()
        if status.state is SyncState.SYNCED:
            self._clock.start()
        else:
            self._clock.stop()

    def _write(self) -> None:
        now = dt.datetime.now(dt.UTC)
        text = label(self._status, now)
        self.setText(text)
        self.setAccessibleName(text)
        self.setToolTip(plain_tooltip(tooltip(self._status, self._url, now)))

    def _tint(self) -> None:
        palette = QPalette(self.palette())
        inks = _INK.get(self._status.state)
        base = (self.parentWidget() or self).palette()
        color = base.color(QPalette.ColorRole.ButtonText)
        if inks is not None:
            color = QColor(inks[1] if is_dark(base) else inks[0])
        palette.setColor(QPalette.ColorRole.ButtonText, color)
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.setPalette(palette)

    def _clicked(self) -> None:
        if self._status.state is not SyncState.SYNCING:
            self.syncRequested.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._tint()
        super().changeEvent(event)
