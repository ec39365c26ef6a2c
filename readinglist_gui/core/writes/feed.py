"""Where change sets are announced: this process's writes, and other processes' commits.

The writer announces its own change sets the moment they commit. What another
process commits shows up as a move of SQLite's data version; a watcher thread
looks at that twice a second, reads the change log since the last row it saw
and announces those changes the same way, leaving out the rows this process's
writer wrote (it already announced them, with more detail: the origin).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import Engine

from readinglist_gui.core.sqlite_backend import ChangeWatch
from readinglist_gui.core.writes import change_log
from readinglist_gui.core.writes.changes import ChangeSet

Listener = Callable[[ChangeSet], None]
POLL_SECONDS = 0.5
"""How often the watcher asks SQLite whether anyone committed; each ask costs microseconds."""


class ChangeHub:
    """Listeners for change sets, and the log rows this process wrote itself."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []
        self._own: set[int] = set()
        self._commits = 0

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` (on the announcing thread) with each change set; returns the undo."""
        with self._lock:
            self._listeners.append(listener)

        def stop() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return stop

    def publish(self, changes: ChangeSet) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(changes)

    def claim(self, first: int, last: int) -> None:
        """Log rows ``first..last`` are this process's, about to commit."""
        with self._lock:
            self._own.update(range(first, last + 1))

    def release(self, first: int, last: int) -> None:
        """Rows claimed by a transaction that rolled back: the numbers may be reused."""
        with self._lock:
            self._own.difference_update(range(first, last + 1))

    def committed(self) -> None:
        """The writer of this process committed (with or without log rows)."""
        with self._lock:
            self._commits += 1

    @property
    def commits(self) -> int:
        with self._lock:
            return self._commits

    def own_after(self, seq: int) -> frozenset[int]:
        with self._lock:
            return frozenset(s for s in self._own if s > seq)

    def forget_through(self, seq: int) -> None:
        with self._lock:
            self._own = {s for s in self._own if s > seq}


class ExternalChanges:
    """Announces what other processes commit to the library, through the hub."""

    def __init__(self, engine: Engine, watch: ChangeWatch, hub: ChangeHub) -> None:
        self._engine = engine
        self._watch = watch
        self._hub = hub
        self._version = watch.version()
        self._commits = hub.commits
        with engine.connect() as conn:
            self._seen = change_log.latest(conn)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self, interval: float = POLL_SECONDS) -> None:
        """Poll in a thread of its own until ``stop``."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(
            target=self._run, args=(interval,), name="readinglist-changes", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def poll(self) -> ChangeSet:
        """Look once; announce and return what others committed since the last look."""
        with self._lock:
            version = self._watch.version()
            if version == self._version:
                return ChangeSet()
            self._version = version
            commits, self._commits = self._commits, self._hub.commits
            with self._engine.connect() as conn:
                changes, newest = change_log.read_since(
                    conn, self._seen, self._hub.own_after(self._seen)
                )
            if newest == self._seen and commits == self._commits:
                # Someone committed without writing the log (an older version of
                # the app, a database tool): what changed is anybody's guess.
                changes = ChangeSet.unknown()
            self._hub.forget_through(newest)
            self._seen = newest
        if changes:
            self._hub.publish(changes)
        return changes

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.poll()
