"""The local tables a library linked to a group keeps (revision 0008), and its link record.

They are described here rather than in ``core.models`` because only the group
code reads them, and nothing of them belongs in a paper's undo snapshot: the
mapping outlives a deleted paper on purpose (see the revision's docstring).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    select,
)
from sqlalchemy.orm import Session

from readinglist_gui.core import library_meta
from readinglist_gui.core.writes.change_log import LOG, PUSHED
from readinglist_gui.core.writes.changes import Aspect

METADATA = MetaData()
GROUP_PAPER = Table(
    "group_paper",
    METADATA,
    Column("paper_id", Integer, primary_key=True, autoincrement=False),
    Column("group_id", BigInteger, nullable=False, unique=True),
    Column("shared_base", Text, nullable=False),
    Column("mine_base", Text, nullable=False),
)
GROUP_LIST = Table(
    "group_list",
    METADATA,
    Column("list_id", Integer, primary_key=True, autoincrement=False),
    Column("group_id", BigInteger, nullable=False, unique=True),
    Column("digest", Text, nullable=False),
)
GROUP_PROGRESS = Table(
    "group_progress",
    METADATA,
    Column("paper_id", Integer, primary_key=True),
    Column("member", Text, primary_key=True),
    Column("status", String(16), nullable=False),
)
GROUP_NOTE = Table(
    "group_note",
    METADATA,
    Column("paper_id", Integer, primary_key=True),
    Column("author", Text, primary_key=True),
    Column("markdown", Text, nullable=False),
)
GROUP_NOTE_SHARE = Table(
    "group_note_share", METADATA, Column("paper_id", Integer, primary_key=True)
)

LINK = "group_link"
"""``library_meta`` key: the group this library is linked to (JSON, never a password)."""
PULLED = "group_pulled_seq"
"""``library_meta`` key: the server's change sequence up to which this library has pulled."""
TAG_BASE = "group_tag_base"
"""``library_meta`` key: the group's tags (name and colour by key) as last synced."""
MEMBERS = "group_members"
"""``library_meta`` key: the group's members as last pulled (JSON list of role names)."""
LIBRARY_UID = "group_library_uid"
"""``library_meta`` key: this library's own id, naming the papers it adds to a group so
that a first push cut short and run again finds them instead of adding them twice."""


NOT_SENT = Aspect.FULLTEXT | Aspect.ONLINE | Aspect.GROUP | Aspect.HIGHLIGHTS
"""What a library keeps to itself: a change of only these leaves nothing to push."""


@dataclass(frozen=True, slots=True)
class SyncOrigin:
    """The origin of writes a sync makes: the group, not this window or this command.

    Kept here, with nothing of the network imported, so that a window can tell
    a sync's change sets from its own edits without loading the driver.
    """

    name: str = "reading group"


FROM_GROUP = SyncOrigin()


@dataclass(frozen=True, slots=True)
class GroupLink:
    """Which group a library belongs to: where, as whom, and the group's own id."""

    url: str
    """``postgresql://ROLE@HOST:PORT/DB`` with no password, ever."""
    role: str
    group_id: str
    owner: str

    def to_json(self) -> str:
        return json.dumps(
            {"url": self.url, "role": self.role, "group_id": self.group_id, "owner": self.owner}
        )

    @classmethod
    def from_json(cls, text: str) -> GroupLink:
        data: dict[str, Any] = json.loads(text)
        return cls(str(data["url"]), str(data["role"]), str(data["group_id"]), str(data["owner"]))

    @property
    def is_owner(self) -> bool:
        return self.role == self.owner


def read_link(conn: Connection | Session) -> GroupLink | None:
    text = library_meta.get(conn, LINK)
    return None if text is None else GroupLink.from_json(text)


def read_int(conn: Connection | Session, key: str) -> int:
    value = library_meta.get(conn, key)
    return int(value) if value else 0


def read_json(conn: Connection | Session, key: str, default: Any) -> Any:
    value = library_meta.get(conn, key)
    return default if value is None else json.loads(value)


def waiting(conn: Connection) -> int:
    """How many papers (and library-wide changes) the next push has to send: local only."""
    sent_mask = ((1 << 62) - 1) & ~int(NOT_SENT)
    cursor = int(library_meta.get(conn, PUSHED) or 0)
    counted = select(func.count(func.distinct(func.coalesce(LOG.c.paper_id, -1)))).where(
        LOG.c.seq > cursor, LOG.c.kinds.op("&")(sent_mask) != 0
    )
    return int(conn.execute(counted).scalar_one())


def forget_group(conn: Connection) -> None:
    """Drop everything the library knew of its group; its own papers and notes stay."""
    for table in (GROUP_PAPER, GROUP_LIST, GROUP_PROGRESS, GROUP_NOTE, GROUP_NOTE_SHARE):
        conn.execute(delete(table))
    meta = library_meta.META
    keys = [LINK, PULLED, TAG_BASE, MEMBERS, PUSHED]
    conn.execute(delete(meta).where(meta.c.key.in_(keys)))
