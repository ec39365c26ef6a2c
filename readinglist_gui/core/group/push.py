"""Push: this library's changes since the last push, merged into the group in one transaction.

The change log says which papers changed since the push cursor; for each,
what differs from its base is merged into the server's row as it is now,
under the group's write lock, so no other writer slips in between the read
and the write. Papers new to the group are first looked for there by the
import identity rules (and by the id this library gave them, so a push cut
short and run again finds what it had already added). The server commits
before the library records anything; if the library's side then fails, the
next push finds the same differences and merges them again, to the same
result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from readinglist_gui.core import library_meta
from readinglist_gui.core.group import convert, lists, state
from readinglist_gui.core.group.local_read import (
    Base,
    LocalPaper,
    all_paper_ids,
    local_ids_of,
    read_bases,
    read_papers,
)
from readinglist_gui.core.group.local_tables import (
    GROUP_PAPER,
    LIBRARY_UID,
    TAG_BASE,
    GroupLink,
    read_json,
)
from readinglist_gui.core.group.server_schema import PAPER_EDITABLE, SCHEMA
from readinglist_gui.core.group.server_tables import (
    NOTE,
    PAPER,
    PROGRESS,
    READING_LIST,
    TAG,
    check_group,
    lock,
)
from readinglist_gui.core.identity import title_key
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import Tag, table_of
from readinglist_gui.core.writes import change_log
from readinglist_gui.core.writes.changes import Aspect, Scope

LOCAL_TAG = table_of(Tag)


@dataclass(slots=True)
class Pushed:
    """What the server holds after a push, for the library to adopt as its new bases."""

    through: int
    """The newest change-log row this push covered."""
    links: dict[int, int] = field(default_factory=dict)
    """Local paper id → group paper id of every paper this push touched."""
    shared: dict[int, state.Shared] = field(default_factory=dict)
    """By group id: the shared fields as the server now has them."""
    mine: dict[int, state.Mine] = field(default_factory=dict)
    """By group id: this member's progress as the server now has it."""
    unlinked: list[int] = field(default_factory=list)
    """Local ids of deleted papers whose link goes with them."""
    lists: dict[int, tuple[int, str]] = field(default_factory=dict)
    """Local list id → (group list id, digest) of the lists this push sent or found."""
    tags: dict[str, list[Any]] | None = None
    problems: list[str] = field(default_factory=list)
    server_seq: int | None = None
    """With ``first``: the group's last change number, all of it this push's own."""
    behind: set[int] = field(default_factory=set)
    """Local ids whose copy differs from what the server now holds (others' edits merged in)."""


@dataclass(slots=True)
class _Local:
    """What the library had to push, read before the server is touched."""

    through: int
    papers: dict[int, LocalPaper]
    bases: dict[int, Base]
    removed: set[int]
    lists_changed: bool
    tags_changed: bool
    uid: str


def read_local(engine: Engine, pushed: int, full: bool) -> _Local:
    with engine.connect() as conn:
        changes, through = change_log.read_since(conn, pushed, at_most=None)
        if full or changes.everything:
            ids: Iterable[int] = all_paper_ids(conn)
            removed: set[int] = set()
            lists_changed = tags_changed = True
        else:
            ids = changes.papers
            removed = set(changes.removed)
            lists_changed = bool(changes.scope & Scope.LISTS or changes.aspects & Aspect.LISTS)
            tags_changed = bool(changes.scope & Scope.TAGS or changes.aspects & Aspect.TAGS)
        papers = read_papers(conn, ids)
        removed -= set(papers)
        bases = read_bases(conn, set(papers) | removed)
        for pid, base in bases.items():
            paper = papers.get(pid)
            if paper is not None and not _differs(paper, base):
                del papers[pid]
        uid = library_meta.get(conn, LIBRARY_UID) or ""
        return _Local(through, papers, bases, removed, lists_changed, tags_changed, uid)


