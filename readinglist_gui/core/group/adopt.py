"""The one write that brings a sync's outcome into the library, through the writer.

A push's outcome (the server's state of what it sent) and a pull's (what
others changed) are adopted the same way: each linked paper's base becomes
what the server holds, and the library's own copy follows it wherever this
library has not changed the field since. Being an op, it commits with its
change set like any other write, so every view updates as for a local edit;
its origin, ``FROM_GROUP``, tells them it came from the group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from readinglist_gui.core import library_meta
from readinglist_gui.core.group import adopt_papers, lists, state
from readinglist_gui.core.group.local_read import (
    PAPER,
    dumps,
    local_ids_of,
    read_bases,
    read_papers,
)
from readinglist_gui.core.group.local_tables import (
    FROM_GROUP,
    GROUP_LIST,
    GROUP_NOTE,
    GROUP_PAPER,
    GROUP_PROGRESS,
    MEMBERS,
    PULLED,
    TAG_BASE,
    SyncOrigin,
    read_int,
    read_json,
)
from readinglist_gui.core.group.pull import Pulled
from readinglist_gui.core.group.push import Pushed
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import Tag, table_of
from readinglist_gui.core.writes import change_log
from readinglist_gui.core.writes.change_log import PUSHED
from readinglist_gui.core.writes.changes import Aspect, ChangeSet, Scope
from readinglist_gui.core.writes.writer import Tx

TAG = table_of(Tag)
__all__ = ["FROM_GROUP", "Adopt", "Adopted", "SyncOrigin"]


@dataclass(frozen=True, slots=True)
class Adopted:
    papers: int
    added: int
    removed: int
    found: int = 0
    """Papers met here for the first time by identity: what they brought is still to push."""


@dataclass(frozen=True, slots=True)
class Adopt:
    """Adopt a push's or a pull's outcome; moves the matching cursor in the same write."""

    pushed: Pushed | None = None
    pulled: Pulled | None = None
    pulled_through: int | None = None
    """With a push only: the server's sequence it left (a first push has nothing to pull)."""
    label: str = "Sync with the reading group"

    def apply(self, tx: Tx) -> Adopted:
        logged = change_log.latest(tx.conn)
        if self.pushed is not None:
            counts = _adopt_push(tx, self.pushed)
            if self.pulled_through is not None:
                library_meta.put(tx.conn, PULLED, str(self.pulled_through))
        else:
            assert self.pulled is not None
            counts = _adopt_pull(tx, self.pulled)
        if read_int(tx.conn, PUSHED) == logged and not counts.found:
            # Nothing of this library's own waits to be pushed, and this write only
            # copies the server: its own log rows need not go back (a join's would
            # otherwise make the next push compare every paper with its base).
            library_meta.put(tx.conn, PUSHED, str(logged + change_log.rows_for(tx.record)))
        return counts


def _guard(tx: Tx, after: int) -> ChangeSet:
    """What this library changed after ``after``: those fields are newer than the server's."""
    changes, _ = change_log.read_since(tx.conn, after, at_most=None)
    return changes


def _adopt_push(tx: Tx, pushed: Pushed) -> Adopted:
    conn = tx.conn
    for chunk in chunks(sorted(pushed.unlinked)):
        conn.execute(delete(GROUP_PAPER).where(GROUP_PAPER.c.paper_id.in_(chunk)))
    newer = _guard(tx, pushed.through)
    behind = {pid: pushed.links[pid] for pid in pushed.behind}
    _bring_in_line(tx, behind, pushed.shared, pushed.mine, newer)
    adopt_papers.write_bases(tx, pushed.links, pushed.shared, pushed.mine, {})
    for list_id, (group_id, digest) in pushed.lists.items():
        _link_list(tx, list_id, group_id, digest)
    if pushed.tags is not None:
        library_meta.put(conn, TAG_BASE, dumps(pushed.tags))
    library_meta.put(conn, PUSHED, str(pushed.through))
    return Adopted(len(pushed.links), 0, 0)


