"""Bringing local papers in line with the group: new papers, shared fields, own progress.

Runs inside the ``Adopt`` op's write. A field this library changed after the
moment being adopted (a change-log row newer than the guard) is left alone:
it is the later write, and the next push sends it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from readinglist_gui.core.group import state
from readinglist_gui.core.group.local_read import (
    LINK,
    NOTE,
    PAPER,
    PAPER_TAG,
    READER,
    LocalPaper,
    dumps,
)
from readinglist_gui.core.group.local_tables import GROUP_NOTE_SHARE, GROUP_PAPER
from readinglist_gui.core.identity import title_key
from readinglist_gui.core.merge import Keys, Resolver, TagCache, chunks, insert_new
from readinglist_gui.core.models import Paper, utcnow
from readinglist_gui.core.records import LinkKind, LinkRecord, PaperRecord, Status
from readinglist_gui.core.writes.changes import Aspect
from readinglist_gui.core.writes.tag_edits import ensure_tags
from readinglist_gui.core.writes.writer import Tx

MINE_ASPECTS = {
    "status": Aspect.STATUS,
    "reading": Aspect.READER,
    "zoom": Aspect.READER,
    "note": Aspect.NOTE,
    "note_shared": Aspect.NOTE,
}


def record_of(shared: state.Shared, mine: state.Mine, added_at: str | None) -> PaperRecord:
    return PaperRecord(
        title=shared["title"],
        authors=list(shared["authors"]),
        year=shared["year"],
        venue=shared["venue"],
        abstract=shared["abstract"],
        arxiv_id=shared["arxiv_id"],
        doi=shared["doi"],
        links=[LinkRecord(url, _kind(kind)) for url, kind in shared["links"]],
        tags=list(shared["tags"]),
        status=Status(mine["status"]),
        status_manual=bool(mine["status_manual"]),
        note=mine["note"],
        last_page=mine["last_page"],
        page_count=mine["page_count"],
        title_truncated=bool(shared["title_truncated"]),
        added=state.unstamp(added_at),
    )


def _kind(kind: str) -> LinkKind:
    try:
        return LinkKind(kind)
    except ValueError:
        return LinkKind.OTHER


def place_new(
    tx: Tx,
    papers: Mapping[int, state.Shared],
    mine: Mapping[int, state.Mine],
    added_at: Mapping[int, str | None],
    linked: set[int],
) -> tuple[dict[int, int], dict[int, int]]:
    """Group papers this library has not linked: found here by identity, or added.

    Returns (group id → local id of papers found, group id → local id of papers added).
    A paper found here is merged by the import rules, the group's values first.
    """
    session = tx.session
    records = {
        group_id: record_of(shared, mine.get(group_id, state.EMPTY_MINE), added_at.get(group_id))
        for group_id, shared in papers.items()
    }
    keys = {group_id: Keys.of(record) for group_id, record in records.items()}
    resolver = Resolver(session)
    resolver.preload(list(keys.values()))
    found: dict[int, int] = {}
    fresh: list[int] = []
    for group_id, key in keys.items():
        paper = resolver.find(key)
        if isinstance(paper, Paper) and paper.id not in linked:
            found[group_id] = paper.id
            linked.add(paper.id)
        else:
            fresh.append(group_id)
    tags = TagCache(session)
    with session.no_autoflush:
        ids = insert_new(session, [(records[g], keys[g]) for g in fresh], tags)
    session.flush()
    added = dict(zip(fresh, ids, strict=True))
    _finish_new(tx, {paper_id: mine[g] for g, paper_id in added.items() if g in mine})
    tx.record.add(added.values())
    return found, added


def _finish_new(tx: Tx, mine: Mapping[int, state.Mine]) -> None:
    """What new papers' records could not carry: how far they were read, zoom, sharing."""
    progress = [
        {
            "_id": paper_id,
            "_status": own["status"],
            "_changed": state.unstamp(own["status_changed_at"]),
            "_seen": own["pages_seen"],
        }
        for paper_id, own in mine.items()
    ]
    statement = (
        update(PAPER)
        .where(PAPER.c.id == bindparam("_id"))
        .values(
            status=bindparam("_status"),
            status_changed_at=bindparam("_changed"),
            pages_seen=bindparam("_seen"),
        )
    )
    zooms = [{"paper_id": p, "zoom": own["zoom"]} for p, own in mine.items() if own["zoom"]]
    shared = [{"paper_id": p} for p, own in mine.items() if own["note_shared"]]
    for table, rows in (
        (statement, progress),
        (insert(READER), zooms),
        (insert(GROUP_NOTE_SHARE), shared),
    ):
        for chunk in chunks(rows):
            tx.conn.execute(table, list(chunk))