def push(
    engine: Engine,
    server: Connection,
    link: GroupLink,
    pushed: int,
    *,
    full: bool = False,
    first: bool = False,
) -> Pushed:
    """Merge the library's changes since ``pushed`` into the group, in one transaction.

    ``full`` sends every paper (no cursor yet); ``first`` marks the push that
    fills a group just created, after which there is nothing to pull.
    """
    local = read_local(engine, pushed, full)
    result = Pushed(local.through)
    with server.begin():
        lock(server)
        check_group(server, link.role, link.group_id)
        _remove(server, link, local, result)
        matched = _match(server, engine, local)
        linked = {pid: base.group_id for pid, base in local.bases.items() if pid in local.papers}
        linked.update(matched)
        server_shared = convert.read_shared(server, linked.values())
        for pid, group_id in list(linked.items()):
            if group_id not in server_shared:
                # Deleted by the owner since this library last pulled: the deletion wins,
                # and the pull that follows removes the paper here too.
                del linked[pid]
                del local.papers[pid]
        fresh = [pid for pid in local.papers if pid not in linked]
        _update_papers(server, local, linked, server_shared, result)
        _insert_papers(server, local, fresh, result)
        _push_mine(server, link.role, local, result)
        _push_tags(server, engine, local, result)
        if local.lists_changed:
            _push_lists(server, engine, result)
        if first:
            last = server.execute(text(f"SELECT last_value FROM {SCHEMA}.change_seq"))
            result.server_seq = int(last.scalar_one())
    return result


def _differs(paper: LocalPaper, base: Base) -> bool:
    """Whether a linked paper has anything to send (a pull's own echo in the log has not)."""
    if state.shared_changes(paper.shared, base.shared):
        return True
    return any(paper.mine[name] != base.mine[name] for name in state.MINE_FIELDS)


def _remove(server: Connection, link: GroupLink, local: _Local, result: Pushed) -> None:
    """Deleted papers: the owner's deletions go to the group, a member's stay local."""
    gone = {pid: local.bases[pid].group_id for pid in local.removed if pid in local.bases}
    if link.is_owner and gone:
        for chunk in chunks(sorted(gone.values())):
            server.execute(delete(PAPER).where(PAPER.c.id.in_(chunk)))
    result.unlinked.extend(gone)


def _match(server: Connection, engine: Engine, local: _Local) -> dict[int, int]:
    """Group papers that unlinked local papers are, by origin or the import identity rules."""
    unlinked = [p for pid, p in local.papers.items() if pid not in local.bases]
    if not unlinked or not server.execute(select(PAPER.c.id).limit(1)).first():
        return {}
    origins = {f"{local.uid}:{p.paper_id}": p.paper_id for p in unlinked}
    keys = {
        "origin": list(origins),
        "arxiv": [p.shared["arxiv_id"] for p in unlinked if p.shared["arxiv_id"]],
        "doi": [p.shared["doi"] for p in unlinked if p.shared["doi"]],
        "title": [title_key(p.shared["title"]) for p in unlinked if p.shared["title"]],
    }
    by: dict[str, dict[str, tuple[int, str | None, str | None]]] = {k: {} for k in keys}
    columns = {"origin": "origin", "arxiv": "arxiv_id", "doi": "doi", "title": "title_key"}
    for kind, values in keys.items():
        for chunk in chunks(values, 5000):
            rows = server.execute(
                text(
                    f"SELECT {columns[kind]}, id, arxiv_id, doi FROM {PAPER.fullname} "
                    f"WHERE {columns[kind]} = ANY(:values)"
                ),
                {"values": list(chunk)},
            )
            for value, group_id, arxiv_id, doi in rows:
                by[kind].setdefault(value, (group_id, arxiv_id, doi))
    with engine.connect() as conn:
        candidates = {g for table in by.values() for g, _, _ in table.values()}
        taken = set(local_ids_of(conn, candidates))
    found: dict[int, int] = {}
    for paper in unlinked:
        shared = paper.shared
        for kind, value in (
            ("origin", f"{local.uid}:{paper.paper_id}"),
            ("arxiv", shared["arxiv_id"]),
            ("doi", shared["doi"]),
            ("title", title_key(shared["title"]) if shared["title"] else None),
        ):
            hit = by[kind].get(value) if value else None
            if hit is None or hit[0] in taken:
                continue
            group_id, arxiv_id, doi = hit
            if kind != "origin" and _conflicting(shared, arxiv_id, doi):
                continue
            found[paper.paper_id] = group_id
            taken.add(group_id)
            break
    return found


def _conflicting(shared: state.Shared, arxiv_id: str | None, doi: str | None) -> bool:
    """Two different arXiv ids (or DOIs) are two papers, whatever their titles say."""
    if shared["arxiv_id"] and arxiv_id and shared["arxiv_id"] != arxiv_id:
        return True
    return bool(shared["doi"] and doi and shared["doi"] != doi)


