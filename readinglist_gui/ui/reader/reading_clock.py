"""Time actually spent reading a paper: its tab on screen, the window active, the reader there.

"There" means some sign of life in the tab (scrolling, a key, the mouse on
the page or the notes) within ``IDLE_AFTER_S``: two minutes covers reading a
dense page without touching anything, while a reader who walked away stops
counting two minutes later. Seconds gather in memory and are handed over about
once a minute (``FLUSH_EVERY_S``), and whenever the tab hides or closes, so
the library sees one small write a minute rather than one a second.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

IDLE_AFTER_S = 120.0
TICK_MS = 5000
FLUSH_EVERY_S = 60.0
_SIGNS_OF_LIFE = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.Gesture,
        QEvent.Type.NativeGesture,
    }
)


class ReadingClock(QObject):
    """Counts reading seconds for the tab it watches; ``spent(day, seconds)`` hands them over."""

    spent = Signal(object, int)  # local date, whole seconds

    def __init__(
        self,
        tab: QWidget,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(tab)
        self._tab = tab
        self._clock = clock
        self._today = today
        self._last_sign = float("-inf")
        self._last_tick: float | None = None
        self._pending: dict[dt.date, float] = {}
        self._since_flush = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    def watch(self, *widgets: QWidget) -> None:
        """Count input in these widgets as signs of life."""
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _SIGNS_OF_LIFE:
            self.sign_of_life()
        return False

    def sign_of_life(self) -> None:
        self._last_sign = self._clock()

    def start(self) -> None:
        """The tab is on screen: count from now."""
        self._last_tick = self._clock()
        self._timer.start()

    def stop(self) -> None:
        """The tab left the screen: count up to now and hand everything over."""
        self.tick()
        self._timer.stop()
        self._last_tick = None
        self.flush()

    def tick(self) -> None:
        """Add the time since the last tick if it was spent reading."""
        now = self._clock()
        if self._last_tick is None:
            return
        elapsed = min(now - self._last_tick, TICK_MS / 1000 * 2)
        self._last_tick = now
        window = self._tab.window()
        reading = (
            self._tab.isVisible()
            and window is not None
            and window.isActiveWindow()
            and now - self._last_sign <= IDLE_AFTER_S
        )
        if not reading or elapsed <= 0:
            return
        day = self._today()
        self._pending[day] = self._pending.get(day, 0.0) + elapsed
        self._since_flush += elapsed
        if self._since_flush >= FLUSH_EVERY_S:
            self.flush()

    def flush(self) -> None:
        """Hand over the whole seconds gathered; the fractions wait for the next time."""
        self._since_flush = 0.0
        for day, seconds in list(self._pending.items()):
            whole = int(seconds)
            if whole:
                self.spent.emit(day, whole)
            left = seconds - whole
            if left:
                self._pending[day] = left
            else:
                del self._pending[day]
