"""The one writer: every change to a library is an op run here, one at a time.

Reads never wait for it (SQLite in WAL mode gives each reader its snapshot),
and it never waits for a reader or a dialog. Each op runs in its own
transaction that begins ``IMMEDIATE``, taking the write lock at once: a write
that began by reading and then tried to write would be refused outright by
SQLite if another process wrote meanwhile, instead of waiting its turn. Within
the transaction the writer refreshes the derived data, appends the change log
and commits; then it tells every listener what changed.

Ops run on the writer's own thread, which owns the write connection. The GUI
submits and is called back; the command line runs an op and waits.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from readinglist_gui.core.sqlite_backend import WRITE_OPTION
from readinglist_gui.core.storage_errors import explain
from readinglist_gui.core.writes import change_log
from readinglist_gui.core.writes.changes import ChangeRecorder, ChangeSet
from readinglist_gui.core.writes.feed import ChangeHub

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Op(Protocol[T_co]):
    """One kind of write. ``label`` names it for people (undo menus, error messages)."""

    @property
    def label(self) -> str: ...

    def apply(self, tx: Tx) -> T_co: ...


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    """An op's result, what it changed, and the op that puts it back (if it can be undone)."""

    value: T
    changes: ChangeSet
    undo: Op[Any] | None


class Tx:
    """What an op works with: the write connection in its transaction, and a change recorder."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.record = ChangeRecorder()
        self.undo: Op[Any] | None = None
        self.search_deferred = False
        """Set by an op that leaves the search sets to a later write (``defer_search``)."""
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """An ORM session inside the same transaction, for ops that merge objects."""
        if self._session is None:
            self._session = Session(bind=self.conn, expire_on_commit=False)
        return self._session

    def undo_with(self, op: Op[Any]) -> None:
        """Say how to put this write back; the op decides from the state it saw."""
        self.undo = op

    def defer_search(self) -> None:
        """Leave the search sets' catch-up to a later write: a long import written in
        chunks folds its papers' words in once, at its end, rather than rewriting the
        sets of common words after every chunk. The triggers' notes keep readers right
        meanwhile (``search.upkeep.Pending``), and any later write folds them in."""
        self.search_deferred = True

    def flush(self) -> None:
        if self._session is not None:
            self._session.flush()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


class UndoOf:
    """Undo of an op submitted earlier: runs whatever undo that op left, once it ran.

    Ops run in order, so by the time this one runs the earlier op has finished;
    the GUI can push "undo" before the write it undoes has even started.
    """

    def __init__(self, done: Future[Done[Any]], label: str) -> None:
        self._done = done
        self.label = f"Undo {label}"

    def apply(self, tx: Tx) -> object:
        try:
            undo = self._done.result(timeout=0).undo
        except Exception:
            return None
        return None if undo is None else undo.apply(tx)


_STOP = object()


class Writer:
    """Runs ops serially on one thread that owns the library's write connection."""

    def __init__(self, engine: Engine, hub: ChangeHub, path: Path | None = None) -> None:
        """``path`` is the database file, for errors to name."""
        self._engine = engine
        self._path = path
        self._hub = hub
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._connection: Connection | None = None
        self._closed = False
        self._pruned = False
        self._unfinished = 0
        """Ops submitted whose change sets have not been announced yet."""

    def submit(self, op: Op[T], *, origin: object = None, preview: bool = False) -> Future[Done[T]]:
        """Queue ``op``; the future completes once it has committed (or failed).

        With ``preview`` the op runs in full and is rolled back: its value is
        exactly what the write would return, and nothing changes or is announced.
        """
        future: Future[Done[T]] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the library is closed")
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="readinglist-writer", daemon=True
                )
                self._thread.start()
            self._unfinished += 1
            self._queue.put((op, origin, preview, future))
        return future

    def is_idle(self) -> bool:
        """Whether every op submitted has run and its change set been announced."""
        with self._lock:
            return self._unfinished == 0

    def run(self, op: Op[T], *, origin: object = None, preview: bool = False) -> Done[T]:
        """Run ``op`` and wait for it (the command line, tests, non-GUI callers)."""
        if threading.current_thread() is self._thread:
            raise RuntimeError(f"{op.label}: an op cannot wait for another op")
        return self.submit(op, origin=origin, preview=preview).result()

    def close(self) -> None:
        """Finish the ops already queued, then stop the thread and release the connection."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            if thread is not None:
                self._queue.put(_STOP)
        if thread is not None:
            thread.join()

    def _serve(self) -> None:
        try:
            while (item := self._queue.get()) is not _STOP:
                op, origin, preview, future = item
                try:
                    if future.set_running_or_notify_cancel():
                        self._execute(op, origin, preview, future)
                finally:
                    with self._lock:
                        self._unfinished -= 1
        finally:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def _execute(self, op: Op[T], origin: object, preview: bool, future: Future[Done[T]]) -> None:
        # Loaded with the first write: it brings the labels', search sets' and PDF
        # text's code, which opening a library does not need (start-up time).
        from readinglist_gui.core.writes import upkeep

        conn = self._connect()
        tx = Tx(conn)
        claimed: change_log.Appended | None = None
        try:
            with conn.begin() as transaction:
                value = op.apply(tx)
                tx.flush()
                upkeep.refresh(conn, tx.record, search=not tx.search_deferred)
                if preview:
                    transaction.rollback()
                else:
                    if not self._pruned:
                        change_log.prune(conn)
                        self._pruned = True
                    claimed = change_log.append(conn, tx.record)
                    if claimed is not None:
                        self._hub.claim(claimed.first, claimed.last)
                    # Counted before COMMIT, so the watcher never mistakes it for a stranger's.
                    self._hub.committed()
        except BaseException as exc:
            if claimed is not None:
                self._hub.release(claimed.first, claimed.last)
            self._reset_after_failure()
            explained = explain(exc, self._path) if isinstance(exc, Exception) else None
            if explained is not None and explained is not exc:
                explained.__cause__ = exc
            future.set_exception(exc if explained is None else explained)
            return
        finally:
            tx.close()
        changes = ChangeSet() if preview else tx.record.freeze(origin)
        future.set_result(Done(value, changes, None if preview else tx.undo))
        if changes:
            self._hub.publish(changes)

    def _connect(self) -> Connection:
        if self._connection is None:
            self._connection = self._engine.connect().execution_options(**{WRITE_OPTION: True})
        return self._connection

    def _reset_after_failure(self) -> None:
        """Start over on a fresh connection after a failure the connection may not survive."""
        if self._connection is not None and self._connection.invalidated:
            self._connection.close()
            self._connection = None