def _update_papers(
    server: Connection,
    local: _Local,
    linked: dict[int, int],
    server_shared: dict[int, state.Shared],
    result: Pushed,
) -> None:
    merged_rows: dict[int, tuple[state.Shared, state.Shared]] = {}
    for pid, group_id in linked.items():
        current = server_shared[group_id]
        base = local.bases.get(pid)
        merged = state.merge_shared(
            current, local.papers[pid].shared, base.shared if base else None
        )
        merged_rows[pid] = (current, merged)
        result.links[pid] = group_id
        result.shared[group_id] = merged
    changed = {pid: pair for pid, pair in merged_rows.items() if pair[0] != pair[1]}
    _keep_unique(server, {pid: (linked[pid], *pair) for pid, pair in changed.items()}, result)
    updates = [
        {"_id": linked[pid], **convert.paper_values(merged)} for pid, (_, merged) in changed.items()
    ]
    statement = (
        update(PAPER)
        .where(PAPER.c.id == bindparam("_id"))
        .values({name: bindparam(name) for name in PAPER_EDITABLE})
    )
    for chunk in chunks(updates, 1000):
        server.execute(statement, list(chunk))


def _keep_unique(
    server: Connection,
    papers: dict[int, tuple[int | None, state.Shared | None, state.Shared]],
    result: Pushed,
) -> None:
    """An arXiv id or DOI another group paper has stays where it is; the user hears why.

    ``papers`` maps local ids to (group id or None, the server's fields or None,
    the fields about to be written), the last corrected in place.
    """
    for name, label in (("arxiv_id", "arXiv id"), ("doi", "DOI")):
        wanted = {
            pid: merged[name]
            for pid, (_, current, merged) in papers.items()
            if merged[name] is not None and (current is None or current[name] != merged[name])
        }
        if not wanted:
            continue
        owners: dict[str, int] = {}
        for chunk in chunks(sorted(set(wanted.values())), 5000):
            found = server.execute(
                text(f"SELECT {name}, id FROM {PAPER.fullname} WHERE {name} = ANY(:values)"),
                {"values": list(chunk)},
            )
            owners.update((value, group_id) for value, group_id in found)
        claimed: set[str] = set()
        for pid, value in wanted.items():
            group_id, current, merged = papers[pid]
            owner = owners.get(value)
            if (owner is None or owner == group_id) and value not in claimed:
                claimed.add(value)
                continue
            merged[name] = None if current is None else current[name]
            result.problems.append(
                f"paper {pid}: another paper of the group already has {label} {value}; kept apart"
            )


def _insert_papers(server: Connection, local: _Local, fresh: list[int], result: Pushed) -> None:
    """New papers in bulk: ids taken from the group's sequence, rows sent in a pipeline."""
    if not fresh:
        return
    shared = {pid: dict(local.papers[pid].shared) for pid in fresh}
    _keep_unique(server, {pid: (None, None, fields) for pid, fields in shared.items()}, result)
    ids = server.execute(
        text(
            f"SELECT nextval(pg_get_serial_sequence('{PAPER.fullname}', 'id')) "
            "FROM generate_series(1, :n)"
        ),
        {"n": len(fresh)},
    ).scalars()
    rows = []
    for pid, group_id in zip(fresh, ids, strict=True):
        values = convert.paper_values(shared[pid])
        values.update(
            id=group_id,
            origin=f"{local.uid}:{pid}",
            added_at=state.unstamp(local.papers[pid].added_at),
        )
        rows.append(values)
        result.links[pid] = group_id
        result.shared[group_id] = shared[pid]
    columns = ["id", "origin", "added_at", *PAPER_EDITABLE]
    bulk(server, f"INSERT INTO {PAPER.fullname}", columns, rows, json=("authors", "links", "tags"))


def bulk(
    server: Connection,
    head: str,
    columns: list[str],
    rows: list[dict[str, Any]],
    *,
    json: tuple[str, ...] = (),
    tail: str = "",
) -> None:
    """``head (columns) VALUES (...) tail`` for every row, pipelined by psycopg.

    SQLAlchemy would render thousands of rows as a few huge statements that
    psycopg then spends seconds parsing; one prepared statement sent once per
    row in a pipeline costs a fraction of that, inside the same transaction.
    """
    from psycopg.types.json import Jsonb

    if not rows:
        return
    placeholders = ", ".join(f"%({name})s" for name in columns)
    statement = f"{head} ({', '.join(columns)}) VALUES ({placeholders}) {tail}"
    for row in rows:
        for name in json:
            row[name] = Jsonb(row[name])
    driver = server.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor:
        cursor.executemany(statement, rows)


