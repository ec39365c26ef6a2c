"""The writes that link a library to a group, unlink it, and share a note with it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from readinglist_gui.core import library_meta
from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.group.local_read import PAPER
from readinglist_gui.core.group.local_tables import (
    GROUP_NOTE_SHARE,
    GROUP_PROGRESS,
    LIBRARY_UID,
    LINK,
    PULLED,
    GroupLink,
    forget_group,
)
from readinglist_gui.core.writes.change_log import PUSHED
from readinglist_gui.core.writes.changes import Aspect
from readinglist_gui.core.writes.writer import Tx


@dataclass(frozen=True, slots=True)
class LinkGroup:
    """Remember the group; the next push sends the whole library (no push cursor yet)."""

    link: GroupLink
    label: str = "Link to a reading group"

    def apply(self, tx: Tx) -> None:
        forget_group(tx.conn)
        library_meta.put(tx.conn, LINK, self.link.to_json())
        if library_meta.get(tx.conn, LIBRARY_UID) is None:
            library_meta.put(tx.conn, LIBRARY_UID, uuid.uuid4().hex)
        meta = library_meta.META
        tx.conn.execute(delete(meta).where(meta.c.key.in_([PUSHED, PULLED])))


@dataclass(frozen=True, slots=True)
class UnlinkGroup:
    """Forget the group; every paper, note and status stays in the library."""

    label: str = "Leave the reading group"

    def apply(self, tx: Tx) -> None:
        others = tx.conn.execute(select(GROUP_PROGRESS.c.paper_id).distinct()).scalars().all()
        forget_group(tx.conn)
        tx.record.changed(others, Aspect.GROUP)


@dataclass(frozen=True, slots=True)
class ShareNote:
    """Let the group's other members read this paper's note (or stop letting them)."""

    paper_id: int
    shared: bool = True

    @property
    def label(self) -> str:
        return "Share note" if self.shared else "Stop sharing note"

    def apply(self, tx: Tx) -> None:
        if tx.conn.execute(select(PAPER.c.id).where(PAPER.c.id == self.paper_id)).first() is None:
            raise LibraryError(f"no paper with id {self.paper_id}")
        table = GROUP_NOTE_SHARE
        tx.conn.execute(delete(table).where(table.c.paper_id == self.paper_id))
        if self.shared:
            tx.conn.execute(insert(table).values(paper_id=self.paper_id))
        tx.undo_with(ShareNote(self.paper_id, not self.shared))
        tx.record.changed([self.paper_id], Aspect.NOTE)