def _bring_in_line(
    tx: Tx,
    links: dict[int, int],
    shared: dict[int, state.Shared],
    mine: dict[int, state.Mine],
    newer: ChangeSet,
    fill_gaps: frozenset[int] = frozenset(),
) -> None:
    """Linked papers take the server's state where this library has nothing newer."""
    if not links:
        return
    conn = tx.conn
    previous = read_bases(conn, links)
    papers = read_papers(conn, links)
    for pid, group_id in links.items():
        local = papers.get(pid)
        if local is None:
            continue
        guarded = newer.of(pid) if pid in newer.papers or newer.everything else Aspect(0)
        target = shared.get(group_id)
        if target is not None:
            if pid in fill_gaps:
                target = state.merge_shared(target, local.shared, None)
            adopt_papers.apply_shared(tx, local, target, guarded)
        own = mine.get(group_id)
        if own is not None:
            if pid in fill_gaps:
                own = state.merge_mine(own, local.mine, None)
            adopt_papers.apply_mine(tx, local, own, guarded)
    adopt_papers.write_bases(tx, links, shared, mine, previous)


def _adopt_pull(tx: Tx, pulled: Pulled) -> Adopted:
    conn = tx.conn
    pushed = read_int(conn, PUSHED)
    newer = _guard(tx, pushed)
    removed = _remove_papers(tx, pulled)
    linked = local_ids_of(conn, pulled.papers.keys() | pulled.mine.keys())
    unknown = {g: s for g, s in pulled.papers.items() if g not in linked}
    mentioned = {g for g, _, _ in pulled.others} | {g for g, _, _ in pulled.notes}
    mentioned |= {ref for ref, _ in pulled.removed.get("note", []) if ref is not None}
    taken = set(conn.execute(select(GROUP_PAPER.c.paper_id)).scalars())
    found, added = adopt_papers.place_new(tx, unknown, pulled.mine, pulled.added_at, taken)
    links = {local: group for group, local in linked.items()}
    links.update({local: group for group, local in found.items()})
    _bring_in_line(
        tx, links, pulled.papers, pulled.mine, newer, fill_gaps=frozenset(found.values())
    )
    adopt_papers.write_bases(
        tx,
        {local: group for group, local in added.items()},
        pulled.papers,
        pulled.mine,
        {},
    )
    every = local_ids_of(conn, mentioned) | dict(linked) | found | added
    _others(tx, pulled, every)
    _tags(tx, pulled)
    _lists(tx, pulled, every)
    library_meta.put(conn, MEMBERS, dumps(pulled.members))
    library_meta.put(conn, PULLED, str(pulled.through))
    touched = set(pulled.papers) | set(pulled.mine) | mentioned
    return Adopted(len(touched), len(added), removed, len(found))


def _remove_papers(tx: Tx, pulled: Pulled) -> int:
    """Papers the owner deleted from the group leave this library too."""
    gone = [ref for ref, _ in pulled.removed.get("paper", []) if ref is not None]
    if not gone:
        return 0
    local = local_ids_of(tx.conn, gone)
    ids = sorted(local.values())
    for chunk in chunks(ids):
        tx.conn.execute(delete(PAPER).where(PAPER.c.id.in_(chunk)))
        tx.conn.execute(delete(GROUP_PAPER).where(GROUP_PAPER.c.paper_id.in_(chunk)))
    for group_id in gone:
        pulled.papers.pop(group_id, None)
        pulled.mine.pop(group_id, None)
    tx.record.remove(ids)
    return len(ids)


def _others(tx: Tx, pulled: Pulled, local_ids: dict[int, int]) -> None:
    """The other members' statuses and shared notes, kept locally for "read by"."""
    conn = tx.conn
    touched: set[int] = set()
    for _, member in pulled.removed.get("member", []):
        for table in (GROUP_PROGRESS, GROUP_NOTE):
            column = table.c.member if table is GROUP_PROGRESS else table.c.author
            gone = conn.execute(select(table.c.paper_id).where(column == member)).scalars()
            touched.update(gone)
            conn.execute(delete(table).where(column == member))
    rows: list[dict[str, Any]] = [
        {"paper_id": local_ids[g], "member": member, "status": status}
        for g, member, status in pulled.others
        if g in local_ids
    ]
    if rows:
        statement = sqlite_insert(GROUP_PROGRESS)
        statement = statement.on_conflict_do_update(
            index_elements=["paper_id", "member"], set_={"status": statement.excluded.status}
        )
        for chunk in chunks(rows):
            conn.execute(statement, list(chunk))
        touched.update(row["paper_id"] for row in rows)
    for ref, author in pulled.removed.get("note", []):
        if ref in local_ids and author:
            conn.execute(
                delete(GROUP_NOTE).where(
                    GROUP_NOTE.c.paper_id == local_ids[ref], GROUP_NOTE.c.author == author
                )
            )
            touched.add(local_ids[ref])
    notes: list[dict[str, Any]] = [
        {"paper_id": local_ids[g], "author": author, "markdown": markdown}
        for g, author, markdown in pulled.notes
        if g in local_ids
    ]
    if notes:
        statement = sqlite_insert(GROUP_NOTE)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=["paper_id", "author"],
                set_={"markdown": statement.excluded.markdown},
            ),
            notes,
        )
        touched.update(row["paper_id"] for row in notes)
    tx.record.changed(touched, Aspect.GROUP)