def _push_mine(server: Connection, role: str, local: _Local, result: Pushed) -> None:
    """This member's progress and notes: merged per group of fields, notes never lost."""
    current = convert.read_mine(server, role, result.links.values())
    progress: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for pid, group_id in result.links.items():
        base = local.bases.get(pid)
        base_mine = base.mine if base is not None and base.group_id == group_id else None
        server_mine = current.get(group_id)
        merged = state.merge_mine(server_mine, local.papers[pid].mine, base_mine)
        before = server_mine or state.EMPTY_MINE
        if convert.progress_values(merged) != convert.progress_values(before):
            progress.append({"paper_id": group_id, **convert.progress_values(merged)})
        if (merged["note"], merged["note_shared"]) != (before["note"], before["note_shared"]):
            notes.append(
                {"paper_id": group_id, "markdown": merged["note"], "shared": merged["note_shared"]}
            )
        result.mine[group_id] = merged
        if merged != local.papers[pid].mine or result.shared[group_id] != local.papers[pid].shared:
            result.behind.add(pid)
    for table, rows in ((PROGRESS, progress), (NOTE, notes)):
        if not rows:
            continue
        columns = list(rows[0])
        changed = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "paper_id")
        tail = f"ON CONFLICT (paper_id, member) DO UPDATE SET {changed}"
        bulk(server, f"INSERT INTO {table.fullname}", columns, rows, tail=tail)


def _push_tags(server: Connection, engine: Engine, local: _Local, result: Pushed) -> None:
    """Tags the pushed papers use, and colours changed here since the last sync."""
    with engine.connect() as conn:
        mine = {
            key: [name, color]
            for name, key, color in conn.execute(
                select(LOCAL_TAG.c.name, LOCAL_TAG.c.name_key, LOCAL_TAG.c.color)
            )
        }
        base: dict[str, list[Any]] = read_json(conn, TAG_BASE, {})
    used: dict[str, str] = {}
    for shared in result.shared.values():
        used.update(state.tag_keys(shared["tags"]))
    rows = [
        {"name_key": key, "name": value[0], "color": value[1]}
        for key, value in mine.items()
        if local.tags_changed and base.get(key) != value
    ]
    fresh = [{"name_key": k, "name": v, "color": None} for k, v in used.items() if k not in mine]
    if rows:
        statement = pg_insert(TAG)
        server.execute(
            statement.on_conflict_do_update(
                index_elements=["name_key"],
                set_={"name": statement.excluded.name, "color": statement.excluded.color},
            ),
            rows,
        )
    known = {row["name_key"] for row in rows}
    needed = [row for row in fresh if row["name_key"] not in known]
    needed += [
        {"name_key": k, "name": mine[k][0], "color": mine[k][1]}
        for k in used
        if k in mine and k not in known
    ]
    if needed:
        server.execute(pg_insert(TAG).on_conflict_do_nothing(index_elements=["name_key"]), needed)
    result.tags = {
        key: [name, color]
        for key, name, color in server.execute(select(TAG.c.name_key, TAG.c.name, TAG.c.color))
    }


def _push_lists(server: Connection, engine: Engine, result: Pushed) -> None:
    """Lists changed here since the last sync replace the group's copy (the later sync wins)."""
    with engine.connect() as conn:
        mapping = dict(conn.execute(select(GROUP_PAPER.c.paper_id, GROUP_PAPER.c.group_id)).all())
        mapping.update(result.links)
        docs = lists.local_docs(conn, mapping)
        bases = lists.bases(conn)
    for list_id, doc in docs.items():
        digest = lists.digest(doc)
        base = bases.get(list_id)
        if base is not None and base[1] == digest:
            continue
        values = {
            "name": doc["name"],
            "name_key": doc["name"].lower(),
            "source": doc["source"],
            "imported_at": state.unstamp(doc["imported_at"]),
            "sections": doc["sections"],
        }
        statement = pg_insert(READING_LIST).values(values)
        group_id = server.execute(
            statement.on_conflict_do_update(
                index_elements=["name_key"],
                set_={k: statement.excluded[k] for k in values if k != "name_key"},
            ).returning(READING_LIST.c.id)
        ).scalar_one()
        result.lists[list_id] = (group_id, digest)
