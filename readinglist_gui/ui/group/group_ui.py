"""The window's reading-group part: the link, the sync indicator, the menu, passwords asked for.

``MainWindow`` holds one ``GroupUi`` and tells it three things: the window has
settled (``window_settled``: the first sync may go), a write happened
(``apply``), and the window closes (``close``). It answers with a line for
the status bar, a failure for a message box, and ``linkChanged`` when the
library joins or leaves a group (the table shows its "Read by" column then).

Which group the library is in is one row of ``library_meta``, read here at
construction, on the GUI thread like the table's first page; everything
that touches the network runs on the ``GroupWorker`` thread. A library in
no group costs this one read and nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from readinglist_gui.core.group.local_tables import GroupLink, read_link
from readinglist_gui.core.library import Library
from readinglist_gui.core.writes import ChangeSet
from readinglist_gui.ui.group.group_menu import GroupMenu
from readinglist_gui.ui.group.indicator import SyncIndicator
from readinglist_gui.ui.group.prompts import ask_password
from readinglist_gui.ui.group.sync_controller import GroupSync
from readinglist_gui.ui.group.sync_state import SyncStatus
from readinglist_gui.ui.group.worker import GroupWorker
from readinglist_gui.ui.view_state import ViewState

NetworkWork = Callable[[str | None], Any]
"""A job that reaches the server, given the session's password (None: libpq's own)."""


class GroupUi(QObject):
    statusMessage = Signal(str, int)
    failed = Signal(str)
    linkChanged = Signal(object)
    """The ``GroupLink`` the library is now in (None once it left), whenever it or the
    group's members change: every "Read by" cell may differ."""

    def __init__(self, library: Library, view: ViewState, window: QWidget) -> None:
        super().__init__(window)
        self._library = library
        self._window = window
        self.worker = GroupWorker(self)
        self.sync = GroupSync(library, self.worker, self)
        self.indicator = SyncIndicator()
        self.menu = GroupMenu(self, library, view, window)
        self.sync_action = self.menu.sync_action
        self._asking = False
        self.sync.statusChanged.connect(self._show_status)
        self.sync.passwordWanted.connect(self._sync_wants_password)
        self.sync.membersChanged.connect(lambda: self.linkChanged.emit(self.link))
        self.indicator.syncRequested.connect(self.sync_now)
        with library.engine.connect() as conn:
            self.set_link(read_link(conn))

    @property
    def link(self) -> GroupLink | None:
        return self.sync.link

    # -- the window's calls -----------------------------------------------------------
    def window_settled(self) -> None:
        self.sync.start()

    def apply(self, changes: ChangeSet) -> None:
        self.sync.apply(changes)

    def sync_now(self) -> None:
        if self.link is None:
            return
        self.sync.sync_now()

    def is_idle(self) -> bool:
        return self.sync.is_idle()

    def close(self) -> None:
        self.sync.close()

    # -- the link ---------------------------------------------------------------------
    def set_link(self, link: GroupLink | None) -> None:
        changed = link != self.sync.link
        self.sync.set_link(link)
        self.menu.follow_link(link)
        if changed:
            self.linkChanged.emit(link)

    def _show_status(self, status: SyncStatus) -> None:
        self.indicator.show_status(status, self.link.url if self.link else "")

    # -- work on the server, asking for a password when libpq has none ------------------
    def run_network(
        self,
        work: NetworkWork,
        done: Callable[[Any], None],
        role: str,
        *,
        busy: str,
    ) -> None:
        """Run ``work`` on the worker; if the server wants a password, ask and run it again."""
        self.statusMessage.emit(busy, 0)
        password = self.sync.password

        def failed(exc: Exception) -> None:
            from readinglist_gui.core.group.connection import NO_PASSWORD

            message = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            self.statusMessage.emit("", 0)
            if NO_PASSWORD in message:
                self._ask_password(role, lambda: self.run_network(work, done, role, busy=busy))
            else:
                self.failed.emit(message)

        def succeeded(result: Any) -> None:
            self.statusMessage.emit("", 0)
            done(result)

        self.worker.run(lambda: work(password), succeeded, failed)

    def _sync_wants_password(self, _message: str) -> None:
        if self.link is not None:
            self._ask_password(self.link.role, self.sync.sync_now)

    def _ask_password(self, role: str, then: Callable[[], None]) -> None:
        if self._asking:
            return
        self._asking = True

        def answered(password: str) -> None:
            self.sync.password = password
            self.sync.restart_listener()
            then()

        reason = "The group's server wants a password, and libpq found none."
        dialog = ask_password(self._window, role, reason, answered)
        dialog.finished.connect(lambda _result: setattr(self, "_asking", False))