def apply_shared(tx: Tx, local: LocalPaper, target: state.Shared, guarded: Aspect) -> None:
    """Make the paper's shared fields ``target``'s, except the ones edited here since."""
    pid = local.paper_id
    current = local.shared
    values: dict[str, Any] = {}
    if not guarded & Aspect.METADATA:
        for name in state.SCALARS:
            if current[name] != target[name]:
                values[name] = target[name]
        for name in ("arxiv_id", "doi"):
            value = values.get(name)
            if (
                value
                and tx.conn.execute(
                    select(PAPER.c.id).where(PAPER.c[name] == value, PAPER.c.id != pid)
                ).first()
            ):
                del values[name]
        if "title" in values:
            values["title_key"] = title_key(values["title"])
        if values:
            tx.conn.execute(update(PAPER).where(PAPER.c.id == pid).values(values))
            tx.record.changed([pid], Aspect.METADATA)
        if current["links"] != target["links"]:
            tx.conn.execute(delete(LINK).where(LINK.c.paper_id == pid))
            rows = [{"paper_id": pid, "url": u, "kind": _kind(k).value} for u, k in target["links"]]
            if rows:
                tx.conn.execute(insert(LINK), rows)
            tx.record.changed([pid], Aspect.METADATA)
    if not guarded & Aspect.TAGS and set(state.tag_keys(current["tags"])) != set(
        state.tag_keys(target["tags"])
    ):
        made = ensure_tags(tx, target["tags"])
        tx.conn.execute(delete(PAPER_TAG).where(PAPER_TAG.c.paper_id == pid))
        rows = [{"paper_id": pid, "tag_id": tag_id} for tag_id in sorted(set(made.values()))]
        if rows:
            tx.conn.execute(insert(PAPER_TAG), rows)
        tx.record.changed([pid], Aspect.TAGS)


def apply_mine(tx: Tx, local: LocalPaper, target: state.Mine, guarded: Aspect) -> None:
    """Make this member's progress on the paper ``target``, except what changed here since."""
    pid = local.paper_id
    current = local.mine
    values: dict[str, Any] = {}
    for group, fields in state.MINE_GROUPS.items():
        if guarded & MINE_ASPECTS[group] or all(current[f] == target[f] for f in fields):
            continue
        if group == "status":
            values.update(
                status=target["status"],
                status_manual=target["status_manual"],
                status_changed_at=state.unstamp(target["status_changed_at"]),
            )
        elif group == "reading":
            values.update({f: target[f] for f in fields})
        elif group == "zoom":
            _set_zoom(tx, pid, target["zoom"])
        elif group == "note":
            _set_note(tx, pid, target["note"])
        else:
            _set_shared_flag(tx, pid, target["note_shared"])
        tx.record.changed([pid], MINE_ASPECTS[group])
    if values:
        tx.conn.execute(update(PAPER).where(PAPER.c.id == pid).values(values))


def _set_zoom(tx: Tx, pid: int, zoom: str | None) -> None:
    tx.conn.execute(delete(READER).where(READER.c.paper_id == pid))
    if zoom is not None:
        tx.conn.execute(insert(READER).values(paper_id=pid, zoom=zoom))


def _set_note(tx: Tx, pid: int, markdown: str) -> None:
    statement = sqlite_insert(NOTE).values(paper_id=pid, markdown=markdown, updated_at=utcnow())
    tx.conn.execute(
        statement.on_conflict_do_update(
            index_elements=["paper_id"],
            set_={
                "markdown": statement.excluded.markdown,
                "updated_at": statement.excluded.updated_at,
            },
        )
    )


def _set_shared_flag(tx: Tx, pid: int, shared: bool) -> None:
    tx.conn.execute(delete(GROUP_NOTE_SHARE).where(GROUP_NOTE_SHARE.c.paper_id == pid))
    if shared:
        tx.conn.execute(insert(GROUP_NOTE_SHARE).values(paper_id=pid))


def write_bases(
    tx: Tx,
    links: Mapping[int, int],
    shared: Mapping[int, state.Shared],
    mine: Mapping[int, state.Mine],
    previous: Mapping[int, Any],
) -> None:
    """Record, per local paper, its group id and what the server now holds of it."""
    rows = []
    for pid, group_id in links.items():
        before = previous.get(pid)
        shared_base = shared.get(group_id, before.shared if before is not None else None)
        mine_base = mine.get(group_id, before.mine if before is not None else state.EMPTY_MINE)
        if shared_base is None:
            continue
        rows.append(
            {
                "paper_id": pid,
                "group_id": group_id,
                "shared_base": dumps(shared_base),
                "mine_base": dumps(mine_base),
            }
        )
    if not rows:
        return
    # A group paper linked here before to another local paper (deleted, then found
    # again by identity) moves to this one: group ids are unique here too.
    for chunk in chunks(rows):
        tx.conn.execute(
            delete(GROUP_PAPER).where(
                GROUP_PAPER.c.group_id.in_([row["group_id"] for row in chunk]),
                GROUP_PAPER.c.paper_id.not_in([row["paper_id"] for row in chunk]),
            )
        )
    statement = sqlite_insert(GROUP_PAPER)
    statement = statement.on_conflict_do_update(
        index_elements=["paper_id"],
        set_={
            "group_id": statement.excluded.group_id,
            "shared_base": statement.excluded.shared_base,
            "mine_base": statement.excluded.mine_base,
        },
    )
    for chunk in chunks(rows):
        tx.conn.execute(statement, list(chunk))
