"""Tags on papers, and tags themselves: add, remove, rename (or merge), colour.

Undo of every tag edit is one op, ``RestoreTagState``: the tags involved and
their links, exactly as the edit found them, within the papers it touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update

from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import PaperTag, Tag, table_of
from readinglist_gui.core.writes.changes import Aspect, Scope
from readinglist_gui.core.writes.rows import PAPER, papers_label
from readinglist_gui.core.writes.writer import Tx

TAG = table_of(Tag)
LINK = table_of(PaperTag)
TagRow = tuple[str, str, str | None]
"""(name, name_key, colour)."""


def clean_name(name: str) -> str:
    """A tag name as stored: inner runs of white space folded to one space."""
    return " ".join(name.split())


@dataclass(frozen=True, slots=True)
class TagState:
    """Some tags as they were (None: did not exist) and their links within some papers."""

    tags: tuple[tuple[int, TagRow | None], ...]
    papers: tuple[int, ...] | None
    """The papers whose links are kept; None for every paper."""
    links: tuple[tuple[int, int], ...]

    @classmethod
    def read(cls, tx: Tx, tag_ids: Iterable[int], papers: Sequence[int] | None) -> TagState:
        ids = sorted(set(tag_ids))
        rows: dict[int, TagRow] = {
            r.id: (r.name, r.name_key, r.color)
            for r in tx.conn.execute(select(TAG).where(TAG.c.id.in_(ids)))
        }
        return cls(
            tuple((tag_id, rows.get(tag_id)) for tag_id in ids),
            None if papers is None else tuple(sorted(set(papers))),
            tuple(_links(tx, ids, papers)),
        )

    @property
    def tag_ids(self) -> list[int]:
        return [tag_id for tag_id, _ in self.tags]


@dataclass(frozen=True, slots=True)
class RestoreTagState:
    state: TagState
    label: str = "Restore tags"

    def apply(self, tx: Tx) -> None:
        state = self.state
        now = TagState.read(tx, state.tag_ids, state.papers)
        tx.undo_with(RestoreTagState(now, self.label))
        gone = [tag_id for tag_id, row in state.tags if row is None]
        if gone:
            tx.conn.execute(delete(TAG).where(TAG.c.id.in_(gone)))
        current = {tag_id for tag_id, row in now.tags if row is not None}
        for tag_id, row in state.tags:
            if row is None:
                continue
            values = {"name": row[0], "name_key": row[1], "color": row[2]}
            if tag_id in current:
                tx.conn.execute(update(TAG).where(TAG.c.id == tag_id).values(values))
            else:
                tx.conn.execute(insert(TAG).values(id=tag_id, **values))
        kept = [tag_id for tag_id, row in state.tags if row is not None]
        _unlink(tx, kept, state.papers)
        _link(tx, state.links)
        touched = {p for p, _ in now.links} | {p for p, _ in state.links}
        tx.record.changed(touched, Aspect.TAGS)
        tx.record.library(Scope.TAGS)


@dataclass(frozen=True, slots=True)
class AddTags:
    ids: tuple[int, ...]
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"Tag {papers_label(len(self.ids))} with {', '.join(self.names)}"

    def apply(self, tx: Tx) -> None:
        papers = _existing(tx, self.ids)
        known = _tag_ids(tx, self.names)
        before = TagState.read(tx, known.values(), papers)
        made = ensure_tags(tx, self.names)
        created = tuple((tag_id, None) for tag_id in made.values() if tag_id not in known.values())
        tx.undo_with(
            RestoreTagState(
                TagState(before.tags + created, before.papers, before.links), self.label
            )
        )
        have = set(before.links)
        _link(
            tx, [(p, t) for p in papers for t in sorted(set(made.values())) if (p, t) not in have]
        )
        tx.record.changed(papers, Aspect.TAGS)
        if created:
            tx.record.library(Scope.TAGS)


@dataclass(frozen=True, slots=True)
class RemoveTags:
    ids: tuple[int, ...]
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"Untag {papers_label(len(self.ids))} with {', '.join(self.names)}"

    def apply(self, tx: Tx) -> None:
        papers = _existing(tx, self.ids)
        tag_ids = list(_tag_ids(tx, self.names).values())
        before = TagState.read(tx, tag_ids, papers)
        tx.undo_with(RestoreTagState(before, self.label))
        _unlink(tx, tag_ids, papers)
        tx.record.changed(papers, Aspect.TAGS)


@dataclass(frozen=True, slots=True)
class RenameTag:
    """Rename a tag; renaming onto an existing tag merges the two."""

    old: str
    new: str

    @property
    def label(self) -> str:
        return f"Rename tag {self.old} to {clean_name(self.new)}"

    def apply(self, tx: Tx) -> None:
        new = clean_name(self.new)
        if not new:
            raise LibraryError("a tag needs a name")
        source = _tag_ids(tx, [self.old]).get(clean_name(self.old).casefold())
        if source is None:
            raise LibraryError(f"no tag named {self.old!r}")
        target = _tag_ids(tx, [new]).get(new.casefold())
        before = TagState.read(tx, {source} | ({target} if target else set()), None)
        tx.undo_with(RestoreTagState(before, self.label))
        affected = sorted({p for p, t in before.links if t == source})
        if target is None or target == source:
            tx.conn.execute(
                update(TAG).where(TAG.c.id == source).values(name=new, name_key=new.casefold())
            )
        else:
            had = {p for p, t in before.links if t == target}
            _link(tx, [(p, target) for p in affected if p not in had])
            colors = dict(
                tx.conn.execute(
                    select(TAG.c.id, TAG.c.color).where(TAG.c.id.in_([source, target]))
                ).all()
            )
            if not colors.get(target) and colors.get(source):
                tx.conn.execute(update(TAG).where(TAG.c.id == target).values(color=colors[source]))
            tx.conn.execute(delete(TAG).where(TAG.c.id == source))
        tx.record.changed(affected, Aspect.TAGS)
        tx.record.library(Scope.TAGS)


@dataclass(frozen=True, slots=True)
class SetTagColor:
    name: str
    color: str | None

    @property
    def label(self) -> str:
        return f"Colour tag {self.name}"

    def apply(self, tx: Tx) -> None:
        tag_id = _tag_ids(tx, [self.name]).get(clean_name(self.name).casefold())
        if tag_id is None:
            return
        tx.undo_with(RestoreTagState(TagState.read(tx, [tag_id], ()), self.label))
        tx.conn.execute(update(TAG).where(TAG.c.id == tag_id).values(color=self.color))
        tx.record.library(Scope.TAGS)


def ensure_tags(tx: Tx, names: Iterable[str]) -> dict[str, int]:
    """Ids of the named tags by key, creating the missing ones with the name as written."""
    wanted: dict[str, str] = {}
    for name in names:
        clean = clean_name(name)
        if clean:
            wanted.setdefault(clean.casefold(), clean)
    found = _tag_ids(tx, wanted.values())
    for key, name in wanted.items():
        if key not in found:
            made = tx.conn.execute(insert(TAG).values(name=name, name_key=key).returning(TAG.c.id))
            found[key] = made.scalar_one()
            tx.record.library(Scope.TAGS)
    return found


def _tag_ids(tx: Tx, names: Iterable[str]) -> dict[str, int]:
    keys = sorted({clean_name(n).casefold() for n in names if clean_name(n)})
    if not keys:
        return {}
    return dict(
        tx.conn.execute(select(TAG.c.name_key, TAG.c.id).where(TAG.c.name_key.in_(keys))).all()
    )


def _existing(tx: Tx, ids: Iterable[int]) -> list[int]:
    found: list[int] = []
    for chunk in chunks(sorted(set(ids))):
        found.extend(tx.conn.execute(select(PAPER.c.id).where(PAPER.c.id.in_(chunk))).scalars())
    return found


def _links(tx: Tx, tag_ids: Sequence[int], papers: Sequence[int] | None) -> list[tuple[int, int]]:
    if not tag_ids or papers == ():
        return []
    statement = select(LINK.c.paper_id, LINK.c.tag_id).where(LINK.c.tag_id.in_(tag_ids))
    if papers is None:
        return [(p, t) for p, t in tx.conn.execute(statement)]
    found: list[tuple[int, int]] = []
    for chunk in chunks(sorted(set(papers))):
        found.extend(
            (p, t) for p, t in tx.conn.execute(statement.where(LINK.c.paper_id.in_(chunk)))
        )
    return found


def _unlink(tx: Tx, tag_ids: Sequence[int], papers: Sequence[int] | None) -> None:
    if not tag_ids or papers == ():
        return
    if papers is None:
        tx.conn.execute(delete(LINK).where(LINK.c.tag_id.in_(tag_ids)))
        return
    for chunk in chunks(sorted(set(papers))):
        tx.conn.execute(delete(LINK).where(LINK.c.tag_id.in_(tag_ids), LINK.c.paper_id.in_(chunk)))


def _link(tx: Tx, pairs: Iterable[tuple[int, int]]) -> None:
    rows: list[dict[str, Any]] = [{"paper_id": p, "tag_id": t} for p, t in pairs]
    for chunk in chunks(rows):
        tx.conn.execute(insert(LINK), list(chunk))
