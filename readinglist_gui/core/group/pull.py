"""Pull: every row of the group with a change number above this library's cursor.

Read in one repeatable-read transaction, so what arrives is one consistent
moment of the group; the library applies it in one write and moves its
cursor in that same write. Cut short anywhere, a pull simply runs again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from readinglist_gui.core.group import convert, state
from readinglist_gui.core.group.local_tables import GroupLink
from readinglist_gui.core.group.server_tables import (
    MEMBER,
    NOTE,
    PAPER,
    PROGRESS,
    READING_LIST,
    REMOVAL,
    TAG,
    check_group,
)


@dataclass(slots=True)
class Pulled:
    """What changed in the group after the cursor, as plain values."""

    through: int
    papers: dict[int, state.Shared] = field(default_factory=dict)
    added_at: dict[int, str | None] = field(default_factory=dict)
    mine: dict[int, state.Mine] = field(default_factory=dict)
    others: list[tuple[int, str, str]] = field(default_factory=list)
    """(group paper id, member, status) of the other members' changed progress."""
    notes: list[tuple[int, str, str]] = field(default_factory=list)
    """(group paper id, author, markdown) of notes others share."""
    removed: dict[str, list[tuple[int | None, str | None]]] = field(default_factory=dict)
    """Removals by kind ("paper", "list", "tag", "note", "member"): (ref, name)."""
    tags: dict[str, list[Any]] = field(default_factory=dict)
    lists: dict[int, dict[str, Any]] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)


def pull(server: Connection, link: GroupLink, cursor: int) -> Pulled:
    """Everything changed in the group since ``cursor``."""
    with server.begin():
        server.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        check_group(server, link.role, link.group_id)
        result = Pulled(cursor)
        seen = [cursor]
        for row in server.execute(
            select(*convert.SHARED_COLUMNS, PAPER.c.seq).where(PAPER.c.seq > cursor)
        ):
            result.papers[row[0]] = convert.shared_of(row)
            result.added_at[row[0]] = state.stamp(row[13])
            seen.append(row[-1])
        own: set[int] = set()
        for paper_id, member, status, seq in server.execute(
            select(PROGRESS.c.paper_id, PROGRESS.c.member, PROGRESS.c.status, PROGRESS.c.seq).where(
                PROGRESS.c.seq > cursor
            )
        ):
            seen.append(seq)
            if member == link.role:
                own.add(paper_id)
            else:
                result.others.append((paper_id, member, status))
        for paper_id, member, markdown, shared, seq in server.execute(
            select(
                NOTE.c.paper_id, NOTE.c.member, NOTE.c.markdown, NOTE.c.shared, NOTE.c.seq
            ).where(NOTE.c.seq > cursor)
        ):
            seen.append(seq)
            if member == link.role:
                own.add(paper_id)
            elif shared:
                result.notes.append((paper_id, member, markdown))
        mine = convert.read_mine(server, link.role, own)
        result.mine = {paper_id: mine.get(paper_id, dict(state.EMPTY_MINE)) for paper_id in own}
        for kind, ref, name, seq in server.execute(
            select(REMOVAL.c.kind, REMOVAL.c.ref, REMOVAL.c.name, REMOVAL.c.seq).where(
                REMOVAL.c.seq > cursor
            )
        ):
            seen.append(seq)
            result.removed.setdefault(kind, []).append((ref, name))
        for key, name, color, seq in server.execute(
            select(TAG.c.name_key, TAG.c.name, TAG.c.color, TAG.c.seq).where(TAG.c.seq > cursor)
        ):
            seen.append(seq)
            result.tags[key] = [name, color]
        for row in server.execute(select(READING_LIST).where(READING_LIST.c.seq > cursor)):
            seen.append(row.seq)
            result.lists[row.id] = {
                "name": row.name,
                "source": row.source,
                "imported_at": state.stamp(row.imported_at),
                "sections": row.sections,
            }
        result.members = sorted(server.execute(select(MEMBER.c.role)).scalars())
        result.through = max(seen)
    return result
