"""When the app syncs with its reading group, and what it says about it; never on the GUI thread.

A linked library syncs a moment after the window has settled (start-up never
waits on the server), then every ``PERIOD_MS``, a moment after a local edit
while the server is reachable, soon after the group's ``NOTIFY`` says another
member changed something, and whenever asked. Every sync runs on the
``GroupWorker`` thread through ``sync.sync_once``; its writes come back as
change sets through the library's listeners like any other write, so the
window updates itself. The listener (``core.group.listener``) also tells
whether the server is reachable: losing it shows "offline" with the count
of local changes waiting, finding it again syncs them.

Nothing of the network (psycopg, the group's server code) is imported on
the GUI thread: the worker imports it with its first job.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from readinglist_gui.core.group.local_tables import FROM_GROUP, NOT_SENT, GroupLink, waiting
from readinglist_gui.core.library import Library
from readinglist_gui.core.writes import Aspect, ChangeSet
from readinglist_gui.ui.group.sync_state import SyncState, SyncStatus
from readinglist_gui.ui.group.worker import GroupWorker

if TYPE_CHECKING:
    from readinglist_gui.core.group.listener import GroupListener
    from readinglist_gui.core.group.sync import SyncReport

START_DELAY_MS = 300
"""After the window has settled, before the first sync."""
PERIOD_MS = 5 * 60_000
LIVE_DELAY_MS = 400
"""After a NOTIFY, before pulling: a member's sync notifies once per statement."""
PUSH_DELAY_MS = 2_000
"""After a local edit, before pushing it: a burst of edits goes in one sync."""
LISTENER_RETRY_S = 30.0
"""While the server is away, how often the listener tries it again (and syncs once back)."""
CLOSE_WAIT_S = 0.8
"""How long closing the window waits for a sync on the wire before leaving it behind."""
SENT = Aspect.every() & ~NOT_SENT


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one sync job found, computed on the worker thread."""

    report: SyncReport | None
    error: str = ""
    offline: bool = False
    needs_password: bool = False
    waiting: int = 0
    members: tuple[str, ...] = ()


class GroupSync(QObject):
    statusChanged = Signal(object)
    """The indicator's ``SyncStatus``."""
    synced = Signal(object)
    """A ``SyncReport`` once a sync got through."""
    membersChanged = Signal()
    """The group's members changed: every "read by" total may differ."""
    passwordWanted = Signal(str)
    """The server asked for a password libpq could not find (the message says so)."""
    _heard = Signal()
    _reachable = Signal(bool)

    def __init__(
        self, library: Library, worker: GroupWorker, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._worker = worker
        self.link: GroupLink | None = None
        self.password: str | None = None
        """Typed by the user for this session only; never written anywhere."""
        self.listener_retry = LISTENER_RETRY_S
        self.status = SyncStatus()
        self._started = False
        self._running = False
        self._again = False
        self._members: tuple[str, ...] = ()
        self._listener: GroupListener | None = None
        self._listener_lock = threading.Lock()
        self._listener_generation = 0
        """Moves at every stop, so that a start queued before it is dropped."""
        self._timers: list[QTimer] = []
        self._start_timer = self._timer(START_DELAY_MS, self.sync_now)
        self._period = self._timer(PERIOD_MS, self.sync_now, single=False)
        self._live_timer = self._timer(LIVE_DELAY_MS, self.sync_now)
        self._push_timer = self._timer(PUSH_DELAY_MS, self.sync_now)
        self._count_timer = self._timer(300, self._count_waiting)
        self._heard.connect(self._notified)
        self._reachable.connect(self._server_reachable)

    def _timer(self, interval: int, slot: Any, *, single: bool = True) -> QTimer:
        timer = QTimer(self, singleShot=single, interval=interval)
        timer.timeout.connect(slot)
        self._timers.append(timer)
        return timer

    # -- what the window tells it -----------------------------------------------------
    def set_link(self, link: GroupLink | None) -> None:
        """The library joined a group (or left it): start or stop everything."""
        self.link = link
        self._stop_listener(0)
        for timer in self._timers:
            timer.stop()
        if link is None:
            self._members = ()
            self._show(SyncStatus())
            return
        self._show(SyncStatus(SyncState.WAITING))
        if self._started:
            self._start_timer.start()

    def start(self) -> None:
        """The window has shown and settled: the first sync may go."""
        if self._started:
            return
        self._started = True
        if self.link is not None:
            self._start_timer.start()

    def apply(self, changes: ChangeSet) -> None:
        """A write: a local edit goes to the group soon, or counts as waiting while offline."""
        if self.link is None or changes.origin is FROM_GROUP:
            return
        if not (changes.everything or changes.added or changes.removed or changes.scope) and (
            not changes.aspects & SENT
        ):
            return
        if self._running:
            self._again = True
        elif self.status.state in (SyncState.OFFLINE, SyncState.FAILED, SyncState.WAITING):
            self._count_timer.start()
        elif self._started:
            self._push_timer.start()

    def sync_now(self) -> None:
        if self.link is None or self._worker.closed:
            return
        if self._running:
            self._again = True
            return
        self._running, self._again = True, False
        for timer in (self._start_timer, self._live_timer, self._push_timer):
            timer.stop()
        self._show(replace(self.status, state=SyncState.SYNCING))
        self._worker.run(self._sync_job(self.password), self._finished, self._crashed)

    def is_idle(self) -> bool:
        """No sync running or about to (tests wait on it)."""
        return not self._running and self._worker.is_idle()

    def is_listening(self) -> bool:
        with self._listener_lock:
            return self._listener is not None

    def close(self) -> None:
        """Stop the timers and the listener; leave a sync on the wire to its timeout."""
        for timer in self._timers:
            timer.stop()
        with self._listener_lock:
            listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop(0)
        self._worker.close(CLOSE_WAIT_S)
        if listener is not None:
            listener.stop(CLOSE_WAIT_S)

    # -- the sync itself --------------------------------------------------------------
    def _sync_job(self, password: str | None) -> Any:
        library = self._library

        def job() -> Outcome:
            from readinglist_gui.core.group import progress, sync
            from readinglist_gui.core.group.connection import NO_PASSWORD

            try:
                report = sync.sync_once(library, password)
            except Exception as exc:
                message = _one_line(exc)
                return Outcome(
                    None,
                    message,
                    offline=_is_offline(exc) and NO_PASSWORD not in message,
                    needs_password=NO_PASSWORD in message,
                    waiting=_waiting(library),
                )
            with library.engine.connect() as conn:
                members = tuple(progress.members(conn))
                left = waiting(conn)
            return Outcome(report, waiting=left, members=members)

        return job

    def _finished(self, outcome: Outcome) -> None:
        self._running = False
        if outcome.report is not None:
            now = dt.datetime.now(dt.UTC)
            self._show(SyncStatus(SyncState.SYNCED, now, outcome.waiting))
            if self._members and outcome.members != self._members:
                self.membersChanged.emit()
            self._members = outcome.members
            self.synced.emit(outcome.report)
        else:
            state = SyncState.OFFLINE if outcome.offline else SyncState.FAILED
            self._show(
                replace(self.status, state=state, waiting=outcome.waiting, message=outcome.error)
            )
            if outcome.needs_password:
                self.passwordWanted.emit(outcome.error)
        if self.link is not None and not self._worker.closed:
            self._period.start()
            if not outcome.needs_password:  # it would be refused too; the answer starts it
                self._start_listener()
            if self._again:
                self.sync_now()

    def _crashed(self, exc: Exception) -> None:
        """The job itself failed (the library could not even be read)."""
        self._running = False
        self._show(replace(self.status, state=SyncState.FAILED, message=_one_line(exc)))

    def _count_waiting(self) -> None:
        if self.link is None:
            return
        library = self._library
        self._worker.run(lambda: _waiting(library), self._counted, lambda _exc: None)

    def _counted(self, waiting: int) -> None:
        if self.link is not None and self.status.state is not SyncState.SYNCING:
            self._show(replace(self.status, waiting=waiting))

    def _show(self, status: SyncStatus) -> None:
        self.status = status
        self.statusChanged.emit(status)

    # -- live updates -----------------------------------------------------------------
    def _start_listener(self) -> None:
        """Listen for the group's NOTIFY, once per link and password (on the worker thread)."""
        if self.is_listening() or self.link is None:
            return
        link, password, retry = self.link, self.password, self.listener_retry
        generation = self._listener_generation

        def start() -> None:
            from readinglist_gui.core.group.listener import GroupListener

            if self._worker.closed:
                return
            listener = GroupListener(
                link, self._heard.emit, self._reachable.emit, retry, password=password
            )
            with self._listener_lock:
                # A start queued before a stop (or a new password) must not win over it.
                if self._listener is not None or generation != self._listener_generation:
                    return
                self._listener = listener.start()

        self._worker.run(start, lambda _none: None, lambda _exc: None)

    def _stop_listener(self, wait: float) -> None:
        with self._listener_lock:
            listener, self._listener = self._listener, None
            self._listener_generation += 1
        if listener is not None:
            listener.stop(wait)

    def restart_listener(self) -> None:
        """With a new password: listen again with it."""
        self._stop_listener(0)
        if self.link is not None and self._started:
            self._start_listener()

    def _notified(self) -> None:
        """Another member (or this library's own push) changed the group: pull soon."""
        if self._running:
            self._again = True
        else:
            self._live_timer.start()

    def _server_reachable(self, reachable: bool) -> None:
        if self.link is None:
            return
        if reachable and self.status.state in (SyncState.OFFLINE, SyncState.FAILED):
            self.sync_now()
        elif reachable:
            # A change the others made before LISTEN took hold was never announced.
            self._notified()
        elif not reachable and self.status.state in (SyncState.SYNCED, SyncState.WAITING):
            message = "lost the connection to the group's server"
            self._show(replace(self.status, state=SyncState.OFFLINE, message=message))
            self._count_waiting()


def _waiting(library: Library) -> int:
    with library.engine.connect() as conn:
        return waiting(conn)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _is_offline(exc: BaseException) -> bool:
    """Whether the server could not be reached (or was lost), rather than refused something."""
    import psycopg

    seen: BaseException | None = exc
    while seen is not None:
        original = getattr(seen, "orig", None)
        for candidate in (seen, original):
            if isinstance(candidate, psycopg.OperationalError):
                return "password authentication failed" not in str(candidate)
        seen = seen.__cause__ or seen.__context__
    return "cannot reach" in str(exc)