def _tags(tx: Tx, pulled: Pulled) -> None:
    """Tag colours (and names' spelling) as the group has them."""
    base: dict[str, Any] = read_json(tx.conn, TAG_BASE, {})
    for _, key in pulled.removed.get("tag", []):
        base.pop(key or "", None)
    if pulled.tags:
        local = {
            key: (tag_id, color)
            for tag_id, key, color in tx.conn.execute(select(TAG.c.id, TAG.c.name_key, TAG.c.color))
        }
        for key, (name, color) in pulled.tags.items():
            known = local.get(key)
            if known is not None and known[1] != color:
                tx.conn.execute(update(TAG).where(TAG.c.id == known[0]).values(color=color))
                tx.record.library(Scope.TAGS)
            base[key] = [name, color]
    library_meta.put(tx.conn, TAG_BASE, dumps(base))


def _lists(tx: Tx, pulled: Pulled, local_ids: dict[int, int]) -> None:
    """Lists others changed replace the local copy, unless it changed here since."""
    conn = tx.conn
    bases = lists.bases(conn)
    by_group = {group_id: list_id for list_id, (group_id, _) in bases.items()}
    for ref, _ in pulled.removed.get("list", []):
        list_id = by_group.get(ref or -1)
        if list_id is not None:
            entries = lists.ENTRY
            tx.record.changed(
                conn.execute(
                    select(entries.c.paper_id).where(entries.c.list_id == list_id)
                ).scalars(),
                Aspect.LISTS,
            )
            conn.execute(delete(lists.LIST).where(lists.LIST.c.id == list_id))
            tx.record.library(Scope.LISTS)
    if not pulled.lists:
        return
    present = select(GROUP_PAPER.c.paper_id, GROUP_PAPER.c.group_id).join(
        PAPER, PAPER.c.id == GROUP_PAPER.c.paper_id
    )
    mapping = dict(conn.execute(present).all())
    current = lists.local_docs(conn, mapping)
    local_ids = {group: local for local, group in mapping.items()} | local_ids
    for group_id, doc in pulled.lists.items():
        list_id = by_group.get(group_id)
        digest = lists.digest(doc)
        if list_id is not None and lists.digest(current.get(list_id, {})) != bases[list_id][1]:
            _link_list(tx, list_id, group_id, digest)
            continue
        if list_id is not None and lists.digest(current.get(list_id, {})) == digest:
            _link_list(tx, list_id, group_id, digest)
            continue
        list_id, touched = lists.replace_local(conn, doc, list_id, local_ids)
        tx.record.changed(touched, Aspect.LISTS)
        tx.record.library(Scope.LISTS)
        _link_list(tx, list_id, group_id, lists.digest(lists.local_docs(conn, mapping)[list_id]))


def _link_list(tx: Tx, list_id: int, group_id: int, digest: str) -> None:
    tx.conn.execute(
        delete(GROUP_LIST).where(GROUP_LIST.c.group_id == group_id, GROUP_LIST.c.list_id != list_id)
    )
    statement = sqlite_insert(GROUP_LIST).values(list_id=list_id, group_id=group_id, digest=digest)
    tx.conn.execute(
        statement.on_conflict_do_update(
            index_elements=["list_id"],
            set_={"group_id": statement.excluded.group_id, "digest": statement.excluded.digest},
        )
    )
