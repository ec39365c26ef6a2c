"""Live updates: a thread that waits for the group's NOTIFY and says "something changed".

Every writing statement on the group's tables notifies ``CHANNEL`` when its
transaction commits. The listener holds one idle connection and calls back
(on its own thread) once per burst of notifications; the caller then runs
``sync_once``, on whatever thread it likes. A lost connection is retried
every ``RETRY_SECONDS`` until ``stop``; ``on_state`` hears whether it is
connected, for a status-bar indicator.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from readinglist_gui.core.group.connection import CONNECT_TIMEOUT, server_url, with_password
from readinglist_gui.core.group.local_tables import GroupLink
from readinglist_gui.core.group.server_schema import CHANNEL

RETRY_SECONDS = 30.0
WAKE_SECONDS = 0.5
"""How often the waiting thread looks whether it was asked to stop."""


class GroupListener:
    """LISTEN on the group's channel in a daemon thread until ``stop``."""

    def __init__(
        self,
        link: GroupLink,
        on_change: Callable[[], None],
        on_state: Callable[[bool], None] | None = None,
        retry_seconds: float = RETRY_SECONDS,
        password: str | None = None,
    ) -> None:
        url = with_password(server_url(link.url), password).set(drivername="postgresql")
        self._conninfo = url.render_as_string(hide_password=False)
        self._on_change = on_change
        self._on_state = on_state
        self._retry = retry_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="readinglist-group", daemon=True)

    def start(self) -> GroupListener:
        self._thread.start()
        return self

    def stop(self, timeout: float | None = None) -> bool:
        """Ask the thread to end and wait for it (at most ``timeout`` seconds); True once ended.

        It notices within ``WAKE_SECONDS``, or once a connection attempt gives up.
        """
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    self._conninfo,
                    autocommit=True,
                    connect_timeout=CONNECT_TIMEOUT,
                    application_name="readinglist-gui listener",
                ) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._state(True)
                    while not self._stop.is_set():
                        heard = sum(1 for _ in conn.notifies(timeout=WAKE_SECONDS))
                        if heard and not self._stop.is_set():
                            self._on_change()
            except psycopg.Error:
                self._state(False)
                self._stop.wait(self._retry)

    def _state(self, connected: bool) -> None:
        if self._on_state is not None:
            self._on_state(connected)
