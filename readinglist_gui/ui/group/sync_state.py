"""What the sync indicator says: the state of the last sync, in words a status bar can hold.

Plain values and functions, no widgets, so the wording is tested without a
window: "Synced 2 min ago", "Syncing…", "Offline — 3 changes waiting",
"Sync failed: <one line>".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

FAILURE_CHARS = 48
"""A failure's line in the status bar is cut here; the tooltip has all of it."""


class SyncState(Enum):
    HIDDEN = "hidden"
    """The library is in no group."""
    WAITING = "waiting"
    """In a group, not synced yet in this session."""
    SYNCING = "syncing"
    SYNCED = "synced"
    OFFLINE = "offline"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SyncStatus:
    state: SyncState = SyncState.HIDDEN
    synced_at: dt.datetime | None = None
    """The last sync that got through (UTC), this session."""
    waiting: int = 0
    """Local changes the next push has to send."""
    message: str = ""
    """Why the last sync did not get through, whole."""


def ago(then: dt.datetime, now: dt.datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h ago"
    return then.astimezone().strftime("on %Y-%m-%d")


def waiting_words(count: int) -> str:
    if count == 0:
        return "nothing waiting"
    return f"{count:,} change{'s' if count != 1 else ''} waiting"


def label(status: SyncStatus, now: dt.datetime) -> str:
    """The indicator's one short line."""
    match status.state:
        case SyncState.HIDDEN:
            return ""
        case SyncState.WAITING:
            return "Not synced yet" if not status.waiting else f"Not synced — {_waiting(status)}"
        case SyncState.SYNCING:
            return "Syncing…"
        case SyncState.SYNCED:
            return f"Synced {ago(status.synced_at, now)}" if status.synced_at else "Synced"
        case SyncState.OFFLINE:
            return f"Offline — {_waiting(status)}"
        case SyncState.FAILED:
            line = status.message.splitlines()[0] if status.message else "unknown error"
            if len(line) > FAILURE_CHARS:
                line = line[: FAILURE_CHARS - 1] + "…"
            return f"Sync failed: {line}"


def _waiting(status: SyncStatus) -> str:
    return waiting_words(status.waiting)


def tooltip(status: SyncStatus, group_url: str, now: dt.datetime) -> str:
    """Where the group is, the whole message, and what a click does."""
    lines = [f"Reading group: {group_url}"]
    if status.synced_at is not None:
        local = status.synced_at.astimezone().strftime("%H:%M")
        lines.append(f"Last synced at {local} ({ago(status.synced_at, now)})")
    if status.state in (SyncState.OFFLINE, SyncState.FAILED) and status.message:
        lines.append(status.message)
    if status.state in (SyncState.OFFLINE, SyncState.WAITING) or status.waiting:
        lines.append(f"Local changes: {waiting_words(status.waiting)}")
    if status.state is not SyncState.SYNCING:
        lines.append("Click to sync now")
    return "\n".join(lines)
