"""Exact snapshots of rows, and the ops that put them back: how writes are undone.

An undo restores what the write found, not what a command remembers of it:
each paper's own status and by-hand flag, every tag link, a deleted paper with
the same id and everything that hung from it. One generic op per shape keeps
undo exact for any number of papers and for every table added later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update

from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import Base, Paper, table_of
from readinglist_gui.core.writes.changes import Aspect
from readinglist_gui.core.writes.writer import Tx

PAPER = table_of(Paper)


def snapshot_columns(
    tx: Tx, ids: Iterable[int], columns: Sequence[str]
) -> tuple[tuple[int, tuple[Any, ...]], ...]:
    """(id, values) of the given paper columns for those of ``ids`` that exist."""
    wanted = sorted(set(ids))
    cols = [PAPER.c[name] for name in columns]
    found: list[tuple[int, tuple[Any, ...]]] = []
    for chunk in chunks(wanted):
        statement = select(PAPER.c.id, *cols).where(PAPER.c.id.in_(chunk))
        found.extend((row[0], tuple(row[1:])) for row in tx.conn.execute(statement))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class RestoreColumns:
    """Put paper columns back to the values a snapshot holds (undo of a column edit)."""

    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    columns: tuple[str, ...]
    aspect: Aspect
    label: str = "Restore papers"

    def apply(self, tx: Tx) -> None:
        ids = [paper_id for paper_id, _ in self.rows]
        tx.undo_with(
            RestoreColumns(snapshot_columns(tx, ids, self.columns), self.columns, self.aspect)
        )
        statement = (
            update(PAPER)
            .where(PAPER.c.id == bindparam("_id"))
            .values({name: bindparam(f"_{name}") for name in self.columns})
        )
        params = [
            {"_id": paper_id, **{f"_{n}": v for n, v in zip(self.columns, values, strict=True)}}
            for paper_id, values in self.rows
        ]
        for chunk in chunks(params):
            tx.conn.execute(statement, list(chunk))
        tx.record.changed(ids, self.aspect)


def dependents() -> list[Table]:
    """Every table of the models whose rows belong to a paper (by a ``paper_id`` key).

    Derived data (the search sets, the PDF page index) has no model: the
    writer rebuilds it from what the restore changed.
    """
    return [
        table
        for table in Base.metadata.sorted_tables
        if "paper_id" in table.c
        and any(fk.column.table is PAPER for fk in table.c.paper_id.foreign_keys)
    ]


@dataclass(frozen=True, slots=True)
class PaperRows:
    """Deleted papers as they were: their own rows and every row that hung from them."""

    tables: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]

    @classmethod
    def read(cls, tx: Tx, ids: Sequence[int]) -> PaperRows:
        tables: list[tuple[str, tuple[dict[str, Any], ...]]] = []
        for table in [PAPER, *dependents()]:
            key = table.c.id if table is PAPER else table.c.paper_id
            rows: list[dict[str, Any]] = []
            for chunk in chunks(sorted(ids)):
                rows.extend(
                    dict(r._mapping) for r in tx.conn.execute(select(table).where(key.in_(chunk)))
                )
            tables.append((table.name, tuple(rows)))
        return cls(tuple(tables))

    @property
    def ids(self) -> list[int]:
        return [row["id"] for row in self.tables[0][1]]


@dataclass(frozen=True, slots=True)
class DeletePapers:
    ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"Delete {papers_label(len(self.ids))}"

    def apply(self, tx: Tx) -> int:
        saved = PaperRows.read(tx, self.ids)
        gone = saved.ids
        for chunk in chunks(gone):
            tx.conn.execute(delete(PAPER).where(PAPER.c.id.in_(chunk)))
        tx.record.remove(gone)
        tx.undo_with(RestorePapers(saved))
        return len(gone)


@dataclass(frozen=True, slots=True)
class RestorePapers:
    """Deleted papers back with their own ids, tags, notes, list places and files."""

    saved: PaperRows
    label: str = "Restore papers"

    def apply(self, tx: Tx) -> int:
        tables = {table.name: table for table in Base.metadata.sorted_tables}
        for name, rows in self.saved.tables:
            table = tables[name]
            kept = _still_anchored(tx, table, rows)
            for chunk in chunks(kept):
                tx.conn.execute(insert(table), list(chunk))
        ids = self.saved.ids
        tx.record.add(ids)
        tx.undo_with(DeletePapers(tuple(ids)))
        return len(ids)


def _still_anchored(tx: Tx, table: Table, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows whose other references (a list, a section) still exist: a list deleted
    since the papers were leaves their places in it behind."""
    kept = list(rows)
    for column in table.c:
        for fk in column.foreign_keys:
            target = fk.column.table
            if target is PAPER or not kept:
                continue
            wanted = sorted({row[column.name] for row in kept if row[column.name] is not None})
            present: set[Any] = set()
            for chunk in chunks(wanted):
                present.update(
                    tx.conn.execute(select(fk.column).where(fk.column.in_(chunk))).scalars()
                )
            kept = [r for r in kept if r[column.name] is None or r[column.name] in present]
    return kept


def papers_label(count: int) -> str:
    return "1 paper" if count == 1 else f"{count:,} papers"
